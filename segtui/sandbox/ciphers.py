"""Python side of crypto.createCipheriv/createDecipheriv: AES in Node 20's modes, by Python's cryptography, with Node's errors.

Each call is given all the input so far and computes all the output so far (crypto_cipher.js hands out what is new), so
no cipher state lives here between calls. Bytes cross the host channel as latin-1 strings, as host_services.py's do.
"""

from __future__ import annotations

import re
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import padding
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

BLOCK = 16
_NAME = re.compile(r"(?:id-)?aes-?(128|192|256)(?:-(cbc|ecb|ctr|cfb|cfb8|ofb|gcm))?")
_STREAMED = {"ctr", "cfb", "cfb8", "ofb", "gcm"}
"""Modes whose output is as long as their input at every step (no block held back, no padding)."""
_TAG_LENGTHS = {4, 8, 12, 13, 14, 15, 16}
_BAD_DECRYPT = ("error:1C800064:Provider routines::bad decrypt", "bad decrypt", "ERR_OSSL_BAD_DECRYPT")
_WRONG_LENGTH = ("error:1C80006B:Provider routines::wrong final block length", "wrong final block length",
                 "ERR_OSSL_WRONG_FINAL_BLOCK_LENGTH")
_UNAUTHENTICATED = "Unsupported state or unable to authenticate data"


def _bytes(text: str) -> bytes:
    return text.encode("latin-1")


def _text(data: bytes) -> str:
    return data.decode("latin-1")


def _openssl(error: tuple[str, str, str]) -> dict[str, Any]:
    message, reason, code = error
    return {"error": message, "library": "Provider routines", "reason": reason, "code": code}


def names() -> list[str]:
    """The cipher names segtui serves, as crypto.getCiphers() lists them."""
    return sorted([f"aes-{bits}-{mode}" for bits in (128, 192, 256) for mode in ("cbc", "ecb", "ctr", "cfb", "cfb8", "ofb", "gcm")]
                  + ["aes128", "aes192", "aes256"] + [f"id-aes{bits}-gcm" for bits in (128, 192, 256)])


def _spec(algorithm: str) -> tuple[int, str] | None:
    found = _NAME.fullmatch(algorithm.lower())
    if found is None or (algorithm.lower().startswith("id-") and found.group(2) != "gcm"):
        return None
    return int(found.group(1)), found.group(2) or "cbc"


def _mode(mode: str, iv: bytes) -> Any:
    if mode == "ecb":
        return modes.ECB()
    if mode == "gcm":
        return modes.GCM(iv, min_tag_length=4)
    chained: dict[str, Any] = {"cbc": modes.CBC, "ctr": modes.CTR, "cfb": modes.CFB, "cfb8": modes.CFB8, "ofb": modes.OFB}
    return chained[mode](iv)


def check(payload: dict[str, Any]) -> dict[str, Any]:
    """Node's refusal of a cipher's name, key, IV or tag length (an error and its code), or {} when it would take them."""
    spec = _spec(payload["algorithm"])
    if spec is None:
        return {"error": "Unknown cipher", "code": "ERR_CRYPTO_UNKNOWN_CIPHER", "type": "Error"}
    bits, mode = spec
    if len(_bytes(payload["key"])) * 8 != bits:
        return {"error": "Invalid key length", "code": "ERR_CRYPTO_INVALID_KEYLEN", "type": "RangeError"}
    iv = payload.get("iv")
    iv_length = None if iv is None else len(_bytes(iv))
    if (mode == "ecb" and iv_length) or (mode == "gcm" and not 8 <= (iv_length or 0) <= 128) or (
            mode not in ("ecb", "gcm") and iv_length != BLOCK):
        return {"error": "Invalid initialization vector", "code": "ERR_CRYPTO_INVALID_IV", "type": "TypeError"}
    tag_length = payload.get("tag_length")
    if mode == "gcm" and tag_length is not None and tag_length not in _TAG_LENGTHS:
        return {"error": f"Invalid authentication tag length: {tag_length}", "code": "ERR_CRYPTO_INVALID_AUTH_TAG",
                "type": "TypeError"}
    return {"streamed": mode in _STREAMED, "gcm": mode == "gcm"}


def run(payload: dict[str, Any]) -> dict[str, Any]:
    """The output so far of a cipher given `data`, all its input so far: at `final`, all of it (padded, checked and
    with its tag); before, what Node's update calls would have handed out by then."""
    spec = _spec(payload["algorithm"])
    assert spec is not None, "crypto_cipher.js runs only a cipher `check` took"
    mode = spec[1]
    iv = _bytes(payload["iv"]) if payload.get("iv") is not None else b""
    decrypt, final, padded = payload["decrypt"], payload["final"], payload["padding"]
    data = _bytes(payload["data"])
    context: Any = Cipher(algorithms.AES(_bytes(payload["key"])), _mode(mode, iv))
    worker: Any = context.decryptor() if decrypt else context.encryptor()
    if mode == "gcm" and payload.get("aad"):
        worker.authenticate_additional_data(_bytes(payload["aad"]))
    if not final:
        if mode not in _STREAMED:
            whole = len(data) // BLOCK * BLOCK
            # Decrypting with padding holds back the last whole block: it may be the padding.
            data = data[:whole - BLOCK if decrypt and padded and whole == len(data) and whole else whole]
        return {"output": _text(worker.update(data))}
    if mode in _STREAMED:
        output = worker.update(data)
        if mode == "gcm" and decrypt:
            tag = payload.get("tag")
            if tag is None:
                return {"error": _UNAUTHENTICATED}
            try:
                return {"output": _text(output + worker.finalize_with_tag(_bytes(tag)))}
            except InvalidTag:
                return {"error": _UNAUTHENTICATED}
        output += worker.finalize()
        reply = {"output": _text(output)}
        if mode == "gcm":
            reply["tag"] = _text(worker.tag[:payload.get("tag_length") or BLOCK])
        return reply
    if padded and not decrypt:
        padder = padding.PKCS7(BLOCK * 8).padder()
        data = padder.update(data) + padder.finalize()
    if len(data) % BLOCK or (decrypt and padded and not data):
        return _openssl(_WRONG_LENGTH)
    output = worker.update(data) + worker.finalize()
    if decrypt and padded:
        unpadder = padding.PKCS7(BLOCK * 8).unpadder()
        try:
            output = unpadder.update(output) + unpadder.finalize()
        except ValueError:
            return _openssl(_BAD_DECRYPT)
    return {"output": _text(output)}
