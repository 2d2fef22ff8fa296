// Node's crypto module as Segment exposes it (webcrypto and subtle: crypto_subtle.js): hashes, HMAC and PBKDF2 are
// computed by the Python host, random bytes come from it too, and the rest of Node's crypto throws a clear
// "not available in segtui" error (scrypt, hkdf and RSA encryption: crypto_scrypt.js, crypto_hkdf.js, crypto_rsa.js).
// Argument checks and error messages follow Node 20. In deterministic mode random values come from determinism.js's
// seeded stream.
(function (global) {
  "use strict";
  const host = global.__segtui.host;
  const internals = global.__segtui;  // kept: crypto_secret_key.js adds secretKeyBytes to it after this file runs
  // Built-ins as at start: a handler's Array.prototype.push, String.prototype.toLowerCase, … are not segtui's.
  const { append, matches, uncurry } = global.__segtui.intrinsics;
  const toLowerCase = uncurry(String.prototype.toLowerCase);
  const sliceText = uncurry(String.prototype.slice);
  const has = uncurry(Set.prototype.has);
  const add = uncurry(Set.prototype.add);
  const indexOf = uncurry(String.prototype.indexOf);
  const startsWith = uncurry(String.prototype.startsWith);
  const determinism = global.__segtui.determinism;
  const { DOMException } = global;
  const Buffer = internals.ownBuffer;  // not the handler's Buffer.from, …
  const { nodeError, invalidArgType, invalidArgValue, outOfRange, validateInteger } = global.__segtui.nodeErrors;
  const later = global.setImmediate;
  const RAND_MAX = 0xffffffffffff;
  const INT32_MAX = 2147483647;
  const UINT32_MAX = 4294967295;
  const UNAVAILABLE_FUNCTIONS = [
    "checkPrime", "checkPrimeSync", "createDiffieHellman", "createDiffieHellmanGroup", "createECDH", "createPrivateKey",
    "createPublicKey", "diffieHellman", "generatePrime", "generatePrimeSync",
    "getCurves", "getDiffieHellman", "generateKeyPair", "generateKeyPairSync", "generateKey", "generateKeySync",
    "setEngine", "getFips", "setFips", "secureHeapUsed", "Certificate", "DiffieHellman", "DiffieHellmanGroup", "ECDH",
    "KeyObject", "X509Certificate",
  ];
  const CONSTANTS = global.__segtui.cryptoConstants;  // crypto_constants.js
  let algorithms = null;

  function randomSource(size) {
    if (determinism.active) return viewBytes(determinism.randomBytes(size));
    return Buffer.from(host.call("crypto.random", { size }), "latin1");
  }

  function validateInt32(value, name, min) {
    validateInteger(value, name, min, INT32_MAX);
  }

  function validateFunction(value, name) {
    if (typeof value !== "function") throw invalidArgType(name, "of type function", value);
  }

  function validateString(value, name) {
    if (typeof value !== "string") throw invalidArgType(name, "of type string", value);
  }

  // A view's bytes (buffer_compat.js's, read as Node's are) and a BufferSource's (crypto_subtle*.js's).
  const { isView, viewMemory: viewBytes, sourceBytes: bytesOf, bytesText } = internals.bufferArguments;
  const { lengthOf } = internals.bufferText;
  // A copy of bytes (a view's, a Buffer's) made by Uint8Array's constructor, which reads no length getter of the handler's.
  const copied = (bytes) => new internals.FastBuffer(bytes);
  const sourceBytes = (data) => bytesOf(data) ?? Buffer.from(data);
  const sourceCopy = (data) => copied(sourceBytes(data));

  function encodingOr(encoding, fallback) {
    return typeof encoding === "string" && Buffer.isEncoding(encoding) ? encoding : fallback;
  }

  // npm buffer 6 has no "base64url" (Node 15.7+ does): buffer_compat.js's Buffer (isEncoding too) goes through base64.
  function stringBytes(text, encoding) {
    return Buffer.from(text, encodingOr(encoding, "utf8"));
  }

  function dataBytes(data, encoding, name) {
    if (typeof data === "string") return stringBytes(data, encoding);
    if (isView(data)) return viewBytes(data);
    throw invalidArgType(name, "of type string or an instance of Buffer, TypedArray, or DataView", data);
  }

  // Node's validateEncoding, which update (of a Hash, Hmac, Sign, Verify, Cipher or Decipher) runs on a string first:
  // hex text of an odd length is refused, where the bytes would drop its last digit.
  function validateEncoding(data, encoding) {
    if (typeof data === "string" && typeof encoding === "string" && toLowerCase(encoding) === "hex" && data.length % 2 !== 0) {
      throw invalidArgValue("encoding", encoding, `is invalid for data of length ${data.length}`);
    }
  }

  function binaryBytes(data, encoding, name, expected) {
    if (typeof data === "string") return stringBytes(data, encoding);
    const bytes = bytesOf(data);
    if (bytes === undefined) throw invalidArgType(name, expected, data);
    return bytes;
  }

  function output(bytes, encoding) {
    return typeof encoding === "string" && Buffer.isEncoding(encoding) ? bytesText(bytes, encoding) : bytes;
  }

  // The hash names the host serves and lacks (lower-cased), and those Node's getHashes() lists, asked for once.
  function known() {
    const answer = algorithms === null ? host.call("crypto.algorithms", null) : null;
    if (answer) algorithms = { served: setOf(answer.served), missing: setOf(answer.missing), listed: answer.listed };
    return algorithms;
  }
  function setOf(list) {
    const set = new Set();
    for (let i = 0; i < list.length; i++) add(set, list[i]);
    return set;
  }

  // A copy of an array, and DER `bytes` as a PEM under `label` and back, by index: the handler's Array iterator and
  // RegExp exec are not segtui's (for crypto_subtle.js and crypto_sign.js).
  function listCopy(list) {
    const copy = [];
    for (let i = 0; i < list.length; i++) append(copy, list[i]);
    return copy;
  }
  function derPem(bytes, label) {
    const text = bytesText(bytes, "base64");
    let body = sliceText(text, 0, 64);
    for (let at = 64; at < text.length; at += 64) body += `\n${sliceText(text, at, at + 64)}`;
    return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----\n`;
  }
  function pemDer(pem) {
    let body = "";
    for (let start = 0; start < pem.length;) {
      const newline = indexOf(pem, "\n", start);
      const end = newline < 0 ? pem.length : newline;
      if (!startsWith(pem, "-----", start)) body += sliceText(pem, start, end);
      start = end + 1;
    }
    return Buffer.from(body, "base64");
  }

  function served(algorithm) {
    const name = toLowerCase(algorithm);
    if (has(known().missing, name)) throw new Error(`crypto: the digest "${algorithm}" is not available in segtui`);
    return has(known().served, name);
  }

  function hostDigest(algorithm, bytes, extra) {
    const payload = { algorithm, data: bytesText(bytes, "base64"), ...extra };  // bulk: host_services.py
    return Buffer.from(host.call("crypto.digest", payload), "latin1");
  }

  function finalized() {
    return nodeError(Error, "ERR_CRYPTO_HASH_FINALIZED", "Digest already called");
  }

  // What a Hash or Hmac shows of itself, as Node's do: `_options`, an opaque handle and whether it is finalized. The
  // algorithm, the data and an Hmac's key are private fields, which inspection (a console.log) never shows.
  const kHandle = Symbol("kHandle");
  const kState = Symbol("kState");
  const kFinalized = Symbol("kFinalized");
  const handleNamed = (name) => new ({ [name]: class {} })[name]();

  function shownState(target, name, options) {
    target._options = options;
    target[kHandle] = handleNamed(name);
    target[kState] = { [kFinalized]: false };
  }

  class Hash {
    #algorithm;
    #length;
    #chunks = [];
    #done = false;

    constructor(algorithm, options) {
      validateString(algorithm, "algorithm");
      if (!served(algorithm)) throw new Error("Digest method not supported");
      this.#algorithm = algorithm;
      this.#length = options && options.outputLength;
      if (this.#length !== undefined) validateInteger(this.#length, "options.outputLength", 0, UINT32_MAX);
      shownState(this, "Hash", options);
    }

    update(data, inputEncoding) {
      if (this.#done) throw finalized();
      validateEncoding(data, inputEncoding);
      append(this.#chunks, copied(dataBytes(data, inputEncoding, "data")));
      return this;
    }

    digest(outputEncoding) {
      if (this.#done) throw finalized();
      this.#done = true;
      this[kState][kFinalized] = true;
      const extra = this.#length === undefined ? {} : { length: this.#length };
      return output(hostDigest(this.#algorithm, Buffer.concat(this.#chunks), extra), outputEncoding);
    }

    copy(options) {
      if (this.#done) throw finalized();
      const copy = new Hash(this.#algorithm, { outputLength: this.#length, ...options });
      for (let i = 0; i < this.#chunks.length; i++) append(copy.#chunks, this.#chunks[i]);
      return copy;
    }
  }

  class Hmac {
    #algorithm;
    #key;
    #chunks = [];
    #state = "open";

    constructor(hmac, key, options) {
      validateString(hmac, "hmac");
      const expected = "of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey";
      // A KeyObject's or CryptoKey's: a secret one's bytes (crypto_secret_key.js), Node's error for an asymmetric one.
      const keyBytes = internals.secretKeyBytes(key, true) ?? binaryBytes(key, options && options.encoding, "key", expected);
      if (!served(hmac) || matches(/^shake/i, hmac)) {
        throw nodeError(TypeError, "ERR_CRYPTO_INVALID_DIGEST", `Invalid digest: ${hmac}`);
      }
      this.#algorithm = hmac;
      this.#key = copied(keyBytes);
      shownState(this, "Hmac", options);
    }

    update(data, inputEncoding) {
      if (this.#state !== "open") throw finalized();
      validateEncoding(data, inputEncoding);
      append(this.#chunks, copied(dataBytes(data, inputEncoding, "data")));
      return this;
    }

    digest(outputEncoding) {
      if (this.#state === "done") return output(Buffer.alloc(0), outputEncoding);
      this.#state = "done";
      this[kState][kFinalized] = true;
      const mac = hostDigest(this.#algorithm, Buffer.concat(this.#chunks), { key: bytesText(this.#key, "latin1") });
      return output(mac, outputEncoding);
    }
  }

  function randomBytes(size, callback) {
    if (typeof size !== "number") throw invalidArgType("size", "of type number", size);
    if (!(size >= 0 && size <= INT32_MAX)) throw outOfRange("size", `>= 0 && <= ${INT32_MAX}`, size);
    if (callback !== undefined) validateFunction(callback, "callback");
    const bytes = randomSource(Math.floor(size));
    if (callback === undefined) return bytes;
    later(() => callback(null, bytes));
    return undefined;
  }

  function randomFillSync(target, offset, size) {
    const aView = isView(target);
    if (!aView && !(target instanceof ArrayBuffer)) {
      throw invalidArgType("buf", "an instance of ArrayBuffer or ArrayBufferView", target);
    }
    const bytes = aView ? viewBytes(target) : Buffer.from(target);
    const limit = target.byteLength;  // as Node's reads it (a handler's getter answers): the memory filled is the view's
    const start = offset === undefined ? 0 : offset;
    const length = size === undefined ? limit - start : size;
    validateInt32(start, "offset", 0);
    if (start > limit) throw outOfRange("offset", `<= ${limit}`, start);
    validateInt32(length, "size", 0);
    if (start + length > limit) throw outOfRange("size + offset", `<= ${limit}`, start + length);
    randomSource(length).copy(bytes, start);
    return target;
  }

  function getRandomValues(array) {
    const integer = array instanceof Int8Array || array instanceof Uint8Array || array instanceof Uint8ClampedArray ||
      array instanceof Int16Array || array instanceof Uint16Array || array instanceof Int32Array ||
      array instanceof Uint32Array || array instanceof BigInt64Array || array instanceof BigUint64Array;
    if (!integer) {
      throw new DOMException("The data argument must be an integer-type TypedArray", "TypeMismatchError");
    }
    const size = array.byteLength;  // as Node's reads it (a handler's getter answers): the memory filled is the view's
    if (size > 65536) throw new DOMException("The requested length exceeds 65,536 bytes", "QuotaExceededError");
    randomSource(size).copy(viewBytes(array));
    return array;
  }

  function randomUUID(options) {
    if (options !== undefined && (options === null || typeof options !== "object")) {
      throw invalidArgType("options", "of type object", options);
    }
    const bytes = randomSource(16);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    const hex = bytesText(bytes, "hex");
    return `${sliceText(hex, 0, 8)}-${sliceText(hex, 8, 12)}-${sliceText(hex, 12, 16)}-${sliceText(hex, 16, 20)}-${sliceText(hex, 20)}`;
  }

  function randomInt(min, max, callback) {
    const minOmitted = max === undefined || typeof max === "function";
    if (minOmitted) {
      callback = max;
      max = min;
      min = 0;
    }
    if (callback !== undefined) validateFunction(callback, "callback");
    if (!Number.isSafeInteger(min)) throw invalidArgType("min", "a safe integer", min);
    if (!Number.isSafeInteger(max)) throw invalidArgType("max", "a safe integer", max);
    if (max <= min) throw outOfRange("max", `greater than the value of "min" (${min})`, max);
    const range = max - min;
    if (!(range <= RAND_MAX)) throw outOfRange(minOmitted ? "max" : "max - min", `<= ${RAND_MAX}`, range);
    const limit = RAND_MAX - (RAND_MAX % range);
    let value;
    do value = randomSource(6).readUIntBE(0, 6); while (value >= limit);
    const result = (value % range) + min;
    if (callback === undefined) return result;
    later(() => callback(null, result));
    return undefined;
  }

  function timingSafeEqual(buf1, buf2) {
    const message = "argument must be an instance of ArrayBuffer, Buffer, TypedArray, or DataView.";
    const refused = (i) => nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `The "buf${i}" ${message}`);
    const one = bytesOf(buf1);
    if (one === undefined) throw refused(1);
    const other = bytesOf(buf2);
    if (other === undefined) throw refused(2);
    const bytes = [one, other];
    if (lengthOf(bytes[0]) !== lengthOf(bytes[1])) {
      throw nodeError(RangeError, "ERR_CRYPTO_TIMING_SAFE_EQUAL_LENGTH", "Input buffers must have the same byte length");
    }
    const length = lengthOf(bytes[0]);
    let diff = 0;
    for (let i = 0; i < length; i++) diff |= bytes[0][i] ^ bytes[1][i];
    return diff === 0;
  }

  function pbkdf2Checked(caller, password, salt, iterations, keylen, digest) {
    const expected = "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView";
    const passwordBytes = binaryBytes(password, "utf8", "password", expected);
    const saltBytes = binaryBytes(salt, "utf8", "salt", expected);
    validateInt32(iterations, "iterations", 1);
    validateInt32(keylen, "keylen", 0);
    validateString(digest, "digest");
    if (!served(digest) || matches(/^shake/i, digest)) {
      throw nodeError(TypeError, "ERR_CRYPTO_INVALID_DIGEST", `Invalid digest: ${digest}`);
    }
    return () => Buffer.from(host.call("crypto.pbkdf2", {
      digest, password: bytesText(passwordBytes, "latin1"), salt: bytesText(saltBytes, "latin1"), iterations, keylen, caller,
    }), "latin1");
  }

  function pbkdf2Sync(password, salt, iterations, keylen, digest) {
    return pbkdf2Checked("crypto.pbkdf2Sync", password, salt, iterations, keylen, digest)();
  }

  function pbkdf2(password, salt, iterations, keylen, digest, callback) {
    if (typeof digest === "function") {
      callback = digest;
      digest = undefined;
    }
    const derive = pbkdf2Checked("crypto.pbkdf2", password, salt, iterations, keylen, digest);
    validateFunction(callback, "callback");
    const key = derive();
    later(() => callback(null, key));
  }

  function hash(algorithm, data, outputEncoding) {
    validateString(algorithm, "algorithm");
    if (typeof data !== "string" && !isView(data)) {
      throw invalidArgType("data", "of type string or an instance of Buffer, TypedArray, or DataView", data);
    }
    const encoding = outputEncoding === undefined ? "hex" : outputEncoding;
    validateString(encoding, "outputEncoding");
    if (!served(algorithm)) throw new Error("Digest method not supported");
    return output(hostDigest(algorithm, dataBytes(data, "utf8", "data"), {}), encoding);
  }

  // Node's Hash and Hmac are functions that make themselves with `new` when called without it (`crypto.Hash("sha256")`),
  // whose prototype is the class's: `instanceof` and `constructor` see them.
  function callable(Class) {
    const made = {
      [Class.name]: function (...args) { return Reflect.construct(Class, args, new.target === undefined ? made : new.target); },
    }[Class.name];
    Object.defineProperty(made, "length", { value: Class.length });
    Object.defineProperty(made, "prototype", { value: Class.prototype });
    Object.defineProperty(Class.prototype, "constructor", { value: made, writable: true, configurable: true });
    return made;
  }

  function unavailable(name) {
    return function () {
      throw new Error(`crypto.${name} is not available in segtui`);
    };
  }

  const crypto = {
    // Ordinary functions, as Node's are: copied signing code calls them with `new` (`new crypto.createHmac(...)`).
    createHash: function createHash(algorithm, options) { return new Hash(algorithm, options); },
    createHmac: function createHmac(hmac, key, options) { return new Hmac(hmac, key, options); },
    Hash: callable(Hash), Hmac: callable(Hmac), hash, randomBytes, pseudoRandomBytes: randomBytes, randomFillSync, getRandomValues,
    randomUUID, randomInt, timingSafeEqual, pbkdf2, pbkdf2Sync, getHashes: () => known().listed.slice(),
    randomFill(target, offset, size, callback) {
      if (typeof offset === "function") [callback, offset] = [offset, undefined];
      else if (typeof size === "function") [callback, size] = [size, undefined];
      validateFunction(callback, "callback");
      const filled = randomFillSync(target, offset, size);
      later(() => callback(null, filled));
    },
  };
  for (const name of UNAVAILABLE_FUNCTIONS) crypto[name] = unavailable(name);
  Object.defineProperty(crypto, "constants", { value: CONSTANTS, enumerable: true, writable: false, configurable: false });
  global.crypto = crypto;
  global.__segtui.cryptoBytes = { sourceBytes, sourceCopy, viewBytes, dataBytes, output, binaryBytes, validateEncoding, listCopy, derPem, pemDer };  // crypto_sign.js, crypto_scrypt.js, …
})(globalThis);
