// KeyObjects as JWKs and in their older containers, for crypto_sign.js: a JWK given to createPrivateKey or
// createPublicKey (`format: "jwk"`) has its members checked as Node's getKeyObjectHandleFromJwk checks them and becomes
// PEM in the Python host (segtui/sandbox/jwk_keys.py, over segtui/jwk_numbers.py), which also writes a key as KeyObject.export's JWK, PKCS#1 or SEC1.
(function (global) {
  "use strict";
  const host = global.__segtui.host;
  const { nodeError, invalidArgType, inspect } = global.__segtui.nodeErrors;
  const { isArray } = Array;
  const { uncurry, append } = global.__segtui.intrinsics;
  const includes = uncurry(Array.prototype.includes);
  const join = uncurry(Array.prototype.join);
  const CURVES = { __proto__: null, OKP: ["Ed25519", "Ed448", "X25519", "X448"], EC: ["P-256", "secp256k1", "P-384", "P-521"] };
  const PUBLIC_MEMBERS = { __proto__: null, OKP: ["x"], EC: ["x", "y"], RSA: ["n", "e"] };
  const PRIVATE_MEMBERS = { __proto__: null, OKP: ["d"], EC: ["d"], RSA: ["d", "p", "q", "dp", "dq", "qi"] };
  // The key types whose KeyObjects export as a JWK.
  const JWK_TYPES = ["rsa", "ec", "ed25519", "ed448", "x25519", "x448"];

  function oneOf(value, name, allowed) {
    if (!includes(allowed, value)) {
      const quoted = [];
      for (let i = 0; i < allowed.length; i++) append(quoted, `'${allowed[i]}'`);
      const listed = join(quoted, ", ");
      throw nodeError(TypeError, "ERR_INVALID_ARG_VALUE", `The property '${name}' must be one of: ${listed}. Received ${inspect(value)}`);
    }
  }

  // An error the host answered: Node's C++ side's has its code but no [CODE] in its text, as crypto_cipher.js's.
  function answered(reply, Type) {
    if (!reply.native) return nodeError(Type, reply.code, reply.error);
    const error = new Type(reply.error);
    error.code = reply.code;
    return error;
  }

  // The PEM of the key a JWK holds: a public one (its public members only) or a private one.
  function jwkPem(jwk, isPublic) {
    if (jwk === null || typeof jwk !== "object" || isArray(jwk)) throw invalidArgType("key.key", "of type object", jwk);
    const { kty } = jwk;
    oneOf(kty, "key.kty", ["RSA", "EC", "OKP"]);
    const picked = { kty };
    if (kty !== "RSA") {
      if (typeof jwk.crv !== "string") throw invalidArgType("key.crv", "of type string", jwk.crv);
      oneOf(jwk.crv, "key.crv", CURVES[kty]);
      picked.crv = jwk.crv;
    }
    const members = isPublic ? PUBLIC_MEMBERS[kty] : [...PUBLIC_MEMBERS[kty], ...PRIVATE_MEMBERS[kty]];
    for (let i = 0; i < members.length; i++) {
      const value = jwk[members[i]];
      if (typeof value !== "string") throw invalidArgType(`key.${members[i]}`, "of type string", value);
      picked[members[i]] = value;
    }
    const reply = host.call("crypto.jwk_pem", { jwk: picked, private: !isPublic });
    if (reply.error !== undefined) throw answered(reply, TypeError);
    return reply.pem;
  }

  // A KeyObject's key (`pem`, of `keyType`) as a JWK, or in the container `format` names ("pkcs1" or "sec1") as PEM.
  function exported(pem, isPrivate, keyType, format) {
    if (format === "jwk" && !includes(JWK_TYPES, keyType)) {
      throw nodeError(Error, "ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE", "Unsupported JWK Key Type.");
    }
    const reply = host.call("crypto.key_export", { key: pem, private: isPrivate, format });
    if (reply.error !== undefined) throw answered(reply, Error);
    return format === "jwk" ? reply.jwk : reply.pem;
  }

  global.__segtui.cryptoJwk = { jwkPem, exported };
})(globalThis);
