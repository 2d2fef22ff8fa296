// crypto.createCipheriv/createDecipheriv as Node 20 has them for AES (CBC, ECB, CTR, CFB, CFB1, CFB8, OFB, GCM, CCM),
// triple DES, ChaCha20 and ChaCha20-Poly1305: update, final, setAutoPadding, setAAD, getAuthTag/setAuthTag, with Node's
// output encodings and errors; getCiphers and getCipherInfo (segtui/sandbox/cipher_table.py). Each cipher's state
// lives in the Python host (segtui/sandbox/ciphers.py) from its creation to its final, or until this object is
// collected; each update's output comes back at once. createCipher/createDecipher, deprecated but still in Node 20 (and
// in older handlers), derive the key and IV from a password as OpenSSL's EVP_BytesToKey does (the host's MD5).
(function (global) {
  "use strict";
  const host = global.__segtui.host;
  const Buffer = global.__segtui.ownBuffer;  // not the handler's Buffer.from, …
  const crypto = global.crypto;
  const { dataBytes, output, validateEncoding } = global.__segtui.cryptoBytes;
  const { sourceBytes, bytesText } = global.__segtui.bufferArguments;
  const { secretKeyBytes } = global.__segtui;  // a SecretKeyObject's or CryptoKey's (crypto_secret_key.js)
  const { nodeError, nativeError, invalidArgType, invalidArgValue, validateInteger } = global.__segtui.nodeErrors;
  const KEY_TYPES = "of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey";
  const VIEW_TYPES = "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView";
  const TAG_LENGTHS = [4, 8, 12, 13, 14, 15, 16];
  const INT32_MAX = 2147483647;
  const INT32_MIN = -2147483648;
  const ASSERTION = "\nThis is caused by either a bug in Node.js or incorrect usage of Node.js internals.\n" +
    "Please open an issue with this stack trace at https://github.com/nodejs/node/issues\n";
  const kHandle = Symbol("kHandle");
  // What Node's console shows of a cipher's native handle.
  class CipherBase {}
  const forget = new FinalizationRegistry((id) => {
    try {
      host.call("crypto.cipher_drop", { id });
    } catch (gone) {
      // Its context is being freed: the host's ciphers outlive it only up to their cap.
    }
  });
  let stateOf;

  function bytesOf(value, name, expected, encoding) {
    const bytes = typeof value === "string" ? dataBytes(value, encoding, name) : sourceBytes(value);
    if (bytes === undefined) throw invalidArgType(name, expected, value);
    return bytes;
  }

  function invalidState(operation) {
    return nodeError(Error, "ERR_CRYPTO_INVALID_STATE", `Invalid state for operation ${operation}`);
  }

  function optionalLength(options, name) {
    const value = options !== null && typeof options === "object" ? options[name] : undefined;
    if (value !== undefined && !(Number.isInteger(value) && value >= 0 && value <= INT32_MAX)) {
      throw invalidArgValue(`options.${name}`, value);
    }
    return value === undefined ? null : value;
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

  function reply(op, payload) {
    const answer = host.call(op, payload);
    if (answer === null || answer.error === undefined) return answer;
    const Type = { TypeError, RangeError }[answer.type] || Error;
    if (answer.library) throw Object.assign(new Error(answer.error), { library: answer.library, reason: answer.reason, code: answer.code });
    throw answer.code ? nativeError(Type, answer.code, answer.error) : new Type(answer.error);
  }

  class Cipher {
    #state;

    constructor(cipher, key, iv, options, decrypt) {
      if (typeof cipher !== "string") throw invalidArgType("cipher", "of type string", cipher);
      const keyBytes = secretKeyBytes(key, true) ?? bytesOf(key, "key", KEY_TYPES);
      const ivBytes = iv === null ? null : bytesOf(iv, "iv", VIEW_TYPES);
      const tagLength = optionalLength(options, "authTagLength");
      this._decoder = null;
      this._options = options;
      this[kHandle] = new CipherBase();
      const made = reply("crypto.cipher_new", { algorithm: cipher, key: bytesText(keyBytes, "latin1"),
        iv: ivBytes && bytesText(ivBytes, "latin1"), decrypt, tag_length: tagLength });
      // mode: the authenticated one (gcm, ccm, aead for chacha20-poly1305) or null; tagLength: what setAuthTag must match.
      this.#state = { id: made.id, mode: made.mode, tagLength: made.tag_length, padding: true, updated: false, done: false, tag: null,
        authTag: null, held: Buffer.alloc(0), encoding: null };
      forget.register(this, made.id, this);
    }

    static {
      stateOf = (cipher) => cipher.#state;
    }

    #text(bytes, outputEncoding, last) {
      const state = this.#state;
      if (outputEncoding === undefined || outputEncoding === null || outputEncoding === "buffer") return bytes;
      if (state.encoding !== null && state.encoding !== outputEncoding) {
        throw nodeError(Error, "ERR_INTERNAL_ASSERTION", `Cannot change encoding${ASSERTION}`);
      }
      if (!Buffer.isEncoding(outputEncoding)) {
        throw nodeError(TypeError, "ERR_UNKNOWN_ENCODING", `Unknown encoding: ${outputEncoding}`);
      }
      state.encoding = this._decoder = outputEncoding;
      const all = Buffer.concat([state.held, bytes]);
      const keep = last ? 0 : heldBack(all, outputEncoding);
      state.held = all.subarray(all.length - keep);
      return output(all.subarray(0, all.length - keep), outputEncoding);
    }

    update(data, inputEncoding, outputEncoding) {
      const state = this.#state;
      validateEncoding(data, inputEncoding);
      const bytes = dataBytes(data, inputEncoding, "data");
      if (state.done) throw new Error("Trying to add data in unsupported state");
      state.updated = true;
      // The data and output as base64, the bulk form of the host channel (host_services.py).
      const answer = reply("crypto.cipher_update", { id: state.id, data: bytesText(bytes, "base64"), padding: state.padding,
        tag: state.authTag && bytesText(state.authTag, "latin1") });
      return this.#text(Buffer.from(answer.output, "base64"), outputEncoding, false);
    }

    final(outputEncoding) {
      const state = this.#state;
      if (state.done) throw nativeError(Error, "ERR_CRYPTO_INVALID_STATE", "Invalid state");
      state.done = true;
      forget.unregister(this);
      const answer = reply("crypto.cipher_final", { id: state.id, padding: state.padding,
        tag: state.authTag && bytesText(state.authTag, "latin1") });
      if (answer.tag !== undefined) state.tag = Buffer.from(answer.tag, "latin1");
      return this.#text(Buffer.from(answer.output, "latin1"), outputEncoding, true);
    }

    setAutoPadding(autoPadding = true) {
      if (this.#state.done) throw invalidState("setAutoPadding");
      this.#state.padding = !!autoPadding;
      return this;
    }

    setAAD(aadbuf, options) {
      const state = this.#state;
      const aad = bytesOf(aadbuf, "aadbuf", VIEW_TYPES);
      const plaintextLength = optionalLength(options, "plaintextLength");
      if (state.done || state.mode === null || (state.mode === "gcm" && state.updated)) throw invalidState("setAAD");
      reply("crypto.cipher_aad", { id: state.id, aad: bytesText(aad, "latin1"), plaintext_length: plaintextLength });
      return this;
    }
  }

  class Cipheriv extends Cipher {
    constructor(cipher, key, iv, options) {
      super(cipher, key, iv, options, false);
    }

    getAuthTag() {
      const state = stateOf(this);
      if (state.tag === null) throw invalidState("getAuthTag");
      return Buffer.from(state.tag);
    }
  }

  class Decipheriv extends Cipher {
    constructor(cipher, key, iv, options) {
      super(cipher, key, iv, options, true);
    }

    setAuthTag(tagbuf, encoding) {
      const state = stateOf(this);
      const tag = bytesOf(tagbuf, "buffer", VIEW_TYPES, encoding);
      if (state.done || state.mode === null || state.authTag !== null) throw invalidState("setAuthTag");
      const fits = state.mode !== "gcm" || TAG_LENGTHS.includes(tag.length);
      if (!fits || (state.tagLength !== null && state.tagLength !== tag.length)) {
        throw nativeError(TypeError, "ERR_CRYPTO_INVALID_AUTH_TAG", `Invalid authentication tag length: ${tag.length}`);
      }
      state.authTag = Buffer.from(tag);
      return this;
    }
  }

  // The key and IV createCipher derives for `cipher` from `password`, as arguments of a Cipheriv after the cipher's.
  function fromPassword(cipher, password) {
    if (typeof cipher !== "string") throw invalidArgType("cipher", "of type string", cipher);
    const secret = bytesOf(password, "password", VIEW_TYPES);
    const made = reply("crypto.cipher_password", { algorithm: cipher, password: bytesText(secret, "latin1") });
    return [Buffer.from(made.key, "latin1"), Buffer.from(made.iv, "latin1")];
  }
  const Legacy = {
    Cipher: class extends Cipheriv {
      constructor(cipher, password, options) {
        super(cipher, ...fromPassword(cipher, password), options);
      }
    },
    Decipher: class extends Decipheriv {
      constructor(cipher, password, options) {
        super(cipher, ...fromPassword(cipher, password), options);
      }
    },
  };
  // As util.deprecate wraps them in Node: named `deprecated`, of no declared parameters, an ordinary function.
  const deprecated = (Made) => ({ deprecated: function (...args) { return new Made(...args); } }).deprecated;

  // What Node 20 says of a cipher, by name or NID, for the ciphers segtui runs and the others Node knows.
  function getCipherInfo(nameOrNid, options) {
    if (typeof nameOrNid !== "string" && typeof nameOrNid !== "number") {
      throw invalidArgType("nameOrNid", "one of type string or number", nameOrNid);
    }
    if (typeof nameOrNid === "number") validateInteger(nameOrNid, "nameOrNid", INT32_MIN, INT32_MAX);
    let keyLength;
    let ivLength;
    if (options !== undefined) {
      if (options === null || typeof options !== "object" || Array.isArray(options)) {
        throw invalidArgType("options", "of type object", options);
      }
      ({ keyLength, ivLength } = options);
      if (keyLength !== undefined) validateInteger(keyLength, "options.keyLength", INT32_MIN, INT32_MAX);
      if (ivLength !== undefined) validateInteger(ivLength, "options.ivLength", INT32_MIN, INT32_MAX);
    }
    const info = host.call("crypto.cipher_info", { name: nameOrNid, key_length: keyLength ?? null, iv_length: ivLength ?? null });
    return info === null ? undefined : info;
  }

  let cipherNames = null;
  Object.assign(crypto, {
    Cipher: Legacy.Cipher, Decipher: Legacy.Decipher,
    createCipher: deprecated(Legacy.Cipher),
    createDecipher: deprecated(Legacy.Decipher),
    Cipheriv, Decipheriv,
    // Ordinary functions, as Node's are, so that `new crypto.createCipheriv(...)` returns the cipher.
    createCipheriv: function createCipheriv(cipher, key, iv, options) { return new Cipheriv(cipher, key, iv, options); },
    createDecipheriv: function createDecipheriv(cipher, key, iv, options) {
      return new Decipheriv(cipher, key, iv, options);
    },
    getCiphers: () => (cipherNames = cipherNames || host.call("crypto.cipher_names", null)).slice(),
    getCipherInfo,
  });
})(globalThis);
