// The Node reference for segtui's conformance fixtures: runs a destination function the way
// Segment's Node 20 runtime does, with the globals Segment provides from the pinned npm packages.
//
//   node reference.js HANDLER.js RUN.json     (RUN.json: {"events": [...], "settings": {...}, "kind": "…"})
//
// The kind (default "destination") follows Segment's documentation: an insert function's return value
// is the event passed on (its onBatch's, the array of events passed on), and returning nothing, null (an
// empty array from onBatch) or throwing DropEvent drops it ("dropped"); a
// source function's events are requests ({method, url, headers, body}) given to onRequest as
// Segment's FunctionRequest, and each result lists the messages its Segment.* calls emitted.
//
// Required as a module (bench/node_replay.js does), it runs nothing and exports installGlobals,
// loadHandler and invoke, so other runners share the same globals and dispatch.
//
// Prints one JSON object: {"load": {"ok", "error"}, "results": [{"outcome", "error", "return",
// "logs"}]}. The handler is evaluated as a classic sloppy-mode script in this context (as segtui
// does), so its top-level declarations are globals and state persists across the events of a run.
"use strict";
const fs = require("fs");
const http = require("http");
const https = require("https");
const util = require("util");
const exit = process.exit.bind(process);  // taken now: a handler may assign or delete the global `process`
const vm = require("vm");

// Node 19+ keeps connections alive by default, which node-fetch 2 does not expect.
http.globalAgent = new http.Agent({ keepAlive: false });
https.globalAgent = new https.Agent({ keepAlive: false });

const nodeFetch = require("node-fetch");

const HANDLERS = {
  identify: "onIdentify", track: "onTrack", page: "onPage", screen: "onScreen",
  group: "onGroup", alias: "onAlias", delete: "onDelete",
};
const OUTCOMES = {
  EventNotSupported: "unsupported_event_type",
  InvalidEventPayload: "message_rejected",
  ValidationError: "message_rejected",
  RetryError: "retry",
};

// Segment's globals are defined non-enumerable (Object.keys(globalThis) leaves them out), which segtui copies
// (global_shapes.js): an assumption about Segment's runtime, since plain Node 20 lists its own atob, btoa and fetch.
function define(name, value) {
  Object.defineProperty(globalThis, name, { value, writable: true, configurable: true, enumerable: false });
}

function defineLazy(name, load) {
  Object.defineProperty(globalThis, name, {
    configurable: true,
    enumerable: false,
    get() {
      const value = load();
      define(name, value);
      return value;
    },
    set(value) {
      define(name, value);
    },
  });
}

