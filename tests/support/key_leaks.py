"""What a leak of a private key looks like in an output: its DER's base64 runs that hold only secret bytes."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives import serialization


def pkcs8(key) -> bytes:
    """The key's unencrypted PKCS#8 DER."""
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def number_bytes(value: int) -> bytes:
    """A number's big-endian bytes as a DER INTEGER holds them: no leading zero bytes (one in 256 RSA keys has a
    `d` a byte shorter than the modulus, so a fixed width would not be found in the DER)."""
    return value.to_bytes((value.bit_length() + 7) // 8, "big")


def runs(text: str, width: int) -> list[str]:
    """Every run of `width` characters of the text."""
    return [text[start:start + width] for start in range(len(text) - width + 1)]


def secret_base64(der: bytes, secret: bytes) -> str:
    """The characters of the DER's base64 that encode only the secret bytes (whatever PEM's lines cut there)."""
    offset = der.index(secret)
    encoded = base64.b64encode(der).decode()
    return encoded[-(-offset * 4 // 3):(offset + len(secret)) * 4 // 3]
