// What npm buffer 6.0.3 refuses (or takes) otherwise than Node 20's Buffer, checked first as Node checks it
// (lib/buffer.js): the size given to alloc, fill's encoding, range and value (alloc's fill too, as Node's _fill), the
// value indexOf looks for and an empty one, copy's and compare's ranges and the size swap16/32/64 needs; each with
// Node's code and message.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { apply, uncurry, matches, put } = internal.intrinsics;
  const Buffer = global.Buffer;
  const proto = Buffer.prototype;
  const errors = () => internal.nodeErrors;  // node_errors.js loads later
  const K_MAX_LENGTH = 2 ** 32;  // Node 20's buffer.constants.MAX_LENGTH on 64-bit Linux
  const { isInteger, MAX_SAFE_INTEGER } = Number;  // taken now: a handler's are not Node's
  const { abs, floor } = Math;
  const { isView } = ArrayBuffer;
  const { FastBuffer } = internal;

  function validateOffset(value, name, min = 0, max = K_MAX_LENGTH) {
    if (typeof value !== "number") throw errors().invalidArgType(name, "of type number", value);
    if (!isInteger(value)) throw errors().outOfRange(name, "an integer", value);
    if (value < min || value > max) throw errors().outOfRange(name, `>= ${min} && <= ${max}`, value);
  }

  // Replace `owner[name]` by a function that runs `check` (which may answer instead) before the library's.
  function before(owner, name, check) {
    const original = owner[name];
    owner[name] = function () {
      const answer = apply(check, this, arguments);
      return answer === undefined ? apply(original, this, arguments) : answer;
    };
    Object.defineProperty(owner[name], "name", { value: name, configurable: true });
  }

  function validateSize(size) {
    if (typeof size !== "number") throw errors().invalidArgType("size", "of type number", size);
    if (!(size >= 0 && size <= K_MAX_LENGTH)) throw errors().outOfRange("size", `>= 0 && <= ${K_MAX_LENGTH}`, size);
  }
  for (const name of ["allocUnsafe", "allocUnsafeSlow"]) before(Buffer, name, validateSize);

  // fill's encoding as Node's _fill finds it and refuses it, before the range (the library refused null and "", took a
  // number as UTF-8 and worded an unknown one with no code).
  const { fillEncodingOf, unknownEncoding } = internal.bufferText;
  function checkFillEncoding(encoding) {
    const named = fillEncodingOf(encoding);
    if (named !== undefined) return named;
    if (typeof encoding !== "string") throw errors().invalidArgType("encoding", "of type string", encoding);
    throw unknownEncoding(encoding);
  }
  const fill = proto.fill;
  // A copy of a typed array's or DataView's bytes, read by getters the handler cannot replace.
  const { viewMemory } = internal.bufferArguments;
  const viewBytes = (view) => new FastBuffer(viewMemory(view));
  function nodeFill(buf, value, offset, end, encoding) {
    if (typeof value === "string") {
      if (offset === undefined || typeof offset === "string") {
        encoding = offset;
        offset = undefined;
        end = undefined;
      } else if (typeof end === "string") {
        encoding = end;
        end = undefined;
      }
      const named = checkFillEncoding(encoding);
      // Node's binding fills in an encoding given as text only, UTF-8 otherwise (a String object's), but for one
      // character in latin1, which _fill turns into its code first.
      encoding = typeof encoding === "string" || (named === "latin1" && value.length === 1) ? named : "utf8";
    }
    if (offset === undefined) {  // the whole Buffer, whatever end says
      offset = 0;
      end = buf.length;
    } else {
      validateOffset(offset, "offset");
      if (end === undefined) end = buf.length;
      else validateOffset(end, "end", 0, buf.length);
      if (offset >= end) return buf;
    }
    // Text is filled with its bytes in the encoding, as Node's Buffer.from makes them (the library's own from skipped
    // base64 characters past U+00FF and read hex by parseInt), "" with zeroes; a typed array or DataView with its
    // memory's bytes, anything else as a number's low byte (the library took a Uint16Array's numbers, refused {}).
    let bytes = value;
    if (typeof value === "string") {
      if (value !== "") bytes = internal.ownBuffer.from(value, encoding);
    } else if (isView(value)) {
      bytes = viewBytes(value);
    } else if (typeof value !== "number") {
      bytes = (+value >>> 0) & 0xff;
    }
    try {
      return apply(fill, buf, [bytes, offset, end]);
    } catch (error) {
      if (error instanceof TypeError && matches(/^The value ".*" is invalid for argument "value"$/s, error.message)) {
        throw errors().invalidArgValue("value", value);
      }
      throw error;
    }
  }
  proto.fill = function fill(value, offset, end, encoding) {
    return nodeFill(this, value, offset, end, encoding);
  };
  // Node's alloc: a fill as fill's over the whole Buffer (the library gave fill an encoding after the value as its
  // offset, and took one that is no text as UTF-8); none, 0 or no size, the zeroes buffer_primordials.js makes.
  const zeroes = Buffer.alloc;
  Buffer.alloc = function alloc(size, value, encoding) {
    validateSize(size);
    if (value !== undefined && value !== 0 && size > 0) return nodeFill(new FastBuffer(size), value, 0, size, encoding);
    return apply(zeroes, this, [size]);
  };

  // The byteOffset as Node reads it (its comparisons, then its number): a string (the encoding) or what is not a
  // number as where the search starts (0 forward, the end backward), the rest clamped to 32 bits and cut to an
  // integer (2.7 as 2).
  const { trunc, min, max } = Math;
  const { isNaN } = Number;
  function offsetOf(length, byteOffset, forward) {
    let offset = byteOffset;
    if (typeof offset === "string") offset = undefined;
    else if (offset > 0x7fffffff) offset = 0x7fffffff;
    else if (offset < -0x80000000) offset = -0x80000000;
    offset = +offset;
    return isNaN(offset) ? (forward ? 0 : length) : trunc(offset);
  }
  // Where Node looks for a needle's UTF-16 units in a Buffer's (IndexOfOffset, then SearchString over whole units
  // from the offset's unit): the library read them with readUInt16BE past the end, which buffer_bounds.js refuses.
  function unitIndexOf(haystack, needle, offset, forward) {
    const length = lengthOf(haystack);
    const needleLength = byteLengthOf(needle);
    if (offset < 0) offset = offset + length >= 0 ? length + offset : forward ? 0 : -1;
    else if (offset + needleLength > length) offset = forward ? -1 : length - 1;
    if (length < 2 || needleLength < 2 || offset <= -1 || needleLength > length
      || (forward && needleLength + offset > length)) {
      return -1;
    }
    const units = length >> 1;
    const count = needleLength >> 1;
    const matchesAt = (unit) => {
      for (let i = 0; i < 2 * count; i++) if (haystack[2 * unit + i] !== needle[i]) return false;
      return true;
    };
    const start = offset >> 1;
    if (forward) {
      for (let unit = start; unit + count <= units; unit++) if (matchesAt(unit)) return 2 * unit;
    } else {
      for (let unit = min(start, units - count); unit >= 0; unit--) if (matchesAt(unit)) return 2 * unit;
    }
    return -1;
  }
  // Where an empty needle is found: where String#indexOf would find it.
  const emptyNeedleAt = (length, offset) => (offset < 0 ? max(length + offset, 0) : min(offset, length));
  // Taken now: the needle is made whatever a handler puts in Buffer's or a typed array's place.
  const { from: bufferFrom, isBuffer, isEncoding } = Buffer;
  const [lengthOf, bufferOf, byteOffsetOf, byteLengthOf] = ["length", "buffer", "byteOffset", "byteLength"]
    .map(internal.bufferArguments.viewed);
  // The needle as Node looks for it: a string as its bytes in the encoding (a string byteOffset being the encoding;
  // hex and base64 decoded as Node decodes them, base64url known, an unknown encoding Node's error), a Uint8Array as a
  // Buffer over its memory; an empty one, even once decoded, is found where String#indexOf would find it.
  for (const [name, forward] of [["indexOf", true], ["lastIndexOf", false], ["includes", true]]) {
    const search = proto[name];
    proto[name] = function (value, byteOffset, encoding) {
      if (typeof value !== "number" && typeof value !== "string" && !(value instanceof Uint8Array)) {
        throw errors().invalidArgType("value", "one of type number or string or an instance of Buffer or Uint8Array", value);
      }
      if (!isView(this)) throw errors().invalidArgType("buffer", "an instance of Buffer, TypedArray, or DataView", this);
      const length = lengthOf(this);
      const offset = offsetOf(length, byteOffset, forward);
      // Node takes the encoding's text (after the offset's number) unless it looks for a number.
      let named = typeof byteOffset === "string" ? byteOffset : encoding;
      if (typeof value !== "number" && named !== undefined) named = `${named}`;
      if (typeof value === "string" && named !== undefined && !apply(isEncoding, Buffer, [named])) {
        throw errors().nodeError(TypeError, "ERR_UNKNOWN_ENCODING", `Unknown encoding: ${named}`);
      }
      let needle = value;
      if (typeof value === "string" && value !== "") {
        needle = apply(bufferFrom, Buffer, [value, named]);
      } else if (value instanceof Uint8Array && !apply(isBuffer, Buffer, [value])) {
        needle = apply(bufferFrom, Buffer, [bufferOf(value), byteOffsetOf(value), byteLengthOf(value)]);
      }
      if (needle === "" || (typeof needle !== "number" && byteLengthOf(needle) === 0)) {
        return name === "includes" ? true : emptyNeedleAt(length, offset);
      }
      if (typeof needle !== "number" && named !== undefined && internal.bufferText.encodingOf(named) === "utf16le") {
        const at = unitIndexOf(this, needle, offset, forward);
        return name === "includes" ? at !== -1 : at;
      }
      return apply(search, this, [needle, offset, named]);
    };
    Object.defineProperty(proto[name], "name", { value: name, configurable: true });
  }

  const toInteger = (value) => {
    const number = +value;
    return !isNaN(number) && abs(number) <= MAX_SAFE_INTEGER ? floor(number) : 0;
  };
  // Node floors copy's positions (the library took a fraction as it came); the target's type is checked in
  // buffer_compat.js, which this runs before.
  const copy = proto.copy;
  proto.copy = function (target, targetStart, sourceStart, sourceEnd) {
    const args = [target];
    if (targetStart !== undefined) {
      put(args, 1, toInteger(targetStart));
      if (args[1] < 0) throw errors().outOfRange("targetStart", ">= 0", args[1]);
    }
    if (sourceStart !== undefined) {
      put(args, 2, toInteger(sourceStart));
      if (args[2] < 0 || args[2] > this.length) throw errors().outOfRange("sourceStart", `>= 0 && <= ${this.length}`, args[2]);
    }
    if (sourceEnd !== undefined) {
      put(args, 3, toInteger(sourceEnd));
      if (args[3] < 0) throw errors().outOfRange("sourceEnd", ">= 0", args[3]);
    }
    return apply(copy, this, args);
  };
  Object.defineProperty(proto.copy, "name", { value: "copy", configurable: true });

  before(proto, "compare", function (target, targetStart, targetEnd, sourceStart, sourceEnd) {
    if (!(target instanceof Uint8Array)) return undefined;  // buffer_compat.js refuses it
    if (targetStart !== undefined) validateOffset(targetStart, "targetStart");
    if (targetEnd !== undefined) validateOffset(targetEnd, "targetEnd", 0, target.length);
    if (sourceStart !== undefined) validateOffset(sourceStart, "sourceStart");
    if (sourceEnd !== undefined) validateOffset(sourceEnd, "sourceEnd", 0, this.length);
    return undefined;
  });

  for (const bits of [16, 32, 64]) {
    before(proto, `swap${bits}`, function () {
      if (this.length % (bits / 8) !== 0) {
        throw errors().nodeError(RangeError, "ERR_INVALID_BUFFER_SIZE", `Buffer size must be a multiple of ${bits}-bits`);
      }
      return undefined;
    });
  }

})(globalThis);
