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


_RSA_LIB = ["error:1C880004:Provider routines::RSA lib"]
_UNSUPPORTED_PADDING = {"error": "error:1C8000A5:Provider routines::illegal or unsupported padding mode",
                        "library": "Provider routines", "reason": "illegal or unsupported padding mode",
                        "code": "ERR_OSSL_ILLEGAL_OR_UNSUPPORTED_PADDING_MODE"}


def private_encrypt(payload: dict[str, Any], deadline: Callable[[], float]) -> dict[str, Any]:
    """`data` encrypted with a PEM private key (PKCS#1 v1.5 type 1, or no padding): {"output"} or Node's error."""
    try:
        key = private_key(payload, deadline)
    except KeyError_ as error:
        if _public_only(payload, deadline):
            return _openssl("020000B3", "missing private key", _RSA_LIB)
        return {"error": str(error), "library": "DECODER routines", "reason": "unsupported", "code": "ERR_OSSL_UNSUPPORTED"}
    if not isinstance(key, rsa.RSAPrivateKey):
        return {"error": "operation not supported for this keytype"}
    data, mode, size = payload["data"].encode("latin-1"), payload["padding"], (key.key_size + 7) // 8
    numbers = key.private_numbers()
    if mode == _PKCS1:
        if len(data) > size - 11:
            return _openssl("0200006E", "data too large for key size", _RSA_LIB)
        data = b"\0\1" + b"\xff" * (size - 3 - len(data)) + b"\0" + data
    elif mode == _NONE:
        if len(data) != size:
            return _openssl(*(("0200006E", "data too large for key size") if len(data) > size
                              else ("0200007A", "data too small for key size")), _RSA_LIB)
    else:
        return _UNSUPPORTED_PADDING
    if int.from_bytes(data, "big") >= numbers.public_numbers.n:
        return _openssl("02000084", "data too large for modulus", _RSA_LIB)
    return {"output": _raw(int.from_bytes(data, "big"), numbers.d, numbers.public_numbers.n, size)}


def public_decrypt(payload: dict[str, Any], deadline: Callable[[], float]) -> dict[str, Any]:
    """`data` decrypted with a PEM public key (or a private key's public half), its PKCS#1 v1.5 type 1 padding (or
    none) checked as OpenSSL checks it: {"output"} or Node's error."""
    try:
        key = public_key(payload, deadline)
    except KeyError_ as error:
        return {"error": str(error), "library": "DECODER routines", "reason": "unsupported", "code": "ERR_OSSL_UNSUPPORTED"}
    if not isinstance(key, rsa.RSAPublicKey):
        return {"error": "operation not supported for this keytype"}
    if payload["padding"] not in (_PKCS1, _NONE):
        return _UNSUPPORTED_PADDING
    data, size, numbers = payload["data"].encode("latin-1"), (key.key_size + 7) // 8, key.public_numbers()
    if len(data) > size:
        return _openssl("0200006C", "data greater than mod len", _RSA_LIB)
    if int.from_bytes(data, "big") >= numbers.n:
        return _openssl("02000084", "data too large for modulus", _RSA_LIB)
    value = pow(int.from_bytes(data, "big"), numbers.e, numbers.n)
    if payload["padding"] == _NONE:
        return {"output": value.to_bytes(size, "big").decode("latin-1")}
    return _type1(value.to_bytes((value.bit_length() + 7) // 8, "big"), size)


def _type1(block: bytes, size: int) -> dict[str, Any]:
    """OpenSSL's RSA_padding_check_PKCS1_type_1 of a decrypted block (its number's bytes, without leading zeros)."""
    failed = [*_RSA_LIB, "error:02000072:rsa routines::padding check failed"]
    at = 0
    if len(block) == size:
        if block[:2] != b"\0\1":
            return _openssl("0200008A", "invalid padding", failed)
        at = 1
    if size != len(block) - at + 1 or block[at] != 1:
        return _openssl("0200006A", "block type is not 01", failed)
    end = block.find(b"\0", at + 1)
    if any(byte != 0xFF for byte in block[at + 1:end if end >= 0 else len(block)]):
        return _openssl("02000066", "bad fixed header decrypt", failed)
    if end < 0:
        return _openssl("02000071", "null before block missing", failed)
    if end - at - 1 < 8:
        return _openssl("02000067", "bad pad byte count", failed)
    return {"output": block[end + 1:].decode("latin-1")}
