// crypto.createSecretKey as Node 20's: a SecretKeyObject (a KeyObject of type "secret") whose bytes live in a WeakMap
// of this file's, with symmetricKeySize, export (a Buffer, or an oct JWK) and equals. createHmac, createCipheriv,
// createDecipheriv and hkdf take one as their key (secretKeyBytes; the first three a CryptoKey too), and refuse an asymmetric KeyObject as Node does.
(function (global) {
  "use strict";
  const Buffer = global.__segtui.ownBuffer;  // not the handler's Buffer.from, …
  const crypto = global.crypto;
  const { KeyObject } = crypto;
  const { uncurry } = global.__segtui.intrinsics;
  const [weakHas, weakGet, weakSet] = ["has", "get", "set"].map((name) => uncurry(WeakMap.prototype[name]));
  const { nodeError, describe, inspect } = global.__segtui.nodeErrors;
  const { dataBytes } = global.__segtui.cryptoBytes;
  const internals = global.__segtui;  // kept: crypto_key.js adds cryptoKeySecret to it after this file runs
  const { refuseKeyObject } = internals;
  const secrets = new WeakMap();

  class SecretKeyObject extends KeyObject {
    get symmetricKeySize() {
      return weakGet(secrets, this).length;
    }

    export(options) {
      if (options !== undefined) {
        if (options === null || typeof options !== "object" || Array.isArray(options)) {
          throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "options" argument must be of type object. Received ${describe(options)}`);
        }
        const { format } = options;
        if (format !== undefined && format !== "buffer" && format !== "jwk") {
          throw nodeError(TypeError, "ERR_INVALID_ARG_VALUE",
            `The property 'options.format' must be one of: undefined, 'buffer', 'jwk'. Received ${inspect(format)}`);
        }
        if (format === "jwk") return { kty: "oct", k: weakGet(secrets, this).toString("base64url") };
      }
      return Buffer.from(weakGet(secrets, this));
    }

    equals(other) {
      if (!(other instanceof KeyObject)) {
        throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE",
          `The "otherKeyObject" argument must be an instance of KeyObject. Received ${describe(other)}`);
      }
      return weakHas(secrets, other) && weakGet(secrets, this).equals(weakGet(secrets, other));
    }
  }

  // Node's createSecretKey: bytes, or a string in `encoding` (UTF-8 by default); its message lists no string.
  function createSecretKey(key, encoding) {
    if (typeof key !== "string" && !ArrayBuffer.isView(key) && !(key instanceof ArrayBuffer || key instanceof SharedArrayBuffer)) {
      throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE",
        `The "key" argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView. Received ${describe(key)}`);
    }
    const made = new SecretKeyObject("secret");
    weakSet(secrets, made, Buffer.from(typeof key === "string" || ArrayBuffer.isView(key) ? dataBytes(key, encoding, "key") : Buffer.from(key)));
    return made;
  }

  // The bytes of a SecretKeyObject given as a key, or of a CryptoKey where Node takes one too (`orCryptoKey`: createHmac
  // and the ciphers, not hkdf), undefined for any other value than those (whose type is not "secret": Node's error).
  global.__segtui.secretKeyBytes = (value, orCryptoKey = false) => {
    if (weakHas(secrets, value)) return weakGet(secrets, value);
    refuseKeyObject(value);
    return orCryptoKey ? internals.cryptoKeySecret(value) : undefined;
  };
  crypto.createSecretKey = createSecretKey;
})(globalThis);
