// Node 20's Buffer where npm buffer 6.0.3 differs, around the unmodified library: the "base64url" encoding, which it
// does not know (translated to and from base64), a base64 text's byteLength, and Node's errors for what a handler most
// often gets wrong (`Buffer.from(event.traits.email)` of a missing field, an unknown encoding): its message, code and
// `Received …`; and the members it lacks (copyBytesFrom, a slice and a write per encoding). buffer_bounds.js checks
// the number reads and writes.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { append, apply } = internal.intrinsics;
  const Buffer = global.Buffer;
  const isBase64url = (encoding) => typeof encoding === "string" && encoding.toLowerCase() === "base64url";
  const toBase64 = (text) => String(text).replace(/-/g, "+").replace(/_/g, "/");
  const isBytes = (value) => value instanceof ArrayBuffer || ArrayBuffer.isView(value)
    || (typeof SharedArrayBuffer === "function" && value instanceof SharedArrayBuffer);
  // The library's own words for the errors Node words otherwise.
  const REFUSED_FIRST = /^The first argument must be one of type |^The "value" argument must not be of type number/;
  const UNKNOWN_ENCODING = /^Unknown encoding: /;

  // node_errors.js, which loads later, makes Node's errors.
  const firstArgument = (value) => internal.nodeErrors.invalidArgType("first argument",
    "of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object", value);

  // Run the library's `method`, rethrowing its unknown-encoding TypeError as Node's (code ERR_UNKNOWN_ENCODING).
  function encoded(method, self, args) {
    try {
      return method.apply(self, args);
    } catch (error) {
      if (error instanceof TypeError && UNKNOWN_ENCODING.test(error.message)) {
        throw internal.nodeErrors.nodeError(TypeError, "ERR_UNKNOWN_ENCODING", error.message);
      }
      throw error;
    }
  }

  const from = Buffer.from;
  Buffer.from = function (value, encodingOrOffset, length) {
    if (typeof value === "string") {
      if (isBase64url(encodingOrOffset)) return from.call(this, toBase64(value), "base64");
      return encoded(from, this, [value, encodingOrOffset]);
    }
    if (typeof value !== "object" || value === null) throw firstArgument(value);
    try {
      return from.call(this, value, encodingOrOffset, length);
    } catch (error) {
      if (error instanceof TypeError && REFUSED_FIRST.test(error.message)) throw firstArgument(value);
      throw error;
    }
  };
  // Node counts a base64 text's bytes from its length (3 for every 4 characters, less up to two trailing "="), not by
  // decoding it as the library does: whitespace and characters outside the alphabet count too.
  const isBase64 = (encoding) => typeof encoding === "string" && /^base64(url)?$/i.test(encoding);
  function base64ByteLength(text) {
    let bytes = text.length;
    if (text.charCodeAt(bytes - 1) === 0x3d) bytes--;
    if (bytes > 1 && text.charCodeAt(bytes - 1) === 0x3d) bytes--;
    return (bytes * 3) >>> 2;
  }
  const byteLength = Buffer.byteLength;
  Buffer.byteLength = function (value, encoding) {
    if (typeof value === "string" && isBase64(encoding)) return base64ByteLength(value);
    if (typeof value !== "string" && !isBytes(value)) {
      throw internal.nodeErrors.invalidArgType("string", "of type string or an instance of Buffer or ArrayBuffer", value);
    }
    return byteLength.call(this, value, encoding);
  };
  // Arguments that must be bytes, checked before the library sees them, as Node checks them.
  const isUint8 = (value) => value instanceof Uint8Array;
  const bytesArgument = (name, value) => internal.nodeErrors.invalidArgType(name, "an instance of Buffer or Uint8Array",
    value);
  const concat = Buffer.concat;
  Buffer.concat = function (list, totalLength) {
    if (!Array.isArray(list)) throw internal.nodeErrors.invalidArgType("list", "an instance of Array", list);
    for (let index = 0; index < list.length; index++) {
      if (!isUint8(list[index])) throw bytesArgument(`list[${index}]`, list[index]);
    }
    return concat.call(this, list, totalLength);
  };
  const compare = Buffer.compare;
  Buffer.compare = function (buf1, buf2) {
    if (!isUint8(buf1)) throw bytesArgument("buf1", buf1);
    if (!isUint8(buf2)) throw bytesArgument("buf2", buf2);
    return compare.call(this, buf1, buf2);
  };
  // The library's copy and equals take only a Buffer; Node's any Uint8Array, seen through a Buffer over its memory.
  const asBuffer = (bytes) => (Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  for (const [method, name] of [["equals", "otherBuffer"], ["compare", "target"], ["copy", "target"]]) {
    const original = Buffer.prototype[method];
    Buffer.prototype[method] = function (other) {
      if (!isUint8(other)) throw bytesArgument(name, other);
      const args = [asBuffer(other)];  // no spread: a handler may replace the iterator
      for (let index = 1; index < arguments.length; index++) append(args, arguments[index]);
      return apply(original, this, args);
    };
  }
  // The bundler named the library's class Buffer3; Node's is Buffer (`buf.constructor.name`).
  Object.defineProperty(Buffer, "name", { value: "Buffer", configurable: true });
  // console.log shows a Buffer as Node does: its first 50 bytes (INSPECT_MAX_BYTES), then how many more there are.
  const INSPECT_MAX_BYTES = 50;
  function inspect() {
    const max = Math.min(INSPECT_MAX_BYTES, this.length);
    let shown = toString.call(this, "hex", 0, max).replace(/(.{2})/g, "$1 ").trim();
    const remaining = this.length - INSPECT_MAX_BYTES;
    if (remaining > 0) shown += ` ... ${remaining} more byte${remaining > 1 ? "s" : ""}`;
    return `<${this.constructor.name} ${shown}>`;
  }
  Buffer.prototype.inspect = inspect;
  Buffer.prototype[Symbol.for("nodejs.util.inspect.custom")] = inspect;
  const isEncoding = Buffer.isEncoding;
  Buffer.isEncoding = (encoding) => isBase64url(encoding) || isEncoding(encoding);
  const toString = Buffer.prototype.toString;
  Buffer.prototype.toString = function (encoding, start, end) {
    if (!isBase64url(encoding)) return encoded(toString, this, arguments);
    return toString.call(this, "base64", start, end).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };

  // Node 20's members the library lacks: a slice and a write per encoding (`buf.utf8Slice(0, 3)`,
  // `buf.hexWrite("ff", 1)`), and Buffer.copyBytesFrom.
  for (const encoding of ["ascii", "base64", "base64url", "hex", "latin1", "ucs2", "utf8"]) {
    Buffer.prototype[`${encoding}Slice`] = function (start, end) {
      return this.toString(encoding, start, end);
    };
    Buffer.prototype[`${encoding}Write`] = function (string, offset, length) {
      return this.write(string, offset === undefined ? 0 : offset, length === undefined ? this.length - (offset || 0) : length, encoding);
    };
  }
  Buffer.copyBytesFrom = function copyBytesFrom(view, offset, length) {
    const errors = internal.nodeErrors;
    if (!ArrayBuffer.isView(view) || view instanceof DataView) throw errors.invalidArgType("view", "an instance of TypedArray", view);
    if (view.length === 0) return Buffer.alloc(0);
    if (offset !== undefined || length !== undefined) {
      if (offset !== undefined) {
        errors.validateInteger(offset, "offset", 0, Number.MAX_SAFE_INTEGER);
        if (offset >= view.length) return Buffer.alloc(0);
      }
      if (length !== undefined) errors.validateInteger(length, "length", 0, Number.MAX_SAFE_INTEGER);
      const start = offset || 0;
      view = view.slice(start, length === undefined ? view.length : start + length);
    }
    return Buffer.from(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
  };
})(globalThis);
