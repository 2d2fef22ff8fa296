// JSON.parse with Node 20's error messages: the V8 segtui runs, newer than Node 20's, adds " (line L column C)"
// to the messages that give a position ("Expected ',' or '}' after property value in JSON at position 7"), which a
// handler may log, return or compare (a source function's malformed webhook body, a response's invalid JSON).
// The error is the one V8 threw, its message and stack's first line cut back to Node's wording; its frames are
// Node's (JSON.parse's own, then the caller's), with this function's left out.
(function (global) {
  "use strict";
  const { parse, apply, uncurry, hasOwn } = global.__segtui.intrinsics;
  const exec = uncurry(RegExp.prototype.exec);
  const slice = uncurry(String.prototype.slice);
  const indexOf = uncurry(String.prototype.indexOf);
  const lastIndexOf = uncurry(String.prototype.lastIndexOf);
  const getPrototypeOf = Object.getPrototypeOf;
  const defineProperty = Object.defineProperty;
  const SyntaxErrorPrototype = SyntaxError.prototype;
  const POSITION = / \(line \d+ column \d+\)$/;
  const OWN_FRAME = "(segtui:";

  function nodeWording(error) {
    if (getPrototypeOf(error) !== SyntaxErrorPrototype || !hasOwn(error, "message")) return;
    const message = error.message;
    const found = typeof message === "string" ? exec(POSITION, message) : null;
    if (found === null) return;
    const wording = slice(message, 0, found.index);
    defineProperty(error, "message", { value: wording, writable: true, enumerable: false, configurable: true });
    let stack;
    try {
      stack = error.stack; // formats it now (through a handler's Error.prepareStackTrace, if it set one)
    } catch (ignored) {
      return;
    }
    const at = typeof stack === "string" ? indexOf(stack, message) : -1;
    if (at === -1) return;
    let fixed = slice(stack, 0, at) + wording + slice(stack, at + message.length);
    const own = indexOf(fixed, OWN_FRAME);
    if (own !== -1) {
      const start = lastIndexOf(fixed, "\n", own);
      const end = indexOf(fixed, "\n", own);
      fixed = slice(fixed, 0, start) + (end === -1 ? "" : slice(fixed, end));
    }
    defineProperty(error, "stack", { value: fixed, writable: true, enumerable: false, configurable: true });
  }

  const methods = {
    parse(text, reviver) {
      try {
        return apply(parse, JSON, [text, reviver]);
      } catch (error) {
        if (error !== null && typeof error === "object") nodeWording(error);
        throw error;
      }
    },
  };
  defineProperty(JSON, "parse", { value: methods.parse, writable: true, enumerable: false, configurable: true });
})(globalThis);
