async function onTrack(event) {
  Object.defineProperty(Promise, Symbol.species, { get() { throw new Error("species getter"); } });
  return "ok";
}
