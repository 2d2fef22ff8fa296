// What a source function gets: the request its webhook received (`onRequest(request, settings)`) and the
// `Segment` object whose methods emit messages. runtime.js installs `Segment` only in a source function's
// context; each emitted message is kept, in order, with the number of logs and fetch calls before it.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { json, stringify, parse, String, append, isArray } = internal.intrinsics;
  const consoleState = internal.console;
  const fetchCount = internal.fetchCount;
  const { Headers, URL } = global;
  const METHODS = ["track", "identify", "group", "page", "screen", "alias", "set"];
  let emitted = [];
  let sent = 0;
  let fetchesBefore = 0;

  // Segment's FunctionRequest: `json()` parses the body (no await needed), `text()` returns it, `headers` is a
  // Headers and `url` a URL. A request file's body is sent as is when a string, else as its JSON text.
  class FunctionRequest {
    constructor(sent) {
      const body = typeof sent.body === "string" ? sent.body : sent.body === undefined ? "" : stringify(sent.body);
      this.method = String(sent.method || "POST");
      this.url = new URL(String(sent.url));
      this.headers = new Headers(sent.headers || {});
      Object.defineProperty(this, "body", { value: body, enumerable: false });
    }

    json() {
      return JSON.parse(this.body);
    }

    text() {
      return this.body;
    }
  }

  function emitter(type) {
    return function (message) {
      // As JSON would send it (toJSON, such as a Date's, applied), with the original JSON.stringify; one whose JSON is
      // no object (a toJSON giving undefined or text) has no fields, as a message that is no object.
      const text = message !== null && typeof message === "object" ? stringify(message) : undefined;
      const parsed = text === undefined ? null : parse(text);
      const fields = parsed !== null && typeof parsed === "object" && !isArray(parsed) ? parsed : {};
      delete fields.type;
      const entry = { seq: consoleState.sequence(), fetches: fetchCount() - fetchesBefore, message: { type, ...fields } };
      append(emitted, entry);
      consoleState.mirrorEmitted(entry);
    };
  }

  const Segment = {};
  for (let i = 0; i < METHODS.length; i++) Segment[METHODS[i]] = emitter(METHODS[i]);

  internal.source = {
    install() {
      Object.defineProperty(global, "Segment", { value: Object.freeze(Segment), writable: true, configurable: true });
    },
    request: (sent) => new FunctionRequest(sent),
    // The messages emitted since the last take, as JSON text; each counts the fetch calls made before it since then.
    // They are let go once written (JSON that runs out of memory leaves them to the log mirror).
    take() {
      const text = json(emitted);
      emitted = [];
      sent = 0;
      fetchesBefore = fetchCount();
      return text;
    },
    // The messages since the last call (or take), for Python to keep in case the run ends spinning (fetch.js sends
    // them with its request, as the logs).
    unsent() {
      const fresh = [];
      for (let i = sent; i < emitted.length; i++) append(fresh, emitted[i]);
      sent = emitted.length;
      return fresh;
    },
  };
})(globalThis);
