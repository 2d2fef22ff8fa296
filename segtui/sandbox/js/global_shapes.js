// The global object's shape as Node 20's, with the globals Segment's runtime adds as its reference harness defines them
// (tests/conformance/reference.js): Segment's (fetch and its classes, atob, btoa, cache, the error classes, lodash, the
// packages) are data properties Object.keys(globalThis) does not list; Buffer and process are Node's get/set pairs, an
// assignment replacing the value they answer; and the globals Node lists are listed in Node's order.
(function (global) {
  "use strict";
  const { defineProperty, keys } = global.__segtui.intrinsics;
  const describe = Object.getOwnPropertyDescriptor;
  const NODE_LISTED = ["global", "clearImmediate", "setImmediate", "clearInterval", "clearTimeout", "setInterval",
    "setTimeout", "queueMicrotask", "structuredClone", "performance", "crypto"];
  const listed = { __proto__: null };
  for (let i = 0; i < NODE_LISTED.length; i++) listed[NODE_LISTED[i]] = true;
  const names = keys(global);
  for (let i = 0; i < names.length; i++) {
    if (listed[names[i]] !== true) defineProperty(global, names[i], { __proto__: null, enumerable: false });
  }
  for (let i = 0; i < NODE_LISTED.length; i++) {
    const found = describe(global, NODE_LISTED[i]);
    delete global[NODE_LISTED[i]];
    defineProperty(global, NODE_LISTED[i], found);
  }
  // Node 20's own accessors (lib/internal/bootstrap/node.js), named "get" and "set".
  for (const name of ["Buffer", "process"]) {
    let value = global[name];
    defineProperty(global, name, {
      __proto__: null, enumerable: false, configurable: true,
      get() {
        return value;
      },
      set(assigned) {
        value = assigned;
      },
    });
  }
})(globalThis);
