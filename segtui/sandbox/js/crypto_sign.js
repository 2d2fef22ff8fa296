// crypto.createSign/createVerify (and crypto.sign/verify) as Node 20 has them for RSA (PKCS#1 v1.5, or PSS with
// `padding` and `saltLength`) and ECDSA (DER, or `dsaEncoding: "ieee-p1363"`) keys in PEM form, and crypto.sign/verify
// with no algorithm for Ed25519 and Ed448 ones; the Python host signs and verifies. crypto.createPublicKey and
// createPrivateKey make KeyObjects of such keys, from PEM, from SPKI, PKCS#8, PKCS#1 or SEC1 DER or from a JWK
// (crypto_jwk.js), which sign and verify too, and export as any of those.
(function (global) {
  "use strict";
  const host = global.__segtui.host;
  const { append, uncurry } = global.__segtui.intrinsics;
  // A handler may replace WeakMap.prototype's methods: the KeyObjects' own maps are read with the originals.
  const [weakHas, weakGet, weakSet] = ["has", "get", "set"].map((name) => uncurry(WeakMap.prototype[name]));
  const [includes, toLowerCase] = [uncurry(Array.prototype.includes), uncurry(String.prototype.toLowerCase)];
  const Buffer = global.__segtui.ownBuffer;  // not the handler's Buffer.from, …
  const crypto = global.crypto;

  const { dataBytes, output, validateEncoding, derPem, pemDer } = global.__segtui.cryptoBytes;
  const { bytesText } = global.__segtui.bufferArguments;
  const { jwkPem, exported } = global.__segtui.cryptoJwk;

  const { nodeError, opensslError, describe, invalidArgValue } = global.__segtui.nodeErrors;

  const invalidKeyType = (type, expected) => nodeError(TypeError, "ERR_CRYPTO_INVALID_KEY_OBJECT_TYPE",
    `Invalid key object type ${type}, expected ${expected}.`);
  const invalidOption = (name, value) => invalidArgValue(`options.${name}`, value);
  // A KeyObject's PEM, once it is of the type `expected` (private or public when undefined); undefined for any other value.
  function pemOf(value, expected) {
    if (!(value instanceof KeyObject)) return undefined;
    if (expected !== undefined ? value.type !== expected : value.type === "secret") {
      throw invalidKeyType(value.type, expected ?? "private or public");
    }
    return weakGet(pems, value)?.pem;
  }

  // A CryptoKey's KeyObject, which Node 20 takes in its place (crypto_key.js, which loads later); any other value as is.
  const internals = global.__segtui;
  const inPlace = (value) => internals.cryptoKeyObject(value) ?? value;

  // A PEM key, its passphrase and the signature's options from what Node accepts here: a string, a Buffer, a KeyObject
  // or CryptoKey (of the type `expected`) or {key, passphrase, padding, saltLength, dsaEncoding}.
  const SIGNING_OPTIONS = ["padding", "saltLength"];
  function keyOf(given, expected) {
    const key = inPlace(given);
    let options = key !== null && typeof key === "object" && !ArrayBuffer.isView(key) && !(key instanceof KeyObject) ? key : { key };
    if (inPlace(options.key) instanceof KeyObject) options = { ...options, key: pemOf(inPlace(options.key), expected) };
    if (typeof options.key === "object" && !ArrayBuffer.isView(options.key)) {
      throw new Error("segtui signs only with PEM keys (a string or Buffer, optionally with a passphrase)");
    }
    const payload = { key: bytesText(dataBytes(options.key, undefined, "key"), "latin1") };
    if (options.passphrase !== undefined) payload.passphrase = String(options.passphrase);
    for (let i = 0; i < SIGNING_OPTIONS.length; i++) {  // by index: the handler's Array iterator is not segtui's
      const name = SIGNING_OPTIONS[i];
      const value = options[name];
      if (value === undefined) continue;
      if (!Number.isInteger(value) || value !== (value | 0)) throw invalidOption(name, value);
      payload[name] = value;
    }
    const encoding = options.dsaEncoding;
    if (encoding !== undefined && encoding !== "der" && encoding !== "ieee-p1363") {
      throw invalidOption("dsaEncoding", encoding);
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
  const shot = (made) => ({ oneShot: weakHas(oneShots, made), plain: weakGet(oneShots, made) === true });

  function call(op, payload) {
    const reply = host.call(op, payload);
    if (reply.error !== undefined) throw opensslError(reply);
    return reply;
  }

  function oneShot(made, algorithm) {
    weakSet(oneShots, made, algorithm == null);
    return made;
  }

  class Sign {
    constructor(algorithm) {
      this._algorithm = String(algorithm);
      this._chunks = [];
    }

    update(data, inputEncoding) {
      validateEncoding(data, inputEncoding);
      append(this._chunks, dataBytes(data, inputEncoding, "data"));
      return this;
    }

    sign(privateKey, outputEncoding) {
      const data = bytesText(Buffer.concat(this._chunks), "latin1");
      const { signature } = call("crypto.sign", { algorithm: this._algorithm, data, ...shot(this), ...keyOf(privateKey, "private") });
      return output(Buffer.from(signature, "latin1"), outputEncoding);
    }
  }

  class Verify extends Sign {
    verify(object, signature, signatureEncoding) {
      const data = bytesText(Buffer.concat(this._chunks), "latin1");
      const signed = bytesText(dataBytes(signature, signatureEncoding, "signature"), "latin1");
      const payload = { algorithm: this._algorithm, data, signature: signed, ...shot(this), ...keyOf(object) };
      return call("crypto.verify", payload).valid;
    }
  }

  // KeyObjects as Node's: a PublicKeyObject or PrivateKeyObject (an AsymmetricKeyObject), its key held as PEM.
  const pems = new WeakMap();
  const kKeyType = Symbol("kKeyType");
  const kAsymmetricKeyType = Symbol("kAsymmetricKeyType");
  const kAsymmetricKeyDetails = Symbol("kAsymmetricKeyDetails");
  class KeyObject {
    constructor(type) {
      this[kKeyType] = type;
    }

    get type() {
      return this[kKeyType];
    }

    equals(other) {
      if (!(other instanceof KeyObject)) throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE",
        `The "otherKeyObject" argument must be an instance of KeyObject. Received ${describe(other)}`);
      return weakHas(pems, other) && other.type === this.type && weakGet(pems, other).publicPem === weakGet(pems, this).publicPem;
    }
  }
  Object.defineProperty(KeyObject.prototype, Symbol.toStringTag, { value: "KeyObject", configurable: true });
  class AsymmetricKeyObject extends KeyObject {
    get asymmetricKeyType() {
      return (this[kAsymmetricKeyType] ||= weakGet(pems, this).type);
    }

    // Kept once read, as Node keeps it (a logged key shows it then), for the kinds that have details.
    get asymmetricKeyDetails() {
      const { modulusLength, publicExponent, divisorLength, namedCurve } = weakGet(pems, this);
      if (!includes(["rsa", "rsa-pss", "ec", "dsa"], this.asymmetricKeyType)) return {};
      return (this[kAsymmetricKeyDetails] ||= divisorLength !== undefined ? { modulusLength, divisorLength }
        : modulusLength !== undefined ? { modulusLength, publicExponent: BigInt(publicExponent) } : { namedCurve });
    }

    export(options) {
      if (options === null || typeof options !== "object") throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE",
        `The "options" argument must be of type object. Received ${describe(options)}`);
      const { pem } = weakGet(pems, this);
      const isPrivate = this.type === "private";
      if (options.format === "jwk") return exported(pem, isPrivate, this.asymmetricKeyType, "jwk");
      const { format, type } = formatAndType(options, false, !isPrivate, this.asymmetricKeyType);
      if (type !== "spki" && type !== "pkcs8" && isPrivate && (options.cipher != null || options.passphrase !== undefined)) {
        throw new Error(`KeyObject.export of an encrypted ${type} key is not available in segtui: only of a pkcs8 one`);
      }
      const contained = type === "spki" || type === "pkcs8" ? pem : exported(pem, isPrivate, this.asymmetricKeyType, type);
      const sealed = type === "pkcs8" ? encrypted(pem, options) : contained;
      return format === "pem" ? sealed : pemDer(sealed);
    }
  }

  let cipherNames = null;
  // Node's check of a key encoding's cipher (OpenSSL's names, as getCiphers lists them, without case).
  function checkCipher(cipher) {
    cipherNames = cipherNames || host.call("crypto.cipher_names", null);
    if (!includes(cipherNames, toLowerCase(cipher))) throw nodeError(Error, "ERR_CRYPTO_UNKNOWN_CIPHER", "Unknown cipher");
  }

  // A private key's PKCS#8 PEM encrypted as export's `cipher` and `passphrase` ask (the PEM itself when neither is
  // given), with Node's errors; only "aes-256-cbc" is available in segtui, never a plain key in place of a sealed one.
  function encrypted(pem, { cipher, passphrase }) {
    if (cipher == null && passphrase === undefined) return pem;
    if (typeof cipher !== "string") throw invalidOption("cipher", cipher);
    const secret = passphrase instanceof ArrayBuffer ? Buffer.from(passphrase) : passphrase;
    if (typeof secret !== "string" && !ArrayBuffer.isView(secret)) throw invalidOption("passphrase", passphrase);
    checkCipher(cipher);
    const bytes = dataBytes(secret, undefined, "passphrase");
    if (toLowerCase(cipher) !== "aes-256-cbc" || bytes.length === 0) {
      throw new Error(`KeyObject.export with cipher ${JSON.stringify(cipher)}${bytes.length ? "" : " and an empty passphrase"} ` +
        'is not available in segtui: only cipher "aes-256-cbc" with a passphrase');
    }
    return call("crypto.encrypted_pkcs8", { key: pem, secret: bytesText(bytes, "latin1") }).pem;
  }
  class PublicKeyObject extends AsymmetricKeyObject {}
  class PrivateKeyObject extends AsymmetricKeyObject {}
  const DER_LABELS = { spki: "PUBLIC KEY", pkcs8: "PRIVATE KEY", sec1: "EC PRIVATE KEY" };

  const ONLY_FOR = { __proto__: null, pkcs1: "rsa", sec1: "ec" };
  // Node's parseKeyFormatAndType: the format (PEM when an `input` key gives none) and type of a key read or exported,
  // the type required but of an input not in DER; `isPublic` (or undefined: either) and the key's type limit the type.
  // Its errors name the option inside `objName` ("publicKeyEncoding.format") when one is given.
  function formatAndType(options, input, isPublic, keyType, objName) {
    const { format = input ? "pem" : undefined, type } = options;
    const path = (name) => (objName === undefined ? name : `${objName}.${name}`);
    if (format !== "pem" && format !== "der" && format !== "jwk") throw invalidOption(path("format"), format);
    if (type === undefined && ((input && format !== "der") || format === "jwk")) return { format, type };
    if (!(type === "pkcs1" || (type === "spki" && isPublic !== false) || ((type === "pkcs8" || type === "sec1") && isPublic !== true))) {
      throw invalidOption(path("type"), type);
    }
    if (ONLY_FOR[type] !== undefined && keyType !== undefined && keyType !== ONLY_FOR[type]) {
      throw nodeError(Error, "ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS",
        `The selected key encoding ${type} can only be used for ${ONLY_FOR[type].toUpperCase()} keys.`);
    }
    return { format, type };
  }

  // The key Node's createPublicKey / createPrivateKey (`wanted`) read from `input`, as a KeyObject.
  function keyObject(given, wanted) {
    const input = inPlace(given);
    if (input instanceof KeyObject && wanted === "public") {
      if (input.type !== "private") throw invalidKeyType(input.type, "private");
      return made(weakGet(pems, input), "public");
    }
    const options = input !== null && typeof input === "object" && !ArrayBuffer.isView(input) && !(input instanceof ArrayBuffer)
      && !(input instanceof KeyObject) ? input : { key: input };
    const { passphrase, encoding } = options;
    const key = options.key instanceof ArrayBuffer ? Buffer.from(options.key) : inPlace(options.key);
    if (key instanceof KeyObject && wanted === "public") return keyObject(key, wanted);
    if (options.format === "jwk") {
      return made(call("crypto.key_details", { key: jwkPem(key, wanted === "public"), private: wanted === "private" }), wanted);
    }
    if (typeof key !== "string" && !ArrayBuffer.isView(key)) {
      const kinds = wanted === "public" ? "DataView, KeyObject, or CryptoKey" : "or DataView";
      const what = key === input || key instanceof KeyObject ? 'The "key" argument' : 'The "key.key" property';
      throw nodeError(TypeError, "ERR_INVALID_ARG_TYPE", `${what} must be of type string or an instance of ` +
        `ArrayBuffer, Buffer, TypedArray, ${kinds}. Received ${describe(key)}`);
    }
    const { format, type } = formatAndType(options, true, wanted === "private" ? false : undefined, undefined);
    let pem = format === "pem" ? bytesText(dataBytes(key, encoding, "key"), "latin1") : null;
    if (format === "der") {
      const label = type === "pkcs1" ? `RSA ${wanted.toUpperCase()} KEY` : DER_LABELS[type];
      pem = derPem(Buffer.from(dataBytes(key, undefined, "key")), label);
    }
    if (pem === null) throw new Error(`crypto: a key of format ${JSON.stringify(format)} is not available in segtui`);
    const payload = { key: pem, private: wanted === "private" };
    if (passphrase !== undefined) payload.passphrase = String(passphrase);
    const found = call("crypto.key_details", payload);
    return made(found, wanted);
  }

  function made(found, wanted) {
    const object = wanted === "public" ? new PublicKeyObject("public") : new PrivateKeyObject("private");
    weakSet(pems, object, wanted === "public" ? { ...found, pem: found.publicPem } : found);
    return object;
  }

  // A KeyObject's key as PEM, for crypto_rsa.js; and Node's refusal of one as an HMAC's secret, for crypto.js.
  global.__segtui.keyObjectPem = pemOf;
  global.__segtui.keyEncoding = { formatAndType, invalidOption, checkCipher };  // for crypto_key_pairs.js
  global.__segtui.invalidKeyType = invalidKeyType;
  global.__segtui.refuseKeyObject = (value) => {
    if (weakHas(pems, value)) throw invalidKeyType(value.type, "secret");
  };

  Object.assign(crypto, {
    KeyObject,
    createPublicKey: function createPublicKey(key) { return keyObject(key, "public"); },
    createPrivateKey: function createPrivateKey(key) { return keyObject(key, "private"); },
    Sign, Verify,
    // Ordinary functions, as Node's are, so that `new crypto.createSign(...)` returns the signer.
    createSign: function createSign(algorithm, options) { return new Sign(algorithm, options); },
    createVerify: function createVerify(algorithm, options) { return new Verify(algorithm, options); },
    sign: (algorithm, data, key) => oneShot(new Sign(digestOf(algorithm)), algorithm).update(data).sign(key),
    verify: (algorithm, data, key, signature) =>
      oneShot(new Verify(digestOf(algorithm)), algorithm).update(data).verify(key, signature),
  });
})(globalThis);
