// fetch() with node-fetch 2.6.0's request building and redirect rules, served by the host.
// Each request is validated when fetch() is called, queued, and the queue goes to Python in one host call once every
// microtask has run, as Node's event loop would send it, so fetches started together (Promise.all) run concurrently and
// come back as each is answered. While one of the handler's timers is set, the call waits only until it is due: the
// requests still on their way come back as tickets, asked for again (`fetch_wait`) once the due timers have run.
(function (global) {
  "use strict";
  const ORIGIN = Symbol.for("segtui.origin");
  const OriginalPromise = Promise;
  const { Headers, Request, Response } = global;
  const { FetchError, BODY } = global.__segtui.body;
  const { fromNode } = global.__segtui.headers;
  const resolveUrl = global.__segtui.url.resolve;
  const { wire, binaryString, fromBinary } = global.__segtui.fetchRequest;
  const host = global.__segtui.host;
  const internal = global.__segtui;  // its `source` (source.js) loads after this file
  const consoleState = global.__segtui.console;
  const timers = global.__segtui.timers;
  const { append, keys, isArray, hasOwn, defineProperty } = global.__segtui.intrinsics;
  const OriginalError = Error;  // segtui's own record of where fetch was called, whatever Error the handler put
  const create = Object.create;
  // ticket number -> the entry it answers; no prototype, so a handler's changes to Map or Array cannot reach it
  const ticketed = Object.create(null);
  let ticketCount = 0;
  let pending = [];
  let chains = 0;
  let fresh = true; // this context's first batch starts a new handler instance (mock `times` count afresh)
  let leaving = false; // the queue goes out as its run ends: nothing waits for its requests

  const captureStackTrace = Error.captureStackTrace;  // as fetch_body.js takes it

  function AbortError(message) {
    Error.call(this, message);
    this.type = "aborted";
    this.message = message;
    captureStackTrace(this, this.constructor);
  }
  AbortError.prototype = Object.create(Error.prototype);
  AbortError.prototype.constructor = AbortError;
  AbortError.prototype.name = "AbortError";

  function fetchError(error) {
    return new FetchError(error.message, error.type, error.code ? { code: error.code } : undefined);
  }

  function isRedirect(code) {
    return code === 301 || code === 302 || code === 303 || code === 307 || code === 308;
  }

  function send(request, chain, resolve, reject) {
    if (request[BODY].unsendable) {
      // node-fetch 2.6.0 pipes a Blob's stream(), which for Node's global Blob is a web stream with no pipe.
      reject(new TypeError("body.stream(...).pipe is not a function"));
      return;
    }
    const item = wire(request, chain);
    const signal = request.signal;
    if (signal && signal.aborted) {
      reject(new AbortError("The user aborted a request."));
      return;
    }
    const entry = { __proto__: null, request, item, resolve, reject, ticket: null, onAbort: null };
    entry.deliver = (result) => settle(entry, result);
    entry.cancelled = () => (signal && signal.aborted ? new AbortError("The user aborted a request.") : null);
    if (signal) {
      // As node-fetch: the signal's abort rejects the fetch at once, and a request on its way is cut off.
      entry.onAbort = () => abort(entry);
      signal.addEventListener("abort", entry.onAbort);
    }
    enqueue(entry);
  }

  // The request no longer listens to its signal: it was answered, failed or aborted.
  function release(entry) {
    if (!entry.onAbort) return;
    const listener = entry.onAbort;
    entry.onAbort = null;
    entry.request.signal.removeEventListener("abort", listener);
  }

  // The signal aborted a request not yet sent (the next flush leaves it out) or on its way (a ticket: Python cuts it
  // off and records it as aborted). No JS runs while a host call waits, so it is never in the middle of one.
  function abort(entry) {
    release(entry);
    if (entry.ticket !== null && ticketed[entry.ticket] === entry) {
      delete ticketed[entry.ticket];
      ticketCount--;
      try {
        host.call("fetch_abort", { tickets: [entry.ticket] });
      } catch (error) {
        entry.reject(error);
        return;
      }
    }
    entry.reject(new AbortError("The user aborted a request."));
  }

  // One request for the next host call: `item` is its wire item, `deliver(result)` takes the host's reply,
  // `reject(error)` a failure of the call, `cancelled()` an error when it was called off before being sent.
  // As in Node's event loop, the queue goes out once every microtask has run: the handler has gone as far as it can
  // without a response. One that returned meanwhile without awaiting its fetch has ended, and its run's end sent the
  // request without waiting for it (`leave`), as Lambda freezes such a request with the handler.
  function enqueue(entry) {
    append(pending, entry);
    if (pending.length === 1) timers.task(flush);  // a task of its own (~1.4 µs), after every microtask
  }

  // runtime.js, as a run ends: what is still queued goes out now, recorded with this run, and is not waited for.
  function leave() {
    if (pending.length === 0) return;
    leaving = true;
    try {
      flush();
    } finally {
      leaving = false;
    }
  }

  function follow(entry, result, locationURL) {
    const { request } = entry;
    if (request.counter >= request.follow) {
      entry.reject(new FetchError(`maximum redirect reached at: ${request.url}`, "max-redirect"));
      return;
    }
    const opts = {
      headers: new Headers(request.headers), follow: request.follow, counter: request.counter + 1,
      agent: request.agent, compress: request.compress, method: request.method, body: request.body,
      signal: request.signal, timeout: request.timeout,
    };
    if (result.status === 303 || ((result.status === 301 || result.status === 302) && request.method === "POST")) {
      opts.method = "GET";
      opts.body = undefined;
      opts.headers.delete("content-length");
    }
    entry.resolve(new fetch.Promise((resolve, reject) => send(new Request(locationURL, opts), entry.item.chain, resolve, reject)));
  }

  function settle(entry, result) {
    const { request, resolve, reject } = entry;
    internal.nodeDrain.ticks = true;
    if (result.error) {
      reject(fetchError(result.error));
      return;
    }
    const headers = fromNode(result.headers);
    if (isRedirect(result.status)) {
      const location = headers.get("Location");
      const locationURL = location === null ? null : resolveUrl(request.url, location);
      if (request.redirect === "error") {
        reject(new FetchError(`redirect mode is set to error: ${request.url}`, "no-redirect"));
        return;
      }
      if (request.redirect === "manual" && locationURL !== null) {
        try {
          headers.set("Location", locationURL);
        } catch (err) {
          reject(err);
        }
      }
      if (request.redirect === "follow" && locationURL !== null) {
        follow(entry, result, locationURL);
        return;
      }
    }
    const response = new Response(null, {
      url: request.url, status: result.status, statusText: result.status_text, headers,
      size: request.size, timeout: request.timeout, counter: request.counter,
    });
    const state = response[BODY];
    state.present = true;
    state.streamed = true;
    if (result.binary !== undefined) state.bytes = fromBinary(result.binary);
    else state.text = result.text;
    if (result.body_error) state.error = fetchError(result.body_error);
    state.cut = result.cut === true;
    resolve(response);
  }

  function flush() {
    if (pending.length === 0) return;  // the run's end sent it (`leave`)
    const batch = pending;
    pending = [];
    const live = [];
    const items = [];
    for (let i = 0; i < batch.length; i++) {
      const cancelled = batch[i].cancelled();
      if (cancelled !== null) {
        batch[i].reject(cancelled);
        continue;
      }
      append(live, batch[i]);
      append(items, batch[i].item);
    }
    const payload = { __proto__: null, fresh, items };  // fields set below: never a setter of the handler's
    const wakeIn = leaving ? 0 : timers.nextDueIn();
    if (wakeIn !== null) payload.wake_in = wakeIn;
    if (leaving) payload.leaving = true;  // no answer is waited for or given: each is left as a ticket, abandoned
    const logs = consoleState.unsent();
    if (logs.length) payload.logs = logs;
    const emitted = internal.source.unsent();  // a source function's messages, kept as the logs are
    if (emitted.length) payload.emitted = emitted;
    fresh = false;
    let results;
    try {
      results = host.call("fetch", payload);
    } catch (error) {
      for (let i = 0; i < live.length; i++) {
        release(live[i]);
        live[i].reject(error);
      }
      return;
    }
    const waited = ticketCount;
    for (let i = 0; i < live.length; i++) {
      if (results[i] === "gone") {
        release(live[i]);  // the run is at its limit: its handler is not answered, as Segment stops it there
      } else if (results[i] !== null && hasOwn(results[i], "ticket")) {
        live[i].ticket = results[i].ticket;
        ticketed[results[i].ticket] = live[i];
        ticketCount++;
      } else {
        deliver(live[i], results[i]);
      }
    }
    if (waited === 0 && ticketCount > 0) timers.soon(awaitTicketed);
  }

  // A host reply with no prototype: a field it lacks (`error`, `body_error`, `code`) is never one the handler put
  // on Object.prototype.
  function ownReply(value) {
    if (value === null || typeof value !== "object" || isArray(value)) return value;
    const copy = create(null);
    const names = keys(value);
    for (let i = 0; i < names.length; i++) copy[names[i]] = ownReply(value[names[i]]);
    return copy;
  }

  function deliver(entry, result) {
    release(entry);
    try {
      entry.deliver(ownReply(result));
    } catch (error) {
      entry.reject(error);
    }
  }

  // A task of its own, after the timers due: wait for the ticketed requests until one is answered or the
  // handler's next timer is due, deliver what came, and come back while any is still on its way.
  function awaitTicketed() {
    // Requests the handler made meanwhile go out first: waiting on the tickets here would hold them until one of
    // those is answered (a fire-and-forget beacon to a slow server held every later awaited fetch to the time
    // limit). Their fetch waits on the tickets' work too (`earlier`), so the first answered still comes first.
    if (pending.length > 0) {
      flush();
      if (ticketCount > 0) timers.soon(awaitTicketed);
      return;
    }
    if (ticketCount === 0) return;  // the last was aborted since this task was set: nothing to wait for
    const wakeIn = timers.nextDueIn();
    let replies;
    try {
      // Only those answered come back, as [number, reply]: a wait costs the same with 10,000 tickets out as with one.
      replies = host.call("fetch_wait", wakeIn === null ? {} : { wake_in: wakeIn });
    } catch (error) {
      const numbers = keys(ticketed);
      for (let i = 0; i < numbers.length; i++) {
        const entry = ticketed[numbers[i]];
        delete ticketed[numbers[i]];
        release(entry);
        entry.reject(error);
      }
      ticketCount = 0;
      return;
    }
    for (let i = 0; i < replies.length; i++) {
      const number = replies[i][0];
      const entry = ticketed[number];
      if (entry === undefined) continue;  // aborted by its handler meanwhile
      delete ticketed[number];
      ticketCount--;
      if (replies[i][1] !== "gone") deliver(entry, replies[i][1]);
      else release(entry);
    }
    if (ticketCount > 0) timers.soon(awaitTicketed);
  }

  // node-fetch's errors are made in callbacks, so their stacks hold no handler frame; segtui keeps
  // where fetch was called, out of sight, to point the user at that line.
  function fetch(url, opts) {
    const origin = new OriginalError();
    return new fetch.Promise((resolve, reject) => {  // node-fetch's: the Promise there was when it loaded
      const rejectFromHere = (error) => {
        if (error !== null && typeof error === "object" && !hasOwn(error, ORIGIN)) {
          defineProperty(error, ORIGIN, { __proto__: null, value: origin });
        }
        reject(error);
      };
      send(new Request(url, opts), ++chains, resolve, rejectFromHere);
    });
  }
  // Anonymous, as node-fetch assigns it (console.log(fetch) shows `isRedirect: [Function (anonymous)]`).
  fetch.isRedirect = function (code) {
    return isRedirect(code);
  };
  fetch.Promise = OriginalPromise;
  fetch.default = fetch;
  fetch.Headers = Headers;
  fetch.Request = Request;
  fetch.Response = Response;
  fetch.FetchError = FetchError;

  global.fetch = fetch;
  global.__segtui.fetchCount = () => chains;  // how many fetch calls so far: where a source's message falls among them
  global.__segtui.wire = { enqueue, leave, chain: () => ++chains, sequence: consoleState.sequence, binaryString, fromBinary };
})(globalThis);
