// Node 20's checks of a Buffer's number reads and writes, made before npm buffer 6.0.3's own: the library reads at a
// fraction or a string offset, writes a 7-byte integer and words what it refuses otherwise ("Index out of range",
// "Trying to access beyond buffer length"); Node throws ERR_OUT_OF_RANGE, ERR_INVALID_ARG_TYPE or
// ERR_BUFFER_OUT_OF_BOUNDS with the messages below (lib/internal/buffer.js: checkBounds, checkInt, boundsError). Each
// method spelled "UInt" is also spelled "Uint", the same function, as in Node (the library lacks the 64-bit ones).
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { apply, uncurry } = internal.intrinsics;
  const call = uncurry(Function.prototype.call);  // no arrays made on a number write's way
  const proto = global.Buffer.prototype;
  const errors = () => internal.nodeErrors;  // node_errors.js loads later
  const { floor } = Math;  // taken now: a handler's are not Node's
  const { isInteger } = Number;

  function validateNumber(value, name) {
    if (typeof value !== "number") throw errors().invalidArgType(name, "of type number", value);
  }

  function boundsError(value, length, type) {
    if (floor(value) !== value) {
      validateNumber(value, type);
      throw errors().outOfRange(type || "offset", "an integer", value);
    }
    if (length < 0) {
      throw errors().nodeError(RangeError, "ERR_BUFFER_OUT_OF_BOUNDS", "Attempt to access memory outside buffer bounds");
    }
    throw errors().outOfRange(type || "offset", `>= ${type ? 1 : 0} and <= ${length}`, value);
  }

  // `width` bytes from `offset` lie in the buffer.
  function checkBounds(buf, offset, width) {
    validateNumber(offset, "offset");
    if (buf[offset] === undefined || buf[offset + width - 1] === undefined) boundsError(offset, buf.length - width);
  }

  // Node's wording of an integer write's range: exact bounds up to 4 bytes, powers of two beyond.
  function rangeText(min, max, width) {
    const n = typeof min === "bigint" ? "n" : "";
    if (width <= 4) return `>= ${min}${n} and <= ${max}${n}`;
    if (min === 0 || min === 0n) return `>= 0${n} and < 2${n} ** ${width * 8}${n}`;
    return `>= -(2${n} ** ${width * 8 - 1}${n}) and < 2${n} ** ${width * 8 - 1}${n}`;
  }

  function checkInt(value, min, max, buf, offset, width) {
    if (width === 1) validateNumber(offset, "offset");  // a byte's write checks its offset's type first
    if (value > max || value < min) throw errors().outOfRange("value", rangeText(min, max, width), value);
    checkBounds(buf, offset, width);
  }

  const INTEGERS = { 1: [0xff, 0x7f], 2: [0xffff, 0x7fff], 3: [0xffffff, 0x7fffff], 4: [0xffffffff, 0x7fffffff],
    5: [0xffffffffff, 0x7fffffffff], 6: [0xffffffffffff, 0x7fffffffffff] };
  // An integer write's value as Node checks it (converted once, before the offset), in its width's range.
  function intValue(buf, value, offset, width, signed) {
    const number = +value;
    const max = INTEGERS[width][signed ? 1 : 0];
    checkInt(number, signed ? -max - 1 : 0, max, buf, offset, width);
    return number;
  }

  function guard(name, check) {
    const original = proto[name];
    if (typeof original !== "function") return;
    proto[name] = function () {
      apply(check, this, arguments);
      return apply(original, this, arguments);
    };
    Object.defineProperty(proto[name], "name", { value: name, configurable: true });
  }

  // A write whose `check` takes its arguments and answers the value the library then writes: Node converts a value
  // once (a number's valueOf runs once), before the offset is checked.
  function guardWrite(name, check) {
    const original = proto[name];
    if (typeof original !== "function") return;
    proto[name] = function (value, offset, byteLength) {
      return call(original, this, call(check, this, value, offset, byteLength), offset, byteLength);
    };
    Object.defineProperty(proto[name], "name", { value: name, configurable: true });
  }

  function readCheck(width) {
    return function (offset = 0) {
      validateNumber(offset, "offset");
      if (this[offset] === undefined || this[offset + width - 1] === undefined) boundsError(offset, this.length - width);
    };
  }

  function writeIntCheck(width, signed, offsetDefault) {
    return function (value, offset = offsetDefault) {
      return intValue(this, value, offset, width, signed);
    };
  }

  const ENDS = ["LE", "BE"];
  // Guard a method and give its "Uint" spelling the same function, as Node's aliases are.
  function guarded(name, check, wrap = guard) {
    wrap(name, check);
    if (name.includes("UInt")) proto[name.replace("UInt", "Uint")] = proto[name];
  }
  for (const [base, width] of [["Int8", 1], ["Int16", 2], ["Int32", 4]]) {
    const ends = width === 1 ? [""] : ENDS;
    for (const end of ends) {
      for (const signed of [false, true]) {
        const type = signed ? base : `U${base}`;
        guarded(`read${type}${end}`, readCheck(width));
        guarded(`write${type}${end}`, writeIntCheck(width, signed, 0), guardWrite);
      }
    }
  }
  for (const [type, width] of [["Float", 4], ["Double", 8]]) {
    for (const end of ENDS) {
      guard(`read${type}${end}`, readCheck(width));
      guardWrite(`write${type}${end}`, function (value, offset = 0) {
        const number = +value;
        checkBounds(this, offset, width);
        return number;
      });
    }
  }
  const BIG = { BigUInt64: [0n, 0xffffffffffffffffn], BigInt64: [-(2n ** 63n), 2n ** 63n - 1n] };
  for (const [type, [min, max]] of Object.entries(BIG)) {
    for (const end of ENDS) {
      guarded(`read${type}${end}`, readCheck(8));
      guarded(`write${type}${end}`, function (value, offset = 0) {
        checkInt(value, min, max, this, offset, 8);
        return value;
      }, guardWrite);
    }
  }
  // readUIntBE(offset, byteLength) and kin: a byteLength of 1 to 6, then the reads and writes above.
  for (const signed of [false, true]) {
    for (const end of ENDS) {
      const type = signed ? "Int" : "UInt";
      guarded(`read${type}${end}`, function (offset, byteLength) {
        if (byteLength === undefined) throw errors().invalidArgType("byteLength", "of type number", byteLength);
        if (!INTEGERS[byteLength] || !isInteger(byteLength)) boundsError(byteLength, 6, "byteLength");
        apply(readCheck(byteLength), this, [offset]);
      });
      guarded(`write${type}${end}`, function (value, offset, byteLength) {
        if (!INTEGERS[byteLength] || !isInteger(byteLength)) boundsError(byteLength, 6, "byteLength");
        return intValue(this, value, offset, byteLength, signed);
      }, guardWrite);
    }
  }
})(globalThis);
