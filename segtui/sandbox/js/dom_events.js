// Node 20's DOMException, Event, CustomEvent and EventTarget globals, which AbortSignal is built on (abort.js). State
// lives in private fields, so a handler can neither see nor change it; messages and console.log's view are Node's.
(function (global) {
  "use strict";
  const { nodeError, invalidArgType, inspect } = global.__segtui.nodeErrors;
  const { append, apply, uncurry } = global.__segtui.intrinsics;
  // Taken before the handler runs, as Node's primordials: a handler that replaces Date, Error.captureStackTrace or
  // WeakSet's methods still aborts.
  const now = Date.now.bind(Date);
  const captureStackTrace = Error.captureStackTrace;
  const addTo = uncurry(WeakSet.prototype.add);
  const isIn = uncurry(WeakSet.prototype.has);
  const timers = global.__segtui.timers;
  const INSPECT = Symbol.for("nodejs.util.inspect.custom");
  const started = now();
  const LEGACY_CODES = [
    "INDEX_SIZE_ERR", "DOMSTRING_SIZE_ERR", "HIERARCHY_REQUEST_ERR", "WRONG_DOCUMENT_ERR", "INVALID_CHARACTER_ERR",
    "NO_DATA_ALLOWED_ERR", "NO_MODIFICATION_ALLOWED_ERR", "NOT_FOUND_ERR", "NOT_SUPPORTED_ERR", "INUSE_ATTRIBUTE_ERR",
    "INVALID_STATE_ERR", "SYNTAX_ERR", "INVALID_MODIFICATION_ERR", "NAMESPACE_ERR", "INVALID_ACCESS_ERR",
    "VALIDATION_ERR", "TYPE_MISMATCH_ERR", "SECURITY_ERR", "NETWORK_ERR", "ABORT_ERR", "URL_MISMATCH_ERR",
    "QUOTA_EXCEEDED_ERR", "TIMEOUT_ERR", "INVALID_NODE_TYPE_ERR", "DATA_CLONE_ERR",
  ];
  const NAMES = [
    "IndexSizeError", "DOMStringSizeError", "HierarchyRequestError", "WrongDocumentError", "InvalidCharacterError",
    "NoDataAllowedError", "NoModificationAllowedError", "NotFoundError", "NotSupportedError", "InUseAttributeError",
    "InvalidStateError", "SyntaxError", "InvalidModificationError", "NamespaceError", "InvalidAccessError",
    "ValidationError", "TypeMismatchError", "SecurityError", "NetworkError", "AbortError", "URLMismatchError",
    "QuotaExceededError", "TimeoutError", "InvalidNodeTypeError", "DataCloneError",
  ];
  const DISUSED = ["DOMStringSizeError", "NoDataAllowedError", "ValidationError"];
  const CODES = Object.create(null);  // name -> legacy code; 0 for the disused names and any other
  NAMES.forEach((name, index) => {
    if (!DISUSED.includes(name)) CODES[name] = index + 1;
  });

  function invalidThis(type) {
    return nodeError(TypeError, "ERR_INVALID_THIS", `Value of "this" must be of type ${type}`);
  }

  // Node's view of an object whose state is private: its class name and the fields it chooses.
  function shown(self, fields, depth, options) {
    const name = self.constructor.name;
    if (depth < 0) return name;
    return `${name} ${inspect(fields, { ...options, depth: Number.isInteger(options.depth) ? options.depth - 1 : options.depth })}`;
  }

  class DOMException {
    #name;
    #message;

    constructor(message = "", options = "Error") {
      captureStackTrace(this);
      if (options !== null && typeof options === "object") {
        this.#name = `${options.name}`;
        if ("cause" in options) {
          Object.defineProperty(this, "cause", { value: options.cause, configurable: true, writable: true, enumerable: false });
        }
      } else {
        this.#name = `${options}`;
      }
      this.#message = `${message}`;
    }

    get name() {
      if (!(#name in this)) throw invalidThis("DOMException");
      return this.#name;
    }

    get message() {
      if (!(#message in this)) throw invalidThis("DOMException");
      return this.#message;
    }

    get code() {
      if (!(#name in this)) throw invalidThis("DOMException");
      return CODES[this.#name] || 0;
    }
  }
  Object.setPrototypeOf(DOMException.prototype, Error.prototype);
  Object.defineProperty(DOMException.prototype, Symbol.toStringTag, { configurable: true, value: "DOMException" });
  for (const name of ["name", "message", "code"]) {
    Object.defineProperty(DOMException.prototype, name, { enumerable: true });
  }
  for (let i = 0; i < LEGACY_CODES.length; i++) {
    const constant = { value: i + 1, enumerable: true };
    Object.defineProperty(DOMException, LEGACY_CODES[i], constant);
    Object.defineProperty(DOMException.prototype, LEGACY_CODES[i], constant);
  }

  const trusted = new WeakSet();
  let isEvent;
  let dispatching;

  class Event {
    #type;
    #cancelable;
    #bubbles;
    #composed;
    #defaultPrevented = false;
    #stopped = false;
    #propagationStopped = false;
    #timeStamp = now() - started;
    #target = null;
    #dispatching = false;

    constructor(type, options = undefined) {
      if (arguments.length === 0) throw nodeError(TypeError, "ERR_MISSING_ARGS", 'The "type" argument must be specified');
      if (options != null && typeof options !== "object" && typeof options !== "function") {
        throw invalidArgType("options", "of type object", options);
      }
      this.#type = `${type}`;
      this.#cancelable = !!(options && options.cancelable);
      this.#bubbles = !!(options && options.bubbles);
      this.#composed = !!(options && options.composed);
    }

    initEvent(type, bubbles = false, cancelable = false) {
      if (this.#dispatching) return;
      this.#type = `${type}`;
      this.#bubbles = !!bubbles;
      this.#cancelable = !!cancelable;
    }

    stopImmediatePropagation() {
      this.#propagationStopped = true;
      this.#stopped = true;
    }

    preventDefault() {
      if (this.#cancelable) this.#defaultPrevented = true;
    }

    get target() { return this.#target; }
    get currentTarget() { return this.#dispatching ? this.#target : null; }
    get srcElement() { return this.#target; }
    get type() { return this.#type; }
    get cancelable() { return this.#cancelable; }
    get defaultPrevented() { return this.#cancelable && this.#defaultPrevented; }
    get timeStamp() { return this.#timeStamp; }
    composedPath() { return this.#dispatching ? [this.#target] : []; }
    get returnValue() { return !(this.#cancelable && this.#defaultPrevented); }
    get bubbles() { return this.#bubbles; }
    get composed() { return this.#composed; }
    get eventPhase() { return this.#dispatching ? Event.AT_TARGET : Event.NONE; }
    get cancelBubble() { return this.#propagationStopped; }
    set cancelBubble(value) { if (value) this.#propagationStopped = true; }
    stopPropagation() { this.#propagationStopped = true; }
    get isTrusted() { return isIn(trusted, this); }

    [INSPECT](depth, options) {
      return shown(this, {
        type: this.#type, defaultPrevented: this.#defaultPrevented, cancelable: this.#cancelable, timeStamp: this.#timeStamp,
      }, depth, options);
    }

    static {
      isEvent = (value) => value !== null && typeof value === "object" && #type in value;
      // EventTarget's side of a dispatch: the event is at `target` for the duration of `run`.
      dispatching = (event, target, run) => {
        if (event.#dispatching) {
          throw nodeError(Error, "ERR_EVENT_RECURSION", `The event "${event.#type}" is already being dispatched`);
        }
        event.#target = target;
        event.#dispatching = true;
        try {
          run(() => event.#stopped);
        } finally {
          event.#dispatching = false;
        }
      };
    }
  }
  ["NONE", "CAPTURING_PHASE", "AT_TARGET", "BUBBLING_PHASE"].forEach((name, value) => {
    Object.defineProperty(Event, name, { value, enumerable: true });
  });
  for (const name of ["type", "target", "currentTarget", "srcElement", "cancelable", "defaultPrevented", "timeStamp",
    "returnValue", "bubbles", "composed", "eventPhase", "cancelBubble", "isTrusted"]) {
    Object.defineProperty(Event.prototype, name, { enumerable: true });
  }

  class CustomEvent extends Event {
    #detail;

    constructor(type, options = undefined) {
      if (arguments.length === 0) throw nodeError(TypeError, "ERR_MISSING_ARGS", 'The "type" argument must be specified');
      super(type, options);
      this.#detail = options?.detail ?? null;
    }

    get detail() {
      if (!(#detail in this)) throw invalidThis("CustomEvent");
      return this.#detail;
    }
  }
  Object.defineProperty(CustomEvent.prototype, "detail", { enumerable: true });

  // Where a listener is in a target's list (Node keeps one of each listener and capture flag), or -1. The lists are
  // walked by index, not Array.prototype's methods, which a handler may have replaced.
  function find(list, listener, isCapture) {
    for (let i = 0; i < list.length; i++) {
      if (list[i].listener === listener && list[i].capture === isCapture) return i;
    }
    return -1;
  }

  function capture(options) {
    return typeof options === "boolean" ? options : !!(options && options.capture);
  }

  // A listener throwing (or rejecting) ends the instance in Node; here it fails the run as an uncaught error does.
  const uncaught = timers.report;

  class EventTarget {
    #listeners = { __proto__: null };

    addEventListener(type, listener, options = undefined) {
      if (!(#listeners in this)) throw invalidThis("EventTarget");
      if (arguments.length < 2) {
        throw nodeError(TypeError, "ERR_MISSING_ARGS", 'The "type" and "listener" arguments must be specified');
      }
      if (listener == null) return;
      if (typeof listener !== "function" && typeof listener !== "object") {
        throw invalidArgType("listener", "an instance of EventListener", listener);
      }
      const once = !!(options && options.once);
      const signal = options && typeof options === "object" ? options.signal : undefined;
      if (signal !== undefined && (signal === null || typeof signal !== "object" || !("aborted" in signal))) {
        throw invalidArgType("options.signal", "an instance of AbortSignal", signal);
      }
      if (signal && signal.aborted) return;
      type = `${type}`;
      const isCapture = capture(options);
      const list = this.#listeners[type] || (this.#listeners[type] = []);
      if (find(list, listener, isCapture) >= 0) return;
      append(list, { listener, capture: isCapture, once });
      if (signal) signal.addEventListener("abort", () => this.removeEventListener(type, listener, options), { once: true });
    }

    removeEventListener(type, listener, options = undefined) {
      if (!(#listeners in this)) throw invalidThis("EventTarget");
      this.#remove(`${type}`, listener, capture(options));
    }

    #remove(type, listener, isCapture) {
      const list = this.#listeners[type];
      const at = list === undefined ? -1 : find(list, listener, isCapture);
      if (at < 0) return;
      for (let i = at; i < list.length - 1; i++) list[i] = list[i + 1];
      list.length -= 1;
    }

    dispatchEvent(event) {
      if (!(#listeners in this)) throw invalidThis("EventTarget");
      if (arguments.length < 1) throw nodeError(TypeError, "ERR_MISSING_ARGS", 'The "event" argument must be specified');
      if (!isEvent(event)) throw invalidArgType("event", "an instance of Event", event);
      const list = this.#listeners[event.type];
      dispatching(event, this, (stopped) => {
        // Node walks the live list: a listener added meanwhile runs too, one removed meanwhile does not.
        for (let i = 0; list !== undefined && i < list.length && !stopped();) {
          const entry = list[i];
          if (entry.once) this.#remove(event.type, entry.listener, entry.capture);
          try {
            const listener = entry.listener;
            // Node calls an object's handleEvent if it has one when the event comes, and skips it if not.
            const handle = typeof listener === "function" ? null : listener.handleEvent;
            const result = handle === null ? apply(listener, this, [event])
              : typeof handle === "function" ? apply(handle, listener, [event]) : undefined;
            if (result !== null && typeof result === "object" && typeof result.then === "function") result.then(undefined, uncaught);
          } catch (error) {
            uncaught(error);
          }
          for (let at = 0; at < list.length; at++) {
            if (list[at] === entry) i = at + 1;
          }
        }
      });
      return event.defaultPrevented !== true;
    }

    [INSPECT](depth, options) {
      return shown(this, {}, depth, options);
    }
  }

  // What abort.js needs: an event Node's own code made (isTrusted).
  function trustedEvent(type) {
    const event = new Event(type);
    addTo(trusted, event);
    return event;
  }

  for (const cls of [Event, CustomEvent, EventTarget]) {
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: cls.name, configurable: true });
  }
  for (const cls of [DOMException, Event, CustomEvent, EventTarget]) {
    Object.defineProperty(global, cls.name, { value: cls, writable: true, configurable: true, enumerable: false });
  }
  global.__segtui.events = { trustedEvent, invalidThis, shown };
})(globalThis);
