"""JWKs and the keys they hold, by Python's cryptography: a JWK's members read into a key as Node's Buffer reads them, and
a key written as Node's KeyObject.export({format: "jwk"}) writes it. The sandbox's KeyObjects (sandbox/jwk_keys.py) and a
Masker's key containers (key_containers.py) both use them."""

from __future__ import annotations

import base64
import re
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa, x448, x25519

PRIVATE_MEMBERS = ("d", "p", "q", "dp", "dq", "qi")
"""The members of an RSA, EC or OKP JWK that hold its private key."""
_CURVES: dict[str, type[ec.EllipticCurve]] = {"P-256": ec.SECP256R1, "secp256k1": ec.SECP256K1, "P-384": ec.SECP384R1,
                                              "P-521": ec.SECP521R1}
_JWK_CURVES = {curve().name: name for name, curve in _CURVES.items()}
_OKP: dict[str, tuple[Any, Any, int]] = {
    "Ed25519": (ed25519.Ed25519PrivateKey, ed25519.Ed25519PublicKey, 32), "Ed448": (ed448.Ed448PrivateKey, ed448.Ed448PublicKey, 57),
    "X25519": (x25519.X25519PrivateKey, x25519.X25519PublicKey, 32), "X448": (x448.X448PrivateKey, x448.X448PublicKey, 56),
}
_NOT_BASE64 = re.compile(r"[^A-Za-z0-9+/]")


class UnsupportedJwk(Exception):
    """A key that no JWK holds (a DSA key, an EC key of a curve JWKs do not name)."""


def member_bytes(text: str) -> bytes:
    """A JWK member's bytes as Node's Buffer.from(text, "base64") reads them: either alphabet, what is not base64 skipped."""
    cleaned = _NOT_BASE64.sub("", text.replace("-", "+").replace("_", "/"))
    cleaned = cleaned[:-1] if len(cleaned) % 4 == 1 else cleaned  # a lone last character is no byte
    return base64.b64decode(cleaned + "=" * (-len(cleaned) % 4))


def _int(text: str) -> int:
    return int.from_bytes(member_bytes(text), "big")


def _text(value: bytes | int, size: int = 0) -> str:
    data = value if isinstance(value, bytes) else value.to_bytes(max(size, (value.bit_length() + 7) // 8, 1), "big")
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def jwk_key(jwk: dict[str, str], private: bool) -> Any:
    """The private (`private`) or public key of an RSA, EC or OKP JWK whose members are there; ValueError (or
    binascii.Error, UnsupportedAlgorithm, OverflowError) when they hold none."""
    if jwk["kty"] == "OKP":
        private_type, public_type, size = _OKP[jwk["crv"]]
        data = member_bytes(jwk["d"] if private else jwk["x"])
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


def key_jwk(key: Any, private: bool) -> dict[str, str]:
    """The key as Node's KeyObject.export({format: "jwk"}) writes it, its members in Node's order; UnsupportedJwk for a
    key no JWK holds."""
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
            raise UnsupportedJwk
        size = (public.curve.key_size + 7) // 8
        point = public.public_numbers()
        found = {"kty": "EC", "x": _text(point.x, size), "y": _text(point.y, size), "crv": _JWK_CURVES[public.curve.name]}
        if private:
            found["d"] = _text(key.private_numbers().private_value, size)
        return found
    name = next((name for name, (_, kind, _) in _OKP.items() if isinstance(public, kind)), None)
    if name is None:
        raise UnsupportedJwk
    raw = serialization.Encoding.Raw
    found = {"crv": name}
    if private:
        found["d"] = _text(key.private_bytes(raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()))
    return {**found, "x": _text(public.public_bytes(raw, serialization.PublicFormat.Raw)), "kty": "OKP"}
