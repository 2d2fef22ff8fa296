// The global URL's errors as Node 20 throws them: a URL it cannot parse is `TypeError: Invalid URL` with its `code`
// ERR_INVALID_URL and the `input` (and `base`) given, whatever core-js's parser says of it (`Invalid scheme`, …);
// `new URL()` names the missing argument. A handler that forgets the scheme of `settings.endpoint` sees Node's words.
(function (global) {
  "use strict";
  const { Proxy } = global.__segtui.intrinsics;
  const { nodeError } = global.__segtui.nodeErrors;
  const construct = Reflect.construct;
  const captureStackTrace = Error.captureStackTrace;
  const CoreURL = global.URL;

  function invalid(args) {
    const error = new TypeError("Invalid URL");
    error.code = "ERR_INVALID_URL";
    error.input = String(args[0]);
    if (args.length > 1 && args[1] !== undefined) error.base = String(args[1]);
    return error;
  }

  global.URL = new Proxy(CoreURL, {
    construct(target, args, newTarget) {
      if (args.length === 0) throw nodeError(TypeError, "ERR_MISSING_ARGS", 'The "url" argument must be specified');
      try {
        return construct(target, args, newTarget);
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;  // a toString of the handler's that threw, say
        const refused = invalid(args);
        captureStackTrace(refused, this.construct);
        throw refused;
      }
    },
    apply() {
      throw new TypeError("Class constructor URL cannot be invoked without 'new'");
    },
  });
  // `url.constructor === URL`, as in Node.
  Object.defineProperty(CoreURL.prototype, "constructor", { value: global.URL, writable: true, configurable: true });
})(globalThis);
