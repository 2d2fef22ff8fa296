"""A secret's bytes read other ways (found by a leak probe): a piece of its UTF-16 (`Buffer.from(k, 'utf16le')` in
base64 or hex, cut short or from its middle) showed the piece's characters between NUL bytes, which no form of the whole
secret matches; its bytes as 16-bit or 64-bit numbers or as doubles, or base64 a `-` ends, showed too. Each form is computed here, in
Python, apart from segtui."""

from __future__ import annotations

import base64
import json
import struct

from support.cli import assert_none_leaked, run_outputs, write_function

from segtui.masking import MASK

KEY = "Zx9Qm2Lp7Vt4Rk8Wn3Yc6Hd1"
SCHEMA = {"settings": [{"label": "API Key", "type": "string", "sensitive": True}, {"label": "Base", "type": "string"}]}
HANDLER = r"""
async function onTrack(event, settings) {
  const le = Buffer.from(settings.apiKey, 'utf16le'), be = Buffer.from(settings.apiKey, 'utf16le').swap16();
  console.log(le.toString('base64').slice(0, 28), le.toString('base64').slice(8, 40));
  console.log(le.toString('hex').slice(0, 40), be.toString('base64').slice(0, 30));
  console.log(le.subarray(0, 20).toString('base64'), le.toString('base64url').slice(0, 30));
  console.log(le.subarray(4, 24));
  await fetch(settings.base + '/in?u=' + le.toString('hex').slice(8, 48));
  return {piece: le.toString('base64').slice(0, 28)};
}
"""


def test_a_piece_of_a_secrets_utf16_in_base64_or_hex_is_masked_in_every_output(tmp_path, loopback):
    write_function(tmp_path, HANDLER, SCHEMA, {"apiKey": KEY, "base": loopback.base})
    outputs = run_outputs(tmp_path, "--event", "track", golden=True, replay=True)
    le, be = KEY.encode("utf-16-le"), KEY.encode("utf-16-be")
    pieces = [base64.b64encode(le).decode()[:28], base64.b64encode(le).decode()[8:40], le.hex()[:40],
              base64.b64encode(be).decode()[:30], base64.b64encode(le[:20]).decode(), le.hex()[8:48],
              " ".join(f"{byte:02x}" for byte in le[4:24])]
    assert_none_leaked(outputs, [piece[:20] for piece in pieces] + [piece[-20:] for piece in pieces])


NUMBERS_HANDLER = r"""
async function onTrack(event, settings) {
  const b = Buffer.from(settings.apiKey);
  const u16be = Array.from({length: 12}, (_, i) => b.readUInt16BE(2 * i));
  const words = [0, 8, 16].map((i) => b.readBigUInt64BE(i));
  console.log(u16be, words, b.readBigUInt64LE(8));
  console.log('+' + Buffer.from(settings.apiKey, 'utf16le').swap16().toString('base64').replace(/=+$/, '') + '-');
  console.log(b.toString('base64') + '-' + event.messageId);
  console.log('at', 1733561234567, 'id', 1234567890123456789n);
  console.log(Array.from(new Float64Array(b.buffer.slice(b.byteOffset, b.byteOffset + 24))), b.readDoubleBE(8), Math.PI);
  return {u16be, words: words.map(String)};
}
"""


def test_a_secrets_bytes_as_16_or_64_bit_numbers_or_as_base64_a_dash_ends_are_masked(tmp_path, loopback):
    # Each showed the key: 16-bit words read big-endian, 64-bit words (alone too: 8 of its characters), and base64 of
    # its UTF-16 as UTF-7 writes it (`+…-`), whose run the `-` after it kept from being read.
    write_function(tmp_path, NUMBERS_HANDLER, SCHEMA, {"apiKey": KEY, "base": loopback.base})
    outputs = run_outputs(tmp_path, "--event", "track", golden=True, replay=True)
    data = KEY.encode()
    words = [str(int.from_bytes(data[at:at + 8], "big")) for at in (0, 8, 16)] + [str(int.from_bytes(data[8:16], "little"))]
    utf7 = base64.b64encode(KEY.encode("utf-16-be")).decode().rstrip("=")
    doubles = [repr(struct.unpack("<d", data[at:at + 8])[0])[:12] for at in (0, 8, 16)]
    doubles.append(repr(struct.unpack(">d", data[8:16])[0])[:12])
    assert_none_leaked(outputs, [*words, *doubles, utf7[:16], utf7[-16:], base64.b64encode(data).decode()[:16]])
    # numbers that hold no piece of it
    assert "at 1733561234567 id 1234567890123456789n" in outputs["run text"] and "3.141592653589793" in outputs["run text"]
    shown = json.loads(outputs["run json stdout"])["return"]
    assert shown["u16be"] == [MASK] * 12 and shown["words"] == [MASK] * 3
