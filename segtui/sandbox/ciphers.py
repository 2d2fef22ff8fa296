"""Python side of crypto.createCipheriv/createDecipheriv: AES in Node 20's modes, by Python's cryptography, with Node's errors.

Each cipher's state lives here from its creation to its final, or until its JavaScript object is collected; each update
returns its output at once, split as OpenSSL splits it. Bytes cross the host channel as latin-1 strings, as
host_services.py's do, and an update's data and output, the bulk, as base64.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import OrderedDict
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 16
MAX_OPEN = 4096
"""Ciphers begun and not finished kept at once; past that the oldest is dropped (a handler that never calls final)."""
_MODES = ("cbc", "ecb", "ctr", "cfb", "cfb8", "ofb", "gcm")
_NAME = re.compile(r"(?:id-)?aes-?(128|192|256)(?:-(cbc|ecb|ctr|cfb|cfb8|ofb|gcm))?")
_STREAMED = {"ctr", "cfb", "cfb8", "ofb", "gcm"}
"""Modes whose output is as long as their input at every step (no block held back, no padding)."""
_TAG_LENGTHS = {4, 8, 12, 13, 14, 15, 16}
_BAD_DECRYPT = ("error:1C800064:Provider routines::bad decrypt", "bad decrypt", "ERR_OSSL_BAD_DECRYPT")
_WRONG_LENGTH = ("error:1C80006B:Provider routines::wrong final block length", "wrong final block length",
                 "ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH")
_UNAUTHENTICATED = {"error": "Unsupported state or unable to authenticate data"}
_DROPPED = {"error": f"segtui dropped this cipher: more than {MAX_OPEN} were begun and not finished"}


def _bytes(text: str) -> bytes:
    return text.encode("latin-1")


def _text(data: bytes) -> str:
    return data.decode("latin-1")


def _openssl(error: tuple[str, str, str]) -> dict[str, Any]:
    message, reason, code = error
    return {"error": message, "library": "Provider routines", "reason": reason, "code": code}


def names() -> list[str]:
    """The cipher names segtui serves, as crypto.getCiphers() lists them."""
    return sorted([f"aes-{bits}-{mode}" for bits in (128, 192, 256) for mode in _MODES]
                  + ["aes128", "aes192", "aes256"] + [f"id-aes{bits}-gcm" for bits in (128, 192, 256)])


def _spec(algorithm: str) -> tuple[int, str] | None:
    found = _NAME.fullmatch(algorithm.lower())
    if found is None or (algorithm.lower().startswith("id-") and found.group(2) != "gcm"):
        return None
    return int(found.group(1)), found.group(2) or "cbc"


def _refusal(payload: dict[str, Any]) -> dict[str, Any] | None:
    """Node's refusal of a cipher's name, key, IV or tag length (an error and its code), or None."""
    spec = _spec(payload["algorithm"])
    if spec is None:
        return {"error": "Unknown cipher", "code": "ERR_CRYPTO_UNKNOWN_CIPHER", "type": "Error"}
    bits, mode = spec
    if len(_bytes(payload["key"])) * 8 != bits:
        return {"error": "Invalid key length", "code": "ERR_CRYPTO_INVALID_KEYLEN", "type": "RangeError"}
    iv = payload.get("iv")
    iv_length = None if iv is None else len(_bytes(iv))
    # cryptography takes GCM IVs of 8 bytes and more; OpenSSL takes shorter ones too.
    if (mode == "ecb" and iv_length) or (mode == "gcm" and not 8 <= (iv_length or 0) <= 128) or (
            mode not in ("ecb", "gcm") and iv_length != BLOCK):
        return {"error": "Invalid initialization vector", "code": "ERR_CRYPTO_INVALID_IV", "type": "TypeError"}
    tag_length = payload.get("tag_length")
    if mode == "gcm" and tag_length is not None and tag_length not in _TAG_LENGTHS:
        return {"error": f"Invalid authentication tag length: {tag_length}", "code": "ERR_CRYPTO_INVALID_AUTH_TAG",
                "type": "TypeError"}
    return None


def password_key(payload: dict[str, Any]) -> dict[str, Any]:
    """crypto.createCipher's key and IV for a cipher, from a password as OpenSSL's EVP_BytesToKey derives them (MD5, one
    round, no salt), as latin-1 text; or Node's error for a cipher it does not know."""
    spec = _spec(payload["algorithm"])
    if spec is None:
        return {"error": "Unknown cipher", "code": "ERR_CRYPTO_UNKNOWN_CIPHER", "type": "Error"}
    bits, mode = spec
    key_length, iv_length = bits // 8, 0 if mode == "ecb" else 12 if mode == "gcm" else BLOCK
    password, derived, block = _bytes(payload["password"]), b"", b""
    while len(derived) < key_length + iv_length:
        block = hashlib.md5(block + password).digest()
        derived += block
    return {"key": _text(derived[:key_length]), "iv": _text(derived[key_length:key_length + iv_length])}


