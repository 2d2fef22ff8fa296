"""A short secret pasted with blanks around it (found by a leak probe): the value a handler trimmed
(`settings.password.trim()`) was shown, as only the value as kept, blanks and all, was a secret, and a part of one
shorter than 9 characters is masked only where a text was cut. The texts grepped for are computed here in Python."""

from __future__ import annotations

import base64

from support.cli import assert_none_leaked, run_outputs, write_function

SETTINGS = {"password": " p@ss9Zx\t", "pin": "Zq8Wx2 ", "apiKey": "\n Tq4m9XzP"}
SCHEMA = {"settings": [*({"label": name, "type": "string", "sensitive": True} for name in SETTINGS),
                       {"label": "Base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  const trimmed = ['password', 'pin', 'apiKey'].map((name) => settings[name].trim());
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
    trimmed = [secret.strip() for secret in SETTINGS.values()]
    leaks = trimmed + [base64.b64encode(f"user:{secret}".encode()).decode().rstrip("=") for secret in trimmed]
    assert_none_leaked(outputs, leaks + ["p%40ss9Zx"])
