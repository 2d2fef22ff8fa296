// node-fetch 2.6.0's Blob, what a Response's or Request's blob() gives: its bytes whole in a Buffer and its type, kept
// under node-fetch's own symbols (console.log shows both), and a body node-fetch sends as those bytes.
(function (global) {
  "use strict";
  const { Buffer, Promise } = global;  // node-fetch's: Node's own, whatever a handler assigns to the globals
  const node = global.__segtui.node;  // require("stream") for stream(), loaded when first used
  const { matches, uncurry } = global.__segtui.intrinsics;
  const toLowerCase = uncurry(String.prototype.toLowerCase);  // as at start: a handler's is not Node's
  const BUFFER = Symbol("buffer");
  const TYPE = Symbol("type");

  class Blob {
    constructor() {
      this[TYPE] = "";
      const blobParts = arguments[0];
      const options = arguments[1];
      const buffers = [];
      if (blobParts) {
        const length = Number(blobParts.length);
        for (let i = 0; i < length; i++) {
          const element = blobParts[i];
          let buffer;
          if (element instanceof Buffer) {
            buffer = element;
          } else if (ArrayBuffer.isView(element)) {
            buffer = Buffer.from(element.buffer, element.byteOffset, element.byteLength);
          } else if (element instanceof ArrayBuffer) {
            buffer = Buffer.from(element);
          } else if (element instanceof Blob) {
            buffer = element[BUFFER];
          } else {
            buffer = Buffer.from(typeof element === "string" ? element : String(element));
          }
          buffers.push(buffer);
        }
      }
      this[BUFFER] = Buffer.concat(buffers);
      const type = options && options.type !== undefined && toLowerCase(String(options.type));
      if (type && !matches(/[^\u0020-\u007E]/, type)) this[TYPE] = type;
    }

    get size() {
      return this[BUFFER].length;
    }

    get type() {
      return this[TYPE];
    }

    text() {
      return Promise.resolve(this[BUFFER].toString());
    }

    arrayBuffer() {
      const buf = this[BUFFER];
      return Promise.resolve(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    }

    stream() {
      const readable = new (node.require("stream").Readable)();
      readable._read = function () {};
      readable.push(this[BUFFER]);
      readable.push(null);
      return readable;
    }

    toString() {
      return "[object Blob]";
    }

    slice() {
      const size = this.size;
      const start = arguments[0];
      const end = arguments[1];
      const relativeStart = start === undefined ? 0 : start < 0 ? Math.max(size + start, 0) : Math.min(start, size);
      const relativeEnd = end === undefined ? size : end < 0 ? Math.max(size + end, 0) : Math.min(end, size);
      const span = Math.max(relativeEnd - relativeStart, 0);
      const blob = new Blob([], { type: arguments[2] });
      blob[BUFFER] = this[BUFFER].slice(relativeStart, relativeStart + span);
      return blob;
    }
  }
  Object.defineProperties(Blob.prototype, { size: { enumerable: true }, type: { enumerable: true }, slice: { enumerable: true } });
  Object.defineProperty(Blob.prototype, Symbol.toStringTag, { value: "Blob", writable: false, enumerable: false, configurable: true });

  // A Blob of these bytes with this type, as blob() makes one (no copy of the bytes).
  function blobOf(bytes, type) {
    const blob = new Blob([], { type });
    blob[BUFFER] = bytes;
    return blob;
  }

  global.__segtui.blob = { Blob, BUFFER, blobOf };
})(globalThis);
