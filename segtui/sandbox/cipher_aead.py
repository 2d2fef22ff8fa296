"""ChaCha20-Poly1305 and AES-CCM between a cipher's creation and its final, as Node 20 runs them, with Node's errors.

ChaCha20-Poly1305 streams (RFC 8439's construction from ChaCha20 and Poly1305, so that each update's output comes at
once, as OpenSSL's does); CCM, which needs the message's length first, takes one update, as Node allows.
"""

from __future__ import annotations

import hmac
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms
from cryptography.hazmat.primitives.ciphers.aead import AESCCM
from cryptography.hazmat.primitives.poly1305 import Poly1305

UNAUTHENTICATED = {"error": "Unsupported state or unable to authenticate data"}
UNSUPPORTED_STATE = {"error": "Trying to add data in unsupported state"}
_MESSAGE_LENGTH = {"error": "Invalid message length", "code": "ERR_CRYPTO_INVALID_MESSAGELEN", "type": "RangeError"}
_TAG_NOT_SET = {"error": "error:1C800077:Provider routines::tag not set", "library": "Provider routines",
                "reason": "tag not set", "code": "ERR_OSSL_TAG_NOT_SET"}
_INT_MAX = 2**31 - 1


class CipherRefused(Exception):
    """Node's error for a step of a cipher, as the host channel carries it."""

    def __init__(self, reply: dict[str, Any]) -> None:
        super().__init__(reply["error"])
        self.reply = reply


def _not_emulated(what: str) -> CipherRefused:
    return CipherRefused({"error": f"segtui does not emulate {what}, which Node 20 takes"})


class ChaChaPoly:
    """chacha20-poly1305: Poly1305 over the AAD and the ciphertext, each padded to 16 bytes, then their lengths."""

    def __init__(self, key: bytes, iv: bytes, decrypt: bool, tag_length: int | None) -> None:
        block0 = Cipher(algorithms.ChaCha20(key, bytes(4) + iv), None).encryptor().update(bytes(32))
        self._mac = Poly1305(block0)
        self._stream = Cipher(algorithms.ChaCha20(key, (1).to_bytes(4, "little") + iv), None).encryptor()
        self._decrypt = decrypt
        self._tag_length = tag_length or 16
        self._aad_length = 0
        self._length: int | None = None

    def aad(self, data: bytes, _plaintext_length: int | None) -> None:
        if self._length is not None:
            raise _not_emulated("setAAD after update on chacha20-poly1305")
        self._mac.update(data)
        self._aad_length += len(data)

    def update(self, data: bytes, _padded: bool, _tag: bytes | None) -> bytes:
        if self._length is None:
            self._mac.update(bytes(-self._aad_length % 16))
            self._length = 0
        output: bytes = self._stream.update(data)
        self._mac.update(data if self._decrypt else output)
        self._length += len(data)
        return output

    def final(self, _padded: bool, tag: bytes | None) -> dict[str, Any]:
        if self._length is None:
            self.update(b"", True, None)
        length = self._length or 0
        self._mac.update(bytes(-length % 16) + self._aad_length.to_bytes(8, "little") + length.to_bytes(8, "little"))
        full = self._mac.finalize()
        if not self._decrypt:
            return {"output": "", "tag": full[:self._tag_length].decode("latin-1")}
        if tag is None or not hmac.compare_digest(full[:len(tag)], tag):
            return UNAUTHENTICATED
        return {"output": ""}


class Ccm:
    """AES-CCM: the one update seals or opens the whole message; a decipher's failure shows at its final, as in Node."""

    def __init__(self, key: bytes, iv: bytes, decrypt: bool, tag_length: int | None) -> None:
        self._tag_length = tag_length or 16
        self._aead = AESCCM(key, self._tag_length)
        self._iv = iv
        self._decrypt = decrypt
        self._limit = {12: 16777215, 13: 65535}.get(len(iv), _INT_MAX)
        self._aad: bytes | None = None
        self._plaintext_length: int | None = None
        self._updated = False
        self._failed = False
        self._tag = b""

    def aad(self, data: bytes, plaintext_length: int | None) -> None:
        if plaintext_length is None:
            raise CipherRefused({"error": "options.plaintextLength required for CCM mode with AAD",
                                 "code": "ERR_MISSING_ARGS", "type": "TypeError"})
        if plaintext_length > self._limit:
            raise CipherRefused(_MESSAGE_LENGTH)
        if self._aad is not None or self._updated:
            raise _not_emulated("a second setAAD, or one after update, on a CCM cipher")
        self._aad, self._plaintext_length = data, plaintext_length

    def update(self, data: bytes, _padded: bool, tag: bytes | None) -> bytes:
        if len(data) > self._limit:
            raise CipherRefused(_MESSAGE_LENGTH)
        if self._updated or self._plaintext_length not in (None, len(data)):
            if self._decrypt:
                self._failed = True
                return b""
            raise CipherRefused(UNSUPPORTED_STATE)
        self._updated = True
        if not self._decrypt:
            sealed = self._aead.encrypt(self._iv, data, self._aad)
            self._tag = sealed[len(data):]
            return sealed[:len(data)]
        try:
            if tag is None:
                raise InvalidTag
            return self._aead.decrypt(self._iv, data + tag, self._aad)
        except InvalidTag:
            self._failed = True
            return b""

    def final(self, _padded: bool, _tag: bytes | None) -> dict[str, Any]:
        if self._decrypt:
            return UNAUTHENTICATED if self._failed else {"output": ""}
        if not self._updated:
            return _TAG_NOT_SET
        return {"output": "", "tag": self._tag.decode("latin-1")}
