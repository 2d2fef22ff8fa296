// Segment's `cache` global: process-local values with a time to live, kept for one warm load
// (a fresh load, like each test in Segment's editor, starts empty). The ttl counts from when
// the value arrives.
//
// Choices where Segment's documentation is silent: a ttl that is omitted, null or negative
// never expires, 0 expires at once; loads of a key that is already loading share that load,
// so `fn` runs once; a rejected load caches nothing and rejects every caller that shared it;
// `delete` also forgets a load in flight, whose result is then not kept. Time is the real
// clock, even in deterministic mode.
(function (global) {
  "use strict";
  const now = Date.now.bind(Date);
  const values = new Map();
  const loading = new Map();

  function lifetimeOf(ttl) {
    if (ttl === undefined || ttl === null) return Infinity;
    if (typeof ttl !== "number" || Number.isNaN(ttl)) {
      throw new TypeError(`cache.load: ttl must be a number of milliseconds, got ${typeof ttl}`);
    }
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
