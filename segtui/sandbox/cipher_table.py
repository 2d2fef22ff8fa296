"""Node 20's ciphers as its OpenSSL 3.0 knows them, which of them segtui runs, and Node's refusal of a cipher's name,
IV, tag length or key in the order Node checks them.

cipher_table.json holds, by every name Node's EVP_get_cipherbyname takes (lower case), what crypto.getCipherInfo says of
it, the spelling crypto.getCiphers lists it by (none for the legacy ciphers OpenSSL 3 leaves out of its default provider),
and whether Node can run it; `node scripts/refresh_cipher_table.js` writes it from the Node 20 on PATH (this one from
Node 20.20, OpenSSL 3.0.19) and `--check` compares.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

_RUN = re.compile(r"aes-(128|192|256)-(cbc|ecb|ctr|cfb|cfb1|cfb8|ofb)|id-aes(128|192|256)-(gcm|ccm|wrap|wrap-pad)"
                  r"|des-ede3?(-cbc|-cfb|-cfb1|-cfb8|-ofb)?|chacha20(-poly1305)?")
"""The ciphers segtui runs, by OpenSSL's own name for them: AES (key wrap too), two- and three-key triple DES, ChaCha20."""
_UNSUPPORTED = {"error": "error:0308010C:digital envelope routines::unsupported", "library": "digital envelope routines",
                "reason": "unsupported", "code": "ERR_OSSL_EVP_UNSUPPORTED"}
_INVALID_IV = {"error": "Invalid initialization vector", "code": "ERR_CRYPTO_INVALID_IV", "type": "TypeError"}
_GCM_TAGS = {4, 8, 12, 13, 14, 15, 16}
_CCM_TAGS = {4, 6, 8, 10, 12, 14, 16}


@dataclass(frozen=True)
class CipherSpec:
    """One cipher as Node 20 knows it."""

    name: str
    """OpenSSL's name for it (getCipherInfo's `name`): an alias such as des3 or aes128 gives its cipher's."""
    nid: int
    block_size: int | None
    iv_length: int | None
    key_length: int
    mode: str
    listed: str | None
    """How crypto.getCiphers spells it, None for a legacy cipher."""
    runs_in_node: bool
    algorithm: str = field(init=False)
    """The block or stream cipher: aes, des-ede, des-ede3, chacha20 or chacha20-poly1305."""
    kind: str = field(init=False)
    """Its mode as segtui runs it: getCipherInfo's, with cfb1 and cfb8 told apart, and chacha20-poly1305 as aead."""
    authenticated: bool = field(init=False)
    """Whether setAAD and the tag methods apply (Node's IsSupportedAuthenticatedMode)."""

    def __post_init__(self) -> None:
        # Worked out once here, not on each look: a cipher's creation and each of its steps read them.
        found = re.search(r"-(cfb1|cfb8)$", self.name)
        kind = "aead" if self.name == "chacha20-poly1305" else found.group(1) if found else self.mode
        object.__setattr__(self, "algorithm", "aes" if "aes" in self.name else re.sub(r"-(cbc|cfb1?8?|ofb)$", "", self.name))
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "authenticated", kind in ("gcm", "ccm", "ocb", "aead"))


@cache
def _table() -> dict[str, CipherSpec]:
    rows = json.loads((Path(__file__).with_name("cipher_table.json")).read_text(encoding="utf-8"))
    return {name: CipherSpec(*row) for name, row in rows.items()}


def lookup(algorithm: str) -> CipherSpec | None:
    """The cipher Node 20 finds by this name (in any case), or None."""
    return _table().get(algorithm.lower())


def runs(spec: CipherSpec) -> bool:
    """Whether segtui runs this cipher."""
    return _RUN.fullmatch(spec.name) is not None


def names() -> list[str]:
    """The cipher names segtui serves, as crypto.getCiphers() lists them (Node's spelling and order)."""
    return sorted(spec.listed for spec in _table().values() if spec.listed is not None and runs(spec))


