// The globals Node 20 gives every script besides the contract's, which public functions use: `global`, `process`,
// TextEncoder/TextDecoder, Blob/File, structuredClone, queueMicrotask and `performance`, and `crypto`'s shape.
// process.env is empty, never segtui's own environment (it holds secrets), and reads its assigned values back as
// strings, as Node's does.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { Proxy, hasOwn, append } = internal.intrinsics;
  const { invalidArgType } = internal.nodeErrors;
  const timers = internal.timers;
  const { callerOf, method } = internal.callSites;
  const [typeName, functionName] = [method("getTypeName"), method("getFunctionName")];
  const process = internal.nodeProcess;
  const { defineProperty, assign } = Object;
  const captureStackTrace = Error.captureStackTrace;  // as Node's primordial, whatever a handler put there
  const now = internal.processClock;  // node_process.js: the wall clock, or the frozen one in deterministic mode
  const determinism = internal.determinism;

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

  // Node's performance, on hrtime's clock (in deterministic mode its origin is where the frozen clock stood when the
  // event began, so each event's now() starts at 0), with its user timing: marks and measures, kept across events as
  // Node keeps them for its process. Resource timing, timerify and eventLoopUtilization are not available in segtui.
  const realOrigin = now();
  const origin = () => (determinism.active ? determinism.origin : realOrigin);
  const { nodeError } = internal.nodeErrors;
  const INSPECT = Symbol.for("nodejs.util.inspect.custom");
  const inspectEntry = (self, depth, options) => (depth < 0 ? self
    : `${self.constructor.name} ${internal.util().inspect(self.toJSON(), { ...options, depth: options.depth == null ? null : options.depth - 1 })}`);
  const cloned = (detail) => (detail != null ? internal.structuredClone(detail) : null);
  const marks = { __proto__: null };  // each mark's name: its time
  let buffers = { mark: [], measure: [] };
  class PerformanceEntry {
    #fields;
    constructor(fields) {
      this.#fields = fields;
    }
    get name() { return this.#fields.name; }
    get entryType() { return this.#fields.entryType; }
    get startTime() { return this.#fields.startTime; }
    get duration() { return this.#fields.duration; }
    get detail() { return this.#fields.detail; }
    toJSON() {
      return { name: this.name, entryType: this.entryType, startTime: this.startTime, duration: this.duration, detail: this.detail };
    }
    [INSPECT](depth, options) {
      return inspectEntry(this, depth, options);
    }
  }
  class PerformanceMark extends PerformanceEntry {}
  class PerformanceMeasure extends PerformanceEntry {}
  // A mark's time, a time given, or Node's error for a mark not set.
  function timeOf(name) {
    if (name === undefined) return undefined;
    if (typeof name === "number") {
      if (name < 0) throw nodeError(TypeError, "ERR_PERFORMANCE_INVALID_TIMESTAMP", `${name} is not a valid timestamp`);
      return name;
    }
    const text = `${name}`;
    if (!(text in marks)) throw new global.DOMException(`The "${text}" performance mark has not been set`, "SyntaxError");
    return marks[text];
  }
  const invalidOptions = (why) => nodeError(TypeError, "ERR_PERFORMANCE_MEASURE_INVALID_OPTIONS", why);
  // Node's calculateStartDuration: a measure's start and duration from its start (a mark, or options) and end mark.
  function startAndDuration(startOrOptions, endMark) {
    const given = startOrOptions === null || (typeof startOrOptions === "object" && Object.keys(startOrOptions).length === 0)
      ? undefined : startOrOptions;
    let start, end, duration;
    let options = false;
    if (typeof given === "object") {
      ({ start, end, duration } = given);
      options = start !== undefined || end !== undefined;
    }
    if (options) {
      if (endMark !== undefined) throw invalidOptions("endMark must not be specified");
      if (start !== undefined && end !== undefined && duration !== undefined) {
        throw invalidOptions("Must not have options.start, options.end, and options.duration specified");
      }
    }
    if (endMark !== undefined) end = timeOf(endMark);
    else if (options && end !== undefined) end = timeOf(end);
    else if (options && start !== undefined && duration !== undefined) end = timeOf(start) + timeOf(duration);
    else end = now() - origin();
    if (typeof given === "string") start = timeOf(given);
    else if (options && start !== undefined) start = timeOf(start);
    else if (options && duration !== undefined && end !== undefined) start = end - timeOf(duration);
    else start = 0;
    return { start, duration: end - start };
  }
  function entries(name, type) {
    const list = type === undefined ? [...buffers.mark, ...buffers.measure] : type in buffers ? buffers[type] : [];
    return list.filter((entry) => name === undefined || entry.name === name).sort((a, b) => a.startTime - b.startTime);
  }
  const without = (type, name) => (buffers = { ...buffers, [type]: buffers[type].filter((entry) => name !== undefined && entry.name !== name) });
  class Performance {
    get timeOrigin() {
      return origin();
    }

    now() {
      return now() - origin();
    }

    mark(name, options) {
      if (arguments.length === 0) throw nodeError(TypeError, "ERR_MISSING_ARGS", 'The "name" argument must be specified');
      const text = `${name}`;
      const given = options ?? {};
      if (typeof given !== "object") throw invalidArgType("options", "of type object", given);
      const startTime = given.startTime ?? now() - origin();
      if (typeof startTime !== "number") throw invalidArgType("startTime", "of type number", startTime);
      if (startTime < 0) throw nodeError(TypeError, "ERR_PERFORMANCE_INVALID_TIMESTAMP", `${startTime} is not a valid timestamp`);
      const mark = new PerformanceMark({ name: text, entryType: "mark", startTime, duration: 0, detail: cloned(given.detail) });
      marks[text] = startTime;
      append(buffers.mark, mark);
      return mark;
    }

    measure(name, startOrOptions, endMark) {
      if (typeof name !== "string") throw invalidArgType("name", "of type string", name);
      const { start, duration } = startAndDuration(startOrOptions, endMark);
      const measure = new PerformanceMeasure({ name, entryType: "measure", startTime: start, duration, detail: cloned(startOrOptions?.detail) });
      append(buffers.measure, measure);
      return measure;
    }

    clearMarks(name) {
      const text = name === undefined ? undefined : `${name}`;
      if (text === undefined) for (const key in marks) delete marks[key];
      else delete marks[text];
      without("mark", text);
    }

    clearMeasures(name) {
      without("measure", name === undefined ? undefined : `${name}`);
    }

    getEntries() {
      return entries(undefined, undefined);
    }

    getEntriesByName(name, type) {
      return entries(`${name}`, type === undefined ? undefined : `${type}`);
    }

    getEntriesByType(type) {
      return entries(undefined, `${type}`);
    }

    toJSON() {
      return { nodeTiming: {}, timeOrigin: origin(), eventLoopUtilization: {} };
    }
  }
  for (const name of ["clearResourceTimings", "setResourceTimingBufferSize", "eventLoopUtilization", "markResourceTiming",
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
