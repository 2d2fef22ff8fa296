"""Python side of crypto.publicEncrypt/privateDecrypt: RSA encryption with PEM keys (OAEP, PKCS#1 v1.5 or none), with
the errors OpenSSL gives through Node 20.

Bytes cross the host channel as latin-1 strings (one char per byte), as host_services.py's do.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric import utils as asym_utils

from segtui.sandbox.host_services import hashlib_name
from segtui.sandbox.pem_keys import (
    PSS_ONLY,
    UNREADABLE,
    UNSUPPORTED_KEYTYPE,
    UNSUPPORTED_PADDING,
    KeyError_,
    openssl,
    private_key,
    public_key,
    public_only,
    rsa_pss,
    usable_public,
)
from segtui.sandbox.rsa_power import power, private_power
from segtui.sandbox.signatures import HASHES

_PKCS1, _NONE, _OAEP = 1, 3, 4  # crypto.constants.RSA_PKCS1_PADDING, RSA_NO_PADDING, RSA_PKCS1_OAEP_PADDING
_NO_DIGEST_INFO = getattr(asym_utils, "NoDigestInfo", None)
"""cryptography's PKCS#1 v1.5 signature of the data as it is (47 and later), which privateEncrypt's type 1 block is."""


def _openssl(code: str, reason: str, stack: list[str] | None = None) -> dict[str, Any]:
    return openssl(code, "rsa routines", reason, stack)


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


def _answering(operation: Callable[[dict[str, Any], Callable[[], float]], dict[str, Any]]) -> Callable[..., dict[str, Any]]:
    """The operation, answering Node's error where it raises KeyError_."""
    @functools.wraps(operation)
    def answered(payload: dict[str, Any], deadline: Callable[[], float]) -> dict[str, Any]:
        try:
            return operation(payload, deadline)
        except KeyError_ as error:
            return error.fields
    return answered


def _rsa(payload: dict[str, Any], key: Any, refusal: dict[str, Any] = UNSUPPORTED_KEYTYPE,
         pss: dict[str, Any] = PSS_ONLY) -> Any:
    """The payload's key if an RSA key, else KeyError_ with what Node says of another key type (`refusal`), or of an
    RSA-PSS key (`pss`)."""
    if not isinstance(key, (rsa.RSAPrivateKey, rsa.RSAPublicKey)):
        raise KeyError_(refusal)
    if rsa_pss(payload):
        raise KeyError_(pss)
    return key


def _private(payload: dict[str, Any], deadline: Callable[[], float], stack: list[str]) -> Any:
    """The payload's private key, or KeyError_ with Node's error (with `stack` under it for a public key)."""
    try:
        return private_key(payload, deadline)
    except KeyError_ as error:
        if error.fields is UNREADABLE and public_only(payload) is not None:
            raise KeyError_(_openssl("020000B3", "missing private key", stack)) from None
        raise


def _output(value: int, size: int) -> dict[str, Any]:
    return {"output": value.to_bytes(size, "big").decode("latin-1")}


@_answering
def encrypt(payload: dict[str, Any], deadline: Callable[[], float]) -> dict[str, Any]:
    """`data` encrypted with a PEM public key (or a private key's public half): {"output"} or Node's error."""
    key = _rsa(payload, public_key(payload, deadline))
    data, mode, size = payload["data"].encode("latin-1"), payload["padding"], (key.key_size + 7) // 8
    refused = usable_public(key)
    if mode == _OAEP:  # OpenSSL pads before it encrypts (and checks the key)
        scheme = _oaep(payload)
        if scheme is None:
            return {"error": "Invalid digest used", "code": "ERR_OSSL_EVP_INVALID_DIGEST"}
        if len(data) > size - 2 * scheme.algorithm.digest_size - 2:
            return _TOO_LARGE
        return refused or {"output": key.encrypt(data, scheme).decode("latin-1")}
    if refused is not None:
        return refused
    if mode == _PKCS1:
        return _TOO_LARGE if len(data) > size - 11 else {"output": key.encrypt(data, padding.PKCS1v15()).decode("latin-1")}
    if mode == _NONE:
        numbers = key.public_numbers()
        if len(data) != size:
            return _TOO_LARGE if len(data) > size else _openssl("0200007A", "data too small for key size")
        if int.from_bytes(data, "big") >= numbers.n:
            return _openssl("02000084", "data too large for modulus")
        return _output(power(int.from_bytes(data, "big"), numbers.e, numbers.n, deadline, "crypto.publicEncrypt"), size)
    return _openssl("02000076", "unknown padding type")


