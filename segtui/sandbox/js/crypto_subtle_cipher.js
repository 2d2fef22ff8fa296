// crypto.subtle's AES keys (AES-CTR, AES-CBC, AES-GCM and AES-KW: importKey from raw bytes or an oct JWK, generateKey)
// and encrypt / decrypt with AES-CTR, AES-CBC, AES-GCM and RSA-OAEP (and AES-KW for wrapKey / unwrapKey), as Node 20's (lib/internal/crypto/aes.js and
// rsa.js), for crypto_subtle.js: over crypto_cipher.js's createCipheriv / createDecipheriv and crypto_rsa.js's
// publicEncrypt / privateDecrypt, with Node's checks and errors.
(function (global) {
  "use strict";
  const { BigInt } = global;
  const Buffer = global.__segtui.ownBuffer;  // not the handler's Buffer.from, …
  const { sourceBytes, sourceCopy } = global.__segtui.cryptoBytes;  // a BufferSource's bytes, read as Node reads them
  const { bytesText } = global.__segtui.bufferArguments;
  const { createCipheriv, createDecipheriv, publicEncrypt, privateDecrypt, randomBytes } = global.crypto;
  const { makeKey, heldOf, dom, checkJwk } = global.__segtui.cryptoKeys;
  const { uncurry, stringify, parse, append } = global.__segtui.intrinsics;
  const host = global.__segtui.host;
  const { ceil } = Math;  // taken now: a handler may replace it
  const includes = uncurry(Array.prototype.includes);
  const LENGTHS = [128, 192, 256];
  const TAG_LENGTHS = [32, 64, 96, 104, 112, 120, 128];
  const MODES = { __proto__: null, "AES-CBC": "cbc", "AES-CTR": "ctr", "AES-GCM": "gcm" };
  const OAEP_HASHES = { __proto__: null, "SHA-1": "sha1", "SHA-256": "sha256", "SHA-384": "sha384", "SHA-512": "sha512" };
  const RSA_PKCS1_OAEP_PADDING = 4;

  const failed = () => dom("The operation failed for an operation-specific reason", "OperationError");

  // The name a JWK's "alg" gives an AES key of `length` bits (A256GCM and the like).
  const jwkAlgorithm = (name, length) => `A${length}${name.slice(4)}`;

  function checkUsages(name, usages) {
    const allowed = name === "AES-KW" ? ["wrapKey", "unwrapKey"] : ["wrapKey", "unwrapKey", "encrypt", "decrypt"];
    for (let i = 0; i < usages.length; i++) {
      if (!includes(allowed, usages[i])) throw dom("Unsupported key usage for an AES key", "SyntaxError");
    }
  }

  function checkLength(bits) {
    if (!includes(LENGTHS, bits)) throw dom("Invalid key length", "DataError");
  }

  // Node's aesImportKey: the usages, then the key's bytes (raw, or a JWK's `k` after its members' checks) and length.
  function importKey(format, keyData, algorithm, extractable, usages) {
    const { name } = algorithm;
    checkUsages(name, usages);
    let secret;
    if (format === "raw") {
      checkLength(keyData.byteLength * 8);  // as Node's check reads it, as any property (a handler's getter answers)
      secret = sourceCopy(keyData);
    } else if (format === "jwk") {
      checkJwk(keyData, extractable, usages, "enc");
      if (typeof keyData.k !== "string") throw dom("Invalid keyData", "DataError");
      secret = Buffer.from(keyData.k, "base64url");
      checkLength(secret.length * 8);
      if (keyData.alg !== undefined && keyData.alg !== jwkAlgorithm(name, secret.length * 8)) {
        throw dom('JWK "alg" does not match the requested algorithm', "DataError");
      }
    } else {
      throw dom(`Unable to import AES key with format ${format}`, "NotSupportedError");
    }
    return makeKey(secret, { name, length: secret.length * 8 }, usages, extractable);
  }

  // Node's aesGenerateKey: the length, then the usages (kept once each).
  function generateKey(algorithm, extractable, usages) {
    const { name, length } = algorithm;
    if (!includes(LENGTHS, length)) throw dom("AES key length must be 128, 192, or 256 bits", "OperationError");
    checkUsages(name, usages);
    return makeKey(randomBytes(length / 8), { name, length }, [...new Set(usages)], extractable);
  }

  // Node's check of an iv's or counter's size reads its byteLength as any property (a handler's getter answers).
  function checkByteLength(data, name, wanted) {
    if (data.byteLength !== wanted) throw dom(`${name} must contain exactly ${wanted} bytes`, "OperationError");
  }

  // One pass of a cipher over `data`; OpenSSL's refusal (a bad tag, bad padding) is Node's OperationError.
  function run(operation, name, secret, iv, data, gcm) {
    try {
      const made = (operation === "encrypt" ? createCipheriv : createDecipheriv)(name, secret, iv, gcm && { authTagLength: gcm.tag });
      if (gcm?.additionalData !== undefined) made.setAAD(sourceBytes(gcm.additionalData));
      if (gcm && operation === "decrypt") made.setAuthTag(gcm.tagBytes);
      const parts = [made.update(data), made.final()];
      if (gcm && operation === "encrypt") append(parts, made.getAuthTag());
      return Buffer.concat(parts);
    } catch (error) {
      throw /not available in segtui/.test(error?.message) ? error : failed();
    }
  }

  // AES-CTR whose counter is the `length` low bits of the counter block: past its last value it starts again at 0 (as
  // Node's, which refuses data longer than all its values), where OpenSSL's would carry into the bits above.
  function counterMode(operation, name, secret, counter, length, data) {
    const space = 1n << BigInt(length);
    const blocks = BigInt(ceil(data.length / 16));
    if (blocks > space) throw failed();
    const whole = BigInt(`0x${bytesText(sourceBytes(counter), "hex")}`);
    const left = space - (whole & (space - 1n));
    if (blocks <= left) return run(operation, name, secret, sourceBytes(counter), data);
    const restarted = Buffer.from((whole & ~(space - 1n)).toString(16).padStart(32, "0"), "hex");
    const split = Number(left) * 16;
    return Buffer.concat([run(operation, name, secret, sourceBytes(counter), data.subarray(0, split)),
      run(operation, name, secret, restarted, data.subarray(split))]);
  }

  // Node's cipherOrWrap for encrypt and decrypt (`operation`), as itself or for wrapKey or unwrapKey (`usage`): the
  // key's algorithm and usages, then the algorithm's. AES-KW (RFC 3394, by the host) only wraps.
  function cipher(operation, algorithm, key, data, usage = operation) {
    const held = heldOf(key);
    if (held.algorithm.name !== algorithm.name || !includes(held.usages, usage)) {
      throw dom("The requested operation is not valid for the provided key", "InvalidAccessError");
    }
    const input = sourceCopy(data);
    if (algorithm.name === "AES-KW") {
      if (usage === operation) throw dom("Unrecognized algorithm name", "NotSupportedError");
      const wrapped = host.call("crypto.aes_key_wrap", { key: bytesText(held.secret, "latin1"), data: bytesText(input, "latin1"),
        unwrap: operation === "decrypt" });
      if (wrapped === null) throw failed();
      return Buffer.from(wrapped, "latin1");
    }
    if (algorithm.name === "RSA-OAEP") {
      if (held.type !== (operation === "encrypt" ? "public" : "private")) {
        throw dom("The requested operation is not valid for the provided key", "InvalidAccessError");
      }
      const options = { key: held.secret, padding: RSA_PKCS1_OAEP_PADDING, oaepHash: OAEP_HASHES[held.algorithm.hash.name] };
      if (algorithm.label !== undefined) options.oaepLabel = sourceCopy(algorithm.label);
      try {
        return (operation === "encrypt" ? publicEncrypt : privateDecrypt)(options, input);
      } catch (error) {
        throw /^error:/.test(error?.message) ? failed() : error;  // OpenSSL's refusal as Node's Web Crypto reports it
      }
    }
    const name = `aes-${held.algorithm.length}-${MODES[algorithm.name]}`;
    if (algorithm.name === "AES-CBC") {
      checkByteLength(algorithm.iv, "algorithm.iv", 16);
      return run(operation, name, held.secret, sourceBytes(algorithm.iv), input);
    }
    if (algorithm.name === "AES-CTR") {
      checkByteLength(algorithm.counter, "algorithm.counter", 16);
      if (algorithm.length === 0 || algorithm.length > 128) {
        throw dom("AES-CTR algorithm.length must be between 1 and 128", "OperationError");
      }
      return counterMode(operation, name, held.secret, algorithm.counter, algorithm.length, input);
    }
    const tagLength = algorithm.tagLength ?? 128;
    if (!includes(TAG_LENGTHS, tagLength)) throw dom(`${tagLength} is not a valid AES-GCM tag length`, "OperationError");
    const gcm = { tag: tagLength / 8, additionalData: algorithm.additionalData };
    if (operation === "decrypt") {
      if (input.length < gcm.tag) throw dom("The provided data is too small.", "OperationError");
      gcm.tagBytes = input.subarray(input.length - gcm.tag);
      return run(operation, name, held.secret, sourceBytes(algorithm.iv), input.subarray(0, input.length - gcm.tag), gcm);
    }
    return run(operation, name, held.secret, sourceBytes(algorithm.iv), input, gcm);
  }

  // wrapKey's data from the exported key: a JWK as its JSON text, padded with spaces to a multiple of 8 bytes for AES-KW.
  function wrappedData(format, keyData, algorithm) {
    if (format !== "jwk") return keyData;
    const text = stringify(keyData);
    return Buffer.from(algorithm.name === "AES-KW" && text.length % 8 !== 0 ? text + " ".repeat(8 - (text.length % 8)) : text);
  }

  // unwrapKey's key data from the decrypted bytes: a JWK read from its text, which must be UTF-8 (Node's decoder is
  // fatal; it drops a byte order mark).
  function unwrappedData(format, data) {
    if (format !== "jwk") return data;
    const text = data.toString("utf8");
    try {
      if (!Buffer.from(text, "utf8").equals(data)) throw data;
      return parse(text[0] === "\ufeff" ? text.slice(1) : text);
    } catch {
      throw dom("Invalid wrapped JWK key", "DataError");
    }
  }

  global.__segtui.subtleCipher = { importKey, generateKey, cipher, jwkAlgorithm, wrappedData, unwrappedData };
})(globalThis);
