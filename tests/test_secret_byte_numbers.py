"""A secret's bytes made numbers by the handler: six bytes as one integer (`readUIntBE`, `readUIntLE`, BigInt of 12 hex
digits), a Float32Array's whole numbers, and the hex of a piece of it shorter than the 16 digits a reading decodes."""

from __future__ import annotations

import json
import struct

from support.cli import segtui

from segtui.masking import MASK, Masker

KEY = "Zq8vK2mP9xL4wR7tYb3NcV6h"
PREFIXED = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"

SIX_BYTES = """
async function onTrack(event, settings) {
  const buf = Buffer.from(settings.apiKey);
  const hex = buf.toString('hex');
  const forms = [buf.readUIntBE(0, 6), buf.readUIntBE(5, 6), buf.readUIntLE(3, 6), buf.readIntBE(9, 6),
                 Number(BigInt('0x' + hex.slice(20, 32))), parseInt(hex.slice(7, 19), 16)];
  console.log(forms.join(' '), BigInt('0x' + hex.slice(0, 12)), buf.readUIntBE(1, 6).toLocaleString('en-US'));
  console.log('order', event.properties.orderId, 'at', event.properties.at);
  const grouped = ['en-US', 'de-DE', 'fr-FR', 'en-IN', 'de-CH'].map((locale) => buf.readUIntBE(2, 6).toLocaleString(locale));
  console.log(grouped.join(' | '));
  return {forms, grouped, orderId: event.properties.orderId};
}
"""


def _six_byte_numbers(secret: str) -> list[int]:
    data, digits = secret.encode(), secret.encode().hex()
    return [int.from_bytes(data[0:6], "big"), int.from_bytes(data[5:11], "big"), int.from_bytes(data[3:9], "little"),
            int.from_bytes(data[9:15], "big"), int(digits[20:32], 16), int(digits[7:19], 16),
            int.from_bytes(data[1:7], "big"), int.from_bytes(data[2:8], "big")]


