// console.* captured as log entries (level, time, text), formatted as Node's
// util.format does, and bounded so a chatty handler cannot exhaust memory.
(function (global) {
  "use strict";
  const MAX_ENTRIES = 10000;
  const MAX_CHARS = 2000000;
  const now = Date.now.bind(Date);
  const RealDate = Date;
  const util = global.__segtui.util;
  const table = global.__segtui.consoleTable;
  const promises = global.__segtui.promiseInspect;
  const { asAtStart } = global.__segtui.lazy;
  const { append, apply, uncurry, min, withoutOwnFrames, json, copyUnits, cutText } = global.__segtui.intrinsics;
  const state = { entries: [], dropped: 0, chars: 0, seq: 0, indent: "", sent: 0, inspecting: 0, met: [], waiting: [] };
  // The top level's logs, then each run's since its last request, are also written to shared memory as JSON lines (up
  // to MIRROR_CHARS): a top level that fails, or a run that ends spinning, stuck in a host call, or in its process's end
  // past the memory limit (one fill V8 cannot stop, before any request), cannot hand them over, and sandbox.py reads
  // them there, with no call into the context (what went before went to Python with each request).
  // The header holds three counts: the code units written, and the log lines and the emitted messages left out once
  // the mirror was full (the line that fills it is cut, as record() cuts one past the run's budget).
  const MIRROR_CHARS = 1 << 18;
  const mirrorBuffer = new SharedArrayBuffer(12 + 2 * MIRROR_CHARS);
  const mirrorCounts = new Int32Array(mirrorBuffer, 0, 3);
  const mirrorUnits = new Uint16Array(mirrorBuffer, 12);
  const store = Atomics.store;
  const LOG_LINES = 1;  // the counts of what was left out, by their place in the header
  const EMITTED = 2;
  let mirrored = 0;
  let mirrorFull = false;
  let mirrorClears = 0;  // a line finished after the mirror was cleared (a run's end, a request) is not rewritten in it

  // A log entry, or a source function's emitted message ({emitted}: its line is never cut, only left out).
  function mirror(entry, count = LOG_LINES) {
    if (mirrorFull) return leaveOut(count);
    let line = `${json(entry)}\n`;
    if (mirrored + line.length > MIRROR_CHARS) {
      mirrorFull = true;
      const { message } = entry;
      if (typeof message !== "string") return leaveOut(count);
      const room = MIRROR_CHARS - mirrored - (line.length - message.length) - 80;
      if (room <= 0) return leaveOut(count);
      line = `${json({ ...entry, message: cutText(message, room) })}\n`;
      if (mirrored + line.length > MIRROR_CHARS) return leaveOut(count);  // escapes made it longer
    }
    copyUnits(mirrorUnits, mirrored, line, 0, line.length);
    mirrored += line.length;
    store(mirrorCounts, 0, mirrored);  // after the line: a reader sees whole lines only
  }

  function leaveOut(count = LOG_LINES) {
    store(mirrorCounts, count, mirrorCounts[count] + 1);
  }

  function clearMirror() {
    mirrored = 0;
    mirrorFull = false;
    mirrorClears++;
    store(mirrorCounts, 0, 0);
    store(mirrorCounts, LOG_LINES, 0);
    store(mirrorCounts, EMITTED, 0);
  }
  // Taken before the handler runs, as Node's console takes its primordials: a handler that replaces Map's, Date's or
  // String's methods still logs.
  const timers = Object.create(null);
  const counts = Object.create(null);
  const toISOString = uncurry(Date.prototype.toISOString);
  const slice = uncurry(String.prototype.slice);
  const indexOf = uncurry(String.prototype.indexOf);
  const indexOfItem = uncurry(Array.prototype.indexOf);
  const splice = uncurry(Array.prototype.splice);
  const max = Math.max;
  const floor = Math.floor;
  const replace = uncurry(String.prototype.replace);
  const toFixed = uncurry(Number.prototype.toFixed);
  const captureStackTrace = Error.captureStackTrace;

  // util.format of args[from..to). The arguments go in a list of segtui's, not spread: a spread runs
  // Array.prototype[Symbol.iterator], which a handler may replace (Node's does not).
  function formatted(args, from, to) {
    const list = [{ colors: false }];
    for (let index = from; index < to; index++) append(list, args[index]);
    return apply(util().formatWithOptions, null, list);
  }

  // util.format's text, each stack in it without segtui's frames (`shown`). util.format writes the first argument
  // (a template with the arguments its placeholders take) and then each other one after a space: every such piece is
  // shown on its own, so that a stack's last frame is the end of its piece. A lone string is its own text, as in
  // util.format: the common log needs no inspect.
  function format(args) {
    if (args.length === 1 && typeof args[0] === "string") return shown(args[0]);
    if (args.length === 0) return "";
    return inspecting(() => {
      const first = args[0];
      const used = typeof first === "string" ? 1 + taken(first, args.length) : 1;
      let text;
      if (typeof first !== "string" || used > 1) text = formatted(args, 0, used);
      else if (indexOf(first, "%") < 0) text = first;
      else text = slice(formatted([first, ""], 0, 2), 0, -1);  // a `%%` is written as `%` when arguments follow
      text = shown(text);
      for (let index = used; index < args.length; index++) {
        const value = args[index];
        text += ` ${shown(typeof value === "string" ? value : formatted(args, index, index + 1))}`;
      }
      return text;
    });
  }

  // How many arguments after it a util.format template takes (as Node's formatWithOptionsInternal counts them).
  function taken(template, count) {
    let used = 0;
    for (let i = 0; i < template.length - 1; i++) {
      if (template[i] !== "%") continue;
      const next = template[++i];
      if (used + 1 !== count && indexOf("sjdOoifc", next) >= 0) used++;
    }
    return used;
  }

  // A stack in the text (an error logged, its `stack`) shows the handler's frames and not segtui's beneath them,
  // as Segment's logs show no frame of segtui.
  function shown(text) {
    return indexOf(text, "segtui:") >= 0 ? withoutOwnFrames(text) : text;
  }

  // Run `show` as the console's own reading of what it logs: what util.inspect reads of a settings object (its
  // `length`, say) is no read of the handler's, which runtime.js would otherwise note as a setting without a value.
  // A promise met is shown by placeholder until its state is known (promise_inspect.js).
  // A show that throws is tried again with the prototypes as they were before any handler ran (lazy.js's asAtStart):
  // util.inspect is plain JavaScript, which a handler's Array.prototype[Symbol.iterator], or a getter it put on
  // Object.prototype, breaks; Node's is immune (its primordials), so there the line is logged. Only a failure pays.
  function inspecting(show) {
    state.inspecting++;
    try {
      let result;
      try {
        result = promises.showing(show);  // indexed, not destructured: a handler may replace Array's iterator
      } catch (error) {
        // A line logged while another is shown (by a custom inspect) is not: the outer line is, once. Tried at every
        // level, a custom inspect that logs what it shows took twice the work per level of its recursion.
        if (state.inspecting > 1) throw error;
        result = asAtStart(() => promises.showing(show));
      }
      const met = result[1];
      for (let index = 0; index < met.length; index++) append(state.met, met[index]);
      return result[0];
    } finally {
      state.inspecting--;
    }
  }

  // A line's entry is numbered, timed and written as it is logged, each promise in it as pending; once their states
  // are known (a microtask later) its text is finished, and so is its line in the mirror while that is the last one
  // (a run that spins before then keeps the first text: no line is lost).
  function record(level, text, redo, again = false) {
    const met = [];  // the promises met since the last line (an inspect that threw left its own) that are in it
    for (let index = 0; index < state.met.length; index++) {
      if (indexOf(text, state.met[index].token) >= 0) append(met, state.met[index]);
    }
    state.met = [];
    state.seq++;
    if (state.entries.length >= MAX_ENTRIES || state.chars >= MAX_CHARS) {
      state.dropped++;
      leaveOut();  // nor is it in the mirror: a run read there counts it
      return;
    }
    const entry = { level, message: "", time: toISOString(new RealDate(now())), seq: state.seq };
    append(state.entries, entry);
    const indent = state.indent;
    if (met.length === 0) return void write(entry, text, indent);
    const first = shown(promises.pending(text, met));
    const start = mirrored;
    const waiting = { entry, complete: null, charged: write(entry, first, indent), start, end: mirrored, clears: mirrorClears };
    append(state.waiting, waiting);
    waiting.complete = promises.finish(text, met, redo, again, (final) => {
      const at = indexOfItem(state.waiting, waiting);
      if (at >= 0) splice(state.waiting, at, 1);
      final = shown(final);
      if (final === first) return;
      state.chars -= waiting.charged;
      const rewrite = !mirrorFull && waiting.clears === mirrorClears && waiting.end > waiting.start && waiting.end === mirrored;
      if (rewrite) {
        mirrored = waiting.start;
        store(mirrorCounts, 0, mirrored);
      }
      write(entry, final, indent, rewrite);
    });
  }

  // A line past the run's budget is cut, not lost, and it uses up the budget (answered: what it took of it).
  function write(entry, text, indent, mirrorIt = true) {
    const message = indent ? replace(text, /^/gm, indent) : text;
    const room = max(0, MAX_CHARS - state.chars);
    entry.message = cutText(message, room);
    const charged = min(message.length, room);
    state.chars += charged;
    if (mirrorIt) mirror(entry);
    return charged;
  }

  const console = {};
  for (const level of ["log", "info", "warn", "error", "debug"]) {
    console[level] = (...args) => record(level, format(args), () => format(args));
  }
  const log = console.log;
  // As Node's: the stack from the caller of console.trace, written as console.error(err.stack) writes it (an
  // Error.prepareStackTrace of the handler's may make it any value), without segtui's own frames under the handler.
  console.trace = function trace(...args) {
    const error = { name: "Trace", message: format(args) };
    captureStackTrace(error, trace);
    const stack = error.stack;
    apply(console.error, console, [stack]);
  };
  console.dir = (value, options) => {
    const show = () => shown(inspecting(() => util().inspect(value, options)));
    record("log", show(), show);
  };
  // As Node's: a warning whose first argument is written into its text as a template writes it ({} is
  // `[object Object]`), the rest formatted after it.
  console.assert = (condition, ...args) => {
    if (condition) return;
    args[0] = args.length === 0 ? "Assertion failed" : `Assertion failed: ${args[0]}`;
    apply(console.warn, console, args);
  };

  // As Node 20's formatTime: `12.5ms` (no trailing zeros), `1.500s`, `1:01.000 (m:ss.mmm)`, `1:00:00.000 (h:mm:ss.mmm)`.
  function elapsed(label) {
    let ms = now() - timers[label];
    if (ms < 1000) return `${+toFixed(ms, 3)}ms`;
    if (ms < 60000) return `${toFixed(ms / 1000, 3)}s`;
    const hours = floor(ms / 3600000);
    const minutes = floor((ms % 3600000) / 60000);
    const seconds = toFixed((ms % 60000) / 1000, 3);
    const padded = seconds.length < 6 ? `0${seconds}` : seconds;
    return hours ? `${hours}:${minutes < 10 ? "0" : ""}${minutes}:${padded} (h:mm:ss.mmm)` : `${minutes}:${padded} (m:ss.mmm)`;
  }
  // As Node's timeLogImpl: `console.log("%s: %s", label, time, ...data)`.
  function logTime(label, data) {
    const args = ["%s: %s", label, elapsed(label)];
    for (let index = 0; index < data.length; index++) append(args, data[index]);
    apply(console.log, console, args);
  }
  // Node emits its console's label warnings as process warnings (process.emitWarning), which it writes to stderr as
  // `(node:<pid>) Warning: <text>`. Segment's documentation (and segtui's runtime spec) does not say whether it shows
  // them, so segtui keeps them visible: a `warn` entry with Node's words after its `(node:<pid>) ` prefix, logged at
  // the call (Node writes it once the tick ends; deferred here, one made after an await was lost with the run's end).
  function warning(text) {
    record("warn", `Warning: ${text}`);
  }
  function missing(label, method) {
    warning(`No such label '${label}' for console.${method}()`);
  }
  // Labels are coerced as Node's console coerces them, by a template literal: a Symbol throws its TypeError.
  console.time = (label = "default") => {
    label = `${label}`;
    if (label in timers) warning(`Label '${label}' already exists for console.time()`);
    else timers[label] = now();
  };
  console.timeEnd = (label = "default") => {
    label = `${label}`;
    if (!(label in timers)) return missing(label, "timeEnd");
    logTime(label, []);
    delete timers[label];
  };
  console.timeLog = (label = "default", ...data) => {
    label = `${label}`;
    if (!(label in timers)) return missing(label, "timeLog");
    logTime(label, data);
  };
  console.count = (label = "default") => {
    label = `${label}`;
    const count = (counts[label] || 0) + 1;
    counts[label] = count;
    apply(console.log, console, [`${label}: ${count}`]);
  };
  // As Node's: countReset looks up the label it was given (count made its label text), so countReset(5) after count(5)
  // warns, and forgets what it resets.
  console.countReset = (label = "default") => {
    if (typeof label !== "string" || !(label in counts)) return warning(`Count for '${label}' does not exist`);
    delete counts[label];
  };
  // As Node's console, bound to it: count, group, timeEnd and timeLog write through its log, assert through its warn
  // and trace through its error, whatever function the handler put there.
  console.group = (...args) => {
    if (args.length) apply(console.log, console, args);
    state.indent += "  ";
  };
  console.groupCollapsed = console.group;
  console.groupEnd = () => {
    state.indent = slice(state.indent, 0, -2);
  };
  // As Node's: dirxml logs as console.log does; clear clears only a terminal's screen, and profile, profileEnd and
  // timeStamp reach only an attached inspector, so a function's calls to them write nothing.
  console.dirxml = (...args) => record("log", format(args), () => format(args));
  console.clear = () => {};
  console.profile = () => {};
  console.profileEnd = () => {};
  console.timeStamp = () => {};
  // As Node's: a box of the data's rows and columns (console_table.js), or what console.log writes of a primitive.
  // Node writes it through console.log; here it goes to the log itself even where a handler wrapped console.log (a
  // promise's text in a cell is only known once the box is drawn, which a handler's log would get too early).
  console.table = (data, properties) => {
    const show = () => {
      const text = inspecting(() => table(data, properties, util().inspect));
      return text === undefined ? format([data]) : shown(text);
    };
    record("log", show(), show, true);  // a promise's text sizes its column
  };

  global.console = console;

  // The run's logs, each line complete, still the console's (take() hands them over).
  function collect() {
    const waiting = state.waiting;  // each completes once, leaving the list whatever its formatting does
    state.waiting = [];
    for (let index = 0; index < waiting.length; index++) waiting[index].complete();
    return { entries: state.entries, dropped: state.dropped };
  }
  global.__segtui.console = {
    collect,
    // The run's logs, handed over as it ends; the next run's are numbered from 1 again (`seq`), as each run's are.
    take() {
      const taken = collect();
      state.entries = [];
      state.dropped = 0;
      state.chars = 0;
      state.sent = 0;
      state.seq = 0;
      clearMirror();
      return taken;
    },
    // The entries since the last call (or take), for Python to keep in case the run ends spinning (fetch.js sends them).
    unsent() {
      const fresh = [];
      for (let i = state.sent; i < state.entries.length; i++) append(fresh, state.entries[i]);
      state.sent = state.entries.length;
      clearMirror();
      return fresh;
    },
    mirror: mirrorBuffer,
    // Mirror what a source function emits (source.js).
    mirrorEmitted(entry) {
      mirror({ emitted: entry }, EMITTED);
    },
    sequence: () => state.seq,
    // Whether the console is reading what it logs (`inspecting`).
    inspecting: () => state.inspecting > 0,
    write: record,
  };
})(globalThis);
