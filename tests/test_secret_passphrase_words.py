"""A passphrase's words joined otherwise or listed (found by a leak probe): `p.split(' ')` returned as an array, its
words joined in camel or Pascal case, or in upper case with `_` between, were shown in every output, each word too
short and too plain to be a piece of the secret alone. The texts grepped for are computed here in Python."""

from __future__ import annotations

import json

import pytest
from support.cli import assert_none_leaked, run_outputs, write_function

from segtui.masking import MASK, Masker

PASSPHRASE = "correct horse battery staple"
WORDS = PASSPHRASE.split(" ")
SCHEMA = {"settings": [{"label": "SMTP Password", "type": "string", "sensitive": True}, {"label": "Base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  const words = settings.smtpPassword.split(' ');
  const joined = [words.map((w) => w[0].toUpperCase() + w.slice(1)).join(''),
                  words[0] + words.slice(1).map((w) => w[0].toUpperCase() + w.slice(1)).join(''),
                  words.join('_').toUpperCase(), words.join('-'), words.join('.')];
  console.log(joined.join('\n'));
  await fetch(settings.base + '/in', { method: 'POST', body: JSON.stringify({ words, joined }) });
  return { words, joined };
}
"""


def leaked_texts() -> list[str]:
    """What a leak would show: the words joined as the handler joins them, and the words listed as JSON lists them."""
    capitalised = [word.capitalize() for word in WORDS]
    return ["".join(capitalised), WORDS[0] + "".join(capitalised[1:]), "_".join(WORDS).upper(), "-".join(WORDS),
            ".".join(WORDS), *(f'"{word}"' for word in WORDS)]


@pytest.fixture
def folder(tmp_path, loopback):
    return write_function(tmp_path, HANDLER, SCHEMA, {"smtpPassword": PASSPHRASE, "base": loopback.base})


def test_a_passphrases_words_listed_or_joined_otherwise_are_masked_in_every_output(folder, loopback):
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    assert b'"words":["correct","horse"' in loopback.take()[0].body, "what was sent"
    assert_none_leaked(outputs, leaked_texts())
    shown = json.loads(outputs["run json stdout"])["return"]
    assert shown == {"words": [MASK] * 4, "joined": [MASK] * 5}


def test_words_that_spell_no_secret_are_kept():
    masker = Masker([PASSPHRASE])
    assert masker.data({"tags": ["correct", "horse", "vip"], "name": "CorrectHorse"}) == {
        "tags": ["correct", "horse", "vip"], "name": "CorrectHorse"}
