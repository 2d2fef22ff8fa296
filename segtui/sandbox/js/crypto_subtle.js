// crypto.webcrypto and crypto.subtle as Node 20's, for what functions copied from browser code do with them: digest
// (SHA-1, SHA-256, SHA-384, SHA-512), HMAC keys (importKey from raw bytes or an oct JWK, exportKey raw), sign and
// verify; each over crypto.js's createHash / createHmac. Other algorithms Node knows, and the other operations, reject
// with a NotSupportedError that says they are not available in segtui.
(function (global) {
  "use strict";
  const { Buffer, DOMException } = global;
  const { nodeError } = global.__segtui.nodeErrors;
  const crypto = global.crypto;
  const { createHash, createHmac, timingSafeEqual, getRandomValues, randomUUID } = crypto;
  const HASHES = { __proto__: null, "sha-1": "SHA-1", "sha-256": "SHA-256", "sha-384": "SHA-384", "sha-512": "SHA-512" };
  const { uncurry } = global.__segtui.intrinsics;
  // Taken now, as every built-in segtui calls here: a handler may replace them.
  const toLowerCase = uncurry(String.prototype.toLowerCase);
  const toUpperCase = uncurry(String.prototype.toUpperCase);
  const NODE_HASHES = { __proto__: null };  // crypto.js's name of each hash: "SHA-256" as "sha256"
  for (const name in HASHES) NODE_HASHES[HASHES[name]] = name.replace("-", "");
  const NODE_NAMES = { __proto__: null };
  for (const name of ["rsassa-pkcs1-v1_5", "rsa-pss", "rsa-oaep", "ecdsa", "ecdh", "ed25519", "ed448", "x25519", "x448",
    "aes-ctr", "aes-cbc", "aes-gcm", "aes-kw", "hkdf", "pbkdf2"]) NODE_NAMES[name] = true;
  const inspectCustom = Symbol.for("nodejs.util.inspect.custom");
  const ORDINALS = ["1st", "2nd", "3rd", "4th"];

  function notSupported(message) {
    return new DOMException(message, "NotSupportedError");
  }

  function algorithmName(algorithm) {
    const name = typeof algorithm === "string" ? algorithm : algorithm !== null && typeof algorithm === "object"
      ? algorithm.name : undefined;
    if (typeof name !== "string") {
      throw nodeError(TypeError, "ERR_MISSING_OPTION", "Algorithm: name: Missing or not a string");
    }
    return toLowerCase(name);
  }

  function hashName(algorithm) {
    const name = HASHES[algorithmName(algorithm)];
    if (name === undefined) throw notSupported("Unrecognized algorithm name");
    return name;
  }

  // The operation `name` does with an algorithm segtui does not do: Node's error for an unknown name, else segtui's.
  function unsupported(operation, algorithm) {
    const name = algorithmName(algorithm);
    if (!NODE_NAMES[name] && name !== "hmac" && HASHES[name] === undefined) {
      return notSupported("Unrecognized algorithm name");
    }
    return notSupported(`crypto.subtle.${operation} with ${toUpperCase(name)} is not available in segtui`);
  }

  function bytes(operation, position, data) {
    if (ArrayBuffer.isView(data)) return Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    if (data instanceof ArrayBuffer) return Buffer.from(data);
    throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `Failed to execute '${operation}' on 'SubtleCrypto': ` +
      `${ORDINALS[position - 1]} argument is not instance of ArrayBuffer, Buffer, TypedArray, or DataView.`);
  }

  function arrayBuffer(buffer) {
    return buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.length);
  }

  const secrets = new WeakMap();
  const secretOf = uncurry(WeakMap.prototype.get);
  const keep = uncurry(WeakMap.prototype.set);

  // Whether every usage of `list` passes `check` (read by index: a handler's Array.prototype is not asked).
  function usedFor(list, check) {
    for (let i = 0; i < list.length; i++) {
      if (!check(list[i])) return false;
    }
    return true;
  }

  class CryptoKey {
    constructor() {
      throw nodeError(TypeError, "ERR_ILLEGAL_CONSTRUCTOR", "Illegal constructor");
    }

    get type() {
      return "secret";
    }

    get extractable() {
      return secretOf(secrets, this).extractable;
    }

    get algorithm() {
      return secretOf(secrets, this).algorithm;
    }

    get usages() {
      return secretOf(secrets, this).shownUsages;  // the same array each time, as Node's; what it checks is its own copy
    }

    [inspectCustom](depth, options, inspect) {
      if (depth < 0) return this;
      const shown = { type: this.type, extractable: this.extractable, algorithm: this.algorithm, usages: this.usages };
      return `CryptoKey ${inspect(shown, { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
    }
  }
  Object.defineProperty(CryptoKey.prototype, Symbol.toStringTag, { value: "CryptoKey", configurable: true });

  function hmacKey(format, keyData, algorithm, extractable, usages) {
    if (algorithm === null || typeof algorithm !== "object" || algorithm.hash === undefined) {
      throw nodeError(TypeError, "ERR_MISSING_OPTION", "Failed to normalize algorithm: passed algorithm can not be " +
        "converted to 'HmacImportParams' because 'hash' is required in 'HmacImportParams'.");
    }
    const hash = hashName(algorithm.hash);
    let secret;
    if (format === "raw") secret = Buffer.from(bytes("importKey", 2, keyData));
    else if (format === "jwk" && keyData !== null && typeof keyData === "object" && keyData.kty === "oct") {
      secret = Buffer.from(String(keyData.k), "base64url");
    } else throw notSupported(`crypto.subtle.importKey of an HMAC key as ${format} is not available in segtui`);
    const list = [...usages];
    if (!usedFor(list, (usage) => usage === "sign" || usage === "verify")) {
      throw new DOMException("Unsupported key usage for an HMAC key", "SyntaxError");
    }
    const length = algorithm.length === undefined ? secret.length * 8 : Number(algorithm.length);
    const key = Object.create(CryptoKey.prototype);
    keep(secrets, key, { secret, extractable: Boolean(extractable), usages: list, shownUsages: [...list],
      algorithm: { name: "HMAC", hash: { name: hash }, length } });
    return key;
  }

  // What segtui holds of `key`, a CryptoKey (Node checks its arguments' types in order before the algorithm).
  function keyOf(operation, key) {
    const held = key !== null && typeof key === "object" ? secretOf(secrets, key) : undefined;
    if (held === undefined) {
      throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `Failed to execute '${operation}' on 'SubtleCrypto': ` +
        "2nd argument is not of type CryptoKey.");
    }
    return held;
  }

  // The HMAC of `message` (bytes) by the key segtui holds (`held`), once the algorithm and the key's usages allow it.
  function hmac(operation, algorithm, held, message, usage) {
    if (algorithmName(algorithm) !== "hmac") {
      if (NODE_NAMES[algorithmName(algorithm)]) throw unsupported(operation, algorithm);
      throw notSupported("Unrecognized algorithm name");
    }
    if (usedFor(held.usages, (listed) => listed !== usage)) {
      throw new DOMException(`Unable to use this key to ${usage}`, "InvalidAccessError");
    }
    const hash = NODE_HASHES[held.algorithm.hash.name];  // as Node's: the algorithm the key shows, which may be changed
    return createHmac(hash, held.secret).update(message).digest();
  }

  // Each method runs as an async function does: what it throws becomes its promise's rejection.
  const subtle = {
    async digest(algorithm, data) {
      const name = hashName(algorithm);
      return arrayBuffer(createHash(NODE_HASHES[name]).update(bytes("digest", 2, data)).digest());
    },
    async importKey(format, keyData, algorithm, extractable, usages) {
      if (algorithmName(algorithm) !== "hmac") throw unsupported("importKey", algorithm);
      return hmacKey(format, keyData, algorithm, extractable, usages);
    },
    async exportKey(format, key) {
      const held = key !== null && typeof key === "object" ? secretOf(secrets, key) : undefined;
      if (held === undefined) throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", "key must be a CryptoKey");
      if (!held.extractable) throw new DOMException("key is not extractable", "InvalidAccessException");
      if (format !== "raw") throw notSupported(`crypto.subtle.exportKey as ${format} is not available in segtui`);
      return arrayBuffer(held.secret);
    },
    async sign(algorithm, key, data) {
      const held = keyOf("sign", key);
      return arrayBuffer(hmac("sign", algorithm, held, bytes("sign", 3, data), "sign"));
    },
    async verify(algorithm, key, signature, data) {
      const held = keyOf("verify", key);
      const given = bytes("verify", 3, signature);
      const expected = hmac("verify", algorithm, held, bytes("verify", 4, data), "verify");
      return given.length === expected.length && timingSafeEqual(given, expected);
    },
  };
  for (const operation of ["encrypt", "decrypt", "generateKey", "deriveKey", "deriveBits", "wrapKey", "unwrapKey"]) {
    subtle[operation] = async (algorithm) => {
      throw unsupported(operation, algorithm);
    };
  }
  const SubtleCrypto = class SubtleCrypto {};
  Object.setPrototypeOf(subtle, SubtleCrypto.prototype);
  Object.defineProperty(SubtleCrypto.prototype, Symbol.toStringTag, { value: "SubtleCrypto", configurable: true });

  const webcrypto = {
    get subtle() {
      return subtle;
    },
    getRandomValues(array) {
      if (this !== webcrypto) throw nodeError(TypeError, "ERR_INVALID_THIS", 'Value of "this" must be of type Crypto');
      return getRandomValues(array);
    },
    randomUUID() {
      return randomUUID();
    },
    [Symbol.toStringTag]: "Crypto",
  };
  for (const [name, value] of [["webcrypto", webcrypto], ["subtle", subtle]]) {
    Object.defineProperty(crypto, name, { value, writable: true, enumerable: true, configurable: true });
  }
})(globalThis);
