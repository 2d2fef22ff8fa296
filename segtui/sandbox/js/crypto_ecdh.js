// crypto.createECDH, crypto.ECDH and crypto.diffieHellman (of KeyObjects) as Node 20's (lib/internal/crypto/diffiehellman.js over its ECDH binding): keys
// made, derived from a private scalar and the shared secret computed by the host (key_pairs.py) on the curves
// cryptography has; the points' compressed and hybrid forms written here. Argument checks and errors follow Node; a
// curve Node has and cryptography does not is refused as not available in segtui.
(function (global) {
  "use strict";
  const host = global.__segtui.host;
  const crypto = global.crypto;
  const Buffer = global.__segtui.ownBuffer;  // not the handler's Buffer.from, …
  const { uncurry } = global.__segtui.intrinsics;
  const { nodeError, invalidArgType, opensslError } = global.__segtui.nodeErrors;
  const { binaryBytes } = global.__segtui.cryptoBytes;
  const { keyObjectPem, invalidKeyType } = global.__segtui;  // crypto_sign.js
  const { invalidOption } = global.__segtui.keyEncoding;
  const { KeyObject } = crypto;
  const { CURVES, heldCurve } = global.__segtui.ecCurves;  // crypto_key_pairs.js
  const { isArray } = Array;  // taken now, as the methods below: a handler may replace them
  const includes = uncurry(Array.prototype.includes);
  const [weakGet, weakSet] = ["get", "set"].map((name) => uncurry(WeakMap.prototype[name]));
  const handles = new WeakMap();  // an ECDH's {curve, private, public, own: the private key's public}, keys as latin1 text
  const INFINITY = "\0";  // the point at infinity, which OpenSSL reads from a lone zero byte
  const BYTES = "of type string or an instance of ArrayBuffer, Buffer, TypedArray, or DataView";
  const failed = (message) => nodeError(Error, "ERR_CRYPTO_OPERATION_FAILED", message);
  const isEncoding = Buffer.isEncoding;  // taken now: a handler may replace it

  // Node's getArrayBufferOrView of a key: a text's encoding Buffer.from does not know is Node's error.
  function keyBytes(key, encoding) {
    if (typeof key === "string" && typeof encoding === "string" && encoding !== "" && encoding !== "buffer"
      && !isEncoding(encoding)) {
      throw nodeError(TypeError, "ERR_UNKNOWN_ENCODING", `Unknown encoding: ${encoding}`);
    }
    return binaryBytes(key, encoding, "key", BYTES);
  }

  function validCurve(curve) {
    if (typeof curve !== "string") throw invalidArgType("curve", "of type string", curve);
    if (!includes(CURVES, curve)) throw nodeError(TypeError, "ERR_CRYPTO_INVALID_CURVE", "Invalid EC curve name");
    if (!heldCurve(curve)) throw new Error(`crypto.createECDH on the curve ${curve} is not available in segtui`);
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
    return bytes.toString(encoding);
  }

  // An uncompressed point (latin1 text) written with the first byte `base`; the point at infinity is its zero byte.
  function written(point, base) {
    const bytes = Buffer.from(point, "latin1");
    if (base === 4 || point === INFINITY) return bytes;
    const half = (bytes.length - 1) / 2;
    const odd = bytes[bytes.length - 1] & 1;
    const head = Buffer.from([base + odd]);
    return Buffer.concat(base === 2 ? [head, bytes.subarray(1, 1 + half)] : [head, bytes.subarray(1)]);
  }

  // The uncompressed point (latin1 text) of a point in any of the three forms on `curve` or at infinity, or null for no
  // point of it (a hybrid point's first byte names its y's parity, as OpenSSL checks).
  function uncompressed(bytes, curve) {
    if (bytes.length === 1 && bytes[0] === 0) return INFINITY;
    const given = Buffer.from(bytes);
    if ((given[0] === 6 || given[0] === 7) && given.length % 2 === 1) {
      if ((given[0] & 1) !== (given[given.length - 1] & 1)) return null;
      given[0] = 4;
    }
    return host.call("crypto.ecdh_point", { curve, public: given.toString("latin1") });
  }

  function ECDH(curve) {
    if (!(this instanceof ECDH)) return new ECDH(curve);
    weakSet(handles, this, { curve: validCurve(curve), private: null, public: null, own: null });
  }
  const handleOf = (self) => {
    const handle = weakGet(handles, self);
    if (handle === undefined) throw new TypeError("Illegal invocation");
    return handle;
  };

  // Node's: OpenSSL's check of the pair (a public key, not at infinity, the private key's if both are set), the other
  // point read, then the secret.
  ECDH.prototype.computeSecret = function computeSecret(key, inEnc, outEnc) {
    const bytes = keyBytes(key, inEnc);
    const handle = handleOf(this);
    if (handle.public === null || handle.public === INFINITY || (handle.private !== null && handle.public !== handle.own)) {
      throw nodeError(RangeError, "ERR_CRYPTO_INVALID_KEYPAIR", "Invalid key pair");
    }
    const point = uncompressed(bytes, handle.curve);
    if (point === null) throw nodeError(Error, "ERR_CRYPTO_ECDH_INVALID_PUBLIC_KEY", "Public key is not valid for specified curve");
    if (point === INFINITY || handle.private === null) throw failed("Failed to compute ECDH key");
    const secret = host.call("crypto.ecdh_secret", { curve: handle.curve, private: handle.private, public: point });
    return encode(Buffer.from(secret, "latin1"), outEnc);
  };
  // The keys of the private scalar or a new pair (`keys`, as the host gives them) set on `handle`.
  const setKeys = (handle, keys) => {
    handle.private = keys.private;
    handle.public = keys.public;
    handle.own = keys.public;
  };
  ECDH.prototype.setPrivateKey = function setPrivateKey(key, encoding) {
    const bytes = keyBytes(key, encoding);
    const handle = handleOf(this);
    const keys = host.call("crypto.ecdh_keys", { curve: handle.curve, private: bytes.toString("latin1") });
    if (keys === null) throw nodeError(RangeError, "ERR_CRYPTO_INVALID_KEYTYPE", "Private key is not valid for specified curve.");
    setKeys(handle, keys);
    return this;
  };
  ECDH.prototype.setPublicKey = function setPublicKey(key, encoding) {
    const bytes = keyBytes(key, encoding);
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
    setKeys(handle, host.call("crypto.ecdh_keys", { curve: handle.curve }));
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
    const bytes = keyBytes(key, inEnc);
    const base = formatBase(format);
    if (bytes.length === 0) return "";  // Node's binding answers an empty key so, before it reads the curve
    const point = uncompressed(bytes, validCurve(curve));
    if (point === null) throw failed("Failed to convert Buffer to EC_POINT");
    return encode(written(point, base), outEnc);
  };

  // Node's stateless diffieHellman of two KeyObjects (EC on one curve, X25519 or X448).
  function diffieHellman(options) {
    if (options === null || typeof options !== "object" || isArray(options)) throw invalidArgType("options", "of type object", options);
    const { privateKey, publicKey } = options;
    if (!(privateKey instanceof KeyObject)) throw invalidOption("privateKey", privateKey);
    if (!(publicKey instanceof KeyObject)) throw invalidOption("publicKey", publicKey);
    const privatePem = keyObjectPem(privateKey, "private");
    if (publicKey.type !== "public" && publicKey.type !== "private") throw invalidKeyType(publicKey.type, "private or public");
    const [privateType, publicType] = [privateKey.asymmetricKeyType, publicKey.asymmetricKeyType];
    if (privateType !== publicType || !includes(["ec", "x25519", "x448"], privateType)) {
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
