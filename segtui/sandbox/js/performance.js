// Node 20.20's `performance` (lib/internal/perf/*.js), on hrtime's clock (in deterministic mode its origin is where the
// frozen clock stood when the event began, so each event's now() starts at 0), with its user timing: marks, measures and
// their entries, kept across events as Node keeps them for its process (one sandbox's: each of --concurrency's has its
// own). In deterministic mode each event starts with none, as its clock starts again at 0: a mark of an earlier event
// would give a negative duration, and which events a sandbox ran before depends on the scheduling. Node's start-up
// marks (nodeStart, …) are times of 0 (loopExit -1, as in a running Node). Resource timing, timerify and
// eventLoopUtilization are not available in segtui. Everything is read with what the prelude took at load: a handler
// that replaces Array.prototype.sort, an index setter or DOMException changes none of it, as Node's primordials.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { append, uncurry, isArray, apply } = internal.intrinsics;
  const { nodeError, invalidArgType, invalidArgValue } = internal.nodeErrors;
  const now = internal.processClock;  // node_process.js: the wall clock, or the frozen one in deterministic mode
  const determinism = internal.determinism;
  const clone = internal.structuredClone;
  const DOMException = global.DOMException;
  const sort = uncurry(Array.prototype.sort);
  const { push } = Array.prototype;
  const [fieldsOfEntry, setFields] = [uncurry(WeakMap.prototype.get), uncurry(WeakMap.prototype.set)];
  const { defineProperty } = Object;
  const INSPECT = Symbol.for("nodejs.util.inspect.custom");
  const TAG = Symbol.toStringTag;

  const realOrigin = now();
  const origin = () => (determinism.active ? determinism.origin : realOrigin);
  const sinceOrigin = () => now() - origin();
  const RESERVED = { __proto__: null, nodeStart: 0, v8Start: 0, environment: 0, loopStart: 0, loopExit: -1, bootstrapComplete: 0 };
  let marks = { __proto__: null };  // each mark's name: its time
  let markEntries = [];
  let measureEntries = [];
  let event = determinism.events;
  // The user timing as this event finds it: in deterministic mode, none left from an earlier event.
  function current() {
    if (!determinism.active || determinism.events === event) return;
    event = determinism.events;
    marks = { __proto__: null };
    markEntries = [];
    measureEntries = [];
  }

  const entryFields = new WeakMap();
  const SKIP = { __proto__: null };  // Node's kSkipThrow: only segtui makes an entry or a measure
  const illegal = () => nodeError(TypeError, "ERR_ILLEGAL_CONSTRUCTOR", "Illegal constructor");
  const missing = (name) => nodeError(TypeError, "ERR_MISSING_ARGS", `The "${name}" argument must be specified`);
  const invalidTimestamp = (time) => nodeError(TypeError, "ERR_PERFORMANCE_INVALID_TIMESTAMP", `${time} is not a valid timestamp`);
  // An entry's fields, or Node's error (naming `kind`) for a `this` that is none.
  function fields(self, kind) {
    const found = fieldsOfEntry(entryFields, self);
    if (found === undefined) throw invalidArgType("this", `an instance of ${kind}`, self);
    return found;
  }
  const withDetail = (self, kind) => {
    const { name, entryType, startTime, duration, detail } = fields(self, kind);
    return { name, entryType, startTime, duration, detail };
  };
  class PerformanceEntry {
    constructor(skip = undefined, made = undefined) {
      if (skip !== SKIP) throw illegal();
      setFields(entryFields, this, made);
    }
    get name() { return fields(this, "PerformanceEntry").name; }
    get entryType() { return fields(this, "PerformanceEntry").entryType; }
    get startTime() { return fields(this, "PerformanceEntry").startTime; }
    get duration() { return fields(this, "PerformanceEntry").duration; }
    [INSPECT](depth, options) {
      if (depth < 0) return this;
      return `${this.constructor.name} ${internal.util().inspect(this.toJSON(), { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
    }
    toJSON() {
      const { name, entryType, startTime, duration } = fields(this, "PerformanceEntry");
      return { name, entryType, startTime, duration };
    }
  }
  // A time given to measure: a number, a start-up mark's name, or a mark's; Node's errors for the rest.
  function timeOf(name) {
    if (name === undefined) return undefined;
    if (typeof name === "number") {
      if (name < 0) throw invalidTimestamp(name);
      return name;
    }
    const text = `${name}`;
    if (text in RESERVED) return RESERVED[text];
    if (!(text in marks)) throw new DOMException(`The "${text}" performance mark has not been set`, "SyntaxError");
    return marks[text];
  }
  class PerformanceMark extends PerformanceEntry {
    constructor(name, options = undefined) {
      if (arguments.length === 0) throw missing("name");
      current();
      const text = `${name}`;
      if (text in RESERVED) throw invalidArgValue("name", text);
      if (options != null && (typeof options !== "object" || isArray(options))) throw invalidArgType("options", "of type object", options);
      const startTime = options?.startTime ?? sinceOrigin();
      if (typeof startTime !== "number") throw invalidArgType("startTime", "of type number", startTime);
      if (startTime < 0) throw invalidTimestamp(startTime);
      marks[text] = startTime;  // before the detail is cloned, as Node's: a detail it cannot clone still sets the time
      const detail = options?.detail;
      super(SKIP, { name: text, entryType: "mark", startTime, duration: 0, detail: detail != null ? clone(detail) : null });
    }
    get detail() { return fields(this, "PerformanceMark").detail; }
    toJSON() { return withDetail(this, "PerformanceMark"); }
  }
  class PerformanceMeasure extends PerformanceEntry {
    constructor(skip = undefined, made = undefined) {
      if (skip !== SKIP) throw illegal();
      super(skip, made);
    }
    get detail() { return fields(this, "PerformanceMeasure").detail; }
    toJSON() { return withDetail(this, "PerformanceMeasure"); }
  }
  for (const [owner, names] of [[PerformanceEntry, ["name", "entryType", "startTime", "duration", "toJSON"]],
    [PerformanceMark, ["detail"]], [PerformanceMeasure, ["detail"]]]) {
    for (let i = 0; i < names.length; i++) defineProperty(owner.prototype, names[i], { enumerable: true });
    if (owner !== PerformanceEntry) defineProperty(owner.prototype, TAG, { value: owner.name, configurable: true });
  }
  const invalidOptions = (why) => nodeError(TypeError, "ERR_PERFORMANCE_MEASURE_INVALID_OPTIONS", why);
  // Node 20.20's calculateStartDuration: a measure's start and duration from its start (a mark, or options) and end mark.
  function startAndDuration(startOrOptions, endMark) {
    const given = startOrOptions ?? 0;
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
    else end = sinceOrigin();
    if (typeof given === "string") start = timeOf(given);
    else if (options && start !== undefined) start = timeOf(start);
    else if (options && duration !== undefined && end !== undefined) start = end - timeOf(duration);
    else start = 0;
    return { start, duration: end - start };
  }
  const byStart = (first, second) => first.startTime - second.startTime;
  // Node's filterBufferMapByNameAndType: a new list of the entries of `type` (any) named `name` (any), by start time. All
  // types' entries are pushed onto one list there, which an index setter of the handler's sees.
  function entries(name, type) {
    current();
    let list = type === undefined ? [] : type === "mark" ? markEntries : type === "measure" ? measureEntries : [];
    if (type === undefined) {
      for (let i = 0; i < markEntries.length; i++) apply(push, list, [markEntries[i]]);
      for (let i = 0; i < measureEntries.length; i++) apply(push, list, [measureEntries[i]]);
    }
    if (name !== undefined || type !== undefined) list = kept(list, name, true);
    return sort(list, byStart);
  }
  // A new list of the entries of `list` named `name` (all when no name is given), or, `named` false, of those not named
  // `name` (none when no name is given), as Node's clearEntriesFromBuffer.
  function kept(list, name, named = false) {
    const left = [];
    for (let i = 0; i < list.length; i++) {
      if (name === undefined ? named : (fieldsOfEntry(entryFields, list[i]).name === name) === named) append(left, list[i]);
    }
    return left;
  }
  const brands = new WeakSet();
  const [isPerformance, brand] = [uncurry(WeakSet.prototype.has), uncurry(WeakSet.prototype.add)];
  // Node's validateInternalField for a method called on something else than `performance`.
  function check(self) {
    if (!isPerformance(brands, self)) throw invalidArgType("this", "an instance of Performance", self);
  }
  const textOf = (value) => (value === undefined ? undefined : `${value}`);
  class Performance {
    constructor(skip = undefined) {
      if (skip !== SKIP) throw illegal();
      brand(brands, this);
    }
    get timeOrigin() { check(this); return origin(); }
    now() { check(this); return sinceOrigin(); }
    mark(name, options = undefined) {
      check(this);
      if (arguments.length === 0) throw missing("name");
      const mark = new PerformanceMark(name, options);
      append(markEntries, mark);
      return mark;
    }
    measure(name, startOrOptions = undefined, endMark = undefined) {
      check(this);
      if (arguments.length === 0) throw missing("name");
      if (typeof name !== "string") throw invalidArgType("name", "of type string", name);
      current();
      const { start, duration } = startAndDuration(startOrOptions, endMark);
      const detail = startOrOptions?.detail;
      const made = { name, entryType: "measure", startTime: start, duration, detail: detail != null ? clone(detail) : null };
      const measure = new PerformanceMeasure(SKIP, made);
      append(measureEntries, measure);
      return measure;
    }
    clearMarks(name = undefined) {
      check(this);
      current();
      const text = textOf(name);
      if (text !== undefined && text in RESERVED) throw invalidArgValue("name", text);
      if (text === undefined) marks = { __proto__: null };
      else delete marks[text];
      markEntries = kept(markEntries, text);
    }
    clearMeasures(name = undefined) {
      check(this);
      current();
      measureEntries = kept(measureEntries, textOf(name));
    }
    getEntries() { check(this); return entries(undefined, undefined); }
    getEntriesByName(name, type = undefined) {
      check(this);
      if (arguments.length === 0) throw missing("name");
      return entries(`${name}`, textOf(type));
    }
    getEntriesByType(type) {
      check(this);
      if (arguments.length === 0) throw missing("type");
      return entries(undefined, `${type}`);
    }
    toJSON() { check(this); return { nodeTiming: {}, timeOrigin: origin(), eventLoopUtilization: {} }; }
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
  defineProperty(Performance.prototype, TAG, { value: "Performance", configurable: true });
  internal.performance = { performance: new Performance(SKIP), PerformanceEntry, PerformanceMark, PerformanceMeasure };
})(globalThis);
