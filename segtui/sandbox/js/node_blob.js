// Node 20's global Blob and File (not node-fetch's Blob, which a Response's blob() gives: fetch_blob.js), for what
// functions do with them: a text's byte size (`new Blob([json]).size`), text(), arrayBuffer(), bytes(), slice(). Their
// stream() is a web ReadableStream, which segtui does not have: it throws "not available in segtui". As a fetch body,
// node-fetch 2.6.0 takes one for its own Blob and fails on its stream (fetch.js).
(function (global) {
  "use strict";
  const internal = global.__segtui;
  const Buffer = global.__segtui.ownBuffer;  // not the handler's Buffer.from, …
  const { nodeError, invalidArgType, invalidArgValue } = internal.nodeErrors;
  const { append, uncurry, String, matches } = internal.intrinsics;
  const { TextDecoder } = internal.textCodecs;
  const { arrayBufferCopy, detached } = internal.bufferArguments;
  const sliceMemory = uncurry(ArrayBuffer.prototype.slice);
  const determinism = internal.determinism;
  const { randomUUID } = global.crypto;
  const inspectCustom = Symbol.for("nodejs.util.inspect.custom");
  const assign = Object.assign;
  const VISIBLE_ASCII = /^[\u0020-\u007e]*$/;
  // Taken now, as a handler may replace them.
  const indexOf = uncurry(String.prototype.indexOf);
  const sliceText = uncurry(String.prototype.slice);
  const toLowerCase = uncurry(String.prototype.toLowerCase);
  const { min, max } = Math;
  const subarray = uncurry(Object.getPrototypeOf(Uint8Array.prototype).subarray);
  const blobs = new WeakMap();  // each Blob's bytes and type, out of the handler's reach
  const heldBy = uncurry(WeakMap.prototype.get);
  const holds = uncurry(WeakMap.prototype.has);
  const hold = uncurry(WeakMap.prototype.set);

  // Text with each line break (\r\n or \n) made Linux's, \n: Node's `endings: "native"`.
  function nativeEndings(text) {
    let out = "";
    let from = 0;
    for (let at = indexOf(text, "\n"); at >= 0; at = indexOf(text, "\n", at + 1)) {
      out += `${sliceText(text, from, at > from && text[at - 1] === "\r" ? at - 1 : at)}\n`;
      from = at + 1;
    }
    return from === 0 ? text : out + sliceText(text, from);
  }

  function sourceBytes(source, endings) {
    if (holds(blobs, source)) return heldBy(blobs, source).bytes;
    // Read as Node's getSource reads them (destructured): a handler's getters answer.
    if (ArrayBuffer.isView(source)) {
      const memory = source.buffer;
      if (detached(memory)) sliceMemory(memory, 0, 0);  // Node's copy of it: V8's TypeError for a detached one
      return Buffer.from(memory, source.byteOffset, source.byteLength);
    }
    if (source instanceof ArrayBuffer || source instanceof SharedArrayBuffer) return Buffer.from(source);
    const text = `${source}`;
    return Buffer.from(endings === "native" ? nativeEndings(text) : text, "utf8");
  }

  class Blob {
    constructor(sources = [], options = undefined) {
      if (sources === null || typeof sources[Symbol.iterator] !== "function" || typeof sources === "string") {
        throw invalidArgType("sources", "a sequence", sources);
      }
      if (options != null && typeof options !== "object" && typeof options !== "function") {
        throw invalidArgType("options", "a dictionary", options);  // as Node's validateDictionary
      }
      const { type = "", endings = "transparent" } = options ?? {};
      const lineEndings = `${endings}`;
      if (lineEndings !== "transparent" && lineEndings !== "native") throw invalidArgValue("options.endings", lineEndings);
      const parts = [];
      for (const source of sources) append(parts, Buffer.from(sourceBytes(source, lineEndings)));
      const typed = `${type}`;
      hold(blobs, this, { bytes: Buffer.concat(parts), type: matches(VISIBLE_ASCII, typed) ? toLowerCase(typed) : "" });
    }

    get type() {
      return held(this).type;
    }

    get size() {
      return held(this).bytes.length;
    }

    slice(start = 0, end = this.size, contentType = "") {
      const size = this.size;
      const from = start < 0 ? max(size + start, 0) : min(start, size);
      const to = end < 0 ? max(size + end, 0) : min(end, size);
      const sliced = new Blob([], { type: contentType });
      held(sliced).bytes = subarray(held(this).bytes, from, max(to, from));
      return sliced;
    }

    async arrayBuffer() {
      return arrayBufferCopy(held(this).bytes);  // by no getter or slice a handler may replace
    }

    async text() {
      return new TextDecoder().decode(held(this).bytes);  // as Node's: a leading BOM dropped
    }

    async bytes() {
      return new Uint8Array(await this.arrayBuffer());
    }

    stream() {
      held(this);
      throw new Error("Blob.prototype.stream is not available in segtui: it returns a web ReadableStream, which segtui " +
        "does not have (use text(), arrayBuffer() or bytes())");
    }

    [inspectCustom](depth, options, inspect) {
      if (depth < 0) return this;
      const shown = { size: this.size, type: this.type };
      if (this instanceof File) assign(shown, { name: this.name, lastModified: this.lastModified });
      return `${this[Symbol.toStringTag]} ${inspect(shown, { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
    }
  }

  function held(blob) {
    const found = blob !== null && typeof blob === "object" ? heldBy(blobs, blob) : undefined;
    if (found === undefined) throw nodeError(TypeError, "ERR_INVALID_THIS", 'Value of "this" must be of type Blob');
    return found;
  }

  Object.defineProperty(Blob.prototype, Symbol.toStringTag, { value: "Blob", configurable: true });

  class File extends Blob {
    #name;
    #lastModified;

    constructor(bits, name, options = {}) {
      if (arguments.length < 2) {
        throw nodeError(TypeError, "ERR_MISSING_ARGS", 'The "fileBits" and "fileName" arguments must be specified');
      }
      super(bits, options);
      this.#name = `${name}`;
      const { lastModified } = options ?? {};
      const modified = lastModified === undefined ? determinism.now() : +lastModified;
      this.#lastModified = modified === modified ? modified : 0;  // NaN as 0, as Node's
    }

    get name() {
      return this.#name;
    }

    get lastModified() {
      return this.#lastModified;
    }
  }
  Object.defineProperty(File.prototype, Symbol.toStringTag, { value: "File", configurable: true });

  const isBlob = (value) => value !== null && typeof value === "object" && holds(blobs, value);
  internal.nodeBlob = { Blob, File, isBlob };

  // URL.createObjectURL and revokeObjectURL as Node 20's: a blob:nodedata: URL of a random UUID for a Blob (which
  // nothing in a function can fetch back), its revocation a no-op.
  const methods = {
    createObjectURL(obj) {
      if (!isBlob(obj)) throw invalidArgType("obj", "an instance of Blob", obj);
      return `blob:nodedata:${randomUUID()}`;
    },
    revokeObjectURL(url) {
      if (arguments.length === 0) throw nodeError(TypeError, "ERR_MISSING_ARGS", 'The "url" argument must be specified');
      `${url}`;  // taken as text, as Node takes it
    },
  };
  for (const name in methods) {
    Object.defineProperty(global.URL, name, { value: methods[name], writable: true, enumerable: true, configurable: true });
  }
})(globalThis);
