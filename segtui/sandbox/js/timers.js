// setTimeout and friends as a timer queue in JS; each due timer runs as its own task (so the microtasks one queued all
// run before the next, as in Node), scheduled with Atomics.waitAsync because bare V8 has no event loop of its own: a
// wait with a timeout until the next is due, or, when it is due already, a `task` woken at once by Atomics.notify (a
// timed wait's round trip through V8's platform cost ~35 µs a timer: 20,000 due together took ~0.75 s, Node ~0.04 s).
(function (global) {
  "use strict";
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const { keys, apply, then, append, resolved, adopt, microtask } = global.__segtui.intrinsics;
  const atomics = Atomics;  // the object itself too: a handler may delete or replace the global
  const waitAsync = atomics.waitAsync;
  const notify = atomics.notify;
  // The handler's timers by id, with no prototype, and everything they need taken before the handler runs: a
  // handler that replaces Map's, Array's, Promise's or Atomics' methods changes its own, never segtui's timers.
  const timers = Object.create(null);
  const now = Date.now.bind(Date);
  const segtui = global.__segtui;
  const determinism = segtui.determinism;
  // When a timer is due on deterministic mode's frozen clock (determinism.js), which its callback then finds.
  const frozenDue = (delay) => (determinism.active ? determinism.instant + delay : 0);
  let nextId = 1;
  let armedFor = null;
  let generation = 0;
  let uncaught = null;
  // An immediate runs before every timeout, as Node's check phase comes before its next timers phase (after I/O, in a
  // timer), but one set by an immediate waits for the timeouts due by then (the next loop's timers phase come first):
  // its place is kept by its due time, moved this far ahead, never by how long apart two calls ran (a busy host).
  const IMMEDIATE_LEAD = 1e9;
  let inImmediate = false;

  // Whether a Timeout or Immediate keeps Node's process alive, which handlers read back with hasRef() (named as Node's).
  const REFED = Symbol("refed");

  // Node returns a Timeout object; handlers call ref/unref on it, and it converts to its id. Its timer is the one in
  // its private slot, whatever the handler sets on its `id`. Its callback is its `_onTimeout`, as Node's, which
  // clearTimeout(timeout) sets to null and node_timer_frames.js calls it as.
  class Timeout {
    #id;
    constructor(id, callback) {
      this.#id = id;
      this.id = id;
      this._onTimeout = callback;
      this[REFED] = true;
    }
    // The id of `timeout` when it is one of these, else undefined (nothing of it is read or converted).
    static idOf(timeout) {
      return timeout !== null && typeof timeout === "object" && #id in timeout ? timeout.#id : undefined;
    }
    ref() {
      this[REFED] = true;
      return this;
    }
    unref() {
      this[REFED] = false;
      return this;
    }
    hasRef() { return this[REFED]; }
    refresh() {
      const timer = timers[this.#id];
      if (timer !== undefined) {
        timer.due = now() + (timer.repeat === null ? timer.delay : timer.repeat);
        timer.frozenDue = frozenDue(timer.repeat === null ? timer.delay : timer.repeat);
        timer.version += 1;
        push(timer);
        arm();
      }
      return this;
    }
    [Symbol.toPrimitive]() { return this.id; }
  }

  // setImmediate's Immediate: it has no id (clearTimeout cannot clear it), and once it ran or was cleared its ref
  // state is gone (hasRef() false, ref() and unref() do nothing) and its `_onImmediate` (its callback) is null, as in
  // Node.
  class Immediate {
    #timer;
    constructor(timer) {
      this.#timer = timer;
      this._onImmediate = timer.callback;
      this[REFED] = true;
    }
    ref() {
      if (this[REFED] === false) this[REFED] = true;
      return this;
    }
    unref() {
      if (this[REFED] === true) this[REFED] = false;
      return this;
    }
    hasRef() { return !!this[REFED]; }
    static clear(immediate) {
      if (immediate === null || typeof immediate !== "object" || !(#timer in immediate)) return;
      const timer = immediate.#timer;
      if (timers[timer.id] === timer) delete timers[timer.id];
      if (immediate[REFED] !== null) immediate._onImmediate = null;
      immediate[REFED] = null;
    }
  }

  // The handler's timers in a binary heap by (due, when armed); a node whose timer was cleared or moved is stale and
  // dropped when it comes to the top. segtui's own (`soon`) are few and kept apart. In deterministic mode a node is
  // keyed by when its timer is due on the frozen clock, so timers fire in the same order run after run, however late
  // a busy host makes one (each still waits for its real time).
  const heap = [];
  const internals = Object.create(null);

  // Timers due at the same time fire in the order they were (re)armed, as Node appends a repeated or refreshed timer
  // to the end of its list: an interval set before a timeout that clears it, due a millisecond later, fires once.
  let armings = 0;

  function earlier(a, b) {
    return a.due < b.due || (a.due === b.due && a.armed < b.armed);
  }

  function push(timer) {
    let at = heap.length;
    append(heap, { timer, due: determinism.active ? timer.frozenDue : timer.due, version: timer.version, armed: armings++ });
    while (at > 0) {
      const parent = (at - 1) >> 1;
      if (!earlier(heap[at], heap[parent])) break;
      const swap = heap[parent];
      heap[parent] = heap[at];
      heap[at] = swap;
      at = parent;
    }
  }

  function pop() {
    const last = heap[heap.length - 1];
    heap.length -= 1;
    if (heap.length === 0) return;
    heap[0] = last;
    let at = 0;
    for (;;) {
      const left = 2 * at + 1;
      const right = left + 1;
      let first = at;
      if (left < heap.length && earlier(heap[left], heap[first])) first = left;
      if (right < heap.length && earlier(heap[right], heap[first])) first = right;
      if (first === at) return;
      const swap = heap[first];
      heap[first] = heap[at];
      heap[at] = swap;
      at = first;
    }
  }

  // The handler's next timer, its stale nodes dropped; null when none is set.
  function nextOwn() {
    while (heap.length > 0 && (timers[heap[0].timer.id] !== heap[0].timer || heap[0].version !== heap[0].timer.version)) pop();
    return heap.length > 0 ? heap[0].timer : null;
  }

  // The next timer to fire: the earliest; at the same time, the handler's before segtui's own, then the first set.
  function nextDue() {
    let best = nextOwn();
    const ids = keys(internals);
    for (let i = 0; i < ids.length; i++) {
      const timer = internals[ids[i]];
      if (best === null || timer.due < best.due || (timer.due === best.due && best.internal && timer.id < best.id)) {
        best = timer;
      }
    }
    return best;
  }

  // segtui's tasks to run at once, each a task of its own after every microtask queued before it (fetch.js's flush,
  // a timer due already), in order. V8 settles every wait notified before one of its tasks in that one task, so two
  // waits at a time would run the second before the microtasks the first queued: one waits at a time, and the next
  // is made from within the one before (V8 settles it in a later task, once this one's microtasks have run).
  const woken = new Int32Array(new SharedArrayBuffer(4));
  const tasks = [];
  let firstTask = 0;
  function wake() {
    const waited = apply(waitAsync, atomics, [woken, 0, 0]);
    apply(notify, atomics, [woken, 0, 1]);
    then(adopt(waited.value), runTask);
  }
  function runTask() {
    const callback = tasks[firstTask];
    tasks[firstTask++] = undefined;
    if (firstTask === tasks.length) tasks.length = firstTask = 0;
    else wake();
    callback();
    runTicks();
  }
  function task(callback) {
    append(tasks, callback);
    if (tasks.length - firstTask === 1) wake();
  }

  // process.nextTick's queue, run as Node runs it: at the end of the task that queued it (before the microtasks that
  // task queued, even earlier ones), or, queued by a microtask, once every microtask has run; a tick queued by a tick
  // runs in the same turn, before any microtask.
  const ticks = [];
  let firstTick = 0;
  let tickTask = false;
  function runTicks() {
    while (firstTick < ticks.length) {
      const tick = ticks[firstTick];
      ticks[firstTick++] = undefined;
      try {
        apply(tick.callback, undefined, tick.args);
      } catch (error) {
        report(error);
      }
    }
    ticks.length = firstTick = 0;
  }
  function nextTick(callback, args) {
    append(ticks, { __proto__: null, callback, args });
    if (tickTask) return;
    tickTask = true;
    task(() => {
      tickTask = false;
    });
  }

  function arm() {
    const timer = nextDue();
    if (timer === null || (armedFor !== null && timer.due >= armedFor)) return;
    const token = ++generation;
    armedFor = timer.due;
    const fireArmed = () => {
      if (token === generation) fire();
    };
    const wait = timer.due - now();
    if (wait <= 0) {
      task(fireArmed);
      return;
    }
    // V8 has been seen to answer a wait at once ("timed-out", not a promise): then the next microtask looks again.
    const waited = apply(waitAsync, atomics, [cell, 0, 0, wait > 0.001 ? wait : 0.001]);
    then(waited.async ? adopt(waited.value) : resolved(), fireArmed);
  }

  // An error nothing catches (a timer's, an event listener's): Node would crash the instance; segtui logs it and fails
  // the run with it.
  function report(error) {
    if (uncaught === null) uncaught = error;
    global.console.error("Uncaught", error);
  }

  function fire() {
    armedFor = null;
    const timer = nextDue();
    if (timer !== null && timer.due <= now()) {
      if (timer.internal) {
        delete internals[timer.id];
      } else {
        pop();
        segtui.nodeDrain.ticks = false;
        determinism.reach(timer.frozenDue);
        if (timer.timeout && !timer.timeout._onTimeout) {  // as Node's listOnTimeout: one the handler emptied goes unrun
          delete timers[timer.id];
          arm();
          return;
        }
        if (timer.repeat === null) {
          delete timers[timer.id];
          if (timer.immediate) timer.immediate[REFED] = null;
        } else {
          timer.due = now() + timer.repeat;
          timer.frozenDue = frozenDue(timer.repeat);
          timer.version += 1;
          push(timer);
        }
      }
      inImmediate = !timer.internal && timer.immediate !== null;
      try {
        if (timer.immediate) segtui.nodeTimers.runImmediate(timer.immediate, timer.args);
        else if (timer.timeout) segtui.nodeTimers.runTimeout(timer.timeout, timer.args);
        else apply(timer.callback, global, timer.args);
      } catch (error) {
        report(error);
      } finally {
        if (timer.immediate) timer.immediate._onImmediate = null;
        inImmediate = false;
        runTicks();
        arm();
      }
      return;
    }
    arm();
  }

  // A timeout's delay as Node reads it (`after *= 1`: a BigInt throws, as mixing types does), after its callback is
  // checked, as Node checks it first.
  function delayOf(callback, ms) {
    callable(callback);
    const n = ms * 1;
    return n >= 1 && n <= 2147483647 ? n : 1;
  }

  // Node's error for a callback that is none (node_errors.js loads after this file, so it is looked up when needed).
  function callable(callback) {
    if (typeof callback !== "function") throw segtui.nodeErrors.invalidArgType("callback", "of type function", callback);
  }

  // A timer of the handler's, due in `delay` ms (at least 1 for a timeout, as Node's), `lead` ms earlier (an
  // immediate's IMMEDIATE_LEAD).
  function schedule(callback, delay, args, repeat, lead = 0) {
    callable(callback);
    const id = nextId++;
    const timer = { id, callback, args, delay, due: now() + delay - lead, repeat: repeat ? delay : null, internal: 0,
      version: 0, frozenDue: frozenDue(delay) - lead, immediate: null, timeout: null };
    timers[id] = timer;
    push(timer);
    arm();
    return timer;
  }

  // As Node's clearTimeout: a Timeout (its `_onTimeout` then null, even once it ran), or its id as a number or a
  // string; anything else (a symbol, a BigInt, a boxed string, an object whatever its valueOf) clears nothing and is
  // never converted, so it cannot throw.
  function clear(timeout) {
    const kind = typeof timeout;
    const id = kind === "number" || kind === "string" ? timeout : Timeout.idOf(timeout);
    if (id === undefined) return;
    if (kind === "object" && timeout._onTimeout) timeout._onTimeout = null;
    const timer = timers[id];
    if (timer === undefined || timer.immediate !== null) return;
    if (timer.timeout && timer.timeout._onTimeout) timer.timeout._onTimeout = null;  // by its id too, as Node's
    delete timers[timer.id];
  }

  const timeoutOf = (timer) => (timer.timeout = new Timeout(timer.id, timer.callback));

  // Each global under its own name and with Node's length (its declared arguments), as `setTimeout.name` reads in Node.
  const timerGlobals = {
    setTimeout: [(callback, ms, ...args) => timeoutOf(schedule(callback, delayOf(callback, ms), args, false)), 5],
    setInterval: [(callback, ms, ...args) => timeoutOf(schedule(callback, delayOf(callback, ms), args, true)), 5],
    setImmediate: [(callback, ...args) => {
      const timer = schedule(callback, 0, args, false, inImmediate ? 0 : IMMEDIATE_LEAD);
      return (timer.immediate = new Immediate(timer));
    }, 4],
    clearTimeout: [(timeout) => clear(timeout), 1],
    clearInterval: [(timeout) => clear(timeout), 1],
    clearImmediate: [(immediate) => Immediate.clear(immediate), 1],
  };
  for (const name of keys(timerGlobals)) {
    const [run, length] = timerGlobals[name];
    const named = { [name]() { return apply(run, undefined, arguments); } }[name];
    Object.defineProperty(named, "length", { value: length, configurable: true });
    global[name] = named;
  }
  global.__segtui.timers = {
    // Milliseconds until the handler's next timer is due (0 when one is due already, or when a task or a tick waits to
    // run: a fetch's host call must not hold them, e.g. the ticks that end a response body's read), or null when none.
    nextDueIn() {
      if (firstTask < tasks.length || firstTick < ticks.length) return 0;
      const timer = nextOwn();
      return timer === null ? null : (timer.due > now() ? timer.due - now() : 0);
    },
    // Run segtui's `callback` as a task of its own after the handler's timers due by now; clearTimeout cannot reach it.
    soon(callback) {
      const id = nextId++;
      internals[id] = { id, callback, args: [], delay: 0, due: now(), repeat: null, internal: 1 };
      arm();
    },
    // Run segtui's `callback` as a task of its own once every microtask queued so far has run (before timers due later).
    task,
    report,
    nextTick,
    // Run the ticks queued so far, as the task that queued them ends (runtime.js, as the host's call ends).
    runTicks,
    // Call the handler's `callback` with `args` in a microtask (queueMicrotask): what it throws is reported as
    // uncaught, as Node's would be.
    microtask(callback, args) {
      microtask(() => {
        try {
          apply(callback, undefined, args);
        } catch (error) {
          report(error);
        }
      });
    },
    takeUncaught() {
      const error = uncaught;
      uncaught = null;
      return error;
    },
  };
})(globalThis);

// What sandbox.py calls at the end of a handler's top level, in the same script: the ticks it queued run in its task,
// before the microtasks it queued, as Node's do. A lexical binding of the prelude (`ɾ` is U+027E), so no property of
// the global object that Node's lacks.
const ɾunTicks = globalThis.__segtui.timers.runTicks;
