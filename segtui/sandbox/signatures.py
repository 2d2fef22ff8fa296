"""Python side of crypto.createSign/createVerify: RSA (PKCS#1 v1.5 or PSS) and ECDSA (DER or IEEE P1363) signatures
with PEM keys, as Node 20 makes them, and what a key is (for crypto.subtle's imported RSA and EC keys).

Bytes cross the host channel as latin-1 strings (one char per byte), as host_services.py's do.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed448, ed25519, padding, rsa, x448, x25519
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature, encode_dss_signature

from segtui.sandbox.host_services import hashlib_name
from segtui.sandbox.pem_keys import (
    UNSUPPORTED_KEYTYPE,
    UNSUPPORTED_PADDING,
    KeyError_,
    openssl,
    private_key,
    pss_pems,
    public_key,
    rsa_pss,
    usable_public,
)

HASHES: dict[str, type[hashes.HashAlgorithm]] = {
    "md5": hashes.MD5, "sha1": hashes.SHA1, "sha224": hashes.SHA224, "sha256": hashes.SHA256,
    "sha384": hashes.SHA384, "sha512": hashes.SHA512,
}
_PKCS1, _PSS = 1, 6  # crypto.constants.RSA_PKCS1_PADDING, RSA_PKCS1_PSS_PADDING
_SALT_DIGEST, _SALT_MAX_OR_AUTO, _SALT_MAX = -1, -2, -3  # RSA_PSS_SALTLEN_DIGEST, _MAX_SIGN / _AUTO, OpenSSL's _MAX
_EDWARDS_PRIVATE = (ed25519.Ed25519PrivateKey, ed448.Ed448PrivateKey)
_EDWARDS_PUBLIC = (ed25519.Ed25519PublicKey, ed448.Ed448PublicKey)
_UNSUPPORTED = {"error": "Unsupported crypto operation", "code": "ERR_CRYPTO_UNSUPPORTED_OPERATION"}
_OTHER_TYPES = (("ed25519", ed25519.Ed25519PublicKey), ("ed448", ed448.Ed448PublicKey),
                ("x25519", x25519.X25519PublicKey), ("x448", x448.X448PublicKey))
"""Node's asymmetricKeyType of the keys that have no details."""
_CURVES = {"secp256r1": "prime256v1", "secp192r1": "prime192v1", "secp384r1": "secp384r1", "secp521r1": "secp521r1"}
"""OpenSSL's names for the curves cryptography names, as a KeyObject's asymmetricKeyDetails gives them."""
_BAD_SALT = "error:1C800070:Provider routines::invalid salt length"
_TOO_LARGE = "error:0200006E:rsa routines::data too large for key size"


def _hash(algorithm: str) -> hashes.HashAlgorithm:
    try:
        return HASHES[hashlib_name(algorithm)]()
    except KeyError:
        raise KeyError_({"error": "Invalid digest"}) from None


def _rsa_padding(payload: dict[str, Any], digest: hashes.HashAlgorithm, *, signing: bool) -> padding.AsymmetricPadding:
    """The RSA padding of the options: PKCS#1 v1.5 (Node's default), or PSS with MGF1 over the same digest (the default,
    and the only one, of an RSA-PSS key)."""
    pss_key = rsa_pss(payload)
    mode = payload.get("padding", _PSS if pss_key else _PKCS1)
    if mode == _PKCS1 and not pss_key:
        return padding.PKCS1v15()
    if mode != _PSS:
        raise KeyError_(UNSUPPORTED_PADDING)
    salt = payload.get("saltLength", _SALT_MAX_OR_AUTO)
    length: Any = salt
    if salt == _SALT_DIGEST:
        length = padding.PSS.DIGEST_LENGTH
    elif salt == _SALT_MAX_OR_AUTO:
        length = padding.PSS.MAX_LENGTH if signing else padding.PSS.AUTO
    elif salt == _SALT_MAX:
        length = padding.PSS.MAX_LENGTH
    elif salt < 0:
        raise KeyError_({"error": _BAD_SALT})
    return padding.PSS(mgf=padding.MGF1(digest), salt_length=length)


def _p1363(der: bytes, curve: ec.EllipticCurve) -> bytes:
    """An ECDSA signature as `dsaEncoding: "ieee-p1363"` gives it: r and s, each as wide as the curve's order."""
    size = (curve.key_size + 7) // 8
    r, s = decode_dss_signature(der)
    return r.to_bytes(size, "big") + s.to_bytes(size, "big")


def _der(p1363: bytes, curve: ec.EllipticCurve) -> bytes | None:
    """An IEEE P1363 signature in DER, as cryptography verifies it; None when it is not one for this curve."""
    size = (curve.key_size + 7) // 8
    if len(p1363) != 2 * size:
        return None
    return encode_dss_signature(int.from_bytes(p1363[:size], "big"), int.from_bytes(p1363[size:], "big"))


def _edwards(payload: dict[str, Any]) -> None:
    """Refuse what Node refuses of an Ed25519 or Ed448 key: createSign/createVerify, or a one-shot's digest."""
    if not payload.get("oneShot"):
        raise KeyError_(_UNSUPPORTED)
    if not payload.get("plain"):
        raise KeyError_(openssl("1C80007A", "Provider routines", "invalid digest"))


