// The globals Node 20 gives every script besides the contract's, which public functions use: `global`, `process`,
// TextEncoder/TextDecoder, Blob/File, structuredClone, queueMicrotask and `performance`. process.env is empty, never
// segtui's own environment (it holds secrets), and reads its assigned values back as strings, as Node's does.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { Proxy, hasOwn } = internal.intrinsics;
  const { invalidArgType } = internal.nodeErrors;
  const timers = internal.timers;
  const process = internal.nodeProcess;
  const { defineProperty } = Object;
  const now = internal.processClock;  // node_process.js: the wall clock, or the frozen one in deterministic mode
  const determinism = internal.determinism;
  const String = global.String;

  const env = new Proxy({}, {
    set(target, name, value) {
      target[name] = String(value);
      return true;
    },
    defineProperty(target, name, descriptor) {
      if (!hasOwn(descriptor, "value")) return false;
      target[name] = String(descriptor.value);
      return true;
    },
  });
  defineProperty(process, "env", { value: env, writable: true, enumerable: true, configurable: true });

  function queueMicrotask(callback) {
    if (typeof callback !== "function") throw invalidArgType("callback", "of type function", callback);
    timers.microtask(callback, []);
  }

  // Node's performance, on hrtime's clock (in deterministic mode its origin is where the frozen clock stood when the
  // event began, so each event's now() starts at 0); its user timing (mark, measure, the entry lists) is not available
  // in segtui.
  const realOrigin = now();
  const origin = () => (determinism.active ? determinism.origin : realOrigin);
  class Performance {
    get timeOrigin() {
      return origin();
    }

    now() {
      return now() - origin();
    }

    toJSON() {
      return { nodeTiming: {}, timeOrigin: origin(), eventLoopUtilization: {} };
    }
  }
  for (const name of ["clearMarks", "clearMeasures", "clearResourceTimings", "getEntries", "getEntriesByName",
    "getEntriesByType", "mark", "measure", "setResourceTimingBufferSize", "eventLoopUtilization", "markResourceTiming",
    "timerify"]) {
    defineProperty(Performance.prototype, name, {
      value() {
        throw new Error(`performance.${name} is not available in segtui`);
      },
      writable: true, configurable: true,
    });
  }
  defineProperty(Performance.prototype, Symbol.toStringTag, { value: "Performance", configurable: true });

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
  shown("performance", new Performance());
})(globalThis);
