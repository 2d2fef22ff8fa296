// crypto.subtle.generateKey of RSA (RSASSA-PKCS1-v1_5, RSA-PSS, RSA-OAEP), ECDSA and ECDH key pairs as Node 20's
// (lib/internal/crypto/rsa.js's rsaKeyGenerate and ec.js's ecGenerateKey), for crypto_subtle.js: the curve or the
// public exponent, then the usages checked in Node's order; the pair made by the host (key_pairs.py, as PKCS#8 and SPKI
// PEM, as an imported key is kept), each key given the usages of its half.
(function (global) {
  "use strict";
  const { DOMException } = global;
  const { makeKey, dom } = global.__segtui.cryptoKeys;
  const host = global.__segtui.host;
  const { uncurry, append } = global.__segtui.intrinsics;
  const includes = uncurry(Array.prototype.includes);
  // The usages each half of a pair may have, by algorithm: [public's, private's].
  const HALVES = { __proto__: null, "RSA-OAEP": [["encrypt", "wrapKey"], ["decrypt", "unwrapKey"]], ECDSA: [["verify"], ["sign"]],
    "RSASSA-PKCS1-v1_5": [["verify"], ["sign"]], "RSA-PSS": [["verify"], ["sign"]], ECDH: [[], ["deriveKey", "deriveBits"]] };

  // Node's bigIntArrayToUnsignedInt: the big-endian bytes as a number, undefined past 32 bits.
  function unsignedInt(bytes) {
    let result = 0;
    for (let n = 0; n < bytes.length; ++n) {
      const reversed = bytes.length - n - 1;
      if (reversed >= 4 && bytes[n]) return undefined;
      result |= bytes[n] << (8 * reversed);
    }
    return result;
  }

  // Node's getUsagesUnion: those of `wanted` that were asked for, in `wanted`'s order.
  function union(usages, wanted) {
    const found = [];
    for (let i = 0; i < wanted.length; i++) if (includes(usages, wanted[i])) append(found, wanted[i]);
    return found;
  }

  // A pair for `algorithm` (normalized), as a null-prototype object, as Node's; `curves` are the named curves known.
  function keyPair(algorithm, extractable, usages, curves) {
    const { name } = algorithm;
    const halves = HALVES[name];
    let asked;
    let shown;
    const ec = name === "ECDSA" || name === "ECDH";
    if (ec) {
      if (!(algorithm.namedCurve in curves)) throw dom("Unrecognized namedCurve", "NotSupportedError");
      asked = { type: "ec", curve: algorithm.namedCurve };
      shown = { name, namedCurve: algorithm.namedCurve };
    } else {
      const publicExponent = unsignedInt(algorithm.publicExponent);
      if (publicExponent === undefined) {
        throw dom("The publicExponent must be equivalent to an unsigned 32-bit value", "OperationError");
      }
      asked = { type: "rsa", modulusLength: algorithm.modulusLength, publicExponent };
      shown = { name, modulusLength: algorithm.modulusLength, publicExponent: algorithm.publicExponent, hash: { name: algorithm.hash.name } };
    }
    for (let i = 0; i < usages.length; i++) {
      if (!includes(halves[0], usages[i]) && !includes(halves[1], usages[i])) {
        throw dom(`Unsupported key usage for ${ec ? `an ${name}` : "a RSA"} key`, "SyntaxError");
      }
    }
    const made = host.call("crypto.generate_key_pair", asked);
    if (made.unsupported !== undefined) {
      throw dom(`crypto.subtle.generateKey with ${made.unsupported} is not available in segtui`, "NotSupportedError");
    }
    if (made.failed !== undefined) {  // OpenSSL refused the RSA exponent
      throw new DOMException("The operation failed for an operation-specific reason", { name: "OperationError", cause: new Error(made.failed) });
    }
    return {
      __proto__: null,
      publicKey: makeKey(made.public, shown, union(usages, halves[0]), true, "public"),
      privateKey: makeKey(made.private, shown, union(usages, halves[1]), extractable, "private"),
    };
  }

  global.__segtui.subtleGenerate = { keyPair };
})(globalThis);
