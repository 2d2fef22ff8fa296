// Node's http and https modules for the vendored packages (and the `https` global): request/get
// build the request Node 20 would write and send it through fetch's queue, so it is recorded,
// masked, mocked, replayed, recorded to cassettes and blocked offline exactly as fetch's are.
// Bodies are sent when the request ends (one chunk when Node would send it chunked).
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { nodeError } = internal.nodeErrors;
  const { systemError } = internal.systemErrors;
  const { Buffer, URL } = global;
  const wire = internal.wire;
  const later = global.setImmediate;
  const { microtask, uncurry, isArray } = internal.intrinsics;  // microtask: Node's nextTick, whatever the handler did to Promise
  const eachHeader = uncurry(Map.prototype.forEach);
  const NO_BODY_BY_DEFAULT = new Set(["GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "CONNECT"]);
  const INVALID_PATH = /[^\u0021-\u00ff]/;
  const TOKEN = /^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/;
  const CANCELLED = new Error("destroyed before it was sent");

  function create(require, STATUS_CODES) {
    const { EventEmitter } = require("events");

    class Agent extends EventEmitter {
      constructor(options = {}) {
        super();
        this.options = Object.assign({ path: null }, options);
        this.keepAlive = !!options.keepAlive;
        this.maxSockets = options.maxSockets || Infinity;
        this.defaultPort = 80;
        this.protocol = "http:";
        this.requests = {};
        this.sockets = {};
        this.freeSockets = {};
      }

      destroy() {}

      // What makes an agent one to Node's http.request (segtui's requests hold no sockets to hand it).
      addRequest() {}
    }

    const { Socket, IncomingMessage } = internal.nodeHttpIncoming(require);

    function parseInput(input, options, callback) {
      let urlOptions = {};
      if (typeof input === "string" || input instanceof URL) {
        let url;
        try {
          url = new URL(String(input));
        } catch (error) {
          throw nodeError(TypeError, "ERR_INVALID_URL", "Invalid URL");
        }
        urlOptions = {
          protocol: url.protocol, hostname: url.hostname.replace(/^\[|\]$/g, ""), port: url.port,
          path: `${url.pathname}${url.search}`, href: url.href,
        };
        if (url.username || url.password) urlOptions.auth = `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`;
      } else {
        callback = options;
        options = input;
      }
      if (typeof options === "function") {
        callback = options;
        options = {};
      }
      return { options: Object.assign({}, urlOptions, options || {}), callback };
    }

    class ClientRequest extends EventEmitter {
      constructor(module, scheme, options, callback) {
        super();
        const protocol = options.protocol || scheme.protocol;
        if (protocol !== scheme.protocol) {
          throw nodeError(TypeError, "ERR_INVALID_PROTOCOL", `Protocol "${protocol}" not supported. Expected "${scheme.protocol}"`);
        }
        const agent = options.agent === undefined ? module.globalAgent : options.agent;
        const defaultPort = options.defaultPort || (agent && agent.defaultPort) || scheme.defaultPort;
        this.host = options.hostname || options.host || "localhost";
        this.port = Number(options.port || defaultPort);
        this.path = options.path || "/";
        if (INVALID_PATH.test(this.path)) {
          throw nodeError(TypeError, "ERR_UNESCAPED_CHARACTERS", "Request path contains unescaped characters");
        }
        const method = options.method == null ? "GET" : options.method;
        if (typeof method !== "string" || !TOKEN.test(method)) {
          throw nodeError(TypeError, "ERR_INVALID_HTTP_TOKEN", `Method must be a valid HTTP token ["${method}"]`);
        }
        this.method = method.toUpperCase();
        this.protocol = scheme.protocol;
        this.agent = agent;
        this.timeoutMs = Number(options.timeout) || 0;
        this.headersSent = false;
        this.writable = true;  // what a legacy pipe() checks before writing
        this.finished = this.aborted = this.destroyed = false;
        this.reusedSocket = false;
        this.socket = null;
        this._keepAlive = agent !== false && !!(agent && agent.keepAlive);
        this._headers = new Map();
        this._chunks = [];
        this._written = false;
        for (const name of Object.keys(options.headers || {})) this.setHeader(name, options.headers[name]);
        if (!this.hasHeader("host") && options.setHost !== false) {
          let hostHeader = this.host;
          if (hostHeader.includes(":") && !hostHeader.startsWith("[")) hostHeader = `[${hostHeader}]`;
          if (this.port !== defaultPort) hostHeader += `:${this.port}`;
          this.setHeader("Host", hostHeader);
        }
        if (options.auth && !this.hasHeader("authorization")) {
          this.setHeader("Authorization", `Basic ${Buffer.from(options.auth).toString("base64")}`);
        }
        if (callback) this.once("response", callback);
        microtask(() => {
          if (this.destroyed) return;
          this.socket = this.connection = new Socket(this);
          this.emit("socket", this.socket);
        });
      }

      setHeader(name, value) {
        if (this.headersSent) throw nodeError(Error, "ERR_HTTP_HEADERS_SENT", "Cannot set headers after they are sent to the client");
        if (typeof name !== "string" || !TOKEN.test(name)) {
          throw nodeError(TypeError, "ERR_INVALID_HTTP_TOKEN", `Header name must be a valid HTTP token ["${name}"]`);
        }
        if (value === undefined) {
          throw nodeError(TypeError, "ERR_HTTP_INVALID_HEADER_VALUE", `Invalid value "undefined" for header "${name}"`);
        }
        this._headers.set(name.toLowerCase(), [name, value]);
        return this;
      }

      getHeader(name) {
        const entry = this._headers.get(String(name).toLowerCase());
        return entry && entry[1];
      }

      hasHeader(name) {
        return this._headers.has(String(name).toLowerCase());
      }

      removeHeader(name) {
        if (this.headersSent) throw nodeError(Error, "ERR_HTTP_HEADERS_SENT", "Cannot remove headers after they are sent to the client");
        this._headers.delete(String(name).toLowerCase());
      }

      getHeaders() {
        const out = Object.create(null);
        this._headers.forEach((entry, key) => { out[key] = entry[1]; });  // no destructuring: it asks for `return`
        return out;
      }

      getHeaderNames() {
        return [...this._headers.keys()];
      }

      getRawHeaderNames() {
        return [...this._headers.values()].map(([name]) => name);
      }

      setTimeout(msecs, callback) {
        this.timeoutMs = Number(msecs) || 0;
        if (callback) this.once("timeout", callback);
        return this;
      }

      setNoDelay() {}

      setSocketKeepAlive() {}

      flushHeaders() {}

      write(chunk, encoding, callback) {
        if (typeof encoding === "function") [callback, encoding] = [encoding, undefined];
        if (this.finished) {
          const error = nodeError(Error, "ERR_STREAM_WRITE_AFTER_END", "write after end");
          microtask(() => this.emit("error", error));
          return false;
        }
        if (chunk === null) throw nodeError(TypeError, "ERR_STREAM_NULL_VALUES", "May not write null values to stream");
        this._chunks.push(typeof chunk === "string" ? Buffer.from(chunk, encoding || "utf8") : Buffer.from(chunk));
        this._written = true;
        if (callback) microtask(callback);
        return true;
      }

      end(chunk, encoding, callback) {
        if (typeof chunk === "function") [callback, chunk] = [chunk, undefined];
        else if (typeof encoding === "function") [callback, encoding] = [encoding, undefined];
        if (this.finished) return this;
        const chunked = this._written;
        if (chunk !== undefined && chunk !== null) this.write(chunk, encoding);
        this.finished = true;
        this.writable = false;
        if (callback) this.once("finish", callback);
        this._send(chunked);
        return this;
      }

      abort() {
        if (this.aborted) return;
        this.aborted = true;
        microtask(() => this.emit("abort"));
        this.destroy();
      }

      destroy(error) {
        if (this.destroyed) return this;
        this.destroyed = true;
        const reason = error || (this.res ? null : nodeError(Error, "ECONNRESET", "socket hang up"));
        microtask(() => {
          if (reason && !this.aborted) this.emit("error", reason);
          this.emit("close");
        });
        return this;
      }

      // The header lines in the order Node 20 writes them, with the framing it chooses; pushed, as Node's http pushes
      // what it writes (its _writeRaw), calling a push or index setter a handler put on Array.prototype.
      _lines(body, chunked) {
        const lines = [];
        eachHeader(this._headers, (entry) => {
          const value = entry[1];
          if (!isArray(value)) lines.push([entry[0], String(value)]);
          else for (let i = 0; i < value.length; i++) lines.push([entry[0], String(value[i])]);
        });
        if (!this.hasHeader("connection")) lines.push(["Connection", this._keepAlive ? "keep-alive" : "close"]);
        if (!this.hasHeader("content-length") && !this.hasHeader("transfer-encoding") &&
            !NO_BODY_BY_DEFAULT.has(this.method)) {
          lines.push(chunked ? ["Transfer-Encoding", "chunked"] : ["Content-Length", String(body.length)]);
        }
        return lines;
      }

      _send(chunked) {
        this.headersSent = true;
        const body = Buffer.concat(this._chunks);
        const scheme = this.protocol.slice(0, -1);
        const item = {
          method: this.method, scheme, host: this.host,
          port: this.port, target: this.path, headers: this._lines(body, chunked), timeout: this.timeoutMs, size: 0,
          compress: false, chain: wire.chain(), hop: 0, seq: wire.sequence(),
        };
        if (body.length > 0 || !NO_BODY_BY_DEFAULT.has(this.method)) item.binary = wire.binaryString(body);
        microtask(() => this.emit("finish"));
        wire.enqueue({
          item,
          // A request destroyed before it went has had its 'error' from destroy(); it is just not sent.
          cancelled: () => (this.destroyed ? CANCELLED : null),
          // What a listener throws, or an 'error' nobody listens to, is uncaught as in Node: the run fails.
          reject: (error) => error === CANCELLED || later(() => {
            throw error;
          }),
          deliver: (result) => this._receive(result),
        });
      }

      _receive(result) {
        internal.nodeDrain.ticks = true;  // its microtasks are Node's processTicksAndRejections' (stack_format.js)
        if (result.error) {
          // On 'timeout' Node waits for the handler to destroy the request (which then fails with "socket hang up");
          // the host has already given up, so a request left alone fails the same way.
          if (result.error.type === "request-timeout") this.emit("timeout");
          if (this.destroyed) return;
          const reason = result.error.message.replace(/^request to .* failed, reason: /, "");
          const timedOut = result.error.type === "request-timeout";
          const error = systemError(timedOut ? "socket hang up" : reason, (!timedOut && result.error.code) || "ECONNRESET");
          this.destroyed = true;
          this.emit("error", error);
          this.emit("close");
          return;
        }
        const res = new IncomingMessage(result, this);
        res.socket = res.connection = this.socket;
        this.res = res;
        const body = result.binary !== undefined ? wire.fromBinary(result.binary) : Buffer.from(result.text, "utf8");
        if (body.length > 0) res.push(body);
        if (result.cut) {
          // The connection closed before the whole body arrived: Node gives what did, then 'aborted' and an "aborted"
          // error (only to a listener, as IncomingMessage emits it), and never an end.
          later(() => {
            res.aborted = true;
            res.emit("aborted");
            const error = new Error("aborted");
            error.code = "ECONNRESET";
            res.destroy(res.listenerCount("error") > 0 ? error : undefined);
            this.emit("close");
          });
        } else {
          res.push(null);
          res.on("end", () => this.emit("close"));
        }
        if (!this.emit("response", res)) res.resume();
      }
    }

    // https's Agent, named Agent as Node's is; https.globalAgent is one.
    class HttpsAgent extends Agent {
      constructor(options) {
        super(options);
        this.defaultPort = 443;
        this.protocol = "https:";
      }
    }
    Object.defineProperty(HttpsAgent, "name", { value: "Agent" });

    const METHODS = ["ACL", "BIND", "CHECKOUT", "CONNECT", "COPY", "DELETE", "GET", "HEAD", "LINK", "LOCK", "M-SEARCH",
      "MERGE", "MKACTIVITY", "MKCALENDAR", "MKCOL", "MOVE", "NOTIFY", "OPTIONS", "PATCH", "POST", "PROPFIND", "PROPPATCH",
      "PURGE", "PUT", "REBIND", "REPORT", "SEARCH", "SOURCE", "SUBSCRIBE", "TRACE", "UNBIND", "UNLINK", "UNLOCK", "UNSUBSCRIBE"];

    // A module with Node's keys in Node's order (https's: Agent, globalAgent, Server, createServer, get, request); its
    // scheme, which its requests take, is no key of it, as in Node.
    function module(protocol, defaultPort, AgentClass) {
      const scheme = { protocol, defaultPort };
      const listen = (name) => {
        throw new Error(`${protocol.slice(0, -1)}.${name} is not available in segtui: a function cannot listen`);
      };
      const calls = {
        Server: function Server() {
          listen("Server");
        },
        createServer() {
          listen("createServer");
        },
        get(input, options, callback) {
          const req = mod.request(input, options, callback);
          req.end();
          return req;
        },
        request(input, options, callback) {
          const parsed = parseInput(input, options, callback);
          return new ClientRequest(mod, scheme, parsed.options, parsed.callback);
        },
      };
      const mod = protocol === "https:" ? { Agent: AgentClass, globalAgent: new AgentClass(), ...calls }
        : { METHODS, STATUS_CODES, Agent: AgentClass, ClientRequest, IncomingMessage, ...calls, globalAgent: new AgentClass() };
      return mod;
    }

    return { http: module("http:", 80, Agent), https: module("https:", 443, HttpsAgent) };
  }

  internal.nodeHttp = create;
})(globalThis);
