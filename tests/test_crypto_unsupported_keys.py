"""A private key Node's OpenSSL reads but segtui's host cannot (an EC key on secp112r1, which cryptography lacks), as a
sensitive setting given to crypto: each call throws segtui's clear "not available in segtui" error to the handler, and
the run (its masking of the setting too) ends as the handler has it, never in segtui's internal error."""

from __future__ import annotations

import json

from support.cli import segtui, write_function

SECP112R1 = ("-----BEGIN PRIVATE KEY-----\nME4CAQAwEAYHKoZIzj0CAQYFK4EEAAYENzA1AgEBBA6nNMTvbGMNTW2QaeTJN6Eg\n"
             "Ax4ABLglqpgWu47yBzv5hQIixq6EHtzcs8ZqsXPfp6g=\n-----END PRIVATE KEY-----\n")
HANDLER = r"""
async function onTrack(event, settings) {
  const results = {};
  for (const [name, attempt] of Object.entries({
    createPrivateKey: () => crypto.createPrivateKey(settings.key),
    createPublicKey: () => crypto.createPublicKey(settings.key),
    sign: () => crypto.sign("sha256", Buffer.from("x"), settings.key),
  })) {
    try {
      results[name] = attempt();
    } catch (error) {
      results[name] = `${error.name}: ${error.message}`;
    }
  }
  return results;
}
"""


def test_a_key_of_a_curve_the_host_lacks_is_not_available_in_segtui(tmp_path):
    schema = {"settings": [{"label": "Key", "type": "string", "sensitive": True}]}
    write_function(tmp_path, HANDLER, schema, {"key": SECP112R1})
    (tmp_path / "event.json").write_text('{"type": "track", "event": "E"}', encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "event.json", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    returned = json.loads(done.stdout)["return"]
    for name in ("createPrivateKey", "createPublicKey", "sign"):
        assert returned[name].startswith("Error: crypto: this key is not available in segtui ("), (name, returned[name])
