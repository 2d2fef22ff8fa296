// The stand-in for a handler's dynamic import() (dynamic_import.py renames each call's keyword to it): Segment runs a
// function as a script, which Node 20's vm gives no loader, so the promise rejects with the TypeError Node makes,
// once the specifier has been made a string (whose own error rejects it first, as V8's import() does). A lexical
// binding of the prelude, so no property of the global object that Node's lacks.
const ımport = ((global) => {
  "use strict";
  const { nodeError } = global.__segtui.nodeErrors;
  const { Promise } = global.__segtui.intrinsics;
  return function (specifier) {
    return new Promise((resolve, reject) => {
      try {
        void `${specifier}`;  // ToString, which a symbol fails (String() would name it)
      } catch (error) {
        reject(error);
        return;
      }
      reject(nodeError(TypeError, "ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING", "A dynamic import callback was not specified."));
    });
  };
})(globalThis);

// What the Function constructor compiles goes through the same renaming (dynamic_import.py, by a host call) when it may
// hold an import(): V8 compiles it in the global scope, where the stand-in is bound. Global `Function` and
// Function.prototype.constructor become a proxy of it, which Function.prototype.toString shows as the native
// (builtin_wording.js). What eval compiles cannot be reached (a direct eval's callee must be V8's own eval), nor what
// the async and generator function constructors do: their import() still rejects with V8's "Not supported".
((global) => {
  "use strict";
  const internal = global.__segtui;
  const { Proxy, uncurry, withoutOwnFrames, defineProperty } = internal.intrinsics;
  const { host, functionOrigin } = internal;
  const { replace } = internal.wording;
  const { apply, construct } = Reflect;
  const test = uncurry(RegExp.prototype.test);
  const slice = uncurry(String.prototype.slice);
  const MAYBE = /\bimport\b/;
  const HEAD = "(function anonymous(";
  const MIDDLE = "\n) {\n";
  const NativeFunction = Function;

  // The constructor's arguments made strings in order, as V8 makes them, then its source's import() calls renamed:
  // the source V8 builds from them is renamed as a whole (the stand-in is as long as `import`) and cut back apart.
  // With a symbol or an object among them they go as they are: V8 refuses the one and calls the other's toString, once,
  // from its own frame.
  function renamed(args) {
    for (let i = 0; i < args.length; i++) {
      const type = typeof args[i];
      if (type === "symbol" || type === "function" || (type === "object" && args[i] !== null)) return args;
    }
    let params = "";
    for (let i = 0; i < args.length - 1; i++) params += `${i ? "," : ""}${args[i]}`;
    const body = args.length ? `${args[args.length - 1]}` : "";
    const source = `${HEAD}${params}${MIDDLE}${body}\n})`;
    if (!test(MAYBE, source)) return [params, body];
    const text = host.call("script.source", { source });
    const start = HEAD.length + params.length + MIDDLE.length;
    return [slice(text, HEAD.length, HEAD.length + params.length), slice(text, start, start + body.length)];
  }

  // What `make` returns, or what it throws (V8's SyntaxError for the source) with the proxy's frames left out of its
  // stack, as Node's has none between `new Function` and the handler's.
  function compiled(make) {
    try {
      return make();
    } catch (error) {
      const stack = error !== null && typeof error === "object" ? error.stack : undefined;
      if (typeof stack === "string") {
        defineProperty(error, "stack", { value: withoutOwnFrames(stack), writable: true, enumerable: false, configurable: true });
      }
      throw error;
    }
  }

  // Built from strings, the function is made as if called from the handler's frame (function_origin.js), so its
  // stack names where the handler built it.
  function applyTrap(target, self, args) {
    const given = renamed(args);
    const direct = () => apply(target, self, given);
    return compiled(() => (given === args ? direct() : functionOrigin(target, given, true, applyTrap, direct)));
  }
  function constructTrap(target, args, newTarget) {
    const given = renamed(args);
    const direct = () => construct(target, given, newTarget === FunctionProxy ? target : newTarget);
    const own = given !== args && newTarget === FunctionProxy;
    return compiled(() => (own ? functionOrigin(target, given, false, constructTrap, direct) : direct()));
  }
  const FunctionProxy = new Proxy(NativeFunction, { __proto__: null, apply: applyTrap, construct: constructTrap });
  replace(global, "Function", FunctionProxy);
  replace(NativeFunction.prototype, "constructor", FunctionProxy);
})(globalThis);
