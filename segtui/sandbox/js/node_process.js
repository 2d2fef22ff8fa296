// Node's `process`, which the vendored packages (node_require.js) and handlers (node_globals.js) see: Node 20 on Linux,
// an empty environment (never segtui's own), nextTick run as Node runs its queue (timers.js; what its callback throws
// fails the run, as queueMicrotask's), hrtime on the wall clock (Date.now, in whole milliseconds; not monotonic as
// Node's is) or in deterministic mode on the frozen one, and stdout/stderr whose writes (winston's Console transport)
// land in Raw Log Output.
(function (global) {
  "use strict";
  const consoleState = global.__segtui.console;
  const { microtask } = global.__segtui.intrinsics;  // as Node's nextTick, whatever the handler did to Promise
  const Buffer = global.__segtui.ownBuffer;  // not the handler's Buffer.from, …
  const NODE_VERSION = "v20.19.0";
  const determinism = global.__segtui.determinism;
  const { invalidArgType, outOfRange } = global.__segtui.nodeErrors;
  const { isArray } = global.__segtui.intrinsics;
  const timers = global.__segtui.timers;
  const realNow = Date.now.bind(Date);
  const { BigInt } = global;  // taken now, as every built-in below: a handler may replace them
  const { trunc, round } = Math;
  // The clock of hrtime and performance.now in milliseconds: the wall clock, or in deterministic mode the frozen one (a
  // run's output must not depend on how long it took), which moves as timers fire, by their delays, which may be
  // fractional.
  const now = () => (determinism.active ? determinism.instant : realNow());

  // The clock in nanoseconds, as a BigInt.
  function nanoseconds() {
    const milliseconds = now();
    const whole = trunc(milliseconds);
    return BigInt(whole) * 1000000n + BigInt(round((milliseconds - whole) * 1e6));
  }

  function stream(level) {
    return {
      isTTY: false,
      write(chunk, encoding, callback) {
        const text = typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
        consoleState.write(level, text.endsWith("\n") ? text.slice(0, -1) : text);
        const done = typeof encoding === "function" ? encoding : callback;
        if (typeof done === "function") microtask(done);
        return true;
      },
      on() { return this; }, once() { return this; }, removeListener() { return this; },
    };
  }

  const listeners = () => process;
  const process = {
    title: "node", version: NODE_VERSION, versions: { node: NODE_VERSION.slice(1) }, platform: "linux", arch: "x64",
    release: { name: "node" }, env: {}, argv: ["node"], execArgv: [], execPath: "node", pid: 1, ppid: 0,
    noDeprecation: true, stdout: stream("log"), stderr: stream("error"),
    cwd: () => "/", uptime: () => 0, umask: () => 0o22, getuid: () => 0, getgid: () => 0,
    memoryUsage: () => ({ rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 }),
    // As Node's: the time since `time` (an earlier reading) by plain arithmetic, a second borrowed when needed.
    hrtime: Object.assign((time) => {
      const total = nanoseconds();
      const seconds = Number(total / 1000000000n);
      const rest = Number(total % 1000000000n);
      if (time === undefined) return [seconds, rest];
      if (!isArray(time)) throw invalidArgType("time", "an instance of Array", time);
      if (time.length !== 2) throw outOfRange("time", "2", time.length);
      const sec = seconds - time[0];
      const nsec = rest - time[1];
      return nsec < 0 ? [sec - 1, nsec + 1e9] : [sec, nsec];
    }, { bigint: nanoseconds }),
    nextTick(callback, ...args) {
      if (typeof callback !== "function") throw invalidArgType("callback", "of type function", callback);
      timers.nextTick(callback, args);
    },
    emitWarning() {},
    exit() {
      throw new Error("process.exit is not available in segtui");
    },
    on: listeners, once: listeners, off: listeners, addListener: listeners, removeListener: listeners,
    removeAllListeners: listeners, emit: () => false, listeners: () => [], listenerCount: () => 0,
    [Symbol.toStringTag]: "process",  // how axios tells Node from a browser
  };

  global.__segtui.nodeProcess = process;
  global.__segtui.processClock = now;
})(globalThis);
