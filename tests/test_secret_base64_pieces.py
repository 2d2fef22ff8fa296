"""Pieces of a secret's base64 too short for segtui to read back (found by probe-leak11): `b64.slice(0, 15)` of a
16-character password's base64 holds 11 of its bytes, yet runs under 16 characters were never decoded; also
percent-encoded in a URL's query. Whether an
output gives a piece of a secret back is decided here, in Python, apart from segtui."""

from __future__ import annotations

import base64
from urllib.parse import unquote

import pytest
from support.base64_reading import read_back
from support.cli import run_outputs, segtui, write_function
from support.http_server import Reply

from segtui.masking import Masker

PASSWORD = "Pw9xQ3mZ7rT2kL8v"
PASSPHRASE = "correct horse battery staple"
TOKEN = "Qm?8x~Zr7>T2kL9w"
"""A secret whose base64 holds `+` and `/`, which a URL's query escapes (`UW0/OHh+WnI3PlQya0w5dw==`)."""
SCHEMA = {"settings": [{"label": "Password", "sensitive": True}, {"label": "Passphrase", "sensitive": True},
                       {"label": "Token", "sensitive": True}, {"label": "Base"}]}
PIECE = 6
"""The shortest piece of a key-like secret masked as text (made_forms.GRAM)."""

HANDLER = r"""
async function onTrack(event, settings) {
  const encodings = [
    Buffer.from(settings.password).toString('base64'), Buffer.from(settings.password).toString('base64url'),
    btoa('user:' + settings.password), btoa('x' + settings.password), btoa(settings.password + ':x'),
  ];
  const cuts = [];
  const cutsOf = (b) => {
    const made = [];
    for (let start = 0; start + 8 <= b.length; start++) {
      for (let length = 8; length <= 15 && start + length <= b.length; length++) made.push(b.slice(start, start + length));
    }
    return made;
  };
  const escaped = [btoa(settings.token), btoa('user:' + settings.token)].flatMap(cutsOf).map(encodeURIComponent);
  console.log('escaped', escaped.join(' '));
  await fetch(settings.base + '/echo?' + escaped.map((cut) => 'c=' + cut).join('&'));
  for (const b of encodings) {
    cuts.push(...cutsOf(b));
  }
  for (const cut of cuts) console.log('cut', cut + '...');
  for (const b of [...encodings, btoa(settings.passphrase)]) {
    console.log('lower', b.toLowerCase(), 'reversed', [...b].reverse().join(''), [...b.replace(/=+$/, '')].reverse().join(''));
  }
  const body = cuts.join(' ');
  const sent = await fetch(settings.base + '/echo?c=' + encodeURIComponent(cuts[7]),
                           { method: 'POST', headers: { 'X-Cut': cuts[7] }, body });
  console.log('echoed', (await sent.text()).length);
  return { first: cuts[7], phrase: btoa(settings.passphrase).slice(0, 15) };
}
"""


@pytest.fixture
def folder(tmp_path, loopback):
    loopback.routes["/echo"] = lambda received: Reply(body=received.body)
    return write_function(tmp_path, HANDLER, SCHEMA, {"password": PASSWORD, "passphrase": PASSPHRASE, "token": TOKEN,
                                                      "base": loopback.base})


def test_the_handler_logs_cuts_that_hold_most_of_the_password(folder):
    shown = segtui("run", "handler.js", "--event", "track", "--reveal-secrets", cwd=folder).stdout
    assert f"cut {base64.b64encode(PASSWORD.encode()).decode()[:15]}..." in shown
    assert PASSWORD[:11] in read_back(shown, 6) and TOKEN[:11] in read_back(unquote(shown), 6)


def test_no_short_cut_of_a_passwords_base64_reads_back_to_a_piece_of_it(folder, loopback):
    outputs = run_outputs(folder, "--event", "track")
    assert any(received.path == "/echo" for received in loopback.take())
    for where, text in outputs.items():
        shown = read_back(text, 6) + read_back(unquote(text), 6)
        found = sorted({secret[start:start + PIECE] for secret in (PASSWORD, TOKEN)
                        for start in range(len(secret) - PIECE + 1) if secret[start:start + PIECE] in shown})
        assert found == [], where


@pytest.mark.parametrize("word", ["password", "Password1", "hello world", "sk_live_", "correct horse", "user:admin"])
def test_base64_of_ordinary_words_and_of_a_secrets_plain_pieces_stays(word):
    """Only a piece that would be masked as text is masked in base64: `correct horse` is no more than a quarter of the
    passphrase and has no digit or capital, and other words are no piece of a secret at all."""
    masker = Masker([PASSWORD, PASSPHRASE, "sk_live_51H8zQ2eZvKYlo2C0aBc"])
    for prefix in ("", "a", "ab"):
        encoded = base64.b64encode((prefix + word).encode()).decode()
        for start in range(4):
            for length in range(6, 16):
                text = f"token {encoded[start:start + length]} end"
                assert masker.text(text) == text


def test_a_secrets_base64_lower_cased_or_reversed_is_masked(folder):
    """`b64.toLowerCase()` and `[...b64].reverse().join('')` of a secret, with or without its padding."""
    forms = [form for secret in (PASSWORD, PASSPHRASE) for encoded in (base64.b64encode(secret.encode()).decode(),)
             for form in (encoded.rstrip("=").lower(), encoded.rstrip("=")[::-1])]
    for where, text in run_outputs(folder, "--event", "track").items():
        assert [form for form in forms if form in text] == [], where
