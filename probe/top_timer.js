console.log("top level log");
setTimeout(() => console.log("top level timer"), 0);
Promise.resolve().then(() => console.log("top level microtask"));
function onTrack(event) {
  return "ran " + event.event;
}
