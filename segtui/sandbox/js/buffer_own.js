// The Buffer segtui's own scripts use (Blob, TextEncoder and TextDecoder, crypto): its statics as they are once the
// Buffer scripts have run, so a handler replacing Buffer.from or concat on the global (Node's own modules never call
// those) does not reach them. Its prototype is the global's, so `instanceof` and the Buffers it makes are the same.
(function (global) {
  "use strict";
  const Buffer = global.Buffer;
  function OwnBuffer() {
    throw new TypeError("segtui's own Buffer is not called");
  }
  global.__segtui.copyStatics(Buffer, OwnBuffer);
  OwnBuffer.prototype = Buffer.prototype;
  Object.setPrototypeOf(OwnBuffer, Uint8Array);
  global.__segtui.ownBuffer = Object.freeze(OwnBuffer);
})(globalThis);
