"""The other containers a private key kept as a secret is written in by KeyObject.export (PKCS#8, and PKCS#1 or SEC1),
as PEM text and DER: a Masker takes them for secrets of their own, so a key logged re-encoded is masked whole, as the
key itself is."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

_PEM_KEY = re.compile(r"-----BEGIN ((?:RSA |EC |DSA )?PRIVATE KEY)-----[A-Za-z0-9+/=\s]+?-----END \1-----")
"""An unencrypted PEM private key (PKCS#8, PKCS#1, SEC1 or a DSA key's own), lines broken by any whitespace."""


def with_key_containers(secrets: Sequence[str]) -> tuple[tuple[str, ...], list[str]]:
    """The secrets but empty ones, then the PEM texts of those that are private keys in their other containers; and
    those containers' DER, which a Masker takes for decoded keys (made_forms.decoded_key)."""
    found = [key_containers(secret) for secret in secrets if secret]
    pems = [pem for made, _ in found for pem in made]
    return tuple(dict.fromkeys([*(secret for secret in secrets if secret), *pems])), [der for _, ders in found for der in ders]


def key_containers(secret: str) -> tuple[list[str], list[str]]:
    """The PEM texts and the DER (as Latin-1 text, a character a byte) of each unencrypted PEM private key in the
    secret (also one pasted with `\\n` escapes), as PKCS#8 and as its traditional container: none for another."""
    if "PRIVATE KEY-----" not in secret:
        return [], []
    return _containers(escapes_read(secret))


def escapes_read(secret: str) -> str:
    """A secret with the `\\n` escapes of a key pasted into a one-line field read as line breaks."""
    return secret.replace("\\r", "").replace("\\n", "\n")


@functools.lru_cache(maxsize=16)
def _containers(text: str) -> tuple[list[str], list[str]]:
    """`key_containers` of a secret with its escapes read, each key read once (a Masker is made for each output)."""
    from cryptography.exceptions import UnsupportedAlgorithm  # only for a secret that is a key: slow to import
    from cryptography.hazmat.primitives import serialization

    pems: list[str] = []
    ders: list[str] = []
    for block in _PEM_KEY.finditer(text):
        try:
            key = serialization.load_pem_private_key(block.group().encode("ascii"), None,
                                                     unsafe_skip_rsa_key_validation=True)
        except (ValueError, TypeError, UnsupportedAlgorithm):  # not a key, encrypted, or of a curve cryptography lacks
            continue
        for container in (serialization.PrivateFormat.PKCS8, serialization.PrivateFormat.TraditionalOpenSSL):
            try:
                for encoding, made in ((serialization.Encoding.PEM, pems), (serialization.Encoding.DER, ders)):
                    made.append(key.private_bytes(encoding, container, serialization.NoEncryption()).decode("latin-1"))
            except ValueError:  # an Ed25519 or Ed448 key has no traditional container
                continue
    return list(dict.fromkeys(pems)), list(dict.fromkeys(ders))
