// Node 20's wording for the TypeError a built-in throws when a handler gives it a callback that is no function. The V8
// segtui runs, newer than Node 20's (V8 11.3), words it "number 5 is not a function", `string "abc" is not a function`,
// "object is not a function" where Node 20 says "5 is not a function", "abc is not a function", "#<Object> is not a
// function"; adds ": 5" to sort's "The comparison function must be either a function or undefined"; and says "… is
// not a function" where flatMap says "flatMap mapper function is not callable". A handler may log, return or compare
// that message (`events.map(settings.transform)` with a string setting), and it is the error a run reports. Likewise
// a locale ICU cannot read ("en_US") given to Intl or a toLocaleString: "Incorrect locale information provided" in
// Node 20, "Invalid language tag: en_US" in the later V8.
//
// The methods (and Intl's constructors) that word it so are wrapped: the error is the one V8 threw, its message and stack's first line put back
// in Node's words and the wrapper's frame left out of its stack (`reword`, which json_parse.js shares). Node's text
// for a value comes from a V8 path that still words it the old way (%TypedArray%.prototype.map); a message is reworded
// only when it is exactly V8's new wording for the callback given, so an error of the handler's own (a throwing
// `length` getter) stays as it is. Function.prototype.toString shows a wrapped method as the native it stands for.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { apply, uncurry, hasOwn, defineProperty } = internal.intrinsics;
  const { getOwnPropertyDescriptor } = Object;
  const construct = Reflect.construct;
  const startsWith = uncurry(String.prototype.startsWith);
  const slice = uncurry(String.prototype.slice);
  const indexOf = uncurry(String.prototype.indexOf);
  const lastIndexOf = uncurry(String.prototype.lastIndexOf);
  const getPrototypeOf = Object.getPrototypeOf;
  const TypeErrorPrototype = TypeError.prototype;
  const RangeErrorPrototype = RangeError.prototype;
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

  // Function.prototype.toString shows `wrapper` as `original`, the function it stands for.
  function standFor(wrapper, original) {
    weakSet(natives, wrapper, original);
  }

  // Define `wrapper` as owner[name], in place of the native it stands for.
  function replace(owner, name, wrapper) {
    standFor(wrapper, owner[name]);
    const { writable, enumerable, configurable } = getOwnPropertyDescriptor(owner, name);  // as the native's
    defineProperty(owner, name, { value: wrapper, writable, enumerable, configurable });
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

  // A fix for the errors of a method whose callback is its argument `at`, given a kind of WORDINGS.
  function callbackFix(kind, at) {
    const wording = WORDINGS[kind];
    return (error, args) => {
      const callback = args[at];
      if (typeof callback === "function" || getPrototypeOf(error) !== TypeErrorPrototype || !hasOwn(error, "message")) return;
      const [later, node] = wording(callback);
      if (typeof later === "string" && error.message === later && later !== node) reword(error, node);
    };
  }

  // Node 20's ICU words a locale it cannot read (`"en_US"`, with an underscore) "Incorrect locale information provided";
  // the later one "Invalid language tag: en_US".
  const LANGUAGE_TAG = "Invalid language tag: ";
  function localeFix(error) {
    if (getPrototypeOf(error) !== RangeErrorPrototype || !hasOwn(error, "message")) return;
    const message = error.message;
    if (typeof message === "string" && startsWith(message, LANGUAGE_TAG)) reword(error, "Incorrect locale information provided");
  }

  // Node 20 names the option that a dateStyle or timeStyle forbids ("Can't set option hour when dateStyle is used",
  // the first of them given, in the order ECMA-402 reads them); the later V8 says "Invalid option : option".
  const STYLE_CLASH = "Invalid option : option";
  const COMPONENTS = ["weekday", "era", "year", "month", "day", "dayPeriod", "hour", "minute", "second",
    "fractionalSecondDigits", "timeZoneName"];
  function styleFix(error, args) {
    const options = args[1];
    if (getPrototypeOf(error) !== TypeErrorPrototype || !hasOwn(error, "message") || error.message !== STYLE_CLASH ||
      options === null || typeof options !== "object") return;
    for (const name of COMPONENTS) {
      if (options[name] === undefined) continue;
      reword(error, `Can't set option ${name} when ${options.dateStyle !== undefined ? "dateStyle" : "timeStyle"} is used`);
      return;
    }
  }
  const dateFix = (error, args) => {
    localeFix(error);
    styleFix(error, args);
  };

  // Wrap owner[name] so that `fix` sees what it throws: (error, its arguments). `receiver` gives the native its `this`;
  // `call` calls it (Date's toLocale*String with Node 20's hour cycle, intl_hour_cycle.js).
  function wrap(owner, name, fix, receiver = (self) => self, call = apply) {
    const native = owner[name];
    const wrapper = named(name)(native, fix, receiver, call);
    defineProperty(wrapper, "length", { value: native.length, writable: false, enumerable: false, configurable: true });
    replace(owner, name, wrapper);
  }
  // The wrapper of a method `name`, compiled with that name: V8 finds the property a frame's method was called as
  // (CallSite's getMethodName) by the name a function is compiled with, which a computed one (`{ [name]() {} }`) lacks,
  // so that a wrapped built-in's frame gives Node's method name where the receiver holds the wrapper (stack_format.js).
  const indirectEval = eval;
  const named = (name) => indirectEval(`"use strict";\n(native, fix, receiver, call) => ({
    ${name}() {
      try {
        return call(native, receiver(this), arguments);
      } catch (error) {
        if (error !== null && typeof error === "object") fix(error, arguments);
        throw error;
      }
    },
  }).${name};\n//# sourceURL=segtui:prelude.js\n`);

  // Wrap the constructor owner[name] (called with or without `new`) the same way: a function of the native's name, so
  // that its frame reads as the native's ("new NumberFormat") and stacks.py keeps the native's frame above it.
  function wrapConstructor(owner, name, fix, prepare = (args) => args) {
    const native = owner[name];
    const functions = {
      [name]: function () {
        try {
          const args = prepare(arguments);
          return new.target === undefined ? apply(native, this, args)
            : construct(native, args, new.target === functions[name] ? native : new.target);
        } catch (error) {
          if (error !== null && typeof error === "object") fix(error, arguments);
          throw error;
        }
      },
    };
    const wrapper = functions[name];
    defineProperty(wrapper, "length", { value: native.length, writable: false, enumerable: false, configurable: true });
    defineProperty(wrapper, "prototype", { value: native.prototype, writable: false, enumerable: false, configurable: false });
    defineProperty(native.prototype, "constructor", { value: wrapper, writable: true, enumerable: false, configurable: true });
    // Called on the wrapper, it runs on the native, whose frame V8 then names `Function.supportedLocalesOf` as Node's.
    defineProperty(wrapper, "supportedLocalesOf", { value: native.supportedLocalesOf, writable: true, enumerable: false, configurable: true });
    wrap(wrapper, "supportedLocalesOf", fix, (self) => (self === wrapper ? native : self));
    replace(owner, name, wrapper);
  }

  const CALLBACKS = ["every", "filter", "find", "findIndex", "findLast", "findLastIndex", "forEach", "reduce", "reduceRight", "some"];
  const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
  for (const name of CALLBACKS) {
    wrap(Array.prototype, name, callbackFix("callback", 0));
    wrap(TypedArrayPrototype, name, callbackFix("callback", 0));
  }
  wrap(Array.prototype, "map", callbackFix("callback", 0));
  wrap(Array.prototype, "flatMap", callbackFix("mapper", 0));
  for (const owner of [Array.prototype, TypedArrayPrototype]) {
    wrap(owner, "sort", callbackFix("compare", 0));
    wrap(owner, "toSorted", callbackFix("compare", 0));
    wrap(owner, "toLocaleString", localeFix);
  }
  wrap(Array, "from", callbackFix("callback", 1));
  for (const [owner, names] of [[String.prototype, ["localeCompare", "toLocaleLowerCase", "toLocaleUpperCase"]],
    [Number.prototype, ["toLocaleString"]], [BigInt.prototype, ["toLocaleString"]], [Intl, ["getCanonicalLocales"]]]) {
    for (const name of names) wrap(owner, name, localeFix);
  }
  for (const [name, required, defaults] of [["toLocaleString", "any", "all"], ["toLocaleDateString", "date", "date"],
    ["toLocaleTimeString", "time", "time"]]) {
    const call = internal.node20LocaleString(Date.prototype[name], required, defaults);
    wrap(Date.prototype, name, dateFix, undefined, (native, self, args) => call(self, args));
  }
  for (const name of ["Collator", "DisplayNames", "ListFormat", "NumberFormat", "PluralRules", "RelativeTimeFormat", "Segmenter"]) {
    wrapConstructor(Intl, name, localeFix);
  }
  wrapConstructor(Intl, "DateTimeFormat", dateFix, internal.withNode20HourCycle);

  internal.wording = { reword, replace, standFor };
})(globalThis);
