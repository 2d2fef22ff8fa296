"""A piece of a secret's UTF-16 (found by a leak probe): `Buffer.from(k, 'utf16le')` in base64 or hex, cut short or
from its middle, showed the piece's characters between NUL bytes, which no form of the whole secret matches; each
form is computed here, in Python, apart from segtui."""

from __future__ import annotations

import base64

from support.cli import assert_none_leaked, run_outputs, write_function

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
