"""Python side of crypto.subtle.generateKey and crypto.generateKeyPair for RSA, EC, Ed25519, Ed448, X25519 and X448 key
pairs, by Python's cryptography, as PEM; ECDH's secret; an EC public key as its raw point (X9.62, as Web Crypto's "raw"
format) and back; and crypto.createECDH's keys and secrets as raw scalars and points.

A pair is its private key as PKCS#8 and its public key as SPKI, the forms crypto_subtle.js keeps an imported key in.
An RSA key is made for 1,024 to 4,096 bits (a larger one can take the host longer than a run has) and the exponents
cryptography makes (3 and 65537); another is answered with what segtui does not make, for a clear error.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed448, ed25519, rsa, x448, x25519

_Key = rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey | ed25519.Ed25519PrivateKey | ed448.Ed448PrivateKey \
    | x25519.X25519PrivateKey | x448.X448PrivateKey
CURVES: dict[str, ec.EllipticCurve] = {
    "P-256": ec.SECP256R1(), "P-384": ec.SECP384R1(), "P-521": ec.SECP521R1(), "P-192": ec.SECP192R1(), "P-224": ec.SECP224R1(),
    "prime256v1": ec.SECP256R1(), "secp384r1": ec.SECP384R1(), "secp521r1": ec.SECP521R1(), "prime192v1": ec.SECP192R1(),
    "secp224r1": ec.SECP224R1(), "secp256k1": ec.SECP256K1(), "brainpoolP256r1": ec.BrainpoolP256R1(),
    "brainpoolP384r1": ec.BrainpoolP384R1(), "brainpoolP512r1": ec.BrainpoolP512R1(),
}
"""Web Crypto's names and the OpenSSL names Node takes (its getCurves()), for the curves cryptography makes keys on."""
OTHER_TYPES: dict[str, Callable[[], _Key]] = {
    "ed25519": ed25519.Ed25519PrivateKey.generate, "ed448": ed448.Ed448PrivateKey.generate,
    "x25519": x25519.X25519PrivateKey.generate, "x448": x448.X448PrivateKey.generate}
MODULUS_BITS = (1024, 4096)
EXPONENTS = (3, 65537)


def generate_key_pair(payload: dict[str, Any]) -> dict[str, Any]:
    """A new pair of a key type ({private, public} PEM), {failed: OpenSSL's error as Node's} for an RSA exponent OpenSSL
    refuses, or {unsupported: what segtui does not make}."""
    key: _Key
    if payload["type"] in OTHER_TYPES:
        key = OTHER_TYPES[payload["type"]]()
    elif payload["type"] == "ec":
        curve = CURVES.get(str(payload["curve"]))
        if curve is None:
            return {"unsupported": f"keys on the curve {payload['curve']}"}
        key = ec.generate_private_key(curve)
    else:
        bits, exponent = payload["modulusLength"], payload["publicExponent"]
        if not isinstance(bits, int) or not MODULUS_BITS[0] <= bits <= MODULUS_BITS[1]:
            return {"unsupported": f"RSA keys of {bits} bits (it makes {MODULUS_BITS[0]} to {MODULUS_BITS[1]})"}
        if exponent == 0:
            return {"failed": "error:030C0100:digital envelope routines::malloc failure"}
        if exponent < 3 or exponent % 2 == 0:
            return {"failed": "error:020000B2:rsa routines::pub exponent out of range"}
        if exponent not in EXPONENTS:
            return {"unsupported": f"the RSA public exponent {exponent} (it makes 3 and 65537)"}
        key = rsa.generate_private_key(public_exponent=exponent, key_size=bits)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return {"private": private.decode("ascii"), "public": public.decode("ascii")}


def ecdh(payload: dict[str, Any]) -> str | None:
    """The shared secret of a private key (PKCS#8 PEM) and a public key (SPKI PEM, or a private key's PEM) of the same
    kind: EC on one curve (ECDH), X25519 or X448; None when the derivation fails (an X25519 or X448 low-order point)."""
    private = serialization.load_pem_private_key(str(payload["private"]).encode("ascii"), password=None)
    text = str(payload["public"]).encode("ascii")
    public = serialization.load_pem_public_key(text) if b"PRIVATE KEY-----" not in text \
        else serialization.load_pem_private_key(text, password=None).public_key()
    try:
        if isinstance(private, ec.EllipticCurvePrivateKey) and isinstance(public, ec.EllipticCurvePublicKey):
            return private.exchange(ec.ECDH(), public).decode("latin-1")
        if isinstance(private, x25519.X25519PrivateKey) and isinstance(public, x25519.X25519PublicKey):
            return private.exchange(public).decode("latin-1")
        if isinstance(private, x448.X448PrivateKey) and isinstance(public, x448.X448PublicKey):
            return private.exchange(public).decode("latin-1")
    except ValueError:
        return None
    raise TypeError("a shared secret takes two EC, X25519 or X448 keys")


def ec_point(payload: dict[str, Any]) -> str | None:
    """An EC public key's uncompressed point from its SPKI PEM (`pem`), or the SPKI PEM of a point (`point`, compressed
    or not) on `curve` (a Web Crypto name): None for bytes that are no point of it."""
    if "pem" in payload:
        key = serialization.load_pem_public_key(str(payload["pem"]).encode("ascii"))
        if not isinstance(key, ec.EllipticCurvePublicKey):
            raise TypeError("a raw point is an EC key's")
        return key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint).decode("latin-1")
    try:
        key = ec.EllipticCurvePublicKey.from_encoded_point(CURVES[str(payload["curve"])], str(payload["point"]).encode("latin-1"))
    except ValueError:
        return None
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode("ascii")


def _curve(payload: dict[str, Any]) -> ec.EllipticCurve:
    return CURVES[str(payload["curve"])]


def _ecdh_pair(key: ec.EllipticCurvePrivateKey) -> dict[str, str]:
    scalar = key.private_numbers().private_value
    point = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    return {"private": scalar.to_bytes((scalar.bit_length() + 7) // 8, "big").decode("latin-1"), "public": point.decode("latin-1")}


def ecdh_keys(payload: dict[str, Any]) -> dict[str, str] | None:
    """crypto.createECDH's keys on `curve`: a new pair, or the one of the scalar `private` (None when it is not one of
    the curve's): the scalar big-endian without leading zeros, the point uncompressed."""
    if "private" not in payload:
        return _ecdh_pair(ec.generate_private_key(_curve(payload)))
    try:
        return _ecdh_pair(ec.derive_private_key(int.from_bytes(str(payload["private"]).encode("latin-1"), "big"), _curve(payload)))
    except ValueError:
        return None


def ecdh_secret(payload: dict[str, Any]) -> str:
    """The shared secret of the scalar `private` and the point `public` (X9.62, one ecdh_point read) on `curve`."""
    curve = _curve(payload)
    public = ec.EllipticCurvePublicKey.from_encoded_point(curve, str(payload["public"]).encode("latin-1"))
    key = ec.derive_private_key(int.from_bytes(str(payload["private"]).encode("latin-1"), "big"), curve)
    return key.exchange(ec.ECDH(), public).decode("latin-1")


def ecdh_point(payload: dict[str, Any]) -> str | None:
    """The point `public` (X9.62, compressed or not) on `curve` uncompressed; None for no point of it."""
    try:
        key = ec.EllipticCurvePublicKey.from_encoded_point(_curve(payload), str(payload["public"]).encode("latin-1"))
    except ValueError:
        return None
    return key.public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint).decode("latin-1")
