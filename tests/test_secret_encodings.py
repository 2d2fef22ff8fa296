"""Secrets as handlers encode them past the forms of earlier rounds (found by a leak probe): a short password inside
Basic auth's base64, OAuth's client_secret_basic (percent-encoded, then base64), RFC 3986's strict percent-encoding
and a form's `+` for spaces, a query fetch's URL parser escapes again, a PEM key pasted on one line and split apart,
a string util.inspect cut, and V8's snippet of text JSON.parse refused. The texts grepped for are computed here in
Python, apart from segtui's JavaScript."""

from __future__ import annotations

import base64
import json
import random
import string
from urllib.parse import quote

import pytest
from support.cli import run_outputs

from segtui.base64_secrets import Base64Search
from segtui.masking import MASK, Masker

PEM_LINES = ["MHcCAQEEIBc0dpZ1rLvN5UjKB9lXq0m8F4Zo+Lq6pVhd7X4oG5aCoAoGCCqGSM49",
             "AwEHoUQDQgAEm4c9Y3sTq7vW0xZ5nR8pL2kJ6hG4fD1sA9bC3eE7iI0oU5yT2wQx"]
SETTINGS = {"username": "user", "password": "hunter", "formPassword": "Tr0ub4dor &3*!", "queryPassword": "P@ss w0rd!'",
            "clientId": "segment-dest", "clientSecret": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            "oneLinePem": " ".join(["-----BEGIN EC PRIVATE KEY-----", *PEM_LINES, "-----END EC PRIVATE KEY-----"]),
            "apiKey": "AKc9f1e2d3c4b5a6f7e8d9c0b1", "serviceAccountKey": "sk9Zq3LmN8pR2tV6xW1yB4cD7eF0gH", "pin": "?kv5ZJ"}
SECRETS = ["Password", "Form Password", "Query Password", "Client Secret", "One Line Pem", "Api Key",
           "Service Account Key", "Pin"]
SCHEMA = {"settings": [{"label": label, "type": "string", "sensitive": True} for label in SECRETS]
          + [{"label": label, "type": "string"} for label in ("Username", "Client Id", "Base")]}

HANDLER = r"""
async function onTrack(event, settings) {
  const basic = 'Basic ' + btoa(settings.username + ':' + settings.password);
  const strict = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  const form = 'grant_type=password&password=' + strict(settings.formPassword)
    + '&plus=' + encodeURIComponent(settings.formPassword).replace(/%20/g, '+');
  const oauth = 'Basic ' + btoa(encodeURIComponent(settings.clientId) + ':' + encodeURIComponent(settings.clientSecret));
  console.log('auth', basic, oauth, form);
  const [head, body] = settings.oneLinePem.split('----- ');
  console.log(head + '-----\n' + body.split('-----END')[0].trim().split(' ').join('\n'));
  console.log('big', { records: 'r'.repeat(9980) + ';key=' + settings.apiKey + ';end' });
  for (const text of [settings.serviceAccountKey, 'Bearer ' + settings.serviceAccountKey, '{"key": ' + settings.serviceAccountKey]) {
    try { JSON.parse(text); } catch (error) { console.log(error.message); }
  }
  console.log('pin=' + encodeURIComponent(btoa('user:' + settings.pin)), btoa('user:' + settings.password) + settings.password);
  await fetch(settings.base + '/t?user=u&password=' + encodeURIComponent(settings.queryPassword), {
    method: 'POST', headers: { 'X-Authorization': basic, 'X-Client': oauth }, body: form });
  return { basic, oauth, form };
}
"""


def leaked_texts() -> list[str]:
    """What a leak would show: each secret as the handler encoded it, or the part of it a cut or a snippet kept."""
    uri = "-_.!~*'()"  # what encodeURIComponent leaves as it is
    form, query, secret = SETTINGS["formPassword"], SETTINGS["queryPassword"], SETTINGS["clientSecret"]
    return [base64.b64encode(b"user:hunter").decode().rstrip("="), "hunter",
            quote(form, safe=""), quote(form, safe=uri).replace("%20", "+"),
            quote(query, safe=uri.replace("'", "")),  # fetch's URL parser escapes the apostrophe again
            base64.b64encode(f"segment-dest:{quote(secret, safe=uri)}".encode()).decode()[16:40],
            *PEM_LINES, SETTINGS["apiKey"][:8], SETTINGS["serviceAccountKey"][:8], '"Bearer sk9', ": sk9Z", "unter",
            quote(base64.b64encode(b"user:?kv5ZJ").decode(), safe="")]


@pytest.fixture
def folder(tmp_path, loopback):
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    settings = {**SETTINGS, "base": loopback.base}
    (tmp_path / "segtui.settings.json").write_text(json.dumps(settings), encoding="utf-8")
    return tmp_path


def test_secrets_encoded_as_handlers_encode_them_are_masked_in_every_output(folder, loopback):
    outputs = run_outputs(folder, "--event", "track", golden=True)
    received = b"".join(request.head + request.body for request in loopback.take()).decode("latin-1")
    assert "password=P%40ss%20w0rd!%27" in received and "dXNlcjpodW50ZXI=" in received, "what the handler sent"
    assert "more characters" in outputs["run json"] and "is not valid JSON" in outputs["run json"], "the cuts happened"

    for where, text in outputs.items():
        for leaked in leaked_texts():
            assert leaked not in text, f"{where} shows {leaked!r}"
    assert "auth Basic " in outputs["run text"]


@pytest.mark.parametrize("length", range(4, 8))  # longer ones: embedded forms (secret_forms.js)
def test_a_short_secret_inside_base64_is_masked_whatever_surrounds_it(length):
    chooser = random.Random(length)
    for _ in range(200):
        secret = "".join(chooser.choice(string.ascii_letters + string.digits + "!*") for _ in range(length))
        around = ["".join(chooser.choice(string.printable) for _ in range(chooser.randrange(7))) for _ in range(2)]
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            encoded = encode(f"{around[0]}{secret}{around[1]}".encode()).decode()
            if len(encoded.rstrip("=")) < 6:
                continue  # the whole text is one of the secret's own forms, which secret_forms.js gives
            masked = Masker([secret]).text(f"Basic {encoded} tail")
            assert MASK in masked and masked.endswith(" tail")
            assert not Base64Search([secret.encode()]).spans(masked), (secret, around, encoded, masked)


def test_base64_that_holds_no_secret_is_left_alone():
    masker = Masker(["hunter"])
    text = "ids usr_5f2b9c41e7 3a9e1c7d-6b2f-4e58-9d41-0c8f72ab5e13 " + base64.b64encode(b"user:hunted").decode()
    assert masker.text(text) == text
