"""A secret's base64 cut at any character (found by probe-leak11): a handler logs the start of an Authorization
header or of a token's base64 (`auth.slice(0, 29) + '…'`), or its end (`b64.slice(-30)`); a cut that falls inside a
quantum of four characters left what it kept unmasked, though it decodes to most of the secret once realigned. Whether
a secret can be read back from an output is decided here, in Python, apart from segtui."""

from __future__ import annotations

import base64

import pytest
from support.base64_reading import read_back
from support.cli import run_outputs, segtui, write_function
from support.http_server import Reply

from segtui.masking import MASK, Masker

SECRET = "sk_live_51H8zQ2eZvKYlo2C0aBcDeFgHiJkLmNo"
PASSWORD = "Pw9xQ3mZ7rT2kL8v"
SCHEMA = {"settings": [{"label": "Api Key", "sensitive": True}, {"label": "Password", "sensitive": True},
                       {"label": "Base"}]}
SHORTEST = 16
"""The shortest run of base64 segtui reads back (segtui.encoded_views): a shorter one holds under 12 bytes."""

HANDLER = r"""
async function onTrack(event, settings) {
  const b = Buffer.from(settings.apiKey).toString('base64');
  const u = Buffer.from(settings.apiKey).toString('base64url');
  const auth = 'Basic ' + Buffer.from('user:' + settings.password).toString('base64');
  for (let i = 16; i <= b.length; i++) console.log('start', b.slice(0, i) + '...', u.slice(0, i));
  for (let i = 1; i <= b.length - 16; i++) console.log('end', '...' + b.slice(i), u.slice(i));
  for (let i = 22; i <= auth.length; i++) console.log('header', auth.slice(0, i));
  const echoed = await fetch(settings.base + '/echo', { method: 'POST', body: b.slice(0, 41) + ' ' + b.slice(-41) });
  console.log('echoed', await echoed.text());
  return { start: b.slice(0, 29), end: b.slice(-29) };
}
"""


def pieces(secret: str, size: int = 9) -> set[str]:
    return {secret[start:start + size] for start in range(len(secret) - size + 1)}


@pytest.fixture
def folder(tmp_path, loopback):
    loopback.routes["/echo"] = lambda received: Reply(body=received.body)
    return write_function(tmp_path, HANDLER, SCHEMA, {"apiKey": SECRET, "password": PASSWORD, "base": loopback.base})


def test_the_handler_logs_each_cut_as_python_makes_it(folder):
    shown = segtui("run", "handler.js", "--event", "track", "--reveal-secrets", cwd=folder).stdout
    encoded = base64.b64encode(SECRET.encode()).decode()
    assert f"start {encoded[:17]}..." in shown and f"end ...{encoded[1:]}" in shown
    assert any(piece in read_back(shown, SHORTEST) for piece in pieces(SECRET))


def test_no_cut_of_a_secrets_base64_reads_back_to_a_piece_of_it(folder):
    for where, text in run_outputs(folder, "--event", "track").items():
        assert MASK in text, where
        found = sorted(piece for secret in (SECRET, PASSWORD) for piece in pieces(secret) if piece in read_back(text, SHORTEST))
        assert found == [], where


def test_base64_that_holds_no_secret_keeps_every_character():
    masker = Masker([SECRET])
    for plain in (b"an ordinary sentence, encoded to travel in a header", bytes(range(40))):
        encoded = base64.b64encode(plain).decode()
        for start in range(4):
            text = f"token {encoded[start:]} and {encoded[:len(encoded) - start]}"
            assert masker.text(text) == text
