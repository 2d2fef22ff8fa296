// Where a function the Function constructor builds says it was made, as Node 20's V8 says it: its frames read
// "eval at build (handler.js:19:34)", the name and place of the handler's call, where a call through segtui's proxy of
// the constructor (dynamic_import.js) would name the proxy's own code. The real constructor is called from a small
// function compiled once per calling place, named as the caller, in an eval'd script whose sourceURL is the caller's
// place (V8 takes the eval origin from the frame that calls the constructor).
// Node 20's V8 (11.3) caches a source on its second build, origin included, and hands that build back for the same
// source after: built from callers A, B, then A, the third says "eval at B". segtui's V8 runs with its compilation cache
// off (v8.py), and that cache is kept here, as the origin each source is built with.
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
  const mapClear = uncurry(Map.prototype.clear);
  const mapForEach = uncurry(Map.prototype.forEach);
  const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;
  const PLAIN = /^\S+$/;
  const site = internal.callSite;  // a CallSite method, uncurried (stack_format.js)
  const [fileOf, lineOf, columnOf, nameOf, isEval, evalOriginOf] = [site("getScriptNameOrSourceURL"), site("getLineNumber"),
    site("getColumnNumber"), site("getFunctionName"), site("isEval"), site("getEvalOrigin")];
  const marker = internal.originMarker;  // a place no sourceURL can hold, written out in frames (stack_format.js)
  const callers = new Map();
  const SEEN_ONCE = null;
  // V8 ages its entries out by garbage collections; the sources kept here are bounded by their length instead, so a
  // handler building many large sources holds no more memory than it would in Node.
  const CACHE_CHARS = 1 << 22;
  let cachedChars = 0;
  const kinds = new Map();  // a constructor → its sources → SEEN_ONCE, or the origin V8 11.3's eval cache keeps

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

  // The name and place ("handler.js:19:34", or a marker for a place no sourceURL can hold) of the frame `at`, or
  // undefined when it cannot be read.
  function originOf(at) {
    const file = at === undefined ? undefined : fileOf(at);
    if (typeof file !== "string" && !(at !== undefined && isEval(at))) return undefined;
    const name = nameOf(at);
    // segtui's own code (a vendored package's template compiler) has no place in the handler's files.
    if (typeof file === "string" && startsWith(file, "segtui:")) return { __proto__: null, name, place: marker("<anonymous>") };
    // Eval'd code is placed by its own eval origin ("eval at build (handler.js:4:10)"), which holds white space; its top
    // level, which frames call "eval", V8 names in an origin as it names no function.
    if (isEval(at)) {
      const origin = evalOriginOf(at);
      const shown = name === "eval" ? null : name;
      return typeof origin === "string" ? { __proto__: null, name: shown, place: marker(origin) } : undefined;
    }
    const place = `${file}:${lineOf(at)}:${columnOf(at)}`;
    return { __proto__: null, name, place: test(PLAIN, place) ? place : marker(place) };
  }

  // The function that calls the constructor `F` with arguments `a` (`new F(...a)`, or `F(...a)` when `call`) as if
  // from `origin`. V8 writes a function's eval origin as "eval at " and the calling function's name, then the calling
  // script's sourceURL when that script is itself eval'd: the stand-in's is the caller's place.
  function standIn({ name, place }, call) {
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

  // What `F` builds from the source `args`: as V8 11.3's eval cache would, from the origin kept for that source, else
  // from the frame that called `below`; the origin of its second build is kept.
  function originFor(F, args, below) {
    let kind = mapGet(kinds, F);
    if (kind === undefined) mapSet(kinds, F, (kind = new Map()));
    const key = `${args[0]}\n) {\n${args[1]}`;
    const cached = mapGet(kind, key);
    if (cached !== undefined && cached !== SEEN_ONCE) return { origin: cached, keep() {} };
    const origin = originOf(callerOf(below));
    const keep = () => {
      if (cached === undefined && cachedChars + key.length > CACHE_CHARS) {
        mapForEach(kinds, (sources) => mapClear(sources));
        cachedChars = 0;
      }
      if (mapGet(kind, key) === undefined) cachedChars += key.length;
      mapSet(kind, key, cached === undefined || origin === undefined ? SEEN_ONCE : origin);
    };
    return { origin, keep };
  }

  // `F` called with `args` (constructed unless `call`) as if from the frame that called `below`; `direct()` does it
  // from here when that frame cannot be stood in for, or when the stand-in's call threw (its error then is the
  // constructor's own, with no stand-in's frame in its stack).
  // The frame that called `below` and a CallSite method by name, for another of segtui's traps (node_globals.js).
  internal.callSites = { callerOf, method: site };
  internal.functionOrigin = function (F, args, call, below, direct) {
    const { origin, keep } = originFor(F, args, below);
    const made = origin === undefined ? undefined : standIn(origin, call);
    let built;
    if (made === undefined) {
      built = direct();
    } else {
      try {
        built = apply(made, undefined, [F, args]);
      } catch {
        built = direct();
      }
    }
    keep();  // V8 keeps a build only once it compiled
    return built;
  };
})(globalThis);
