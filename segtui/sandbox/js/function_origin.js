// Where a function the Function constructor builds says it was made, as Node 20's V8 says it: its frames read
// "eval at build (handler.js:19:34)", the name and place of the handler's call, where a call through segtui's proxy of
// the constructor (dynamic_import.js) would name the proxy's own code. The real constructor is called from a small
// function compiled once per calling place, named as the caller, in an eval'd script whose sourceURL is the caller's
// place (V8 takes the eval origin from the frame that calls the constructor).
// V8's compilation cache hands back its build of a source it has built before, origin included: built from callers A
// then B, the second says "eval at A", where Node 20's V8, which caches a source at its second build, says B (README).
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { uncurry, apply, stringify, matches } = internal.intrinsics;
  const startsWith = uncurry(String.prototype.startsWith);
  const NativeError = Error;
  const captureStackTrace = Error.captureStackTrace;
  const indirectEval = eval;
  const mapGet = uncurry(Map.prototype.get);
  const mapSet = uncurry(Map.prototype.set);
  const mapClear = uncurry(Map.prototype.clear);
  const mapSize = uncurry(Object.getOwnPropertyDescriptor(Map.prototype, "size").get);
  const PLAIN = /^\S+$/;
  const site = internal.callSite;  // a CallSite method, uncurried (stack_format.js)
  const [fileOf, lineOf, columnOf, nameOf, isEval, evalOriginOf] = [site("getScriptNameOrSourceURL"), site("getLineNumber"),
    site("getColumnNumber"), site("getFunctionName"), site("isEval"), site("getEvalOrigin")];
  const marker = internal.originMarker;  // a place no sourceURL can hold, written out in frames (stack_format.js)
  // The stand-ins made, by caller, cleared past CALLERS (one is cheap to make again): a chain of functions each built by
  // the one before keeps no more than that.
  const callers = new Map();
  const CALLERS = 1024;
  const UNKNOWN = { __proto__: null, name: null, place: "<anonymous>" };  // a caller that cannot be read

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
  function restore(saved) {  // indexed, not destructured: a handler may replace Array's iterator
    try {
      NativeError.prepareStackTrace = saved[0];
      NativeError.stackTraceLimit = saved[1];
    } catch {
      // unwritable: left as the handler made it
    }
  }

  // The name and place ("handler.js:19:34", or an eval origin) of the frame `at`, or undefined when it cannot be read.
  function originOf(at) {
    const file = at === undefined ? undefined : fileOf(at);
    if (typeof file !== "string" && !(at !== undefined && isEval(at))) return undefined;
    const name = nameOf(at);
    // segtui's own code (a vendored package's template compiler) has no place in the handler's files.
    if (typeof file === "string" && startsWith(file, "segtui:")) return { __proto__: null, name, place: "<anonymous>" };
    // Eval'd code is placed by its own eval origin ("eval at build (handler.js:4:10)"), which holds white space; its top
    // level, which frames call "eval", V8 names in an origin as it names no function.
    if (isEval(at)) {
      const origin = evalOriginOf(at);
      const shown = name === "eval" ? null : name;
      return typeof origin === "string" ? { __proto__: null, name: shown, place: origin } : undefined;
    }
    return { __proto__: null, name, place: `${file}:${lineOf(at)}:${columnOf(at)}` };
  }

  // The function that calls the constructor `F` with arguments `a` (`new F(...a)`, or `F(...a)` when `call`) as if
  // from `origin`. V8 writes a function's eval origin as "eval at " and the calling function's name, then the calling
  // script's sourceURL when that script is itself eval'd: the stand-in's is the caller's place. It is a method with a
  // quoted name, which takes any name as Node names the caller: a reserved word (`delete`), `my-build`, `gönder`.
  function standIn({ name, place }, call) {
    const key = `${call}\n${name}\n${place}`;
    const known = mapGet(callers, key);
    if (known !== undefined) return known;
    if (mapSize(callers) >= CALLERS) mapClear(callers);
    const url = place !== "<anonymous>" && matches(PLAIN, place) ? place : marker(place);  // V8's word for an unnamed script
    const quoted = stringify(typeof name === "string" ? name : "");
    let made;
    try {
      made = indirectEval(`({ ${quoted}(F, a) { return ${call ? "F(...a)" : "new F(...a)"}; } })[${quoted}]\n//# sourceURL=${url}`);
    } catch {
      return undefined;  // no stack left to compile it in
    }
    mapSet(callers, key, made);
    return made;
  }

  // `F` called with `args` (constructed unless `call`) as if from the frame that called `below` (an unknown caller's
  // place is "<anonymous>", never a line of segtui's own script, which V8 would name as the handler's file); `direct()`
  // does it from here when no stand-in can be made, or when the stand-in's call threw (its error then is the
  // constructor's own, with no stand-in's frame in its stack).
  // The frame that called `below` and a CallSite method by name, for another of segtui's traps (node_globals.js).
  internal.callSites = { callerOf, method: site };
  internal.functionOrigin = function (F, args, call, below, direct) {
    const made = standIn(originOf(callerOf(below)) ?? UNKNOWN, call);
    if (made === undefined) return direct();
    try {
      return apply(made, undefined, [F, args]);
    } catch {
      return direct();
    }
  };
})(globalThis);
