function onTrack(event) {
  if (event.event === "first") Object.defineProperty(Promise.prototype, "constructor", { get() { throw new Error("ctor getter"); }, configurable: true });
  else delete Promise.prototype.constructor, Promise.prototype.constructor = Promise;
  return event.event;
}
