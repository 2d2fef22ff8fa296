// structuredClone as Node 20's (V8's serializer): primitives, plain objects and arrays (own enumerable keys, holes
// kept, cycles and shared references kept), Date, RegExp, Map, Set, the primitive wrappers, ArrayBuffer and its views
// (a Buffer comes back a Uint8Array), errors of the standard classes; a function, symbol, WeakMap, Promise or the like
// throws a DataCloneError. A class instance comes back a plain object. A proxy the handler made is refused, as V8
// refuses any (proxies.js knows them); Intl objects, which JavaScript cannot tell, are cloned as plain objects, and so
// is a built-in kind (a Map, a Number wrapper) the handler gave Object.prototype, Array.prototype or null as prototype
// and an own enumerable property.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { uncurry, apply, append } = internal.intrinsics;
  const { types } = internal.lazy;
  const { nodeError } = internal.nodeErrors;
  const { proxyDetails } = internal;
  const { DOMException, Object, Array, Map, Set, Date, RegExp, ArrayBuffer, DataView, Error } = global;
  const { keys, create, defineProperty, getPrototypeOf, getOwnPropertyDescriptor } = Object;
  const { isArray } = Array;
  const ObjectPrototype = Object.prototype;
  const ArrayPrototype = Array.prototype;
  const objectToString = uncurry(ObjectPrototype.toString);
  const functionToString = uncurry(Function.prototype.toString);
  const getTime = uncurry(Date.prototype.getTime);
  const sliceBuffer = uncurry(ArrayBuffer.prototype.slice);
  const transferBuffer = ArrayBuffer.prototype.transfer ? uncurry(ArrayBuffer.prototype.transfer) : null;
  const mapForEach = uncurry(Map.prototype.forEach);
  const setForEach = uncurry(Set.prototype.forEach);
  const setAdd = uncurry(Set.prototype.add);
  const regExpSource = uncurry(getOwnPropertyDescriptor(RegExp.prototype, "source").get);
  const regExpFlags = uncurry(getOwnPropertyDescriptor(RegExp.prototype, "flags").get);
  const getter = (prototype, key) => uncurry(getOwnPropertyDescriptor(prototype, key).get);
  const TypedArrayPrototype = getPrototypeOf(Uint8Array.prototype);
  const [typedArrayName, viewBuffer, viewOffset, viewLength] = [Symbol.toStringTag, "buffer", "byteOffset", "length"]
    .map((key) => getter(TypedArrayPrototype, key));
  const [dataViewBuffer, dataViewOffset, dataViewLength] = ["buffer", "byteOffset", "byteLength"]
    .map((key) => getter(DataView.prototype, key));
  const [mapGet, mapHas, memorySet] = [uncurry(Map.prototype.get), uncurry(Map.prototype.has), uncurry(Map.prototype.set)];
  const TYPED_ARRAYS = { __proto__: null };
  for (const name of ["Int8Array", "Uint8Array", "Uint8ClampedArray", "Int16Array", "Uint16Array", "Int32Array",
    "Uint32Array", "Float32Array", "Float64Array", "BigInt64Array", "BigUint64Array"]) TYPED_ARRAYS[name] = global[name];
  const ERRORS = { __proto__: null };
  for (const name of ["Error", "EvalError", "RangeError", "ReferenceError", "SyntaxError", "TypeError", "URIError"]) {
    ERRORS[name] = global[name];
  }
  const WRAPPERS = [Number, String, Boolean, BigInt].map((type) => uncurry(type.prototype.valueOf));
  const symbolValueOf = uncurry(Symbol.prototype.valueOf);
  // Whether a value is an error as V8's serializer tells one, by its kind, never its Symbol.toStringTag
  // (node20_builtins.js takes Error.isError away from handlers later; an older V8 has none).
  const isError = Error.isError ?? ((value) => objectToString(value) === "[object Error]");
  const promiseThen = uncurry(Promise.prototype.then);
  const ignore = () => {};
  // Brand checks of the kinds V8 refuses: each throws for any other value and changes nothing.
  const REFUSED = [
    (value) => uncurry(WeakMap.prototype.has)(value, {}), (value) => uncurry(WeakSet.prototype.has)(value, {}),
    uncurry(WeakRef.prototype.deref), (value) => uncurry(FinalizationRegistry.prototype.unregister)(value, {}),
    (value) => promiseThen(value, ignore, ignore), symbolValueOf,
  ];
  // The refused kinds V8 names by their class where they have no prototype (any other is an Object).
  const CLASS_NAMES = [[REFUSED[0], "WeakMap"], [REFUSED[1], "WeakSet"], [symbolValueOf, "Symbol"]];
  const SymbolPrototype = Symbol.prototype;

  const is = (check, value) => {
    try {
      check(value);
      return true;
    } catch (error) {
      return false;
    }
  };

  // V8's DataCloneError for `value`: an object named by its prototype's constructor, or by its class where it has no
  // prototype (a Symbol wrapper also where it has Symbol.prototype).
  function refuse(value) {
    let shown;
    if (typeof value === "function") shown = functionToString(value);
    else if (typeof value === "symbol") shown = apply(Symbol.prototype.toString, value, []);
    else {
      let className = "Object";
      for (let i = 0; i < CLASS_NAMES.length; i++) if (is(CLASS_NAMES[i][0], value)) className = CLASS_NAMES[i][1];
      shown = "#<Object>";
      try {
        const made = getPrototypeOf(value);
        const constructor = made === null ? undefined : getOwnPropertyDescriptor(made, "constructor");
        const name = constructor && typeof constructor.value === "function" ? constructor.value.name : "";
        if (made === null || (made === SymbolPrototype && className === "Symbol")) shown = `[object ${className}]`;
        else if (name) shown = `#<${name}>`;
      } catch (error) {
        // a proxy's trap: the name stays Object
      }
    }
    return new DOMException(`${shown} could not be cloned.`, "DataCloneError");
  }

  // V8's refusal of a proxy, which names it by its target without running a trap: an array's "[object Array]", a
  // revoked proxy's "null", else as the target itself would be named.
  function refuseProxy(target) {
    const shown = target === null ? "null" : Array.isArray(target) ? "[object Array]" : undefined;
    return shown === undefined ? refuse(target) : new DOMException(`${shown} could not be cloned.`, "DataCloneError");
  }

  // An error of its standard class (any other name: Error), with its own message and cause when they are data
  // properties (V8 calls no getter for them; the cause is cloned), and its stack; `remember` records it as made.
  function cloneError(value, memory, remember) {
    const name = value.name;
    const made = remember(new (typeof name === "string" && ERRORS[name] !== undefined ? ERRORS[name] : Error)());
    const hidden = (key, item) => defineProperty(made, key, { value: item, writable: true, configurable: true,
      enumerable: false });
    const message = getOwnPropertyDescriptor(value, "message");
    if (message !== undefined && "value" in message) hidden("message", `${message.value}`);
    const stack = value.stack;
    hidden("stack", typeof stack === "string" ? stack : undefined);
    const cause = getOwnPropertyDescriptor(value, "cause");
    if (cause !== undefined && "value" in cause) hidden("cause", clone(cause.value, memory));
    return made;
  }

  function clone(value, memory) {
    const proxied = proxyDetails(value);
    if (proxied !== undefined) throw refuseProxy(proxied[0]);
    if (typeof value === "function" || typeof value === "symbol") throw refuse(value);
    if (value === null || typeof value !== "object") return value;
    if (mapHas(memory, value)) return mapGet(memory, value);
    const remember = (made) => {
      memorySet(memory, value, made);
      return made;
    };
    // An array, or an object literal's kind (or JSON.parse's), told at once: the brand checks below throw for each
    // kind a value is not, and cost a fraction of a millisecond an object, seconds for a batch of events. An object
    // with no own enumerable key is checked in full: a built-in the handler gave such a prototype has none, as a rule.
    if (isArray(value)) return cloneOwn(value, keys(value), memory, remember);
    const prototype = getPrototypeOf(value);
    if ((prototype === ObjectPrototype || prototype === ArrayPrototype || prototype === null) && !isError(value) &&
      typedArrayName(value) === undefined) {
      const names = keys(value);
      if (names.length > 0) return cloneOwn(value, names, memory, remember);
    }
    if (types.isDate(value)) return remember(new Date(getTime(value)));
    if (types.isRegExp(value)) return remember(new RegExp(regExpSource(value), regExpFlags(value)));
    if (types.isArrayBuffer(value)) return remember(sliceBuffer(value, 0));
    const typed = typedArrayName(value);
    if (typed !== undefined) {
      const buffer = clone(viewBuffer(value), memory);
      return remember(new TYPED_ARRAYS[typed](buffer, viewOffset(value), viewLength(value)));
    }
    if (is(dataViewBuffer, value)) {
      const buffer = clone(dataViewBuffer(value), memory);
      return remember(new DataView(buffer, dataViewOffset(value), dataViewLength(value)));
    }
    for (let i = 0; i < WRAPPERS.length; i++) {
      if (is(WRAPPERS[i], value)) return remember(Object(WRAPPERS[i](value)));
    }
    for (let i = 0; i < REFUSED.length; i++) {
      if (is(REFUSED[i], value)) throw refuse(value);
    }
    if (types.isMap(value)) {
      const map = remember(new Map());
      const entries = [];
      mapForEach(value, (item, key) => append(entries, [key, item]));
      for (let i = 0; i < entries.length; i++) memorySet(map, clone(entries[i][0], memory), clone(entries[i][1], memory));
      return map;
    }
    if (types.isSet(value)) {
      const set = remember(new Set());
      const items = [];
      setForEach(value, (item) => append(items, item));
      for (let i = 0; i < items.length; i++) setAdd(set, clone(items[i], memory));
      return set;
    }
    if (isError(value)) return cloneError(value, memory, remember);
    return cloneOwn(value, keys(value), memory, remember);
  }

  // An array or a plain object with the clones of `value`'s own enumerable properties, `names`.
  function cloneOwn(value, names, memory, remember) {
    const made = remember(isArray(value) ? new Array(value.length) : create(ObjectPrototype));
    for (let i = 0; i < names.length; i++) {
      defineProperty(made, names[i], { value: clone(value[names[i]], memory), writable: true, enumerable: true,
        configurable: true });
    }
    return made;
  }

  function structuredClone(value, options = undefined) {
    if (arguments.length === 0) throw nodeError(TypeError, "ERR_MISSING_ARGS", "The value argument must be specified");
    if (options != null && typeof options !== "object" && typeof options !== "function") {
      throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", "The options argument must be either an object or undefined");
    }
    const memory = new Map();
    const transfer = options == null ? undefined : options.transfer;
    if (transfer !== undefined && transfer !== null) {
      if (typeof transfer !== "object" && typeof transfer !== "function") {
        throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", "Optional transferList argument must be an iterable");
      }
      const buffers = typeof transfer[Symbol.iterator] === "function" ? [...transfer] : [];  // Node's: none
      for (let i = 0; i < buffers.length; i++) {
        if (!types.isArrayBuffer(buffers[i])) {
          throw nodeError(TypeError, "ERR_INVALID_TRANSFER_OBJECT", "Found invalid object in transferList");
        }
        if (mapHas(memory, buffers[i])) {
          throw new DOMException("Transfer list contains duplicate ArrayBuffer", "DataCloneError");
        }
        memorySet(memory, buffers[i], null);
      }
      for (let i = 0; i < buffers.length; i++) {
        memorySet(memory, buffers[i], transferBuffer === null ? sliceBuffer(buffers[i], 0) : transferBuffer(buffers[i]));
      }
    }
    return clone(value, memory);
  }

  internal.structuredClone = structuredClone;
})(globalThis);
