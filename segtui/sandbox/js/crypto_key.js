// Web Crypto's CryptoKey as Node 20's, for crypto_subtle.js and crypto_subtle_cipher.js: what a key holds (its secret,
// or its PEM for an asymmetric key, its algorithm, usages and whether it is extractable) lives in a WeakMap of this
// file's, never on the key; and the checks Node makes of a JWK's members before it reads its key (an RSA or EC one's
// then made PEM by crypto_jwk.js).
(function (global) {
  "use strict";
  const { DOMException } = global;
  const { nodeError, invalidArgType } = global.__segtui.nodeErrors;
  const { install } = global.__segtui.cryptoWebidl;
  const { jwkPem } = global.__segtui.cryptoJwk;
  const { listCopy } = global.__segtui.cryptoBytes;
  const { bytesText } = global.__segtui.bufferArguments;
  const { uncurry, append } = global.__segtui.intrinsics;
  const Buffer = global.__segtui.ownBuffer;  // not the handler's Buffer.from, …
  const host = global.__segtui.host;
  const includes = uncurry(Array.prototype.includes);
  const { defineProperty, create, setPrototypeOf, freeze } = Object;
  const KEY_OPS = ["encrypt", "decrypt", "sign", "verify", "deriveKey", "deriveBits", "wrapKey", "unwrapKey"];
  const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

  const dom = (message, name) => new DOMException(message, name);

  const secrets = new WeakMap();
  const secretOf = uncurry(WeakMap.prototype.get);
  const keep = uncurry(WeakMap.prototype.set);
  const NO_KEY = freeze({ usages: freeze([]), algorithm: freeze({}), extractable: false });
  const heldOf = (key) => secretOf(secrets, key) ?? NO_KEY;  // a CryptoKey of the handler's own making holds nothing

  class CryptoKey {
    constructor() {
      throw nodeError(TypeError, "ERR_ILLEGAL_CONSTRUCTOR", "Illegal constructor");
    }

    get type() {
      return held(this).type || "secret";
    }

    get extractable() {
      return held(this).extractable;
    }

    get algorithm() {
      return held(this).algorithm;
    }

    get usages() {
      return held(this).shownUsages;  // the same array each time, as Node's; what it checks is its own copy
    }

    [inspectCustom](depth, options, inspect) {
      if (depth < 0) return this;
      const shown = { type: this.type, extractable: this.extractable, algorithm: this.algorithm, usages: this.usages };
      return `CryptoKey ${inspect(shown, { ...options, depth: options.depth == null ? null : options.depth - 1 })}`;
    }
  }

  function held(key) {
    if (!(key instanceof CryptoKey)) throw nodeError(TypeError, "ERR_INVALID_THIS", 'Value of "this" must be of type CryptoKey');
    return heldOf(key);
  }

  for (const name of ["type", "extractable", "algorithm", "usages"]) defineProperty(CryptoKey.prototype, name, { enumerable: true });
  defineProperty(CryptoKey.prototype, Symbol.toStringTag, { value: "CryptoKey", configurable: true });
  install(CryptoKey.prototype);
  // A key's own prototype, as Node's InternalCryptoKey's: its constructor is CryptoKey, and CryptoKey's prototype is next.
  const KEY_PROTOTYPE = setPrototypeOf({}, CryptoKey.prototype);
  defineProperty(KEY_PROTOTYPE, "constructor", { value: CryptoKey, writable: true, configurable: true });

  function makeKey(secret, algorithm, usages, extractable, type = "secret") {
    const key = create(KEY_PROTOTYPE);
    keep(secrets, key, { secret, extractable, usages, shownUsages: listCopy(usages), algorithm, type });
    return key;
  }

  // Node's checks of a JWK's kty (`kty`, oct by default), use (`use`, "sig" or "enc", when it is given and so are
  // usages), key_ops and ext, in its order.
  function checkJwk(jwk, extractable, usages, use, kty = "oct") {
    if (!jwk.kty) throw dom("Invalid keyData", "DataError");
    if (jwk.kty !== kty) throw dom('Invalid JWK "kty" Parameter', "DataError");
    if (usages.length > 0 && jwk.use !== undefined && jwk.use !== use) throw dom('Invalid JWK "use" Parameter', "DataError");
    if (jwk.key_ops !== undefined) {
      const seen = [];
      for (let i = 0; i < jwk.key_ops.length; i++) {
        const op = jwk.key_ops[i];
        if (includes(KEY_OPS, op) && includes(seen, op)) throw dom("Duplicate key operation", "DataError");
        append(seen, op);
      }
      for (let i = 0; i < usages.length; i++) {
        if (!includes(jwk.key_ops, usages[i])) throw dom("Key operations and usage mismatch", "DataError");
      }
    }
    if (jwk.ext === false && extractable === true) throw dom('JWK "ext" Parameter and extractable mismatch', "DataError");
  }

  // The hash each JWK "alg" of an RSA key names (Node's normalizeHashName, whose aliases are those of every context).
  const JWK_HASHES = { __proto__: null };
  for (const bits of ["1", "256", "384", "512"]) {
    const oaep = bits === "1" ? "rsa-oaep" : `rsa-oaep-${bits}`;
    for (const alias of [`sha${bits}`, `sha-${bits}`, `rs${bits}`, `ps${bits}`, `hs${bits}`, oaep]) JWK_HASHES[alias] = `SHA-${bits}`;
  }
  const EC_ALGORITHMS = { __proto__: null, ES256: "P-256", ES384: "P-384", ES512: "P-521" };

  // The "alg" of an RSA key's JWK as Node's exportKey writes it.
  function rsaJwkAlgorithm(name, hash) {
    const bits = hash.slice(4);
    if (name === "RSA-OAEP") return bits === "1" ? "RSA-OAEP" : `RSA-OAEP-${bits}`;
    return `${name === "RSA-PSS" ? "PS" : "RS"}${bits}`;
  }

  // The PEM of the RSA or EC key a JWK holds for crypto.subtle.importKey, and whether it is a public one, after Node's
  // checks of its members in its order (the usages by `checkUsages`, given whether it is public).
  function asymmetricJwk(jwk, algorithm, extractable, usages, checkUsages) {
    const ec = algorithm.name === "ECDSA" || algorithm.name === "ECDH";
    if (!jwk.kty) throw dom("Invalid keyData", "DataError");
    if (jwk.kty !== (ec ? "EC" : "RSA")) throw dom('Invalid JWK "kty" Parameter', "DataError");
    if (ec && jwk.crv !== algorithm.namedCurve) throw dom('JWK "crv" does not match the requested algorithm', "DataError");
    const isPublic = jwk.d === undefined;
    checkUsages(isPublic);
    checkJwk(jwk, extractable, usages, algorithm.name === "RSA-OAEP" || algorithm.name === "ECDH" ? "enc" : "sig", jwk.kty);
    if (jwk.alg !== undefined && algorithm.name !== "ECDH") {
      const named = ec ? EC_ALGORITHMS[jwk.alg] : JWK_HASHES[String(jwk.alg).toLowerCase()];
      if (named !== (ec ? algorithm.namedCurve : algorithm.hash.name)) throw dom('JWK "alg" does not match the requested algorithm', "DataError");
    }
    try {
      return { pem: jwkPem(jwk, isPublic), isPublic };
    } catch (error) {
      throw dom("Invalid keyData", "DataError");
    }
  }

  // The bytes of a CryptoKey given to createHmac, createCipheriv or createDecipheriv, which Node 20 takes as the
  // KeyObject it holds (extractable or not; its error for an asymmetric one), undefined for any other value.
  const { invalidKeyType } = global.__segtui;
  global.__segtui.cryptoKeySecret = (value) => {
    const found = secretOf(secrets, value);
    if (found === undefined) return undefined;
    if (found.type !== "secret") throw invalidKeyType(found.type, "secret");
    return found.secret;
  };

  // An EC public key's "raw" form (its X9.62 point) from its SPKI PEM, and the SPKI PEM of a raw point on `curve` (Node's
  // DataError for bytes that are no point of it), both by the host.
  const rawPoint = (pem) => Buffer.from(host.call("crypto.ec_point", { pem }), "latin1");
  function rawPem(curve, point) {
    const pem = host.call("crypto.ec_point", { curve, point: bytesText(Buffer.from(point), "latin1") });
    if (pem === null) throw dom("Invalid keyData", "DataError");
    return pem;
  }

  // The KeyObject a CryptoKey holds, as Node 20's (the same one each time), undefined for any other value: what
  // KeyObject.from gives, and what crypto's functions that take a key use in a CryptoKey's place (crypto_sign.js).
  const { createSecretKey, createPrivateKey, createPublicKey, KeyObject } = global.crypto;
  function keyObjectOf(value) {
    const found = secretOf(secrets, value);
    if (found === undefined) return undefined;
    const make = { secret: createSecretKey, private: createPrivateKey, public: createPublicKey }[found.type];
    found.keyObject ??= make(found.secret);
    return found.keyObject;
  }
  global.__segtui.cryptoKeyObject = keyObjectOf;
  const from = {
    from(key) {
      const found = keyObjectOf(key);
      if (found === undefined) throw invalidArgType("key", "an instance of CryptoKey", key);
      return found;
    },
  }.from;
  defineProperty(KeyObject, "from", { value: from, writable: true, enumerable: false, configurable: true });

  global.__segtui.cryptoKeys = { CryptoKey, makeKey, heldOf, dom, checkJwk, asymmetricJwk, rsaJwkAlgorithm, rawPoint, rawPem };
})(globalThis);
