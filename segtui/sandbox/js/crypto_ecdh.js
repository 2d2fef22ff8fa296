// crypto.createECDH, crypto.ECDH and crypto.diffieHellman (of KeyObjects) as Node 20's (lib/internal/crypto/diffiehellman.js over its ECDH binding): keys
// made, derived from a private scalar and the shared secret computed by the host (key_pairs.py) on the curves
// cryptography has; the points' compressed and hybrid forms written here. Argument checks and errors follow Node; a
// curve Node has and cryptography does not is refused as not available in segtui.
(function (global) {
  "use strict";
  const host = global.__segtui.host;
  const crypto = global.crypto;
  const { Buffer } = global;
  const { uncurry } = global.__segtui.intrinsics;
  const { nodeError, invalidArgType, opensslError } = global.__segtui.nodeErrors;
  const { binaryBytes, output } = global.__segtui.cryptoBytes;
  const { keyObjectPem, invalidKeyType } = global.__segtui;  // crypto_sign.js
  const { invalidOption } = global.__segtui.keyEncoding;
  const { KeyObject } = crypto;
  const CURVES = global.__segtui.ecCurves;  // crypto_key_pairs.js
  const HELD = ["prime256v1", "secp384r1", "secp521r1", "prime192v1", "secp224r1", "secp256k1", "brainpoolP256r1",
    "brainpoolP384r1", "brainpoolP512r1"];  // key_pairs.py's CURVES
  const [weakGet, weakSet] = ["get", "set"].map((name) => uncurry(WeakMap.prototype[name]));
  const handles = new WeakMap();  // an ECDH's {curve, private, public}, the keys as latin1 text
  const BYTES = "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView";
  const failed = (message) => nodeError(Error, "ERR_CRYPTO_OPERATION_FAILED", message);

  function validCurve(curve) {
    if (typeof curve !== "string") throw invalidArgType("curve", "of type string", curve);
    if (!CURVES.includes(curve)) throw nodeError(TypeError, "ERR_CRYPTO_INVALID_CURVE", "Invalid EC curve name");
    if (!HELD.includes(curve)) throw new Error(`crypto.createECDH on the curve ${curve} is not available in segtui`);
    return curve;
  }

  // Node's getFormat: the first byte's base of a point written so (2 compressed, 4 uncompressed, 6 hybrid).
  function formatBase(format) {
    if (format) {
      if (format === "compressed") return 2;
      if (format === "hybrid") return 6;
      if (format !== "uncompressed") throw nodeError(TypeError, "ERR_CRYPTO_ECDH_INVALID_FORMAT", `Invalid ECDH format: ${format}`);
    }
    return 4;
  }

  function encode(bytes, encoding) {
    if (!encoding || encoding === "buffer") return bytes;
    return String(encoding).toLowerCase() === "base64url" ? output(bytes, encoding) : bytes.toString(encoding);
  }

  // An uncompressed point (latin1 text) written with the first byte `base`.
  function written(point, base) {
    const bytes = Buffer.from(point, "latin1");
    if (base === 4) return bytes;
    const half = (bytes.length - 1) / 2;
    const odd = bytes[bytes.length - 1] & 1;
    const head = Buffer.from([base + odd]);
    return Buffer.concat(base === 2 ? [head, bytes.subarray(1, 1 + half)] : [head, bytes.subarray(1)]);
  }

  // The uncompressed point (latin1 text) of a point in any of the three forms on `curve`, or null for no point of it.
  function uncompressed(bytes, curve) {
    const given = Buffer.from(bytes);
    if ((given[0] === 6 || given[0] === 7) && given.length % 2 === 1) given[0] = 4;
    return host.call("crypto.ecdh_point", { curve, public: given.toString("latin1") });
  }

  function ECDH(curve) {
    if (!(this instanceof ECDH)) return new ECDH(curve);
    weakSet(handles, this, { curve: validCurve(curve), private: null, public: null });
  }
  const handleOf = (self) => {
    const handle = weakGet(handles, self);
    if (handle === undefined) throw new TypeError("Illegal invocation");
    return handle;
  };

  ECDH.prototype.computeSecret = function computeSecret(key, inEnc, outEnc) {
    const bytes = binaryBytes(key, inEnc, "key", BYTES);
    const handle = handleOf(this);
    if (handle.private === null) throw nodeError(RangeError, "ERR_CRYPTO_INVALID_KEYPAIR", "Invalid key pair");
    const point = uncompressed(bytes, handle.curve);
    const secret = point === null ? null : host.call("crypto.ecdh_secret", { curve: handle.curve, private: handle.private, public: point });
    if (secret === null) throw nodeError(Error, "ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY", "Public key is not valid for specified curve");
    return encode(Buffer.from(secret, "latin1"), outEnc);
  };
  ECDH.prototype.setPrivateKey = function setPrivateKey(key, encoding) {
    const bytes = binaryBytes(key, encoding, "key", BYTES);
    const handle = handleOf(this);
    const keys = host.call("crypto.ecdh_keys", { curve: handle.curve, private: bytes.toString("latin1") });
    if (keys === null) throw nodeError(RangeError, "ERR_CRYPTO_INVALID_KEYTYPE", "Private key is not valid for specified curve.");
    Object.assign(handle, keys);
    return this;
  };
  ECDH.prototype.setPublicKey = function setPublicKey(key, encoding) {
    const bytes = binaryBytes(key, encoding, "key", BYTES);
    const handle = handleOf(this);
    const point = uncompressed(bytes, handle.curve);
    if (point === null) throw failed("Failed to convert Buffer to EC_POINT");
    handle.public = point;
    return this;
  };
  ECDH.prototype.getPrivateKey = function getPrivateKey(encoding) {
    const handle = handleOf(this);
    if (handle.private === null) throw failed("Failed to get ECDH private key");
    return encode(Buffer.from(handle.private, "latin1"), encoding);
  };
  ECDH.prototype.generateKeys = function generateKeys(encoding, format) {
    const handle = handleOf(this);
    Object.assign(handle, host.call("crypto.ecdh_keys", { curve: handle.curve }));
    return this.getPublicKey(encoding, format);
  };
  ECDH.prototype.getPublicKey = function getPublicKey(encoding, format) {
    const base = formatBase(format);
    const handle = handleOf(this);
    if (handle.public === null) throw failed("Failed to get ECDH public key");
    return encode(written(handle.public, base), encoding);
  };
  ECDH.convertKey = function convertKey(key, curve, inEnc, outEnc, format) {
    if (typeof curve !== "string") throw invalidArgType("curve", "of type string", curve);
    const bytes = binaryBytes(key, inEnc, "key", BYTES);
    const base = formatBase(format);
    const point = uncompressed(bytes, validCurve(curve));
    if (point === null) throw failed("Failed to convert Buffer to EC_POINT");
    return encode(written(point, base), outEnc);
  };

  // Node's stateless diffieHellman of two KeyObjects (EC on one curve, X25519 or X448).
  function diffieHellman(options) {
    if (options === null || typeof options !== "object" || Array.isArray(options)) throw invalidArgType("options", "of type object", options);
    const { privateKey, publicKey } = options;
    if (!(privateKey instanceof KeyObject)) throw invalidOption("privateKey", privateKey);
    if (!(publicKey instanceof KeyObject)) throw invalidOption("publicKey", publicKey);
    const privatePem = keyObjectPem(privateKey, "private");
    if (publicKey.type !== "public" && publicKey.type !== "private") throw invalidKeyType(publicKey.type, "private or public");
    const [privateType, publicType] = [privateKey.asymmetricKeyType, publicKey.asymmetricKeyType];
    if (privateType !== publicType || !["ec", "x25519", "x448"].includes(privateType)) {
      throw nodeError(Error, "ERR_CRYPTO_INCOMPATIBLE_KEY", `Incompatible key types for Diffie-Hellman: ${privateType} and ${publicType}`);
    }
    if (privateType === "ec" && privateKey.asymmetricKeyDetails.namedCurve !== publicKey.asymmetricKeyDetails.namedCurve) {
      throw opensslError({ error: "error:1C8000CB:Provider routines::mismatching domain parameters", library: "Provider routines",
        reason: "mismatching domain parameters", code: "ERR_OSSL_MISMATCHING_DOMAIN_PARAMETERS" });
    }
    return sharedSecret(privatePem, keyObjectPem(publicKey));
  }

  // The shared secret of two keys' PEM by the host, or OpenSSL's error as Node's when the derivation fails (an X25519
  // or X448 low-order point).
  function sharedSecret(privatePem, publicPem) {
    const secret = host.call("crypto.ecdh", { private: privatePem, public: publicPem });
    if (secret === null) {
      throw opensslError({ error: "error:1C8000A4:Provider routines::failed during derivation", library: "Provider routines",
        reason: "failed during derivation", code: "ERR_OSSL_FAILED_DURING_DERIVATION" });
    }
    return Buffer.from(secret, "latin1");
  }
  global.__segtui.sharedSecret = sharedSecret;  // for crypto_subtle_derive.js

  Object.assign(crypto, { ECDH, createECDH: function createECDH(curve) { return new ECDH(curve); }, diffieHellman });
})(globalThis);
