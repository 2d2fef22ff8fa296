async function onTrack(event) {
  Object.defineProperty(Promise.prototype, "constructor", { get() { throw new Error("ctor getter"); } });
  return "ok";
}
