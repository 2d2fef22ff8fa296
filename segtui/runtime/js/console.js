// console.* captured as log entries (level, time, text), formatted as Node's
// util.format does, and bounded so a chatty handler cannot exhaust memory.
(function (global) {
  "use strict";
  const MAX_ENTRIES = 10000;
  const MAX_CHARS = 2000000;
  const now = Date.now.bind(Date);
  const RealDate = Date;
  const state = { entries: [], dropped: 0, chars: 0, seq: 0 };

  function format(args) {
    return global.__segtui_util.formatWithOptions({ colors: false }, ...args);
  }

  function record(level, message) {
    state.seq++;
    if (state.entries.length >= MAX_ENTRIES || state.chars + message.length > MAX_CHARS) {
      state.dropped++;
      return;
    }
    state.chars += message.length;
    state.entries.push({ level, message, time: new RealDate(now()).toISOString(), seq: state.seq });
  }

  const console = {};
  for (const level of ["log", "info", "warn", "error", "debug"]) {
    console[level] = (...args) => record(level, format(args));
  }
  console.trace = (...args) => {
    const error = new Error(format(args));
    error.name = "Trace";
    record("error", error.stack);
  };
  console.dir = (value, options) => record("log", global.__segtui_util.inspect(value, options));
  console.assert = (condition, ...args) => {
    if (!condition) record("error", args.length ? "Assertion failed: " + format(args) : "Assertion failed");
  };

  global.console = console;
  Object.defineProperty(global, "__segtui_console", {
    value: {
      take() {
        const taken = { entries: state.entries, dropped: state.dropped };
        state.entries = [];
        state.dropped = 0;
        state.chars = 0;
        return taken;
      },
      sequence: () => state.seq,
    },
  });
})(globalThis);
