// setTimeout and friends as a timer queue in JS; each due timer runs as its own task,
// scheduled with Atomics.waitAsync because bare V8 has no event loop of its own.
(function (global) {
  "use strict";
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const { keys, apply, then, append } = global.__segtui.intrinsics;
  const waitAsync = Atomics.waitAsync;
  // id -> timer, with no prototype, and everything it needs taken before the handler runs: a handler that
  // replaces Map's, Array's, Promise's or Atomics' methods changes its own, never segtui's timers.
  const timers = Object.create(null);
  const now = Date.now.bind(Date);
  let nextId = 1;
  let armedFor = null;
  let generation = 0;
  let uncaught = null;

  // Node returns a Timeout object; handlers call ref/unref on it, and it converts to its id.
  class Timeout {
    constructor(id) {
      this.id = id;
    }
    ref() { return this; }
    unref() { return this; }
    hasRef() { return true; }
    refresh() {
      const timer = timers[this.id];
      if (timer !== undefined) {
        timer.due = now() + (timer.repeat === null ? timer.delay : timer.repeat);
        arm();
      }
      return this;
    }
    [Symbol.toPrimitive]() { return this.id; }
  }

  function all() {
    const ids = keys(timers);
    const list = [];
    for (let i = 0; i < ids.length; i++) append(list, timers[ids[i]]);
    return list;
  }

  // The next timer to fire: the earliest; at the same time, the handler's before segtui's own, then the first set.
  function nextDue() {
    let best = null;
    const list = all();
    for (let i = 0; i < list.length; i++) {
      const timer = list[i];
      if (best === null || timer.due < best.due ||
          (timer.due === best.due && (timer.internal < best.internal || (timer.internal === best.internal && timer.id < best.id)))) {
        best = timer;
      }
    }
    return best;
  }

  function arm() {
    const timer = nextDue();
    if (timer === null || (armedFor !== null && timer.due >= armedFor)) return;
    const token = ++generation;
    armedFor = timer.due;
    const wait = timer.due - now() > 0.001 ? timer.due - now() : 0.001;
    then(apply(waitAsync, Atomics, [cell, 0, 0, wait]).value, () => {
      if (token === generation) fire();
    });
  }

  function fire() {
    armedFor = null;
    const timer = nextDue();
    if (timer !== null && timer.due <= now()) {
      if (timer.repeat === null) delete timers[timer.id];
      else timer.due = now() + timer.repeat;
      try {
        apply(timer.callback, global, timer.args);
      } catch (error) {
        // Node would crash the instance; segtui logs the error and fails the run with it.
        if (uncaught === null) uncaught = error;
        global.console.error("Uncaught", error);
      } finally {
        arm();
      }
      return;
    }
    arm();
  }

  function delayOf(ms) {
    const n = Number(ms);
    return n >= 1 && n <= 2147483647 ? n : 1;
  }

  function schedule(callback, ms, args, repeat) {
    if (typeof callback !== "function") {
      const error = new TypeError(`The "callback" argument must be of type function. Received ${typeof callback}`);
      error.code = "ERR_INVALID_ARG_TYPE";
      throw error;
    }
    const id = nextId++;
    const delay = delayOf(ms);
    timers[id] = { id, callback, args, delay, due: now() + delay, repeat: repeat ? delay : null, internal: 0 };
    arm();
    return new Timeout(id);
  }

  function clear(timeout) {
    const id = Number(timeout);
    const timer = timers[id];
    if (timer !== undefined && !timer.internal) delete timers[id];
  }

  global.setTimeout = (callback, ms, ...args) => schedule(callback, ms, args, false);
  global.setInterval = (callback, ms, ...args) => schedule(callback, ms, args, true);
  global.setImmediate = (callback, ...args) => schedule(callback, 0, args, false);
  global.clearTimeout = clear;
  global.clearInterval = clear;
  global.clearImmediate = clear;
  global.__segtui.timers = {
    // Milliseconds until the handler's next timer is due (0 when one is due already), or null when none is set.
    nextDueIn() {
      let due = null;
      const list = all();
      for (let i = 0; i < list.length; i++) {
        if (!list[i].internal && (due === null || list[i].due < due)) due = list[i].due;
      }
      return due === null ? null : (due > now() ? due - now() : 0);
    },
    // Run segtui's `callback` as a task of its own after the handler's timers due by now; clearTimeout cannot reach it.
    soon(callback) {
      const id = nextId++;
      timers[id] = { id, callback, args: [], delay: 0, due: now(), repeat: null, internal: 1 };
      arm();
    },
    takeUncaught() {
      const error = uncaught;
      uncaught = null;
      return error;
    },
  };
})(globalThis);
