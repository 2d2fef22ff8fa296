// The built-ins segtui's own runtime calls, captured before any handler code runs: a handler may
// replace JSON.stringify, Promise.prototype.then or Array.prototype methods for itself, but the
// results it is judged by and the requests it sends are built with these originals.
(function (global) {
  "use strict";
  const uncurry = Function.prototype.call.bind(Function.prototype.bind, Function.prototype.call);
  const OriginalPromise = Promise;
  const promiseThen = uncurry(Promise.prototype.then);
  const stringify = JSON.stringify;
  const keys = Object.keys;
  const isArray = Array.isArray;

  // JSON text of plain data (what segtui sends to Python), consulting no toJSON method a handler may
  // have put on a prototype; undefined and functions are left out as JSON.stringify leaves them.
  function encode(value) {
    if (value === null || typeof value !== "object") return stringify(value);
    let out = "";
    if (isArray(value)) {
      for (let i = 0; i < value.length; i++) out += (i ? "," : "") + (encode(value[i]) ?? "null");
      return `[${out}]`;
    }
    const names = keys(value);
    for (let i = 0; i < names.length; i++) {
      const item = encode(value[names[i]]);
      if (item !== undefined) out += (out ? "," : "") + stringify(names[i]) + ":" + item;
    }
    return `{${out}}`;
  }

  global.__segtui.intrinsics = Object.freeze({
    encode,
    stringify,
    parse: JSON.parse,
    keys,
    assign: Object.assign,
    hasOwn: Object.hasOwn,
    apply: Reflect.apply,
    isArray,
    fromCharCode: String.fromCharCode,
    charCodeAt: uncurry(String.prototype.charCodeAt),
    String,
    Promise: OriginalPromise,
    then: promiseThen,
    resolved: (value) => new OriginalPromise((resolve) => resolve(value)),
    rejected: (error) => new OriginalPromise((resolve, reject) => reject(error)),
  });
})(globalThis);
