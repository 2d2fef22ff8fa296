function onTrack(event) {
  Object.defineProperty(globalThis, "console", { configurable: true, get() { throw new Error("no console for you"); } });
  setTimeout(() => { throw new Error("timer throws"); }, 0);
  return new Promise((r) => setTimeout(() => r("ran " + event.event), 5));
}
