// The global object's shape as Node 20's, with the globals Segment's runtime adds as its reference harness defines them
// (tests/conformance/reference.js): Segment's (fetch and its classes, atob, btoa, cache, the error classes, lodash, the
// packages) are data properties Object.keys(globalThis) does not list; Buffer and process are Node's get/set pairs, an
// assignment replacing the value they answer; and every global is made again in the order the reference has them
// (Node's, then the harness's), so that one a handler makes enumerable (`function btoa() {}`) is listed where it is there.
(function (global) {
  "use strict";
  const { defineProperty, keys, hasOwn } = global.__segtui.intrinsics;
  const describe = Object.getOwnPropertyDescriptor;
  const NODE_LISTED = ["global", "clearImmediate", "setImmediate", "clearInterval", "clearTimeout", "setInterval",
    "setTimeout", "queueMicrotask", "structuredClone", "performance", "crypto"];
  // Reflect.ownKeys(globalThis) in the reference after V8's own (Node 20.20, run from tests/conformance).
  const REFERENCE_ORDER = ("console process global Buffer clearImmediate setImmediate URL URLSearchParams DOMException " +
    "AbortController AbortSignal Event EventTarget TextEncoder TextDecoder TransformStream TransformStreamDefaultController " +
    "WritableStream WritableStreamDefaultController WritableStreamDefaultWriter ReadableStream ReadableStreamDefaultReader " +
    "ReadableStreamBYOBReader ReadableStreamBYOBRequest ReadableByteStreamController ReadableStreamDefaultController " +
    "ByteLengthQueuingStrategy CountQueuingStrategy TextEncoderStream TextDecoderStream CompressionStream DecompressionStream " +
    "clearInterval clearTimeout setInterval setTimeout queueMicrotask structuredClone atob btoa BroadcastChannel " +
    "MessageChannel MessagePort MessageEvent Blob File Performance PerformanceEntry PerformanceMark PerformanceMeasure " +
    "PerformanceObserver PerformanceObserverEntryList PerformanceResourceTiming performance fetch FormData Headers Request " +
    "Response SharedArrayBuffer Atomics WebAssembly crypto Crypto CryptoKey SubtleCrypto CustomEvent _ cache AWS " +
    "jsonwebtoken moment OAuth xml xml2js stripe twilio sendgrid jsforce mailchimplib nodemailjet skyflowlib hubspotlib " +
    "https zlib libphonenumberjslib uuidv5 winstonlib EventNotSupported InvalidEventPayload ValidationError RetryError").split(" ");
  const listed = { __proto__: null };
  for (let i = 0; i < NODE_LISTED.length; i++) listed[NODE_LISTED[i]] = true;
  const names = keys(global);
  for (let i = 0; i < names.length; i++) {
    if (listed[names[i]] !== true) defineProperty(global, names[i], { __proto__: null, enumerable: false });
  }
  for (let i = 0; i < REFERENCE_ORDER.length; i++) {
    const name = REFERENCE_ORDER[i];
    if (!hasOwn(global, name)) continue;  // one segtui lacks (the web streams, …)
    const found = describe(global, name);
    delete global[name];
    defineProperty(global, name, found);
  }
  // Node 20's lazy globals (lib/internal/util.js defineLazyProperties): a get/set pair named "get NAME" and "set NAME"
  // (DOMException's unnamed) that, read or assigned, makes the global a writable data property holding the value.
  const LAZY = ["DOMException", "AbortController", "AbortSignal", "TextEncoder", "TextDecoder", "Blob", "File",
    "PerformanceEntry", "PerformanceMark", "PerformanceMeasure"];
  for (let i = 0; i < LAZY.length; i++) {
    const name = LAZY[i];
    if (!hasOwn(global, name)) continue;
    const value = global[name];
    const named = name !== "DOMException";
    function set(assigned) {
      defineProperty(global, name, { __proto__: null, writable: true, value: assigned });
    }
    function get() {
      set(value);
      return value;
    }
    defineProperty(get, "name", { __proto__: null, value: named ? `get ${name}` : "" });
    defineProperty(set, "name", { __proto__: null, value: named ? `set ${name}` : "" });
    defineProperty(global, name, { __proto__: null, get, set });
  }
  // Node 20's replaceable lazy attribute (lib/internal/util.js defineReplaceableLazyAttribute): an enumerable get/set
  // pair that stays one, its setter replacing the value its getter answers.
  let performance = global.performance;
  defineProperty(global, "performance", describe({
    get performance() {
      return performance;
    },
    set performance(assigned) {
      performance = assigned;
    },
  }, "performance"));
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
