// lodash, the global `_`, loaded on first touch (lazy.js's define) as Node's require("lodash") evaluates it, with the
// brand checks of Node's util.types it takes in place of its own.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { define, evaluate } = internal.lazy;
  const { uncurry } = internal.intrinsics;
  const { getOwnPropertyDescriptor } = Object;
  const { typedArrayName } = internal.inspectScope;

  // The brand checks of Node's util.types that lodash takes in place of its own (so _.isDate and the like are the
  // anonymous wrappers Node's are): each calls a built-in that throws for any other kind of value.
  const getter = (prototype, key) => uncurry(getOwnPropertyDescriptor(prototype, key).get);
  const brand = (check) => (value) => {
    try {
      check(value);
      return true;
    } catch (error) {
      return false;
    }
  };
  const RegExpPrototype = RegExp.prototype;
  const hasRegExpSource = brand(getter(RegExpPrototype, "source"));
  const NODE_TYPES = {
    isArrayBuffer: brand(getter(ArrayBuffer.prototype, "byteLength")),
    isDate: brand(uncurry(Date.prototype.getTime)),
    isMap: brand(getter(Map.prototype, "size")),
    isSet: brand(getter(Set.prototype, "size")),
    isRegExp: (value) => value !== RegExpPrototype && hasRegExpSource(value),  // whose own source reads "(?:)"
    isTypedArray: (value) => typedArrayName(value) !== undefined,
  };
  internal.lazy.types = NODE_TYPES;  // structuredClone's too

  // lodash as Node's require("lodash") evaluates it, a CommonJS module (so `_._` is lodash), with Node's `global`,
  // `module.require("util")` and no AMD `define`, whatever the handler declared. The global `_` is it (not listed by
  // Object.keys, as the reference harness defines it); it remembers what `_` was before, for noConflict(): nothing.
  define(global, "_", () => {
    const module = { exports: {}, require: () => ({ types: NODE_TYPES }) };
    evaluate("lodash.js", ["self", "global", "define", "module", "exports"], [global, global, undefined, module, module.exports]);
    return module.exports;
  });
})(globalThis);
