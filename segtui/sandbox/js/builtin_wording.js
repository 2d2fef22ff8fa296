// Node 20's wording for the TypeError a built-in throws when a handler gives it a callback that is no function. The V8
// segtui runs, newer than Node 20's (V8 11.3), words it "number 5 is not a function", `string "abc" is not a function`,
// "object is not a function" where Node 20 says "5 is not a function", "abc is not a function", "#<Object> is not a
// function"; adds ": 5" to sort's "The comparison function must be either a function or undefined"; and says "… is
// not a function" where flatMap says "flatMap mapper function is not callable". A handler may log, return or compare
// that message (`events.map(settings.transform)` with a string setting), and it is the error a run reports.
//
// The methods that word it so are wrapped: the error is the one V8 threw, its message and stack's first line put back
// in Node's words and the wrapper's frame left out of its stack (`reword`, which json_parse.js shares). Node's text
// for a value comes from a V8 path that still words it the old way (%TypedArray%.prototype.map); a message is reworded
// only when it is exactly V8's new wording for the callback given, so an error of the handler's own (a throwing
// `length` getter) stays as it is. Function.prototype.toString shows a wrapped method as the native it stands for.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { apply, uncurry, hasOwn, defineProperty } = internal.intrinsics;
  const slice = uncurry(String.prototype.slice);
  const indexOf = uncurry(String.prototype.indexOf);
  const lastIndexOf = uncurry(String.prototype.lastIndexOf);
  const getPrototypeOf = Object.getPrototypeOf;
  const TypeErrorPrototype = TypeError.prototype;
  const weakGet = uncurry(WeakMap.prototype.get);
  const weakSet = uncurry(WeakMap.prototype.set);
  const OWN_FRAME = "(segtui:";

  // The native each wrapper stands for, which Function.prototype.toString shows in its place.
  const natives = new WeakMap();
  const nativeToString = Function.prototype.toString;
  const own = {
    toString() {
      const native = weakGet(natives, this);
      return apply(nativeToString, native === undefined ? this : native, []);
    },
  };
  weakSet(natives, own.toString, nativeToString);
  defineProperty(Function.prototype, "toString", { value: own.toString, writable: true, enumerable: false, configurable: true });

  // Define `wrapper` as owner[name], in place of the native it stands for.
  function replace(owner, name, wrapper) {
    weakSet(natives, wrapper, owner[name]);
    defineProperty(owner, name, { value: wrapper, writable: true, enumerable: false, configurable: true });
  }

  // Give a thrown error `wording` for its message, in its stack's first line too, and leave the first frame of
  // segtui's own (the wrapper that rethrew it) out of its stack.
  function reword(error, wording) {
    const message = error.message;
    let stack;
    try {
      stack = error.stack; // formats it now (through a handler's Error.prepareStackTrace, if it set one)
    } catch (ignored) {
      stack = undefined;
    }
    defineProperty(error, "message", { value: wording, writable: true, enumerable: false, configurable: true });
    const at = typeof stack === "string" ? indexOf(stack, message) : -1;
    if (at === -1) return;
    let fixed = slice(stack, 0, at) + wording + slice(stack, at + message.length);
    const frame = indexOf(fixed, OWN_FRAME);
    if (frame !== -1) {
      const start = lastIndexOf(fixed, "\n", frame);
      const end = indexOf(fixed, "\n", frame);
      fixed = slice(fixed, 0, start) + (end === -1 ? "" : slice(fixed, end));
    }
    defineProperty(error, "stack", { value: fixed, writable: true, enumerable: false, configurable: true });
  }

  const forEach = Array.prototype.forEach;
  const sort = Array.prototype.sort;
  const typedMap = Object.getPrototypeOf(Uint8Array.prototype).map;
  const EMPTY = new Uint8Array(0);
  const COMPARE = "The comparison function must be either a function or undefined";

  // What `method` throws for `callback` with nothing to iterate: V8's wording for it, free of side effects.
  function thrown(method, self, callback) {
    try {
      apply(method, self, [callback]);
    } catch (error) {
      return error.message;
    }
    return undefined;
  }

  // For a kind of method, [V8's new wording for a callback that is no function, Node 20's].
  const WORDINGS = {
    callback: (callback) => [thrown(forEach, [], callback), thrown(typedMap, EMPTY, callback)],
    mapper: (callback) => [thrown(forEach, [], callback), "flatMap mapper function is not callable"],
    compare: (callback) => [thrown(sort, [], callback), COMPARE],
  };

  function toNodeWording(error, callback, wording) {
    if (typeof callback === "function" || error === null || typeof error !== "object") return;
    if (getPrototypeOf(error) !== TypeErrorPrototype || !hasOwn(error, "message")) return;
    const [later, node] = wording(callback);
    if (typeof later === "string" && error.message === later && later !== node) reword(error, node);
  }

  // Wrap owner[name], whose callback is its argument `at`.
  function wrap(owner, name, kind, at) {
    const native = owner[name];
    const wording = WORDINGS[kind];
    const methods = {
      [name](first) { // one parameter, as the native's length is 1
        try {
          return apply(native, this, arguments);
        } catch (error) {
          toNodeWording(error, arguments[at], wording);
          throw error;
        }
      },
    };
    replace(owner, name, methods[name]);
  }

  const CALLBACKS = ["every", "filter", "find", "findIndex", "findLast", "findLastIndex", "forEach", "reduce", "reduceRight", "some"];
  const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
  for (const name of CALLBACKS) {
    wrap(Array.prototype, name, "callback", 0);
    wrap(TypedArrayPrototype, name, "callback", 0);
  }
  wrap(Array.prototype, "map", "callback", 0);
  wrap(Array.prototype, "flatMap", "mapper", 0);
  for (const owner of [Array.prototype, TypedArrayPrototype]) {
    wrap(owner, "sort", "compare", 0);
    wrap(owner, "toSorted", "compare", 0);
  }
  wrap(Array, "from", "callback", 1);

  internal.wording = { reword, replace };
})(globalThis);
