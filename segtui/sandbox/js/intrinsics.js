// The built-ins segtui's own runtime calls, captured before any handler code runs: a handler may
// replace JSON.stringify, Promise.prototype.then or Array.prototype methods for itself, but the
// results it is judged by and the requests it sends are built with these originals.
(function (global) {
  "use strict";
  const uncurry = Function.prototype.call.bind(Function.prototype.bind, Function.prototype.call);
  const OriginalPromise = Promise;
  const originalThen = Promise.prototype.then;
  const promiseThen = uncurry(originalThen);
  const stringify = JSON.stringify;
  const keys = Object.keys;
  const isArray = Array.isArray;
  const hasOwn = Object.hasOwn;
  const getPrototypeOf = Object.getPrototypeOf;
  const describe = Object.getOwnPropertyDescriptor;
  const defineProperty = Object.defineProperty;
  const setPrototypeOf = Object.setPrototypeOf;
  const ObjectPrototype = Object.prototype;
  const ArrayPrototype = Array.prototype;
  const StringPrototype = String.prototype;
  const originalCharCodeAt = StringPrototype.charCodeAt;
  const charCodeAt = uncurry(originalCharCodeAt);

  const indexOf = uncurry(StringPrototype.indexOf);
  const lastIndexOf = uncurry(StringPrototype.lastIndexOf);
  const startsWith = uncurry(StringPrototype.startsWith);
  const sliceText = uncurry(StringPrototype.slice);
  const regExpExec = uncurry(RegExp.prototype.exec);

  // The promises segtui makes and chains for itself, never handed to the handler. Promise.prototype.then makes the
  // promise it returns through the receiver's constructor and its Symbol.species, which a handler may redefine on
  // Promise.prototype and Promise (a getter that throws, a species that makes no promise), and a promise resolved with
  // one of these reads its then: here each is an own property, fixed, so none of the handler's code runs.
  class OwnPromise extends OriginalPromise {
    constructor(executor) {
      super(executor);
    }
  }
  defineProperty(OwnPromise, Symbol.species, { __proto__: null, value: OwnPromise });
  defineProperty(OwnPromise.prototype, "then", { __proto__: null, value: originalThen });
  Object.freeze(OwnPromise.prototype);
  Object.freeze(OwnPromise);
  // A promise segtui made by other means (an async function's, Atomics.waitAsync's), made one of its own.
  const adopt = (promise) => setPrototypeOf(promise, OwnPromise.prototype);
  // Call `callback` in a microtask (the nextTick of segtui's Node modules) through no Promise a handler can replace.
  const settled = new OwnPromise((resolve) => resolve());
  const microtask = (callback) => {
    promiseThen(settled, () => callback());
  };

  // Text without the frames of segtui's own code (segtui:prelude.js, segtui:vendor/…): a frame is a line
  // `<indent>at name (place)` or `<indent>at place`, and only its place says whose it is. util.inspect indents the
  // stacks it nests (a cause, an error in an array) and may end a frame's line with what follows it (`,`, ` {`):
  // that rest moves to the line kept before it, as if the stack had ended there. A line with other text after the
  // place is text of the handler's, kept.
  function withoutOwnFrames(text) {
    let kept = "";
    for (let start = 0; start <= text.length;) {
      const newline = indexOf(text, "\n", start);
      const end = newline < 0 ? text.length : newline;
      const line = sliceText(text, start, end);
      const rest = ownFrameRest(line);
      if (rest === null) kept += (start ? "\n" : "") + line;
      else kept += rest;
      start = end + 1;
    }
    return kept;
  }

  // What util.inspect wrote after a frame of segtui's own on the line (often ""), or null when the line is no such frame.
  function ownFrameRest(line) {
    let at = 0;
    while (line[at] === " ") at++;
    if (!startsWith(line, "at ", at)) return null;
    let place = at + 3;
    if (!startsWith(line, "segtui:", place)) {
      const open = indexOf(line, " (segtui:", place);
      if (open < 0) return null;
      place = open + 2;
    }
    let end = line.length;
    while (end > place && !isDigit(line[end - 1])) end--;
    if (line[place - 1] === "(") {
      if (line[end] !== ")") return null;
      end++;
    }
    const rest = sliceText(line, end);
    return rest === "" || rest === "," || rest === " {" ? rest : null;
  }

  // Text no longer than `most` code units: a longer one keeps its start and says how much was left out.
  function cutText(text, most) {
    return text.length <= most ? text
      : `${sliceText(text, 0, most)} … [segtui kept the first ${most} of ${text.length} characters]`;
  }

  // Where the first of `units` is in text, or -1 (as text.search of a class of them, with no RegExp method).
  function indexOfAny(text, units) {
    for (let i = 0; i < text.length; i++) {
      if (indexOf(units, text[i]) >= 0) return i;
    }
    return -1;
  }

  // Text with each code unit that `table` (an object of no prototype) names replaced by its text, as text.replace of a
  // global class would give, with no RegExp: that replace reads the RegExp's flags and exec, which a handler may redefine
  // on RegExp.prototype.
  function substitute(text, table) {
    let out = "";
    let from = 0;
    for (let i = 0; i < text.length; i++) {
      const by = table[text[i]];
      if (by !== undefined) {
        out += sliceText(text, from, i) + by;
        from = i + 1;
      }
    }
    return from === 0 ? text : out + sliceText(text, from);
  }

  function isDigit(unit) {
    return unit >= "0" && unit <= "9";
  }

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

  // `encode`, by JSON.stringify itself (~10× faster) while no toJSON can be reached from segtui's plain objects and
  // arrays: JSON.stringify consults toJSON on objects only, and these inherit from Object.prototype or Array.prototype.
  function json(value) {
    const plain = !hasOwn(ObjectPrototype, "toJSON") && !hasOwn(ArrayPrototype, "toJSON") &&
      getPrototypeOf(ArrayPrototype) === ObjectPrototype;
    return plain ? stringify(value) : encode(value);
  }

  // Copy text's code units [start, end) into `units` from `at`. A method call is ~4× faster than one through
  // `uncurry`, so it is taken while String.prototype.charCodeAt is still the original data property: the loop
  // then runs no handler code (the descriptor is read without calling any getter a handler put there).
  function copyUnits(units, at, text, start, end) {
    const own = describe(StringPrototype, "charCodeAt");
    if (own !== undefined && own.value === originalCharCodeAt) {
      for (let i = start; i < end; i++) units[at + i - start] = text.charCodeAt(i);
    } else {
      for (let i = start; i < end; i++) units[at + i - start] = charCodeAt(text, i);
    }
  }

  global.__segtui.intrinsics = Object.freeze({
    json,
    copyUnits,
    stringify,
    parse: JSON.parse,
    keys,
    assign: Object.assign,
    // Add to a list of segtui's by defining the item: no setter a handler put on Array.prototype (an index, or `push`
    // replaced) sees it.
    append: (list, item) => defineProperty(list, list.length, { __proto__: null, value: item, writable: true, enumerable: true, configurable: true }),
    // Set a list's item at `index` the same way (an index past its end a plain store would give the handler's setter).
    put: (list, index, item) => defineProperty(list, index, { __proto__: null, value: item, writable: true, enumerable: true, configurable: true }),
    hasOwn,
    defineProperty,
    withoutOwnFrames,
    cutText,
    indexOfAny,
    substitute,
    // Whether `pattern` (no g or y flag) matches text, by the original exec: its test, and text's replace or match, call
    // the exec (and read the flags) a handler may redefine on RegExp.prototype, which Node's built-ins never consult.
    matches: (pattern, text) => regExpExec(pattern, text) !== null,
    apply: Reflect.apply,
    isArray,
    fromCharCode: String.fromCharCode,
    String,
    Promise: OriginalPromise,
    // Proxies of segtui's own (proxies.js makes the global one remember each proxy a handler makes).
    Proxy,
    then: promiseThen,
    resolved: (value) => new OwnPromise((resolve) => resolve(value)),
    adopt,
    microtask,
    // For the shared memory Python reads: the handler may replace any of these globals or their methods, and would
    // then be handed a buffer of segtui's (a result to rewrite, the host channel to read).
    min: Math.min,
    // A method as a function taking its receiver first, bound now: later changes to the method do not reach it.
    uncurry,
    store: Atomics.store,
    load: Atomics.load,
    getUint32: uncurry(DataView.prototype.getUint32),
    setUint32: uncurry(DataView.prototype.setUint32),
    byteLength: uncurry(describe(SharedArrayBuffer.prototype, "byteLength").get),
    rejected: (error) => new OwnPromise((resolve, reject) => reject(error)),
  });
})(globalThis);
