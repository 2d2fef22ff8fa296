// crypto.generateKeyPairSync and generateKeyPair as Node 20's (lib/internal/crypto/keygen.js) for RSA, EC, Ed25519,
// Ed448, X25519 and X448 pairs, and crypto.getCurves: the encodings, then the type's options, checked in Node's order
// with its errors; the pair made by the host (key_pairs.py, as PEM) and given as KeyObjects (crypto_sign.js) or, for
// an encoding asked for, as what KeyObject.export gives for it. Another type, an RSA key cryptography does not make
// or a curve it has no keys on is refused as not available in segtui.
(function (global) {
  "use strict";
  const host = global.__segtui.host;
  const crypto = global.crypto;
  const { createPrivateKey, createPublicKey } = crypto;  // taken now: a handler may replace them
  const { nodeError, invalidArgType, invalidArgValue, validateInteger, opensslError } = global.__segtui.nodeErrors;
  const { formatAndType, invalidOption, checkCipher } = global.__segtui.keyEncoding;
  const later = global.setImmediate;
  const { uncurry } = global.__segtui.intrinsics;
  const { isArray } = Array;  // taken now, as the methods below: a handler may replace them
  const [includes, slice] = [uncurry(Array.prototype.includes), uncurry(Array.prototype.slice)];
  const UINT32_MAX = 4294967295;
  // Node 20's getCurves() (OpenSSL 3's short names), and the NIST names its EC key generation takes too.
  const CURVES = ("Oakley-EC2N-3 Oakley-EC2N-4 SM2 brainpoolP160r1 brainpoolP160t1 brainpoolP192r1 brainpoolP192t1 " +
    "brainpoolP224r1 brainpoolP224t1 brainpoolP256r1 brainpoolP256t1 brainpoolP320r1 brainpoolP320t1 brainpoolP384r1 " +
    "brainpoolP384t1 brainpoolP512r1 brainpoolP512t1 c2pnb163v1 c2pnb163v2 c2pnb163v3 c2pnb176v1 c2pnb208w1 c2pnb272w1 " +
    "c2pnb304w1 c2pnb368w1 c2tnb191v1 c2tnb191v2 c2tnb191v3 c2tnb239v1 c2tnb239v2 c2tnb239v3 c2tnb359v1 c2tnb431r1 " +
    "prime192v1 prime192v2 prime192v3 prime239v1 prime239v2 prime239v3 prime256v1 secp112r1 secp112r2 secp128r1 " +
    "secp128r2 secp160k1 secp160r1 secp160r2 secp192k1 secp224k1 secp224r1 secp256k1 secp384r1 secp521r1 sect113r1 " +
    "sect113r2 sect131r1 sect131r2 sect163k1 sect163r1 sect163r2 sect193r1 sect193r2 sect233k1 sect233r1 sect239k1 " +
    "sect283k1 sect283r1 sect409k1 sect409r1 sect571k1 sect571r1 wap-wsg-idm-ecid-wtls1 wap-wsg-idm-ecid-wtls10 " +
    "wap-wsg-idm-ecid-wtls11 wap-wsg-idm-ecid-wtls12 wap-wsg-idm-ecid-wtls3 wap-wsg-idm-ecid-wtls4 " +
    "wap-wsg-idm-ecid-wtls5 wap-wsg-idm-ecid-wtls6 wap-wsg-idm-ecid-wtls7 wap-wsg-idm-ecid-wtls8 " +
    "wap-wsg-idm-ecid-wtls9").split(" ");
  const NIST = ["P-192", "P-224", "P-256", "P-384", "P-521"];
  const OTHER_TYPES = ["ed25519", "ed448", "x25519", "x448"];
  const invalidCurve = () => nodeError(TypeError, "ERR_CRYPTO_INVALID_CURVE", "Invalid EC curve name");
  const unavailable = (what) => new Error(`crypto.generateKeyPair with ${what} is not available in segtui`);

  function validateObject(value, name) {
    if (value === null || typeof value !== "object" || isArray(value)) throw invalidArgType(name, "of type object", value);
  }

  // Node's parseKeyEncoding for one half of the pair: undefined for a KeyObject, else the options export takes.
  function encodingOf(given, keyType, isPublic, objName) {
    if (given == null) return undefined;
    if (typeof given !== "object") throw invalidOption(objName, given);
    const { format, type } = formatAndType(given, false, isPublic, keyType, objName);
    if (isPublic) return { format, type };
    const { cipher, passphrase } = given;
    if (cipher != null) {
      if (typeof cipher !== "string") throw invalidOption(`${objName}.cipher`, cipher);
      if (format === "der" && (type === "pkcs1" || type === "sec1")) {
        throw nodeError(Error, "ERR_CRYPTO_INCOMPATIBLE_KEY_OPTIONS", `The selected key encoding ${type} does not support encryption.`);
      }
      if (typeof passphrase !== "string" && !ArrayBuffer.isView(passphrase)) throw invalidOption(`${objName}.passphrase`, passphrase);
      return { format, type, cipher, passphrase };
    }
    if (passphrase !== undefined) throw invalidOption(`${objName}.cipher`, cipher);
    return { format, type };
  }

  // Node's parseKeyEncoding (keygen.js) of the pair (its `options` destructured as Node's, null refused as it is).
  function bothEncodings(type, options = {}) {
    const { publicKeyEncoding, privateKeyEncoding } = options;
    return [encodingOf(publicKeyEncoding, type, true, "publicKeyEncoding"), encodingOf(privateKeyEncoding, type, false, "privateKeyEncoding")];
  }

  // Node's createJob: the encodings and the type's options checked, then (as its job's constructor does) the private
  // key's cipher, as what the host is asked to make; every error is thrown to the caller, generateKeyPair's too.
  function asked(type, options) {
    if (typeof type !== "string") throw invalidArgType("type", "of type string", type);
    const encodings = bothEncodings(type, options);
    if (options !== undefined) validateObject(options, "options");
    const request = typeRequest(type, options);
    if (encodings[1] !== undefined && encodings[1].cipher !== undefined) checkCipher(encodings[1].cipher);
    return { encodings, request };
  }

  // What the host is asked to make for the type's options, checked in Node's order.
  function typeRequest(type, options) {
    if (type === "rsa") {
      validateObject(options, "options");
      const { modulusLength } = options;
      validateInteger(modulusLength, "options.modulusLength", 0, UINT32_MAX);
      let { publicExponent } = options;  // read once, after modulusLength is checked, as Node's
      if (publicExponent == null) publicExponent = 0x10001;
      else validateInteger(publicExponent, "options.publicExponent", 0, UINT32_MAX);
      return { type, modulusLength, publicExponent };
    }
    if (type === "ec") {
      validateObject(options, "options");
      const { namedCurve, paramEncoding } = options;
      if (typeof namedCurve !== "string") throw invalidArgType("options.namedCurve", "of type string", namedCurve);
      if (paramEncoding != null && paramEncoding !== "named" && paramEncoding !== "explicit") {
        throw invalidOption("paramEncoding", paramEncoding);
      }
      if (!includes(CURVES, namedCurve) && !includes(NIST, namedCurve)) throw invalidCurve();
      if (paramEncoding === "explicit") throw unavailable("explicit curve parameters");
      return { type, curve: namedCurve };
    }
    if (includes(OTHER_TYPES, type)) return { type };
    if (includes(["rsa-pss", "dsa", "dh"], type)) throw unavailable(`${type} keys`);
    throw invalidArgValue("type", type, "must be a supported key type");
  }

  // The pair the host makes for a checked request, each half a KeyObject or encoded as asked.
  function made({ encodings, request }) {
    const answer = host.call("crypto.generate_key_pair", request);
    if (answer.unsupported !== undefined) throw unavailable(answer.unsupported);
    if (answer.failed !== undefined) throw opensslError({ error: answer.failed });
    const privateKey = createPrivateKey(answer.private);
    const publicKey = createPublicKey(privateKey);
    return {
      publicKey: encodings[0] === undefined ? publicKey : publicKey.export(encodings[0]),
      privateKey: encodings[1] === undefined ? privateKey : privateKey.export(encodings[1]),
    };
  }

  function generateKeyPairSync(type, options) {
    return made(asked(type, options));
  }

  function generateKeyPair(type, options, callback) {
    if (typeof options === "function") {
      callback = options;
      options = undefined;
    }
    if (typeof callback !== "function") throw invalidArgType("callback", "of type function", callback);
    const request = asked(type, options);
    later(() => {
      let pair;
      try {
        pair = made(request);
      } catch (error) {
        callback(error);
        return;
      }
      callback(null, pair.publicKey, pair.privateKey);
    });
  }

  Object.assign(crypto, { generateKeyPairSync, generateKeyPair, getCurves: function getCurves() { return slice(CURVES); } });
  let held = null;
  // Whether the host makes keys on the curve (key_pairs.py's CURVES, asked for once).
  const heldCurve = (curve) => includes(held = held || host.call("crypto.ec_curves", null), curve);
  global.__segtui.ecCurves = { CURVES, heldCurve };  // for crypto_ecdh.js
})(globalThis);
