// A Buffer's UTF-8 text as Node 20 (V8) decodes it: each ill-formed sequence becomes one U+FFFD for its maximal
// subpart (the Encoding Standard's decoder), where npm buffer puts one for every byte of it: a 4-byte emoji cut after
// its third byte, as a handler cutting a text to a byte limit leaves it, is one "�" in Node and three in the library.
// Only text the library decoded with a U+FFFD in it is decoded again; the rest is the library's.
(function (global) {
  "use strict";
  const { apply, uncurry, append } = global.__segtui.intrinsics;
  const indexOf = uncurry(String.prototype.indexOf);  // a handler's is not Node's
  const { trunc } = Math;
  const proto = global.Buffer.prototype;
  const fromCharCode = String.fromCharCode;
  const REPLACEMENT = 0xfffd;
  const CHUNK = 4096;


  // The code units go to a list filled by `append`, as Node's decoder (native) calls no push nor index setter a
  // handler put on Array.prototype.
  function decode(bytes, start, end) {
    const units = [];
    let text = "";
    const emit = (codePoint) => {
      if (codePoint > 0xffff) {
        codePoint -= 0x10000;
        append(units, 0xd800 + (codePoint >> 10));
        append(units, 0xdc00 + (codePoint & 0x3ff));
      } else {
        append(units, codePoint);
      }
      if (units.length >= CHUNK) {
        text += apply(fromCharCode, String, units);
        units.length = 0;
      }
    };
    let needed = 0;
    let seen = 0;
    let codePoint = 0;
    let lower = 0x80;
    let upper = 0xbf;
    for (let index = start; index < end; index++) {
      const byte = bytes[index];
      if (needed === 0) {
        if (byte <= 0x7f) emit(byte);
        else if (byte >= 0xc2 && byte <= 0xdf) [needed, codePoint] = [1, byte & 0x1f];
        else if (byte >= 0xe0 && byte <= 0xef) {
          if (byte === 0xe0) lower = 0xa0;
          if (byte === 0xed) upper = 0x9f;
          [needed, codePoint] = [2, byte & 0xf];
        } else if (byte >= 0xf0 && byte <= 0xf4) {
          if (byte === 0xf0) lower = 0x90;
          if (byte === 0xf4) upper = 0x8f;
          [needed, codePoint] = [3, byte & 0x7];
        } else emit(REPLACEMENT);
        continue;
      }
      if (byte < lower || byte > upper) {
        [needed, seen, codePoint, lower, upper] = [0, 0, 0, 0x80, 0xbf];
        emit(REPLACEMENT);
        index--;  // the byte starts afresh
        continue;
      }
      [lower, upper] = [0x80, 0xbf];
      codePoint = (codePoint << 6) | (byte & 0x3f);
      if (++seen === needed) {
        emit(codePoint);
        [needed, seen, codePoint] = [0, 0, 0];
      }
    }
    if (needed !== 0) emit(REPLACEMENT);
    return text + apply(fromCharCode, String, units);
  }

  // The range as Node's Buffer.prototype.toString reads it: [start, end), empty when end <= start.
  const startOf = (start) => (start === undefined || start <= 0 ? 0 : trunc(start) || 0);
  const endOf = (length, end) => (end === undefined || end > length ? length : trunc(end) || 0);
  const { encodingOf, unknownEncoding, lengthOf, outOfIndex } = global.__segtui.bufferText;
  const isUtf8 = (encoding) => encoding === undefined || (typeof encoding === "string" && encodingOf(encoding) === "utf8");
  const toString = proto.toString;
  proto.toString = function (encoding, start, end) {
    const length = this.length;
    const from = startOf(start);
    const to = from < length ? endOf(length, end) : undefined;  // as Node's, no end is read past a start at the end
    const nonEmpty = to > from;
    // Node names no encoding it would not use: an empty range is "" whatever the encoding. It turns the name into
    // text once and uses that text (an object's toString runs once; again only for an unknown one's message).
    const named = encoding !== undefined && nonEmpty;
    const name = named ? encoding + "" : encoding;
    if (named && encodingOf(name) === undefined) throw unknownEncoding(encoding);
    // A range past the memory's end (a length getter of the handler's answering more) is Node's natives' RangeError.
    if (nonEmpty && to > lengthOf(this)) throw outOfIndex();
    const text = apply(toString, this, named ? [name, start, end] : arguments);
    if (!isUtf8(name) || indexOf(text, "\ufffd") === -1) return text;
    const last = to ?? endOf(length, end);
    return last <= from ? "" : decode(this, from, last);
  };
  Object.defineProperty(proto.toString, "name", { value: "toString", configurable: true });
  proto.toLocaleString = proto.toString;  // Node's is the same function
  global.__segtui.bufferToString = proto.toString;  // the per-encoding slices' (buffer_compat.js), as at start
})(globalThis);
