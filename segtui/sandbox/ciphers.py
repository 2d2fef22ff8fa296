"""Python side of crypto.createCipheriv/createDecipheriv: AES and triple DES in Node 20's modes, ChaCha20, ChaCha20-Poly1305 and
AES-CCM (cipher_aead.py), AES key wrap (cipher_wrap.py), by Python's cryptography, with Node's errors (cipher_table.py
knows the names).

Each cipher's state lives here from its creation to its final, or until its JavaScript object is collected; each update
returns its output at once, split as OpenSSL splits it. Bytes cross the host channel as latin-1 strings, as
host_services.py's do, and an update's data and output, the bulk, as base64.
"""

from __future__ import annotations

import base64
import hashlib
from collections import OrderedDict
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from segtui.sandbox.cipher_aead import UNAUTHENTICATED, Ccm, ChaChaPoly, CipherRefused
from segtui.sandbox.cipher_table import CipherSpec, admitted, lookup
from segtui.sandbox.cipher_wrap import KeyWrap

try:  # cryptography 43 moved triple DES among its decrepit ciphers; 42 has it with the others
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:  # pragma: no cover
    from cryptography.hazmat.primitives.ciphers.algorithms import TripleDES
try:  # cryptography 48 moved CFB, CFB8 and OFB there too (49 removes them from modes)
    from cryptography.hazmat.decrepit.ciphers.modes import CFB, CFB8, OFB
except ImportError:  # pragma: no cover
    from cryptography.hazmat.primitives.ciphers.modes import CFB, CFB8, OFB

MAX_OPEN = 4096
"""Ciphers begun and not finished kept at once; past that the oldest is dropped (a handler that never calls final)."""
_STREAMED = {"ctr", "cfb", "cfb1", "cfb8", "ofb", "gcm", "stream"}
"""Modes whose output is as long as their input at every step (no block held back, no padding)."""
_BAD_DECRYPT = ("error:1C800064:Provider routines::bad decrypt", "bad decrypt", "ERR_OSSL_BAD_DECRYPT")
_WRONG_LENGTH = ("error:1C80006B:Provider routines::wrong final block length", "wrong final block length",
                 "ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH")
_DROPPED = {"error": f"segtui dropped this cipher: more than {MAX_OPEN} were begun and not finished"}


def _bytes(text: str) -> bytes:
    return text.encode("latin-1")


def _text(data: bytes) -> str:
    return data.decode("latin-1")


def _openssl(error: tuple[str, str, str]) -> dict[str, Any]:
    message, reason, code = error
    return {"error": message, "library": "Provider routines", "reason": reason, "code": code}


def password_key(payload: dict[str, Any]) -> dict[str, Any]:
    """crypto.createCipher's key and IV for a cipher, from a password as OpenSSL's EVP_BytesToKey derives them (MD5, one
    round, no salt), as latin-1 text; or Node's error for a cipher it does not know."""
    spec = lookup(payload["algorithm"])
    if spec is None:
        return {"error": "Unknown cipher", "code": "ERR_CRYPTO_UNKNOWN_CIPHER", "type": "Error"}
    key_length, iv_length = spec.key_length, spec.iv_length or 0
    password, derived, block = _bytes(payload["password"]), b"", b""
    while len(derived) < key_length + iv_length:
        block = hashlib.md5(block + password).digest()
        derived += block
    return {"key": _text(derived[:key_length]), "iv": _text(derived[key_length:key_length + iv_length])}


class _Cfb1:
    """CFB with one bit of feedback (OpenSSL's cfb1), which cryptography lacks: a block encryption per bit."""

    def __init__(self, algorithm: Any, iv: bytes, decrypt: bool) -> None:
        self._block: Any = Cipher(algorithm, modes.ECB()).encryptor()
        self._register = int.from_bytes(iv, "big")
        self._size = len(iv)
        self._decrypt = decrypt

    def update(self, data: bytes) -> bytes:
        output = bytearray()
        mask = (1 << self._size * 8) - 1
        for byte in data:
            result = 0
            for shift in range(7, -1, -1):
                bit = byte >> shift & 1
                out = bit ^ self._block.update(self._register.to_bytes(self._size, "big"))[0] >> 7
                result |= out << shift
                self._register = (self._register << 1 | (bit if self._decrypt else out)) & mask
            output.append(result)
        return bytes(output)

    def finalize(self) -> bytes:
        return b""


_MODES: dict[str, Any] = {"ecb": lambda _iv: modes.ECB(), "gcm": lambda iv: modes.GCM(iv, min_tag_length=4),
                          "stream": lambda _iv: None, "cbc": modes.CBC, "ctr": modes.CTR, "cfb": CFB, "cfb8": CFB8,
                          "ofb": OFB}
"""cryptography's mode for each of Node's, from its IV (None for ChaCha20's, a stream)."""


