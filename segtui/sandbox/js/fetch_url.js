// Node's legacy url.parse/format (lib/url.js, MIT), which node-fetch 2.6.0 uses: it decides
// request.url as Segment prints it, the request line's path, and the Host header. Only the
// parts reachable from fetch are kept (no query objects, no special protocols beyond http).
(function (global) {
  "use strict";
  // Built-ins taken before the handler runs, as Node's url module takes its primordials: a handler that replaces
  // Set.prototype.has, String.prototype.startsWith or includes, RegExp.prototype[Symbol.search] or a RegExp's flags
  // still fetches.
  const { uncurry, indexOfAny, substitute, append } = global.__segtui.intrinsics;
  const indexOf = uncurry(String.prototype.indexOf);
  const lastIndexOf = uncurry(String.prototype.lastIndexOf);
  const has = uncurry(Set.prototype.has);
  const startsWith = uncurry(String.prototype.startsWith);
  const endsWith = uncurry(String.prototype.endsWith);
  const PROTOCOL = /^[a-z0-9.+-]+:/i;
  const PORT = /:[0-9]*$/;
  const HOST_PATTERN = /^\/\/[^@/]+@[^@/]+/;
  const SIMPLE_PATH = /^(\/\/?(?!\/)[^?\s]*)(\?[^\s]*)?$/;
  const SLASHED = new Set(["http", "http:", "https", "https:", "ftp", "ftp:", "gopher", "gopher:", "file", "file:", "ws", "ws:", "wss", "wss:"]);
  const HOSTLESS = new Set(["javascript", "javascript:"]);
  const NEVER_IN_HOST = new Set([" ", '"', "%", "'", ";", "<", ">", "\\", "^", "`", "{", "|", "}"]);
  const HOST_END = new Set(["#", "/", "?"]);
  const INVALID_IN_HOSTNAME = new Set(["/", "\\", "#", "?", ":"]);
  const FORBIDDEN_HOST = /[\0\t\n\r #%/:<>?@[\\\]^|]/;
  const ESCAPES = { __proto__: null, "\t": "%09", "\n": "%0A", "\r": "%0D", " ": "%20", '"': "%22", "'": "%27",
    "<": "%3C", ">": "%3E", "\\": "%5C", "^": "%5E", "`": "%60", "{": "%7B", "|": "%7C", "}": "%7D" };
  const BACKSLASH = { __proto__: null, "\\": "/" };
  const IN_PATHNAME = { __proto__: null, "#": "%23", "?": "%3F" };
  const IN_SEARCH = { __proto__: null, "#": "%23" };
  const AUTH_KEEP = /[A-Za-z0-9!'()*\-._~:]/;

  function isWhitespace(code) {
    return code < 33 || code === 0xa0 || code === 0xfeff;
  }

  // Trim, and turn backslashes before the first ? or # into slashes, as browsers do.
  function prepare(url) {
    let start = 0;
    let end = url.length;
    while (start < end && isWhitespace(url.charCodeAt(start))) start++;
    while (end > start && isWhitespace(url.charCodeAt(end - 1))) end--;
    const text = url.slice(start, end);
    const split = indexOfAny(text, "?#");
    const head = split === -1 ? text : text.slice(0, split);
    return {
      rest: substitute(head, BACKSLASH) + (split === -1 ? "" : text.slice(split)),
      hasHash: indexOf(text, "#") >= 0,
      hasAt: indexOf(head, "@") >= 0,
    };
  }

  function toASCII(hostname) {
    if (!/[^\x00-\x7f]|(^|\.)xn--/.test(hostname)) return hostname;  // what Node's toASCII leaves as it is
    try {
      return new global.URL(`http://${hostname}/`).hostname;
    } catch (error) {
      return "";
    }
  }

  function invalidUrl(url) {
    const error = new TypeError("Invalid URL");
    error.code = "ERR_INVALID_URL";
    error.input = url;
    return error;
  }

  function parseHost(out, rest, url) {
    let hostEnd = -1;
    let atSign = -1;
    let nonHost = -1;
    for (let i = 0; i < rest.length; i++) {
      const c = rest[i];
      if (c === "\t" || c === "\n" || c === "\r") {
        rest = rest.slice(0, i) + rest.slice(i + 1);
        i -= 1;
      } else if (has(NEVER_IN_HOST, c)) {
        if (nonHost === -1) nonHost = i;
      } else if (has(HOST_END, c)) {
        if (nonHost === -1) nonHost = i;
        hostEnd = i;
        break;
      } else if (c === "@") {
        atSign = i;
        nonHost = -1;
      }
    }
    let start = 0;
    if (atSign !== -1) {
      out.auth = decodeURIComponent(rest.slice(0, atSign));
      start = atSign + 1;
    }
    let host;
    if (nonHost === -1) {
      host = rest.slice(start);
      rest = "";
    } else {
      host = rest.slice(start, nonHost);
      rest = rest.slice(nonHost);
    }
    const port = PORT.exec(host);
    if (port) {
      if (port[0] !== ":") out.port = port[0].slice(1);
      host = host.slice(0, host.length - port[0].length);
    }
    out.hostname = host || "";
    const ipv6 = startsWith(out.hostname, "[") && endsWith(out.hostname, "]");
    if (!ipv6) {
      for (let i = 0; i < out.hostname.length; i++) {
        if (has(INVALID_IN_HOSTNAME, out.hostname[i])) {
          rest = `/${out.hostname.slice(i)}${rest}`;
          out.hostname = out.hostname.slice(0, i);
          break;
        }
      }
    }
    out.hostname = out.hostname.length > 255 ? "" : out.hostname.toLowerCase();
    if (out.hostname !== "" && !ipv6) {
      out.hostname = toASCII(out.hostname);
      if (out.hostname === "" || FORBIDDEN_HOST.test(out.hostname)) throw invalidUrl(url);
    }
    out.host = out.hostname + (out.port ? `:${out.port}` : "");
    if (ipv6) {
      out.hostname = out.hostname.slice(1, -1);
      if (rest[0] !== "/") rest = `/${rest}`;
    }
    return rest;
  }

  function splitRest(out, rest, lowerProto) {
    rest = substitute(rest, ESCAPES);
    const hashIdx = rest.indexOf("#");
    if (hashIdx !== -1) out.hash = rest.slice(hashIdx);
    const beforeHash = hashIdx === -1 ? rest : rest.slice(0, hashIdx);
    const questionIdx = beforeHash.indexOf("?");
    if (questionIdx !== -1) {
      out.search = beforeHash.slice(questionIdx);
      out.query = out.search.slice(1);
    }
    const firstIdx = questionIdx !== -1 ? questionIdx : hashIdx;
    if (firstIdx === -1) {
      if (rest.length > 0) out.pathname = rest;
    } else if (firstIdx > 0) {
      out.pathname = rest.slice(0, firstIdx);
    }
    if (has(SLASHED, lowerProto) && out.hostname && !out.pathname) out.pathname = "/";
  }

  function format(out) {
    let auth = "";
    if (out.auth) {
      for (const c of out.auth) auth += AUTH_KEEP.test(c) ? c : encodeURIComponent(c);
      auth += "@";
    }
    let protocol = out.protocol || "";
    let pathname = substitute(out.pathname || "", IN_PATHNAME);
    let host = out.host ? auth + out.host : "";
    if (out.slashes || has(SLASHED, protocol)) {
      if (out.slashes || host) {
        if (pathname && pathname[0] !== "/") pathname = `/${pathname}`;
        host = `//${host}`;
      }
    }
    const search = substitute(out.search || "", IN_SEARCH);
    return protocol + host + pathname + search + (out.hash || "");
  }

  // What url.parse gives is a Url, as Node's (console.log shows `Url { … }`, as a Request's parsedURL); its fields are
  // made by a literal, which no setter a handler put on Object.prototype sees.
  function Url() {}

  // url.parse(url): the fields node-fetch reads, and href as url.format gives it.
  function parse(url) {
    const out = { __proto__: Url.prototype, protocol: null, slashes: null, auth: null, host: null, port: null,
      hostname: null, hash: null, search: null, query: null, pathname: null, path: null, href: null };
    let { rest, hasHash, hasAt } = prepare(url);
    const simple = !hasHash && !hasAt ? SIMPLE_PATH.exec(rest) : null;
    if (simple) {
      out.path = out.href = rest;
      out.pathname = simple[1];
      if (simple[2]) {
        out.search = simple[2];
        out.query = simple[2].slice(1);
      }
      return out;
    }
    let proto = PROTOCOL.exec(rest);
    let lowerProto;
    if (proto) {
      proto = proto[0];
      lowerProto = proto.toLowerCase();
      out.protocol = lowerProto;
      rest = rest.slice(proto.length);
    }
    let slashes = false;
    if (proto || HOST_PATTERN.test(rest)) {
      slashes = startsWith(rest, "//");
      if (slashes && !(proto && has(HOSTLESS, lowerProto))) {
        rest = rest.slice(2);
        out.slashes = true;
      }
    }
    if (!has(HOSTLESS, lowerProto) && (slashes || (proto && !has(SLASHED, proto)))) {
      rest = parseHost(out, rest, url);
    }
    splitRest(out, rest, lowerProto);
    if (out.pathname || out.search) out.path = (out.pathname || "") + (out.search || "");
    out.href = format(out);
    return out;
  }

  function removeDotSegments(path) {
    const output = [];
    const segments = path.split("/");
    segments.forEach((segment, index) => {
      if (segment === "..") {
        if (output.length > 1) output.length -= 1;
        if (index === segments.length - 1) append(output, "");
      } else if (segment === ".") {
        if (index === segments.length - 1) append(output, "");
      } else {
        append(output, segment);
      }
    });
    return output.join("/") || "/";
  }

  // url.resolve(base, location) for a redirect's Location header, on absolute http(s) bases.
  function resolve(base, location) {
    const from = parse(base);
    const trimmed = location.trim();
    if (PROTOCOL.test(trimmed)) return parse(trimmed).href;
    if (startsWith(trimmed, "//")) return parse(from.protocol + trimmed).href;
    const origin = `${from.protocol}//${from.auth ? `${from.auth}@` : ""}${from.host}`;
    if (trimmed === "") return parse(`${origin}${from.path || "/"}`).href;
    if (trimmed[0] === "#") return parse(`${origin}${from.path || "/"}${trimmed}`).href;
    if (trimmed[0] === "?") return parse(`${origin}${from.pathname || "/"}${trimmed}`).href;
    const end = indexOfAny(trimmed, "?#");
    const path = end === -1 ? trimmed : trimmed.slice(0, end);
    const tail = end === -1 ? "" : trimmed.slice(end);
    const fromPath = from.pathname || "/";
    const dir = fromPath.slice(0, lastIndexOf(fromPath, "/") + 1);
    return parse(`${origin}${removeDotSegments(path[0] === "/" ? path : dir + path)}${tail}`).href;
  }

  global.__segtui.url = { parse, resolve };
})(globalThis);
