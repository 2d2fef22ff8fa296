// Node's Buffer is native: alloc, fill, write, slice, indexOf and the number reads and writes call none of the
// built-ins a handler may replace (Array.prototype.push, String.prototype.charCodeAt, Object.setPrototypeOf, Math.pow,
// …). Here alloc with no fill, slice and the float and double reads and writes are Node's own (lib/buffer.js,
// lib/internal/buffer.js), made of what the handler cannot reach; npm buffer's others that call any run with those
// put back as at start (lazy.js's asBuiltInBytes) when the handler replaced any, else the library's is called directly.
// Loaded before buffer_bounds.js and buffer_refusals.js, whose checks then run first, so an error Node's checks would
// throw has no more of segtui's frames in its stack, which V8 cuts at Error.stackTraceLimit before segtui takes its
// own out.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { apply, defineProperty } = internal.intrinsics;
  const { asBuiltInBytes, bytesAtStart } = internal.lazy;
  const { FastBuffer } = internal;
  const Buffer = global.Buffer;
  const proto = Buffer.prototype;
  const named = (name, method, length) => {
    defineProperty(method, "name", { __proto__: null, value: name, configurable: true });
    defineProperty(method, "length", { __proto__: null, value: length, configurable: true });
    return method;
  };

  function asBuiltIn(owner, name) {
    const original = owner[name];
    owner[name] = named(name, function () {
      if (bytesAtStart()) return apply(original, this, arguments);
      const args = arguments;
      return asBuiltInBytes(() => apply(original, this, args));
    }, original.length);
  }
  for (const name of ["alloc", "allocUnsafe", "allocUnsafeSlow", "byteLength"]) asBuiltIn(Buffer, name);
  // Those that call any: not the integer reads and writes of one, two or four bytes, which call none (and a check on
  // each would make a loop of them many times slower).
  for (const name of ["fill", "indexOf", "lastIndexOf", "includes", "toJSON", "swap16", "swap32", "swap64", "readIntLE",
    "readIntBE", "writeIntLE", "writeIntBE", "writeUIntLE", "writeUIntBE"]) {
    asBuiltIn(proto, name);
  }

  // A Buffer of `size` zeroes, as Node's alloc with no fill and allocUnsafe make it (buffer_refusals.js checked the
  // size first); a fill, or a size the library refuses in its words (over 2 ** 31 - 1), is the library's.
  const LIBRARY_MAX = 0x7fffffff;
  for (const name of ["alloc", "allocUnsafe", "allocUnsafeSlow"]) {
    const library = Buffer[name];
    Buffer[name] = named(name, function (size, fill) {
      if (typeof size === "number" && size >= 0 && size <= LIBRARY_MAX && (name !== "alloc" || fill === undefined)) {
        return new FastBuffer(size);
      }
      return apply(library, this, arguments);
    }, library.length);
  }

  // Node's slice: a Buffer over the same memory from start to end, each cut to an integer and counted from the end
  // when negative.
  const { trunc } = Math;
  const { isNaN } = Number;
  const { viewed } = internal.bufferArguments;
  const [bufferOf, offsetOf, lengthOf] = ["buffer", "byteOffset", "length"].map(viewed);
  function adjustOffset(offset, length) {
    offset = trunc(offset);
    if (offset === 0) return 0;
    if (offset < 0) {
      offset += length;
      return offset > 0 ? offset : 0;
    }
    if (offset < length) return offset;
    return isNaN(offset) ? 0 : length;
  }
  proto.slice = function slice(start, end) {
    const length = lengthOf(this);
    start = adjustOffset(start, length);
    end = end !== undefined ? adjustOffset(end, length) : length;
    return new FastBuffer(bufferOf(this), offsetOf(this) + start, end > start ? end - start : 0);
  };

  // Node's float and double reads and writes: the bytes of a Float32Array's or Float64Array's one number, in either
  // order (V8 runs little-endian here); buffer_bounds.js checked the offset first.
  for (const [type, Floats] of [["Float", Float32Array], ["Double", Float64Array]]) {
    const number = new Floats(1);
    const bytes = new Uint8Array(number.buffer);
    const width = bytes.length;
    for (const end of ["LE", "BE"]) {
      const at = end === "LE" ? (i) => i : (i) => width - 1 - i;
      proto[`read${type}${end}`] = function (offset = 0) {
        for (let i = 0; i < width; i++) bytes[at(i)] = this[offset + i];
        return number[0];
      };
      proto[`write${type}${end}`] = function (value, offset = 0) {
        number[0] = +value;
        for (let i = 0; i < width; i++) this[offset + i] = bytes[at(i)];
        return offset + width;
      };
    }
  }
})(globalThis);
