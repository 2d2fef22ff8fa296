// crypto.subtle's PBKDF2 and HKDF keys as Node 20's (lib/internal/crypto/webcrypto.js, pbkdf2.js, hkdf.js), for
// crypto_subtle.js: importKey from raw bytes (never extractable, for deriveBits and deriveKey only) and deriveBits over
// crypto.js's pbkdf2Sync and crypto_hkdf.js's hkdfSync, with Node's checks and errors; ECDH's deriveBits (diffiehellman.js,
// the secret by the host); deriveKey's length of the key it makes (an AES or HMAC key's).
(function (global) {
  "use strict";
  const { DOMException } = global;
  const Buffer = global.__segtui.ownBuffer;  // not the handler's Buffer.from, …
  const { sourceBytes, sourceCopy } = global.__segtui.cryptoBytes;  // a BufferSource's bytes, read as Node reads them
  const { pbkdf2Sync, hkdfSync } = global.crypto;
  const { makeKey, heldOf, dom } = global.__segtui.cryptoKeys;
  const { member } = global.__segtui.cryptoWebidl;
  const { uncurry } = global.__segtui.intrinsics;
  const { sharedSecret } = global.__segtui;  // crypto_ecdh.js
  const { ceil } = Math;  // taken now: a handler may replace it
  const includes = uncurry(Array.prototype.includes);
  const NODE_HASHES = { __proto__: null, "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };
  const BLOCK_BITS = { __proto__: null, "SHA-1": 512, "SHA-256": 512, "SHA-384": 1024, "SHA-512": 1024 };

  // Node's importGenericSecretKey.
  function importKey(format, keyData, algorithm, extractable, usages) {
    const { name } = algorithm;
    if (extractable) throw dom(`${name} keys are not extractable`, "SyntaxError");
    for (let i = 0; i < usages.length; i++) {
      if (usages[i] !== "deriveKey" && usages[i] !== "deriveBits") throw dom(`Unsupported key usage for a ${name} key`, "SyntaxError");
    }
    if (format !== "raw") throw dom(`Unable to import ${name} key with format ${format}`, "NotSupportedError");
    return makeKey(sourceCopy(keyData), { name }, usages, false);
  }

  // Node's deriveBits once the key's usage (`usage`) and algorithm allow it: `length` bits (or as many as the function
  // `length` gives then, for deriveKey) by PBKDF2 or HKDF.
  function deriveBits(algorithm, key, asked, usage) {
    const held = heldOf(key);
    if (!includes(held.usages, usage)) throw dom(`baseKey does not have ${usage} usage`, "InvalidAccessError");
    if (held.algorithm.name !== algorithm.name) throw dom("Key algorithm mismatch", "InvalidAccessError");
    const length = typeof asked === "function" ? asked() : asked;
    if (algorithm.name === "ECDH" || algorithm.name === "X25519") return ecdhBits(algorithm.public, held, length);
    const pbkdf2 = algorithm.name === "PBKDF2";
    if (pbkdf2 && algorithm.iterations === 0) throw dom("iterations cannot be zero", "OperationError");
    if (length === 0) return Buffer.alloc(0);
    if (length === null || length === undefined) throw dom("length cannot be null", "OperationError");
    if (length % 8) throw dom("length must be a multiple of 8", "OperationError");
    const digest = NODE_HASHES[algorithm.hash.name];
    try {
      if (pbkdf2) return pbkdf2Sync(held.secret, sourceBytes(algorithm.salt), algorithm.iterations, length / 8, digest);
      return Buffer.from(hkdfSync(digest, held.secret, sourceBytes(algorithm.salt), sourceBytes(algorithm.info), length / 8));
    } catch (error) {
      throw dom("The operation failed for an operation-specific reason", "OperationError");
    }
  }

  // Node's ecdhDeriveBits: the keys' checks in its order, the shared secret (by the host), then `length` bits of it (all
  // when null; a length not a multiple of 8 masks the last byte's low bits).
  function ecdhBits(publicKey, held, length) {
    const other = heldOf(publicKey);
    if (other.type !== "public") throw dom("algorithm.public must be a public key", "InvalidAccessError");
    if (held.type !== "private") throw dom("baseKey must be a private key", "InvalidAccessError");
    const name = other.algorithm.name;
    if (name !== "ECDH" && name !== "X25519" && name !== "X448") throw dom("Keys must be ECDH, X25519, or X448 keys", "InvalidAccessError");
    if (name !== held.algorithm.name) throw dom("The public and private keys must be of the same type", "InvalidAccessError");
    if (other.algorithm.namedCurve !== held.algorithm.namedCurve) throw dom("Named curve mismatch", "InvalidAccessError");
    let secret;
    try {
      secret = sharedSecret(held.secret, other.secret);
    } catch (failure) {  // Node's cause is OpenSSL's message alone
      const cause = new Error(failure.message);
      throw new DOMException("The operation failed for an operation-specific reason", { name: "OperationError", cause });
    }
    if (length === null) return secret;
    const bytes = ceil(length / 8);
    if (secret.length < bytes) throw dom("derived bit length is too small", "OperationError");
    const slice = Buffer.from(secret.subarray(0, bytes));
    if (length % 8 !== 0) slice[bytes - 1] &= (0xff << (8 - (length % 8))) & 0xff;
    return slice;
  }

  // Node's getKeyLength of the key deriveKey makes (`given`, the algorithm as the handler wrote it; `normalized`,
  // importKey's of it).
  function keyLength(given, normalized) {
    const { name } = normalized;
    if (name === "HMAC") return normalized.length ?? BLOCK_BITS[normalized.hash.name];
    if (name === "HKDF" || name === "PBKDF2") return null;
    const length = member(given, "length", "AesDerivedKeyParams", "unsigned short");
    if (length !== 128 && length !== 192 && length !== 256) throw dom("Invalid key length", "OperationError");
    return length;
  }

  global.__segtui.subtleDerive = { importKey, deriveBits, keyLength };
})(globalThis);
