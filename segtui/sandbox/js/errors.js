// The error classes Segment pre-loads: plain Error subclasses named after themselves.
(function (global) {
  "use strict";
  function define(name) {
    const cls = { [name]: class extends Error {} }[name];
    Object.defineProperty(cls.prototype, "name", {
      value: name, writable: true, configurable: true, enumerable: false,
    });
    global[name] = cls;
  }
  ["EventNotSupported", "InvalidEventPayload", "ValidationError", "RetryError"].forEach(define);
})(globalThis);
