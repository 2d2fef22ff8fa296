"""Python side of crypto.createSign/createVerify: RSA (PKCS#1 v1.5) and ECDSA signatures with PEM keys, as Node 20 makes them.

Bytes cross the host channel as latin-1 strings (one char per byte), as host_services.py's do.
"""

from __future__ import annotations

from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa

from segtui.sandbox.host_services import hashlib_name

_HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "md5": hashes.MD5, "sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
    "sha384": hashes.SHA384, "sha512": hashes.SHA512,
}
# What OpenSSL (through Node 20) says of a key it cannot read.
_UNREADABLE = "error:1E08010C:DECODER routines::unsupported"


class KeyError_(Exception):
    """A key or algorithm Node would refuse; the message is Node's."""


def _hash(algorithm: str) -> hashes.HashAlgorithm:
    try:
        return _HASHES[hashlib_name(algorithm)]()
    except KeyError:
        raise KeyError_("Invalid digest") from None


def _private(payload: dict[str, Any]) -> Any:
    password = payload.get("passphrase")
    try:
        return serialization.load_pem_private_key(payload["key"].encode("latin-1"),
                                                  password.encode("utf-8") if password is not None else None)
    except (ValueError, TypeError):
        raise KeyError_(_UNREADABLE) from None


def _public(payload: dict[str, Any]) -> Any:
    data = payload["key"].encode("latin-1")
    for load in (serialization.load_pem_public_key, lambda pem: x509.load_pem_x509_certificate(pem).public_key()):
        try:
            return load(data)
        except ValueError:
            continue
    return _private(payload).public_key()


def sign(payload: dict[str, Any]) -> dict[str, str]:
    """The signature of `data` with a PEM private key: {"signature"} or {"error"} with Node's message."""
    try:
        key, digest = _private(payload), _hash(payload["algorithm"])
        data = payload["data"].encode("latin-1")
        if isinstance(key, rsa.RSAPrivateKey):
            return {"signature": key.sign(data, padding.PKCS1v15(), digest).decode("latin-1")}
        if isinstance(key, ec.EllipticCurvePrivateKey):
            return {"signature": key.sign(data, ec.ECDSA(digest)).decode("latin-1")}
        raise KeyError_("operation not supported for this keytype")
    except KeyError_ as error:
        return {"error": str(error)}


def verify(payload: dict[str, Any]) -> dict[str, Any]:
    """Whether `signature` signs `data` under a PEM public key, certificate or private key: {"valid"} or {"error"}."""
    try:
        key, digest = _public(payload), _hash(payload["algorithm"])
        data, signature = payload["data"].encode("latin-1"), payload["signature"].encode("latin-1")
        try:
            if isinstance(key, rsa.RSAPublicKey):
                key.verify(signature, data, padding.PKCS1v15(), digest)
            elif isinstance(key, ec.EllipticCurvePublicKey):
                key.verify(signature, data, ec.ECDSA(digest))
            else:
                raise KeyError_("operation not supported for this keytype")
        except InvalidSignature:
            return {"valid": False}
        return {"valid": True}
    except KeyError_ as error:
        return {"error": str(error)}
