function onTrack(event) {
  const e = event.event;
  console.log("case", e);
  if (e === "sparse") { const a = []; a.length = 2 ** 32 - 1; return a; }
  if (e === "typed") return new Uint8Array(100e6);
  if (e === "typed_in_obj") return { data: new Float64Array(20e6) };
  if (e === "manykeys") { const o = {}; for (let i = 0; i < 2e6; i++) o["k" + i] = i; return o; }
  if (e === "agg") throw new AggregateError(Array.from({ length: 1e6 }, (_, i) => new Error("e" + i)), "many");
  if (e === "causecycle") { const x = new Error("x"); const y = new Error("y", { cause: x }); x.cause = y; throw x; }
  if (e === "symname") { const x = new Error("m"); x.name = Symbol("n"); throw x; }
  if (e === "stackobj") { const x = new Error("m"); Object.defineProperty(x, "stack", { value: { toString() { return this.toString(); } } }); throw x; }
  if (e === "msgobj") { const x = new Error("m"); Object.defineProperty(x, "message", { value: [1, 2, { a: 1 }] }); throw x; }
  if (e === "bigmap") { const m = new Map(); for (let i = 0; i < 1e6; i++) m.set(i, { i }); return m; }
  if (e === "longstr") return "x".repeat(2 ** 28);
  if (e === "getterobj") return { get a() { return this.a; } };
  if (e === "proxyret") return new Proxy({}, { ownKeys() { return Array.from({ length: 1e6 }, (_, i) => "k" + i); }, getOwnPropertyDescriptor() { return { value: 1, enumerable: true, configurable: true }; } });
  return "plain";
}
