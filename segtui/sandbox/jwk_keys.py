"""Python side of KeyObjects as JWKs and in their older containers, by Python's cryptography, with Node's errors.

crypto.createPrivateKey / createPublicKey of a JWK (RSA, EC or OKP, whose members crypto_jwk.js checked as Node's
getKeyObjectHandleFromJwk does) become PEM here, and KeyObject.export writes a key as a JWK, as PKCS#1 (an RSA key) or
as SEC1 (an EC private key).
"""

from __future__ import annotations

import binascii
from collections.abc import Callable
from typing import Any

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization

from segtui.jwk_numbers import UnsupportedJwk, jwk_key, key_jwk
from segtui.sandbox.pem_keys import KeyError_, private_key, public_key

_UNSUPPORTED_JWK = {"error": "Unsupported JWK Key Type.", "code": "ERR_CRYPTO_JWK_UNSUPPORTED_KEY_TYPE"}


def _invalid(kind: str) -> dict[str, Any]:
    """Node's error for a JWK of `kind` that holds no key: its C++ side's for RSA and EC, its JavaScript's for OKP."""
    if kind in ("RSA", "EC"):
        return {"error": f"Invalid JWK {kind} key", "code": "ERR_CRYPTO_INVALID_JWK", "native": True}
    return {"error": "Invalid JWK data", "code": "ERR_CRYPTO_INVALID_JWK"}


def jwk_pem(payload: dict[str, Any]) -> dict[str, Any]:
    """The JWK `jwk` as unencrypted PKCS#8 (`private`) or SPKI PEM (`pem`); {"error", "code"} when it holds no such key."""
    jwk, private = payload["jwk"], bool(payload.get("private"))
    try:
        key = jwk_key(jwk, private)
    except (ValueError, binascii.Error, UnsupportedAlgorithm, OverflowError):
        return _invalid(jwk["kty"])
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()) \
        if private else key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return {"pem": pem.decode("latin-1")}


def key_export(payload: dict[str, Any], deadline: Callable[[], float]) -> dict[str, Any]:
    """The PEM key `key` (a private one when `private`) as a JWK (`jwk`) or as PKCS#1 or SEC1 PEM (`pem`), as `format`
    asks; {"error", "code"} when it cannot be written so."""
    private = bool(payload.get("private"))
    try:
        key = private_key(payload, deadline) if private else public_key(payload, deadline)
        if payload["format"] == "jwk":
            return {"jwk": key_jwk(key, private)}
    except KeyError_ as error:
        return error.fields
    except UnsupportedJwk:
        return dict(_UNSUPPORTED_JWK)
    if private:
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption())
    else:
        pem = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.PKCS1)
    return {"pem": pem.decode("latin-1")}
