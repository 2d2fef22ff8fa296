// Node 20's Buffer knows the "base64url" encoding; npm buffer 6.0.3 does not, so segtui
// translates it to and from base64 around the unmodified library.
(function (global) {
  "use strict";
  const Buffer = global.Buffer;
  const isBase64url = (encoding) => typeof encoding === "string" && encoding.toLowerCase() === "base64url";
  const toBase64 = (text) => String(text).replace(/-/g, "+").replace(/_/g, "/");

  const from = Buffer.from;
  Buffer.from = function (value, encodingOrOffset, length) {
    if (typeof value === "string" && isBase64url(encodingOrOffset)) return from.call(this, toBase64(value), "base64");
    return from.call(this, value, encodingOrOffset, length);
  };
  const byteLength = Buffer.byteLength;
  Buffer.byteLength = function (value, encoding) {
    if (typeof value === "string" && isBase64url(encoding)) return byteLength.call(this, toBase64(value), "base64");
    return byteLength.call(this, value, encoding);
  };
  const isEncoding = Buffer.isEncoding;
  Buffer.isEncoding = (encoding) => isBase64url(encoding) || isEncoding(encoding);
  const toString = Buffer.prototype.toString;
  Buffer.prototype.toString = function (encoding, start, end) {
    if (!isBase64url(encoding)) return toString.apply(this, arguments);
    return toString.call(this, "base64", start, end).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  };
})(globalThis);
