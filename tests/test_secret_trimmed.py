"""A short secret pasted with blanks around it (found by a leak probe): the value a handler trimmed
(`settings.password.trim()`) was shown, as only the value as kept, blanks and all, was a secret, and a part of one
shorter than 9 characters is masked only where a text was cut. JavaScript's trim also removes a BOM (U+FEFF), which
Python's str.strip keeps. The trimmed texts grepped for are written out here, not computed by segtui's rule."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess

import pytest
from support.cli import assert_none_leaked, run_outputs, write_function

from segtui.masking import MASK
from segtui.settings import Schema
from segtui.settings_secrets import sensitive_values

SETTINGS = {"password": " p@ss9Zx\t", "pin": "Zq8Wx2 ", "apiKey": "\n Tq4m9XzP", "passcode": "\ufeffK7v!m2Q"}
TRIMMED = ["p@ss9Zx", "Zq8Wx2", "Tq4m9XzP", "K7v!m2Q"]
SCHEMA = {"settings": [*({"label": name, "type": "string", "sensitive": True} for name in SETTINGS),
                       {"label": "Base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  const trimmed = ['password', 'pin', 'apiKey', 'passcode'].map((name) => settings[name].trim());
  const basic = trimmed.map((secret) => Buffer.from('user:' + secret).toString('base64'));
  console.log('using', trimmed.join(', '), basic.join(' '));
  await fetch(settings.base + '/login?password=' + encodeURIComponent(trimmed[0]),
              { method: 'POST', headers: { 'X-Pin': trimmed[1] }, body: JSON.stringify({ trimmed, basic }) });
  return { trimmed, basic };
}
"""


def test_a_secret_trimmed_of_the_blanks_it_was_pasted_with_is_masked(tmp_path, loopback):
    write_function(tmp_path, HANDLER, SCHEMA, {**SETTINGS, "base": loopback.base})
    outputs = run_outputs(tmp_path, "--event", "track", golden=True, replay=True)
    assert b"X-Pin: Zq8Wx2\r\n" in loopback.take()[0].head, "what was sent"
    leaks = TRIMMED + [base64.b64encode(f"user:{secret}".encode()).decode().rstrip("=") for secret in TRIMMED]
    assert_none_leaked(outputs, leaks + ["p%40ss9Zx"])


PADDED = {"region": " - ", "separator": " : ", "mode": " a ", "pin": " 1234 "}
SHOWING = r"""
async function onTrack(event, settings) {
  console.log('retry 1 of 3: a-b, see a.b; {"a": 1} pin', settings.pin.trim());
  return { a: 1, note: 'x-y', pin: settings.pin.trim() };
}
"""


def test_a_placeholder_trimmed_to_a_symbol_or_a_letter_masks_no_ordinary_text(tmp_path):
    """Placeholders pasted with blanks around them (` - `, ` : `, ` a `) trimmed are no secrets: each would mask that
    symbol or letter in every text (`{"a"••••••1}`); a padded PIN trimmed is one."""
    schema = {"settings": [{"label": name, "type": "string", "sensitive": True} for name in PADDED]}
    write_function(tmp_path, SHOWING, schema, PADDED)
    shown = json.loads(run_outputs(tmp_path, "--event", "track")["run json stdout"])
    message = shown["logs"][0]["message"]
    assert message.startswith('retry 1 of 3: a-b, see a.b; {"a": 1} pin') and "1234" not in message, message
    assert shown["return"] == {"a": 1, "note": "x-y", "pin": MASK}, shown["return"]


TRIMMED_BY_NODE = r"""
const trimmed = [];
for (let code = 0; code <= 0xFFFF; code++) if (String.fromCharCode(code).trim() === '') trimmed.push(code);
console.log(JSON.stringify(trimmed));
"""


def test_a_secret_is_trimmed_of_what_javascripts_trim_removes():
    """Node's own trim is the oracle: each character it removes (a BOM too) around a value gives the value trimmed as a
    secret; one Python's str.strip removes and JavaScript keeps (U+0085) gives none, as no handler's trim makes it."""
    if shutil.which("node") is None:
        pytest.skip("node is not on PATH")
    by_node = json.loads(subprocess.run(["node", "-e", TRIMMED_BY_NODE], capture_output=True, text=True,
                                        check=True).stdout)
    schema = Schema(specs=(), declared=False)
    for code in sorted({*by_node, *(code for code in range(0x10000) if chr(code).isspace())}):
        found = sensitive_values(schema, {"passcode": f"{chr(code)}K7v!m2Q{chr(code)}"})
        assert ("K7v!m2Q" in found) == (code in by_node), hex(code)
