const keep = [];
function onTrack(event) {
  if (event.event === "first") {
    try { for (let i = 0; i < 20000; i++) keep.push(new WebAssembly.Memory({ initial: 1 })); } catch (e) { return ["stopped at", keep.length, e.message]; }
    return ["made", keep.length];
  }
  return ["second", new Uint8Array(new ArrayBuffer(1e6)).length, new WebAssembly.Memory({ initial: 1 }).buffer.byteLength];
}
