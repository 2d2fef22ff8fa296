"""Python side of crypto.publicEncrypt/privateDecrypt: RSA encryption with PEM keys (OAEP, PKCS#1 v1.5 or none), with
the errors OpenSSL gives through Node 20.

Bytes cross the host channel as latin-1 strings (one char per byte), as host_services.py's do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa

from segtui.sandbox.host_services import hashlib_name
from segtui.sandbox.signatures import HASHES, KeyError_, private_key, public_key

_PKCS1, _NONE, _OAEP = 1, 3, 4  # crypto.constants.RSA_PKCS1_PADDING, RSA_NO_PADDING, RSA_PKCS1_OAEP_PADDING
_RSA = "rsa routines"


def _openssl(code: str, reason: str, stack: list[str] | None = None) -> dict[str, Any]:
    """An OpenSSL error as Node 20 throws it: the message, library, reason, ERR_OSSL_ code and any errors under it."""
    found: dict[str, Any] = {"error": f"error:{code}:{_RSA}::{reason}", "library": _RSA, "reason": reason,
                             "code": "ERR_OSSL_RSA_" + reason.upper().replace(" ", "_")}
    if stack:
        found["stack"] = stack
    return found


_FAILED = ["error:1C8000A2:Provider routines::failed to decrypt"]
_TOO_LARGE = _openssl("0200006E", "data too large for key size")


def _digest(name: str) -> hashes.HashAlgorithm | None:
    try:
        return HASHES[hashlib_name(name)]()
    except KeyError:
        return None


def _oaep(payload: dict[str, Any]) -> padding.OAEP | None:
    digest = _digest(payload.get("oaepHash") or "sha1")
    if digest is None:
        return None
    label = payload.get("oaepLabel")
    return padding.OAEP(mgf=padding.MGF1(digest), algorithm=digest, label=label.encode("latin-1") if label else None)


def _raw(value: int, exponent: int, modulus: int, size: int) -> str:
    return pow(value, exponent, modulus).to_bytes(size, "big").decode("latin-1")


def encrypt(payload: dict[str, Any], deadline: Callable[[], float]) -> dict[str, Any]:
    """`data` encrypted with a PEM public key (or a private key's public half): {"output"} or Node's error."""
    try:
        key = public_key(payload, deadline)
    except KeyError_ as error:
        return {"error": str(error), "library": "DECODER routines", "reason": "unsupported", "code": "ERR_OSSL_UNSUPPORTED"}
    if not isinstance(key, rsa.RSAPublicKey):
        return {"error": "operation not supported for this keytype"}
    data, mode, size = payload["data"].encode("latin-1"), payload["padding"], (key.key_size + 7) // 8
    if mode == _OAEP:
        scheme = _oaep(payload)
        if scheme is None:
            return {"error": "Invalid digest used", "code": "ERR_OSSL_EVP_INVALID_DIGEST"}
        if len(data) > size - 2 * scheme.algorithm.digest_size - 2:
            return _TOO_LARGE
        return {"output": key.encrypt(data, scheme).decode("latin-1")}
    if mode == _PKCS1:
        return _TOO_LARGE if len(data) > size - 11 else {"output": key.encrypt(data, padding.PKCS1v15()).decode("latin-1")}
    if mode == _NONE:
        numbers = key.public_numbers()
        if len(data) != size:
            return _TOO_LARGE if len(data) > size else _openssl("0200007A", "data too small for key size")
        if int.from_bytes(data, "big") >= numbers.n:
            return _openssl("02000084", "data too large for modulus")
        return {"output": _raw(int.from_bytes(data, "big"), numbers.e, numbers.n, size)}
    return _openssl("02000076", "unknown padding type")


def decrypt(payload: dict[str, Any], deadline: Callable[[], float]) -> dict[str, Any]:
    """`data` decrypted with a PEM private key: {"output"} or Node's error."""
    try:
        key = private_key(payload, deadline)
    except KeyError_ as error:
        if _public_only(payload, deadline):
            return _openssl("020000B3", "missing private key", _FAILED)
        return {"error": str(error), "library": "DECODER routines", "reason": "unsupported", "code": "ERR_OSSL_UNSUPPORTED"}
    if not isinstance(key, rsa.RSAPrivateKey):
        return {"error": "operation not supported for this keytype"}
    data, mode, size = payload["data"].encode("latin-1"), payload["padding"], (key.key_size + 7) // 8
    modulus = key.private_numbers().public_numbers.n
    if len(data) > size:
        return _openssl("0200006C", "data greater than mod len", _FAILED)
    if int.from_bytes(data, "big") >= modulus:
        return _openssl("02000084", "data too large for modulus", _FAILED)
    if mode == _OAEP:
        scheme = _oaep(payload)
        if scheme is None:
            return {"error": "Invalid digest used", "code": "ERR_OSSL_EVP_INVALID_DIGEST"}
        try:
            return {"output": key.decrypt(data.rjust(size, b"\0"), scheme).decode("latin-1")}
        except ValueError:
            return _openssl("02000079", "oaep decoding error")
    if mode == _NONE:
        if len(data) != size:
            return _openssl("0200007A", "data too small for key size", _FAILED)
        return {"output": _raw(int.from_bytes(data, "big"), key.private_numbers().d, modulus, size)}
    return _openssl("02000076", "unknown padding type", _FAILED)


def _public_only(payload: dict[str, Any], deadline: Callable[[], float]) -> bool:
    """Whether the key is a public key (or certificate), which OpenSSL reads but cannot decrypt with."""
    try:
        public_key(payload, deadline)
    except KeyError_:
        return False
    return True
