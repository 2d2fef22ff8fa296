"""Secrets spelled out in ways earlier rounds missed (found by a leak probe): their bytes' or char codes' numbers joined
with nothing between (`[...Buffer.from(key)].join('')`), and an object of indices, one character each (`{...key}` as
util.inspect logs it and as JSON sends it). The texts grepped for are computed here in Python, apart from segtui's
JavaScript."""

from __future__ import annotations

import json

import pytest
from support.cli import assert_none_leaked, run_outputs, write_function

from segtui.masking import MASK, Masker

SETTINGS = {"apiKey": "Xk9mQ2pLr7TzW4vB8nHs", "password": "p@ss'w0rd\\Kéy&=Zz9!"}
SCHEMA = {"settings": [{"label": "Api Key", "type": "string", "sensitive": True},
                       {"label": "Password", "type": "string", "sensitive": True}, {"label": "Base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  const out = {};
  for (const [name, secret] of Object.entries({ k: settings.apiKey, p: settings.password })) {
    const bytes = [...Buffer.from(secret)].join(''), codes = [...secret].map((c) => c.charCodeAt(0)).join('');
    console.log('joined', bytes, codes);
    console.log('spread', { ...secret });
    await fetch(settings.base + '/in', { method: 'POST', body: JSON.stringify({ ...secret }) });
    out[name] = { bytes, spread: { ...secret } };
  }
  return out;
}
"""


def leaked_texts() -> list[str]:
    """What a leak would show: each secret's numbers joined, and its middle characters as the object of indices holds
    them (in JSON, and as util.inspect writes them)."""
    leaks = []
    for secret in SETTINGS.values():
        leaks += ["".join(map(str, secret.encode())), "".join(str(ord(char)) for char in secret)]
        items = compact({str(index): char for index, char in enumerate(secret)})
        leaks += [items[24:84], json.dumps(items)[30:90], "\n  '5': '2',\n  '6': 'p',\n  '7': 'L'"]
    return leaks


def compact(value: object) -> str:
    """JSON as JSON.stringify writes it."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


@pytest.fixture
def folder(tmp_path, loopback):
    return write_function(tmp_path, HANDLER, SCHEMA, {**SETTINGS, "base": loopback.base})


def test_numbers_joined_and_objects_of_indices_are_masked_in_every_output(folder, loopback):
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    received = b"".join(request.body for request in loopback.take()).decode("utf-8")
    assert compact({str(index): char for index, char in enumerate(SETTINGS["apiKey"])}) in received, "what was sent"
    assert_none_leaked(outputs, leaked_texts())
    assert MASK in outputs["run text"] and "'0': " not in outputs["run text"].split("spread", 1)[1].split("\n", 3)[2]


def test_an_object_of_indices_that_spells_no_secret_is_kept():
    masker = Masker(list(SETTINGS.values()))
    text = json.dumps({str(index): char for index, char in enumerate("an ordinary sentence of words")})
    assert masker.text(text) == text
    assert masker.text('{"0": 200, "1": "ok", "2": "k"}') == '{"0": 200, "1": "ok", "2": "k"}'


PIECES_HANDLER = r"""
async function onTrack(event, settings) {
  const k = settings.apiKey;
  await fetch(settings.base + '/ping');
  return { pairs: k.match(/.{1,2}/g), triples: k.match(/.{1,3}/g), hex: [...k].map((c) => c.charCodeAt(0).toString(16)),
           codes: [...k].map((c) => String(c.charCodeAt(0))), base64: btoa(k).match(/.{1,4}/g), tags: ['new', 'vip', 'eu'] };
}
"""


def test_a_secret_spelled_across_an_arrays_short_items_is_masked_item_by_item(tmp_path, loopback):
    # A probe: `k.match(/.{1,2}/g)`, each char code's hex or digits and base64's groups were returned and emitted as
    # they were: each item is too short to be a form, and the data was masked item by item.
    write_function(tmp_path, PIECES_HANDLER, SCHEMA, {**SETTINGS, "base": loopback.base})
    outputs = run_outputs(tmp_path, "--event", "track", golden=True, replay=True)
    returned = json.loads(outputs["run json stdout"])["return"]
    assert {name: set(items) for name, items in returned.items()} == {
        "pairs": {MASK}, "triples": {MASK}, "hex": {MASK}, "codes": {MASK}, "base64": {MASK}, "tags": {"new", "vip", "eu"}}
    key = SETTINGS["apiKey"]
    for where, output in outputs.items():
        for piece in (f'"{key[2:4]}", "{key[4:6]}", "{key[6:8]}"', f'"{ord(key[2]):x}",', f'"{key[3:6]}",'):
            assert piece not in output and piece.replace(" ", "") not in output, (where, piece)
