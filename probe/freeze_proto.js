async function onTrack(event) {
  Object.freeze(Object.prototype); Object.freeze(Array.prototype); Object.freeze(Function.prototype);
  Object.freeze(Error.prototype); Object.freeze(Promise.prototype);
  console.log({ a: 1, b: [1, 2] }, new Error("e"));
  const p = new Promise((r) => setTimeout(r, 1));
  await p;
  throw new TypeError("after freezing " + event.event);
}
