// The globals Node 20 gives every script besides the contract's, which public functions use: `global`, `process`,
// TextEncoder/TextDecoder, Blob/File, structuredClone, queueMicrotask and `performance`. process.env is empty, never
// segtui's own environment (it holds secrets), and reads its assigned values back as strings, as Node's does.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { Proxy, hasOwn } = internal.intrinsics;
  const { microtask } = internal.intrinsics;
  const { invalidArgType } = internal.nodeErrors;
  const timers = internal.timers;
  const process = internal.nodeProcess;
  const { defineProperty } = Object;
  const now = Date.now.bind(Date);
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
    microtask(() => {
      try {
        callback();
      } catch (error) {
        timers.report(error);  // as Node's uncaught exception, which ends the invocation
      }
    });
  }

  // Node's performance, measured on the real clock (deterministic mode leaves it real, as the timers); its user
  // timing (mark, measure, the entry lists) is not available in segtui.
  const timeOrigin = now();
  class Performance {
    get timeOrigin() {
      return timeOrigin;
    }

    now() {
      return now() - timeOrigin;
    }

    toJSON() {
      return { nodeTiming: {}, timeOrigin, eventLoopUtilization: {} };
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
