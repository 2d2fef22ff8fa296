// Dispatch of each event (or batch) to the handler named after its type, outcome
// classification as Segment does it, and each result committed to the results buffer;
// events run one after another in JS, so a replay costs no Python round trip per event.
//
// The last script of the prelude: it takes what the runtime needs from the prelude's private
// registry, removes every segtui global (a handler sees only what Node would show it), and its
// value is the object through which Python drives the context.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { json, stringify, parse, keys, assign, hasOwn, apply, isArray, fromCharCode, String, then, resolved, rejected,
    append, min, byteLength, Proxy, load, cutText, adopt } = internal.intrinsics;
  const inspect = (...args) => internal.util().inspect(...args);
  const results = internal.results;
  const consoleState = internal.console;
  const timers = internal.timers;
  const determinism = internal.determinism;
  const host = internal.host;
  const leaveRequests = internal.wire.leave;
  const { bounded, returnJson, returnedOutcome, notAnEvent } = internal.returned;
  const { watched, withUnset } = internal.settingsWatch;
  const { Error, TypeError, SharedArrayBuffer, Uint16Array, Int32Array } = global;
  const ORIGIN = Symbol.for("segtui.origin");
  // The most code units of each text of a thrown value segtui reads (name, message, stack): its copies of a longer
  // one (the result's JSON, Python's) ran the run out of memory, a failure of the handler's reported as none of it.
  const ERROR_TEXT_CHARS = 1000000;
  const UNREADABLE = "(segtui could not read it: reading it threw)";
  const HANDLERS = { __proto__: null, identify: "onIdentify", track: "onTrack", page: "onPage", screen: "onScreen",
    group: "onGroup", alias: "onAlias", delete: "onDelete" };
  const OUTCOMES = { __proto__: null, EventNotSupported: "unsupported_event_type", InvalidEventPayload: "message_rejected",
    ValidationError: "message_rejected", RetryError: "retry" };
  // Each Segment error class with its name: a value's outcome is its class's, and so is its name when its own cannot be
  // read (Node prints one whose name's toString throws with no name at all).
  const ERRORS = keys(OUTCOMES).map((name) => [global[name], name]);
  const EventNotSupported = global.EventNotSupported;
  const defineError = internal.defineError;
  const source = internal.source;
  // The kind of function (segtui.kinds): "destination", "insert" (its value passes the event on, DropEvent or
  // nothing drops it) or "source" (onRequest gets a request and emits messages).
  let kind = "destination";
  let DropEvent = null;

  // Each handler as the global scope holds it when read: Segment's runtime looks the handler up for each event, so
  // one the handler reassigned or defined later (a top-level let or const too, no property of the global object) is
  // the one that runs. A binding still in its temporal dead zone is no handler; a getter (of the global object or its
  // prototypes) that throws is read as a handler that throws its error, as reading it fails Segment's runtime.
  const READERS = { __proto__: null,
    onIdentify: () => (typeof onIdentify === "undefined" ? undefined : onIdentify),
    onTrack: () => (typeof onTrack === "undefined" ? undefined : onTrack),
    onPage: () => (typeof onPage === "undefined" ? undefined : onPage),
    onScreen: () => (typeof onScreen === "undefined" ? undefined : onScreen),
    onGroup: () => (typeof onGroup === "undefined" ? undefined : onGroup),
    onAlias: () => (typeof onAlias === "undefined" ? undefined : onAlias),
    onDelete: () => (typeof onDelete === "undefined" ? undefined : onDelete),
    onBatch: () => (typeof onBatch === "undefined" ? undefined : onBatch),
    onRequest: () => (typeof onRequest === "undefined" ? undefined : onRequest),
  };
  const HANDLER_NAMES = keys(READERS);

  function lookup(name) {
    const reader = name === undefined ? undefined : READERS[name];
    if (reader === undefined) return undefined;
    let value;
    try {
      value = reader();
    } catch (error) {
      return read(() => name in global, false) ? () => { throw error; } : undefined;
    }
    return typeof value === "function" ? value : undefined;
  }

  // A thrown value's getters, traps and toString are the handler's code: one that throws (even the value
  // itself again) makes a plain bad_request with what could be read, never a run that cannot finish.
  function classify(error) {
    try {
      return classifyValue(error);
    } catch (ignored) {
      return "bad_request";
    }
  }

  function read(get, fallback) {
    try {
      return get();
    } catch (ignored) {
      return fallback;
    }
  }

  function describe(error) {
    return read(() => describeValue(error), {
      name: "Error", message: "the handler threw a value that threw again when segtui read it", stack: "",
    });
  }

  function classifyValue(error) {
    if (DropEvent !== null && (error instanceof DropEvent || (error !== null && typeof error === "object" &&
        error.name === "DropEvent"))) {
      return "dropped";
    }
    for (let i = 0; i < ERRORS.length; i++) {
      if (error instanceof ERRORS[i][0]) return OUTCOMES[ERRORS[i][1]];
    }
    const name = error !== null && typeof error === "object" ? error.name : undefined;
    return typeof name === "string" && hasOwn(OUTCOMES, name) ? OUTCOMES[name] : "bad_request";
  }

  function describeValue(error) {
    if (error instanceof Error || (error !== null && typeof error === "object" && "message" in error)) {
      return {
        name: nameOf(error),
        message: read(() => textOf(error.message), UNREADABLE),
        stack: read(() => textOf(error.stack || ""), ""),
        origin: read(() => (error[ORIGIN] ? textOf(error[ORIGIN].stack) : ""), ""),
      };
    }
    return { name: "Error", message: cutText(inspect(error), ERROR_TEXT_CHARS), stack: "" };
  }

  // An error's name; one whose name cannot be read, its Segment class's, as its outcome is.
  function nameOf(error) {
    try {
      return textOf(error.name || "Error");
    } catch (ignored) {
      for (let i = 0; i < ERRORS.length; i++) {
        if (read(() => error instanceof ERRORS[i][0], false)) return ERRORS[i][1];
      }
      return DropEvent !== null && read(() => error instanceof DropEvent, false) ? "DropEvent" : "Error";
    }
  }

  function textOf(value) {
    return cutText(String(value), ERROR_TEXT_CHARS);
  }

  function settle(promise, report, batch = false) {
    return then(promise,
      (value) => {
        const text = returnJson(value);
        const refused = notAnEvent(kind, value, text, batch);
        if (refused !== null) return report({ outcome: "bad_request", returnJson: text, error: refused });
        return report({ outcome: returnedOutcome(kind, value, text, batch), value, returnJson: text,
          returnedUndefined: value === undefined, error: null });
      },
      (error) => report({ outcome: classify(error), returnJson: "null", error: describe(error) }));
  }

  // What the handler returned as an `await` takes it (Segment's runtime awaits the handler): a native promise
  // through its own slots, with no `then` or Symbol.hasInstance the handler replaced; any other value as
  // Promise.resolve would take it. The promise awaiting it is segtui's own (intrinsics' adopt).
  const awaited = async (value) => await value;
  function start(fn, args) {
    try {
      return adopt(awaited(apply(fn, global, args)));
    } catch (error) {
      return rejected(error);
    }
  }


  // A source function's run: onRequest gets the request; the messages it emits come back with its result.
  function runRequest(sent, settings) {
    const base = { __proto__: null, event_type: "request", handler_name: "onRequest" };
    source.take();
    let request;
    try {
      request = source.request(sent);
    } catch (error) {
      return resolved(assign(base, { outcome: "bad_request", returnJson: "null", error: describe(error), emittedJson: "[]" }));
    }
    const unset = { __proto__: null };
    const fn = lookup("onRequest");
    // One the function removed in an earlier run fails as Node's call of it would, not in segtui's own code.
    const run = fn === undefined ? rejected(new TypeError("onRequest is not a function"))
      : start(fn, [request, watched(settings, unset)]);
    return settle(run,
      (result) => withUnset(assign(base, result, { emittedJson: bounded(source.take()) }), unset));
  }

  // segtui's records are made with no prototype, and their lists grown by `append`: a setter or `then` the handler
  // puts on Object.prototype or Array.prototype never sees them (an assignment would call the setter, and a promise
  // resolved with a record would call the `then`).
  // `also`: an object of the batch's that is told every name the event read without a value.
  function runOne(event, settings, also = null) {
    if (kind === "source") return runRequest(event, settings);
    const type = event.type;
    const name = HANDLERS[type];
    const fn = lookup(name);
    const base = { __proto__: null, event_type: type, handler_name: name };
    if (fn === undefined) {
      const error = new EventNotSupported(`${type} not supported`);
      return resolved(assign(base, { outcome: "unsupported_event_type", returnJson: "null", error: describe(error) }));
    }
    const unset = { __proto__: null };
    return settle(start(fn, [event, watched(settings, unset, also)]), (result) => withUnset(assign(base, result), unset));
  }

  function batchStatusOutcome(status) {
    if (status >= 500) return "retry";
    if (status >= 400) return "message_rejected";
    return "success";
  }

  // Each event's type as segtui sent it, taken before onBatch runs: the handler may change or empty the array.
  function batchTypes(events) {
    const types = [];
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      append(types, event !== null && typeof event === "object" && typeof event.type === "string" ? event.type : null);
    }
    return types;
  }

  // onBatch may return one {status, errormessage} per event: 5xx items are retried, 4xx discarded. A list whose reading
  // throws (a getter's, a proxy trap's) is no such list, as one of other values is not; a message that throws, unread.
  function batchItems(types, value) {
    return read(() => statusItems(types, value), null);
  }

  function statusItems(types, value) {
    if (!isArray(value) || value.length !== types.length) return null;
    const listed = [];
    for (let i = 0; i < types.length; i++) {
      const entry = value[i];
      const status = entry !== null && typeof entry === "object" ? entry.status : undefined;
      if (typeof status !== "number") return null;
      append(listed, { __proto__: null, entry, status });
    }
    const items = [];
    for (let index = 0; index < listed.length; index++) {
      const { entry, status } = listed[index];
      const outcome = batchStatusOutcome(status);
      append(items, {
        __proto__: null, event_type: types[index], handler_name: "onBatch", outcome,
        returnJson: returnJson(entry),
        error: outcome === "success" ? null : { name: "BatchItemError", message: itemMessage(entry, status), stack: "" },
      });
    }
    return items;
  }

  function itemMessage(entry, status) {
    return read(() => {
      const message = entry.errormessage;
      return message === undefined ? `status ${status}` : textOf(message);
    }, UNREADABLE);
  }

  function withItems(result, items) {
    let failed = null;
    let returns = "";
    for (let i = 0; i < items.length; i++) {
      if (failed === null && items[i].outcome !== "success" && items[i].outcome !== "dropped") failed = items[i];
      returns += (i ? "," : "") + items[i].returnJson;
    }
    return assign(result, {
      outcome: failed ? failed.outcome : "success", error: failed ? failed.error : null, items,
      returnJson: `[${returns}]`,
    });
  }

  function runBatch(events, settingsJson) {
    const onBatch = lookup("onBatch");
    if (onBatch !== undefined) {
      const base = { __proto__: null, event_type: "batch", handler_name: "onBatch" };
      const unset = { __proto__: null };
      const types = batchTypes(events);
      // The invocation itself succeeded (Segment's Callback Return); the statuses say what happens to each event.
      return settle(start(onBatch, [events, watched(parse(settingsJson), unset)]), (result) => {
        const items = result.outcome === "success" ? batchItems(types, result.value) : null;
        return withUnset(assign(base, result, items === null ? {} : { items }), unset);
      }, true);
    }
    const items = [];
    const unset = { __proto__: null };  // every name an event read without a value, for the batch's notes
    let chain = resolved(undefined);
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      chain = then(chain, () => then(runOne(event, parse(settingsJson), unset), (item) => append(items, item)));
    }
    return then(chain, () => withUnset(withItems({ __proto__: null, event_type: "batch", handler_name: null }, items), unset));
  }

  function finish(result) {
    leaveRequests();
    const uncaught = timers.takeUncaught();
    if (uncaught !== null && result.outcome === "success") {
      assign(result, { outcome: "bad_request", returnJson: "null", error: describe(uncaught) });
    }
    // The logs stay the console's until committed: a commit that runs out of memory ends the run, whose logs
    // sandbox.py then takes from the console.
    const logs = consoleState.collect();
    result.logs = logs.entries;
    result.logs_dropped = logs.dropped;
    try {
      results.commit(result);
    } catch (error) {
      results.commit({
        __proto__: null, event_type: result.event_type, handler_name: result.handler_name, outcome: "bad_request",
        returnJson: "null", error: describe(error), logs: logs.entries, logs_dropped: logs.dropped,
      });
    }
    consoleState.take();
  }

  function fail(error) {
    finish({ __proto__: null, outcome: "bad_request", returnJson: "null", error: describe(error) });
  }

  // The input buffer: an Int32 header (the length of the text in code units, or the size Python needs; then
  // whether Python is stopping the run, when no further event may start), then UTF-16 text: the settings' JSON, a
  // line feed, and the JSON array of a run's events. Python passes nothing as a call argument, which would build a JS
  // array through the handler's realm.
  const INPUT_HEADER = 8;
  const NEWLINE = 10;
  let input = new SharedArrayBuffer(INPUT_HEADER + (1 << 16));

  function text(start, end) {
    let out = "";
    for (let i = start; i < end; i += 8192) {
      out += apply(fromCharCode, null, new Uint16Array(input, INPUT_HEADER + 2 * i, min(end - i, 8192)));
    }
    return out;
  }

  function readInput() {
    const length = new Int32Array(input, 0, 1)[0];
    const units = new Uint16Array(input, INPUT_HEADER, length);
    let split = 0;
    while (split < length && units[split] !== NEWLINE) split++;
    return { settingsJson: text(0, split), events: parse(text(split + 1, length)) };
  }

  delete global.__segtui;
  delete global.self;
  delete global["__core-js_shared__"];  // core-js's registry; its modules keep their own reference
  internal.loadPreloaded();  // util.inspect, if its source came with the prelude (the sandbox's first context)

  return {
    install: host.install,
    loadLibraries: internal.loadLibraries,
    loadInspect: internal.loadInspect,
    secretForms: internal.secretForms,
    resultsBuffer: results.buffer,
    logMirror: consoleState.mirror,
    enableDeterminism: determinism.enable,
    // The globals of a kind of function, before its handler's top level runs: DropEvent, or Segment.
    setKind(name) {
      kind = name;
      if (kind === "insert") {
        defineError("DropEvent");
        DropEvent = global.DropEvent;
      } else if (kind === "source") {
        source.install();
      }
    },
    // The logs of a run stopped by a limit (and a source function's messages emitted before it stopped), as JSON; let go
    // once written: JSON that runs out of memory leaves them in the log mirror, where sandbox.py then reads them.
    takeLogs() {
      const text = `{"logs":${json(consoleState.collect())},"emitted":${kind === "source" ? source.take() : "[]"}}`;
      consoleState.take();
      return text;
    },
    // The handlers the loaded script defines once its top level ran, as a JSON array of names (dispatch looks each
    // event's up again).
    bind() {
      const found = [];
      for (let i = 0; i < HANDLER_NAMES.length; i++) {
        if (lookup(HANDLER_NAMES[i]) !== undefined) append(found, HANDLER_NAMES[i]);
      }
      return json(found);  // segtui's data: no toJSON a handler put on a prototype applies
    },
    // The input buffer, first made at least as large as its header asks (in bytes, header included).
    input() {
      const needed = new Int32Array(input, 0, 1)[0];
      if (byteLength(input) < needed) input = new SharedArrayBuffer(2 * needed);
      return input;
    },
    // Runs the events in the input buffer, one after another.
    invokeMany() {
      const { settingsJson, events } = readInput();
      let index = 0;
      const next = () => {
        if (index >= events.length) {
          results.finish();
          return;
        }
        // Python stops a run past a limit: an event started now would run in a context about to be dropped, and its
        // requests would go out twice (it runs again on a fresh load).
        if (load(new Int32Array(input, 4, 1), 0) !== 0) return;
        const event = events[index++];
        determinism.begin(event);
        const run = isArray(event) ? runBatch(event, settingsJson) : runOne(event, parse(settingsJson));
        then(then(run, finish, fail), next, next);
      };
      next();
      timers.runTicks();
    },
  };
})(globalThis);
