"""Python side of crypto.subtle.generateKey for RSA and EC key pairs, by Python's cryptography, as PEM; ECDH's secret;
and an EC public key as its raw point (X9.62, as Web Crypto's "raw" format) and back.

A pair is its private key as PKCS#8 and its public key as SPKI, the forms crypto_subtle.js keeps an imported key in.
An RSA key is made for 1,024 to 4,096 bits (a larger one can take the host longer than a run has) and the exponents
cryptography makes (3 and 65537); another is answered with what segtui does not make, for a clear error.
"""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa

CURVES: dict[str, ec.EllipticCurve] = {"P-256": ec.SECP256R1(), "P-384": ec.SECP384R1(), "P-521": ec.SECP521R1()}
MODULUS_BITS = (1024, 4096)
EXPONENTS = (3, 65537)


def generate_key_pair(payload: dict[str, Any]) -> dict[str, Any]:
    """A new RSA or EC pair ({private, public} PEM), or {unsupported: what segtui does not make}."""
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    if payload["type"] == "ec":
        key = ec.generate_private_key(CURVES[str(payload["curve"])])
    else:
        bits, exponent = payload["modulusLength"], payload["publicExponent"]
        if not isinstance(bits, int) or not MODULUS_BITS[0] <= bits <= MODULUS_BITS[1]:
            return {"unsupported": f"RSA keys of {bits} bits (it makes {MODULUS_BITS[0]} to {MODULUS_BITS[1]})"}
        if exponent not in EXPONENTS:
            return {"unsupported": f"the RSA public exponent {exponent} (it makes 3 and 65537)"}
        key = rsa.generate_private_key(public_exponent=exponent, key_size=bits)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return {"private": private.decode("ascii"), "public": public.decode("ascii")}


def ecdh(payload: dict[str, Any]) -> str:
    """The ECDH shared secret of a private key (PKCS#8 PEM) and a public key (SPKI PEM) on the same curve."""
    private = serialization.load_pem_private_key(str(payload["private"]).encode("ascii"), password=None)
    public = serialization.load_pem_public_key(str(payload["public"]).encode("ascii"))
    if not isinstance(private, ec.EllipticCurvePrivateKey) or not isinstance(public, ec.EllipticCurvePublicKey):
        raise TypeError("ECDH takes EC keys")
    return private.exchange(ec.ECDH(), public).decode("latin-1")


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
