"""A sensitive setting that is a key written out in base64 or hex (an AES or HMAC key), decoded by the handler to its
bytes and shown as hex, base64, base64url, a Buffer, a list of numbers; and parts of a key (a quarter of it, as an IV
or an ID is cut from it, 12 characters at least) shown as they are or as hex. Found by a leak probe; none may reach what segtui prints or
writes. Whether the key can be read back from an output is decided here, in Python, apart from segtui."""

from __future__ import annotations

import base64
import json
import re

import pytest
from support.cli import run_outputs
from support.http_server import Reply

from segtui.masking import MASK, Masker

KEY_BYTES = bytes.fromhex("9c1e4f7a2b8d3c6e5a0f1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4f5a6")
LONG_KEY_BYTES = KEY_BYTES + bytes(reversed(KEY_BYTES))
"""64 bytes, as an HMAC-SHA512 key: util.inspect shows a Buffer's first 50 bytes only."""
KEYS = {"base64": base64.b64encode(KEY_BYTES).decode(), "hex": KEY_BYTES.hex(),
        "long base64": base64.b64encode(LONG_KEY_BYTES).decode()}
SCHEMA = {"settings": [{"label": "Encryption Key", "type": "string", "sensitive": True}, {"label": "Base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  const k = settings.encryptionKey;
  const bytes = Buffer.from(k, /^[0-9a-f]+$/.test(k) ? 'hex' : 'base64');  // a Buffer shows its first 50 bytes
  const quarter = k.slice(0, Math.max(12, Math.ceil(k.length / 4)));  // the shortest part masked
  console.log(bytes);
  console.log('hex', bytes.toString('hex'), 'HEX', bytes.toString('hex').toUpperCase());
  console.log('base64', bytes.toString('base64'), 'url', bytes.toString('base64url'));
  console.log('list', Array.from(bytes).join(','));
  console.log('part', quarter, 'part as hex', Buffer.from(quarter).toString('hex'));
  console.log(JSON.stringify({ iv: quarter }), 'id 7f3a9c2e4b6d8f10a1b2c30d4e5f6718');
  const iv = bytes.subarray(0, 16);
  console.log('iv', iv.toString('base64'), 'iv url', iv.toString('base64url'));
  const sent = await fetch(settings.base + '/echo', { method: 'POST', body: JSON.stringify({ key: bytes.toString('hex'), iv: quarter }) });
  await sent.text();
  await (await fetch(settings.base + '/echo', { method: 'POST', body: Buffer.concat([Buffer.from([255]), bytes]) })).text();
  return { hex: bytes.toString('hex'), base64: bytes.toString('base64') };
}
"""


def recoverable(text: str, key: str) -> list[str]:
    """How the key (or a quarter of it) can be read back from the text: its bytes in any encoding, or a part."""
    found = []
    joined = re.sub(r"[\s,'\"\[\]<>]", "", text)
    quarter = key[:max(12, -(-len(key) // 4))]
    data = LONG_KEY_BYTES if len(key) > 64 else KEY_BYTES
    for name, form in [("hex", data[:50].hex()), ("base64", base64.b64encode(data).decode().rstrip("=")),
                       ("base64url", base64.urlsafe_b64encode(data).decode().rstrip("=")),
                       ("list", ",".join(map(str, data))), ("quarter", quarter),
                       ("quarter as hex", quarter.encode().hex()[:24]),
                       ("iv as base64", base64.b64encode(data[:12]).decode()[:16]),
                       ("iv as base64url", base64.urlsafe_b64encode(data[:12]).decode()[:16]),
                       ("bytes in a binary body", base64.b64encode(b"\xff" + data).decode()[:24])]:
        if form.lower() in joined.lower():
            found.append(name)
    return found


@pytest.mark.parametrize("kind", list(KEYS))
def test_a_key_decoded_to_its_bytes_or_cut_is_masked_in_every_output(tmp_path, loopback, kind):
    key = KEYS[kind]
    loopback.routes["/echo"] = lambda received: Reply(body=received.body, headers=[("Content-Type", "application/json")])
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"encryptionKey": key, "base": loopback.base}), encoding="utf-8")
    outputs = run_outputs(tmp_path, "--event", "track", golden=True, replay=True)
    for where, text in outputs.items():
        assert MASK in text, where
        assert recoverable(text, key) == [], f"{where}: {text}"
    # It shares 6 hex digits with the key at most: 8 in a row of a hex key are masked wherever they stand.
    assert "7f3a9c2e4b6d8f10a1b2c30d4e5f6718" in outputs["run text"], "a hex ID that is no key is kept"


@pytest.mark.parametrize("text", [
    "request 7f3a9c2e4b6d8f10a1b2c30d4e5f6718 done", "sha " + "ab" * 32, "9c1e4 5a0f1",
    base64.b64encode(bytes(range(40))).decode(),
], ids=["hex id", "hash", "short hex pieces", "other base64"])
def test_hex_and_base64_that_hold_no_key_keep_every_character(text):
    masker = Masker([KEYS["base64"], KEYS["hex"]])
    assert masker.text(text) == text
