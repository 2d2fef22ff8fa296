function onTrack(event) {
  const e = event.event;
  console.log("case", e);
  if (e === "regex") return /^(a+)+$/.test("a".repeat(40) + "b");
  if (e === "jsondeep") return JSON.parse("[".repeat(1e6) + "]".repeat(1e6)).length;
  if (e === "inspectdeep") { let o = {}; for (let i = 0; i < 1e5; i++) o = { o }; console.log(o); return JSON.stringify(o).length; }
  if (e === "getterloop") { const o = {}; Object.defineProperty(o, "x", { enumerable: true, get() { return o.x; } }); console.log("%j", o); return o; }
  if (e === "fill") return new Array(1e9).fill(0).length;
  if (e === "sab") return new SharedArrayBuffer(2 ** 31).byteLength;
  if (e === "ab") return new ArrayBuffer(2 ** 32).byteLength;
  if (e === "wasm4g") return new WebAssembly.Memory({ initial: 65536 }).buffer.byteLength;
  if (e === "wasmgrow") { const m = new WebAssembly.Memory({ initial: 1, maximum: 65536 }); for (let i = 0; i < 200; i++) { m.grow(256); new Uint8Array(m.buffer).fill(1); } return m.buffer.byteLength; }
  if (e === "sort") { const a = Array.from({ length: 1e5 }, (_, i) => i); a.sort(() => { a.length = 0; return Math.random() - 0.5; }); return a.length; }
  if (e === "strconcat") { let s = "x"; for (;;) s += s; }
  if (e === "recurse") { const f = () => f(); f(); }
  if (e === "recurse_catch") { const f = () => { try { f(); } catch (x) { f(); } }; f(); }
  if (e === "intl") return new Intl.DateTimeFormat("xx-invalid-u-ca-weird").format(0);
  return "plain";
}
