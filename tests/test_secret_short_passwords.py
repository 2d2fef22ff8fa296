"""A password of 6 or 7 characters written out piece by piece (found by a leak probe): its characters escaped
(`\\u0070…`, `%70…`, `&#112;…`), its char codes listed, its bytes in a Uint8Array, spaced out, reversed or in base32
were shown, as only forms of 8 characters or more were looked for where a text is read back. One with a letter and a
digit or a symbol is looked for there too; a word or a number of that length is not. The texts grepped for are
computed here in Python, apart from segtui's JavaScript."""

from __future__ import annotations

import json

import pytest
from support.cli import assert_none_leaked, run_outputs, write_function

from segtui.masking import MASK, Masker

SETTINGS = {"password": "p@ss!9", "pin": "Zq8Wx2k"}
SCHEMA = {"settings": [{"label": "Password", "type": "string", "sensitive": True},
                       {"label": "Pin", "type": "string", "sensitive": True}, {"label": "Base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  const shown = [];
  for (const s of [settings.password, settings.pin]) {
    const codes = [...s].map((c) => c.charCodeAt(0));
    shown.push(codes.map((c) => '\\u' + c.toString(16).padStart(4, '0')).join(''), codes.map((c) => '%' + c.toString(16)).join(''),
               codes.map((c) => '&#' + c + ';').join(''), codes.join(' '), [...s].join(' '), s.split('').reverse().join(''));
    console.log(new Uint8Array(Buffer.from(s)), codes);
  }
  console.log(shown.join('\n'));
  await fetch(settings.base + '/in', { method: 'POST', body: shown.join('\n') });
  return { shown, bytes: [...Buffer.from(settings.password)] };
}
"""


def leaked_texts() -> list[str]:
    """What a leak would show: each password as the handler wrote it out."""
    leaks = []
    for secret in SETTINGS.values():
        codes = [ord(char) for char in secret]
        leaks += ["".join(f"\\u{code:04x}" for code in codes), "".join(f"%{code:x}" for code in codes),
                  "".join(f"&#{code};" for code in codes), " ".join(map(str, codes)), ", ".join(map(str, codes)),
                  " ".join(secret), secret[::-1]]
    return [*leaks, *(json.dumps(leak)[1:-1] for leak in leaks)]


@pytest.fixture
def folder(tmp_path, loopback):
    return write_function(tmp_path, HANDLER, SCHEMA, {**SETTINGS, "base": loopback.base})


def test_a_short_password_written_out_piece_by_piece_is_masked_in_every_output(folder, loopback):
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    assert b"%70%40%73%73%21%39" in loopback.take()[0].body, "what was sent"
    assert_none_leaked(outputs, leaked_texts())
    assert json.loads(outputs["run json stdout"])["return"]["bytes"] == [MASK] * 6


@pytest.mark.parametrize("secret", ["Secret", "482913", "hunter"])
def test_a_short_word_or_number_is_not_looked_for_where_a_text_is_read_back(secret):
    masker = Masker([secret])
    spaced, codes = " ".join(secret), " ".join(str(ord(char)) for char in secret)
    assert masker.text(f"{spaced}; {codes}; {secret}") == f"{spaced}; {codes}; {MASK}"


ESCAPED_PIN = "h7Kz9"
AFTER_ESCAPE_HANDLER = r"""
async function onTrack(event, settings) {
  const pin = settings.pinCode;
  const query = encodeURIComponent(JSON.stringify({ pin }));
  await fetch(settings.base + '/q?filter=' + query + '&s=%20' + pin);
  console.log(JSON.stringify({ note: 'line\n' + pin }), query);
  return { query, note: 'tab\t' + pin };
}
"""


def test_a_short_secret_right_after_an_escaped_character_is_masked(tmp_path, loopback):
    schema = {"settings": [{"label": "Pin Code", "type": "string", "sensitive": True}, {"label": "base", "type": "string"}]}
    folder = write_function(tmp_path, AFTER_ESCAPE_HANDLER, schema, {"pinCode": ESCAPED_PIN, "base": loopback.base})
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    assert f"%22{ESCAPED_PIN}%22".encode() in loopback.take()[0].request_line, "the handler sent it"
    for where, output in outputs.items():
        shown = [before for before in ("%22", "%20", "\\n", "\\t", "\\u0022") if before + ESCAPED_PIN in output]
        assert not shown, (where, shown)
        assert MASK in output, where
