"""A secret's unsalted hash (found by a leak probe): `crypto.createHash('sha256').update(settings.pin).digest('hex')`
was shown, and trying every PIN of six digits reads one back from it in milliseconds; an API that takes a password's
hash also takes it as the password. MD5, SHA-1, SHA-224, SHA-256, SHA-384 and SHA-512 in hex (either case), base64 and
base64url are masked; an HMAC keyed by something else is not (reading it back needs the key). The digests grepped
for are computed here in Python."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json

from support.cli import assert_none_leaked, run_outputs, write_function

SETTINGS = {"pin": "839201", "apiKey": "Qx7mK2pW9zLr4Tn8vB3c"}
SCHEMA = {"settings": [{"label": "Pin", "type": "string", "sensitive": True},
                       {"label": "API Key", "type": "string", "sensitive": True}, {"label": "Base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  const hashes = {};
  for (const name of ['pin', 'apiKey']) {
    for (const algorithm of ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']) {
      hashes[`${name}-${algorithm}`] = [crypto.createHash(algorithm).update(settings[name]).digest('hex'),
                                        crypto.createHash(algorithm).update(settings[name]).digest('base64')];
    }
  }
  const signed = crypto.createHmac('sha256', 'not-a-secret').update('payload').digest('hex');
  console.log(JSON.stringify(hashes));
  await fetch(settings.base + '/login?hash=' + hashes['pin-md5'][0], { method: 'POST', body: JSON.stringify(hashes) });
  return { hashes, signed };
}
"""


ALGORITHMS = ("md5", "sha1", "sha224", "sha256", "sha384", "sha512")


def raw_digests() -> list[bytes]:
    """Each secret's digest by each algorithm the handlers use."""
    return [hashlib.new(name, secret.encode()).digest() for secret in SETTINGS.values() for name in ALGORITHMS]


def digests() -> list[str]:
    """Each secret's digests as the handler wrote them."""
    return [form for raw in raw_digests() for form in (raw.hex(), base64.b64encode(raw).decode())]


def test_a_secrets_unsalted_hash_is_masked_in_every_output(tmp_path, loopback):
    write_function(tmp_path, HANDLER, SCHEMA, {**SETTINGS, "base": loopback.base})
    outputs = run_outputs(tmp_path, "--event", "track", golden=True, replay=True)
    assert hashlib.md5(b"839201").hexdigest().encode() in loopback.take()[0].head, "what was sent"
    assert_none_leaked(outputs, digests())
    signed = hmac.new(b"not-a-secret", b"payload", "sha256").hexdigest()
    assert json.loads(outputs["run json stdout"])["return"]["signed"] == signed, "what holds no secret is kept"


WRITTEN_OTHERWISE = r"""
async function onTrack(event, settings) {
  const hashes = [];
  for (const name of ['pin', 'apiKey']) {
    for (const algorithm of ['md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512']) {
      const hash = () => crypto.createHash(algorithm).update(settings[name]);
      hashes.push(hash().digest('hex').toUpperCase(), hash().digest('base64url'));
    }
  }
  console.log(hashes.join(' '));
  await fetch(settings.base + '/login?password=' + hashes[0], { method: 'POST', body: JSON.stringify(hashes) });
  return { hashes };
}
"""


def test_a_secrets_hash_in_upper_case_hex_or_base64url_is_masked(tmp_path, loopback):
    """A legacy API takes a password's MD5 in upper case (`digest('hex').toUpperCase()`); a URL carries base64url."""
    write_function(tmp_path, WRITTEN_OTHERWISE, SCHEMA, {**SETTINGS, "base": loopback.base})
    outputs = run_outputs(tmp_path, "--event", "track", golden=True, replay=True)
    assert hashlib.md5(b"839201").hexdigest().upper().encode() in loopback.take()[0].head, "what was sent"
    assert_none_leaked(outputs, [form for raw in raw_digests() for form in (
        raw.hex().upper(), base64.urlsafe_b64encode(raw).decode().rstrip("="))])
