// util.TextEncoder/TextDecoder for the vendored Node packages (axios 1 makes one when it loads), over Buffer's
// codecs: bare V8 has neither class, and handlers do not get them as globals (outside Segment's contract).
(function (global) {
  "use strict";
  const { Buffer } = global;

  class TextEncoder {
    get encoding() {
      return "utf-8";
    }

    encode(input = "") {
      const bytes = Buffer.from(String(input), "utf8");
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
    }
  }

  class TextDecoder {
    constructor(label = "utf-8") {
      this.encoding = String(label).toLowerCase().replace(/^utf8$/, "utf-8");
      if (!Buffer.isEncoding(this.encoding)) {
        throw nodeRangeError(`The "${label}" encoding is not supported`);
      }
    }

    decode(input) {
      if (input === undefined) return "";
      const view = ArrayBuffer.isView(input) ? input : new Uint8Array(input);
      return Buffer.from(view.buffer, view.byteOffset, view.byteLength).toString(this.encoding);
    }
  }

  function nodeRangeError(message) {
    const error = new RangeError(message);
    error.code = "ERR_ENCODING_NOT_SUPPORTED";
    return error;
  }

  global.__segtui.textCodecs = { TextEncoder, TextDecoder };
})(globalThis);
