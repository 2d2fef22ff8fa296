// Node 20's buf.write (lib/buffer.js) and per-encoding writes (hexWrite, …): their arguments read and checked as Node
// reads them (ERR_OUT_OF_RANGE, ERR_INVALID_ARG_TYPE, ERR_UNKNOWN_ENCODING), then whole characters only in every
// encoding, where npm buffer 6.0.3 wrote part of a UTF-8 character or UTF-16 unit, took a hex length of 0 as the whole
// buffer and an encoding after an undefined length as UTF-8. Also the encoding names as Node knows them, and UTF-8,
// hex and base64 text as Node converts it, which buffer_compat.js's Buffer.from and byteLength use too.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { apply, uncurry, copyUnits, matches, fromCharCode } = internal.intrinsics;
  const { asBuiltIn } = internal.lazy;
  const charCodeAt = uncurry(String.prototype.charCodeAt);  // a handler's is not Node's
  const sliceText = uncurry(String.prototype.slice);
  const toLowerCase = uncurry(String.prototype.toLowerCase);
  const lengthOf = uncurry(Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), "length").get);
  const errors = () => internal.nodeErrors;  // node_errors.js loads later

  // Each encoding Node knows by its name in lower case (Node's getEncodingOps), to the one it is.
  const ENCODINGS = { __proto__: null, utf8: "utf8", "utf-8": "utf8", ucs2: "utf16le", "ucs-2": "utf16le",
    utf16le: "utf16le", "utf-16le": "utf16le", latin1: "latin1", binary: "latin1", ascii: "ascii", base64: "base64",
    base64url: "base64url", hex: "hex" };
  // The encoding a name given to toString, write or indexOf is, or undefined (Node turns the name into text first).
  const encodingOf = (encoding) => (typeof encoding === "string" && ENCODINGS[encoding])
    || ENCODINGS[toLowerCase(encoding + "")];
  // The encoding a name given to fill or alloc is (Node's normalizeEncoding): no name or "" is UTF-8; anything else
  // by its length, then turned into text once, so a String object or an object with a length and toString is taken.
  function fillEncodingOf(encoding) {
    if (encoding === undefined || encoding === null || encoding === "") return "utf8";
    const size = encoding.length;
    if (!(size >= 3 && size <= 9)) return undefined;
    const name = typeof encoding === "string" && ENCODINGS[encoding] !== undefined ? encoding : toLowerCase(`${encoding}`);
    return name.length !== size ? undefined : ENCODINGS[name];
  }
  const unknownEncoding = (encoding) => errors().nodeError(TypeError, "ERR_UNKNOWN_ENCODING", `Unknown encoding: ${encoding}`);

  // UTF-8 as Node writes it (a lone surrogate as EF BF BD), into `out` from `start`, or only counted when `out` is
  // null: npm buffer grows a JS array a byte at a time (10 MB of text took over 256 MB of V8's heap). Whole
  // characters only, up to `end`, as Node's write. The count of bytes is returned.
  function utf8Into(text, out, start = 0, end = Infinity) {
    let at = start;
    let lead = 0;
    const put = (code) => {
      const count = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
      if (at + count > end) return false;
      if (out === null) {
        at += count;
      } else if (count === 1) {
        out[at++] = code;
      } else if (count === 2) {
        out[at++] = code >> 6 | 0xc0;
        out[at++] = code & 0x3f | 0x80;
      } else if (count === 3) {
        out[at++] = code >> 12 | 0xe0;
        out[at++] = code >> 6 & 0x3f | 0x80;
        out[at++] = code & 0x3f | 0x80;
      } else {
        out[at++] = code >> 18 | 0xf0;
        out[at++] = code >> 12 & 0x3f | 0x80;
        out[at++] = code >> 6 & 0x3f | 0x80;
        out[at++] = code & 0x3f | 0x80;
      }
      return true;
    };
    const REPLACEMENT = 0xfffd;
    for (let i = 0; i < text.length; i++) {
      let code = charCodeAt(text, i);
      if (code >= 0xd800 && code <= 0xdfff) {
        if (lead === 0) {
          if (code <= 0xdbff && i + 1 < text.length) lead = code;
          else if (!put(REPLACEMENT)) break;
          continue;
        }
        if (code < 0xdc00) {
          if (!put(REPLACEMENT)) break;
          lead = code;
          continue;
        }
        code = ((lead - 0xd800) << 10 | (code - 0xdc00)) + 0x10000;
      } else if (lead !== 0 && !put(REPLACEMENT)) {
        break;
      }
      lead = 0;
      if (!put(code)) break;
    }
    return at - start;
  }

  // Node decodes hex two digits at a time and stops at the first pair that is not two hex digits ("0g", " 1", an odd
  // last digit), where the library's parseInt read "0g" as 0, " 1" as 1, "-1" as 255 and a lone last digit as a byte.
  // Each character is read as its low byte, as Node's: "\u0161" is "a".
  const hexValue = (unit) => hexDigit(unit & 0xff);
  const hexDigit = (code) => (code >= 48 && code <= 57 ? code - 48 : (code | 32) >= 97 && (code | 32) <= 102 ? (code | 32) - 87 : -1);
  function hexPrefix(text) {
    let digits = 0;
    while (digits < text.length && hexValue(charCodeAt(text, digits)) >= 0) digits++;
    return digits === text.length && (digits & 1) === 0 ? text : sliceText(text, 0, digits - (digits & 1));
  }

  // Text with each character read as its low byte, as Node's base64 decoder reads text ("\u0159" as "Y"), where the
  // library skipped a character past U+00FF.
  const CHUNK = 8192;
  const [Bytes, Memory] = [Uint8Array, ArrayBuffer];  // taken now: a handler's are not Node's
  function lowBytes(text) {
    if (!matches(/[^\0-\xff]/, text)) return text;
    const memory = new Memory(text.length);
    copyUnits(new Bytes(memory), 0, text, 0, text.length);
    let out = "";
    for (let at = 0; at < text.length; at += CHUNK) {
      out += apply(fromCharCode, null, new Bytes(memory, at, text.length - at < CHUNK ? text.length - at : CHUNK));
    }
    return out;
  }

  // The library's write, with the built-ins as at start: its base64 calls them, and the RegExp's exec.
  const proto = global.Buffer.prototype;
  const libraryWrite = proto.write;
  const asLibrary = (self, args) => asBuiltIn(() => apply(libraryWrite, self, args));
  // The library's base64 decodes both alphabets, as Node's does.
  const base64Into = (bytes, text, offset, length) => asLibrary(bytes, [lowBytes(text), offset, length, "base64"]);
  // Each encoding's write of text into `bytes` from `offset`, `length` bytes at most, whole units only, as Node's.
  const WRITERS = {
    __proto__: null,
    utf8: (bytes, text, offset, length) => utf8Into(text, bytes, offset, offset + length),
    latin1(bytes, text, offset, length) {
      const count = text.length < length ? text.length : length;
      copyUnits(bytes, offset, text, 0, count);  // each character's low byte, as Node's latin1 and ascii writes
      return count;
    },
    utf16le(bytes, text, offset, length) {
      const count = text.length < length >> 1 ? text.length : length >> 1;
      for (let i = 0; i < count; i++) {
        const unit = charCodeAt(text, i);
        bytes[offset + 2 * i] = unit & 0xff;
        bytes[offset + 2 * i + 1] = unit >> 8;
      }
      return 2 * count;
    },
    hex(bytes, text, offset, length) {
      const digits = hexPrefix(text);
      const count = digits.length >> 1 < length ? digits.length >> 1 : length;
      for (let i = 0; i < count; i++) {
        bytes[offset + i] = hexValue(charCodeAt(digits, 2 * i)) << 4 | hexValue(charCodeAt(digits, 2 * i + 1));
      }
      return count;
    },
    base64: base64Into,
    base64url: base64Into,
  };
  WRITERS.ascii = WRITERS.latin1;  // Node's ascii write keeps each character's low byte too

  // A typed array's length, or -1 for anything else (a DataView, an object dressed as a Buffer).
  const typedLength = (value) => {
    try {
      return lengthOf(value);
    } catch {
      return -1;
    }
  };
  const notText = () => errors().nativeError(TypeError, "ERR_INVALID_ARG_TYPE", "argument must be a string");
  // Node's write ends in the Buffer's per-encoding write, read from it as Node reads it (`this.utf8Write` for no
  // encoding, "utf8" and "ascii" named so, `buf.hexWrite` through the encoding's ops otherwise): a handler's
  // replacement runs, and a Uint8Array, which has none, is refused as V8 words it.
  const WRITE_METHODS = { __proto__: null, utf8: "utf8Write", ascii: "asciiWrite", latin1: "latin1Write",
    utf16le: "ucs2Write", base64: "base64Write", base64url: "base64urlWrite", hex: "hexWrite" };
  const ownWrites = { __proto__: null };  // the per-encoding writes below
  const NotAFunction = TypeError;
  function perEncodingWrite(buf, named, holder, string, offset, length) {
    const name = WRITE_METHODS[named];
    const method = buf[name];
    if (method === ownWrites[name]) {
      if (typeof string !== "string") throw notText();
      return WRITERS[named](buf, string, offset, length);
    }
    if (typeof method !== "function") throw new NotAFunction(`${holder}.${name} is not a function`);
    return apply(method, buf, [string, offset, length]);
  }
  proto.write = function write(string, offset, length, encoding) {
    const size = typedLength(this);
    if (size < 0) return asLibrary(this, arguments);
    if (offset === undefined) return perEncodingWrite(this, "utf8", "this", string, 0, size);  // whatever follows
    if (length === undefined && typeof offset === "string") {
      encoding = offset;
      offset = 0;
      length = size;
    } else {
      errors().validateInteger(offset, "offset", 0, size);
      const remaining = size - offset;
      if (length === undefined) {
        length = remaining;
      } else if (typeof length === "string") {
        encoding = length;
        length = remaining;
      } else {
        errors().validateInteger(length, "length", 0, size);
        if (length > remaining) length = remaining;
      }
    }
    if (!encoding || encoding === "utf8" || encoding === "ascii") {
      return perEncodingWrite(this, encoding === "ascii" ? "ascii" : "utf8", "this", string, offset, length);
    }
    const named = encodingOf(encoding);
    if (named === undefined) throw unknownEncoding(encoding);
    return perEncodingWrite(this, named, "buf", string, offset, length);
  };

  // An index given to one of Node's per-encoding natives (ParseArrayIndex): undefined as `fallback`, else its number cut
  // to an integer (NaN as 0); a negative one is Node's "Index out of range".
  const { trunc } = Math;
  const outOfIndex = () => errors().nativeError(RangeError, "ERR_OUT_OF_RANGE", "Index out of range");
  function arrayIndex(value, fallback) {
    if (value === undefined) return fallback;
    const number = trunc(+value) || 0;
    if (number < 0) throw outOfIndex();
    return number;
  }
  // Node's per-encoding writes (`buf.hexWrite("ff", 1)`, natives): text only, the offset and length as indexes, the
  // length cut to what is left.
  const ENCODING_WRITES = [["ascii", "ascii"], ["base64", "base64"], ["base64url", "base64url"], ["hex", "hex"],
    ["latin1", "latin1"], ["ucs2", "utf16le"], ["utf8", "utf8"]];
  for (const [method, named] of ENCODING_WRITES) {
    proto[`${method}Write`] = function (string, offset, length) {
      const size = lengthOf(this);
      if (typeof string !== "string") throw notText();
      offset = arrayIndex(offset, 0);
      if (offset > size) {
        throw errors().nativeError(RangeError, "ERR_BUFFER_OUT_OF_BOUNDS", '"offset" is outside of buffer bounds');
      }
      length = arrayIndex(length, size - offset);
      if (length > size - offset) length = size - offset;
      return length === 0 ? 0 : WRITERS[named](this, string, offset, length);
    };
    ownWrites[`${method}Write`] = proto[`${method}Write`];
    internal.intrinsics.defineProperty(proto[`${method}Write`], "name", { value: `${method}Write` });
    internal.intrinsics.defineProperty(proto[`${method}Write`], "length", { value: 0 });
  }

  internal.bufferText = Object.freeze({ typedLength, lengthOf, arrayIndex, outOfIndex, encodingOf, fillEncodingOf, unknownEncoding, utf8Into,
    base64Into, hexInto: WRITERS.hex, utf16leInto: WRITERS.utf16le, hexLength: (text) => hexPrefix(text).length >> 1 });
})(globalThis);
