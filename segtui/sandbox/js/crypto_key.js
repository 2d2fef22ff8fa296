// Web Crypto's CryptoKey as Node 20's, for crypto_subtle.js and crypto_subtle_cipher.js: what a key holds (its secret,
// or its PEM for an asymmetric key, its algorithm, usages and whether it is extractable) lives in a WeakMap of this
// file's, never on the key; and the checks Node makes of an oct JWK's members before it reads its `k`.
(function (global) {
  "use strict";
  const { DOMException } = global;
  const { nodeError } = global.__segtui.nodeErrors;
  const { install } = global.__segtui.cryptoWebidl;
  const { uncurry } = global.__segtui.intrinsics;
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
    keep(secrets, key, { secret, extractable, usages, shownUsages: [...usages], algorithm, type });
    return key;
  }

  // Node's checks of an oct JWK's kty, use (`use`, "sig" or "enc", when it is given and so are usages), key_ops and
  // ext, in its order.
  function checkJwk(jwk, extractable, usages, use) {
    if (!jwk.kty) throw dom("Invalid keyData", "DataError");
    if (jwk.kty !== "oct") throw dom('Invalid JWK "kty" Parameter', "DataError");
    if (usages.length > 0 && jwk.use !== undefined && jwk.use !== use) throw dom('Invalid JWK "use" Parameter', "DataError");
    if (jwk.key_ops !== undefined) {
      const seen = [];
      for (let i = 0; i < jwk.key_ops.length; i++) {
        const op = jwk.key_ops[i];
        if (includes(KEY_OPS, op) && includes(seen, op)) throw dom("Duplicate key operation", "DataError");
        seen[seen.length] = op;
      }
      for (let i = 0; i < usages.length; i++) {
        if (!includes(jwk.key_ops, usages[i])) throw dom("Key operations and usage mismatch", "DataError");
      }
    }
    if (jwk.ext === false && extractable === true) throw dom('JWK "ext" Parameter and extractable mismatch', "DataError");
  }

  global.__segtui.cryptoKeys = { CryptoKey, makeKey, heldOf, dom, checkJwk };
})(globalThis);
