// The Object and String that util.inspect (node-inspect-extracted, lazy.js) finds on its globalThis, as Node 20's
// inspect would have them where the library follows a later Node: Object's getOwnPropertyDescriptors leaves out an
// array's indexes, and a class whose name holds its Symbol.toStringTag still shows the tag (Node 20's getPrefix
// writes `LruMap(1) [Map] {…}` and `SecretKeyObject [KeyObject] {…}` where the library's leaves `[Map]` out).
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { uncurry } = internal.intrinsics;
  const { getOwnPropertyDescriptor, getOwnPropertyDescriptors, defineProperty } = Object;
  const { ownKeys, apply } = Reflect;
  const { Proxy, String } = global;  // taken now: a handler may replace the globals before it logs
  const includes = uncurry(String.prototype.includes);
  const [isMarked, mark] = [uncurry(WeakSet.prototype.has), uncurry(WeakSet.prototype.add)];
  // A typed array's class name, undefined for any other value (%TypedArray%.prototype's toStringTag getter).
  const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
  const typedArrayName = uncurry(getOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get);

  // The library finds the keys of an array or typed array other than its indexes (getOwnNonIndexProperties, native in
  // Node) among all its own property descriptors: logging a 10-million-item array made 10 million descriptors and ran
  // the run out of memory (a million took 2 s). Its Object.getOwnPropertyDescriptors leaves such a value's indexes
  // out; past INDEXED_KEYS items not even their keys are listed, only `length` and the symbols (an added string key
  // of so long an array, which Node would show, is not).
  const INDEXED_KEYS = 1e6;
  const { isArray } = Array;
  const ownDescriptor = Reflect.getOwnPropertyDescriptor;
  const { getOwnPropertySymbols } = Object;
  const typedLength = uncurry(getOwnPropertyDescriptor(TypedArrayPrototype, "length").get);
  const INDEX = /^(?:0|[1-9][0-9]*)$/;
  const testIndex = uncurry(RegExp.prototype.test);
  function nonIndexDescriptors(value) {
    const typed = typedArrayName(value) !== undefined;
    if (!typed && !isArray(value)) return getOwnPropertyDescriptors(value);
    const length = typed ? typedLength(value) : value.length;
    const keys = length <= INDEXED_KEYS ? ownKeys(value) : getOwnPropertySymbols(value);
    const found = { __proto__: null };
    if (!typed && length > INDEXED_KEYS) found.length = ownDescriptor(value, "length");
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (typeof key === "string" && !(testIndex(INDEX, key) && +key < 2 ** 32 - 1)) found[key] = ownDescriptor(value, key);
    }
    return found;
  }

  // The library names a value's class by its prototype's `constructor` (read with Object.getOwnPropertyDescriptor),
  // whose name it passes through String, and leaves the tag out when the name holds it. A name that holds its
  // prototype's tag (and is not it) is given as a String object that finds nothing in itself, which String passes on.
  const boxes = new WeakSet();
  function tagged(name) {
    const boxed = new String(name);
    defineProperty(boxed, "indexOf", { value: () => -1 });
    mark(boxes, boxed);
    return boxed;
  }
  function descriptorForInspect(object, key) {
    const found = ownDescriptor(object, key);
    if (key !== "constructor" || typeof found?.value !== "function") return found;
    const name = found.value.name;
    let tag;
    try {
      tag = object[Symbol.toStringTag];
    } catch {
      return found;
    }
    if (typeof name !== "string" || typeof tag !== "string" || tag === "" || name === tag || !includes(name, tag)) return found;
    const named = tagged(name);
    return { ...found, value: new Proxy(found.value, { get: (target, property) => (property === "name" ? named : target[property]) }) };
  }
  const replaced = { __proto__: null, getOwnPropertyDescriptors: nonIndexDescriptors, getOwnPropertyDescriptor: descriptorForInspect };

  internal.inspectScope = {
    typedArrayName,
    Object: new Proxy(Object, {
      get: (target, key) => replaced[key] ?? target[key],
      getOwnPropertyDescriptor(target, key) {
        const found = ownDescriptor(target, key);
        return replaced[key] === undefined ? found : { ...found, value: replaced[key] };
      },
    }),
    String: new Proxy(String, { apply: (target, self, args) => (isMarked(boxes, args[0]) ? args[0] : apply(target, self, args)) }),
  };
})(globalThis);
