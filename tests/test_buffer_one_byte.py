"""Big buffers through Buffer's one-byte encodings (latin1, binary, ascii) and the crypto host calls, in real V8: npm
buffer converts those encodings a character at a time, which for 10 MB took ~1 s and over 300 MB of V8's heap, so
hashing or enciphering 10 MB (whose bytes crossed to the host as such text) failed at the default memory limit."""

from __future__ import annotations

import hashlib
import hmac

import pytest

ENGINE_OPTIONS = {"timeout_s": 10, "memory_mb": 256}

# Bounds as the library clamps them (start, end), and how each keeps every byte value of the buffer.
BOUNDS = ["", "undefined, undefined", "3", "0, 300", "-5, 10", "250, 256", "10, 3", "300", "1.5, '9'", "0, -1"]


def _expected(start: object, end: object, encoding: str) -> str:
    """What npm buffer's toString gives for all 256 byte values between these bounds (its slowToString's clamping)."""
    data = bytes(range(256))
    lo = 0 if start is None or start < 0 else start  # type: ignore[operator]
    hi = 256 if end is None or end > 256 else end  # type: ignore[operator]
    if lo > 256 or hi <= 0 or int(hi) <= int(lo):
        return ""
    piece = data[int(lo):int(hi)]
    return (bytes(b & 0x7F for b in piece) if encoding == "ascii" else piece).decode("latin-1")


@pytest.mark.parametrize("encoding", ["latin1", "binary", "ascii", "LATIN1"])
def test_one_byte_text_of_every_byte_value_is_the_librarys_and_leaves_the_buffer_as_it_was(runner, encoding):
    result = runner.run(f"""
        async function onTrack() {{
          const bytes = Buffer.from(Array.from({{ length: 256 }}, (_, i) => i));
          const texts = [{", ".join(f"bytes.toString('{encoding}'{', ' + b if b else ''})" for b in BOUNDS)}];
          const back = Buffer.from(texts[0], '{encoding}');
          return {{ texts, back: back.toString('hex'), kept: bytes.toString('hex'), wide: Buffer.from('\\u0141\\u00e9', '{encoding}').toString('hex') }};
        }}
    """)
    assert result.outcome == "success", result.error
    lowered = encoding.lower()
    values = [(None, None), (None, None), (3, None), (0, 300), (-5, 10), (250, 256), (10, 3), (300, None), (1.5, 9),
              (0, -1)]
    assert result.return_value["texts"] == [_expected(start, end, lowered) for start, end in values]
    assert result.return_value["back"] == bytes(b & 0x7F if lowered == "ascii" else b for b in range(256)).hex()
    assert result.return_value["kept"] == bytes(range(256)).hex()
    assert result.return_value["wide"] == "41e9"  # each character's low byte, as the library and Node keep it


def test_ten_megabytes_hash_and_convert_within_the_default_memory_limit(runner):
    result = runner.run("""
        async function onTrack() {
          const big = Buffer.alloc(10 * 1024 * 1024, 200);
          const hash = crypto.createHash('sha256').update(big).digest('hex');
          const text = big.toString('binary');
          return [hash, text.length, Buffer.from(text, 'latin1').equals(big)];
        }
    """)
    assert result.outcome == "success", result.error
    assert result.return_value == [hashlib.sha256(bytes([200]) * 10 * 1024 * 1024).hexdigest(), 10 * 1024 * 1024, True]



# Each alone at the default limit: as latin-1 text in JSON each zero byte took six characters (\u0000), and hashing 15 MB
# of zeros, or enciphering 12 MB, failed with a MemoryError; bulk bytes now cross to the host as base64.
ZEROS = {
    "hash": ("crypto.createHash('sha256').update(zeros).digest('hex')", 20),
    "hmac": ("crypto.createHmac('sha256', 'k').update(zeros).digest('hex')", 20),
    "cipher": (("((out) => out.length + ' ' + out.subarray(-16).toString('hex'))(crypto.createCipheriv('aes-128-ctr', "
                "Buffer.alloc(16, 1), Buffer.alloc(16, 2)).update(zeros))"), 16),
}


def _zeros_expected(what: str, size: int) -> str:
    zeros = bytes(size)
    if what == "hash":
        return hashlib.sha256(zeros).hexdigest()
    if what == "hmac":
        return hmac.new(b"k", zeros, "sha256").hexdigest()
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    sealed = Cipher(algorithms.AES(bytes([1]) * 16), modes.CTR(bytes([2]) * 16)).encryptor().update(zeros)
    return f"{size} {sealed[-16:].hex()}"


@pytest.mark.parametrize("what", list(ZEROS))
def test_megabytes_of_zeros_hash_and_encipher_within_the_default_memory_limit(runner, what):
    expression, megabytes = ZEROS[what]
    result = runner.run(f"""
        async function onTrack() {{
          const zeros = Buffer.alloc({megabytes} * 1024 * 1024);
          return {expression};
        }}
    """)
    assert result.outcome == "success", result.error
    assert result.return_value == _zeros_expected(what, megabytes * 1024 * 1024)
