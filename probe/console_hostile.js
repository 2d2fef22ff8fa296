async function onTrack(event) {
  const prim = { [Symbol.toPrimitive]() { throw new Error("toPrimitive"); } };
  const loopy = { toString() { return this.toString(); } };
  const revoked = Proxy.revocable({}, {}); revoked.revoke();
  const trap = new Proxy({}, { get() { throw new Error("trap get"); }, ownKeys() { throw new Error("trap keys"); }, getPrototypeOf() { throw new Error("trap proto"); } });
  const cases = [
    () => console.log("%d", prim), () => console.log("%i", prim), () => console.log("%f", prim), () => console.log("%s", prim),
    () => console.log("%s", loopy), () => console.log("%j", prim), () => console.log("%o", trap), () => console.log("%O", revoked.proxy),
    () => console.log("%s", revoked.proxy), () => console.log("%c%s", prim, 1), () => console.log(prim), () => console.log(`${"%"}s`, Symbol("s")),
    () => console.log("%d", 10n), () => console.log("%s", 10n), () => console.log("%j", 10n),
    () => console.table(trap), () => console.table(revoked.proxy), () => console.table([prim]), () => console.dir(trap, { depth: prim }),
    () => console.log({ toString: null, valueOf: null, constructor: prim }), () => console.assert(prim, "x"), () => console.assert(false, prim),
    () => console.count(prim), () => console.time(prim), () => console.group(prim), () => console.groupEnd(),
    () => console.log(Object.create(null, { [Symbol.toStringTag]: { get() { throw new Error("tag"); } } })),
    () => console.log(new Error("e", { cause: prim })), () => { const e = new Error("n"); e.name = prim; console.log(e); },
    () => { const e = new Error("s"); Object.defineProperty(e, "stack", { get() { throw new Error("stack getter"); } }); console.log(e); },
    () => console.log([, , 1, , ], new Array(5), Object.assign([1], { "-1": 2, x: 3 })),
    () => console.log(function () {}.bind(null), class X extends null {}, async function* g() {}),
    () => console.log(new Map([[prim, prim]]), new Set([trap])),
    () => console.log(new Date(NaN), new Date(8.64e15 + 1), Object.setPrototypeOf(new Date(0), null)),
    () => console.log(Object.setPrototypeOf([1, 2], null), Object.setPrototypeOf(new Map([[1, 2]]), null)),
    () => console.log(new Uint8Array(0), new Float32Array([NaN, -0, Infinity]), new DataView(new ArrayBuffer(4))),
    () => console.log(new WeakMap(), new WeakSet(), new WeakRef({}), Symbol.iterator, globalThis.undefinedThing),
    () => console.log(Object.defineProperty({}, "x", { get() { throw new Error("g"); }, enumerable: true })),
    () => console.log(new (class Foo { get [Symbol.toStringTag]() { throw new Error("ctag"); } })()),
    () => console.log(-0, [-0], 0n, -1n, 1e21, 1e-7, [1e21]),
  ];
  for (let i = 0; i < cases.length; i++) {
    try { cases[i](); } catch (e) { console.log("case", i, "threw", e && e.message); }
  }
  return "done";
}
