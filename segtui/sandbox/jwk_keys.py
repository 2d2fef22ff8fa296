"""Python side of KeyObjects as JWKs and in their older containers, by Python's cryptography, with Node's errors.

crypto.createPrivateKey / createPublicKey of a JWK (RSA, EC or OKP, whose members crypto_jwk.js checked as Node's
getKeyObjectHandleFromJwk does) become PEM here, and KeyObject.export writes a key as a JWK, as PKCS#1 (an RSA key) or
as SEC1 (an EC private key).
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa, x448, x25519

from segtui.sandbox.pem_keys import KeyError_, private_key, public_key

_CURVES: dict[str, type[ec.EllipticCurve]] = {"P-256": ec.SECP256R1, "secp256k1": ec.SECP256K1, "P-384": ec.SECP384R1,
                                              "P-521": ec.SECP521R1}
_JWK_CURVES = {curve().name: name for name, curve in _CURVES.items()}
_OKP: dict[str, tuple[Any, Any, int]] = {
    "Ed25519": (ed25519.Ed25519PrivateKey, ed25519.Ed25519PublicKey, 32), "Ed448": (ed448.Ed448PrivateKey, ed448.Ed448PublicKey, 57),
    "X25519": (x25519.X25519PrivateKey, x25519.X25519PublicKey, 32), "X448": (x448.X448PrivateKey, x448.X448PublicKey, 56),
}
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/]")
_UNSUPPORTED_JWK = {"error": "Unsupported JWK Key Type.", "code": "ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE"}


def _invalid(kind: str) -> dict[str, Any]:
    """Node's error for a JWK of `kind` that holds no key: its C++ side's for RSA and EC, its JavaScript's for OKP."""
    if kind in ("RSA", "EC"):
        return {"error": f"Invalid JWK {kind} key", "code": "ERR_CRYPTO_INVALID_JWK", "native": True}
    return {"error": "Invalid JWK data", "code": "ERR_CRYPTO_INVALID_JWK"}


def _bytes(text: str) -> bytes:
    """A JWK member's bytes as Node's Buffer.from(text, "base64") reads them: either alphabet, what is not base64 skipped."""
    cleaned = _NOT_BASE64.sub("", text.replace("-", "+").replace("_", "/"))
    cleaned = cleaned[:-1] if len(cleaned) % 4 == 1 else cleaned  # a lone last character is no byte
    return base64.b64decode(cleaned + "=" * (-len(cleaned) % 4))


def _int(text: str) -> int:
    return int.from_bytes(_bytes(text), "big")


def _text(value: bytes | int, size: int = 0) -> str:
    data = value if isinstance(value, bytes) else value.to_bytes(max(size, (value.bit_length() + 7) // 8, 1), "big")
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _key(jwk: dict[str, str], private: bool) -> Any:
    if jwk["kty"] == "OKP":
        private_type, public_type, size = _OKP[jwk["crv"]]
        data = _bytes(jwk["d"] if private else jwk["x"])
        if len(data) != size:
            raise ValueError
        return private_type.from_private_bytes(data) if private else public_type.from_public_bytes(data)
    if jwk["kty"] == "EC":
        point = ec.EllipticCurvePublicNumbers(_int(jwk["x"]), _int(jwk["y"]), _CURVES[jwk["crv"]]())
        return ec.EllipticCurvePrivateNumbers(_int(jwk["d"]), point).private_key() if private else point.public_key()
    numbers = rsa.RSAPublicNumbers(_int(jwk["e"]), _int(jwk["n"]))
    if not private:
        return numbers.public_key()
    return rsa.RSAPrivateNumbers(_int(jwk["p"]), _int(jwk["q"]), _int(jwk["d"]), _int(jwk["dp"]), _int(jwk["dq"]),
                                 _int(jwk["qi"]), numbers).private_key(unsafe_skip_rsa_key_validation=True)  # as OpenSSL


def jwk_pem(payload: dict[str, Any]) -> dict[str, Any]:
    """The JWK `jwk` as unencrypted PKCS#8 (`private`) or SPKI PEM (`pem`); {"error", "code"} when it holds no such key."""
    jwk, private = payload["jwk"], bool(payload.get("private"))
    try:
        key = _key(jwk, private)
    except (ValueError, binascii.Error, UnsupportedAlgorithm, OverflowError):
        return _invalid(jwk["kty"])
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()) \
        if private else key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return {"pem": pem.decode("latin-1")}


def _jwk(key: Any, private: bool) -> dict[str, str]:
    """The key as Node's KeyObject.export({format: "jwk"}) writes it, its members in Node's order."""
    public = key.public_key() if private else key
    if isinstance(public, rsa.RSAPublicKey):
        found = {"kty": "RSA", "n": _text(public.public_numbers().n), "e": _text(public.public_numbers().e)}
        if private:
            numbers = key.private_numbers()
            found.update(d=_text(numbers.d), p=_text(numbers.p), q=_text(numbers.q), dp=_text(numbers.dmp1),
                         dq=_text(numbers.dmq1), qi=_text(numbers.iqmp))
        return found
    if isinstance(public, ec.EllipticCurvePublicKey):
        if public.curve.name not in _JWK_CURVES:
            raise KeyError_(_UNSUPPORTED_JWK)
        size = (public.curve.key_size + 7) // 8
        point = public.public_numbers()
        found = {"kty": "EC", "x": _text(point.x, size), "y": _text(point.y, size), "crv": _JWK_CURVES[public.curve.name]}
        if private:
            found["d"] = _text(key.private_numbers().private_value, size)
        return found
    name = next((name for name, (_, kind, _) in _OKP.items() if isinstance(public, kind)), None)
    if name is None:
        raise KeyError_(_UNSUPPORTED_JWK)
    raw = serialization.Encoding.Raw
    found = {"crv": name}
    if private:
        found["d"] = _text(key.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()))
    return {**found, "x": _text(public.public_bytes(raw, serialization.PublicFormat.Raw)), "kty": "OKP"}


def key_export(payload: dict[str, Any], deadline: Callable[[], float]) -> dict[str, Any]:
    """The PEM key `key` (a private one when `private`) as a JWK (`jwk`) or as PKCS#1 or SEC1 PEM (`pem`), as `format`
    asks; {"error", "code"} when it cannot be written so."""
    private = bool(payload.get("private"))
    try:
        key = private_key(payload, deadline) if private else public_key(payload, deadline)
        if payload["format"] == "jwk":
            return {"jwk": _jwk(key, private)}
    except KeyError_ as error:
        return error.fields
    if private:
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
    else:
        pem = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.PKCS1)
    return {"pem": pem.decode("latin-1")}
