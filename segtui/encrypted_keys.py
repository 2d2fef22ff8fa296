"""A secret's encrypted PEM private key opened with another setting's text as its passphrase, as a handler opens it
(`crypto.createPrivateKey({ key: settings.key, passphrase: settings.pass })`): the key it exports decrypted is then
masked as an unencrypted key kept as a secret is (segtui.key_containers), and the passphrase too."""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Iterable

from segtui.key_containers import PEM_PRIVATE_KEY, escapes_read
from segtui.key_kdf import past_deadline

_PASSPHRASES = 16
"""The most settings' texts tried as a key's passphrase, those whose names speak of one first."""
_LONGEST = 1_024
"""The longest text tried as a passphrase."""
_BUDGET_S = 2.0
"""About how long the key derivations of the tries for one key may take in all: a try that would pass it is not made
(segtui.key_kdf tells how long one takes, as it does for the handler's own)."""
_PASSPHRASE_NAME = re.compile(r"pass|phrase|pwd|pin|secret", re.IGNORECASE)


def opened_keys(secrets: Iterable[str], texts: Iterable[tuple[tuple[str, ...], str]]) -> list[tuple[str, str]]:
    """The unencrypted PKCS#8 PEM of each encrypted key in the secrets that one of the `texts` (the names it stands
    under, outermost first: a setting's, the key in it; or none; and a text) opens, with that passphrase."""
    blocks = [block.group() for secret in secrets if "ENCRYPTED" in secret
              for block in PEM_PRIVATE_KEY.finditer(escapes_read(secret)) if "ENCRYPTED" in block.group()]
    if not blocks:
        return []
    # Not a text the keys hold (a key's lines are secrets too).
    named = sorted(dict.fromkeys((names, text) for names, text in texts if 0 < len(text) <= _LONGEST
                                 and not any(text in block for block in blocks)), key=lambda pair: _rank(pair[0]))
    passphrases = tuple(dict.fromkeys(text for _, text in named))[:_PASSPHRASES]
    return [opened for block in dict.fromkeys(blocks) if (opened := _opened(block, passphrases)) is not None]


def _rank(names: tuple[str, ...]) -> tuple[bool, bool]:
    """How late a text standing under `names` is tried: first those whose own name (the innermost) speaks of a
    passphrase, then those under any name that does; stable, so in the order given among equals."""
    return (not names or not _PASSPHRASE_NAME.search(names[-1]),
            not any(_PASSPHRASE_NAME.search(name) for name in names))


@functools.lru_cache(maxsize=16)
def _opened(block: str, passphrases: tuple[str, ...]) -> tuple[str, str] | None:
    """The block's key as unencrypted PKCS#8 PEM and the passphrase that opens it, read as the sandbox reads a handler's
    (segtui.sandbox.pem_keys: unchecked, each derivation refused past the budget), each block with the same texts once
    (a Masker is made for each output)."""
    from cryptography.exceptions import UnsupportedAlgorithm  # only for a secret that is an encrypted key
    from cryptography.hazmat.primitives import serialization

    data, deadline = block.encode("latin-1"), time.perf_counter() + _BUDGET_S
    for passphrase in passphrases:
        if past_deadline(data, lambda: deadline) is not None:
            return None
        try:
            key = serialization.load_pem_private_key(data, passphrase.encode("utf-8"),
                                                     unsafe_skip_rsa_key_validation=True)
        except (ValueError, TypeError, UnsupportedAlgorithm):  # not its passphrase, or no key cryptography reads
            continue
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        return pem.decode("ascii"), passphrase
    return None
