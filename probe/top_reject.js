Promise.reject(new Error("top level rejection"));
function onTrack(event) {
  return "ran " + event.event;
}
