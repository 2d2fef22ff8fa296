// Error.prepareStackTrace as Node 20 has it: Node formats every stack in JavaScript, the error's toString() as it is
// when the stack is first read (a message the handler changed after `new Error` shows), then a line per frame. The V8
// segtui runs writes the headline as the error was made, and names the frame of a static built-in by its
// constructor ("at Object.keys (<anonymous>)", "at Promise.all") where Node 20's V8 says "at Function.keys",
// "at Function.all": what `console.error(error)` shows of `Object.keys(event.traits)` with no traits. A frame whose
// receiver is a function is named Function again where that can be told: a built-in's static method (no file, its
// type a global constructor or Intl's that owns the method) or a sloppy-mode function's `this`. A getter's or setter's
// frame names the property it was called as ("at get total [as total]"), as Node 20's V8 does. No frame of segtui's
// runtime (segtui:prelude.js: a wrapped built-in's, a run's, a timer's) is written, as no Node stack has one, nor
// handed to a handler's own Error.prepareStackTrace. A handler may still
// set its own Error.prepareStackTrace, which V8 then calls instead, as Node 20 does. The async frame a promise
// combinator leaves ("async Promise.allSettled (index 0)") is Promise's in Node 20 too, and is kept as it is.
// Code eval'd from the handler's file names that file in its frames' eval origin ("eval at build (handler.js:4:10)"),
// as Node 20 does: V8 names the file an eval was called from by the calling script's own name, which the scripts segtui
// hands V8 lack ("<anonymous>"), so the handler's file, given as its top level is about to run, is put in its place.
(function (global) {
  "use strict";
  const { apply, uncurry, hasOwn, defineProperty, isArray } = global.__segtui.intrinsics;
  const errorToString = Error.prototype.toString;
  const startsWith = uncurry(String.prototype.startsWith);
  const endsWith = uncurry(String.prototype.endsWith);
  const slice = uncurry(String.prototype.slice);
  const indexOf = uncurry(String.prototype.indexOf);
  // CallSite's methods, from the prototype of a frame V8 hands a prepareStackTrace.
  const sitePrototype = (() => {
    const saved = Error.prepareStackTrace;
    Error.prepareStackTrace = (error, sites) => Object.getPrototypeOf(sites[0]);
    const prototype = new Error().stack;
    Error.prepareStackTrace = saved;
    return prototype;
  })();
  const callSite = (name) => uncurry(sitePrototype[name]);
  global.__segtui.callSite = callSite;  // function_origin.js reads frames too
  const siteText = callSite("toString");
  const typeName = callSite("getTypeName");
  const functionName = callSite("getFunctionName");
  const methodName = callSite("getMethodName");
  const fileName = callSite("getFileName");
  const thisOf = callSite("getThis");
  const promiseIndex = callSite("getPromiseIndex");
  const isEval = callSite("isEval");
  const scriptName = callSite("getScriptNameOrSourceURL");
  const evalOrigin = callSite("getEvalOrigin");
  const isAsync = callSite("isAsync");
  const UNNAMED = " (<anonymous>:";  // how V8 writes the place of an eval called from an unnamed script
  const NO_NAME = "<anonymous>";  // V8's name of every script segtui hands it: its sourceURL names it
  const PRELUDE = "segtui:prelude.js";  // the script of segtui's runtime (prelude.py)
  let handlerFile = null;
  const MARK = "segtui-origin:";
  // A place → its marker, and a marker → its place, for at most MARKERS places (each is a script V8 keeps, function_origin.js):
  // past them, as in a chain of functions each built by the one before, a new place is written "<anonymous>".
  const markers = new Map();
  const markedPlaces = new Map();
  const MARKERS = 1024;
  const mapGet = uncurry(Map.prototype.get);
  const mapSet = uncurry(Map.prototype.set);
  const mapSize = uncurry(Object.getOwnPropertyDescriptor(Map.prototype, "size").get);
  const Intl = global.Intl;

  // Whether `name` is a global constructor (or Intl's) that owns a method called `method`: a static built-in.
  function staticOf(name, method) {
    for (const owner of [global, Intl]) {
      if (!hasOwn(owner, name)) continue;
      const value = owner[name];
      if (typeof value === "function" && method !== null && hasOwn(value, method)) return true;
    }
    return false;
  }

  // `text` with each eval origin's unnamed calling script named as the handler's file, and each marked place (below)
  // written out.
  function namedOrigin(text) {
    let named = "";
    let at = 0;
    for (;;) {
      const unnamed = handlerFile === null ? -1 : indexOf(text, UNNAMED, at);
      const marked = indexOf(text, ` (${MARK}`, at);
      if (unnamed < 0 && marked < 0) return named + slice(text, at);
      if (marked < 0 || (unnamed >= 0 && unnamed < marked)) {
        named += `${slice(text, at, unnamed)} (${handlerFile}:`;
        at = unnamed + UNNAMED.length;
      } else {
        const close = indexOf(text, ")", marked);
        const marker = slice(text, marked + 2, close < 0 ? text.length : close);
        const place = mapGet(markedPlaces, marker);
        named += `${slice(text, at, marked)} (${place === undefined ? marker : namedOrigin(place)})`;
        at = close < 0 ? text.length : close + 1;
      }
    }
  }

  // A place V8 cannot be given as a sourceURL (it holds white space, as an eval origin does): function_origin.js names a
  // stand-in's script with a marker for it, which frames show written out.
  function marker(place) {
    let found = mapGet(markers, place);
    if (found === undefined) {
      if (mapSize(markers) >= MARKERS) return mapGet(markers, "<anonymous>");
      found = `${MARK}${mapSize(markers)}`;
      mapSet(markers, place, found);
      mapSet(markedPlaces, found, place);
    }
    return found;
  }

  // A frame's text, its eval origin's calling script named (see above).
  function sourceText(site) {
    const text = siteText(site);
    if (!isEval(site)) return text;
    const origin = evalOrigin(site);
    const place = typeof origin === "string" ? indexOf(text, origin) : -1;
    if (place < 0) return text;
    return slice(text, 0, place) + namedOrigin(origin) + slice(text, place + origin.length);
  }

  // A method call's frame with the property it was called as, where Node 20's V8 writes it and a newer V8 does not: a
  // getter's or setter's ("at get total [as total]"), whose name ends with the property after a space.
  function withProperty(site, text) {
    const name = functionName(site);
    const method = methodName(site);
    if (typeof name !== "string" || typeof method !== "string" || name === method || !endsWith(name, ` ${method}`)) {
      return text;
    }
    const at = (startsWith(text, "async ") ? 6 : 0) + name.length;
    return startsWith(text, name, at - name.length) ? `${slice(text, 0, at)} [as ${method}]${slice(text, at)}` : text;
  }

  // Whether a method call's receiver is a function, which Node 20's V8 types "Function" where a newer V8 gives the
  // function's own name ("Svc" for `Svc.run()`): a built-in's static method, or a sloppy-mode frame's `this`.
  function onFunction(site, type) {
    return (fileName(site) == null && staticOf(type, methodName(site) ?? functionName(site))) ||
      typeof thisOf(site) === "function";
  }

  // A frame as Node 20's V8 writes it.
  function frame(site) {
    const type = typeName(site);
    const text = type === null ? sourceText(site) : withProperty(site, sourceText(site));
    if (type === null || type === "Function" || type === "") return text;
    // The async frame of a promise combinator ("async Promise.all (index 1)") V8 writes the same in Node 20.
    if (promiseIndex(site) !== null) return text;
    const name = functionName(site);
    // A name V8 inferred with its owner in it ("Helper.parse" for `Helper.parse = function () {}`) is written as it is.
    if ((typeof name === "string" && startsWith(name, `${type}.`)) || !onFunction(site, type)) return text;
    const async = startsWith(text, "async ") ? "async " : "";
    const rest = slice(text, async.length);
    return startsWith(rest, `${type}.`) ? `${async}Function.${slice(rest, type.length + 1)}` : text;
  }

  // A frame a handler's own Error.prepareStackTrace is handed says what Node 20's says (a logger's, winston's, reads
  // getFileName): the file of a script segtui named by its sourceURL (the handler's, as its stacks show it; a vendored
  // package's and Node's stand-ins, which V8 counts as eval'd), an eval origin's calling script named as in the
  // stacks, a function receiver's type as Node 20's V8 gives it, and the frame's text as the stack writes it.
  // CallSite's methods cannot be redefined, so each frame gets these as its own, which Function.prototype.toString
  // shows as the natives they stand for. The frames of segtui's runtime are left out, as no stack shows them.
  const named = (site) => {
    const url = scriptName(site);
    return typeof url === "string" && (startsWith(url, "segtui:vendor/") || startsWith(url, "node:"));
  };
  const weakGet = uncurry(WeakMap.prototype.get);
  const weakSet = uncurry(WeakMap.prototype.set);
  const fixes = {
    getFileName() {
      const name = fileName(this);
      if (name !== NO_NAME && (name !== undefined || !named(this))) return name;
      const url = scriptName(this);
      return typeof url === "string" ? url : name;
    },
    getEvalOrigin() {
      const origin = evalOrigin(this);
      return typeof origin === "string" ? namedOrigin(origin) : origin;
    },
    isEval() {
      return isEval(this) && !named(this);
    },
    // A built-in segtui wraps (sort, map, Array.from, …) is called by its wrapper, which is what the receiver holds
    // under its name: V8 then finds no property for the built-in's frame, where Node's has the built-in itself. The
    // wrapper's frame, beneath it, names the property V8 found holding the wrapper (see fixed()).
    getMethodName() {
      const method = methodName(this);
      const wrapped = weakGet(calledAs, this);
      return method === null && wrapped !== undefined ? wrapped : method;
    },
    getTypeName() {
      const type = typeName(this);
      return type === null || type === "" || !onFunction(this, type) ? type : "Function";
    },
    toString() {
      return frame(this);
    },
  };
  const FIXED = ["getFileName", "getEvalOrigin", "isEval", "getMethodName", "getTypeName", "toString"];
  const { standFor } = global.__segtui.wording;
  for (const name of FIXED) standFor(fixes[name], sitePrototype[name]);
  const ours = (site) => scriptName(site) === PRELUDE;
  // The script of a frame, or NOT_SITE for what is not a CallSite (whose methods throw for anything else).
  const NOT_SITE = {};
  function scriptOf(item) {
    if (item === null || typeof item !== "object") return NOT_SITE;
    try {
      return scriptName(item);
    } catch {
      return NOT_SITE;
    }
  }
  const weakHas = uncurry(WeakSet.prototype.has);
  const weakAdd = uncurry(WeakSet.prototype.add);
  const handed = new WeakSet();  // the frames fixed() has fixed
  const calledAs = new WeakMap();  // a wrapped built-in's frame → the property its wrapper was called as
  // The frames V8 made for an error, fixed as above, in a new array without segtui's frames if it has any. An array
  // the handler made (of frames handed to it before, or of anything else) is handed on as it is.
  function fixed(sites) {
    if (!isArray(sites)) return sites;
    const count = sites.length;
    let runtime = 0;
    for (let i = 0; i < count; i++) {
      const script = scriptOf(sites[i]);
      if (script === NOT_SITE || weakHas(handed, sites[i])) return sites;
      if (script === PRELUDE) runtime++;
    }
    const kept = runtime === 0 ? sites : [];
    let length = 0;
    for (let i = 0; i < count; i++) {
      const site = sites[i];
      weakAdd(handed, site);
      if (runtime > 0 && ours(site)) continue;
      for (let k = 0; k < FIXED.length; k++) {
        defineProperty(site, FIXED[k], { value: fixes[FIXED[k]], writable: true, enumerable: false, configurable: true });
      }
      const next = i + 1 < count ? sites[i + 1] : null;
      if (next !== null && methodName(site) === null && ours(next) && functionName(next) === functionName(site)) {
        const method = methodName(next);
        if (typeof method === "string") weakSet(calledAs, site, method);
      }
      if (runtime > 0) defineProperty(kept, length++, { value: site, writable: true, enumerable: true, configurable: true });
    }
    return kept;
  }

  // Error.prepareStackTrace answers a handler's function as a stand-in that hands it those frames (V8 calls what it
  // reads there); it reads as the handler's function (its name, length and source), and set again, it is that function.
  const standIns = new WeakMap();  // the handler's function → its stand-in
  const standingFor = new WeakMap();  // a stand-in → the handler's function
  const describe = Object.getOwnPropertyDescriptor;
  function standIn(prepare) {
    let found = weakGet(standIns, prepare);
    if (found !== undefined) return found;
    found = {
      prepareStackTrace(error, sites) {
        return apply(prepare, this, [error, fixed(sites)]);
      },
    }.prepareStackTrace;
    for (const key of ["length", "name"]) {
      const own = describe(prepare, key);
      if (own !== undefined) defineProperty(found, key, own);
    }
    standFor(found, prepare);
    weakSet(standIns, prepare, found);
    weakSet(standingFor, found, prepare);
    return found;
  }

  // Whether the microtasks running now would run, in Node 20, from its processTicksAndRejections: those that follow a
  // network answer do (Node's streams queue ticks as it arrives; fetch.js and node_http.js set it), a timer's do not
  // (timers.js clears it), and a run's first are the last run's, as in a runner that awaits one run before the next.
  // Node's frame for it then lies beneath a microtask's own, and an error made after `await fetch(…)` shows it:
  // `at process.processTicksAndRejections (node:internal/process/task_queues:95:5)`. V8 writes a stack when it is
  // first read: an error read after a later timer's await is judged by that timer's.
  const drain = { ticks: false };
  const ErrorConstructor = Error;  // whose stackTraceLimit V8 reads, whatever the handler makes the global Error
  global.__segtui.nodeDrain = drain;
  const TICKS_FRAME = "process.processTicksAndRejections (node:internal/process/task_queues:95:5)";

  // Where Node's processTicksAndRejections frame goes in `trace`: after the frames of a microtask (no frame of
  // segtui's own beneath them, which a run or a timer has), before the async ones; -1 when it has none, or when what
  // follows it is segtui's (the handler's own async frame, awaited by the run): a runner's frames are left out of
  // what is logged, and Node's next to them with them.
  const ownFile = (site) => {
    const name = scriptOf(site);
    return typeof name === "string" && startsWith(name, "segtui:");
  };
  function ticksFrameAt(trace) {
    if (!drain.ticks || trace.length >= ErrorConstructor.stackTraceLimit) return -1;
    let at = 0;
    while (at < trace.length && (scriptOf(trace[at]) === NOT_SITE || !isAsync(trace[at]))) at++;
    return at === 0 || ownFile(trace[at - 1]) || (at < trace.length && ownFile(trace[at])) ? -1 : at;
  }

  const indirectEval = eval;
  const NODE_SOURCE = "function ErrorPrepareStackTrace(error, trace) {\n" +
    "  return internalPrepareStackTrace(error, trace);\n}";
  // Node 20's defaultPrepareStackTrace, named as Node's Error.prepareStackTrace is.
  const own = {
    ErrorPrepareStackTrace(error, trace) {
      let text = apply(errorToString, error, []);
      const ticksAt = ticksFrameAt(trace);
      for (let i = 0; i < trace.length; i++) {
        if (i === ticksAt) text += `\n    at ${TICKS_FRAME}`;
        const item = trace[i];
        const script = scriptOf(item);
        // What is not a CallSite is written as Node's Array.prototype.join writes it.
        if (script === NOT_SITE) text += `\n    at ${item === null || item === undefined ? "" : `${item}`}`;
        else if (script !== PRELUDE) text += `\n    at ${frame(item)}`;
      }
      if (ticksAt === trace.length) text += `\n    at ${TICKS_FRAME}`;
      return text;
    },
  };
  // Its source as Node 20's: the function is JavaScript there too, which a handler may print.
  standFor(own.ErrorPrepareStackTrace, indirectEval(`(${NODE_SOURCE})`));
  let prepare = own.ErrorPrepareStackTrace;
  const isFrozen = Object.isFrozen;
  const accessor = {
    get prepareStackTrace() {
      return typeof prepare === "function" && prepare !== own.ErrorPrepareStackTrace ? standIn(prepare) : prepare;
    },
    set prepareStackTrace(value) {
      if (isFrozen(Error)) return;  // as a frozen Error's data property keeps its value
      const stoodFor = value !== null && typeof value === "function" ? weakGet(standingFor, value) : undefined;
      prepare = stoodFor === undefined ? value : stoodFor;
    },
  };
  const { get, set } = describe(accessor, "prepareStackTrace");
  defineProperty(Error, "prepareStackTrace", { get, set, enumerable: false, configurable: true });
  marker("<anonymous>");  // the first, always there
  global.__segtui.originMarker = marker;
  global.__segtui.nameHandlerFile = (name) => {
    handlerFile = `${name}`;
  };
})(globalThis);

// What top_level.py calls with the handler's file name before its top level runs. A lexical binding of the prelude
// (`ɦ` is U+0266), so no property of the global object that Node's lacks.
const ɦandlerFile = globalThis.__segtui.nameHandlerFile;
