globalThis.leftover = "from a";
async function onTrack(event) {
  await cache.load("shared", 100000, async () => "value of a");
  Object.defineProperty(Promise, Symbol.species, { configurable: true, get() { throw new Error("species"); } });
  Array.prototype.push = () => { throw new Error("push"); };
  JSON.stringify = () => "tampered";
  setInterval(() => console.log("a's interval"), 1);
  return "a";
}