// Segment documents cache.load/delete but not its code; this follows the documented semantics
// and the choices segtui makes where the documentation is silent (see segtui/sandbox/js/cache.js).
function makeCache() {
  const values = new Map();
  const loading = new Map();
  return {
    load(key, ttl, fn) {
      if (typeof ttl === "function" && fn === undefined) [ttl, fn] = [undefined, ttl];
      const name = String(key);
      const lifetime = ttl === undefined || ttl === null || ttl < 0 ? Infinity : ttl;
      const entry = values.get(name);
      if (entry !== undefined && entry.expires > Date.now()) return Promise.resolve(entry.value);
      values.delete(name);
      if (loading.has(name)) return loading.get(name);
      const pending = Promise.resolve().then(() => fn()).then(
        (value) => {
          if (loading.get(name) === pending) {
            loading.delete(name);
            values.set(name, { value, expires: Date.now() + lifetime });
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
    },
    delete(key) {
      values.delete(String(key));
      loading.delete(String(key));
    },
  };
}

function defineErrors(kind) {
  for (const name of [...Object.keys(OUTCOMES), ...(kind === "insert" ? ["DropEvent"] : [])]) {
    const cls = { [name]: class extends Error {} }[name];
    Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
    define(name, cls);
  }
}

// A source function's request, as Segment's documentation describes it: json() and text() return the
// body at once, headers is a Headers, url a URL.
class FunctionRequest {
  constructor(sent) {
    const body = typeof sent.body === "string" ? sent.body : sent.body === undefined ? "" : JSON.stringify(sent.body);
    this.method = String(sent.method || "POST");
    this.url = new URL(String(sent.url));
    this.headers = new nodeFetch.Headers(sent.headers || {});
    Object.defineProperty(this, "body", { value: body, enumerable: false });
  }

  json() {
    return JSON.parse(this.body);
  }

  text() {
    return this.body;
  }
}

function installSegment(emitted) {
  const Segment = {};
  for (const type of ["track", "identify", "group", "page", "screen", "alias", "set"]) {
    Segment[type] = (message) => {
      const fields = message !== null && typeof message === "object" ? JSON.parse(JSON.stringify(message)) : {};
      delete fields.type;
      emitted.push({ type, ...fields });
    };
  }
  define("Segment", Object.freeze(Segment));
}

const reflectApply = Reflect.apply;

function installGlobals(logs, kind = "destination", emitted = []) {
  define("fetch", nodeFetch);
  define("Request", nodeFetch.Request);
  define("Response", nodeFetch.Response);
  define("Headers", nodeFetch.Headers);
  define("_", require("lodash"));
  define("atob", require("atob"));
  define("btoa", require("btoa"));
  // Node 20's shape (an enumerable getter, listed by Object.keys), giving the module Segment's functions get. The setter
  // is an assumption, not Node's (whose getter has none: a sloppy script's `crypto = {...}` is ignored): this harness
  // let an assignment replace crypto before, and Segment's wrapping of a function is unknown. Assigned, it is a data
  // property, as Node's replaceable globals (Buffer, process) become; segtui's node_globals.js does the same.
  const cryptoModule = require("crypto");
  Object.defineProperty(globalThis, "crypto", Object.getOwnPropertyDescriptor({
    get crypto() {
      return cryptoModule;
    },
    set crypto(value) {
      Object.defineProperty(globalThis, "crypto", { value, writable: true, configurable: true, enumerable: true });
    },
  }, "crypto"));
  define("cache", makeCache());
  defineLazy("AWS", () => require("aws-sdk"));
  // The other packages, under the globals Segment's runtime exposes them as.
  defineLazy("FormData", () => require("form-data"));
  defineLazy("jsonwebtoken", () => require("jsonwebtoken"));
  defineLazy("moment", () => require("moment-timezone"));
  defineLazy("OAuth", () => require("oauth"));
  defineLazy("xml", () => require("xml"));
  defineLazy("xml2js", () => require("xml2js"));
  defineLazy("stripe", () => require("stripe"));
  defineLazy("twilio", () => require("twilio"));
  define("sendgrid", Object.defineProperties({}, {
    client: { get: () => require("@sendgrid/client"), enumerable: true },
    mail: { get: () => require("@sendgrid/mail"), enumerable: true },
  }));
  defineLazy("jsforce", () => require("jsforce"));
  define("mailchimplib", Object.defineProperty({}, "mailchimp", {
    get: () => require("@mailchimp/mailchimp_marketing"), enumerable: true,
  }));
  define("nodemailjet", Object.defineProperty({}, "nodemailjet", { get: () => require("node-mailjet"), enumerable: true }));
  define("skyflowlib", Object.defineProperty({}, "skyflow", { get: () => require("skyflow-node"), enumerable: true }));
  define("hubspotlib", Object.defineProperty({}, "hubspot", { get: () => require("@hubspot/api-client"), enumerable: true }));
  define("https", https);
  define("zlib", { zlib: require("zlib") });
  define("libphonenumberjslib", Object.defineProperty({}, "libphonenumberjs", {
    get: () => require("libphonenumber-js"), enumerable: true,
  }));
  define("uuidv5", { uuidv5: require("uuidv5") });
  define("winstonlib", { winston: require("winston") });
  defineErrors(kind);
  if (kind === "source") installSegment(emitted);
  const console = {};
  // The group indentation Node's console writes each line with (console.group / groupEnd below).
  let indent = "";
  const indented = (text) => (indent ? indent + text.replace(/\n/g, `\n${indent}`) : text);
  for (const level of ["log", "info", "warn", "error", "debug"]) {
    console[level] = (...args) => {
      // Applied, not spread: a spread runs Array.prototype[Symbol.iterator], which the handler (in this realm) may
      // replace; Node's own console never does. And no value, as Node's console methods (`.catch(console.log)`).
      logs.push({ level, message: indented(withoutRunnerFrames(reflectApply(util.format, null, args))) });
    };
  }
  // console.dir, console.table and the rest as Node's console writes them (a line each, the level segtui gives them;
  // a process warning, such as console.countReset's of an unknown label, is not a log).
  const { Console } = require("console");
  const sink = (level) => ({ write: (text) => logs.push({ level, message: indented(withoutRunnerFrames(text.replace(/\n$/, ""))) }) });
  const nodeConsole = new Console({ stdout: sink("log"), stderr: sink("error"), ignoreErrors: false, colorMode: false });
  console.dir = (...args) => nodeConsole.dir(...args);
  console.table = (...args) => nodeConsole.table(...args);
  console.dirxml = (...args) => nodeConsole.dirxml(...args);
  console.clear = (...args) => nodeConsole.clear(...args);
  // Node's console methods write through its log, warn and error, whatever function the handler put there.
  for (const name of ["log", "warn", "error"]) nodeConsole[name] = (...args) => reflectApply(console[name], console, args);
  for (const name of ["count", "countReset", "time", "timeEnd", "timeLog", "assert"]) {
    console[name] = (...args) => reflectApply(nodeConsole[name], nodeConsole, args);
  }
  console.trace = function trace(...args) {
    const error = { name: "Trace", message: reflectApply(util.format, null, args) };
    Error.captureStackTrace(error, trace);
    reflectApply(console.error, console, [error.stack]);
  };
  console.group = (...args) => {
    if (args.length > 0) reflectApply(console.log, console, args);
    indent += "  ";
  };
  console.groupCollapsed = console.group;
  console.groupEnd = () => {
    indent = indent.slice(0, indent.length - 2);
  };
  // Node's own (they reach only an attached inspector); the console a Console makes has none of them.
  for (const name of ["profile", "profileEnd", "timeStamp"]) console[name] = globalThis.console[name];
  define("console", console);
}

// Log text without the frames of this runner beneath the handler's (reference.js, and the frames of Node's own
// next to them: node:vm running the handler's file, node:internal loading this one), as segtui's logs show none
// of segtui's: Segment's runtime is neither. A frame's line may end with what util.inspect put after it
// (`,`, ` {`), which moves to the line kept before it.
const FRAME = /^ *at (?:.*? \()?(.*?):\d+:\d+\)?(.*)$/;
function withoutRunnerFrames(text) {
  if (!text.includes(__filename)) return text;
  const lines = text.split("\n").map((line) => ({ line, frame: FRAME.exec(line) }));
  const node = (item) => item.frame !== null && item.frame[1].startsWith("node:");
  const runner = (item) => item.frame !== null && item.frame[1] === __filename;
  // A run of runner and node: frames holding one of the runner's is the runner's.
  for (let start = 0; start < lines.length;) {
    let end = start;
    while (end < lines.length && (runner(lines[end]) || node(lines[end]))) end++;
    const ours = lines.slice(start, end).some(runner);
    for (let index = start; index < end; index++) lines[index].drop = ours;
    start = end > start ? end : start + 1;
  }
  const kept = [];
  for (const { line, frame, drop } of lines) {
    if (!drop) kept.push(line);
    else if (kept.length) kept[kept.length - 1] += frame[2];
  }
  return kept.join("\n");
}

function returnValue(value) {
  if (value === undefined) return null;
  try {
    const text = JSON.stringify(value);
    return text === undefined ? null : JSON.parse(text);
  } catch (error) {
    return util.inspect(value);
  }
}

function describe(error) {
  if (error instanceof Error || (error !== null && typeof error === "object" && "message" in error)) {
    return { name: String(error.name || "Error"), message: String(error.message) };
  }
  return { name: "Error", message: util.inspect(error) };
}

function classify(error) {
  for (const name of Object.keys(OUTCOMES)) {
    if (error instanceof globalThis[name]) return OUTCOMES[name];
  }
  const name = error !== null && typeof error === "object" ? error.name : undefined;
  return OUTCOMES[name] || "bad_request";
}

function lookup(name) {
  try {
    const value = vm.runInThisContext(`typeof ${name} === "undefined" ? undefined : ${name}`);
    return typeof value === "function" ? value : undefined;
  } catch (error) {
    return undefined;
  }
}

async function invokeRequest(sent, settings) {
  try {
    const value = await lookup("onRequest").call(globalThis, new FunctionRequest(sent), JSON.parse(JSON.stringify(settings)));
    return { outcome: "success", return: returnValue(value), error: null };
  } catch (error) {
    return { outcome: classify(error), return: null, error: describe(error) };
  }
}

async function invoke(event, settings, kind = "destination") {
  if (kind === "source") return invokeRequest(event, settings);
  const name = Array.isArray(event) ? "onBatch" : HANDLERS[event.type];
  const handler = lookup(name);
  if (handler === undefined) {
    const error = new EventNotSupported(`${event.type} not supported`);
    return { outcome: "unsupported_event_type", return: null, error: describe(error) };
  }
  try {
    const value = await handler.call(globalThis, JSON.parse(JSON.stringify(event)), JSON.parse(JSON.stringify(settings)));
    const shown = returnValue(value);
    const batch = Array.isArray(event);
    const dropped = kind === "insert" && (value === undefined || value === null || (batch && Array.isArray(shown) && shown.length === 0));
    // An insert function's onBatch passes on the events it returns: an array of objects.
    const events = batch && Array.isArray(shown) && shown.every((item) => item !== null && typeof item === "object" && !Array.isArray(item));
    if (kind === "insert" && batch && !dropped && !events) {
      const what = Array.isArray(value) ? "an array holding something that is no event" : typeof value === "object"
        ? "an object, not an array" : `a ${typeof value}`;
      return { outcome: "bad_request", return: shown, error: { name: "TypeError", message:
        `the insert function's onBatch returned ${what}: it returns the events to pass on (an array of objects), or nothing or null to drop the batch` } };
    }
    // An insert function's value is the event passed on: JSON of an object, or nothing; anything else is no event.
    if (kind === "insert" && !batch && !dropped && (shown === null || typeof shown !== "object" || Array.isArray(shown))) {
      const what = Array.isArray(value) ? "an array" : typeof value === "object" ? "an object JSON cannot write as one"
        : `a ${typeof value}`;
      return { outcome: "bad_request", return: shown, error: { name: "TypeError", message:
        `the insert function returned ${what}, not an event: it returns the event to pass on (an object), or nothing or null to drop it` } };
    }
    return { outcome: dropped ? "dropped" : "success", return: shown, error: null };
  } catch (error) {
    const dropped = kind === "insert" && (error instanceof globalThis.DropEvent || (error && error.name === "DropEvent"));
    return { outcome: dropped ? "dropped" : classify(error), return: null, error: describe(error) };
  }
}

// Evaluate the handler file as a classic script in this context: {ok, error}.
function loadHandler(handlerPath) {
  try {
    vm.runInThisContext(fs.readFileSync(handlerPath, "utf8"), { filename: handlerPath });
    return { ok: true, error: null };
  } catch (error) {
    return { ok: false, error: describe(error) };
  }
}

// What a package writes to process.stdout/stderr (winston's Console transport) joins the logs, a line per write.
// Node's own warnings (aws-sdk's end-of-support notice) stay out, as they stayed out before stderr was captured.
function captureStdio(logs) {
  const original = process.stdout.write.bind(process.stdout);
  process.removeAllListeners("warning");
  for (const [stream, level] of [[process.stdout, "log"], [process.stderr, "error"]]) {
    stream.write = (chunk, encoding, callback) => {
      const text = String(chunk);
      logs.push({ level, message: text.endsWith("\n") ? text.slice(0, -1) : text });
      const done = typeof encoding === "function" ? encoding : callback;
      if (typeof done === "function") process.nextTick(done);
      return true;
    };
  }
  return original;
}

async function main() {
  const [handlerPath, runPath] = process.argv.slice(2);
  const run = JSON.parse(fs.readFileSync(runPath, "utf8"));
  const logs = [];
  const emitted = [];
  const kind = run.kind || "destination";
  installGlobals(logs, kind, emitted);
  const write = captureStdio(logs);
  process.on("unhandledRejection", () => {});
  const output = { load: loadHandler(handlerPath), results: [] };
  if (output.load.ok) {
    for (const event of run.events) {
      const result = await invoke(event, run.settings, kind);
      result.logs = logs.splice(0);
      if (kind === "source") result.emitted = emitted.splice(0);
      output.results.push(result);
    }
  }
  // Exit once the output is written: stdout to a pipe is asynchronous, and exiting at once cut an output over
  // the pipe's 64 KB short.
  write(JSON.stringify(output), () => exit(0));
}

if (require.main === module) main();
else module.exports = { installGlobals, loadHandler, invoke };
