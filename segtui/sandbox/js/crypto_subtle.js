// crypto.webcrypto and crypto.subtle as Node 20's, with its globals Crypto, SubtleCrypto and CryptoKey (crypto_key.js),
// for what functions copied from browser code do with them: digest (SHA-1, SHA-256, SHA-384, SHA-512), HMAC keys
// (generateKey, importKey from raw bytes or an oct JWK, exportKey raw or as a JWK), RSASSA-PKCS1-v1_5, RSA-PSS, RSA-OAEP
// and ECDSA keys (importKey from PKCS#8 or SPKI, exportKey so), sign and verify; each over crypto.js's createHash /
// createHmac or crypto_sign.js, after Node's argument checks (crypto_webidl.js); AES keys, encrypt and decrypt are
// crypto_subtle_cipher.js's, PBKDF2 and HKDF keys, deriveBits and deriveKey crypto_subtle_derive.js's, and RSA and EC
// keys import and export as JWKs too (crypto_key.js); wrapKey and unwrapKey export and encrypt a key (with AES-KW too),
// and decrypt and import one; generateKey makes RSA, ECDSA and ECDH pairs (crypto_subtle_generate.js), and ECDH keys
// derive bits (crypto_subtle_derive.js); Ed25519 and X25519 keys are crypto_subtle_okp.js's.
(function (global) {
  "use strict";
  const Buffer = global.__segtui.ownBuffer;  // not the handler's Buffer.from, …
  const { CryptoKey, makeKey, heldOf, dom, checkJwk, asymmetricJwk, rsaJwkAlgorithm, rawPoint, rawPem } = global.__segtui.cryptoKeys;
  const { exported } = global.__segtui.cryptoJwk;
  const { listCopy, derPem, pemDer, sourceBytes, sourceCopy } = global.__segtui.cryptoBytes;
  const { nodeError } = global.__segtui.nodeErrors;
  const { subtleCipher, subtleDerive, subtleGenerate, subtleOkp, FastBuffer } = global.__segtui;
  const { convert, algorithmName, member } = global.__segtui.cryptoWebidl;
  const crypto = global.crypto;
  const { createHash, createHmac, createSign, createVerify, timingSafeEqual, getRandomValues, randomUUID, randomBytes } = crypto;
  const host = global.__segtui.host;
  const { uncurry, apply, append } = global.__segtui.intrinsics;
  const includes = uncurry(Array.prototype.includes);
  const { defineProperty, create, assign } = Object;
  const { ceil } = Math;  // taken now, as the other built-ins here: a handler may replace them
  const NODE_HASHES = { __proto__: null, "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };
  const BLOCK_BITS = { __proto__: null, "SHA-1": 512, "SHA-256": 512, "SHA-384": 1024, "SHA-512": 1024 };
  const DIGEST_BYTES = { __proto__: null, "SHA-1": 20, "SHA-256": 32, "SHA-384": 48, "SHA-512": 64 };
  const HASHES = ["SHA-1", "SHA-256", "SHA-384", "SHA-512"];
  const RSA = ["RSASSA-PKCS1-v1_5", "RSA-PSS", "RSA-OAEP"];
  const AES = ["AES-CTR", "AES-CBC", "AES-GCM", "AES-KW"];
  // The algorithms Node 20 knows for each operation (its kSupportedAlgorithms): another name is unrecognized.
  const REGISTERED = {
    __proto__: null,
    digest: HASHES,
    generateKey: [...RSA, "ECDSA", "ECDH", ...AES, "HMAC", "Ed25519", "X25519"],
    sign: ["RSASSA-PKCS1-v1_5", "RSA-PSS", "ECDSA", "HMAC", "Ed25519"],
    importKey: [...RSA, "ECDSA", "ECDH", "HMAC", "HKDF", "PBKDF2", ...AES, "Ed25519", "X25519"],
    deriveBits: ["HKDF", "PBKDF2", "ECDH", "X25519"],
    encrypt: ["RSA-OAEP", "AES-CBC", "AES-GCM", "AES-CTR"],
  };
  REGISTERED.verify = REGISTERED.sign;
  REGISTERED.decrypt = REGISTERED.encrypt;
  REGISTERED.wrapKey = REGISTERED.unwrapKey = ["AES-KW"];
  // The members Node's dictionary for an operation's algorithm requires, in the order it checks them.
  const REQUIRED = {
    __proto__: null,
    sign: { __proto__: null, "RSA-PSS": ["RsaPssParams", "saltLength"], ECDSA: ["EcdsaParams", "hash"] },
    encrypt: { __proto__: null, "AES-CBC": ["AesCbcParams", "iv"], "AES-GCM": ["AesGcmParams", "?additionalData", "iv", "?tagLength"],
      "AES-CTR": ["AesCtrParams", "counter", "length"], "RSA-OAEP": ["RsaOaepParams", "?label"] },
    importKey: { __proto__: null, HMAC: ["HmacImportParams", "hash"], "RSASSA-PKCS1-v1_5": ["RsaHashedImportParams", "hash"],
      "RSA-PSS": ["RsaHashedImportParams", "hash"], "RSA-OAEP": ["RsaHashedImportParams", "hash"],
      ECDSA: ["EcKeyImportParams", "namedCurve"], ECDH: ["EcKeyImportParams", "namedCurve"] },
    generateKey: { __proto__: null, HMAC: ["HmacKeyGenParams", "hash"] },
    deriveBits: { __proto__: null, HKDF: ["HkdfParams", "hash", "info", "salt"], PBKDF2: ["Pbkdf2Params", "hash", "iterations", "salt"],
      ECDH: ["EcdhKeyDeriveParams", "public"], X25519: ["EcdhKeyDeriveParams", "public"] },
  };
  for (const name of AES) REQUIRED.generateKey[name] = ["AesKeyGenParams", "length"];
  for (const name of RSA) REQUIRED.generateKey[name] = ["RsaHashedKeyGenParams", "hash", "modulusLength", "publicExponent"];
  REQUIRED.generateKey.ECDSA = REQUIRED.generateKey.ECDH = ["EcKeyGenParams", "namedCurve"];
  const EC = ["ECDSA", "ECDH"];
  REQUIRED.verify = REQUIRED.sign;
  REQUIRED.decrypt = REQUIRED.encrypt;
  // The WebIDL type Node converts a member to, for those it converts (the others are taken as given).
  const MEMBER_TYPES = { __proto__: null, "RsaPssParams.saltLength": "unsigned long", "AesCbcParams.iv": "BufferSource",
    "AesGcmParams.iv": "BufferSource", "AesGcmParams.additionalData": "BufferSource", "AesGcmParams.tagLength": "octet",
    "AesCtrParams.counter": "BufferSource", "AesCtrParams.length": "octet", "RsaOaepParams.label": "BufferSource",
    "AesKeyGenParams.length": "unsigned short", "HkdfParams.info": "BufferSource", "HkdfParams.salt": "BufferSource",
    "Pbkdf2Params.salt": "BufferSource", "Pbkdf2Params.iterations": "unsigned long",
    "RsaHashedKeyGenParams.modulusLength": "unsigned long", "RsaHashedKeyGenParams.publicExponent": "BigInteger",
    "EcdhKeyDeriveParams.public": "CryptoKey", "EcKeyImportParams.namedCurve": "DOMString",
    "EcKeyGenParams.namedCurve": "DOMString" };

  // The algorithm as Node's normalizeAlgorithm gives it for `operation`: its registered name, its members checked (a
  // "?" marks one that may be missing), and its hash (itself an algorithm of digest's) and length when it has them.
  function normalize(algorithm, operation) {
    const dictionary = typeof algorithm === "string" ? { name: algorithm } : algorithm;
    const name = algorithmName(dictionary, REGISTERED[operation]);
    const normalized = { name };
    const required = REQUIRED[operation]?.[name] ?? [];
    for (let i = 1; i < required.length; i++) {
      const field = required[i][0] === "?" ? required[i].slice(1) : required[i];
      if (field !== required[i] && dictionary[field] === undefined) continue;
      if (field !== "hash") normalized[field] = member(dictionary, field, required[0], MEMBER_TYPES[`${required[0]}.${field}`]);
      else normalized.hash = { name: normalize(member(dictionary, "hash", required[0], "AlgorithmIdentifier"), "digest").name };
    }
    if (name === "HMAC" && required.length > 0 && dictionary.length !== undefined) {
      normalized.length = member(dictionary, "length", required[0], "unsigned long");
    }
    return normalized;
  }

  // wrapKey's algorithm as Node's normalizes it: its own (AES-KW), else encrypt's (unwrapKey: decrypt's).
  function wrapping(algorithm, operation, otherwise) {
    try {
      return normalize(algorithm, operation);
    } catch {
      return normalize(algorithm, otherwise);
    }
  }

  const { arrayBufferCopy: arrayBuffer } = global.__segtui.bufferArguments;

  function hmacUsages(usages) {
    for (let i = 0; i < usages.length; i++) {
      if (usages[i] !== "sign" && usages[i] !== "verify") throw dom("Unsupported key usage for an HMAC key", "SyntaxError");
    }
  }

  // The secret of an HMAC JWK once Node's checks of its members pass.
  function jwkSecret(jwk, algorithm, extractable, usages) {
    checkJwk(jwk, extractable, usages, "sig");
    if (jwk.alg !== undefined && jwk.alg !== `HS${algorithm.hash.name.slice(4)}`) {
      throw dom('JWK "alg" does not match the requested algorithm', "DataError");
    }
    if (jwk.k === undefined) throw dom("Invalid keyData", "DataError");
    return Buffer.from(String(jwk.k), "base64url");
  }

  function hmacImport(format, keyData, algorithm, extractable, usages) {
    hmacUsages(usages);
    let secret;
    if (format === "raw") {
      const bits = keyData.byteLength * 8;  // as Node's checks read it, as any property (a handler's getter answers)
      if (bits === 0 || algorithm.length === 0) throw dom("Zero-length key is not supported", "DataError");
      if (algorithm.length !== undefined && algorithm.length !== bits) throw dom("Invalid key length", "DataError");
      secret = sourceCopy(keyData);
    } else if (format === "jwk") {
      secret = jwkSecret(keyData, algorithm, extractable, usages);
    } else {
      throw dom(`Unable to import HMAC key with format ${format}`);
    }
    return makeKey(secret, { name: "HMAC", hash: algorithm.hash, length: secret.length * 8 }, usages, extractable);
  }

  const CURVES = { __proto__: null, "P-256": "prime256v1", "P-384": "secp384r1", "P-521": "secp521r1" };
  const PEM_LABELS = { __proto__: null, spki: "PUBLIC KEY", pkcs8: "PRIVATE KEY" };

  // An RSA or EC key from PKCS#8 or SPKI bytes as Node's rsaImportKey / ecImportKey make it: the usages its kind
  // allows, then the key read (a PEM of the bytes, for crypto_sign.js), its type and its size or curve checked.
  function asymmetricImport(format, keyData, algorithm, extractable, usages) {
    const { name } = algorithm;
    const oaep = name === "RSA-OAEP";
    const ec = includes(EC, name);
    const checkUsages = (isPublic) => {
      const allowed = name === "ECDH" ? (isPublic ? [] : ["deriveKey", "deriveBits"])
        : isPublic ? (oaep ? ["encrypt", "wrapKey"] : ["verify"]) : (oaep ? ["decrypt", "unwrapKey"] : ["sign"]);
      for (let i = 0; i < usages.length; i++) {
        if (!includes(allowed, usages[i])) throw dom(`Unsupported key usage for ${ec ? "a" : "an"} ${name} key`, "SyntaxError");
      }
    };
    if (format !== "jwk") checkUsages(format !== "pkcs8");
    if (ec && !(algorithm.namedCurve in CURVES)) throw dom("Unrecognized namedCurve", "NotSupportedError");
    let pem;
    let isPublic = format !== "pkcs8";
    if (format === "jwk") {
      ({ pem, isPublic } = asymmetricJwk(keyData, algorithm, extractable, usages, checkUsages));
    } else if (format === "raw") {  // an EC public key's point
      pem = rawPem(algorithm.namedCurve, sourceBytes(keyData));
    } else {
      pem = derPem(sourceBytes(keyData), PEM_LABELS[format]);
    }
    const found = host.call("crypto.key_details", { key: pem, private: !isPublic });
    if (found.error !== undefined) throw dom("Invalid keyData", "DataError");
    if (found.type !== (ec ? "ec" : "rsa")) throw dom("Invalid key type", "DataError");
    let shown = { name, namedCurve: algorithm.namedCurve };
    if (ec && found.namedCurve !== CURVES[algorithm.namedCurve]) throw dom("Named curve mismatch", "DataError");
    if (!ec) {
      const little = [];  // its bytes from the lowest, by `append`, as Node's (native) calls no unshift of the handler's
      for (let e = BigInt(found.publicExponent); e > 0n; e /= 256n) append(little, Number(e % 256n));
      const exponent = new Uint8Array(little.length);
      for (let i = 0; i < little.length; i++) exponent[i] = little[little.length - 1 - i];
      shown = { name, modulusLength: found.modulusLength, publicExponent: exponent, hash: algorithm.hash };
    }
    return makeKey(pem, shown, usages, extractable, isPublic ? "public" : "private");
  }

  // The signature of `data` by `key` (or, given `signed`, whether it is one), once its usages and algorithm allow it
  // (as Node's: the algorithm the key shows, which the handler may have changed): an HMAC, or crypto_sign.js's.
  function signature(algorithm, key, data, usage, signed) {
    const normalized = normalize(algorithm, usage);
    const secret = heldOf(key);
    if (!includes(secret.usages, usage) || normalized.name !== secret.algorithm.name) {
      throw dom(`Unable to use this key to ${usage}`, "InvalidAccessError");
    }
    if (secret.type === "secret") {
      const mac = createHmac(NODE_HASHES[secret.algorithm.hash.name], secret.secret).update(sourceBytes(data)).digest();
      return signed === undefined ? mac : signed.length === mac.length && timingSafeEqual(signed, mac);
    }
    if (normalized.name === "Ed25519") return subtleOkp.signature(secret, sourceBytes(data), signed);
    const ecdsa = normalized.name === "ECDSA";
    const options = ecdsa ? { key: secret.secret, dsaEncoding: "ieee-p1363" } : { key: secret.secret };
    if (normalized.name === "RSA-PSS") assign(options, { padding: 6, saltLength: normalized.saltLength });
    const digest = NODE_HASHES[(ecdsa ? normalized : secret.algorithm).hash.name];
    const failed = () => dom("The operation failed for an operation-specific reason", "OperationError");
    // A PSS salt longer than the key leaves room for: OpenSSL's error, which Node's createVerify takes for false.
    const { modulusLength, hash } = secret.algorithm;
    if (normalized.name === "RSA-PSS" && normalized.saltLength > ceil((modulusLength - 1) / 8) - DIGEST_BYTES[hash.name] - 2) {
      throw failed();
    }
    try {
      if (signed === undefined) return createSign(digest).update(sourceBytes(data)).sign(options);
      return createVerify(digest).update(sourceBytes(data)).verify(options, signed);
    } catch (error) {
      throw /^error:/.test(error?.message) ? failed() : error;  // OpenSSL's refusal as Node's Web Crypto reports it
    }
  }

  class SubtleCrypto {
    constructor() {
      throw nodeError(TypeError, "ERR_ILLEGAL_CONSTRUCTOR", "Illegal constructor");
    }
  }
  const subtle = create(SubtleCrypto.prototype);
  const own = (self) => {
    if (self !== subtle) throw nodeError(TypeError, "ERR_INVALID_THIS", 'Value of "this" must be of type SubtleCrypto');
  };
  const cipher = (operation) => async function (algorithm, key, data) {
    own(this);
    [algorithm, key, data] = convert(operation, arguments, 3, ["AlgorithmIdentifier", "CryptoKey", "BufferSource"]);
    return arrayBuffer(subtleCipher.cipher(operation, normalize(algorithm, operation), key, data));
  };
  // Each method runs as an async function does: what it throws becomes its promise's rejection.
  const methods = {
    encrypt: cipher("encrypt"),
    decrypt: cipher("decrypt"),
    async sign(algorithm, key, data) {
      own(this);
      [algorithm, key, data] = convert("sign", arguments, 3, ["AlgorithmIdentifier", "CryptoKey", "BufferSource"]);
      return arrayBuffer(signature(algorithm, key, data, "sign"));
    },
    async verify(algorithm, key, signed, data) {
      own(this);
      [algorithm, key, signed, data] = convert("verify", arguments, 4,
        ["AlgorithmIdentifier", "CryptoKey", "BufferSource", "BufferSource"]);
      return signature(algorithm, key, data, "verify", sourceBytes(signed));
    },
    async digest(algorithm, data) {
      own(this);
      [algorithm, data] = convert("digest", arguments, 2, ["AlgorithmIdentifier", "BufferSource"]);
      const { name } = normalize(algorithm, "digest");
      return arrayBuffer(createHash(NODE_HASHES[name]).update(sourceBytes(data)).digest());
    },
    async generateKey(algorithm, extractable, keyUsages) {
      own(this);
      [algorithm, extractable, keyUsages] = convert("generateKey", arguments, 3,
        ["AlgorithmIdentifier", "boolean", "sequence<KeyUsage>"]);
      const normalized = normalize(algorithm, "generateKey");
      if (includes(AES, normalized.name)) {
        const key = subtleCipher.generateKey(normalized, extractable, keyUsages);
        if (keyUsages.length === 0) throw dom("Usages cannot be empty when creating a key.", "SyntaxError");
        return key;
      }
      const okp = includes(subtleOkp.NAMES, normalized.name);
      if (okp || includes(RSA, normalized.name) || includes(EC, normalized.name)) {
        const pair = (okp ? subtleOkp.generateKey : subtleGenerate.keyPair)(normalized, extractable, keyUsages, CURVES);
        if (pair.privateKey.usages.length === 0) throw dom("Usages cannot be empty when creating a key.", "SyntaxError");
        return pair;
      }
      const length = normalized.length ?? BLOCK_BITS[normalized.hash.name];
      if (length % 8 !== 0) {  // checked before the usages, as Node's hmacGenerateKey does
        throw nodeError(TypeError, "ERR_INVALID_ARG_VALUE", `The property 'algorithm.length' must be a multiple of 8. Received ${length}`);
      }
      hmacUsages(keyUsages);
      if (length === 0) throw dom("The operation failed for an operation-specific reason", "OperationError");
      if (keyUsages.length === 0) throw dom("Usages cannot be empty when creating a key.", "SyntaxError");
      const usages = [...new Set(keyUsages)];
      return makeKey(randomBytes(length / 8), { name: "HMAC", length, hash: normalized.hash }, usages, extractable);
    },
    async deriveKey(algorithm, baseKey, derivedKeyAlgorithm, extractable, keyUsages) {
      own(this);
      [algorithm, baseKey, derivedKeyAlgorithm, extractable, keyUsages] = convert("deriveKey", arguments, 5,
        ["AlgorithmIdentifier", "CryptoKey", "AlgorithmIdentifier", "boolean", "sequence<KeyUsage>"]);
      const normalized = normalize(algorithm, "deriveBits");
      const derived = normalize(derivedKeyAlgorithm, "importKey");
      const length = () => subtleDerive.keyLength(derivedKeyAlgorithm, derived);
      const bits = subtleDerive.deriveBits(normalized, baseKey, length, "deriveKey");
      return apply(methods.importKey, this, ["raw", bits, derivedKeyAlgorithm, extractable, keyUsages]);
    },
    async deriveBits(algorithm, baseKey, length = null) {
      own(this);
      [algorithm, baseKey] = convert("deriveBits", arguments, 2, ["AlgorithmIdentifier", "CryptoKey"]);
      return arrayBuffer(subtleDerive.deriveBits(normalize(algorithm, "deriveBits"), baseKey, length, "deriveBits"));
    },
    async importKey(format, keyData, algorithm, extractable, keyUsages) {
      own(this);
      [format, keyData, algorithm, extractable, keyUsages] = convert("importKey", arguments, 4, ["KeyFormat",
        (converted) => (converted[0] === "jwk" ? "JsonWebKey" : "BufferSource"), "AlgorithmIdentifier", "boolean",
        "sequence<KeyUsage>"]);
      const normalized = normalize(algorithm, "importKey");
      const asymmetric = ((format in PEM_LABELS || format === "jwk") && includes(RSA, normalized.name)) || includes(EC, normalized.name);
      if (format === "raw" && includes(RSA, normalized.name)) throw dom("Unable to import RSA key with format raw", "NotSupportedError");
      const aes = includes(AES, normalized.name);
      const derive = normalized.name === "PBKDF2" || normalized.name === "HKDF";
      const okp = includes(subtleOkp.NAMES, normalized.name);
      const key = (asymmetric ? asymmetricImport : okp ? subtleOkp.importKey : aes ? subtleCipher.importKey
        : derive ? subtleDerive.importKey : hmacImport)(format, keyData, normalized, extractable, keyUsages);
      if (key.type !== "public" && keyUsages.length === 0) {
        throw dom(`Usages cannot be empty when importing a ${key.type} key.`, "SyntaxError");
      }
      return key;
    },
    async exportKey(format, key) {
      own(this);
      [format, key] = convert("exportKey", arguments, 2, ["KeyFormat", "CryptoKey"]);
      const secret = heldOf(key);
      if (!secret.extractable) throw dom("key is not extractable", "InvalidAccessException");
      if (secret.type !== "secret") {  // its PKCS#8 or SPKI bytes; Node's words for a format it cannot have
        const okp = includes(subtleOkp.NAMES, secret.algorithm.name) ? subtleOkp.exportKey(format, secret) : undefined;
        if (okp !== undefined) return format === "jwk" ? okp : arrayBuffer(okp);
        if (format === (secret.type === "public" ? "spki" : "pkcs8")) {
          return arrayBuffer(pemDer(secret.secret));
        }
        const ec = includes(EC, secret.algorithm.name);
        if (format === "jwk") {
          const jwk = { key_ops: listCopy(secret.shownUsages), ext: secret.extractable,
            ...exported(secret.secret, secret.type === "private", ec ? "ec" : "rsa", "jwk") };
          if (!ec) jwk.alg = rsaJwkAlgorithm(secret.algorithm.name, secret.algorithm.hash.name);
          return jwk;
        }
        if (format === "raw" && secret.type === "public" && ec) return arrayBuffer(rawPoint(secret.secret));
        const named = format === "pkcs8" ? "pkcs8" : "raw";  // Node 20 names spki's "raw"
        throw dom(`Unable to export a ${named} ${secret.algorithm.name} ${secret.type} key`, "InvalidAccessError");
      }
      if (format === "raw") return new FastBuffer(secret.secret).buffer;  // Node's keyObject.export().buffer: any getter
      const { name, hash, length } = secret.algorithm;
      if (format === "jwk") {
        return { key_ops: listCopy(secret.shownUsages), ext: secret.extractable, kty: "oct", k: secret.secret.toString("base64url"),
          alg: name === "HMAC" ? `HS${hash.name.slice(4)}` : subtleCipher.jwkAlgorithm(name, length) };
      }
      throw dom(`Unable to export a ${format === "spki" ? "raw" : format} ${name} secret key`, "InvalidAccessError");
    },
    // exportKey, then encrypt (a JWK as its JSON text).
    async wrapKey(format, key, wrappingKey, wrapAlgorithm) {
      own(this);
      [format, key, wrappingKey, wrapAlgorithm] = convert("wrapKey", arguments, 4, ["KeyFormat", "CryptoKey", "CryptoKey",
        "AlgorithmIdentifier"]);
      const algorithm = wrapping(wrapAlgorithm, "wrapKey", "encrypt");
      const keyData = subtleCipher.wrappedData(format, await apply(methods.exportKey, this, [format, key]), algorithm);
      return arrayBuffer(subtleCipher.cipher("encrypt", algorithm, wrappingKey, keyData, "wrapKey"));
    },
    // decrypt, then importKey (a JWK from its JSON text).
    async unwrapKey(format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm, extractable, keyUsages) {
      own(this);
      [format, wrappedKey, unwrappingKey, unwrapAlgorithm, unwrappedKeyAlgorithm, extractable, keyUsages] = convert("unwrapKey",
        arguments, 7, ["KeyFormat", "BufferSource", "CryptoKey", "AlgorithmIdentifier", "AlgorithmIdentifier", "boolean",
          "sequence<KeyUsage>"]);
      const algorithm = wrapping(unwrapAlgorithm, "unwrapKey", "decrypt");
      const keyData = subtleCipher.unwrappedData(format, subtleCipher.cipher("decrypt", algorithm, unwrappingKey, wrappedKey, "unwrapKey"));
      return apply(methods.importKey, this, [format, keyData, unwrappedKeyAlgorithm, extractable, keyUsages]);
    },
  };
  for (const name in methods) {
    defineProperty(SubtleCrypto.prototype, name, { value: methods[name], writable: true, enumerable: true, configurable: true });
    defineProperty(methods[name], "name", { value: name });
  }
  defineProperty(SubtleCrypto.prototype, Symbol.toStringTag, { value: "SubtleCrypto", configurable: true });

  class Crypto {
    constructor() {
      throw nodeError(TypeError, "ERR_ILLEGAL_CONSTRUCTOR", "Illegal constructor");
    }

    get subtle() {
      mine(this);
      return subtle;
    }

    getRandomValues(array) {
      mine(this);
      convert("getRandomValues", arguments, 1, [], "Crypto");
      return getRandomValues(array);
    }

    randomUUID() {
      mine(this);
      return randomUUID();
    }
  }
  const webcrypto = create(Crypto.prototype);
  const mine = (self) => {
    if (self !== webcrypto) throw nodeError(TypeError, "ERR_INVALID_THIS", 'Value of "this" must be of type Crypto');
  };
  for (const name of ["subtle", "getRandomValues", "randomUUID"]) defineProperty(Crypto.prototype, name, { enumerable: true });
  defineProperty(Crypto.prototype, Symbol.toStringTag, { value: "Crypto", configurable: true });

  for (const [name, value] of [["webcrypto", webcrypto], ["subtle", subtle]]) {
    defineProperty(crypto, name, { value, writable: true, enumerable: true, configurable: true });
  }
  for (const [name, value] of [["Crypto", Crypto], ["CryptoKey", CryptoKey], ["SubtleCrypto", SubtleCrypto]]) {
    defineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
  }
})(globalThis);
