// The globals Node 20 gives every script besides the contract's, which public functions use: `global`, `process`,
// TextEncoder/TextDecoder, Blob/File, structuredClone, queueMicrotask and `performance` (performance.js) with its entry
// classes, and `crypto`'s shape.
// process.env is empty, never segtui's own environment (it holds secrets), and reads its assigned values back as
// strings, as Node's does.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { Proxy, hasOwn } = internal.intrinsics;
  const { invalidArgType } = internal.nodeErrors;
  const timers = internal.timers;
  const { callerOf, method } = internal.callSites;
  const [typeName, functionName] = [method("getTypeName"), method("getFunctionName")];
  const process = internal.nodeProcess;
  const { defineProperty, assign } = Object;
  const captureStackTrace = Error.captureStackTrace;  // as Node's primordial, whatever a handler put there

  // As Node's process.env: a name and a value are made strings (a symbol either way throws V8's TypeError, where
  // reading, `in` and delete find no symbol), and a property is defined only by a data descriptor that is
  // configurable, writable and enumerable, as Node's checks it first.
  const textOf = (value) => `${value}`;
  const store = (target, name, value) => {
    const key = textOf(name);
    defineProperty(target, key, { value: textOf(value), writable: true, enumerable: true, configurable: true });
    return true;
  };
  const set = (descriptor, flag) => hasOwn(descriptor, flag) && descriptor[flag] === true;
  // Node's C++ makes this error: its code is a property, never in its name or String(error).
  const refused = (message) => assign(new TypeError(`'process.env' ${message}`), { code: "ERR_INVALID_OBJECT_DEFINE_PROPERTY" });
  // Node's process.env can never be made non-extensible (so frozen or sealed): every later event still writes it.
  // Object.freeze, seal and preventExtensions throw Node's TypeError for it, told by the built-in that called the trap;
  // Reflect.preventExtensions (or a call V8 cannot name) gets false.
  const LOCKS = { __proto__: null, freeze: "Cannot freeze", seal: "Cannot seal", preventExtensions: "Cannot prevent extensions" };
  function lockRefused() {
    const caller = callerOf(lockRefused);
    const message = caller === undefined || typeName(caller) === "Reflect" ? undefined : LOCKS[functionName(caller)];
    if (message === undefined) return false;
    const error = new TypeError(message);
    captureStackTrace(error, lockRefused);  // from the built-in's frame, as Node's C++ throws it
    throw error;
  }
  const env = new Proxy({}, {
    set: (target, name, value) => store(target, name, value),
    preventExtensions: lockRefused,
    defineProperty(target, name, descriptor) {
      if (hasOwn(descriptor, "value")) {
        if (set(descriptor, "writable") && set(descriptor, "enumerable") && set(descriptor, "configurable")) {
          return store(target, name, descriptor.value);
        }
      } else if (hasOwn(descriptor, "get") || hasOwn(descriptor, "set")) {
        throw refused("does not accept an accessor(getter/setter) descriptor");
      }
      throw refused("only accepts a configurable, writable, and enumerable data descriptor");
    },
  });
  defineProperty(process, "env", { value: env, writable: true, enumerable: true, configurable: true });

  function queueMicrotask(callback) {
    if (typeof callback !== "function") throw invalidArgType("callback", "of type function", callback);
    timers.microtask(callback, []);
  }

  const hidden = (name, value) => defineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
  const shown = (name, value) => defineProperty(global, name, { value, writable: true, configurable: true, enumerable: true });
  shown("global", global);
  hidden("process", process);
  hidden("TextEncoder", internal.textCodecs.TextEncoder);
  hidden("TextDecoder", internal.textCodecs.TextDecoder);
  hidden("Blob", internal.nodeBlob.Blob);
  hidden("File", internal.nodeBlob.File);
  shown("structuredClone", internal.structuredClone);
  shown("queueMicrotask", queueMicrotask);
  const { performance, PerformanceEntry, PerformanceMark, PerformanceMeasure } = internal.performance;  // performance.js
  hidden("PerformanceEntry", PerformanceEntry);
  hidden("PerformanceMark", PerformanceMark);
  hidden("PerformanceMeasure", PerformanceMeasure);
  shown("performance", performance);
  // crypto with Node 20's shape (an enumerable getter, listed by Object.keys) giving Segment's crypto module (crypto.js).
  // Node 20's has no setter (a sloppy script's `crypto = {...}` is ignored); this one's is an assumption, kept as the
  // reference harness's (tests/conformance/reference.js) and as segtui did before: Segment's wrapping of a function is
  // unknown, and there an assignment may well replace it. Assigned, it is a data property holding the value, as Node's
  // replaceable globals (Buffer, process) become.
  const cryptoModule = global.crypto;
  defineProperty(global, "crypto", Object.getOwnPropertyDescriptor({
    get crypto() {
      return cryptoModule;
    },
    set crypto(value) {
      shown("crypto", value);
    },
  }, "crypto"));
})(globalThis);
