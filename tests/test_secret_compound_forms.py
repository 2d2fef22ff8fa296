"""What a handler makes of a secret in two steps, found by a leak probe shown in every output: the start (or end) of
its digest as an id or a short signature (`digest('hex').slice(0, 16)`), the secret reversed then upper-cased,
base64 (or base64url) applied three times, its bytes zero-padded to three digits and joined, its char codes in base
36. A long key and a 12-character one; the forms grepped for are computed here in Python."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from support.cli import assert_none_leaked, run_outputs, write_function

from segtui.masking import HEADER_MASK, MASK, Masker

SETTINGS = {"apiKey": "sk_live_4eC39HqLyjWDarjtT1zdp7dc", "shortKey": "Zq8Wx2Lm4Pt7"}
SCHEMA = {"settings": [{"label": "API Key", "type": "string", "sensitive": True},
                       {"label": "Short Key", "type": "string", "sensitive": True},
                       {"label": "Base", "type": "string"}]}

HANDLER = r"""
const b64 = (text) => Buffer.from(text).toString('base64');
const b64url = (text) => Buffer.from(text).toString('base64url');
const hash = (algorithm, text, encoding) => crypto.createHash(algorithm).update(text).digest(encoding);
async function onTrack(event, settings) {
  const made = {};
  for (const name of ['apiKey', 'shortKey']) {
    const k = settings[name];
    made[name] = {
      digestEnds: [hash('sha256', k, 'hex').slice(0, 16), hash('sha256', k, 'hex').slice(0, 12),
                   hash('sha256', k, 'base64').slice(0, 16), hash('sha1', k, 'hex').slice(0, 16),
                   hash('md5', k, 'hex').slice(0, 12), hash('sha512', k, 'hex').toUpperCase().slice(0, 20),
                   hash('sha256', k, 'hex').slice(-16), hash('sha1', k, 'base64url').slice(-14)],
      reversedCased: [[...k].reverse().join('').toUpperCase(), [...k].reverse().join('').toLowerCase()],
      base64Thrice: [b64(b64(b64(k))), b64url(b64url(b64url(k)))],
      paddedCodes: [...k].map((c) => String(c.charCodeAt(0)).padStart(3, '0')).join(''),
      base36Codes: [...k].map((c) => c.charCodeAt(0).toString(36)).join('.'),
    };
    console.log(name, JSON.stringify(made[name]));
  }
  const id = made.apiKey.digestEnds[0];
  const shortId = hash('sha256', settings.apiKey, 'hex').slice(0, 10);
  await fetch(`${settings.base}/keys/${id}?short=${shortId}`, { method: 'POST', headers: { 'X-Key-Id': id },
                                                              body: JSON.stringify(made) });
  return { made, id: `key_${id}`, shortId, unrelated: 'req_78a08441f431ffff 0123456789abcdef' };
}
"""


def _b64(data: bytes) -> bytes:
    return base64.b64encode(data)


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _made(secret: str) -> dict[str, list[str]]:
    """Each form the handler makes of the secret, by kind, as Python computes it."""
    data = secret.encode()
    raw = {name: hashlib.new(name, data).digest() for name in ("sha256", "sha1", "md5", "sha512")}
    return {"digestEnds": [raw["sha256"].hex()[:16], raw["sha256"].hex()[:12], _b64(raw["sha256"]).decode()[:16],
                           raw["sha1"].hex()[:16], raw["md5"].hex()[:12], raw["sha512"].hex().upper()[:20],
                           raw["sha256"].hex()[-16:], _b64url(raw["sha1"])[-14:]],
            "reversedCased": [secret[::-1].upper(), secret[::-1].lower()],
            "base64Thrice": [_b64(_b64(_b64(data))).decode(), _b64url(_b64url(_b64url(data).encode()).encode())],
            "paddedCodes": ["".join(f"{byte:03d}" for byte in data)],
            "base36Codes": [".".join(_base36(ord(char)) for char in secret)]}


def _base36(number: int) -> str:
    digits = ""
    while number:
        number, digit = divmod(number, 36)
        digits = "0123456789abcdefghijklmnopqrstuvwxyz"[digit] + digits
    return digits


@pytest.fixture(scope="module")
def outputs(tmp_path_factory, http_server):
    """What one run of the handler prints and writes, every output."""
    folder = write_function(tmp_path_factory.mktemp("made"), HANDLER, SCHEMA, {**SETTINGS, "base": http_server.base})
    http_server.take()
    shown = run_outputs(folder, "--event", "track", golden=True, replay=True)
    sent = b"".join(request.head + request.body for request in http_server.take())
    for secret in SETTINGS.values():
        assert all(form.encode() in sent for forms in _made(secret).values() for form in forms), "what was sent"
    return shown


@pytest.mark.parametrize("kind", ["digestEnds", "reversedCased", "base64Thrice", "paddedCodes", "base36Codes"])
def test_a_form_made_of_a_secret_in_two_steps_is_masked_in_every_output(outputs, kind):
    assert_none_leaked(outputs, [form for secret in SETTINGS.values() for form in _made(secret)[kind]])


def test_a_digests_start_is_masked_whole_and_one_shorter_than_twelve_characters_shows(outputs):
    """A 16-digit id is masked whole (not its first 12 with 4 left); 10 hex digits (40 bits) could be any id's, and an
    unrelated id that shares the digest's first 12 digits but not the text after them is masked only there."""
    returned = json.loads(outputs["run json stdout"])["return"]
    assert returned["id"] == "key_••••••"
    assert returned["shortId"] == hashlib.sha256(SETTINGS["apiKey"].encode()).hexdigest()[:10]
    assert returned["unrelated"] == "req_••••••ffff 0123456789abcdef"


