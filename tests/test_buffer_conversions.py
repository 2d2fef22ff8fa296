"""Big buffers through Buffer's encodings and the crypto host calls, in real V8: npm buffer converts latin1, binary,
ascii, hex, UTF-16 and UTF-8 text a character at a time, which for 10 MB took ~1 s and over 300 MB of V8's heap, so
Buffer.from of 10 MB of text, or hashing 10 MB (whose bytes crossed to the host as latin1 text), failed at the default
memory limit."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

# Generous: these check memory and results, and 10 MB conversions took past 10 s on a loaded 2-core host.
ENGINE_OPTIONS = {"timeout_s": 30, "memory_mb": 256}

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


# Node 20's bytes for text with every UTF-8 length and each kind of lone surrogate (npm buffer writes the same).
UTF8 = {"a\u00e9\u4e2d\ud83d\ude00": "61c3a9e4b8adf09f9880", "x\ud800": "78efbfbd", "\udc00y": "efbfbd79",
        "\ud800\ud800\udc00": "efbfbdf0908080", "\ud800a": "efbfbd61", "": "",
        "\udbff\udfff\u0000\u007f\u0080\u07ff\u0800\uffff": "f48fbfbf007fc280dfbfe0a080efbfbf"}


def test_utf8_bytes_and_length_of_text_with_lone_surrogates_are_nodes(runner):
    texts = [json.dumps(text) for text in UTF8]  # JSON keeps lone surrogates as escapes
    result = runner.run(f"""
        async function onTrack() {{
          return [{", ".join(texts)}].map((t) => [Buffer.from(t).toString('hex'), Buffer.from(t, 'UTF-8').toString('hex'),
            Buffer.byteLength(t), Buffer.byteLength(t, 'utf8')]);
        }}
    """)
    assert result.return_value == [[hexed, hexed, len(hexed) // 2, len(hexed) // 2] for hexed in UTF8.values()]


@pytest.mark.parametrize("encoding", ["hex", "HEX", "ucs2", "utf16le", "UCS-2", "utf-16le"])
def test_two_character_and_two_byte_text_is_the_librarys(runner, encoding):
    result = runner.run(f"""
        async function onTrack() {{
          const bytes = Buffer.from(Array.from({{ length: 257 }}, (_, i) => (i * 7) & 255));
          return [[], [1], [3, 200], [-4, 300], [256, 257], [5, 4], ['2', '11']].map(
            (bounds) => bytes.toString('{encoding}', ...bounds)).concat([bytes.subarray(1).toString('{encoding}')]);
        }}
    """)
    data = bytes((i * 7) & 255 for i in range(257))
    pieces = [data, data[1:], data[3:200], data, data[256:257], b"", data[2:11], data[1:]]
    if encoding.lower() == "hex":
        assert result.return_value == [piece.hex() for piece in pieces]
    else:  # each pair of bytes a UTF-16LE unit, an odd last byte left out
        assert result.return_value == [piece[:len(piece) // 2 * 2].decode("utf-16-le", "surrogatepass") for piece in pieces]


def test_ten_megabytes_hash_and_convert_within_the_default_memory_limit(runner):
    result = runner.run("""
        async function onTrack() {
          const big = Buffer.alloc(10 * 1024 * 1024, 200);
          const hash = crypto.createHash('sha256').update(big).digest('hex');
          const text = big.toString('binary');
          const kept = [big.toString('hex').length, big.subarray(0, 20 * 1024 * 1024).toString('ucs2').length];
          const utf8 = Buffer.from(text);  // 10 MB of text, each character two bytes of UTF-8
          return [hash, text.length, Buffer.from(text, 'latin1').equals(big), ...kept, utf8.length, Buffer.byteLength(text)];
        }
    """)
    assert result.outcome == "success", result.error
    size = 10 * 1024 * 1024
    assert result.return_value == [hashlib.sha256(bytes([200]) * size).hexdigest(), size, True, 2 * size, size // 2,
                                   2 * size, 2 * size]



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
