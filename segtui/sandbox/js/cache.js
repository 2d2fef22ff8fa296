// Segment's `cache` global: process-local values with a time to live, kept for one warm load
// (a fresh load, like each test in Segment's editor, starts empty). The ttl counts from when
// the value arrives.
//
// Choices where Segment's documentation is silent: a ttl that is omitted, null, negative or Infinity
// never expires, 0 expires at once, NaN or a non-number rejects; loads of a key that is already
// loading share that load, so `fn` runs once; a rejected load caches nothing and rejects every caller that shared it;
// `delete` also forgets a load in flight, whose result is then not kept. Time is the real
// clock, even in deterministic mode.
(function (global) {
  "use strict";
  const now = Date.now.bind(Date);
  const isNaN = Number.isNaN;  // as at start, whatever a handler put there since
  const values = new Map();
  const loading = new Map();

  const { invalidArgType, outOfRange } = global.__segtui.nodeErrors;

  // As Node words a bad argument: `The "ttl" argument must be of type number. Received type string ('5')`, and NaN,
  // a number that is none, as out of range.
  function lifetimeOf(ttl) {
    if (ttl === undefined || ttl === null) return Infinity;
    if (typeof ttl !== "number") throw invalidArgType("ttl", "of type number", ttl);
    if (isNaN(ttl)) throw outOfRange("ttl", "a number of milliseconds (-1: never expires)", ttl);
    return ttl < 0 ? Infinity : ttl;
  }

  function load(key, ttl, fn) {
    if (typeof ttl === "function" && fn === undefined) [ttl, fn] = [undefined, ttl];
    try {
      if (typeof fn !== "function") throw new TypeError("cache.load: the third argument must be an async function");
      const name = String(key);
      const lifetime = lifetimeOf(ttl);
      const entry = values.get(name);
      if (entry !== undefined && entry.expires > now()) return Promise.resolve(entry.value);
      values.delete(name);
      if (loading.has(name)) return loading.get(name);
      const pending = Promise.resolve().then(() => fn()).then(
        (value) => {
          if (loading.get(name) === pending) {
            loading.delete(name);
            values.set(name, { value, expires: now() + lifetime });
          }
          return value;
        },
        (error) => {
          if (loading.get(name) === pending) loading.delete(name);
          throw error;
        },
      );
      loading.set(name, pending);
      return pending;
    } catch (error) {
      return Promise.reject(error);
    }
  }

  global.cache = {
    load,
    delete(key) {
      const name = String(key);
      values.delete(name);
      loading.delete(name);
    },
  };
})(globalThis);
