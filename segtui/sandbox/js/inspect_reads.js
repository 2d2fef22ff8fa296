// The reads of Node 20's util.inspect that a later Node's guards, and that the vendored util.inspect (a later Node's)
// guards: Node 20 reads each object's Symbol.toStringTag, and an error's name and stack (its toString where it has no
// stack), with no try, so a getter of the handler's that throws there, or an Error.prepareStackTrace that throws as the
// stack is first read, makes console.log (util.inspect, util.format) throw; the later Node shows the value without them.
// While util.inspect runs, Object.prototype answers the inspect.custom symbol, which util.inspect reads of every object
// it is about to format, with a getter that makes Node 20's reads first and answers no custom inspect: what throws
// there is what Node 20's throws. An object whose own or inherited inspect.custom is another's (a Promise's,
// promise_inspect.js; the handler's) is formatted by that, as in Node 20, which then reads none of these either.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { defineProperty, hasOwn, apply } = internal.intrinsics;
  const CUSTOM = Symbol.for("nodejs.util.inspect.custom");
  const TAG = Symbol.toStringTag;
  const ObjectPrototype = Object.prototype;
  const NativeError = Error;
  const errorToString = Error.prototype.toString;
  const StringOf = String;
  let thrown = null;  // {value} of the last throw of a read here: what util.inspect threw, not a failure of its own

  // Node 20's formatRaw: the tag, then for an error formatError's name and getStackString's stack.
  function nodeReads() {
    try {
      void this[TAG];
      if (this instanceof NativeError) {
        const name = this.name;
        if (name != null) StringOf(name);
        if (this.stack) StringOf(this.stack);
        else apply(errorToString, this, []);
      }
    } catch (error) {
      thrown = { value: error };
      throw error;
    }
    return undefined;
  }

  // `show` (a call of the vendored util.inspect or format) with Node 20's reads; as it is when Object.prototype cannot
  // take the getter (the handler froze it, or gave it an inspect.custom of its own).
  function withNodeReads(show) {
    thrown = null;
    if (hasOwn(ObjectPrototype, CUSTOM)) return show();
    try {
      defineProperty(ObjectPrototype, CUSTOM, { get: nodeReads, configurable: true, enumerable: false });
    } catch (error) {
      return show();
    }
    try {
      return show();
    } finally {
      delete ObjectPrototype[CUSTOM];
    }
  }

  // Whether `error` is a throw of the handler's code in one of Node 20's reads (console.js retries other failures).
  function threwInRead(error) {
    return thrown !== null && thrown.value === error;
  }

  internal.inspectReads = { withNodeReads, threwInRead };
})(globalThis);
