// crypto.createSign/createVerify (and crypto.sign/verify) as Node 20 has them for RSA (PKCS#1 v1.5, or PSS with
// `padding` and `saltLength`) and ECDSA (DER, or `dsaEncoding: "ieee-p1363"`) keys in PEM form, and crypto.sign/verify
// with no algorithm for Ed25519 and Ed448 ones; the Python host signs and verifies. Other key forms (KeyObject, JWK,
// DER) are not available in segtui.
(function (global) {
  "use strict";
  const host = global.__segtui.host;
  const { append } = global.__segtui.intrinsics;
  const Buffer = global.Buffer;
  const crypto = global.crypto;

  const { dataBytes, output } = global.__segtui.cryptoBytes;

  const { nodeError, opensslError } = global.__segtui.nodeErrors;
  const util = global.__segtui.util;
  const inspect = (value) => util().inspect(value);

  // A PEM key, its passphrase and the signature's options from what Node accepts here: a string, a Buffer or
  // {key, passphrase, padding, saltLength, dsaEncoding}.
  function keyOf(key) {
    const options = key !== null && typeof key === "object" && !ArrayBuffer.isView(key) ? key : { key };
    if (typeof options.key === "object" && !ArrayBuffer.isView(options.key)) {
      throw new Error("segtui signs only with PEM keys (a string or Buffer, optionally with a passphrase)");
    }
    const payload = { key: dataBytes(options.key, undefined, "key").toString("latin1") };
    if (options.passphrase !== undefined) payload.passphrase = String(options.passphrase);
    for (const name of ["padding", "saltLength"]) {
      const value = options[name];
      if (value === undefined) continue;
      if (!Number.isInteger(value) || value !== (value | 0)) {
        throw nodeError(TypeError, "ERR_INVALID_ARG_VALUE", `The property 'options.${name}' is invalid. Received ${inspect(value)}`);
      }
      payload[name] = value;
    }
    const encoding = options.dsaEncoding;
    if (encoding !== undefined && encoding !== "der" && encoding !== "ieee-p1363") {
      throw nodeError(TypeError, "ERR_INVALID_ARG_VALUE", `The property 'options.dsaEncoding' is invalid. Received ${inspect(encoding)}`);
    }
    if (encoding !== undefined) payload.dsaEncoding = encoding;
    return payload;
  }

  // A one-shot sign or verify without an algorithm takes the key's default digest, as OpenSSL 3 has it for RSA and EC
  // keys (SHA-256).
  function digestOf(algorithm) {
    return algorithm == null ? "sha256" : algorithm;
  }

  // How each one-shot's Sign or Verify was asked for: whether with no algorithm (an Ed25519 or Ed448 key needs none).
  const oneShots = new WeakMap();
  const shot = (made) => ({ oneShot: oneShots.has(made), plain: oneShots.get(made) === true });

  function call(op, payload) {
    const reply = host.call(op, payload);
    if (reply.error !== undefined) throw opensslError(reply);
    return reply;
  }

  function oneShot(made, algorithm) {
    oneShots.set(made, algorithm == null);
    return made;
  }

  class Sign {
    constructor(algorithm) {
      this._algorithm = String(algorithm);
      this._chunks = [];
    }

    update(data, inputEncoding) {
      append(this._chunks, dataBytes(data, inputEncoding, "data"));
      return this;
    }

    sign(privateKey, outputEncoding) {
      const data = Buffer.concat(this._chunks).toString("latin1");
      const { signature } = call("crypto.sign", { algorithm: this._algorithm, data, ...shot(this), ...keyOf(privateKey) });
      return output(Buffer.from(signature, "latin1"), outputEncoding);
    }
  }

  class Verify extends Sign {
    verify(object, signature, signatureEncoding) {
      const data = Buffer.concat(this._chunks).toString("latin1");
      const signed = dataBytes(signature, signatureEncoding, "signature").toString("latin1");
      const payload = { algorithm: this._algorithm, data, signature: signed, ...shot(this), ...keyOf(object) };
      return call("crypto.verify", payload).valid;
    }
  }

  Object.assign(crypto, {
    Sign, Verify,
    // Ordinary functions, as Node's are, so that `new crypto.createSign(...)` returns the signer.
    createSign: function createSign(algorithm, options) { return new Sign(algorithm, options); },
    createVerify: function createVerify(algorithm, options) { return new Verify(algorithm, options); },
    sign: (algorithm, data, key) => oneShot(new Sign(digestOf(algorithm)), algorithm).update(data).sign(key),
    verify: (algorithm, data, key, signature) =>
      oneShot(new Verify(digestOf(algorithm)), algorithm).update(data).verify(key, signature),
  });
})(globalThis);