def sign(payload: dict[str, Any], deadline: Callable[[], float]) -> dict[str, Any]:
    """The signature of `data` with a PEM private key: {"signature"} or Node's error ({"error"} and OpenSSL's fields)."""
    try:
        key, digest = private_key(payload, deadline), _hash(payload["algorithm"])
        data = payload["data"].encode("latin-1")
        if isinstance(key, _EDWARDS_PRIVATE):
            _edwards(payload)
            return {"signature": key.sign(data).decode("latin-1")}
        if isinstance(key, rsa.RSAPrivateKey):
            try:
                signed = key.sign(data, _rsa_padding(payload, digest, signing=True), digest)
            except ValueError:  # a salt too long for the key (cryptography says so in words of its own)
                raise KeyError_({"error": _TOO_LARGE}) from None
            return {"signature": signed.decode("latin-1")}
        if isinstance(key, ec.EllipticCurvePrivateKey):
            signature = key.sign(data, ec.ECDSA(digest))
            if payload.get("dsaEncoding") == "ieee-p1363":
                signature = _p1363(signature, key.curve)
            return {"signature": signature.decode("latin-1")}
        raise KeyError_(UNSUPPORTED_KEYTYPE)
    except KeyError_ as error:
        return error.fields


def verify(payload: dict[str, Any], deadline: Callable[[], float]) -> dict[str, Any]:
    """Whether `signature` signs `data` under a PEM public key, certificate or private key: {"valid"} or {"error"}."""
    try:
        key, digest = public_key(payload, deadline), _hash(payload["algorithm"])
        data, signature = payload["data"].encode("latin-1"), payload["signature"].encode("latin-1")
        try:
            if isinstance(key, rsa.RSAPublicKey):
                scheme = _rsa_padding(payload, digest, signing=False)
                if usable_public(key) is not None:  # OpenSSL refuses the key, which Node's verify reports as false
                    return {"valid": False}
                key.verify(signature, data, scheme, digest)
            elif isinstance(key, ec.EllipticCurvePublicKey):
                der = _der(signature, key.curve) if payload.get("dsaEncoding") == "ieee-p1363" else signature
                if der is None:
                    return {"valid": False}
                key.verify(der, data, ec.ECDSA(digest))
            elif isinstance(key, _EDWARDS_PUBLIC):
                _edwards(payload)
                key.verify(signature, data)
            else:
                raise KeyError_(UNSUPPORTED_KEYTYPE)
        except InvalidSignature:
            return {"valid": False}
        return {"valid": True}
    except KeyError_ as error:
        return error.fields


def key_details(payload: dict[str, Any], deadline: Callable[[], float]) -> dict[str, Any]:
    """What a KeyObject tells of a PEM private key (`private`) or public key (or a private key's): its type, an RSA key's modulus length and
    public exponent or an EC key's curve, and the key as unencrypted PKCS#8 or SPKI PEM (`pem`, and `publicPem`, the
    public key's); {"error"} when it is not one."""
    try:
        key = private_key(payload, deadline) if payload.get("private") else public_key(payload, deadline)
        public = key.public_key() if payload.get("private") else key
        spki = public.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        pem = spki if not payload.get("private") else key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
        found: dict[str, Any] = {"pem": pem.decode("latin-1"), "publicPem": spki.decode("latin-1"), "type": "other"}
        if isinstance(public, rsa.RSAPublicKey):
            numbers = public.public_numbers()
            found.update(type="rsa-pss" if rsa_pss(payload) else "rsa", modulusLength=numbers.n.bit_length(),
                         publicExponent=str(numbers.e))
            if found["type"] == "rsa-pss":  # kept an RSA-PSS key, which OpenSSL keeps to PSS signatures
                found["pem"], found["publicPem"] = pss_pems(payload, public)
        elif isinstance(public, ec.EllipticCurvePublicKey):
            found.update(type="ec", namedCurve=_CURVES.get(public.curve.name, public.curve.name))
        elif isinstance(public, dsa.DSAPublicKey):
            group = public.parameters().parameter_numbers()
            found.update(type="dsa", modulusLength=group.p.bit_length(), divisorLength=group.q.bit_length())
        else:
            found["type"] = next((name for name, kind in _OTHER_TYPES if isinstance(public, kind)), "other")
        return found
    except KeyError_ as error:
        return error.fields


def encrypted_pkcs8(payload: dict[str, Any], deadline: Callable[[], float]) -> dict[str, Any]:
    """A PEM private key as PKCS#8 PEM encrypted under `secret` (latin-1 bytes) with PBES2, PBKDF2-HMAC-SHA256 and
    AES-256-CBC, as Node's export with cipher "aes-256-cbc" makes it (`pem`); {"error"} when it is no key."""
    try:
        key = private_key(payload, deadline)
    except KeyError_ as error:
        return error.fields
    encryption = serialization.BestAvailableEncryption(payload["secret"].encode("latin-1"))
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)
    return {"pem": pem.decode("latin-1")}
