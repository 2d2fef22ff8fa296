setTimeout(() => { throw new Error("top level timer throws"); }, 0);
function onTrack(event) {
  return "ran " + event.event;
}