def cipher_info(payload: dict[str, Any]) -> dict[str, Any] | None:
    """crypto.getCipherInfo's answer for a name or NID, with the key and IV lengths asked checked as Node checks them."""
    wanted = payload["name"]
    if isinstance(wanted, str):
        spec = lookup(wanted)
    else:
        spec = next((spec for spec in _table().values() if spec.nid == wanted and spec.name == spec.listed), None)
        spec = spec or next((spec for spec in _table().values() if spec.nid == wanted), None)
    if spec is None:
        return None
    key_length, iv_length = payload.get("key_length"), payload.get("iv_length")
    # Node checks the lengths asked on a cipher context, which a legacy cipher it does not run never gets.
    if (key_length is not None or iv_length is not None) and not spec.runs_in_node:
        return None
    if key_length is not None and key_length != spec.key_length:
        return None
    if iv_length is not None and not _iv_length_fits(spec, iv_length):
        return None
    info: dict[str, Any] = {"mode": spec.mode, "name": spec.name, "nid": spec.nid}
    if spec.block_size is not None:
        info["blockSize"] = spec.block_size
    iv_length = spec.iv_length if iv_length is None else iv_length
    if iv_length:  # Node leaves out an IV length of 0
        info["ivLength"] = iv_length
    info["keyLength"] = spec.key_length
    return info


def _iv_length_fits(spec: CipherSpec, length: int) -> bool:
    if spec.mode == "ccm":
        return 7 <= length <= 13
    if spec.mode == "gcm":
        return 1 <= length <= 128
    if spec.mode == "ocb":
        return 1 <= length <= 15
    return length == (spec.iv_length or 0)


def admitted(payload: dict[str, Any]) -> CipherSpec | dict[str, Any]:
    """The cipher segtui runs for a createCipheriv, or Node's refusal of its name, IV, tag length or key length (an error
    and its code)."""
    spec = lookup(payload["algorithm"])
    if spec is None:
        return {"error": "Unknown cipher", "code": "ERR_CRYPTO_UNKNOWN_CIPHER", "type": "Error"}
    iv = payload.get("iv")
    iv_length = 0 if iv is None else len(iv.encode("latin-1"))
    if (not iv_length and spec.iv_length) or (iv_length and not spec.authenticated and iv_length != spec.iv_length):
        return _INVALID_IV
    if not spec.runs_in_node:
        return _UNSUPPORTED
    if not _iv_length_fits(spec, iv_length):
        return _INVALID_IV
    tag_refused = _tag_refusal(spec, payload)
    if tag_refused is not None:
        return tag_refused
    if len(payload["key"].encode("latin-1")) != spec.key_length:
        return {"error": "Invalid key length", "code": "ERR_CRYPTO_INVALID_KEYLEN", "type": "RangeError"}
    # Only what Node 20 would run is left: segtui's own refusals come after all of Node's.
    if not runs(spec):
        return {"error": f"segtui does not run the cipher {payload['algorithm']}, which Node 20 has (crypto.getCiphers() "
                f"lists what segtui runs)", "code": "ERR_CRYPTO_UNKNOWN_CIPHER", "type": "Error"}
    # cryptography takes GCM IVs of 8 bytes and more; OpenSSL takes shorter ones too.
    if spec.kind == "gcm" and iv_length < 8:
        return _INVALID_IV
    return spec


def _tag_refusal(spec: CipherSpec, payload: dict[str, Any]) -> dict[str, Any] | None:
    if not spec.authenticated:
        return None
    length = payload.get("tag_length")
    if length is None and spec.kind in ("gcm", "aead"):
        return None
    if length is None:
        return {"error": f"authTagLength required for {payload['algorithm']}", "code": "ERR_CRYPTO_INVALID_AUTH_TAG",
                "type": "TypeError"}
    if length not in {"gcm": _GCM_TAGS, "ccm": _CCM_TAGS}.get(spec.kind, range(1, 17)):
        return {"error": f"Invalid authentication tag length: {length}", "code": "ERR_CRYPTO_INVALID_AUTH_TAG",
                "type": "TypeError"}
    return None
