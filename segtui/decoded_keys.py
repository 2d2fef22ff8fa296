"""A secret that is a key written out (hex, a UUID, base64) decoded to its bytes, and how a handler shows them: a
Masker treats those bytes as a secret of their own (a secret beyond ASCII's UTF-8 and Latin-1 bytes too)."""

from __future__ import annotations

import base64
import binascii
import re

from segtui.made_forms import VIEWED

_HEX_KEY = re.compile(r"(?:[0-9a-fA-F]{2}){8,}|[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")  # hex, or a UUID
_BASE64_KEY = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}|[A-Za-z0-9_-]{16,}={0,2}")


def _marked_base64(secret: str) -> bool:
    """What tells base64 of bytes from an ID that merely uses its letters (`order_id_number_one`): padding, the
    characters that only base64 (+ /) or base64url (- with _) has, or digits with letters of both cases, as random
    bytes give (a third of unpadded 32-character keys have neither + nor /). A secret taken for a key costs each masked
    text more forms to search, so a word-like ID is not taken for one."""
    return (any(mark in secret for mark in "+/=") or ("-" in secret and "_" in secret)
            or (any(c.isdigit() for c in secret) and any(c.islower() for c in secret)
                and any(c.isupper() for c in secret)))


_INNER_BASE64 = (re.compile(r"[A-Za-z0-9+/]{16,}={0,2}"), re.compile(r"[A-Za-z0-9_-]{16,}"))
"""Base64 and base64url runs, each looked for on its own: `whsec_…` is one run of base64url, and its key one of
base64."""


def decoded_keys(secret: str) -> list[str]:
    """The keys a secret holds decoded (`decoded_key`): itself, and base64 within it that a handler decodes on its own
    (`whsec_…`'s after its prefix, `base64:…`, a connection string's `AccountKey=…;`)."""
    runs = [secret, *(run.group() for pattern in _INNER_BASE64 for run in pattern.finditer(secret)
                      if run.group() != secret)]
    return [key for key in dict.fromkeys(map(decoded_key, runs)) if key is not None]


def decoded_key(secret: str) -> str | None:
    """A secret that is a key written out in hex (a UUID's too) or base64, decoded (`Buffer.from(key, "base64")`), as
    text of a Latin-1 character a byte: a Masker treats it as a secret of its own, so its bytes are masked however they
    are shown (hex, base64, a Buffer, numbers), and 8 or more cut at any offset in hex or base64 (an IV). None else."""
    try:
        if _HEX_KEY.fullmatch(secret) and not secret.replace("-", "").isdigit():  # digits' spaced hex is any number
            data = bytes.fromhex(secret.replace("-", ""))
        elif _BASE64_KEY.fullmatch(secret) and _marked_base64(secret):
            data = base64.b64decode(secret.rstrip("=") + "=" * (-len(secret.rstrip("=")) % 4),
                                    altchars=b"-_" if "-" in secret or "_" in secret else None, validate=True)
        else:
            return None
    except (binascii.Error, ValueError):
        return None
    return data.decode("latin-1") if len(data) >= VIEWED else None


def buffer_readings(secret: str) -> list[str]:
    """The bytes a handler's Buffer makes of a secret beyond ASCII, as Latin-1 text (a character a byte), which a Masker
    masks as it does a decoded key's: its UTF-8 (so its hex and base64 are masked, whole or in part, where no form the
    sandbox made is at hand: an input error quoting a line before a run), `buffer.toString('ascii')` of its UTF-8, which
    keeps each byte's low 7 bits, and `Buffer.from(secret, 'latin1')` (or 'binary'), each UTF-16 code unit's low byte
    (two of a character beyond the BMP, one of each half)."""
    if secret.isascii():
        return []
    data = secret.encode("utf-8", "surrogatepass")
    readings = [data.decode("latin-1"), bytes(byte & 0x7F for byte in data).decode("latin-1")]
    if max(map(ord, secret)) > 0xFF:
        readings.append(secret.encode("utf-16-le", "surrogatepass")[::2].decode("latin-1"))
    return [reading for reading in readings if len(reading) >= VIEWED]


def key_forms(key: str) -> list[str]:
    """How a handler shows a decoded key's bytes (`decoded_key`): hex (also spaced, as a Buffer shows it), base64,
    base64url, its numbers."""
    data = key.encode("latin-1")
    b64 = base64.b64encode(data).decode()
    return [data.hex(), data.hex().upper(), data.hex(" "), ",".join(map(str, data)), b64, b64.rstrip("="),
            b64.rstrip("=").replace("+", "-").replace("/", "_")]
