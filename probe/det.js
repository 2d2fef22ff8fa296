async function onTrack(event) {
  if (event.event === "first") {
    Date = function () { throw new Error("no date"); };
    Math.random = () => { throw new Error("no random"); };
    Object.defineProperty(Promise, Symbol.species, { configurable: true, get() { throw new Error("species"); } });
  }
  await new Promise((r) => setTimeout(r, 2));
  return ["ran " + event.event, typeof Date];
}
