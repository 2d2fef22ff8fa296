// Where a function the Function constructor builds says it was made, as Node 20's V8 says it: its frames read
// "eval at build (handler.js:19:34)", the name and place of the handler's call, where a call through segtui's proxy of
// the constructor (dynamic_import.js) would name the proxy's own code. The real constructor is called from a small
// function compiled once per calling place, named as the caller, in an eval'd script whose sourceURL is the caller's
// place (V8 takes the eval origin from the frame that calls the constructor).
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { uncurry, apply } = internal.intrinsics;
  const startsWith = uncurry(String.prototype.startsWith);
  const NativeError = Error;
  const captureStackTrace = Error.captureStackTrace;
  const indirectEval = eval;
  const test = uncurry(RegExp.prototype.test);
  const mapGet = uncurry(Map.prototype.get);
  const mapSet = uncurry(Map.prototype.set);
  const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
  const PLAIN = /^\S+$/;
  const site = internal.callSite;  // a CallSite method, uncurried (stack_format.js)
  const [fileOf, lineOf, columnOf, nameOf, isEval] = [site("getScriptNameOrSourceURL"), site("getLineNumber"),
    site("getColumnNumber"), site("getFunctionName"), site("isEval")];
  const callers = new Map();

  // The frame that called `below` (a proxy trap), or undefined when it cannot be read (a handler made Error's
  // prepareStackTrace or stackTraceLimit unwritable: what it set is then left as it is).
  function callerOf(below) {
    const holder = {};
    let saved;
    try {
      saved = [NativeError.prepareStackTrace, NativeError.stackTraceLimit];
      NativeError.prepareStackTrace = (error, sites) => sites[0];
      NativeError.stackTraceLimit = 1;
      captureStackTrace(holder, below);
      return holder.stack;
    } catch {
      return undefined;
    } finally {
      if (saved !== undefined) restore(saved);
    }
  }
  function restore([format, limit]) {
    try {
      NativeError.prepareStackTrace = format;
      NativeError.stackTraceLimit = limit;
    } catch {
      // unwritable: left as the handler made it
    }
  }

  // The function that calls the constructor `F` with arguments `a` (`new F(...a)`, or `F(...a)` when `call`) for the
  // frame `at`, or undefined for a frame it cannot stand in for (segtui's own code, eval'd code, a file name with a
  // space). V8 writes a function's eval origin as "eval at " and the calling function's name, then the calling script's
  // sourceURL when that script is itself eval'd: the stand-in's is the caller's place.
  function standIn(at, call) {
    const file = fileOf(at);
    if (typeof file !== "string" || !test(PLAIN, file) || startsWith(file, "segtui:") || isEval(at)) return undefined;
    const name = nameOf(at);
    const place = `${file}:${lineOf(at)}:${columnOf(at)}`;
    const key = `${call}\n${name}\n${place}`;
    const known = mapGet(callers, key);
    if (known !== undefined) return known;
    const named = typeof name === "string" && test(IDENTIFIER, name) ? ` ${name}` : "";
    let made;
    try {
      made = indirectEval(`(function${named}(F, a) { return ${call ? "F(...a)" : "new F(...a)"}; })\n//# sourceURL=${place}`);
    } catch {
      return undefined;  // a name no sloppy function can have ("yield" in some places)
    }
    mapSet(callers, key, made);
    return made;
  }

  // `F` called with `args` (constructed unless `call`) as if from the frame that called `below`; `direct()` does it
  // from here when that frame cannot be stood in for, or when the stand-in's call threw (its error then is the
  // constructor's own, with no stand-in's frame in its stack).
  // The frame that called `below` and a CallSite method by name, for another of segtui's traps (node_globals.js).
  internal.callSites = { callerOf, method: site };
  internal.functionOrigin = function (F, args, call, below, direct) {
    const at = callerOf(below);
    const made = at === undefined ? undefined : standIn(at, call);
    if (made === undefined) return direct();
    try {
      return apply(made, undefined, [F, args]);
    } catch {
      return direct();
    }
  };
})(globalThis);
