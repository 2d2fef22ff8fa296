// Dispatch of each event (or batch) to the handler named after its type, outcome
// classification as Segment does it, and each result committed to the results buffer;
// events run one after another in JS, so a replay costs no Python round trip per event.
(function (global) {
  "use strict";
  const ORIGIN = Symbol.for("segtui.origin");
  const HANDLERS = {
    identify: "onIdentify", track: "onTrack", page: "onPage", screen: "onScreen",
    group: "onGroup", alias: "onAlias", delete: "onDelete",
  };
  const ERRORS = {
    EventNotSupported: global.EventNotSupported,
    InvalidEventPayload: global.InvalidEventPayload,
    ValidationError: global.ValidationError,
    RetryError: global.RetryError,
  };
  const OUTCOMES = {
    EventNotSupported: "unsupported_event_type",
    InvalidEventPayload: "message_rejected",
    ValidationError: "message_rejected",
    RetryError: "retry",
  };
  const results = global.__segtui_results;
  const consoleState = global.__segtui_console;
  const determinism = global.__segtui_determinism;
  const evalGlobal = global.eval;
  let handlers = {};
  let input = new Uint16Array(new SharedArrayBuffer(1 << 16));

  function lookup(name) {
    try {
      const value = evalGlobal(`typeof ${name} === "undefined" ? undefined : ${name}`);
      return typeof value === "function" ? value : undefined;
    } catch (error) {
      return undefined;
    }
  }

  function classify(error) {
    for (const name of Object.keys(ERRORS)) {
      if (error instanceof ERRORS[name]) return OUTCOMES[name];
    }
    const name = error !== null && typeof error === "object" ? error.name : undefined;
    return typeof name === "string" && Object.hasOwn(OUTCOMES, name) ? OUTCOMES[name] : "bad_request";
  }

  function describe(error) {
    if (error instanceof Error || (error !== null && typeof error === "object" && "message" in error)) {
      let stack = "";
      try {
        stack = String(error.stack || "");
      } catch (ignored) {
        stack = "";
      }
      const origin = error[ORIGIN] ? String(error[ORIGIN].stack) : "";
      return { name: String(error.name || "Error"), message: String(error.message), stack, origin };
    }
    return { name: "Error", message: global.__segtui_util.inspect(error), stack: "" };
  }

  // segtui reads JSON up to 1,000 levels (segtui/json_input.py); a returned value is cut a little
  // above that, leaving room for the records that hold it (results, goldens, cassettes).
  const MAX_DEPTH = 990;
  const CUT = `[nested more than ${MAX_DEPTH} levels deep: segtui shows the first ${MAX_DEPTH}]`;

  function cutDeep(root) {
    if (root === null || typeof root !== "object") return root;
    const stack = [[root, 1]];
    while (stack.length > 0) {
      const [node, depth] = stack.pop();
      for (const key of Object.keys(node)) {
        const child = node[key];
        if (child === null || typeof child !== "object") continue;
        if (depth >= MAX_DEPTH) node[key] = CUT;
        else stack.push([child, depth + 1]);
      }
    }
    return root;
  }

  function returnValue(value) {
    if (value === undefined) return null;
    try {
      const text = JSON.stringify(value);
      if (text === undefined) return null;
      // Each level takes at least two characters, so a short text cannot be too deep.
      return text.length > 2 * MAX_DEPTH ? cutDeep(JSON.parse(text)) : JSON.parse(text);
    } catch (error) {
      return global.__segtui_util.inspect(value);
    }
  }

  function settle(promise, report) {
    return promise.then(
      (value) => report({ outcome: "success", return: returnValue(value), error: null }),
      (error) => report({ outcome: classify(error), return: null, error: describe(error) }),
    );
  }

  function start(fn, args) {
    try {
      return Promise.resolve(fn.apply(global, args));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  // Names read from the settings object that have no value, for a note; a read returns what it would
  // without the watch, and every other operation (keys, spread, JSON.stringify, `in`) reaches the object.
  const PROTOCOL_NAMES = new Set(["toJSON", "then", "inspect"]);

  function watched(settings, unset) {
    if (settings === null || typeof settings !== "object" || Array.isArray(settings)) return settings;
    return new Proxy(settings, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (typeof key === "string" && (value === undefined || value === null || value === "") &&
            !PROTOCOL_NAMES.has(key)) {
          unset.add(key);
        }
        return value;
      },
    });
  }

  function withUnset(result, unset) {
    if (unset.size > 0) result.unset_settings = Array.from(unset);
    return result;
  }

  function runOne(event, settings) {
    const type = event.type;
    const name = HANDLERS[type];
    const fn = handlers[name];
    const base = { event_type: type, handler_name: name };
    if (fn === undefined) {
      const error = new ERRORS.EventNotSupported(`${type} not supported`);
      return Promise.resolve(Object.assign(base, {
        outcome: "unsupported_event_type", return: null, error: describe(error),
      }));
    }
    const unset = new Set();
    return settle(start(fn, [event, watched(settings, unset)]),
      (result) => withUnset(Object.assign(base, result), unset));
  }

  function batchStatusOutcome(status) {
    if (status >= 500) return "retry";
    if (status >= 400) return "message_rejected";
    return "success";
  }

  // onBatch may return one {status, errormessage} per event: 5xx items are retried, 4xx discarded.
  function batchItems(events, value) {
    const reported = Array.isArray(value) && value.length === events.length &&
      value.every((entry) => entry !== null && typeof entry === "object" && typeof entry.status === "number");
    if (!reported) return null;
    return value.map((entry, index) => {
      const outcome = batchStatusOutcome(entry.status);
      const message = entry.errormessage === undefined ? `status ${entry.status}` : String(entry.errormessage);
      return {
        event_type: events[index] && events[index].type, handler_name: "onBatch", outcome,
        return: returnValue(entry), error: outcome === "success" ? null : { name: "BatchItemError", message, stack: "" },
      };
    });
  }

  function withItems(result, items) {
    const failed = items.find((item) => item.outcome !== "success");
    return Object.assign(result, {
      outcome: failed ? failed.outcome : "success", error: failed ? failed.error : null, items,
    });
  }

  function runBatch(events, settingsJson) {
    if (handlers.onBatch !== undefined) {
      const base = { event_type: "batch", handler_name: "onBatch" };
      const unset = new Set();
      // The invocation itself succeeded (Segment's Callback Return); the statuses say what happens to each event.
      return settle(start(handlers.onBatch, [events, watched(JSON.parse(settingsJson), unset)]), (result) => {
        const items = result.outcome === "success" ? batchItems(events, result.return) : null;
        return withUnset(Object.assign(base, result, items === null ? {} : { items }), unset);
      });
    }
    const items = [];
    let chain = Promise.resolve();
    events.forEach((event) => {
      chain = chain.then(() => runOne(event, JSON.parse(settingsJson))).then((item) => {
        items.push(item);
      });
    });
    return chain.then(() => withUnset(withItems(
      { event_type: "batch", handler_name: null, return: items.map((item) => item.return) }, items),
      new Set(items.flatMap((item) => item.unset_settings || []))));
  }

  function finish(result) {
    const uncaught = global.__segtui_timers.takeUncaught();
    if (uncaught !== null && result.outcome === "success") {
      Object.assign(result, { outcome: "bad_request", return: null, error: describe(uncaught) });
    }
    const logs = consoleState.take();
    result.logs = logs.entries;
    result.logs_dropped = logs.dropped;
    try {
      results.commit(result);
    } catch (error) {
      results.commit({
        event_type: result.event_type, handler_name: result.handler_name, outcome: "bad_request",
        return: null, error: describe(error), logs: [], logs_dropped: 0,
      });
    }
  }

  function fail(error) {
    finish({ outcome: "bad_request", return: null, error: describe(error), internal: true });
  }

  Object.defineProperty(global, "__segtui_runtime", {
    value: {
      bind() {
        handlers = {};
        for (const name of Object.values(HANDLERS).concat(["onBatch"])) {
          const fn = lookup(name);
          if (fn !== undefined) handlers[name] = fn;
        }
        return Object.keys(handlers);
      },
      // A shared buffer of at least `bytes` for the JSON array of a run's events, written by Python.
      input(bytes) {
        if (input.byteLength < bytes) input = new Uint16Array(new SharedArrayBuffer(2 * bytes));
        return input.buffer;
      },
      // Runs the events of the JSON array of `length` code units in the input buffer, one after another.
      invokeMany(length, settingsJson) {
        let text = "";
        for (let i = 0; i < length; i += 8192) {
          text += String.fromCharCode.apply(null, input.subarray(i, Math.min(length, i + 8192)));
        }
        const events = JSON.parse(text);
        let index = 0;
        const next = () => {
          if (index >= events.length) {
            results.finish();
            return;
          }
          const event = events[index++];
          determinism.begin(event);
          const run = Array.isArray(event) ? runBatch(event, settingsJson) : runOne(event, JSON.parse(settingsJson));
          run.then(finish, fail).finally(next);
        };
        next();
      },
    },
  });
})(globalThis);
