// Globals that cost nothing until first touched: a vendor file is fetched from the host and
// evaluated when a handler first reads the global, so start-up does not grow with the libraries
// segtui offers. A handler may assign or declare the name before or after; its value then stays.
// lodash (`_`) loads this way too (with util.inspect, it was over half the time a fresh context took, and many runs
// never touch it); util.inspect (console's formatting) is loaded as each context is built (contexts.py).
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const host = internal.host;
  const evalGlobal = global.eval;
  const { defineProperty, getOwnPropertyDescriptor, create, isFrozen } = Object;
  const BUILT_IN_NAME = /^[A-Z][a-zA-Z0-9]+$/;
  const { append, apply, uncurry, hasOwn } = internal.intrinsics;
  const startsWith = uncurry(String.prototype.startsWith);
  const sliceText = uncurry(String.prototype.slice);
  const INSPECT = "node-inspect-extracted.js";
  const BUFFER_KEYS = { __proto__: null, "[byteLength]": true, "[byteOffset]": true, "[buffer]": true };
  const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
  const ObjectPrototype = Object.prototype;
  const { typedArrayName } = internal.inspectScope;

  // Evaluate a vendor file as the body of a function of `names`, called with `values` and `this` = the global; as
  // Node's require evaluates it before the handler's code, whatever that put on the prototypes since (asAtStart).
  // The vendor sources the context's prelude brought: the sandbox's first context evaluates it before it has a host
  // to ask (v8_first.py), and loads util.inspect with it (`loadPreloaded`, which runtime.js calls last).
  const preloaded = { __proto__: null, ...internal.preloaded };
  delete internal.preloaded;
  function evaluate(file, names, values) {
    return asAtStart(() => {
      const source = preloaded[file] !== undefined ? preloaded[file] : host.call("vendor.source", { file });
      delete preloaded[file];
      // Its first line shares the wrapper's, so that its frames give its own line numbers, as Node's require does.
      const wrapped = `(function (${names.join(", ")}) {${source}\n})\n//# sourceURL=segtui:vendor/${file}\n`;
      return evalGlobal(wrapped).apply(global, values);
    });
  }

  // A function that calls `load` on its first call and returns that value from then on.
  function once(load) {
    let loaded = null;
    return () => (loaded = loaded || { value: load() }).value;
  }

  // owner[name] answers load() on first read, run asAtStart (all of it, the set-up after a file's evaluation too, as
  // Node's require ran before the handler's code), and keeps that value; an assignment replaces it. While load()
  // runs, the name reads as undefined, as the library would find it had it been evaluated up front. An owner the
  // handler sealed or froze (Object.freeze(globalThis)) keeps the accessor, which then answers the loaded or assigned
  // value; frozen, it ignores an assignment, as a frozen value of Node's would.
  function define(owner, name, load, enumerable = owner !== global) {
    let loading = false;
    let loaded = null;
    const settle = (value) => {
      try {
        defineProperty(owner, name, { __proto__: null, value, writable: true, configurable: true, enumerable });
      } catch (error) {
        // Sealed or frozen since: the accessor stays, answering what the library set as it loads (AWS sets its global),
        // or what the handler assigned unless the owner is frozen.
        if (loading || !isFrozen(owner)) loaded = { __proto__: null, value };
      }
      return value;
    };
    const get = () => {
      if (loaded !== null) return loaded.value;
      if (loading) return undefined;
      loading = true;
      try {
        loaded = { __proto__: null, value: asAtStart(load) };
        return settle(loaded.value);
      } finally {
        loading = false;
      }
    };
    defineProperty(owner, name, { get, set: settle, configurable: true, enumerable });
  }

  // A library is evaluated with the Date and Math.random it captures as they were before any handler ran
  // (deterministic mode replaces both).
  const { Date, Math } = global;
  // Descriptors without a prototype, read and walked by index: what a handler puts on Object.prototype (a `get`, a
  // `value`, an iterator's `return`) or Array.prototype (push) never reaches them.
  const descriptor = (owner, key) => {
    const found = getOwnPropertyDescriptor(owner, key);
    return found === undefined ? undefined : { __proto__: null, ...found };
  };
  const START = [[global, "Date"], [Math, "random"], [Date.prototype, "constructor"], [Date.prototype, "getTime"]]
    .map(([owner, key]) => [owner, key, descriptor(owner, key)]);
  // Every own property of the prototypes a library's code reads and sets as it loads: what a handler adds or changes
  // there (an accessor for `cache` on Object.prototype, Function.prototype.apply) is put aside while one loads. They
  // are taken at the first load, util.inspect's as the context is built: after the prelude, before any handler code.
  const { ownKeys } = Reflect;
  const KeySet = Set;
  const addKey = uncurry(Set.prototype.add);
  const hasKey = uncurry(Set.prototype.has);
  // With those util.inspect iterates with (a handler's iterator that never ends would hang it, not make it throw).
  const { getPrototypeOf } = Object;
  const ArrayIteratorPrototype = getPrototypeOf([][Symbol.iterator]());
  const ITERATED = [Array.prototype, ArrayIteratorPrototype, getPrototypeOf(ArrayIteratorPrototype), Map.prototype,
    getPrototypeOf(new Map().entries()), Set.prototype, getPrototypeOf(new Set().values()), TypedArrayPrototype];
  const PROTOTYPES = [Object.prototype, Function.prototype, String.prototype, RegExp.prototype, ...ITERATED];
  let prototypesTaken = false;
  const startKeys = [];  // by PROTOTYPES' index: the keys each had at start, as a Set
  function takePrototypes() {
    prototypesTaken = true;
    for (let p = 0; p < PROTOTYPES.length; p++) {
      const keys = ownKeys(PROTOTYPES[p]);
      startKeys[p] = new KeySet();
      for (let k = 0; k < keys.length; k++) {
        addKey(startKeys[p], keys[k]);
        append(START, [PROTOTYPES[p], keys[k], descriptor(PROTOTYPES[p], keys[k])]);
      }
    }
    takeGlobals();
  }
  // The global's values (not its lazy libraries; Buffer's and process's get/set pairs answer theirs) and the members of
  // classes and namespaces (Symbol, JSON.parse, Buffer.from, …), which a handler may replace, where Node's loaded first.
  function takeGlobals() {
    const names = ownKeys(global);
    for (let n = 0; n < names.length; n++) {
      const found = descriptor(global, names[n]);
      const pair = found !== undefined && (names[n] === "Buffer" || names[n] === "process") && hasOwn(found, "get");
      if (found === undefined || (!hasOwn(found, "value") && !pair)) continue;
      append(START, [global, names[n], found]);
      const value = pair ? found.get() : found.value;
      if (typeof names[n] !== "string" || !BUILT_IN_NAME.test(names[n]) || value === null ||
          (typeof value !== "function" && typeof value !== "object")) continue;
      const members = ownKeys(value);
      for (let k = 0; k < members.length; k++) append(START, [value, members[k], descriptor(value, members[k])]);
    }
  }
  const same = (a, b) => a !== undefined && b !== undefined && a.value === b.value && a.get === b.get &&
    a.set === b.set && a.writable === b.writable && a.enumerable === b.enumerable && a.configurable === b.configurable;

  // The properties to set as at start for a load: [owner, key, start descriptor or undefined (added since), now].
  function changedSinceStart() {
    if (!prototypesTaken) {
      takePrototypes();
      return [];  // the start is now
    }
    const changed = [];
    for (let i = 0; i < START.length; i++) {
      const now = descriptor(START[i][0], START[i][1]);
      if (!same(now, START[i][2])) append(changed, [START[i][0], START[i][1], START[i][2], now]);
    }
    for (let p = 0; p < PROTOTYPES.length; p++) {
      const keys = ownKeys(PROTOTYPES[p]);
      for (let k = 0; k < keys.length; k++) {
        if (hasKey(startKeys[p], keys[k])) continue;
        append(changed, [PROTOTYPES[p], keys[k], undefined, descriptor(PROTOTYPES[p], keys[k])]);
      }
    }
    return changed;
  }

  // What a library standing in for a built-in of Node's (npm buffer, its base64-js, core-js's URL, util.inspect) calls
  // as it works, each with its descriptor at start. Node's built-in calls none a handler can reach, so such a library
  // runs with those the handler replaced as at start (only those: the rest of the start is not walked). Checked on
  // every call of one (a Buffer's toString) with no code of the handler's run, as Node reads none of them: a value is
  // still the own data property it was (an accessor the handler put there counts as replaced, its getter not called),
  // a getter is still the own one.
  const startOf = (owner, key) => {
    const found = descriptor(owner, key);
    return [owner, key, found, found !== undefined && hasOwn(found, "value")];
  };
  function isStart(call) {
    if (call[2] === undefined) return !hasOwn(call[0], call[1]);  // one the handler may add over an inherited one
    const found = getOwnPropertyDescriptor(call[0], call[1]);
    // Its own `value` or `get` only: what the handler put on Object.prototype is not the descriptor's.
    return found !== undefined && (call[3] ? hasOwn(found, "value") && found.value === call[2].value
      : hasOwn(found, "get") && found.get === call[2].get);
  }
  // Whether the handler replaced none of `calls`, making nothing: Buffer methods ask on every call.
  function unchanged(calls) {
    for (let i = 0; i < calls.length; i++) {
      if (!isStart(calls[i])) return false;
    }
    return true;
  }
  // Those of `calls` the handler replaced, as changes: [owner, key, start descriptor, descriptor now].
  function differing(calls) {
    const changed = [];
    for (let i = 0; i < calls.length; i++) {
      if (!isStart(calls[i])) append(changed, [calls[i][0], calls[i][1], calls[i][2], descriptor(calls[i][0], calls[i][1])]);
    }
    return changed;
  }
  // The built-ins npm buffer's toString calls (checked on each call of it, of a text codec's, of a digest's): the array
  // and text methods it pushes, joins and slices with.
  const TEXT_CALLS = [[Array.prototype, "push"], [Array.prototype, "join"], [Array.prototype, "slice"],
    [Array.prototype, Symbol.iterator], [Function.prototype, "apply"], [Function.prototype, "call"],
    [String, "fromCharCode"], [String.prototype, "toLowerCase"], [String.prototype, "charCodeAt"],
    [String.prototype, "slice"], [String.prototype, "split"], [String.prototype, "replace"], [String.prototype, "trim"],
    [Math, "min"], [global, "String"]].map(([owner, key]) => startOf(owner, key));
  // And those its other methods call: what base64-js finds padding with, how it makes each Buffer (setPrototypeOf),
  // concat and copy copy with, and its fill, write, indexOf and wide-integer methods check and reckon with.
  const BYTE_CALLS = [...TEXT_CALLS, ...[[String.prototype, "indexOf"], [Object, "setPrototypeOf"],
    [TypedArrayPrototype, "set"], [Uint8Array.prototype, "set"], [Array, "isArray"], [ArrayBuffer, "isView"],
    [Number, "isInteger"], [Math, "floor"], [Math, "pow"], [Math, "abs"], [global, "Uint8Array"], [global, "ArrayBuffer"]]
    .map(([owner, key]) => startOf(owner, key))];
  // And RegExp.prototype's own properties, which a RegExp's test, replace and split call and read (its exec, its flags).
  const BUILT_IN_CALLS = [...BYTE_CALLS, ...ownKeys(RegExp.prototype).map((key) => startOf(RegExp.prototype, key))];
  // And the indexes the handler put on Array.prototype or Object.prototype (a setter for "0"), which npm buffer's push
  // and stores would call where Node's native Buffer calls none: Array.prototype is an array, whose length (0 at start)
  // is past its last index, and an object's integer keys come first in its own keys.
  const ArrayPrototype = Array.prototype;
  const isIndex = (key) => typeof key === "string" && `${key >>> 0}` === key && key !== "4294967295";
  function indexesOf(owner, changed) {
    const keys = ownKeys(owner);  // indexes first, in order
    for (let k = 0; k < keys.length && isIndex(keys[k]); k++) append(changed, [owner, keys[k], undefined, descriptor(owner, keys[k])]);
  }
  function withIndexes(changed) {
    if (ArrayPrototype.length !== 0) indexesOf(ArrayPrototype, changed);
    indexesOf(ObjectPrototype, changed);
    return changed;
  }
  const indexed = () => ArrayPrototype.length !== 0 || isIndex(ownKeys(ObjectPrototype)[0]);  // the handler put indexes there
  const untouched = (calls) => unchanged(calls) && !indexed();
  const asBuiltIn = (load) => asStartFor(withIndexes(differing(BUILT_IN_CALLS)), load);
  const asBuiltInText = (load) => (untouched(TEXT_CALLS) ? load() : asStartFor(withIndexes(differing(TEXT_CALLS)), load));
  const asBuiltInBytes = (load) => (untouched(BYTE_CALLS) ? load() : asStartFor(withIndexes(differing(BYTE_CALLS)), load));
  const bytesAtStart = () => untouched(BYTE_CALLS);  // so a caller can call the library directly, adding no frames
  // The iteration methods util.inspect's code calls: Node's is immune to a handler's (its primordials); a replaced one
  // can throw, which console.js retries asAtStart, or never end, which it cannot. And Date.prototype.getTime, which its
  // util.types.isDate calls from the prototype: replaced by one that throws, a Date showed as `Date {}` (no failure to
  // retry), where Node shows its time.
  const ITERATION = [];
  for (const prototype of [Array.prototype, Map.prototype, Set.prototype, TypedArrayPrototype]) {
    for (const key of [Symbol.iterator, "entries", "keys", "values"]) append(ITERATION, startOf(prototype, key));
  }
  append(ITERATION, startOf(ArrayIteratorPrototype, "next"));
  append(ITERATION, startOf(Array.prototype, "push"));  // Node's pushes by its primordials (an index setter still runs)
  append(ITERATION, startOf(Date.prototype, "getTime"));
  const inspected = (show) => asStartFor(differing(ITERATION), show);

  // What the handler added to Object.prototype, as changes to undo: a library whose plain objects it sets and reads
  // (core-js's URL state: `host`, `port`, …) meets those where Node's meets nothing. Before the start is taken (the
  // prelude, url_inspect.js making a URLSearchParams), no handler code has run: nothing is the handler's.
  // Taking it then instead took it before the prelude's last scripts, node20_builtins.js among them: a load asAtStart
  // put back the built-ins Node 20 lacks (Object.groupBy, Set.prototype.union, the global Iterator, …).
  function addedToObject(changed) {
    if (!prototypesTaken) return changed;
    const keys = ownKeys(ObjectPrototype);
    for (let k = 0; k < keys.length; k++) {
      if (hasKey(startKeys[0], keys[k]) || isIndex(keys[k])) continue;  // its indexes: withIndexes
      append(changed, [ObjectPrototype, keys[k], undefined, descriptor(ObjectPrototype, keys[k])]);
    }
    return changed;
  }
  // What a library of Node's would not meet: the watched calls the handler replaced, its additions to Object.prototype
  // and its indexes on Array.prototype and Object.prototype.
  const apartFrom = () => addedToObject(withIndexes(differing(BUILT_IN_CALLS)));
  let putAside = null;  // while `apart` runs: the handler's changes it undid, which `handlerSide` gives back

  // Call `load` as a library of Node's would run: with apartFrom's changes undone (a few reads when there are none).
  // Code of the handler's that `load` calls back (a searchParams.forEach callback) runs through `handlerSide`, in the
  // handler's world; what it changes meanwhile is the handler's when `apart` ends.
  function apart(load) {
    const changed = apartFrom();
    if (changed.length === 0) return load();
    const outer = putAside;
    putAside = toStart(changed);
    try {
      return load();
    } finally {
      back(putAside);
      putAside = outer;
    }
  }
  function handlerSide(callback) {
    const undone = putAside;
    if (undone === null) return callback();
    back(undone);
    putAside = null;
    try {
      return callback();
    } finally {
      putAside = toStart(apartFrom());  // as the handler left them, its changes meanwhile with them
    }
  }

  // Set each of `changed` as at start, returning those it could set (the handler froze Math, say: the library sees
  // what the handler left); `back` sets them as they were.
  function toStart(changed) {
    const undo = [];
    for (let i = 0; i < changed.length; i++) {
      try {
        if (changed[i][2] === undefined) delete changed[i][0][changed[i][1]];
        else defineProperty(changed[i][0], changed[i][1], changed[i][2]);
        append(undo, changed[i]);
      } catch (error) {
        // Not configurable.
      }
    }
    return undo;
  }
  function back(undo) {
    for (let i = 0; i < undo.length; i++) {
      // One the handler's code set meanwhile (a valueOf the library called) keeps what it set.
      const now = descriptor(undo[i][0], undo[i][1]);
      if (undo[i][2] === undefined ? now !== undefined : !same(now, undo[i][2])) continue;
      if (undo[i][3] === undefined) delete undo[i][0][undo[i][1]];
      else defineProperty(undo[i][0], undo[i][1], undo[i][3]);
    }
  }
  function asStartFor(changed, load) {
    if (changed.length === 0) return load();
    const undo = toStart(changed);
    try {
      return load();
    } finally {
      back(undo);
    }
  }
  const asAtStart = (load) => asStartFor(changedSinceStart(), load);

  // Node's util.inspect, format and formatWithOptions (node-inspect-extracted, a CommonJS file), showing values as
  // Node 20 does where the library follows a later Node, through the stylize hook (an inspect option):
  // - a proxy shows as its target: the hook leaves out the `Proxy(…)` the library writes around it;
  // - a symbol key shows in brackets (`Headers { [Symbol(map)]: … }`): the library writes it bare, with the hook
  //   called as the context's method, where a symbol value's call has no `this` (the library is strict code) and a
  //   boxed symbol's text is `[Symbol: …]`;
  // - an ArrayBuffer's or DataView's byteLength, byteOffset and buffer show bare: the library writes them in brackets
  //   (as Node 20 does only a typed array's hidden keys), styled as strings and with the hook called as the context's
  //   method, whose `seen` ends with the value they belong to; a string value's text arrives quoted.
  function asNode20(text, style) {
    if (style === "special" && (text === "Proxy(" || text === ")")) return "";
    if (style === "string" && this !== undefined && BUFFER_KEYS[text] === true) {
      return typedArrayName(this.seen[this.seen.length - 1]) === undefined ? sliceText(text, 1, -1) : text;
    }
    return style === "symbol" && this !== undefined && startsWith(text, "Symbol(") ? `[${text}]` : text;
  }
  const node20 = (options) => (options === undefined ? { stylize: asNode20 }
    : options !== null && typeof options === "object" ? { stylize: asNode20, ...options } : options);
  internal.util = once(() => asAtStart(() => {
    // It keeps its proxies' details in a WeakMap of its scope's: one that also knows those of the proxies a handler
    // made (proxies.js). It tells a built-in class from others by the capitalised names its globalThis has as its own
    // when it loads: Node's has JavaScript's own then, not yet Buffer or URL (so `%s` shows those as their text), and
    // so does the scope, lent from the names V8 itself put on the global.
    const lent = {};
    for (const name of internal.engineGlobals) {
      const found = getOwnPropertyDescriptor(global, name);
      if (BUILT_IN_NAME.test(name) && found !== undefined && "value" in found) lent[name] = { value: found.value };
    }
    const scope = create(global, {
      ...lent,
      __segtui_util: { value: undefined, writable: true },
      globalThis: { get: () => scope },
      WeakMap: { value: internal.ProxyAwareWeakMap },
      Object: { value: internal.inspectScope.Object },
      String: { value: internal.inspectScope.String },
    });
    evaluate(INSPECT, ["globalThis"], [scope]);
    const util = scope.__segtui_util;
    return create(util, {
      inspect: { value: (value, options) => inspected(() => util.inspect(value, node20(options))) },
      formatWithOptions: {
        value(options) {
          const list = [node20(options)];  // as console.js lists its arguments: no spread
          for (let index = 1; index < arguments.length; index++) append(list, arguments[index]);
          return inspected(() => apply(util.formatWithOptions, util, list));
        },
      },
    });
  }));

  // Load both now: a context built ahead of need, in idle time, does (contexts.py), so a run does not. Every
  // context loads util.inspect as it is built, before any handler code can replace what it uses.
  internal.loadLibraries = () => {
    internal.util();
    return typeof global._;
  };
  internal.loadInspect = () => typeof internal.util();
  internal.loadPreloaded = () => preloaded[INSPECT] !== undefined && internal.loadInspect();

  internal.lazy = { evaluate, define, asAtStart, asBuiltIn, asBuiltInText, asBuiltInBytes, bytesAtStart, apart, handlerSide,
    indexed };
})(globalThis);
