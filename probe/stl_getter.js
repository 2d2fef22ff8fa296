function onTrack(event) {
  Object.defineProperty(Error, "stackTraceLimit", { get() { throw new Error("stl"); }, configurable: true });
  return fetch("http://127.0.0.1:9/x").then(() => 1);
}
