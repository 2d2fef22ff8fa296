// A fetch's request as node-fetch 2.6.0 and Node's http module would write it: the checks http.request makes, the
// headers in Node's order, and the item Python sends (fetch.js queues it).
(function (global) {
  "use strict";
  const { Headers } = global;
  const { BODY, REQUEST } = global.__segtui.body;
  const { find } = global.__segtui.headers;
  const { nodeError, invalidArgType } = global.__segtui.nodeErrors;
  const consoleState = global.__segtui.console;
  // Taken before the handler runs, as Node's http module takes its primordials.
  const { uncurry, apply, fromCharCode, min, keys } = global.__segtui.intrinsics;
  const Bytes = Uint8Array;
  const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
  const viewBuffer = uncurry(Object.getOwnPropertyDescriptor(TypedArrayPrototype, "buffer").get);
  const viewOffset = uncurry(Object.getOwnPropertyDescriptor(TypedArrayPrototype, "byteOffset").get);
  const viewLength = uncurry(Object.getOwnPropertyDescriptor(TypedArrayPrototype, "byteLength").get);
  const has = uncurry(Set.prototype.has);
  const lastIndexOf = uncurry(String.prototype.lastIndexOf);
  const indexOf = uncurry(String.prototype.indexOf);
  const Number = global.Number;
  const USER_AGENT = "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)";
  const NOT_STREAMED = new Set(["GET", "HEAD", "DELETE", "OPTIONS", "TRACE", "CONNECT"]);
  const CHUNK = 8192;

  function utf8Length(text) {
    if (/^[\x00-\x7f]*$/.test(text)) return text.length;
    let length = text.length;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < 0x80) continue;
      if (c < 0x800) {
        length += 1;
      } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length &&
                 text.charCodeAt(i + 1) >= 0xdc00 && text.charCodeAt(i + 1) <= 0xdfff) {
        length += 2;
        i++;
      } else {
        length += 2;
      }
    }
    return length;
  }

  // Bytes as a "binary" string (one char per byte): the cheapest form on the JSON channel. Read through views of
  // segtui's own, not the body's subarray (a Buffer's makes its piece with Buffer.from, through its species) nor the
  // handler's String.fromCharCode: Node's http writes a body whatever a handler replaced of those.
  function binaryString(bytes) {
    const buffer = viewBuffer(bytes);
    const offset = viewOffset(bytes);
    const length = viewLength(bytes);
    let out = "";
    for (let i = 0; i < length; i += CHUNK) out += apply(fromCharCode, null, new Bytes(buffer, offset + i, min(CHUNK, length - i)));
    return out;
  }

  function fromBinary(text) {
    const bytes = Buffer.allocUnsafe(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    return bytes;
  }

  // The headers in the order Node's http module writes them for node-fetch's options.
  function headerLines(request, parsed, body, defaultPort, agent) {
    const headers = new Headers(request[REQUEST].headers);
    if (!headers.has("Accept")) headers.set("Accept", "*/*");
    let contentLength = null;
    if (!body.present && /^(POST|PUT)$/i.test(request.method)) contentLength = "0";
    if (body.present) contentLength = String(body.text !== null ? utf8Length(body.text) : body.bytes.length);
    if (body.length === null) contentLength = null;
    else if (body.length !== undefined) contentLength = String(body.length);
    if (contentLength) headers.set("Content-Length", contentLength);
    if (!headers.has("User-Agent")) headers.set("User-Agent", USER_AGENT);
    if (request.compress && !headers.has("Accept-Encoding")) headers.set("Accept-Encoding", "gzip,deflate");
    if (!headers.has("Connection") && !agent) headers.set("Connection", "close");
    const raw = headers.raw();
    const hostKey = find(raw, "Host");
    const lines = [];
    // Node's http reads the headers node-fetch exports through its own primordials, never the handler's Object.keys.
    const names = keys(raw);
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      for (const value of name === hostKey ? raw[name].slice(0, 1) : raw[name]) lines.push([name, value]);
    }
    if (hostKey === undefined) {
      let hostHeader = parsed.hostname;
      if (indexOf(hostHeader, ":") !== lastIndexOf(hostHeader, ":")) hostHeader = `[${hostHeader}]`;
      if (parsed.port && +parsed.port !== defaultPort) hostHeader += `:${parsed.port}`;
      lines.push(["Host", hostHeader]);
    }
    if (parsed.auth && find(raw, "Authorization") === undefined) {
      lines.push(["Authorization", `Basic ${Buffer.from(parsed.auth).toString("base64")}`]);
    }
    if (!body.present && !has(NOT_STREAMED, request.method) && find(raw, "Content-Length") === undefined &&
        find(raw, "Transfer-Encoding") === undefined) {
      lines.push(["Content-Length", "0"]);
    }
    if (body.length === null && find(raw, "Content-Length") === undefined && find(raw, "Transfer-Encoding") === undefined) {
      lines.push(["Transfer-Encoding", "chunked"]);
    }
    return lines;
  }

  // What Python needs to send one request exactly as node-fetch would, plus what the record shows.
  // The agent node-fetch gives Node's http.request (a function's answer for this URL), refused as Node refuses one
  // that is no Agent or is one for the other protocol (an https.Agent given for an http: URL).
  function requestAgent(agent, parsed) {
    if (typeof agent === "function") agent = agent(parsed);
    if (agent === undefined || agent === null || agent === false) return agent;
    if (typeof agent.addRequest !== "function") {
      throw invalidArgType("options.agent", "one of Agent-like Object, undefined, or false", agent);
    }
    if (agent.protocol && agent.protocol !== parsed.protocol) {
      throw nodeError(TypeError, "ERR_INVALID_PROTOCOL", `Protocol "${parsed.protocol}" not supported. Expected "${agent.protocol}"`);
    }
    return agent;
  }

  function wire(request, chain) {
    const parsed = request[REQUEST].parsedURL;
    if (!parsed.protocol || !parsed.hostname) throw new TypeError("Only absolute URLs are supported");
    if (!/^https?:$/.test(parsed.protocol)) throw new TypeError("Only HTTP(S) protocols are supported");
    // Node's http.request refuses a path (url.parse leaves non-ASCII as it is) holding a character outside
    // U+0021-U+00FF, and sends the others as single bytes (Latin-1).
    if (/[^\u0021-\u00ff]/.test(parsed.path || "/")) {
      throw nodeError(TypeError, "ERR_UNESCAPED_CHARACTERS", "Request path contains unescaped characters");
    }
    // Node's http.request refuses a method that is no HTTP token (so none can inject a request line or header).
    if (!/^[\^_`a-zA-Z\-0-9!#$%&'*+.|~]+$/.test(request.method)) {
      const error = new TypeError(`Method must be a valid HTTP token ["${request.method}"]`);
      error.code = "ERR_INVALID_HTTP_TOKEN";
      throw error;
    }
    const agent = requestAgent(request.agent, parsed);
    const https = parsed.protocol === "https:";
    const defaultPort = https ? 443 : 80;
    const port = parsed.port ? Number(parsed.port) : defaultPort;
    if (port > 65535) {
      const error = new RangeError(`Port should be >= 0 and < 65536. Received type number (${port}).`);
      error.code = "ERR_SOCKET_BAD_PORT";
      throw error;
    }
    const body = request[BODY];
    const item = {  // `text` or `binary` is set below: never through a setter of the handler's
      __proto__: null, method: request.method, scheme: https ? "https" : "http", host: parsed.hostname, port,
      target: parsed.path || "/", headers: headerLines(request, parsed, body, defaultPort, agent),
      timeout: Number(request.timeout) || 0, size: Number(request.size) || 0, compress: !!request.compress,
      chain, hop: request.counter, seq: consoleState.sequence(),
    };
    if (body.present) {
      if (body.text !== null) item.text = body.text;
      else item.binary = binaryString(body.bytes);
    }
    return item;
  }

  global.__segtui.fetchRequest = { wire, binaryString, fromBinary };
})(globalThis);
