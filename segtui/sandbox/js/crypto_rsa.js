// crypto.publicEncrypt and privateDecrypt as Node 20 has them for RSA keys in PEM form or as KeyObjects (a private key
// also encrypts, with its public half): OAEP (the default, with oaepHash and oaepLabel), PKCS#1 v1.5 to encrypt (Node
// 20 refuses it to decrypt) or no padding; and privateEncrypt and publicDecrypt (PKCS#1 v1.5 type 1, the default, or no padding). The
// arguments are checked and OpenSSL's errors given as Node gives them; the Python host encrypts and decrypts. Handlers
// encrypt PII for a partner so.
(function (global) {
  "use strict";
  const host = global.__segtui.host;
  const Buffer = global.__segtui.ownBuffer;  // not the handler's Buffer.from, …
  const crypto = global.crypto;
  const { binaryBytes } = global.__segtui.cryptoBytes;
  const { nodeError, invalidArgType, opensslError } = global.__segtui.nodeErrors;
  const KEY = "of type string or an instance of ArrayBuffer, Buffer, TypedArray, DataView, KeyObject, or CryptoKey";
  const BYTES = "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView";
  const PKCS1 = 1;
  const OAEP = 4;

  const pem = global.__segtui.keyObjectPem;  // a KeyObject (crypto_sign.js) is its PEM
  const isBytes = (value) => typeof value === "string" || ArrayBuffer.isView(value) || value instanceof ArrayBuffer;

  // Node's rsaFunctionFor: the key (a PEM string or bytes, or {key, passphrase, padding, oaepHash, oaepLabel,
  // encoding}), then the options, then the data, each checked in that order.
  // A KeyObject is of the type `expected` (a private one for privateDecrypt and privateEncrypt; either otherwise).
  function prepare(options, buffer, padding, decrypt, expected) {
    if (pem(options, expected) !== undefined) options = pem(options);
    else if (options !== null && typeof options === "object" && pem(options.key, expected) !== undefined) options = { ...options, key: pem(options.key) };
    const bare = isBytes(options);
    if (!bare && (options === null || typeof options !== "object")) throw invalidArgType("key", KEY, options);
    const given = bare ? { key: options } : options;
    const encoding = given.encoding;
    if (!isBytes(given.key)) throw invalidArgType(bare ? "key" : "key.key", KEY, given.key);
    const payload = { key: binaryBytes(given.key, encoding, "key", KEY).toString("latin1"), padding: given.padding || padding };
    if (given.passphrase !== undefined && given.passphrase !== null) {
      payload.passphrase = binaryBytes(given.passphrase, encoding, "key.passphrase", BYTES).toString("utf8");
    }
    if (given.oaepHash !== undefined) {
      if (typeof given.oaepHash !== "string") throw invalidArgType("key.oaepHash", "of type string", given.oaepHash);
      payload.oaepHash = given.oaepHash;
    }
    if (given.oaepLabel !== undefined) {
      payload.oaepLabel = binaryBytes(given.oaepLabel, encoding, "key.oaepLabel", BYTES).toString("latin1");
    }
    payload.data = binaryBytes(buffer, encoding, "buffer", BYTES).toString("latin1");
    if (decrypt && payload.padding === PKCS1) {
      throw nodeError(TypeError, "ERR_INVALID_ARG_VALUE", "RSA_PKCS1_PADDING is no longer supported for private " +
        "decryption, this can be reverted with --security-revert=CVE-2023-46809");
    }
    return payload;
  }

  function run(op, payload) {
    const answer = host.call(op, payload);
    if (answer.output !== undefined) return Buffer.from(answer.output, "latin1");
    throw opensslError(answer);
  }

  crypto.publicEncrypt = (key, buffer) => run("crypto.public_encrypt", prepare(key, buffer, OAEP, false));
  crypto.privateDecrypt = (key, buffer) => run("crypto.private_decrypt", prepare(key, buffer, OAEP, true, "private"));
  crypto.privateEncrypt = (key, buffer) => run("crypto.private_encrypt", prepare(key, buffer, PKCS1, false, "private"));
  crypto.publicDecrypt = (key, buffer) => run("crypto.public_decrypt", prepare(key, buffer, PKCS1, false));
})(globalThis);
