// An error's `stack` described as Node 20 describes it: a data property (`value`, `writable`), where the V8 segtui runs
// has an accessor (`get`, `set`) that only an error itself answers. A handler that copies an error by its descriptors
// (`Object.create(proto, Object.getOwnPropertyDescriptors(error))`, `Object.defineProperties(copy, …)`) gets the
// stack in Node 20 and `undefined` with the accessor, and a descriptor's `value` is the stack text. Object's and
// Reflect's descriptor readers give that accessor as the data property it stands for, its value read from the error
// (a proxy's target, for a proxy). A stack that is not configurable (a sealed or frozen error) stays an accessor: V8
// refuses the data property given back to `defineProperty` or from a proxy's trap for it. Each calls the native with
// its own receiver, so that an error the native throws has the native's frame (`at Function.getOwnPropertyDescriptor`).
(function (global) {
  "use strict";
  const { apply, hasOwn } = global.__segtui.intrinsics;
  const { replace } = global.__segtui.wording;
  const internal = global.__segtui;
  const { getOwnPropertyDescriptor, getOwnPropertyDescriptors } = Object;
  const reflectDescriptor = Reflect.getOwnPropertyDescriptor;
  const { get: stackGetter } = getOwnPropertyDescriptor(new Error(), "stack");

  // The error behind `owner`: the target of a proxy the handler made (proxies.js, loaded later, knows them), without
  // running its traps.
  function errorOf(owner) {
    let error = owner;
    for (let details = internal.proxyDetails?.(error); details !== undefined && details[0] !== null;
      details = internal.proxyDetails(error)) error = details[0];
    return error;
  }

  // `descriptor` of `owner`'s own property, a configurable stack accessor given as Node 20's data property.
  function asNode(owner, descriptor) {
    if (descriptor === undefined || !descriptor.configurable || !hasOwn(descriptor, "get") ||
      descriptor.get !== stackGetter) return descriptor;
    return { value: apply(stackGetter, errorOf(owner), []), writable: descriptor.set !== undefined,
      enumerable: descriptor.enumerable, configurable: true };
  }

  const objects = {
    getOwnPropertyDescriptor(object, key) {
      return asNode(object, apply(getOwnPropertyDescriptor, this, [object, key]));
    },
    getOwnPropertyDescriptors(object) {
      const descriptors = apply(getOwnPropertyDescriptors, this, [object]);
      if (hasOwn(descriptors, "stack")) descriptors.stack = asNode(object, descriptors.stack);
      return descriptors;
    },
  };
  const reflected = {
    getOwnPropertyDescriptor(target, key) {
      return asNode(target, apply(reflectDescriptor, this, [target, key]));
    },
  };
  replace(Object, "getOwnPropertyDescriptor", objects.getOwnPropertyDescriptor);
  replace(Object, "getOwnPropertyDescriptors", objects.getOwnPropertyDescriptors);
  replace(Reflect, "getOwnPropertyDescriptor", reflected.getOwnPropertyDescriptor);
})(globalThis);
