// Node 20's AbortController and AbortSignal (on dom_events.js's EventTarget), so that fetch's `signal` option works
// as node-fetch 2.6.0 uses it: aborting rejects the fetch with an AbortError (fetch.js). AbortSignal.timeout arms one
// of the handler's timers, so a request waiting on the network is cut off when it is due (fetch_tickets.py).
(function (global) {
  "use strict";
  const { EventTarget, DOMException } = global;
  const { trustedEvent, invalidThis, shown } = global.__segtui.events;
  const { nodeError, invalidArgType, validateInteger } = global.__segtui.nodeErrors;
  const { append, apply, isArray } = global.__segtui.intrinsics;
  const setTimer = global.setTimeout;
  const addListener = EventTarget.prototype.addEventListener;
  const INSPECT = Symbol.for("nodejs.util.inspect.custom");
  const MAKE = Symbol("segtui.makeAbortSignal");
  let abortSignal;

  function validateSignal(signal, name) {
    if (signal !== undefined && (signal === null || typeof signal !== "object" || !("aborted" in signal))) {
      throw invalidArgType(name, "an instance of AbortSignal", signal);
    }
  }

  class AbortSignal extends EventTarget {
    #aborted = false;
    #reason = undefined;
    #onabort = null;
    #onabortAdded = false;
    #dependents = [];

    constructor(...made) {  // AbortSignal.length is 0, as Node's
      if (made[0] !== MAKE) throw nodeError(TypeError, "ERR_ILLEGAL_CONSTRUCTOR", "Illegal constructor");
      super();
    }

    get aborted() {
      if (!(#aborted in this)) throw invalidThis("AbortSignal");
      return this.#aborted;
    }

    get reason() {
      if (!(#aborted in this)) throw invalidThis("AbortSignal");
      return this.#reason;
    }

    throwIfAborted() {
      if (!(#aborted in this)) throw invalidThis("AbortSignal");
      if (this.#aborted) throw this.#reason;
    }

    // Like Node's event handler attributes: the first assignment adds a listener, in its place among the others,
    // that calls whatever the attribute holds when the event comes.
    get onabort() {
      if (!(#aborted in this)) throw invalidThis("AbortSignal");
      return this.#onabort;
    }

    set onabort(value) {
      if (!(#aborted in this)) throw invalidThis("AbortSignal");
      this.#onabort = value;
      if (this.#onabortAdded) return;
      this.#onabortAdded = true;
      const signal = this;
      apply(addListener, this, ["abort", function (event) {
        const handler = signal.#onabort;
        return typeof handler === "function" ? apply(handler, this, [event]) : undefined;
      }]);
    }

    static abort(reason = new DOMException("This operation was aborted", "AbortError")) {
      const signal = new AbortSignal(MAKE);
      signal.#aborted = true;
      signal.#reason = reason;
      return signal;
    }

    static timeout(delay) {
      validateInteger(delay, "delay", 0, 4294967295);
      const signal = new AbortSignal(MAKE);
      setTimer(() => abortSignal(signal, new DOMException("The operation was aborted due to timeout", "TimeoutError")), delay);
      return signal;
    }

    static any(signals) {
      if (!isArray(signals)) throw invalidArgType("signals", "an instance of Array", signals);
      for (let i = 0; i < signals.length; i++) validateSignal(signals[i], `signals[${i}]`);
      const signal = new AbortSignal(MAKE);
      for (let i = 0; i < signals.length; i++) {
        if (signals[i].aborted) {
          signal.#aborted = true;
          signal.#reason = signals[i].reason;
          return signal;
        }
      }
      for (let i = 0; i < signals.length; i++) {
        const source = signals[i];
        if (#dependents in source) append(source.#dependents, signal);
        else apply(addListener, source, ["abort", () => abortSignal(signal, source.reason), { once: true }]);
      }
      return signal;
    }

    // Past the depth, as Node's (whose signal has keys of its own): `[AbortSignal]`.
    [INSPECT](depth, options) {
      return depth < 0 ? "[AbortSignal]" : shown(this, { aborted: this.#aborted }, depth, options);
    }

    static {
      abortSignal = (signal, reason) => {
        if (signal.#aborted) return;
        signal.#aborted = true;
        signal.#reason = reason;
        signal.dispatchEvent(trustedEvent("abort"));
        const dependents = signal.#dependents;
        signal.#dependents = [];
        for (let i = 0; i < dependents.length; i++) abortSignal(dependents[i], reason);
      };
    }
  }

  class AbortController {
    #signal;

    get signal() {
      this.#signal ??= new AbortSignal(MAKE);
      return this.#signal;
    }

    abort(reason = new DOMException("This operation was aborted", "AbortError")) {
      abortSignal(this.#signal ??= new AbortSignal(MAKE), reason);
    }

    // Past the depth, as Node's: util.inspect's view of an object with no keys of its own, `AbortController {}`.
    [INSPECT](depth, options) {
      return depth < 0 ? this : shown(this, { signal: this.signal }, depth, options);
    }
  }

  for (const [prototype, name] of [[AbortSignal.prototype, "aborted"], [AbortSignal.prototype, "onabort"],
    [AbortController.prototype, "signal"], [AbortController.prototype, "abort"]]) {
    Object.defineProperty(prototype, name, { enumerable: true });
  }
  Object.defineProperty(AbortSignal.prototype, Symbol.toStringTag, { value: "AbortSignal", configurable: true });
  Object.defineProperty(AbortController.prototype, Symbol.toStringTag, { value: "AbortController", configurable: true });
  for (const cls of [AbortController, AbortSignal]) {
    Object.defineProperty(global, cls.name, { value: cls, writable: true, configurable: true, enumerable: false });
  }
})(globalThis);
