// JSON.parse with Node 20's error messages: the V8 segtui runs, newer than Node 20's, adds " (line L column C)"
// to the messages that give a position ("Expected ',' or '}' after property value in JSON at position 7"), which a
// handler may log, return or compare (a source function's malformed webhook body, a response's invalid JSON).
// The error is the one V8 threw, its message and stack's first line cut back to Node's wording; its frames are
// Node's (JSON.parse's own, then the caller's), with this function's left out (builtin_wording.js's `reword`).
// JSON.stringify as Node 20's too, whose V8 recurses into each object or array on its stack and throws "Maximum call
// stack size exceeded" past a depth of about 4,185 (2,236 with a list of keys), where segtui's V8 goes any depth.
(function (global) {
  "use strict";
  const { parse, stringify, apply, uncurry, hasOwn } = global.__segtui.intrinsics;
  const { reword, replace } = global.__segtui.wording;
  const exec = uncurry(RegExp.prototype.exec);
  const slice = uncurry(String.prototype.slice);
  const getPrototypeOf = Object.getPrototypeOf;
  const [SyntaxErrorPrototype, TypeErrorPrototype, RangeErrorPrototype] = [SyntaxError.prototype, TypeError.prototype, RangeError.prototype];
  const POSITION = / \(line \d+ column \d+\)$/;
  const { isArray } = Array;
  const { captureStackTrace } = Error;
  const { defineProperty } = Object;
  const indexOf = uncurry(String.prototype.indexOf);
  // Node 20's deepest nesting of objects and arrays JSON.stringify writes (measured on its stack): with a list of keys
  // as the replacer, and otherwise.
  const [DEEPEST_LISTED, DEEPEST] = [2236, 4185];
  const TOKEN = /"(?:[^"\\]|\\.)*"|[[\]{}]/g;  // a string (skipped whole) or a bracket
  const CLOSING = /[\]}]{64}/;
  const test = uncurry(RegExp.prototype.test);

  // Whether valid JSON nests objects and arrays deeper than `limit`. Only text long enough and with a run of closing
  // brackets (as nesting that deep ends, a tree's or a list's last member nesting the next) is read, at a cost of
  // about 3 ms a megabyte; the rest, a few milliseconds more a megabyte, is left as segtui's V8 writes it.
  function deeper(text, limit) {
    if (typeof text !== "string" || text.length < 2 * limit || !test(CLOSING, text)) return false;
    TOKEN.lastIndex = 0;
    let depth = 0;
    for (let found = exec(TOKEN, text); found !== null; found = exec(TOKEN, text)) {
      const mark = found[0];
      if (mark === "[" || mark === "{") {
        if (++depth > limit) return true;
      } else if (mark === "]" || mark === "}") {
        depth--;
      }
    }
    return false;
  }

  // Node's RangeError, its stack as a native's: JSON.stringify's frame, then its caller's.
  function tooDeep() {
    const error = new RangeError("Maximum call stack size exceeded");
    captureStackTrace(error, methods.stringify);
    const stack = error.stack;
    const end = typeof stack === "string" ? indexOf(stack, "\n") : -1;
    if (end !== -1) {
      const value = `${slice(stack, 0, end)}\n    at JSON.stringify (<anonymous>)${slice(stack, end)}`;
      defineProperty(error, "stack", { value, writable: true, enumerable: false, configurable: true });
    }
    return error;
  }

  function nodeWording(error) {
    if (getPrototypeOf(error) !== SyntaxErrorPrototype || !hasOwn(error, "message")) return;
    const message = error.message;
    const found = typeof message === "string" ? exec(POSITION, message) : null;
    if (found !== null) reword(error, slice(message, 0, found.index));
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
    stringify(value, replacer, space) {
      let text;
      try {
        text = apply(stringify, JSON, [value, replacer, space]);
      } catch (error) {
        // V8's own (a circular structure, a BigInt): its stack without this function's frame, as Node's.
        const prototype = error !== null && typeof error === "object" ? getPrototypeOf(error) : null;
        const native = prototype === TypeErrorPrototype || prototype === RangeErrorPrototype;
        if (native && hasOwn(error, "message")) reword(error, error.message);
        throw error;
      }
      if (deeper(text, isArray(replacer) ? DEEPEST_LISTED : DEEPEST)) throw tooDeep();
      return text;
    },
  };
  replace(JSON, "parse", methods.parse);
  replace(JSON, "stringify", methods.stringify);
})(globalThis);