class _State:
    """One AES, triple DES or ChaCha20 cipher (no AEAD but GCM) between its creation and its final."""

    def __init__(self, spec: CipherSpec, key: bytes, iv: bytes, decrypt: bool, tag_length: int | None) -> None:
        self.mode = spec.kind
        made: dict[str, Any] = {"aes": algorithms.AES, "chacha20": lambda key: algorithms.ChaCha20(key, iv)}
        algorithm: Any = made.get(spec.algorithm, TripleDES)(key)
        self.block = getattr(algorithm, "block_size", 8) // 8  # ChaCha20 has none: a byte
        self.decrypt = decrypt
        if self.mode == "cfb1":
            self.worker: Any = _Cfb1(algorithm, iv, decrypt)
        else:
            context: Any = Cipher(algorithm, _MODES[self.mode](iv))
            self.worker = context.decryptor() if decrypt else context.encryptor()
        self.tag_length = tag_length or 16
        self.length = 0
        self.held = b""
        """A decrypted last block kept back while padding is on: it may be the padding (OpenSSL keeps it too)."""

    def aad(self, data: bytes, _plaintext_length: int | None) -> None:
        self.worker.authenticate_additional_data(data)

    def update(self, data: bytes, padded: bool, _tag: bytes | None) -> bytes:
        self.length += len(data)
        output: bytes = self.worker.update(data)
        if self.mode in _STREAMED or not self.decrypt:
            return output
        output, self.held = self.held + output, b""
        # OpenSSL keeps the last block back when the input so far ends on a block's edge.
        if padded and output and self.length % self.block == 0:
            output, self.held = output[:-self.block], output[-self.block:]
        return output

    def final(self, padded: bool, tag: bytes | None) -> dict[str, Any]:
        if self.mode in _STREAMED:
            return self._final_streamed(tag)
        if not self.decrypt and padded:
            pad = self.block - self.length % self.block
            return {"output": _text(self.update(bytes([pad]) * pad, padded, None) + self.worker.finalize())}
        if self.length % self.block or (self.decrypt and padded and not self.held):
            return _openssl(_WRONG_LENGTH)
        self.worker.finalize()
        if not (self.decrypt and padded):
            return {"output": _text(self.held)}
        pad = self.held[-1]
        if not 1 <= pad <= self.block or self.held[-pad:] != bytes([pad]) * pad:
            return _openssl(_BAD_DECRYPT)
        return {"output": _text(self.held[:-pad])}

    def _final_streamed(self, tag: bytes | None) -> dict[str, Any]:
        if self.mode == "gcm" and self.decrypt:
            if tag is None:
                return UNAUTHENTICATED
            try:
                return {"output": _text(self.worker.finalize_with_tag(tag))}
            except InvalidTag:
                return UNAUTHENTICATED
        output = self.worker.finalize()
        if self.mode == "gcm":
            return {"output": _text(output), "tag": _text(self.worker.tag[:self.tag_length])}
        return {"output": _text(output)}


def _begin(payload: dict[str, Any], spec: CipherSpec) -> Any:
    """A cipher's state: a _State, ChaChaPoly, Ccm or KeyWrap, each with update and final (and aad if authenticated)."""
    key, iv = _bytes(payload["key"]), _bytes(payload["iv"]) if payload.get("iv") is not None else b""
    decrypt, tag_length = bool(payload["decrypt"]), payload.get("tag_length")
    if spec.kind == "aead":
        return ChaChaPoly(key, iv, decrypt, tag_length)
    if spec.kind == "ccm":
        return Ccm(key, iv, decrypt, tag_length)
    if spec.kind == "wrap":
        return KeyWrap(key, iv, decrypt, spec.name.endswith("-pad"))
    return _State(spec, key, iv, decrypt, tag_length)


class Ciphers:
    """A sandbox's ciphers, by the number crypto_cipher.js knows each by."""

    def __init__(self) -> None:
        self._open: OrderedDict[int, Any] = OrderedDict()
        self._made = 0

    def new(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Begin a cipher: its number, its authenticated mode (gcm, ccm, aead or None) and the tag length a decipher's
        setAuthTag must match (None: GCM's rule), or Node's refusal."""
        spec = admitted(payload)
        if isinstance(spec, dict):
            return spec
        self._made += 1
        self._open[self._made] = _begin(payload, spec)
        if len(self._open) > MAX_OPEN:
            self._open.popitem(last=False)
        tag_length = payload.get("tag_length")
        return {"id": self._made, "mode": spec.kind if spec.authenticated else None,
                "tag_length": tag_length if tag_length is not None or spec.kind != "aead" else 16}

    def aad(self, payload: dict[str, Any]) -> dict[str, Any]:
        """Add the additional authenticated data (GCM's before any update, as crypto_cipher.js makes sure)."""
        state = self._open.get(payload["id"])
        if state is None:
            return _DROPPED
        try:
            state.aad(_bytes(payload["aad"]), payload.get("plaintext_length"))
        except CipherRefused as refused:
            return refused.reply
        return {}

    def update(self, payload: dict[str, Any]) -> dict[str, Any]:
        """The output of one update, or Node's error."""
        state = self._open.get(payload["id"])
        if state is None:
            return _DROPPED
        tag = payload.get("tag")
        try:
            output = state.update(base64.b64decode(payload["data"]), payload["padding"], None if tag is None else _bytes(tag))
        except CipherRefused as refused:
            return refused.reply
        return {"output": base64.b64encode(output).decode("ascii")}

    def final(self, payload: dict[str, Any]) -> dict[str, Any]:
        """The last output (and an AEAD's tag), or Node's error; the cipher is over either way."""
        state = self._open.pop(payload["id"], None)
        if state is None:
            return _DROPPED
        tag = payload.get("tag")
        answer: dict[str, Any] = state.final(payload["padding"], None if tag is None else _bytes(tag))
        return answer

    def drop(self, payload: dict[str, Any]) -> None:
        """Forget a cipher whose JavaScript object was collected before its final."""
        self._open.pop(payload["id"], None)

