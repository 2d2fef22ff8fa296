"""A secret's encrypted PEM private key opened with another setting's text as its passphrase, as a handler opens it
(`crypto.createPrivateKey({ key: settings.key, passphrase: settings.pass })`): the key it exports decrypted is then
masked as an unencrypted key kept as a secret is (segtui.key_containers), and the passphrase too."""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Iterable

from segtui.key_containers import escapes_read

_ENCRYPTED = re.compile(r"-----BEGIN ((?:ENCRYPTED |RSA |EC |DSA )?PRIVATE KEY)-----[ -~\s]*?-----END \1-----")
"""A PEM private key block (those that are encrypted are kept: PKCS#8's `ENCRYPTED PRIVATE KEY`, or a traditional key's
`Proc-Type: 4,ENCRYPTED` header)."""
_PASSPHRASES = 16
"""The most settings' texts tried as a key's passphrase, those whose names speak of one first."""
_LONGEST = 1_024
"""The longest text tried as a passphrase."""
_BUDGET_S = 2.0
"""About how long the key derivations of the tries for one key may take in all: a try that would pass it is not made
(segtui.sandbox.key_kdf tells how long one takes, as it does for the handler's own)."""
_PASSPHRASE_NAME = re.compile(r"pass|phrase|pwd|pin|secret", re.IGNORECASE)


def opened_keys(secrets: Iterable[str], texts: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    """The unencrypted PKCS#8 PEM of each encrypted key in the secrets that one of the `texts` (a setting's name, or
    none, and a text) opens, with that passphrase."""
    blocks = [block.group() for secret in secrets if "ENCRYPTED" in secret
              for block in _ENCRYPTED.finditer(escapes_read(secret)) if "ENCRYPTED" in block.group()]
    if not blocks:
        return []
    # Not a text the keys hold (a key's lines are secrets too).
    named = sorted(dict.fromkeys((name, text) for name, text in texts if 0 < len(text) <= _LONGEST
                                 and not any(text in block for block in blocks)), key=lambda pair: not _PASSPHRASE_NAME.search(pair[0]))
    passphrases = tuple(dict.fromkeys(text for _, text in named))[:_PASSPHRASES]
    return [opened for block in dict.fromkeys(blocks) if (opened := _opened(block, passphrases)) is not None]


@functools.lru_cache(maxsize=16)
def _opened(block: str, passphrases: tuple[str, ...]) -> tuple[str, str] | None:
    """The block's key as unencrypted PKCS#8 PEM and the passphrase that opens it, read as the sandbox reads a handler's
    (segtui.sandbox.pem_keys), each block with the same texts once (a Masker is made for each output)."""
    from cryptography.hazmat.primitives import serialization

    from segtui.sandbox.host_services import HostDeadlineError
    from segtui.sandbox.pem_keys import KeyError_, private_key

    deadline = time.perf_counter() + _BUDGET_S
    for passphrase in passphrases:
        try:
            key = private_key({"key": block, "passphrase": passphrase}, lambda: deadline)
        except KeyError_:
            continue
        except HostDeadlineError:
            return None
        pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
        return pem.decode("ascii"), passphrase
    return None
