// crypto.createCipheriv/createDecipheriv as Node 20 has them for AES (CBC, ECB, CTR, CFB, CFB8, OFB, GCM): update,
// final, setAutoPadding, setAAD, getAuthTag/setAuthTag, with Node's output encodings and errors. The Python host
// computes the output (segtui/sandbox/ciphers.py) from all the input so far; each call hands out what is new.
(function (global) {
  "use strict";
  const host = global.__segtui.host;
  const { Buffer } = global;
  const crypto = global.crypto;
  const { dataBytes, output } = global.__segtui.cryptoBytes;
  const { nodeError, invalidArgType } = global.__segtui.nodeErrors;
  const KEY_TYPES = "of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey";
  const IV_TYPES = "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView";

  function bytesOf(value, name, expected) {
    if (typeof value === "string") return Buffer.from(value, "utf8");
    if (value instanceof ArrayBuffer) return Buffer.from(value);
    if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    throw invalidArgType(name, expected, value);
  }

  // An error Node's C++ side throws: a `code`, but no [CODE] in its text as the ones its JavaScript throws have.
  function nativeError(Type, code, message) {
    const error = new Type(message);
    error.code = code;
    return error;
  }

  // Node's JavaScript names the operation refused; its C++ side (a second final) does not.
  function invalidState(operation) {
    return operation ? nodeError(Error, "ERR_CRYPTO_INVALID_STATE", `Invalid state for operation ${operation}`)
      : nativeError(Error, "ERR_CRYPTO_INVALID_STATE", "Invalid state");
  }

  // Bytes of a text encoding that could still be part of a character still to come (Node's StringDecoder keeps them).
  function heldBack(bytes, encoding) {
    const name = String(encoding).toLowerCase();
    if (name === "base64" || name === "base64url") return bytes.length % 3;
    if (name === "ucs2" || name === "ucs-2" || name === "utf16le" || name === "utf-16le") return bytes.length % 2;
    if (name !== "utf8" && name !== "utf-8") return 0;
    for (let back = 1; back <= Math.min(3, bytes.length); back++) {
      const byte = bytes[bytes.length - back];
      if ((byte & 0xc0) !== 0x80) {
        const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
        return needed > back ? back : 0;
      }
    }
    return 0;
  }

  function reply(payload, op) {
    const answer = host.call(op, payload);
    if (answer.error === undefined) return answer;
    const Type = { TypeError, RangeError }[answer.type] || Error;
    if (answer.library) throw Object.assign(new Error(answer.error), { library: answer.library, reason: answer.reason, code: answer.code });
    throw answer.code ? nativeError(Type, answer.code, answer.error) : new Type(answer.error);
  }

  // What Node's console shows of a cipher's native handle.
  class CipherBase {}
  const kHandle = Symbol("kHandle");

  class Cipher {
    #payload;
    #input = [];
    #given = 0;
    #held = Buffer.alloc(0);
    #done = false;
    #gcm;
    #tag = null;

    constructor(cipher, key, iv, options, decrypt) {
      if (typeof cipher !== "string") throw invalidArgType("cipher", "of type string", cipher);
      const keyBytes = bytesOf(key, "key", KEY_TYPES);
      const ivBytes = iv === null ? null : bytesOf(iv, "iv", IV_TYPES);
      this._decoder = null;
      this._options = options;
      this[kHandle] = new CipherBase();
      this.#payload = { algorithm: cipher, key: keyBytes.toString("latin1"), iv: ivBytes && ivBytes.toString("latin1"), decrypt,
        padding: true, tag_length: options && options.authTagLength !== undefined ? options.authTagLength : null };
      this.#gcm = reply(this.#payload, "crypto.cipher_check").gcm;
    }

    #run(final) {
      const data = Buffer.concat(this.#input).toString("latin1");
      const answer = reply({ ...this.#payload, data, final }, "crypto.cipher");
      if (answer.tag !== undefined) this.#tag = Buffer.from(answer.tag, "latin1");
      const done = Buffer.from(answer.output, "latin1");
      const fresh = done.subarray(this.#given);
      this.#given = done.length;
      return fresh;
    }

    #text(bytes, outputEncoding, last) {
      if (outputEncoding === undefined || outputEncoding === null || outputEncoding === "buffer") return bytes;
      if (this._decoder !== null && this._decoder !== outputEncoding) throw new Error("Cannot change encoding");
      if (!Buffer.isEncoding(outputEncoding) && String(outputEncoding).toLowerCase() !== "base64url") {
        throw nodeError(TypeError, "ERR_UNKNOWN_ENCODING", `Unknown encoding: ${outputEncoding}`);
      }
      this._decoder = outputEncoding;
      const all = Buffer.concat([this.#held, bytes]);
      const keep = last ? 0 : heldBack(all, outputEncoding);
      this.#held = all.subarray(all.length - keep);
      return output(all.subarray(0, all.length - keep), outputEncoding);
    }

    update(data, inputEncoding, outputEncoding) {
      if (this.#done) throw new Error("Trying to add data in unsupported state");
      this.#input.push(dataBytes(data, inputEncoding, "data"));
      return this.#text(this.#run(false), outputEncoding, false);
    }

    final(outputEncoding) {
      if (this.#done) throw invalidState();
      const fresh = this.#run(true);
      this.#done = true;
      return this.#text(fresh, outputEncoding, true);
    }

    setAutoPadding(autoPadding = true) {
      if (this.#done) throw invalidState("setAutoPadding");
      this.#payload.padding = !!autoPadding;
      return this;
    }

    setAAD(buffer) {
      if (this.#done || !this.#gcm || this.#input.length) throw invalidState("setAAD");
      this.#payload.aad = dataBytes(buffer, undefined, "buffer").toString("latin1");
      return this;
    }

    getAuthTag() {
      if (this.#payload.decrypt || this.#tag === null) throw invalidState("getAuthTag");
      return Buffer.from(this.#tag);
    }

    setAuthTag(tagBytes) {
      if (!this.#payload.decrypt || this.#done || !this.#gcm) throw invalidState("setAuthTag");
      const tag = dataBytes(tagBytes, undefined, "buffer");
      const expected = this.#payload.tag_length;
      if (![4, 8, 12, 13, 14, 15, 16].includes(tag.length) || (expected !== null && expected !== tag.length)) {
        throw nativeError(TypeError, "ERR_CRYPTO_INVALID_AUTH_TAG", `Invalid authentication tag length: ${tag.length}`);
      }
      this.#payload.tag = tag.toString("latin1");
      return this;
    }
  }

  class Cipheriv extends Cipher {
    constructor(cipher, key, iv, options) {
      super(cipher, key, iv, options, false);
    }
  }

  class Decipheriv extends Cipher {
    constructor(cipher, key, iv, options) {
      super(cipher, key, iv, options, true);
    }
  }
  let cipherNames = null;

  Object.assign(crypto, {
    Cipheriv, Decipheriv,
    createCipheriv: (cipher, key, iv, options) => new Cipheriv(cipher, key, iv, options),
    createDecipheriv: (cipher, key, iv, options) => new Decipheriv(cipher, key, iv, options),
    getCiphers: () => (cipherNames = cipherNames || host.call("crypto.cipher_names", null)).slice(),
  });
})(globalThis);
