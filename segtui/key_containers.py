"""The other containers a private key kept as a secret is written in by KeyObject.export (PKCS#8, and PKCS#1 or SEC1,
as PEM text and DER, and a JWK's private members): a Masker takes them for secrets of their own, so a key logged
re-encoded is masked whole, as the key itself is. A key is a PEM private key, or a private JWK kept as JSON text (or as
an object setting, which settings_secrets writes as JSON text)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterator, Sequence
from typing import Any

PEM_PRIVATE_KEY = re.compile(r"-----BEGIN ((?:ENCRYPTED |RSA |EC |DSA )?PRIVATE KEY)-----"
                             r"((?:[ -,.-~\s]|-(?!----))*?)-----END \1-----")
"""A PEM private key block (PKCS#8, PKCS#1, SEC1 or a DSA key's own; encrypted too: PKCS#8's `ENCRYPTED PRIVATE KEY`,
or a traditional key's `Proc-Type: 4,ENCRYPTED` and `DEK-Info` headers), its base64 lines broken by any whitespace and
any header lines of printable ASCII (`Comment: "my key" (2024)`, which OpenSSL reads past), and its label; no other
block's start or end line within it."""
PEM_HEADERS = re.compile(r"\A\s*[^\n]*:.*?\n[ \t\r]*\n", re.DOTALL)
"""A PEM block's header lines (`Name: value`, up to the blank line that ends them), which hold no base64."""


def with_key_containers(secrets: Sequence[str]) -> tuple[tuple[str, ...], list[str]]:
    """The secrets but empty ones, then the texts of those that are private keys in their other containers; and
    those containers' DER and the JWK members' bytes, which a Masker takes for decoded keys
    (decoded_keys.decoded_key)."""
    found = [key_containers(secret) for secret in secrets if secret]
    texts = [text for made, _ in found for text in made]
    ders = [der for _, made_ders in found for der in made_ders]
    return tuple(dict.fromkeys([*(secret for secret in secrets if secret), *texts])), ders


def key_containers(secret: str) -> tuple[list[str], list[str]]:
    """The texts (PEM, and each private JWK member's base64url) and the bytes (DER, and each private JWK member's, as
    Latin-1 text, a character a byte) of each unencrypted PEM private key in the secret (also one pasted with `\\n`
    escapes) or private JWK in it when JSON text (a JWKS's too), in each container: none for another secret."""
    if "PRIVATE KEY-----" in secret:
        return _pem_containers(escapes_read(secret))
    if secret.lstrip()[:1] in ("{", "[") and '"d"' in secret:
        return _jwk_containers(secret)
    return [], []


def escapes_read(secret: str) -> str:
    """A secret with the `\\n` escapes of a key pasted into a one-line field read as line breaks."""
    return secret.replace("\\r", "").replace("\\n", "\n")


@functools.lru_cache(maxsize=16)
def _pem_containers(text: str) -> tuple[list[str], list[str]]:
    """`key_containers` of a secret with its escapes read, each key read once (a Masker is made for each output)."""
    from cryptography.exceptions import UnsupportedAlgorithm  # only for a secret that is a key: slow to import
    from cryptography.hazmat.primitives import serialization

    keys = []
    for block in PEM_PRIVATE_KEY.finditer(text):
        try:
            keys.append(serialization.load_pem_private_key(block.group().encode("ascii"), None,
                                                           unsafe_skip_rsa_key_validation=True))
        except (ValueError, TypeError, UnsupportedAlgorithm):  # not a key, encrypted, or of a curve cryptography lacks
            continue
    return _containers(keys)


@functools.lru_cache(maxsize=16)
def _jwk_containers(text: str) -> tuple[list[str], list[str]]:
    """`key_containers` of a secret that may be JSON text holding private JWKs, each read once."""
    try:
        parsed = json.loads(text)
    except (ValueError, RecursionError):
        return [], []
    from cryptography.exceptions import UnsupportedAlgorithm  # only for a secret that is a key: slow to import

    from segtui.jwk_numbers import jwk_key

    keys = []
    for jwk in _private_jwks(parsed):
        try:
            keys.append(jwk_key(jwk, True))
        except (ValueError, LookupError, TypeError, AttributeError, UnsupportedAlgorithm, OverflowError):
            continue  # not an RSA, EC or OKP key, or members that hold none
    return _containers(keys)


def _private_jwks(value: Any) -> Iterator[dict[str, Any]]:
    """The objects in parsed JSON, at any depth, that have a `kty` and a `d`: private JWKs."""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("kty"), str) and "d" in item:
                yield item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)


def _containers(keys: list[Any]) -> tuple[list[str], list[str]]:
    """The keys' PKCS#8 and traditional PEM texts and their JWK's private members as texts; their DER and those
    members' bytes as Latin-1 text."""
    from cryptography.hazmat.primitives import serialization

    from segtui.jwk_numbers import PRIVATE_MEMBERS, UnsupportedJwk, key_jwk, member_bytes

    texts: list[str] = []
    ders: list[str] = []
    for key in keys:
        for container in (serialization.PrivateFormat.PKCS8, serialization.PrivateFormat.TraditionalOpenSSL):
            try:
                for encoding, made in ((serialization.Encoding.PEM, texts), (serialization.Encoding.DER, ders)):
                    made.append(key.private_bytes(encoding, container, serialization.NoEncryption()).decode("latin-1"))
            except ValueError:  # an Ed25519 or Ed448 key has no traditional container
                continue
        try:
            members = [text for name, text in key_jwk(key, True).items() if name in PRIVATE_MEMBERS]
        except UnsupportedJwk:  # a DSA key, or an EC key of a curve no JWK names
            continue
        texts += members
        ders += [member_bytes(text).decode("latin-1") for text in members]
    return list(dict.fromkeys(texts)), list(dict.fromkeys(ders))
