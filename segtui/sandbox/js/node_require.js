// require() for the vendored Node packages (vendor kind "node"): each package file is
// evaluated once per context, on first use, as a CommonJS module. Node's core modules are
// answered by segtui's own (crypto, Buffer, timers, http/https over segtui's network) or by the
// browser ports in vendor/node-core.js; those a function cannot use in segtui throw on use.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { evaluate } = internal.lazy;
  const { Proxy } = internal.intrinsics;
  const process = internal.nodeProcess;
  const { Buffer, crypto, URL, URLSearchParams } = global;
  const { TextEncoder, TextDecoder } = internal.textCodecs;
  const timers = {
    setTimeout: global.setTimeout, clearTimeout: global.clearTimeout, setInterval: global.setInterval,
    clearInterval: global.clearInterval, setImmediate: global.setImmediate, clearImmediate: global.clearImmediate,
  };
  const loaded = Object.create(null);
  // A core module segtui cannot give a function: loading it works, using any of it throws why.
  function unavailable(name, reason) {
    const fail = () => {
      throw new Error(`the Node.js module ${name} is not available in segtui: ${reason}`);
    };
    return new Proxy({}, { get: (target, key) => (typeof key === "symbol" || key === "then" ? undefined : fail) });
  }

  // In Node every stream is an instance of the legacy Stream (node-fetch tells a stream body by it); the port's
  // Readable/Writable descend from EventEmitter only, so `instanceof Stream` also accepts an emitter with pipe().
  function streamModule(core) {
    const Stream = core.stream;
    const { EventEmitter } = core.events;
    const own = Function.prototype[Symbol.hasInstance];
    Object.defineProperty(Stream, Symbol.hasInstance, {
      value: (value) => own.call(Stream, value) || (value instanceof EventEmitter && typeof value.pipe === "function"),
    });
    return Stream;
  }

  function SlowBuffer(size) {
    return Buffer.allocUnsafeSlow(size);
  }
  SlowBuffer.prototype = Buffer.prototype;

  let core = null;
  const nodeCore = () => core || (core = withNodesEmit(load("node-core.js")));

  // npm events' emit gathers its arguments with push and copies its listeners by index, which call a push or an index
  // setter the handler put on Array.prototype; Node 20's (rest arguments, ArrayPrototypeSlice) calls neither. This is
  // Node 20's emit (lib/events.js) in its place, with its lists made by segtui's `append` and its error for an 'error'
  // event no one listens to: the value itself when an Error, else ERR_UNHANDLED_ERROR naming it as util.inspect shows it.
  function withNodesEmit(modules) {
    const { apply, append } = internal.intrinsics;
    const NativeError = Error;
    modules.events.EventEmitter.prototype.emit = function emit(type, ...args) {
      const events = this._events;
      let doError = type === "error";
      if (events !== undefined) doError = doError && events.error === undefined;
      else if (!doError) return false;
      if (doError) {
        const er = args.length > 0 ? args[0] : undefined;
        if (er instanceof NativeError) throw er;
        let shown;
        try {
          shown = internal.util().inspect(er);
        } catch {
          shown = er;
        }
        const err = internal.nodeErrors.nodeError(NativeError, "ERR_UNHANDLED_ERROR", `Unhandled error. (${shown})`);
        err.context = er;
        throw err;
      }
      const handler = events[type];
      if (handler === undefined) return false;
      if (typeof handler === "function") {
        apply(handler, this, args);
        return true;
      }
      const listeners = [];
      for (let i = 0; i < handler.length; i++) append(listeners, handler[i]);
      for (let i = 0; i < listeners.length; i++) apply(listeners[i], this, args);
      return true;
    };
    return modules;
  }
  let webModules = null;
  const web = () => (webModules = webModules || internal.nodeHttp(require, internal.body.STATUS_CODES));
  const CORE = {
    buffer: () => ({ Buffer, SlowBuffer, kMaxLength: 2 ** 32, constants: { MAX_LENGTH: 2 ** 32, MAX_STRING_LENGTH: 2 ** 29 - 24 } }),
    crypto: () => crypto,
    timers: () => timers,
    process: () => process,
    http: () => web().http,
    https: () => web().https,
    fs: () => unavailable("fs", "segtui gives a function no file system"),
    child_process: () => unavailable("child_process", "a Segment function cannot start processes"),
    net: () => unavailable("net", "segtui sends requests only through its http and https modules"),
    tls: () => unavailable("tls", "segtui sends requests only through its http and https modules"),
    domain: () => unavailable("domain", "segtui does not provide it"),
    http2: () => unavailable("http2", "segtui sends requests over HTTP/1.1 only"),
    tty: () => ({ isatty: () => false }),
    url: () => Object.assign({}, nodeCore().url, { URL, URLSearchParams }),
    util: () => Object.assign({}, nodeCore().util, { TextEncoder, TextDecoder }),
    stream: () => streamModule(nodeCore()),
    // Node's zlib.constants, which the port (pako) has only as the module's own Z_* properties.
    zlib: () => {
      const zlib = nodeCore().zlib;
      const names = Object.keys(zlib).filter((name) => name.startsWith("Z_"));
      return Object.assign({}, zlib, { constants: Object.fromEntries(names.map((name) => [name, zlib[name]])) });
    },
    // The browser port says "browser"/"javascript"; SDKs put the platform in their User-Agent.
    os: () => Object.assign({}, nodeCore().os, { platform: () => process.platform, arch: () => process.arch, type: () => "Linux" }),
  };
  for (const name of ["assert", "events", "path", "punycode", "querystring", "string_decoder"]) {
    CORE[name] = () => nodeCore()[name];
  }
  const cached = Object.create(null);

  // moment loads a locale the first time it is asked for one (`moment.locale("de")`) with require("./locale/de"),
  // which defines that one: moment.locales() lists the locales asked for (a name with no file among them, as moment
  // marks it missing), as in Node. The vendored file holds every locale: evaluated once, with a moment that keeps each
  // locale's configuration, it gives the one asked for to moment-timezone's moment's defineLocale.
  const MOMENT_LOCALE = /^\.\/locale\/([A-Za-z0-9_-]+)$/;
  let momentLocales = null;
  const momentDefined = Object.create(null);
  function momentLocale(id, name) {
    if (momentLocales === null) {
      const configs = Object.create(null);
      const keeper = { defineLocale: (locale, config) => (configs[locale] = config), locale: () => "en" };
      const module = { exports: {} };
      evaluate("moment-locales.js", ["module", "exports", "require", "process", "global"], [module, module.exports, () => keeper, process, global]);
      momentLocales = configs;
    }
    if (!(name in momentLocales)) throw notFound(id);
    if (!(name in momentDefined)) momentDefined[name] = load("moment-timezone.js").defineLocale(name, momentLocales[name]);
    return momentDefined[name];
  }
  function notFound(name) {
    const error = new Error(`Cannot find module '${name}'`);
    error.code = "MODULE_NOT_FOUND";
    return error;
  }

  function require(name) {
    const id = String(name).replace(/^node:/, "");
    const locale = MOMENT_LOCALE.exec(id);
    if (locale !== null) return momentLocale(id, locale[1]);
    if (id === "../moment") return load("moment-timezone.js");
    if (!(id in CORE)) throw notFound(name);
    if (!(id in cached)) cached[id] = CORE[id]();
    return cached[id];
  }

  // The package in a vendor file of kind "node", evaluated on first use.
  function load(file) {
    if (!(file in loaded)) {
      const module = { exports: {} };
      evaluate(file, ["module", "exports", "require", "process", "global"], [module, module.exports, require, process, global]);
      loaded[file] = module.exports;
    }
    return loaded[file];
  }

  internal.node = { load, require };
})(globalThis);
