"""AES key wrap as Node 20's id-aes*-wrap (RFC 3394) and id-aes*-wrap-pad (RFC 5649) ciphers run it: each update wraps
or unwraps its own input whole, with the IV given (cryptography's key wrap takes none but the default); and Web Crypto's
AES-KW by the same code."""

from __future__ import annotations

from typing import Any

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from segtui.sandbox.cipher_aead import UNSUPPORTED_STATE, CipherRefused

_ROUNDS = 6
_DEFAULT_IV = bytes.fromhex("a6a6a6a6a6a6a6a6")
"""RFC 3394's initial value, the one Web Crypto's AES-KW wraps with."""


class KeyWrap:
    """One wrap or unwrap cipher; an input OpenSSL refuses, or an unwrap that fails its check, is Node's update error."""

    def __init__(self, key: bytes, iv: bytes, decrypt: bool, padded: bool) -> None:
        context = Cipher(algorithms.AES(key), modes.ECB())
        self._encrypt: Any = context.encryptor()
        self._decrypt: Any = context.decryptor()
        self._iv = iv
        self._unwrap = decrypt
        self._padded = padded

    def update(self, data: bytes, _padded: bool, _tag: bytes | None) -> bytes:
        if not data:
            return b""
        output = (self._open if self._unwrap else self._seal)(data)
        if output is None:
            raise CipherRefused(UNSUPPORTED_STATE)
        return output

    def final(self, _padded: bool, _tag: bytes | None) -> dict[str, Any]:
        return {"output": ""}

    def _seal(self, data: bytes) -> bytes | None:
        if not self._padded:
            return self._wrap(self._iv, data) if len(data) >= 16 and len(data) % 8 == 0 else None
        check = self._iv + len(data).to_bytes(4, "big")
        plain = data + bytes(-len(data) % 8)
        if len(plain) == 8:
            single: bytes = self._encrypt.update(check + plain)
            return single
        return self._wrap(check, plain)

    def _open(self, data: bytes) -> bytes | None:
        if len(data) % 8 or len(data) < (16 if self._padded else 24):
            return None
        if len(data) == 16:
            block: bytes = self._decrypt.update(data)
            check, plain = block[:8], block[8:]
        else:
            check, plain = self._unwrapped(data)
        if not self._padded:
            return plain if check == self._iv else None
        length = int.from_bytes(check[4:], "big")
        if check[:4] != self._iv or not len(plain) - 8 < length <= len(plain) or any(plain[length:]):
            return None
        return plain[:length]

    def _wrap(self, check: bytes, plain: bytes) -> bytes:
        top, blocks = check, [plain[at:at + 8] for at in range(0, len(plain), 8)]
        for round_ in range(_ROUNDS):
            for index, block in enumerate(blocks):
                out = self._encrypt.update(top + block)
                step = round_ * len(blocks) + index + 1
                top, blocks[index] = (int.from_bytes(out[:8], "big") ^ step).to_bytes(8, "big"), out[8:]
        return top + b"".join(blocks)

    def _unwrapped(self, data: bytes) -> tuple[bytes, bytes]:
        top, blocks = data[:8], [data[at:at + 8] for at in range(8, len(data), 8)]
        for round_ in reversed(range(_ROUNDS)):
            for index in reversed(range(len(blocks))):
                step = round_ * len(blocks) + index + 1
                out = self._decrypt.update((int.from_bytes(top, "big") ^ step).to_bytes(8, "big") + blocks[index])
                top, blocks[index] = out[:8], out[8:]
        return top, b"".join(blocks)


def key_wrap(payload: dict[str, Any]) -> str | None:
    """AES key wrap (RFC 3394) of a key's bytes, or its unwrap, as Web Crypto's AES-KW: None where OpenSSL refuses, and
    nothing of nothing (Node's unwrapKey then imports an empty key); bytes as latin-1 text."""
    wrap = KeyWrap(payload["key"].encode("latin-1"), _DEFAULT_IV, bool(payload["unwrap"]), padded=False)
    try:
        return wrap.update(payload["data"].encode("latin-1"), False, None).decode("latin-1")
    except CipherRefused:
        return None
