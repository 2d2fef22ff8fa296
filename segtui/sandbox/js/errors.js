// The error classes Segment pre-loads: plain Error subclasses named after themselves, globals Object.keys does not list
// (as the reference harness defines them). DropEvent, which only
// insert functions have, is defined by runtime.js for them.
(function (global) {
  "use strict";
  function define(name) {
    const cls = { [name]: class extends Error {} }[name];
    Object.defineProperty(cls.prototype, "name", {
      value: name, writable: true, configurable: true, enumerable: false,
    });
    Object.defineProperty(global, name, { value: cls, writable: true, configurable: true, enumerable: false });
  }
  ["EventNotSupported", "InvalidEventPayload", "ValidationError", "RetryError"].forEach(define);
  global.__segtui.defineError = define;
})(globalThis);
