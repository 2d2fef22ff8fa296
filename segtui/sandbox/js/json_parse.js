// JSON.parse with Node 20's error messages: the V8 segtui runs, newer than Node 20's, adds " (line L column C)"
// to the messages that give a position ("Expected ',' or '}' after property value in JSON at position 7"), which a
// handler may log, return or compare (a source function's malformed webhook body, a response's invalid JSON).
// The error is the one V8 threw, its message and stack's first line cut back to Node's wording; its frames are
// Node's (JSON.parse's own, then the caller's), with this function's left out (builtin_wording.js's `reword`).
// A reviver is called with (key, value) alone, as Node 20's V8 calls it: the later one adds a third argument (the
// source text's context), which a reviver that counts its arguments or takes a rest parameter would see.
(function (global) {
  "use strict";
  const { parse, apply, uncurry, hasOwn } = global.__segtui.intrinsics;
  const { reword, replace } = global.__segtui.wording;
  const exec = uncurry(RegExp.prototype.exec);
  const slice = uncurry(String.prototype.slice);
  const getPrototypeOf = Object.getPrototypeOf;
  const SyntaxErrorPrototype = SyntaxError.prototype;
  const POSITION = / \(line \d+ column \d+\)$/;

  function nodeWording(error) {
    if (getPrototypeOf(error) !== SyntaxErrorPrototype || !hasOwn(error, "message")) return;
    const message = error.message;
    const found = typeof message === "string" ? exec(POSITION, message) : null;
    if (found !== null) reword(error, slice(message, 0, found.index));
  }

  // `reviver` called as Node 20 calls it, with no third argument.
  function twoArguments(reviver) {
    return function (key, value) {
      return apply(reviver, this, [key, value]);
    };
  }

  const methods = {
    parse(text, reviver) {
      try {
        return apply(parse, JSON, [text, typeof reviver === "function" ? twoArguments(reviver) : reviver]);
      } catch (error) {
        if (error !== null && typeof error === "object") nodeWording(error);
        throw error;
      }
    },
  };
  replace(JSON, "parse", methods.parse);
})(globalThis);
