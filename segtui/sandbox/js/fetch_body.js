// node-fetch 2.6.0's Body mixin, Request and Response. Bodies are held whole in memory,
// as text when they came as text (no UTF-8 round trip for text() and json()) or as a Buffer.
(function (global) {
  "use strict";
  const { Headers } = global;
  const { parse } = global.__segtui.url;
  const { node, timers } = global.__segtui;  // require("stream") for a response's body, loaded when one is first read
  const { Blob, BUFFER, blobOf } = global.__segtui.blob;
  const toLowerCase = global.__segtui.intrinsics.uncurry(String.prototype.toLowerCase);  // a handler's is not Node's
  const isNodeBlob = global.__segtui.nodeBlob.isBlob;  // Node's global Blob, which node-fetch takes for its own
  const Promise = global.Promise;  // node-fetch's Body.Promise: the one there was when it loaded
  const BODY = Symbol("Body internals");
  const RESPONSE = Symbol("Response internals");
  const REQUEST = Symbol("Request internals");
  const STATUS_CODES = {
    100: "Continue", 101: "Switching Protocols", 102: "Processing", 103: "Early Hints", 200: "OK", 201: "Created",
    202: "Accepted", 203: "Non-Authoritative Information", 204: "No Content", 205: "Reset Content",
    206: "Partial Content", 207: "Multi-Status", 208: "Already Reported", 226: "IM Used", 300: "Multiple Choices",
    301: "Moved Permanently", 302: "Found", 303: "See Other", 304: "Not Modified", 305: "Use Proxy",
    307: "Temporary Redirect", 308: "Permanent Redirect", 400: "Bad Request", 401: "Unauthorized",
    402: "Payment Required", 403: "Forbidden", 404: "Not Found", 405: "Method Not Allowed", 406: "Not Acceptable",
    407: "Proxy Authentication Required", 408: "Request Timeout", 409: "Conflict", 410: "Gone",
    411: "Length Required", 412: "Precondition Failed", 413: "Payload Too Large", 414: "URI Too Long",
    415: "Unsupported Media Type", 416: "Range Not Satisfiable", 417: "Expectation Failed", 418: "I'm a Teapot",
    421: "Misdirected Request", 422: "Unprocessable Entity", 423: "Locked", 424: "Failed Dependency",
    425: "Too Early", 426: "Upgrade Required", 428: "Precondition Required", 429: "Too Many Requests",
    431: "Request Header Fields Too Large", 451: "Unavailable For Legal Reasons", 500: "Internal Server Error",
    501: "Not Implemented", 502: "Bad Gateway", 503: "Service Unavailable", 504: "Gateway Timeout",
    505: "HTTP Version Not Supported", 506: "Variant Also Negotiates", 507: "Insufficient Storage",
    508: "Loop Detected", 509: "Bandwidth Limit Exceeded", 510: "Not Extended", 511: "Network Authentication Required",
  };

  // Taken as segtui loads: a handler that replaced Error.captureStackTrace left a fetch that failed never settled.
  const captureStackTrace = Error.captureStackTrace;

  function FetchError(message, type, systemError) {
    Error.call(this, message);
    this.message = message;
    this.type = type;
    if (systemError) this.code = this.errno = systemError.code;
    captureStackTrace(this, this.constructor);
  }
  FetchError.prototype = Object.create(Error.prototype);
  FetchError.prototype.constructor = FetchError;
  FetchError.prototype.name = "FetchError";

  function isURLSearchParams(obj) {
    if (typeof obj !== "object" || typeof obj.append !== "function" || typeof obj.delete !== "function" ||
        typeof obj.get !== "function" || typeof obj.getAll !== "function" || typeof obj.has !== "function" ||
        typeof obj.set !== "function") {
      return false;
    }
    return obj.constructor.name === "URLSearchParams" ||
      Object.prototype.toString.call(obj) === "[object URLSearchParams]" || typeof obj.sort === "function";
  }

  function isArrayBuffer(body) {
    return Object.prototype.toString.call(body) === "[object ArrayBuffer]";
  }

  // form-data's FormData: node-fetch pipes it as a stream, so segtui reads its parts up front.
  function isFormData(body) {
    return body !== null && typeof body === "object" && typeof body.getBoundary === "function";
  }

  // The bytes of a FormData read as node-fetch's pipe reads them, which leaves it consumed as in Node; its parts
  // are strings and Buffers, which form-data emits at once.
  function drain(form) {
    const chunks = [];
    form.on("data", (chunk) => chunks.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : chunk));
    form.resume();
    return Buffer.concat(chunks);
  }

  function extractContentType(body) {
    if (body === null) return null;
    if (typeof body === "string") return "text/plain;charset=UTF-8";
    if (isFormData(body)) return `multipart/form-data;boundary=${body.getBoundary()}`;
    if (isURLSearchParams(body)) return "application/x-www-form-urlencoded;charset=UTF-8";
    if (body instanceof Blob || isNodeBlob(body)) return body.type || null;
    if (Buffer.isBuffer(body) || isArrayBuffer(body) || ArrayBuffer.isView(body)) return null;
    return "text/plain;charset=UTF-8";
  }

  // What console.log shows of a body's state: node-fetch's fields, the body as node-fetch keeps it (a Buffer, or a
  // fetched response's stream: stream_inspect.js), not the text segtui keeps, which could be megabytes in a log line.
  const streamShown = global.__segtui.streamShown;
  const SHOWN_STATE = {  // no Object.prototype above it: a body's fields are set without a handler's setters
    __proto__: null,
    [Symbol.for("nodejs.util.inspect.custom")]() {
      let body = null;
      if (this.present) body = this.streamed ? streamShown(bufferOf(this), this.disturbed, this.cloned) : this.blob || bufferOf(this);
      return { body, disturbed: this.disturbed, error: this.error };
    },
  };

  function Body(body, { size = 0, timeout = 0 } = {}) {
    const state = { __proto__: SHOWN_STATE, text: null, bytes: null, blob: null, present: body != null, disturbed: false, error: null, cut: false, length: undefined, cloned: false, streamed: false, unsendable: false };
    if (body == null) {
      state.present = false;
    } else if (isURLSearchParams(body)) {
      state.text = body.toString();
    } else if (body instanceof Blob) {
      state.blob = body;  // node-fetch keeps the Blob as the body and sends its bytes
      state.bytes = body[BUFFER];
    } else if (isNodeBlob(body)) {
      state.bytes = Buffer.alloc(0);  // node-fetch reads its stream(), a web stream, as no bytes, and cannot send it
      state.unsendable = true;
    } else if (isFormData(body)) {
      // As node-fetch's getTotalBytes: a length when form-data knows it, else the body goes chunked.
      const known = (body._lengthRetrievers && body._lengthRetrievers.length === 0) || body.hasKnownLength();
      state.length = known ? body.getLengthSync() : null;
      state.bytes = drain(body);
    } else if (Buffer.isBuffer(body)) {
      state.bytes = body;
    } else if (isArrayBuffer(body)) {
      state.bytes = Buffer.from(body);
    } else if (ArrayBuffer.isView(body)) {
      state.bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    } else {
      state.text = String(body);
    }
    this[BODY] = state;
    this.size = size;
    this.timeout = timeout;
  }

  function bufferOf(state) {
    if (state.bytes === null) state.bytes = state.text === null ? Buffer.alloc(0) : Buffer.from(state.text, "utf8");
    return state.bytes;
  }

  function streamOf(state) {
    const { PassThrough } = node.require("stream");
    const stream = new PassThrough();
    if (state.error) stream.destroy(state.error);
    else if (state.cut) stream.write(bufferOf(state));  // what arrived, and never an end: Node's response never ends
    else if (state.disturbed) stream.end();  // text() or json() read it already: node-fetch's stream is drained
    else stream.end(bufferOf(state));
    return stream;
  }

  function textOf(state) {
    return state.text !== null ? state.text : bufferOf(state).toString();
  }

  function consume(body) {
    const state = body[BODY];
    if (state.disturbed) return Promise.reject(new TypeError(`body used already for: ${body.url}`));
    state.disturbed = true;
    if (state.error) return Promise.reject(state.error);
    // A body whose connection closed before all of it arrived: node-fetch 2.6.0 waits for an end that never comes.
    if (state.cut) return new Promise(() => {});
    // A fetched response's stream ends as Node's does when node-fetch reads it: resumed in one process.nextTick, its
    // 'end' emitted in another, so the ticks queued before those run first. Any other body is read at once.
    if (state.streamed) return new Promise((resolve) => timers.nextTick(timers.nextTick, [resolve, [state]]));
    return new Promise((resolve) => resolve(state));  // no Promise.resolve a handler replaced
  }

  Body.prototype = {
    // A fetched response's body is a stream, as node-fetch's (a PassThrough the response is piped into), made on first
    // use from the bytes segtui already has; any other body is its Buffer, as node-fetch keeps one it was given.
    get body() {
      const state = this[BODY];
      if (!state.present) return null;
      if (state.blob) return state.blob;
      if (!state.streamed) return bufferOf(state);
      if (state.stream === undefined) state.stream = streamOf(state);
      return state.stream;
    },
    get bodyUsed() {
      return this[BODY].disturbed;
    },
    arrayBuffer() {
      return consume(this).then((state) => {
        const buf = bufferOf(state);
        return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
      });
    },
    json() {
      return consume(this).then((state) => {
        try {
          return JSON.parse(textOf(state));
        } catch (err) {
          return Promise.reject(new FetchError(
            `invalid json response body at ${this.url} reason: ${err.message}`, "invalid-json"));
        }
      });
    },
    text() {
      return consume(this).then(textOf);
    },
    buffer() {
      return consume(this).then(bufferOf);
    },
    blob() {
      const type = (this.headers && this.headers.get("content-type")) || "";
      return consume(this).then((state) => blobOf(bufferOf(state), toLowerCase(type)));
    },
    // node-fetch converts the text with the optional package `encoding`, which is not installed with it (nor in
    // the Node reference), and then rejects so.
    textConverted() {
      return consume(this).then(() => {
        throw new Error("The package `encoding` must be installed to use the textConverted() function");
      });
    },
  };
  for (const name of ["body", "bodyUsed", "arrayBuffer", "blob", "json", "text"]) {
    Object.defineProperty(Body.prototype, name, { enumerable: true });
  }

  function mixIn(proto) {
    for (const name of Object.getOwnPropertyNames(Body.prototype)) {
      if (!(name in proto)) Object.defineProperty(proto, name, Object.getOwnPropertyDescriptor(Body.prototype, name));
    }
  }

  function cloneBody(instance) {
    if (instance.bodyUsed) throw new Error("cannot clone body after it is used");
    return instance.body;
  }

  class Response {
    constructor(body = null, opts = {}) {
      Body.call(this, body, opts);
      const status = opts.status || 200;
      const headers = new Headers(opts.headers);
      if (body != null && !headers.has("Content-Type")) {
        const contentType = extractContentType(body);
        if (contentType) headers.append("Content-Type", contentType);
      }
      this[RESPONSE] = {
        url: opts.url, status, statusText: opts.statusText || STATUS_CODES[status], headers, counter: opts.counter,
      };
    }

    get url() {
      return this[RESPONSE].url || "";
    }

    get status() {
      return this[RESPONSE].status;
    }

    get ok() {
      return this[RESPONSE].status >= 200 && this[RESPONSE].status < 300;
    }

    get redirected() {
      return this[RESPONSE].counter > 0;
    }

    get statusText() {
      return this[RESPONSE].statusText;
    }

    get headers() {
      return this[RESPONSE].headers;
    }

    // Like node-fetch, the copy does not carry the redirect count: its `redirected` is false.
    clone() {
      if (this.bodyUsed) throw new Error("cannot clone body after it is used");
      const copy = new Response(null, {
        url: this.url, status: this.status, statusText: this.statusText, headers: this.headers,
      });
      Object.assign(copy[BODY], this[BODY], { disturbed: false, stream: undefined, cloned: false });
      this[BODY].cloned = true;  // node-fetch pipes its stream on to the copy and a new one of its own
      return copy;
    }
  }
  mixIn(Response.prototype);
  for (const name of ["url", "status", "ok", "redirected", "statusText", "headers", "clone"]) {
    Object.defineProperty(Response.prototype, name, { enumerable: true });
  }
  Object.defineProperty(Response.prototype, Symbol.toStringTag, { value: "Response", configurable: true });

  function isRequest(input) {
    return typeof input === "object" && input !== null && typeof input[REQUEST] === "object";
  }

  function isAbortSignal(signal) {
    const proto = signal && typeof signal === "object" && Object.getPrototypeOf(signal);
    return !!(proto && proto.constructor.name === "AbortSignal");
  }

  class Request {
    constructor(input, init = {}) {
      let parsedURL;
      if (!isRequest(input)) {
        parsedURL = input && input.href ? parse(input.href) : parse(`${input}`);
        input = {};
      } else {
        parsedURL = parse(input.url);
      }
      let method = init.method || input.method || "GET";
      method = method.toUpperCase();  // two statements, as node-fetch's: V8's TypeError for no text names `method`
      if ((init.body != null || (isRequest(input) && input.body !== null)) && (method === "GET" || method === "HEAD")) {
        throw new TypeError("Request with GET/HEAD method cannot have body");
      }
      const inputBody = init.body != null ? init.body : isRequest(input) && input.body !== null ? cloneBody(input) : null;
      Body.call(this, inputBody, { timeout: init.timeout || input.timeout || 0, size: init.size || input.size || 0 });
      const headers = new Headers(init.headers || input.headers || {});
      if (inputBody != null && !headers.has("Content-Type")) {
        const contentType = extractContentType(inputBody);
        if (contentType) headers.append("Content-Type", contentType);
      }
      let signal = isRequest(input) ? input.signal : null;
      if ("signal" in init) signal = init.signal;
      if (signal != null && !isAbortSignal(signal)) throw new TypeError("Expected signal to be an instanceof AbortSignal");
      this[REQUEST] = { method, redirect: init.redirect || input.redirect || "follow", headers, parsedURL, signal };
      this.follow = init.follow !== undefined ? init.follow : input.follow !== undefined ? input.follow : 20;
      this.compress = init.compress !== undefined ? init.compress : input.compress !== undefined ? input.compress : true;
      this.counter = init.counter || input.counter || 0;
      this.agent = init.agent || input.agent;
    }

    get method() {
      return this[REQUEST].method;
    }

    get url() {
      return this[REQUEST].parsedURL.href;
    }

    get headers() {
      return this[REQUEST].headers;
    }

    get redirect() {
      return this[REQUEST].redirect;
    }

    get signal() {
      return this[REQUEST].signal;
    }

    clone() {
      return new Request(this);
    }
  }
  mixIn(Request.prototype);
  Object.defineProperty(Request.prototype, Symbol.toStringTag, { value: "Request", configurable: true });
  for (const name of ["method", "url", "headers", "redirect", "clone", "signal"]) {
    Object.defineProperty(Request.prototype, name, { enumerable: true });
  }

  global.Request = Request;
  global.Response = Response;
  global.__segtui.body = { FetchError, BODY, REQUEST, STATUS_CODES };
})(globalThis);