def test_six_bytes_of_a_secret_read_as_one_number_are_masked_at_any_offset(tmp_path):
    # Each is 14 or 15 digits, which no reading took (a time in milliseconds has 13): the key's prefix too.
    (tmp_path / "handler.js").write_text(SIX_BYTES, encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [{"label": "API Key", "sensitive": True}]}))
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": PREFIXED}), encoding="utf-8")
    event = {"type": "track", "event": "E", "properties": {"orderId": 73519246810357, "at": 1733579000123}}
    (tmp_path / "event.json").write_text(json.dumps(event), encoding="utf-8")
    numbers = _six_byte_numbers(PREFIXED)
    for mode in ([], ["--json"]):
        done = segtui("run", "handler.js", "--event", "event.json", "--offline", *mode, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        shown = [str(number) for number in numbers if str(number) in done.stdout or f"{number:,}" in done.stdout]
        assert not shown, done.stdout
        # An id of as many digits, and a time, that are no bytes of the key show.
        assert "order 73519246810357 at 1733579000123" in done.stdout, done.stdout
    result = json.loads(done.stdout)["return"]
    assert result == {"forms": [MASK] * 6, "grouped": [MASK] * 5, "orderId": 73519246810357}
    assert f"{MASK} | {MASK} | {MASK} | {MASK} | {MASK}" in [log["message"] for log in json.loads(done.stdout)["logs"]]


FLOATS = """
async function onTrack(event, settings) {
  const floats = new Float32Array(new Uint8Array(Buffer.from(settings.apiKey)).buffer);
  console.log(floats);
  console.log(Array.from(floats).join(' '));
  const doubles = new Float64Array(new Uint8Array(Buffer.from(settings.apiKey)).buffer);
  return {joined: Array.from(floats).join(','), floats: Array.from(floats), doubles: Array.from(doubles)};
}
"""


def test_a_float32_arrays_whole_numbers_are_read_with_its_fractions(tmp_path):
    # A float whose exponent byte is a capital K to ^ is a whole number (`15917984768`), which no reading took: the
    # key's bytes showed a float in three; and an array of them, or of doubles, returned showed each.
    floats = [struct.unpack("<f", KEY.encode()[at:at + 4])[0] for at in range(0, len(KEY), 4)]
    whole = [str(int(value)) for value in floats if value.is_integer() and abs(value) < 1e21]
    assert len(whole) == 2
    (tmp_path / "handler.js").write_text(FLOATS, encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": KEY}), encoding="utf-8")
    for mode in ([], ["--json"]):
        done = segtui("run", "handler.js", "--event", "track", "--offline", *mode, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert not [number for number in whole if number in done.stdout], done.stdout
    assert json.loads(done.stdout)["return"] == {"joined": MASK, "floats": [MASK] * 6, "doubles": [MASK] * 3}


FORMS = """
async function onTrack(event, settings) {
  const buf = Buffer.from(settings.apiKey);
  const hex = buf.toString('hex');
  const b64 = buf.toString('base64');
  const rot13 = (text) => text.replace(/[a-z]/gi, (c) => String.fromCharCode(
    (c <= 'Z' ? 65 : 97) + (c.toLowerCase().charCodeAt(0) - 97 + 13) % 26));
  const forms = {
    reversedHex: hex.split('').reverse().join(''),
    reversedUpperHex: hex.toUpperCase().split('').reverse().join(''),
    base64Rot13: rot13(b64),
    octal: BigInt('0x' + hex).toString(8),
    binary: BigInt('0x' + hex).toString(2),
    octalBytes: [...buf].map((b) => b.toString(8).padStart(3, '0')).join(''),
    hexHead: hex.slice(0, 34),
    hexTail: hex.slice(34),
    hexOddTail: hex.slice(33),
  };
  for (const [name, form] of Object.entries(forms)) console.log(name + ': ' + form);
  return forms;
}
"""


def test_the_hex_and_base64_made_otherwise_and_a_hex_piece_too_short_to_decode_are_masked(tmp_path):
    # Reversed hex, base64 in ROT13, the bytes' number in octal or binary, each byte in three octal digits, and the
    # 14 hex digits left of a hex cut in two (7 of the key's characters, `YbN3cV6h`'s hex) showed.
    data = KEY.encode()
    number = int.from_bytes(data, "big")
    (tmp_path / "handler.js").write_text(FORMS, encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": KEY}), encoding="utf-8")
    for mode in ([], ["--json"]):
        done = segtui("run", "handler.js", "--event", "track", "--offline", *mode, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        leaks = [data.hex()[::-1], data.hex().upper()[::-1], format(number, "o"), format(number, "b"),
                 "".join(format(byte, "03o") for byte in data), data.hex()[34:], data.hex()[33:]]
        assert not [leak for leak in leaks if leak in done.stdout], done.stdout
    shown = json.loads(done.stdout)
    assert shown["return"] == dict.fromkeys(shown["return"], MASK), shown["return"]


PIECES = """
async function onTrack(event, settings) {
  return {id: event.properties.id, trace: event.properties.trace};
}
"""


def test_hex_of_no_piece_of_the_secret_shows(tmp_path):
    # The hex of the key's pieces of six characters is 12 digits: hex of five (`Zq8vK`) in an id shows, and other hex.
    (tmp_path / "handler.js").write_text(PIECES, encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": KEY}), encoding="utf-8")
    event = {"type": "track", "event": "E", "properties": {"id": "5a7138764b00aa", "trace": "c0ffee0123456789ab"}}
    (tmp_path / "event.json").write_text(json.dumps(event), encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "event.json", "--offline", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["return"] == event["properties"]


WORDS = """
async function onTrack(event, settings) {
  const buf = Buffer.from(settings.password);
  const big = [];
  for (let at = 0; at + 2 <= buf.length; at += 2) big.push(buf.readUInt16BE(at));
  const little = Array.from(new Uint16Array(new Uint8Array(buf).buffer));
  console.log(little.join(','), '|', big.join(' '));
  return {little, big: big.join(' ')};
}
"""


def test_a_twelve_character_passwords_16_bit_words_are_masked(tmp_path):
    # Six words: read as char codes, six characters beyond Latin-1, shorter than the 8 a reading needed.
    (tmp_path / "handler.js").write_text(WORDS, encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"password": "Summer2024!x"}), encoding="utf-8")
    data = b"Summer2024!x"
    little = [int.from_bytes(data[at:at + 2], "little") for at in range(0, 12, 2)]
    big = [int.from_bytes(data[at:at + 2], "big") for at in range(0, 12, 2)]
    done = segtui("run", "handler.js", "--event", "track", "--offline", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["return"] == {"little": [MASK] * 6, "big": MASK}, shown["return"]
    assert shown["logs"][0]["message"] == f"{MASK} | {MASK}"
    assert ",".join(map(str, little)) not in done.stdout and " ".join(map(str, big)) not in done.stdout



def test_numbers_read_as_no_bytes_mask_nothing_for_a_secret_of_zero_bytes():
    # A price written short and a whole number no float is exactly were read as a word of zero bytes, which a secret
    # whose hex or base64 decodes to zeros held: ordinary figures were masked.
    text = "latency p50=12.345678 ms; bytes_in 12345678 bytes_out 23456789"
    for secret in ("0000000000000000", "AAAAAAAAAAAAAAAAAAAAAA==", "0" * 64):
        assert Masker([secret]).text(text) == text, secret