@_answering
def decrypt(payload: dict[str, Any], deadline: Callable[[], float]) -> dict[str, Any]:
    """`data` decrypted with a PEM private key: {"output"} or Node's error."""
    key = _rsa(payload, _private(payload, deadline, _FAILED))
    data, mode, size = payload["data"].encode("latin-1"), payload["padding"], (key.key_size + 7) // 8
    value = int.from_bytes(data, "big")
    if len(data) > size:
        return _openssl("0200006C", "data greater than mod len", _FAILED)
    if value >= key.public_key().public_numbers().n:
        return _openssl("02000084", "data too large for modulus", _FAILED)
    if mode == _OAEP:
        scheme = _oaep(payload)
        if scheme is None:
            return {"error": "Invalid digest used", "code": "ERR_OSSL_EVP_INVALID_DIGEST"}
        try:
            return {"output": key.decrypt(data.rjust(size, b"\0"), scheme).decode("latin-1")}
        except ValueError:
            return _openssl("02000079", "oaep decoding error")
    if mode == _NONE:  # data shorter than the key is read as the number it is, as OpenSSL reads it
        return _output(private_power(key, value, deadline, "crypto.privateDecrypt"), size)
    return _openssl("02000076", "unknown padding type", _FAILED)


_RSA_LIB = ["error:1C880004:Provider routines::RSA lib"]
_NO_REASON = {"error": "error:00000000:lib(0)::reason(0)"}
"""What Node 20 throws for privateEncrypt with a key not RSA's: OpenSSL leaves no error to say."""


@_answering
def private_encrypt(payload: dict[str, Any], deadline: Callable[[], float]) -> dict[str, Any]:
    """`data` encrypted with a PEM private key (PKCS#1 v1.5 type 1, or no padding): {"output"} or Node's error."""
    key = _rsa(payload, _private(payload, deadline, _RSA_LIB), _NO_REASON, UNSUPPORTED_PADDING)
    data, mode, size = payload["data"].encode("latin-1"), payload["padding"], (key.key_size + 7) // 8
    if mode == _PKCS1:
        if len(data) > size - 11:
            return _openssl("0200006E", "data too large for key size", _RSA_LIB)
        if _NO_DIGEST_INFO is not None:  # OpenSSL signs it, without holding Python's lock
            return {"output": key.sign(data, padding.PKCS1v15(), _NO_DIGEST_INFO()).decode("latin-1")}
        data = b"\0\1" + b"\xff" * (size - 3 - len(data)) + b"\0" + data
    elif mode == _NONE:
        if len(data) != size:
            return _openssl(*(("0200006E", "data too large for key size") if len(data) > size
                              else ("0200007A", "data too small for key size")), _RSA_LIB)
    else:
        return UNSUPPORTED_PADDING
    if int.from_bytes(data, "big") >= key.public_key().public_numbers().n:
        return _openssl("02000084", "data too large for modulus", _RSA_LIB)
    return _output(private_power(key, int.from_bytes(data, "big"), deadline, "crypto.privateEncrypt"), size)


@_answering
def public_decrypt(payload: dict[str, Any], deadline: Callable[[], float]) -> dict[str, Any]:
    """`data` decrypted with a PEM public key (or a private key's public half), its PKCS#1 v1.5 type 1 padding (or
    none) checked as OpenSSL checks it: {"output"} or Node's error."""
    key = _rsa(payload, public_key(payload, deadline))
    if payload["padding"] not in (_PKCS1, _NONE):
        return UNSUPPORTED_PADDING
    refused = usable_public(key, _RSA_LIB)
    if refused is not None:
        return refused
    data, size, numbers = payload["data"].encode("latin-1"), (key.key_size + 7) // 8, key.public_numbers()
    if len(data) > size:
        return _openssl("0200006C", "data greater than mod len", _RSA_LIB)
    if int.from_bytes(data, "big") >= numbers.n:
        return _openssl("02000084", "data too large for modulus", _RSA_LIB)
    value = power(int.from_bytes(data, "big"), numbers.e, numbers.n, deadline, "crypto.publicDecrypt")
    if payload["padding"] == _NONE:
        return _output(value, size)
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
