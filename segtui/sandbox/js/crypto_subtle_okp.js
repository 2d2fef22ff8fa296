// crypto.subtle's Ed25519 and X25519 keys as Node 20's (lib/internal/crypto/cfrg.js), for crypto_subtle.js: generateKey
// (the pair made by the host, key_pairs.py), importKey from SPKI, PKCS#8, a raw public key or an OKP JWK, exportKey
// raw and as a JWK (SPKI and PKCS#8 are crypto_subtle.js's, as any held PEM's), and Ed25519's sign and verify, by
// crypto_sign.js's one-shots; X25519's deriveBits is crypto_subtle_derive.js's. Checks and errors follow Node's order.
(function (global) {
  "use strict";
  const { DOMException } = global;
  const Buffer = global.__segtui.ownBuffer;  // not the handler's Buffer.from, …
  const { makeKey, dom, checkJwk } = global.__segtui.cryptoKeys;
  const { exported } = global.__segtui.cryptoJwk;
  const { jwkString } = global.__segtui.cryptoWebidl;
  const { nodeError } = global.__segtui.nodeErrors;
  const host = global.__segtui.host;
  const { listCopy, pemDer, sourceCopy } = global.__segtui.cryptoBytes;
  const { uncurry, append } = global.__segtui.intrinsics;
  const includes = uncurry(Array.prototype.includes);
  const toLowerCase = uncurry(String.prototype.toLowerCase);
  const { createPrivateKey, createPublicKey, sign, verify } = global.crypto;  // taken now: a handler may replace them
  const pemOf = global.__segtui.keyObjectPem;
  const NAMES = ["Ed25519", "X25519"];
  // The SPKI bytes before a raw public key of 32 bytes, by algorithm.
  const SPKI_HEADS = { __proto__: null, Ed25519: "302a300506032b6570032100", X25519: "302a300506032b656e032100" };
  // The PKCS#8 bytes before a raw private key of 32 bytes, by algorithm.
  const PKCS8_HEADS = { __proto__: null, Ed25519: "302e020100300506032b657004220420", X25519: "302e020100300506032b656e04220420" };
  const [SIGNING, DERIVING] = [["sign", "verify"], ["deriveKey", "deriveBits"]];

  // Node's verifyAcceptableCfrgKeyUse: the usages a half of the algorithm's pair may have.
  function checkUsages(name, isPublic, usages, article = "a") {
    const allowed = name === "Ed25519" ? (isPublic ? ["verify"] : ["sign"]) : (isPublic ? [] : DERIVING);
    for (let i = 0; i < usages.length; i++) {
      if (!includes(allowed, usages[i])) throw dom(`Unsupported key usage for ${article} ${name} key`, "SyntaxError");
    }
  }

  const union = (usages, wanted) => {
    const found = [];
    for (let i = 0; i < wanted.length; i++) if (includes(usages, wanted[i])) append(found, wanted[i]);
    return found;
  };

  function generateKey({ name }, extractable, usages) {
    const all = name === "Ed25519" ? SIGNING : DERIVING;
    for (let i = 0; i < usages.length; i++) {
      if (!includes(all, usages[i])) throw dom(`Unsupported key usage for an ${name} key`, "SyntaxError");
    }
    const made = host.call("crypto.generate_key_pair", { type: toLowerCase(name) });
    return {
      __proto__: null,
      privateKey: makeKey(made.private, { name }, union(usages, name === "Ed25519" ? ["sign"] : DERIVING), extractable, "private"),
      publicKey: makeKey(made.public, { name }, union(usages, name === "Ed25519" ? ["verify"] : []), true, "public"),
    };
  }

  // A public (or private) KeyObject of a raw key (Node's createCFRGRawKey).
  function rawKey(name, raw, isPublic = true) {
    if (raw.length !== 32) throw dom(`${name} raw keys must be exactly 32-bytes`, "DataError");
    const key = Buffer.concat([Buffer.from((isPublic ? SPKI_HEADS : PKCS8_HEADS)[name], "hex"), raw]);
    return (isPublic ? createPublicKey : createPrivateKey)({ key, format: "der", type: isPublic ? "spki" : "pkcs8" });
  }

  // A KeyObject `read` makes, any error it throws Node's DataError.
  function readKey(read) {
    try {
      return read();
    } catch {
      throw dom("Invalid keyData", "DataError");
    }
  }

  function fromJwk(jwk, name, extractable, usages) {
    if (!jwk.kty) throw dom("Invalid keyData", "DataError");
    if (jwk.kty !== "OKP") throw dom('Invalid JWK "kty" Parameter', "DataError");
    if (jwk.crv !== name) throw dom('JWK "crv" Parameter and algorithm name mismatch', "DataError");
    checkJwk(jwk, extractable, usages, name === "Ed25519" ? "sig" : "enc", "OKP");
    if (jwk.alg !== undefined && name === "Ed25519" && jwk.alg !== "EdDSA" && jwk.alg !== name) {
      throw dom('JWK "alg" does not match the requested algorithm', "DataError");
    }
    // d and x as Node's JsonWebKey dictionary makes them, in its order (segtui converts these two members alone, here).
    const d = jwkString(jwk, "d");
    const x = jwkString(jwk, "x");
    const isPublic = d === undefined;
    if (!isPublic && x === undefined) throw dom("Invalid JWK", "DataError");
    checkUsages(name, isPublic, usages);
    try {
      const publicKey = rawKey(name, Buffer.from(x, "base64"));
      if (isPublic) return publicKey;
      const privateKey = rawKey(name, Buffer.from(d, "base64"), false);
      if (!createPublicKey(privateKey).equals(publicKey)) throw nodeError(TypeError, "ERR_CRYPTO_INVALID_JWK", "Invalid JWK data");
      return privateKey;
    } catch (cause) {
      throw new DOMException("Invalid keyData", { name: "DataError", cause });
    }
  }

  function importKey(format, keyData, { name }, extractable, usages) {
    let key;
    if (format === "jwk") {
      key = fromJwk(keyData, name, extractable, usages);
    } else {
      const bytes = sourceCopy(keyData);
      checkUsages(name, format !== "pkcs8", usages);
      if (format === "raw") key = rawKey(name, bytes);
      else if (format === "spki") key = readKey(() => createPublicKey({ key: bytes, format: "der", type: "spki" }));
      else key = readKey(() => createPrivateKey({ key: bytes, format: "der", type: "pkcs8" }));
    }
    if (key.asymmetricKeyType !== toLowerCase(name)) throw dom("Invalid key type", "DataError");
    return makeKey(pemOf(key), { name }, usages, extractable, key.type);
  }

  // A held key's JWK or raw bytes, as Node's exportKey gives them; undefined for a format crypto_subtle.js answers.
  function exportKey(format, held) {
    const { name } = held.algorithm;
    if (format === "jwk") {
      const jwk = { key_ops: listCopy(held.shownUsages), ext: held.extractable, ...exported(held.secret, held.type === "private", toLowerCase(name), "jwk") };
      if (name === "Ed25519") jwk.alg = name;
      return jwk;
    }
    if (format === "raw" && held.type === "public") return pemDer(held.secret).subarray(12);
    return undefined;
  }

  // Ed25519's signature of `data` by a held key, or (given `signed`) whether it is one.
  function signature(held, data, signed) {
    if (signed === undefined) return sign(null, data, held.secret);
    return signed.length === 64 && verify(null, data, held.secret, signed);
  }

  global.__segtui.subtleOkp = { NAMES, generateKey, importKey, exportKey, signature };
})(globalThis);
