// Node 20's Buffer(arg, encodingOrOffset, length), the deprecated constructor (called with `new` or without, as the
// pre-loaded uuidv5 does with a name it was given): a number is a size (Buffer.alloc; given an encoding as well, Node's
// ERR_INVALID_ARG_TYPE), anything else goes to Buffer.from, so both answer with the refusals segtui gives those
// statics. npm buffer's own constructor refused in its words, with no code. The global becomes this function, with
// the library's prototype (whose constructor it is) and statics, before any of segtui's scripts takes it.
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const Library = global.Buffer;
  function Buffer(arg, encodingOrOffset, length) {
    if (typeof arg === "number") {
      if (typeof encodingOrOffset === "string") throw internal.nodeErrors.invalidArgType("string", "of type string", arg);
      return Buffer.alloc(arg);
    }
    return Buffer.from(arg, encodingOrOffset, length);
  }
  // Give `to` each static of `from` (not its prototype, length or name); buffer_own.js copies the finished Buffer's.
  function copyStatics(from, to) {
    for (const key of Reflect.ownKeys(from)) {
      if (key !== "prototype" && key !== "length" && key !== "name") {
        Object.defineProperty(to, key, Object.getOwnPropertyDescriptor(from, key));
      }
    }
  }
  internal.copyStatics = copyStatics;
  copyStatics(Library, Buffer);
  Buffer.prototype = Library.prototype;
  Object.defineProperty(Library.prototype, "constructor", { value: Buffer, writable: true, configurable: true });
  Object.setPrototypeOf(Buffer, Object.getPrototypeOf(Library));
  // What a Buffer's subarray, slice, map and filter make their result with (its species), as Node's FastBuffer: a
  // Uint8Array with the Buffer prototype, made with no Buffer.from, which a handler may replace (Node's never calls it).
  const construct = Reflect.construct;
  const Bytes = Uint8Array;
  function FastBuffer(bufferOrLength, byteOffset, length) {
    return construct(Bytes, [bufferOrLength, byteOffset, length], FastBuffer);
  }
  FastBuffer.prototype = Library.prototype;
  Object.setPrototypeOf(FastBuffer, Bytes);
  Object.defineProperty(Buffer, Symbol.species, { get: () => FastBuffer, configurable: true });
  internal.FastBuffer = FastBuffer;  // buffer_compat.js makes a text's bytes with it
  // Node's Buffer.of: the items as bytes, with no constructor or alloc a handler may replace (Uint8Array.of, which
  // Buffer inherited, called both).
  Buffer.of = function of(...items) {
    const bytes = new FastBuffer(items.length);
    for (let k = 0; k < items.length; k++) bytes[k] = items[k];
    return bytes;
  };
  global.Buffer = Buffer;
})(globalThis);
