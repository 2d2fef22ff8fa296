// crypto.scrypt and crypto.scryptSync as Node 20 has them: the arguments and options checked as Node checks them
// (N or cost, r or blockSize, p or parallelization, maxmem; 0 means the default), the parameters as OpenSSL's scrypt
// judges them (`Invalid scrypt params`, with OpenSSL's memory-limit error when the memory they need passes maxmem),
// and the key derived by the Python host. Node's cipher example derives its key so: `scryptSync(password, "salt", 24)`.
(function (global) {
  "use strict";
  const host = global.__segtui.host;
  const Buffer = global.__segtui.ownBuffer;  // not the handler's Buffer.from, …
  const crypto = global.crypto;
  const { binaryBytes } = global.__segtui.cryptoBytes;
  const { bytesText } = global.__segtui.bufferArguments;
  const { nodeError, invalidArgType, validateInteger } = global.__segtui.nodeErrors;
  const later = global.setImmediate;
  const DEFAULTS = { N: 16384, r: 8, p: 1, maxmem: 32 << 20 };
  const BYTES = "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView";
  const PR_MAX = 2 ** 30 - 1;  // OpenSSL's SCRYPT_PR_MAX
  const MEMORY = "Invalid scrypt params: error:030000AC:digital envelope routines::memory limit exceeded";

  const invalidParameter = () => nodeError(Error, "ERR_CRYPTO_SCRYPT_INVALID_PARAMETER", "Invalid scrypt parameter");

  // Node's check(): the password, salt and keylen, and N, r, p and maxmem from the options.
  function check(password, salt, keylen, options) {
    const passwordBytes = binaryBytes(password, "utf8", "password", BYTES);
    const saltBytes = binaryBytes(salt, "utf8", "salt", BYTES);
    validateInteger(keylen, "keylen", 0, 2147483647);
    let { N, r, p, maxmem } = DEFAULTS;
    if (options && options !== DEFAULTS) {
      const pairs = [["N", "cost"], ["r", "blockSize"], ["p", "parallelization"]];
      const chosen = [N, r, p];
      for (let i = 0; i < pairs.length; i++) {
        const [short, long] = pairs[i];
        if (options[short] !== undefined) {
          chosen[i] = options[short];
          validateInteger(chosen[i], short, 0, 4294967295);
        }
        if (options[long] !== undefined) {
          if (options[short] !== undefined) throw invalidParameter();
          chosen[i] = options[long];
          validateInteger(chosen[i], long, 0, 4294967295);
        }
      }
      [N, r, p] = [chosen[0] || DEFAULTS.N, chosen[1] || DEFAULTS.r, chosen[2] || DEFAULTS.p];
      if (options.maxmem !== undefined) {
        validateInteger(options.maxmem, "maxmem", 0, Number.MAX_SAFE_INTEGER);
        maxmem = options.maxmem || DEFAULTS.maxmem;
      }
    }
    judge(N, r, p, maxmem);
    return { password: passwordBytes, salt: saltBytes, keylen, N, r, p };
  }

  // OpenSSL's checks of the parameters (scrypt_alg), in its order: a bad N, r or p has no error of OpenSSL's, the
  // memory they need (B, and X, T and V: 128 bytes per r per N + 2) past maxmem (or a size limit) has one.
  function judge(N, r, p, maxmem) {
    if (N < 2 || N & (N - 1)) throw nodeError(RangeError, "ERR_CRYPTO_INVALID_SCRYPT_PARAMS", "Invalid scrypt params");
    const blocks = BigInt(p) * 128n * BigInt(r);
    const needed = blocks + 128n * BigInt(r) * (BigInt(N) + 2n);
    if (p > Math.floor(PR_MAX / r) || (16 * r <= 63 && BigInt(N) >= 1n << BigInt(16 * r)) || blocks > 2147483647n ||
        needed > BigInt(maxmem)) {
      throw nodeError(RangeError, "ERR_CRYPTO_INVALID_SCRYPT_PARAMS", MEMORY);
    }
  }

  function derive(job) {
    if (job.keylen === 0) return Buffer.alloc(0);
    return Buffer.from(host.call("crypto.scrypt", {
      password: bytesText(job.password, "latin1"), salt: bytesText(job.salt, "latin1"), n: job.N, r: job.r, p: job.p,
      keylen: job.keylen,
    }), "latin1");
  }

  function scryptSync(password, salt, keylen, options = DEFAULTS) {
    return derive(check(password, salt, keylen, options));
  }

  function scrypt(password, salt, keylen, options, callback = DEFAULTS) {
    if (callback === DEFAULTS) [callback, options] = [options, DEFAULTS];
    const job = check(password, salt, keylen, options);
    if (typeof callback !== "function") throw invalidArgType("callback", "of type function", callback);
    const key = derive(job);
    later(() => callback(null, key));
  }

  crypto.scryptSync = scryptSync;
  crypto.scrypt = scrypt;
})(globalThis);
