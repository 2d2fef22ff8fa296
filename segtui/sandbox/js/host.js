// The synchronous channel to the Python host. JSON text crosses a SharedArrayBuffer
// as UTF-16 code units in chunks; one native call per chunk hands control over.
(function (global) {
  "use strict";
  const HEADER_BYTES = 8;
  const CHUNK_UNITS = 1 << 20;
  const PARTIAL = 1;
  const CONTINUE = 2;
  const sab = new SharedArrayBuffer(HEADER_BYTES + 2 * CHUNK_UNITS);
  const view = new DataView(sab);
  const units = new Uint16Array(sab, HEADER_BYTES);
  const { json, parse, fromCharCode, copyUnits, apply, hasOwn, min, getUint32, setUint32 } = global.__segtui.intrinsics;
  const Chunk = Uint16Array;
  let notify = null;

  function send(text, start, flags) {
    const end = min(text.length, start + CHUNK_UNITS);
    copyUnits(units, 0, text, start, end);
    setUint32(view, 0, end - start, true);
    setUint32(view, 4, flags | (end < text.length ? PARTIAL : 0), true);
    notify();
    return end;
  }

  function receive() {
    let out = "";
    for (;;) {
      const length = getUint32(view, 0, true);
      const more = getUint32(view, 4, true) & PARTIAL;
      for (let i = 0; i < length; i += 8192) {
        out += apply(fromCharCode, null, new Chunk(sab, HEADER_BYTES + 2 * i, min(length - i, 8192)));
      }
      if (!more) return out;
      send("", 0, CONTINUE);
    }
  }

  const host = {
    install(callback) {
      notify = callback;
      return sab;
    },
    call(op, payload) {
      const text = json({ op, payload });
      let sent = 0;
      do sent = send(text, sent, 0); while (sent < text.length);
      const reply = parse(receive());
      // Only the reply's own fields: a handler may have put `stop` or `error` on Object.prototype.
      // Past the memory limit: wait here, where the handler cannot catch it, until the sandbox stops the run.
      if (hasOwn(reply, "stop") && reply.stop) for (;;);
      if (hasOwn(reply, "error") && reply.error !== undefined) throw new Error(reply.error);
      return hasOwn(reply, "result") ? reply.result : undefined;
    },
  };
  global.__segtui.host = host;
})(globalThis);
