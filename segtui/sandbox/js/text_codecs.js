// TextEncoder and TextDecoder as Node 20's (globals, and util's for the vendored packages), over Buffer's codecs: UTF-8,
// UTF-16LE, UTF-16BE (its byte pairs swapped to UTF-16LE's) and windows-1252 (Node decodes it as latin1), with fatal,
// ignoreBOM and streaming decode. The other labels Node's ICU knows (shift_jis, gbk, …) fail with a clear "not
// available in segtui" RangeError.
(function (global) {
  "use strict";
  const Buffer = global.__segtui.ownBuffer;  // not the handler's Buffer.from, …
  // A view's memory read by the getters as at start, as Node's natives read it, not by a handler's (buffer_compat.js).
  const { viewed, sourceBytes, ownLength: own } = global.__segtui.bufferArguments;
  const [bufferOf, offsetOf] = [viewed("buffer"), viewed("byteOffset")];
  const { lengthOf } = global.__segtui.bufferText;
  const { nodeError, invalidArgType } = global.__segtui.nodeErrors;
  const { uncurry } = global.__segtui.intrinsics;
  // Taken now, as a handler may replace them.
  const toLowerCase = uncurry(String.prototype.toLowerCase);
  const sliceText = uncurry(String.prototype.slice);
  const indexOf = uncurry(String.prototype.indexOf);
  const toWellFormed = uncurry(String.prototype.toWellFormed);
  const ASCII_WHITESPACE = "\t\n\f\r ";
  const LABELS = { __proto__: null };
  for (const [encoding, labels] of [
    ["utf-8", ["unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"]],
    ["utf-16le", ["csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"]],
    ["utf-16be", ["unicodefffe", "utf-16be"]],
    ["windows-1252", ["ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
      "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252"]],
  ]) {
    for (const label of labels) LABELS[label] = encoding;
  }
  const CODECS = { __proto__: null, "utf-8": "utf8", "utf-16le": "utf16le", "utf-16be": "utf16le", "windows-1252": "latin1" };
  // The Encoding Standard's other encodings, which Node decodes through ICU.
  const ICU_ONLY = new RegExp("^(?:ibm866|iso-8859-(?:[2-9]|1[0-6])|koi8-[ru]|macintosh|windows-(?:874|125[0-8])|" +
    "x-mac-cyrillic|gbk|gb18030|big5|euc-jp|iso-2022-jp|shift_jis|euc-kr)$");
  const BOMS = { __proto__: null, "utf-8": [0xef, 0xbb, 0xbf], "utf-16le": [0xff, 0xfe], "utf-16be": [0xfe, 0xff] };
  const isUtf16 = (encoding) => encoding === "utf-16le" || encoding === "utf-16be";
  const INSPECT = Symbol.for("nodejs.util.inspect.custom");

  // The class `value` was made by, as Node's getConstructorOf finds it (a subclass's, or `fallback`).
  function constructorOf(value, fallback) {
    for (let proto = value; proto !== null; proto = Object.getPrototypeOf(proto)) {
      const found = Object.getOwnPropertyDescriptor(proto, "constructor");
      if (found && typeof found.value === "function" && found.value.name !== "") return found.value;
    }
    return fallback;
  }

  // What Node's console shows of a codec: its fields on an object whose prototype names the class (which inspect, as
  // the object is no instance of it, shows as a plain object).
  function fields(value, fallback, names) {
    const shown = Object.create({ constructor: constructorOf(value, fallback) });
    for (const name of names) shown[name] = value[name];
    return shown;
  }

  class TextEncoder {
    get encoding() {
      return "utf-8";
    }

    encode(input = "") {
      const bytes = Buffer.from(`${input}`, "utf8");
      return new Uint8Array(bufferOf(bytes), offsetOf(bytes), lengthOf(bytes));
    }

    // The whole characters of `source` that fit in `destination`, written as UTF-8: how many UTF-16 units were read.
    encodeInto(source, destination) {
      if (!(destination instanceof Uint8Array)) throw invalidArgType("dest", "an instance of Uint8Array", destination);
      const text = `${source}`;
      let read = 0;
      let written = 0;
      while (read < text.length) {
        const code = text.codePointAt(read);
        const units = code > 0xffff ? 2 : 1;
        const size = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4;
        if (written + size > destination.length) break;
        written += Buffer.from(text.slice(read, read + units), "utf8").copy(destination, written);
        read += units;
      }
      return { read, written };
    }

    // As Node's: `{ encoding: 'utf-8' }`, without the class name.
    [INSPECT](depth, options, inspect) {
      if (typeof depth === "number" && depth < 0) return this;
      return inspect(fields(this, TextEncoder, ["encoding"]), options);
    }
  }

  // How many bytes at the end of `bytes` start a character that continues in the next chunk: for UTF-8, a lead byte
  // and the bytes after it that may still become a character (the Encoding Standard's ranges), never a byte that
  // cannot (0xC0, 0xC1, 0xF5–0xFF, or one out of its lead's range), which is replaced at once.
  function pendingTail(bytes, encoding) {
    if (isUtf16(encoding)) {
      const odd = bytes.length % 2;
      const last = bytes.length - odd - 2;
      const highByte = bytes[last + (encoding === "utf-16le" ? 1 : 0)];
      const high = last >= 0 && highByte >= 0xd8 && highByte <= 0xdb;
      return odd + (high ? 2 : 0);
    }
    if (encoding !== "utf-8") return 0;
    for (let back = 1; back <= 3 && back <= bytes.length; back++) {
      const lead = bytes[bytes.length - back];
      if ((lead & 0xc0) === 0x80) continue;
      const size = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 1;
      if (size <= back) return 0;
      const second = bytes[bytes.length - back + 1];
      const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
      const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
      return back === 1 || (second >= low && second <= high) ? back : 0;
    }
    return 0;
  }

  // A label without the ASCII whitespace around it, as the Encoding Standard trims one.
  function trimmed(label) {
    let start = 0;
    let end = label.length;
    while (start < end && indexOf(ASCII_WHITESPACE, label[start]) >= 0) start++;
    while (end > start && indexOf(ASCII_WHITESPACE, label[end - 1]) >= 0) end--;
    return sliceText(label, start, end);
  }

  // Buffers with their length as an own property (ownLength): Node's decoder reads a view's length natively, whatever
  // length getter a handler put on a prototype.
  function bytesOf(input) {
    if (input === undefined) return own(Buffer.alloc(0));
    const bytes = sourceBytes(input);
    if (bytes !== undefined) return own(bytes);
    throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE",
      'The "list" argument must be an instance of SharedArrayBuffer, ArrayBuffer or ArrayBufferView.');
  }

  // UTF-16BE's whole byte pairs, each swapped: the same text as UTF-16LE.
  function swappedPairs(bytes) {
    const swapped = own(Buffer.alloc(bytes.length - (bytes.length % 2)));
    for (let i = 0; i < swapped.length; i += 2) {
      swapped[i] = bytes[i + 1];
      swapped[i + 1] = bytes[i];
    }
    return swapped;
  }

  class TextDecoder {
    #encoding;
    #fatal;
    #ignoreBOM;
    #pending = own(Buffer.alloc(0));
    #started = false;

    constructor(label = "utf-8", options = {}) {
      if (options != null && typeof options !== "object" && typeof options !== "function") {
        throw invalidArgType("options", "of type object", options);
      }
      const name = toLowerCase(trimmed(`${label}`));
      const encoding = LABELS[name];
      if (encoding === undefined) {
        const message = `The "${label}" encoding is not ${ICU_ONLY.test(name) ? "available in segtui" : "supported"}`;
        throw nodeError(RangeError, "ERR_ENCODING_NOT_SUPPORTED", message);
      }
      this.#encoding = encoding;
      this.#fatal = Boolean(options !== null && options !== undefined && options.fatal);
      this.#ignoreBOM = Boolean(options !== null && options !== undefined && options.ignoreBOM);
    }

    get encoding() {
      return this.#encoding;
    }

    get fatal() {
      return this.#fatal;
    }

    get ignoreBOM() {
      return this.#ignoreBOM;
    }

    decode(input = undefined, options = {}) {
      const stream = Boolean(options !== null && options !== undefined && options.stream);
      let bytes = bytesOf(input);
      if (this.#pending.length) bytes = own(Buffer.concat([this.#pending, bytes]));
      const held = stream ? pendingTail(bytes, this.#encoding) : 0;
      this.#pending = own(held ? Buffer.from(bytes.subarray(bytes.length - held)) : Buffer.alloc(0));
      bytes = own(bytes.subarray(0, bytes.length - held));
      const bom = BOMS[this.#encoding];
      const started = this.#started;
      // Only a stream's first bytes may be a BOM, even when they are nothing else.
      this.#started = stream && (started || bytes.length > 0);
      if (!started && !this.#ignoreBOM && bom !== undefined && bytes.length >= bom.length &&
          bytes[0] === bom[0] && bytes[1] === bom[1] && (bom.length === 2 || bytes[2] === bom[2])) {
        bytes = own(bytes.subarray(bom.length));
      }
      const raw = (this.#encoding === "utf-16be" ? swappedPairs(bytes) : bytes).toString(CODECS[this.#encoding]);
      const text = isUtf16(this.#encoding) ? toWellFormed(raw) + (bytes.length % 2 ? "\ufffd" : "") : raw;
      const invalid = () => (this.#encoding === "utf-8" ? !Buffer.from(text, "utf8").equals(bytes) : text !== raw);
      if (this.#fatal && invalid()) {
        throw nodeError(TypeError, "ERR_ENCODING_INVALID_ENCODED_DATA",
          `The encoded data was not valid for encoding ${this.#encoding}`);
      }
      return text;
    }

    // As Node's: the class name, then its fields inspected with inspect's defaults.
    [INSPECT](depth, options, inspect) {
      if (typeof depth === "number" && depth < 0) return this;
      const shown = fields(this, TextDecoder, ["encoding", "fatal", "ignoreBOM"]);
      return `${constructorOf(this, TextDecoder).name} ${inspect(shown)}`;
    }
  }

  for (const cls of [TextEncoder, TextDecoder]) {
    Object.defineProperty(cls.prototype, Symbol.toStringTag, { value: cls.name, configurable: true });
  }

  global.__segtui.textCodecs = { TextEncoder, TextDecoder };
})(globalThis);
