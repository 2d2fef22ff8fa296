function onTrack(event) {
  Object.setPrototypeOf(globalThis, null);
  console.log("still logs", event.event);
  throw new Error("x " + event.event);
}
