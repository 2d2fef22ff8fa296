// Node 20's Buffer where npm buffer 6.0.3 differs, around the unmodified library: the "base64url" encoding in toString
// and isEncoding, which it does not know, base64 and hex text's bytes and a base64 text's byteLength (decoded by
// buffer_write.js), concat and Buffer.from of an ArrayBuffer as Node's, and Node's errors for what a handler most often
// gets wrong (`Buffer.from(event.traits.email)` of a missing field, an unknown encoding): its message, code and
// `Received …`; and the members it lacks (copyBytesFrom, a slice per encoding). buffer_write.js writes text,
// buffer_bounds.js checks the number reads and writes.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { append, apply, fromCharCode, copyUnits, uncurry, min, matches, substitute, isArray, defineProperty } = internal.intrinsics;
  const charCodeAt = uncurry(String.prototype.charCodeAt);
  const [Bytes, Units] = [Uint8Array, Uint16Array];  // taken now: a handler's are not Node's
  const sliceText = uncurry(String.prototype.slice);
  const Buffer = global.Buffer;
  const { asBuiltInText, asBuiltInBytes } = internal.lazy;
  const { utf8Into, base64Into, hexInto, utf16leInto, hexLength, encodingOf, unknownEncoding, typedLength, lengthOf }
    = internal.bufferText;
  // No RegExp here or below: a handler may redefine RegExp.prototype.exec, which Node's Buffer never calls.
  const BASE64URL = { __proto__: null, "+": "-", "/": "_" };
  // Base64url text of base64 text: its alphabet's two other characters, and no "=" padding at the end.
  function toBase64url(text) {
    let end = text.length;
    while (end > 0 && text[end - 1] === "=") end--;
    return substitute(end === text.length ? text : sliceText(text, 0, end), BASE64URL);
  }
  // The library's own words for the errors Node words otherwise.
  const UNKNOWN_ENCODING = /^Unknown encoding: /;

  // node_errors.js, which loads later, makes Node's errors.
  const firstArgument = (value) => internal.nodeErrors.invalidArgType("first argument",
    "of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object", value);

  // Run the library's `method`, rethrowing its unknown-encoding TypeError as Node's (code ERR_UNKNOWN_ENCODING).
  function encoded(method, self, args) {
    try {
      return method.apply(self, args);
    } catch (error) {
      if (error instanceof TypeError && matches(UNKNOWN_ENCODING, error.message)) {
        throw internal.nodeErrors.nodeError(TypeError, "ERR_UNKNOWN_ENCODING", error.message);
      }
      throw error;
    }
  }

  // The encodings npm buffer converts a character at a time (a string grown by `+=`, an array by `push`): ~1 s and over
  // 300 MB of V8's heap for 10 MB, so hashing or enciphering 10 MB (whose bytes cross to the host as latin1 text), or
  // Buffer.from of 10 MB of text, failed at the default memory limit. Here they go 8,192 units at a time, with what
  // the handler cannot replace, giving the library's text and bytes.
  const CHUNKED = { __proto__: null, latin1: true, ascii: true, utf16le: true, hex: true, base64: true };
  const CHUNK = 8190;  // whole units of base64's 3 bytes and UTF-16's 2
  const HEX = "0123456789abcdef";
  const typedArray = Object.getPrototypeOf(Uint8Array.prototype);
  const viewed = (name) => uncurry(Object.getOwnPropertyDescriptor(typedArray, name).get);
  const [bufferOf, offsetOf] = [viewed("buffer"), viewed("byteOffset")];
  const [setBytes, sliceView] = [uncurry(typedArray.set), uncurry(typedArray.slice)];
  const BASE64_DIGITS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  const PAD = 61;  // "="
  const digit = (triplet, shift) => charCodeAt(BASE64_DIGITS, (triplet >> shift) & 63);

  // The characters of one chunk of bytes (a copy, never the buffer's own memory) in `encoding` (one of CHUNKED), all
  // of them: its length as at start, whatever length getter a handler put on a prototype.
  function chunkText(chunk, encoding) {
    const length = lengthOf(chunk);
    if (encoding === "hex") {
      const units = new Units(2 * length);
      for (let i = 0; i < length; i++) {
        units[2 * i] = charCodeAt(HEX, chunk[i] >> 4);
        units[2 * i + 1] = charCodeAt(HEX, chunk[i] & 15);
      }
      return apply(fromCharCode, null, units);
    }
    if (encoding === "base64") {  // a chunk is a multiple of 3 bytes but the last
      const units = new Units(4 * ((length + 2) / 3 | 0));
      for (let i = 0, u = 0; i < length; i += 3, u += 4) {
        const triplet = chunk[i] << 16 | (i + 1 < length ? chunk[i + 1] << 8 : 0) | (i + 2 < length ? chunk[i + 2] : 0);
        units[u] = digit(triplet, 18);
        units[u + 1] = digit(triplet, 12);
        units[u + 2] = i + 1 < length ? digit(triplet, 6) : PAD;
        units[u + 3] = i + 2 < length ? digit(triplet, 0) : PAD;
      }
      return apply(fromCharCode, null, units);
    }
    if (encoding === "utf16le") {
      const units = new Units(length >> 1);
      for (let i = 0; i < length >> 1; i++) units[i] = chunk[2 * i] + chunk[2 * i + 1] * 256;
      return apply(fromCharCode, null, units);
    }
    if (encoding === "ascii") for (let i = 0; i < length; i++) chunk[i] &= 127;
    return apply(fromCharCode, null, chunk);
  }

  // The text of bytes `start` to `end` (as the library's toString clamps them) in one of these encodings, up to the length
  // Node's toString reads (`this.length`, a handler's getter answering) within the memory's.
  function chunkedText(bytes, encoding, start, end) {
    const length = min(bytes.length, lengthOf(bytes));
    if (start === undefined || start < 0) start = 0;
    if (end === undefined || end > length) end = length;
    if (start > length || end <= 0) return "";
    end >>>= 0;
    start >>>= 0;
    const memory = bufferOf(bytes);
    let out = "";
    for (let at = start; at < end; at += CHUNK) {
      out += chunkText(new Bytes(new Bytes(memory, offsetOf(bytes) + at, min(CHUNK, end - at))), encoding);
    }
    return out;
  }

  // Made as Node's FastBuffer (buffer_constructor.js), not by the library's allocUnsafe, whose Object.setPrototypeOf
  // a handler may replace.
  const FastBuffer = internal.FastBuffer;
  function utf8Bytes(text) {
    const bytes = new FastBuffer(utf8Into(text, null));
    utf8Into(text, bytes);
    return bytes;
  }

  // A Buffer over a typed array's or DataView's memory (not a copy), read as Node's natives and primordials read it:
  // by TypedArray.prototype's and DataView.prototype's getters as at start, which a handler may replace.
  const { isView } = ArrayBuffer;
  const typedTag = viewed(Symbol.toStringTag);  // undefined for a DataView
  const VIEW = ["buffer", "byteOffset", "byteLength"];
  const [typedGetters, dataViewGetters] = [VIEW.map(viewed),
    VIEW.map((name) => uncurry(Object.getOwnPropertyDescriptor(DataView.prototype, name).get))];
  // Whether memory was transferred away (structuredClone's `transfer`), by the getter taken before node20_builtins.js
  // takes it off (Node 20 has none); a SharedArrayBuffer, which its getter refuses, never is.
  const detachedGetter = uncurry(Object.getOwnPropertyDescriptor(ArrayBuffer.prototype, "detached").get);
  const detached = (memory) => {
    try { return detachedGetter(memory); } catch { return false; }
  };
  // A detached view's memory reads as no bytes, as Node's natives read it (a hash of it is the empty one).
  function viewMemory(view) {
    const read = typedTag(view) === undefined ? dataViewGetters : typedGetters;  // no destructuring: no iterator
    const memory = read[0](view);
    return detached(memory) ? new FastBuffer(0) : new FastBuffer(memory, read[1](view), read[2](view));
  }
  // A new ArrayBuffer holding a copy of a Uint8Array's bytes, made with no getter or slice a handler may replace.
  function arrayBufferCopy(bytes) {
    const copy = new Bytes(lengthOf(bytes));
    setBytes(copy, bytes, 0);
    return bufferOf(copy);
  }
  // A view's bytes (its memory, as above) or an ArrayBuffer's or SharedArrayBuffer's, else undefined: each caller words
  // its own refusal. Made by segtui's own Buffer.from (buffer_own.js), not the handler's.
  function sourceBytes(value) {
    if (isView(value)) return viewMemory(value);
    if (value instanceof ArrayBuffer || value instanceof SharedArrayBuffer) {
      return detached(value) ? new FastBuffer(0) : internal.ownBuffer.from(value);
    }
    return undefined;
  }
  // A Buffer with its length, read as at start, as an own property: as Node's natives read it whatever length getter a
  // handler put on a prototype.
  const ownLength = (bytes) => defineProperty(bytes, "length", { __proto__: null, value: lengthOf(bytes) });
  // All of a view's bytes as text in `encoding`, as Node's natives read them (crypto's outputs, what goes to the host).
  function bytesText(view, encoding) {
    return apply(internal.bufferToString, ownLength(viewMemory(view)), [encoding]);
  }
  // For buffer_refusals.js, crypto.js, text_codecs.js, …
  internal.bufferArguments = Object.freeze({ viewed, isView, viewMemory, sourceBytes, arrayBufferCopy, bytesText, ownLength,
    detached });

  const byteLengthOf = (Memory) => uncurry(Object.getOwnPropertyDescriptor(Memory.prototype, "byteLength").get);
  const [Memory, SharedMemory] = [ArrayBuffer, globalThis.SharedArrayBuffer];
  const [arrayBufferLength, sharedLength] = [byteLengthOf(Memory), SharedMemory && byteLengthOf(SharedMemory)];
  // An ArrayBuffer's or SharedArrayBuffer's length, or -1 for anything else: their own getters are the brand check, as
  // Node's isAnyArrayBuffer, which an object made from their prototype (its instanceof true) does not pass.
  function anyArrayBufferLength(value) {
    if (typeof value !== "object" || value === null) return -1;
    try {
      return arrayBufferLength(value);
    } catch {
      if (SharedMemory === undefined) return -1;
    }
    try {
      return sharedLength(value);
    } catch {
      return -1;
    }
  }
  // A Buffer over an ArrayBuffer's memory as Node's fromArrayBuffer makes it: the offset and length as numbers (an
  // offset that is none as 0, a length that is no positive number as 0), each refused with Node's code when past the
  // end; a negative or fractional offset is V8's to refuse or cut.
  function fromArrayBuffer(memory, memoryLength, byteOffset, length) {
    byteOffset = byteOffset === undefined ? 0 : +byteOffset;
    if (byteOffset !== byteOffset) byteOffset = 0;  // NaN
    const maxLength = memoryLength - byteOffset;
    const outside = (name) => internal.nodeErrors.nodeError(RangeError, "ERR_BUFFER_OUT_OF_BOUNDS",
      `"${name}" is outside of buffer bounds`);
    if (maxLength < 0) throw outside("offset");
    if (length === undefined) {
      length = maxLength;
    } else {
      length = +length;
      if (length > maxLength) throw outside("length");
      if (!(length > 0)) length = 0;
    }
    return new FastBuffer(memory, byteOffset, length);
  }
  Buffer.from = function from(value, encodingOrOffset, length) {
    if (typeof value === "string") {  // in every encoding with no library and no global of the handler's
      const named = typeof encodingOrOffset !== "string" || encodingOrOffset === "" ? "utf8" : encodingOf(encodingOrOffset);
      if (named === undefined) throw unknownEncoding(encodingOrOffset);
      if (named === "utf8") return utf8Bytes(value);
      if (named === "base64" || named === "base64url") {  // as many bytes as Node counts, then those decoded
        const bytes = new FastBuffer(base64ByteLength(value));
        const written = base64Into(bytes, value, 0, bytes.length);
        return written === bytes.length ? bytes : new FastBuffer(bufferOf(bytes), 0, written);
      }
      const bytes = new FastBuffer(named === "hex" ? hexLength(value) : named === "utf16le" ? 2 * value.length : value.length);
      if (named === "hex") hexInto(bytes, value, 0, bytes.length);
      else if (named === "utf16le") utf16leInto(bytes, value, 0, bytes.length);
      else copyUnits(bytes, 0, value, 0, value.length);  // each character's low byte, as Node's latin1 and ascii
      return bytes;
    }
    if (typeof value !== "object" || value === null) throw firstArgument(value);
    const memoryLength = anyArrayBufferLength(value);
    if (memoryLength >= 0) return fromArrayBuffer(value, memoryLength, encodingOrOffset, length);
    // Node 20's steps, where the library takes any valueOf (a Date's time, a number it then refuses) and calls
    // Symbol.toPrimitive's value whatever it is (a Symbol object's, itself, without end).
    const valueOf = value.valueOf && value.valueOf();
    if (valueOf != null && valueOf !== value && (typeof valueOf === "string" || typeof valueOf === "object")) {
      return from(valueOf, encodingOrOffset, length);
    }
    const bytes = fromObject(value);
    if (bytes !== undefined) return bytes;
    if (typeof value[TO_PRIMITIVE] === "function") {
      const primitive = value[TO_PRIMITIVE]("string");
      if (typeof primitive === "string") return from(primitive, encodingOrOffset);
    }
    throw firstArgument(value);
  };
  const TO_PRIMITIVE = Symbol.toPrimitive;
  const trunc = Math.trunc;
  // Node's fromObject: the bytes of an array-like (a view, an array, `{length}`) or of a Buffer's JSON, or none.
  function fromObject(value) {
    if (value.length !== undefined || anyArrayBufferLength(value.buffer) >= 0) {
      return typeof value.length === "number" ? fromArrayLike(value) : new FastBuffer();
    }
    if (value.type === "Buffer" && isArray(value.data)) return fromArrayLike(value.data);
    return undefined;
  }
  // Each item's low byte, as Node's fromArrayLike copies them: below half of Buffer.poolSize (as the handler may have
  // set it) by TypedArray set, which no iterator of the handler's reaches, its length cut to a whole number; from
  // there as a Uint8Array made from the object, which takes its iterator when it has one.
  function fromArrayLike(list) {
    if (list.length <= 0) return new FastBuffer();
    if (list.length >= (Buffer.poolSize >>> 1)) return new FastBuffer(list);
    const bytes = new FastBuffer(trunc(list.length));
    setBytes(bytes, list, 0);
    return bytes;
  }
  // Node counts a base64 text's bytes from its length (3 for every 4 characters, less up to two trailing "="), not by
  // decoding it as the library does: whitespace and characters outside the alphabet count too.
  function base64ByteLength(text) {
    let bytes = text.length;
    if (charCodeAt(text, bytes - 1) === 0x3d) bytes--;
    if (bytes > 1 && charCodeAt(text, bytes - 1) === 0x3d) bytes--;
    return (bytes * 3) >>> 2;
  }
  // Node's byteLength: a view's or ArrayBuffer's byteLength, text's bytes counted in its encoding (UTF-8 when none or
  // unknown), with no library and no global of the handler's.
  Buffer.byteLength = function byteLength(value, encoding) {
    if (typeof value !== "string") {
      if (isView(value) || anyArrayBufferLength(value) >= 0) return value.byteLength;
      throw internal.nodeErrors.invalidArgType("string", "of type string or an instance of Buffer or ArrayBuffer", value);
    }
    if (value.length === 0) return 0;
    const named = encoding ? encodingOf(encoding) : "utf8";
    return named === "base64" || named === "base64url" ? base64ByteLength(value) : named === "latin1" || named === "ascii" ? value.length
      : named === "utf16le" ? 2 * value.length : named === "hex" ? value.length >>> 1 : utf8Into(value, null);
  };
  // Arguments that must be bytes, checked before the library sees them, as Node checks them.
  const isUint8 = (value) => value instanceof Bytes;
  const bytesArgument = (name, value) => internal.nodeErrors.invalidArgType(name, "an instance of Buffer or Uint8Array",
    value);
  // concat as Node's: a total length checked (a whole number up to 2 ** 32) before the list's items, each item's bytes
  // copied in turn as far as they fit, zeroes after them.
  const K_MAX_LENGTH = 2 ** 32;  // Node 20's buffer.constants.MAX_LENGTH on 64-bit Linux
  Buffer.concat = function concat(list, totalLength) {
    if (!isArray(list)) throw internal.nodeErrors.invalidArgType("list", "an instance of Array", list);
    if (list.length === 0) return new FastBuffer(0);
    let length = 0;
    if (totalLength === undefined) {
      for (let index = 0; index < list.length; index++) {
        if (!isUint8(list[index])) throw bytesArgument(`list[${index}]`, list[index]);
        length += lengthOf(list[index]);
      }
    } else {
      internal.nodeErrors.validateInteger(totalLength, "length", 0, K_MAX_LENGTH);
      length = totalLength;
    }
    const bytes = new FastBuffer(length);
    let at = 0;
    for (let index = 0; index < list.length; index++) {
      const item = list[index];
      if (!isUint8(item)) throw bytesArgument(`list[${index}]`, item);
      const count = min(lengthOf(item), length - at);
      setBytes(bytes, count === lengthOf(item) ? item : new Bytes(bufferOf(item), offsetOf(item), count), at);
      at += count;
    }
    return bytes;
  };
  // Node's _compare: two views' memory (read by the getters as at start, as its natives read it) byte by byte, then
  // their lengths.
  function compareMemory(first, second) {
    const one = viewMemory(first), other = viewMemory(second);  // no destructuring: no iterator
    const oneLength = lengthOf(one), otherLength = lengthOf(other);
    const length = min(oneLength, otherLength);
    for (let index = 0; index < length; index++) {
      if (one[index] !== other[index]) return one[index] < other[index] ? -1 : 1;
    }
    return oneLength < otherLength ? -1 : oneLength > otherLength ? 1 : 0;
  }
  Buffer.compare = function compare(buf1, buf2) {
    if (!isUint8(buf1)) throw bytesArgument("buf1", buf1);
    if (!isUint8(buf2)) throw bytesArgument("buf2", buf2);
    return compareMemory(buf1, buf2);
  };
  Buffer.prototype.equals = function equals(otherBuffer) {
    if (!isUint8(otherBuffer)) throw bytesArgument("otherBuffer", otherBuffer);
    return this === otherBuffer || compareMemory(this, otherBuffer) === 0;
  };
  // The library's copy and compare (of a range) take only a Buffer; Node's any Uint8Array, seen through a Buffer over
  // its memory; compare of all of both is Node's _compare.
  const asBuffer = (bytes) => (Buffer.isBuffer(bytes) ? bytes : viewMemory(bytes));
  for (const [method, name] of [["compare", "target"], ["copy", "target"]]) {
    const original = Buffer.prototype[method];
    Buffer.prototype[method] = function (other) {
      if (!isUint8(other)) throw bytesArgument(name, other);
      if (method === "compare" && arguments.length === 1) return compareMemory(this, other);
      const args = [asBuffer(other)];  // no spread: a handler may replace the iterator
      for (let index = 1; index < arguments.length; index++) append(args, arguments[index]);
      return asBuiltInBytes(() => apply(original, this, args));  // npm buffer's call Math.min, …
    };
  }
  // The bundler named the library's class Buffer3; Node's is Buffer (`buf.constructor.name`).
  Object.defineProperty(Buffer, "name", { value: "Buffer", configurable: true });
  // console.log shows a Buffer as Node does: its first 50 bytes (INSPECT_MAX_BYTES), then how many more there are;
  // by index, with npm buffer as at start (a handler's RegExp exec, trim or Math.min are not Node's).
  const INSPECT_MAX_BYTES = 50;
  function inspect() {
    const hex = asBuiltInText(() => apply(toString, this, ["hex", 0, min(INSPECT_MAX_BYTES, this.length)]));
    let shown = sliceText(hex, 0, 2);
    for (let at = 2; at < hex.length; at += 2) shown += ` ${sliceText(hex, at, at + 2)}`;
    const remaining = this.length - INSPECT_MAX_BYTES;
    if (remaining > 0) shown += ` ... ${remaining} more byte${remaining > 1 ? "s" : ""}`;
    return `<${this.constructor.name} ${shown}>`;
  }
  Buffer.prototype.inspect = inspect;
  Buffer.prototype[Symbol.for("nodejs.util.inspect.custom")] = inspect;
  // Text naming an encoding Node knows ("" none; a String object not text).
  Buffer.isEncoding = function isEncoding(encoding) {
    return typeof encoding === "string" && encoding !== "" && internal.bufferText.encodingOf(encoding) !== undefined;
  };
  const toString = Buffer.prototype.toString;
  Buffer.prototype.toString = function (encoding, start, end) {
    const named = typeof encoding === "string" ? encodingOf(encoding) : undefined;
    if (CHUNKED[named] === true && typedLength(this) > 0) return chunkedText(this, named, start, end);
    const args = arguments;
    if (named !== "base64url") return asBuiltInText(() => encoded(toString, this, args));
    return toBase64url(asBuiltInText(() => apply(toString, this, ["base64", start, end])));
  };

  // Node 20's members the library lacks: a slice per encoding (`buf.utf8Slice(0, 3)`: its range as Node's natives read
  // it, buffer_write.js's writes alike), and Buffer.copyBytesFrom.
  const { arrayIndex, outOfIndex } = internal.bufferText;
  for (const encoding of ["ascii", "base64", "base64url", "hex", "latin1", "ucs2", "utf8"]) {
    Buffer.prototype[`${encoding}Slice`] = function (start, end) {
      const length = lengthOf(this);
      if (length === 0) return "";
      start = arrayIndex(start, 0);
      end = arrayIndex(end, length);
      if (end < start) end = start;
      if (end > length) throw outOfIndex();
      return apply(internal.bufferToString, this, [encoding, start, end]);  // any Uint8Array's, as Node's natives
    };
    Object.defineProperty(Buffer.prototype[`${encoding}Slice`], "name", { value: `${encoding}Slice` });
    Object.defineProperty(Buffer.prototype[`${encoding}Slice`], "length", { value: 0 });
  }
  Buffer.copyBytesFrom = function copyBytesFrom(view, offset, length) {
    const errors = internal.nodeErrors;
    if (!isView(view) || typedTag(view) === undefined) throw errors.invalidArgType("view", "an instance of TypedArray", view);
    if (lengthOf(view) === 0) return Buffer.alloc(0);
    if (offset !== undefined || length !== undefined) {
      if (offset !== undefined) {
        errors.validateInteger(offset, "offset", 0, Number.MAX_SAFE_INTEGER);
        if (offset >= lengthOf(view)) return Buffer.alloc(0);
      }
      if (length !== undefined) errors.validateInteger(length, "length", 0, Number.MAX_SAFE_INTEGER);
      const start = offset || 0;
      view = sliceView(view, start, length === undefined ? lengthOf(view) : start + length);
    }
    // Node's fromArrayLike of a Uint8Array over the view's memory (the getters as at start): it reads that one's length
    // as any property, a handler's getter answering.
    return fromArrayLike(new Bytes(typedGetters[0](view), typedGetters[1](view), typedGetters[2](view)));
  };
})(globalThis);