def test_a_digests_start_in_mixed_case_is_masked_as_far_as_the_digest_goes():
    digest = hashlib.sha256(SETTINGS["apiKey"].encode()).hexdigest()
    assert Masker([SETTINGS["apiKey"]]).text(f"x{digest[:12]}{digest[12:20].upper()}!") == f"x{MASK}!"


@pytest.mark.parametrize("shown", [
    lambda digest: " ".join(digest[at:at + 4] for at in range(0, 32, 4)),  # grouped in fours
    lambda digest: "-".join(digest[:16]), lambda digest: "-".join(digest[-16:])])
def test_a_digests_start_or_end_spaced_out_is_masked_as_far_as_the_digest_goes(shown):
    digest = hashlib.sha256(SETTINGS["apiKey"].encode()).hexdigest()
    assert Masker([SETTINGS["apiKey"]]).text(f"id: {shown(digest)}.") == f"id: {MASK}."


@pytest.mark.parametrize("items", [lambda digest: list(digest[:16]), lambda digest: [digest[at:at + 2] for at in range(0, 20, 2)]])
def test_a_digests_start_in_an_arrays_items_is_masked_in_every_item(items):
    digest = hashlib.sha256(SETTINGS["apiKey"].encode()).hexdigest()
    masked = Masker([SETTINGS["apiKey"]]).data(items(digest))
    assert set(masked) == {MASK}


def test_no_run_of_five_characters_of_a_digests_start_or_end_shows_beside_its_mask(outputs):
    """Each start or end is masked whole, widened backwards (`slice(-16)`) as forwards, in every output (the return,
    the log, the HAR, the cassette, the request's header and URL): a run of 5 of its characters or more shows only as
    the texts meant to show hold it (10 hex digits, and an unrelated id's)."""
    shown = [hashlib.sha256(SETTINGS["apiKey"].encode()).hexdigest()[:10], "78a08441f431ffff"]
    masks = [MASK, HEADER_MASK, json.dumps(MASK)[1:-1]]
    for secret in SETTINGS.values():
        for piece in _made(secret)["digestEnds"]:
            runs = {piece[at:at + 5] for at in range(len(piece) - 4)} - {run for text in shown for run in _runs(text)}
            beside = {form for cut in range(2, len(piece) - 1) for mask in masks
                      for form in (piece[:cut] + mask, mask + piece[cut:])}
            assert_none_leaked(outputs, sorted(runs | beside))


def _runs(text: str) -> set[str]:
    return {text[at:at + 5] for at in range(len(text) - 4)}


@pytest.mark.parametrize(("secret", "text", "masked"), [
    ("Stressed", "We had desserts. DESSERTS!", "We had desserts. DESSERTS!"),  # a word's reversal is a word
    ("Lager-42", "order 24-REGAL, 24-regal", "order 24-REGAL, 24-regal"),
    ("Zq8Wx2Lm4Pt7", "id 7TP4ML2XW8QZ, 7tp4ml2xw8qz", f"id {MASK}, {MASK}"),  # a key's is masked
    ("Stressed-Lager-42", "24-REGAL-DESSERTS", MASK)])  # as is a long secret's
def test_a_secret_reversed_then_cased_is_masked_only_of_a_key_or_a_long_secret(secret, text, masked):
    assert Masker([secret]).text(text) == masked
