// Node's Buffer is native: alloc, fill, write, slice, indexOf and the number reads and writes call none of the
// built-ins a handler may replace (Array.prototype.push, String.prototype.charCodeAt, Object.setPrototypeOf, Math.pow,
// …). npm buffer's, and segtui's checks around them, call some: each runs with those put back as at start (lazy.js's
// asBuiltInText, which checks its few built-ins and undoes nothing while the handler replaced none). toString,
// concat, compare, equals and copy already run so (buffer_compat.js). Loaded after the last of the Buffer scripts.
(function (global) {
  "use strict";
  const { apply, defineProperty } = global.__segtui.intrinsics;
  const { asBuiltInText } = global.__segtui.lazy;
  const Buffer = global.Buffer;

  function asBuiltIn(owner, name) {
    const original = owner[name];
    const wrapped = { [name]() {
      const args = arguments;
      return asBuiltInText(() => apply(original, this, args));
    } }[name];
    defineProperty(wrapped, "length", { __proto__: null, value: original.length, configurable: true });
    owner[name] = wrapped;
  }
  for (const name of ["alloc", "allocUnsafe", "allocUnsafeSlow", "byteLength"]) asBuiltIn(Buffer, name);
  // Those that call any: not the integer reads and writes of one, two or four bytes, which call none (and a check on
  // each would make a loop of them many times slower).
  const proto = Buffer.prototype;
  for (const name of ["fill", "write", "slice", "indexOf", "lastIndexOf", "includes", "toJSON", "swap16", "swap32",
    "swap64", "readIntLE", "readIntBE", "writeIntLE", "writeIntBE", "writeUIntLE", "writeUIntBE", "readFloatLE",
    "readFloatBE", "readDoubleLE", "readDoubleBE", "writeFloatLE", "writeFloatBE", "writeDoubleLE", "writeDoubleBE"]) {
    asBuiltIn(proto, name);
  }

  // The Buffer segtui's own scripts use (Blob, TextEncoder and TextDecoder, crypto): its statics as they are now, so a
  // handler replacing Buffer.from or concat on the global (Node's own modules never call those) does not reach them.
  // Its prototype is the global's, so `instanceof` and the Buffers it makes are the same.
  function OwnBuffer() {
    throw new TypeError("segtui's own Buffer is not called");
  }
  for (const key of Reflect.ownKeys(Buffer)) {
    if (key !== "prototype" && key !== "length" && key !== "name") {
      defineProperty(OwnBuffer, key, Object.getOwnPropertyDescriptor(Buffer, key));
    }
  }
  OwnBuffer.prototype = proto;
  Object.setPrototypeOf(OwnBuffer, Uint8Array);
  global.__segtui.ownBuffer = Object.freeze(OwnBuffer);
})(globalThis);
