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

// What the Function constructor, and the async, generator and async generator function constructors, compile goes
// through the same renaming (dynamic_import.py, by a host call) when it may hold an import(): V8 compiles it in the
// global scope, where the stand-in is bound. Global `Function` and each constructor's prototype's `constructor` become
// a proxy of it, which Function.prototype.toString shows as the native (builtin_wording.js). What eval compiles cannot
// be reached (a direct eval's callee must be V8's own eval): only a string literal given to eval is renamed, as the
// source that holds it is.
((global) => {
  "use strict";
  const internal = global.__segtui;
  const { Proxy, uncurry, withoutOwnFrames, defineProperty, matches } = internal.intrinsics;
  const { host, functionOrigin } = internal;
  const { replace } = internal.wording;
  const { apply, construct } = Reflect;
  const slice = uncurry(String.prototype.slice);
  const MAYBE = /import[\s\ufeff]*[(/\\]/;  // dynamic_import.py's MAYBE, which says why
  const MIDDLE = "\n) {\n";
  const NativeFunction = Function;
  const { getPrototypeOf: getProto, isExtensible } = Object;
  const constructorOf = (make) => getProto(make).constructor;

  // The constructor's arguments (for a source that starts with `head`) made strings in order, as V8 makes them, then its source's import() calls renamed:
  // the source V8 builds from them is renamed as a whole (the stand-in is as long as `import`) and cut back apart.
  // With a symbol or an object among them they go as they are: V8 refuses the one and calls the other's toString, once,
  // from its own frame.
  function renamed(args, head) {
    for (let i = 0; i < args.length; i++) {
      const type = typeof args[i];
      if (type === "symbol" || type === "function" || (type === "object" && args[i] !== null)) return args;
    }
    let params = "";
    for (let i = 0; i < args.length - 1; i++) params += `${i ? "," : ""}${args[i]}`;
    const body = args.length ? `${args[args.length - 1]}` : "";
    const source = `${head}${params}${MIDDLE}${body}\n})`;
    if (!matches(MAYBE, source)) return [params, body];
    const text = host.call("script.source", { source });
    const start = head.length + params.length + MIDDLE.length;
    return [slice(text, head.length, head.length + params.length), slice(text, start, start + body.length)];
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

  // A proxy of the constructor `Native`, whose sources start with `head`. Built from strings, the function is made as if
  // called from the handler's frame (function_origin.js), so its stack names where the handler built it.
  function proxyOf(Native, head) {
    function applyTrap(target, self, args) {
      const given = renamed(args, head);
      const direct = () => apply(target, self, given);
      return compiled(() => (given === args ? direct() : functionOrigin(target, given, true, applyTrap, direct)));
    }
    function constructTrap(target, args, newTarget) {
      const given = renamed(args, head);
      const direct = () => construct(target, given, newTarget === proxy ? target : newTarget);
      const own = given !== args && newTarget === proxy;
      return compiled(() => (own ? functionOrigin(target, given, false, constructTrap, direct) : direct()));
    }
    // The async and generator constructors' own prototype is Function: the global one, the proxy, as in Node (while
    // the native stays extensible, as a proxy's invariant asks).
    const getPrototypeOf = (target) => {
      const prototype = getProto(target);
      return prototype === NativeFunction && isExtensible(target) ? FunctionProxy : prototype;
    };
    const proxy = new Proxy(Native, { __proto__: null, apply: applyTrap, construct: constructTrap, getPrototypeOf });
    replace(Native.prototype, "constructor", proxy);
    return proxy;
  }
  const FunctionProxy = proxyOf(NativeFunction, "(function anonymous(");
  replace(global, "Function", FunctionProxy);
  proxyOf(constructorOf(async function () {}), "(async function anonymous(");
  proxyOf(constructorOf(function* () {}), "(function* anonymous(");
  proxyOf(constructorOf(async function* () {}), "(async function* anonymous(");
})(globalThis);
