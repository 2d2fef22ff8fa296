// Node's Buffer is native: alloc, fill, write, slice, indexOf and the number reads and writes call none of the
// built-ins a handler may replace (Array.prototype.push, String.prototype.charCodeAt, Object.setPrototypeOf, Math.pow,
// …). npm buffer's call some: each runs with those put back as at start (lazy.js's asBuiltInText) when the handler
// replaced any, else the library's is called directly. Loaded before buffer_bounds.js and buffer_refusals.js, whose
// checks then run first, so an error Node's checks would throw has no more of segtui's frames in its stack, which
// V8 cuts at Error.stackTraceLimit before segtui takes its own out.
(function (global) {
  "use strict";
  const { apply, defineProperty } = global.__segtui.intrinsics;
  const { asBuiltInText, textAtStart } = global.__segtui.lazy;
  const Buffer = global.Buffer;

  function asBuiltIn(owner, name) {
    const original = owner[name];
    const wrapped = function () {
      if (textAtStart()) return apply(original, this, arguments);
      const args = arguments;
      return asBuiltInText(() => apply(original, this, args));
    };
    defineProperty(wrapped, "name", { __proto__: null, value: name, configurable: true });
    defineProperty(wrapped, "length", { __proto__: null, value: original.length, configurable: true });
    owner[name] = wrapped;
  }
  for (const name of ["alloc", "allocUnsafe", "allocUnsafeSlow", "byteLength"]) asBuiltIn(Buffer, name);
  // Those that call any: not the integer reads and writes of one, two or four bytes, which call none (and a check on
  // each would make a loop of them many times slower).
  for (const name of ["fill", "write", "slice", "indexOf", "lastIndexOf", "includes", "toJSON", "swap16", "swap32",
    "swap64", "readIntLE", "readIntBE", "writeIntLE", "writeIntBE", "writeUIntLE", "writeUIntBE", "readFloatLE",
    "readFloatBE", "readDoubleLE", "readDoubleBE", "writeFloatLE", "writeFloatBE", "writeDoubleLE", "writeDoubleBE"]) {
    asBuiltIn(Buffer.prototype, name);
  }
})(globalThis);