class _State:
    """One cipher between its creation and its final."""

    def __init__(self, payload: dict[str, Any]) -> None:
        _bits, self.mode = _spec(payload["algorithm"]) or (0, "")
        iv = _bytes(payload["iv"]) if payload.get("iv") is not None else b""
        if self.mode == "ecb":
            mode: Any = modes.ECB()
        elif self.mode == "gcm":
            mode = modes.GCM(iv, min_tag_length=4)
        else:
            chained: dict[str, Any] = {"cbc": modes.CBC, "ctr": modes.CTR, "cfb": modes.CFB, "cfb8": modes.CFB8,
                                       "ofb": modes.OFB}
            mode = chained[self.mode](iv)
        context: Any = Cipher(algorithms.AES(_bytes(payload["key"])), mode)
        self.decrypt = bool(payload["decrypt"])
        self.worker: Any = context.decryptor() if self.decrypt else context.encryptor()
        self.tag_length = payload.get("tag_length") or BLOCK
        self.length = 0
        self.held = b""
        """A decrypted last block kept back while padding is on: it may be the padding (OpenSSL keeps it too)."""

    def update(self, data: bytes, padded: bool) -> bytes:
        self.length += len(data)
        output: bytes = self.worker.update(data)
        if self.mode in _STREAMED or not self.decrypt:
            return output
        output, self.held = self.held + output, b""
        # OpenSSL keeps the last block back when the input so far ends on a block's edge.
        if padded and output and self.length % BLOCK == 0:
            output, self.held = output[:-BLOCK], output[-BLOCK:]
        return output

    def final(self, padded: bool, tag: bytes | None) -> dict[str, Any]:
        if self.mode in _STREAMED:
            return self._final_streamed(tag)
        if not self.decrypt and padded:
            pad = BLOCK - self.length % BLOCK
            return {"output": _text(self.update(bytes([pad]) * pad, padded) + self.worker.finalize())}
        if self.length % BLOCK or (self.decrypt and padded and not self.held):
            return _openssl(_WRONG_LENGTH)
        self.worker.finalize()
        if not (self.decrypt and padded):
            return {"output": _text(self.held)}
        pad = self.held[-1]
        if not 1 <= pad <= BLOCK or self.held[-pad:] != bytes([pad]) * pad:
            return _openssl(_BAD_DECRYPT)
        return {"output": _text(self.held[:-pad])}

    def _final_streamed(self, tag: bytes | None) -> dict[str, Any]:
        if self.mode == "gcm" and self.decrypt:
            if tag is None:
                return _UNAUTHENTICATED
            try:
                return {"output": _text(self.worker.finalize_with_tag(tag))}
            except InvalidTag:
                return _UNAUTHENTICATED
        output = self.worker.finalize()
        if self.mode == "gcm":
            return {"output": _text(output), "tag": _text(self.worker.tag[:self.tag_length])}
        return {"output": _text(output)}


class Ciphers:
    """A sandbox's ciphers, by the number crypto_cipher.js knows each by."""

    def __init__(self) -> None:
        self._open: OrderedDict[int, _State] = OrderedDict()
        self._made = 0

    def new(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Begin a cipher: its number and whether it is GCM, or Node's refusal."""
        refused = _refusal(payload)
        if refused is not None:
            return refused
        self._made += 1
        self._open[self._made] = _State(payload)
        if len(self._open) > MAX_OPEN:
            self._open.popitem(last=False)
        return {"id": self._made, "gcm": self._open[self._made].mode == "gcm"}

    def aad(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Add GCM's additional authenticated data (before any update, as crypto_cipher.js makes sure)."""
        state = self._open.get(payload["id"])
        if state is None:
            return _DROPPED
        state.worker.authenticate_additional_data(_bytes(payload["aad"]))
        return {}

    def update(self, payload: dict[str, Any]) -> dict[str, Any]:
        """The output of one update."""
        state = self._open.get(payload["id"])
        if state is None:
            return _DROPPED
        output = state.update(base64.b64decode(payload["data"]), payload["padding"])
        return {"output": base64.b64encode(output).decode("ascii")}

    def final(self, payload: dict[str, Any]) -> dict[str, Any]:
        """The last output (and GCM's tag), or Node's error; the cipher is over either way."""
        state = self._open.pop(payload["id"], None)
        if state is None:
            return _DROPPED
        tag = payload.get("tag")
        return state.final(payload["padding"], None if tag is None else _bytes(tag))

    def drop(self, payload: dict[str, Any]) -> None:
        """Forget a cipher whose JavaScript object was collected before its final."""
        self._open.pop(payload["id"], None)


def key_wrap(payload: dict[str, Any]) -> str | None:
    """AES key wrap (RFC 3394) of a key's bytes, or its unwrap, as Web Crypto's AES-KW: None where OpenSSL refuses."""
    from cryptography.hazmat.primitives.keywrap import InvalidUnwrap, aes_key_unwrap, aes_key_wrap

    key, data = _bytes(payload["key"]), _bytes(payload["data"])
    if not data:  # OpenSSL's wrap cipher makes nothing of nothing (Node's unwrapKey then imports an empty key)
        return ""
    try:
        return _text(aes_key_unwrap(key, data) if payload["unwrap"] else aes_key_wrap(key, data))
    except (InvalidUnwrap, ValueError):
        return None
