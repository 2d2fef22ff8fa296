"""Secrets a handler turns into other text (found by a leak probe): UTF-16 bytes read back as text (either byte
order, as util.inspect escapes them), XML built by xml2js (which escapes only &, < and >), JSON made safe for HTML
(Go's and Rails' \\u0026), base64 wrapped into MIME lines, a control character util.inspect escapes, Unicode's
other normal forms, UTF-8 read as Latin-1 and HTML's numeric references. A server echoes what it was sent, so the
secrets come back in responses too. None of it may reach what segtui prints or writes. The texts grepped for are
computed here in Python, apart from segtui's JavaScript."""

from __future__ import annotations

import base64
import json
import re
import unicodedata

import pytest
from support.cli import run_outputs, write_function
from support.http_server import Reply

from segtui.masking import MASK

SETTINGS = {"apiKey": "Sup3rS3cretValue42", "password": "Tr0ub4dor&3-it's\"ok", "uniKey": "Pässwörd-Geheim-42",
            "ctlKey": "Ctl\x7fSecretValue99"}
SCHEMA = {"settings": [{"label": label, "type": "string", "sensitive": True}
                       for label in ("Api Key", "Password", "Uni Key", "Ctl Key")] + [{"label": "Base", "type": "string"}]}
PAD = "x" * 48  # puts the secret's base64 across the first line break of the MIME text

HANDLER = r"""
async function onTrack(event, settings) {
  const key = settings.apiKey, uni = settings.uniKey;
  const le = Buffer.from(key, 'utf16le');
  const be = Buffer.from(key, 'utf16le').swap16();
  const soap = new xml2js.Builder().buildObject({ Login: { Password: settings.password, $: { key: settings.password } } });
  const goJson = JSON.stringify({ password: settings.password }).replace(/[<>&]/g, (c) => '\\u00' + c.charCodeAt(0).toString(16));
  const mime = btoa('PAD' + key + 'y'.repeat(30)).match(/.{1,76}/g).join('\r\n');
  console.log(le.toString('latin1'), { be: be.toString('latin1') });
  console.log(goJson, { ctl: settings.ctlKey });
  console.log(uni.normalize('NFD'), Buffer.from(uni).toString('latin1'));
  console.log(uni.replace(/[^\x00-\x7f]/g, (c) => '&#' + c.charCodeAt(0) + ';'), uni.replace(/[^\x00-\x7f]/g, (c) => '&#x' + c.charCodeAt(0).toString(16) + ';'));
  const sent = [le, soap, goJson, mime, JSON.stringify({ u16: le.toString('latin1') })];
  const echoed = [];
  for (const body of sent) {
    const response = await fetch(settings.base + '/echo', { method: 'POST', body });
    echoed.push(await response.text());
  }
  return { u16: le.toString('latin1'), soap, mime, echoed: echoed.length };
}
""".replace("PAD", PAD)


def utf16(text: str, order: str) -> str:
    """Text's UTF-16 bytes read back one byte per character."""
    return text.encode(order).decode("latin-1")


def leaked_texts() -> list[str]:
    """What a leak would show: a distinctive piece of each secret in each form the handler made of it."""
    key, uni = SETTINGS["apiKey"], SETTINGS["uniKey"]
    mime = base64.b64encode(f"{PAD}{key}{'y' * 30}".encode()).decode()
    pieces = [utf16(key, "utf-16-le")[6:-6], utf16(key, "utf-16-be")[6:-6], "Tr0ub4dor", "SecretValue99",
              mime[64:76], mime[76:88], "Geheim-42", unicodedata.normalize("NFD", uni)[:6], "Ã¤ssw"]
    return [*pieces, *(piece.replace("\x00", "\\x00") for piece in pieces[:2])]


def shown(text: str) -> list[str]:
    """A leaked text as an output file or a terminal may hold it: as it is, or escaped as JSON."""
    return [text, json.dumps(text)[1:-1], json.dumps(text, ensure_ascii=False)[1:-1]]


@pytest.fixture
def folder(tmp_path, loopback):
    loopback.routes["/echo"] = lambda received: Reply(body=received.body, headers=[("Content-Type", "text/plain")])
    return write_function(tmp_path, HANDLER, SCHEMA, {**SETTINGS, "base": loopback.base})


def test_secrets_turned_into_other_text_are_masked_in_every_output(folder, loopback):
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    received = b"".join(request.body for request in loopback.take()).decode("latin-1")
    assert utf16(SETTINGS["apiKey"], "utf-16-le") in received and "Tr0ub4dor&amp;3-it's\"ok" in received
    assert "Tr0ub4dor\\u00263" in received and "\r\n" in received, "what the handler sent"

    for where, text in outputs.items():
        assert "••••••" in text, where
        for leaked in leaked_texts():
            for form in shown(leaked):
                assert form not in text, f"{where} shows {form!r}"


ASTRAL_HANDLER = r"""
async function onTrack(event, settings) {
  const bytes = Buffer.from(settings.apiKey, 'binary');
  const echoed = await fetch(settings.base + '/echo', { method: 'POST', body: bytes });
  console.log('latin1', bytes.toString('latin1'), bytes);
  return { codes: Array.from(bytes), text: bytes.toString('latin1'), echoed: (await echoed.arrayBuffer()).byteLength };
}
"""


def test_a_secret_beyond_the_bmp_read_one_byte_a_code_unit_is_masked(tmp_path, loopback):
    # A probe: Buffer.from(secret, 'latin1') keeps each UTF-16 unit's low byte, two for 😀; the form kept one a
    # character, so the bytes from the emoji on ("=\0Lp4Rt8") stayed in every output.
    loopback.routes["/echo"] = lambda received: Reply(body=received.body)
    key = "Zq9x7Wk3mN😀Lp4Rt8Vb2"
    write_function(tmp_path, ASTRAL_HANDLER, {"settings": [{"label": "API Key", "sensitive": True}, {"label": "base"}]},
                   {"apiKey": key, "base": loopback.base})
    outputs = run_outputs(tmp_path, "--event", "track")
    lossy = key.encode("utf-16-le", "surrogatepass")[::2]
    assert len(loopback.take()) == 2
    for where, text in outputs.items():
        shown = [text, *(base64.b64decode(run + "=" * (-len(run) % 4)).decode("latin-1")
                         for run in re.findall(r"[A-Za-z0-9+/]{12,}", text) if len(run) % 4 != 1)]
        assert not any(part in view for view in shown for part in ("Lp4Rt8", lossy.hex()[20:])), where
    returned = json.loads(outputs["run json stdout"])["return"]
    assert returned["codes"] == [MASK] * len(lossy) and returned["text"] == MASK
