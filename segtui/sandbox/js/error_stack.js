// An error's `stack` as Node 20 has it: an own data property (writable, not enumerable). The V8 segtui runs, newer than
// Node 20's (V8 11.3), gives every error (and every object Error.captureStackTrace is given) an own accessor pair
// instead, which Object.getOwnPropertyDescriptor shows (get/set, no value), `console.log("%o", error)` writes
// `[stack]: [Getter/Setter]`, a frozen error's stack still takes a new value, and Object.defineProperty(error, "stack",
// { writable: false }) leaves undefined. V8 makes the pair as it makes the error, out of JavaScript's reach, so each
// built-in that shows or changes an own property's kind first turns that pair into the data property Node's is (the
// stack formatted then, as Node formats it when first read) and then does what it does.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const { apply, hasOwn, withoutOwnFrames } = internal.intrinsics;
  const { replace } = internal.wording;
  const nativeDescribe = Reflect.getOwnPropertyDescriptor;
  const nativeDefine = Reflect.defineProperty;
  const { get: STACK_GET, set: STACK_SET } = nativeDescribe(new Error(), "stack");

  // Whether a descriptor is V8's accessor pair for an error's stack.
  const isStackPair = (found) => found !== undefined && found.get === STACK_GET && found.set === STACK_SET;

  // The data descriptor Node 20 has for the stack a pair stands for; the property itself made one if it can be.
  function asData(object, found) {
    const data = { value: apply(STACK_GET, object, []), writable: true, enumerable: found.enumerable, configurable: found.configurable };
    if (found.configurable) nativeDefine(object, "stack", data);
    return data;
  }

  // The object's own stack made a data property if it is V8's pair; anything else left as it is.
  function settle(object, key) {
    if (key !== "stack" || object === null || (typeof object !== "object" && typeof object !== "function")) return;
    const found = nativeDescribe(object, "stack");
    if (isStackPair(found)) asData(object, found);
  }

  // Call the native `method` as the built-in named `name` would be, an error it throws without segtui's frame.
  function native(method, self, args) {
    try {
      return apply(method, self, args);
    } catch (error) {
      if (error !== null && typeof error === "object" && typeof error.stack === "string") error.stack = withoutOwnFrames(error.stack);
      throw error;
    }
  }

  // Each wrapper is named and sized as the native it stands for (its frame, its `length`), and is no constructor.
  function put(owner, name, wrapper) {
    nativeDefine(wrapper, "length", { value: owner[name].length, writable: false, enumerable: false, configurable: true });
    replace(owner, name, wrapper);
  }
  for (const owner of [Object, Reflect]) {
    const original = owner.getOwnPropertyDescriptor;
    put(owner, "getOwnPropertyDescriptor", {
      getOwnPropertyDescriptor(object, key) {
        const found = native(original, this, arguments);
        return key === "stack" && isStackPair(found) ? asData(object, found) : found;
      },
    }.getOwnPropertyDescriptor);
    const define = owner.defineProperty;
    put(owner, "defineProperty", {
      defineProperty(object, key) {
        settle(object, key);
        return native(define, this, arguments);
      },
    }.defineProperty);
  }
  const describeAll = Object.getOwnPropertyDescriptors;
  put(Object, "getOwnPropertyDescriptors", {
    getOwnPropertyDescriptors(object) {
      const found = native(describeAll, this, arguments);
      if (hasOwn(found, "stack") && isStackPair(found.stack)) found.stack = asData(object, found.stack);
      return found;
    },
  }.getOwnPropertyDescriptors);
  const defineAll = Object.defineProperties;
  put(Object, "defineProperties", {
    defineProperties(object, properties) {
      if (properties !== null && typeof properties === "object" && hasOwn(properties, "stack")) settle(object, "stack");
      return native(defineAll, this, arguments);
    },
  }.defineProperties);
  const [freeze, seal] = [Object.freeze, Object.seal];
  put(Object, "freeze", {
    freeze(object) {
      settle(object, "stack");
      return native(freeze, this, arguments);
    },
  }.freeze);
  put(Object, "seal", {
    seal(object) {
      settle(object, "stack");
      return native(seal, this, arguments);
    },
  }.seal);
})(globalThis);
