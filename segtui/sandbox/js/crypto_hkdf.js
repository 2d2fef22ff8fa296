// crypto.hkdf and crypto.hkdfSync as Node 20 has them (RFC 5869 over the HMAC of crypto.js, so the Python host
// hashes): the arguments checked in Node's order and words, an ArrayBuffer of the derived key, a digest Node cannot
// use or a key too long refused as Node refuses them.
(function (global) {
  "use strict";
  const Buffer = global.__segtui.ownBuffer;  // not the handler's Buffer.from, …
  const { sourceBytes } = global.__segtui.bufferArguments;
  const crypto = global.crypto;
  const Hmac = crypto.Hmac;
  const { append, matches } = global.__segtui.intrinsics;
  const { nodeError, invalidArgType, outOfRange, validateInteger } = global.__segtui.nodeErrors;
  const later = global.setImmediate;
  const internals = global.__segtui;  // kept: crypto_secret_key.js adds secretKeyBytes to it after this file runs
  const BYTES = "of type string or an instance of ArrayBuffer, TypedArray, DataView, or Buffer";
  const IKM = "of type string or an instance of SecretKeyObject, ArrayBuffer, TypedArray, DataView, or Buffer";

  function bytes(value, name, expected) {
    const made = typeof value === "string" ? Buffer.from(value, "utf8") : sourceBytes(value);
    if (made === undefined) throw invalidArgType(name, expected, value);
    return made;
  }

  // Node's validateParameters, then its HKDFJob's checks of the digest and length.
  function check(digest, ikm, salt, info, length) {
    if (typeof digest !== "string") throw invalidArgType("digest", "of type string", digest);
    const job = { digest, ikm: internals.secretKeyBytes(ikm) ?? bytes(ikm, "ikm", IKM), salt: bytes(salt, "salt", BYTES), info: bytes(info, "info", BYTES), length };
    validateInteger(length, "length", 0, 2 ** 32);
    if (job.info.length > 1024) throw outOfRange("info", "must not contain more than 1024 bytes", job.info.length);
    job.shake = matches(/^shake/i, digest);
    if (!job.shake) {
      const size = new Hmac(digest, "").digest().length;  // Node's words for a digest it does not have
      if (length > 255 * size) throw nodeError(RangeError, "ERR_CRYPTO_INVALID_KEYLEN", "Invalid key length");
    }
    return job;
  }

  // The derived key (an ArrayBuffer), or the error Node's job ends with for an extendable-output digest.
  function derive(job) {
    if (job.shake) return [new Error("Deriving bits failed"), undefined];
    const key = new Hmac(job.digest, job.salt).update(job.ikm).digest();
    const blocks = [];
    let total = 0;
    for (let block = Buffer.alloc(0), i = 1; total < job.length; i++) {
      block = new Hmac(job.digest, key).update(Buffer.concat([block, job.info, Buffer.from([i])])).digest();
      append(blocks, block);
      total += block.length;
    }
    const derived = Buffer.concat(blocks).subarray(0, job.length);
    const buffer = new ArrayBuffer(job.length);
    new Uint8Array(buffer).set(derived);
    return [undefined, buffer];
  }

  function hkdfSync(digest, ikm, salt, info, length) {
    const [error, key] = derive(check(digest, ikm, salt, info, length));
    if (error !== undefined) throw error;
    return key;
  }

  function hkdf(digest, ikm, salt, info, length, callback) {
    const job = check(digest, ikm, salt, info, length);
    if (typeof callback !== "function") throw invalidArgType("callback", "of type function", callback);
    const [error, key] = derive(job);
    later(() => (error !== undefined ? callback(error) : callback(null, key)));
  }

  crypto.hkdfSync = hkdfSync;
  crypto.hkdf = hkdf;
})(globalThis);
