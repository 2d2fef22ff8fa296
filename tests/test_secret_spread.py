"""A secret spread out with any one to three characters between each two of its own (found by a leak probe): a letter, a
digit, two or three letters or an emoji between, each character doubled or tripled, a filler that changes at each step. None of it
may reach what segtui prints or writes; each spread is made here, in Python, apart from segtui."""

from __future__ import annotations

import json
import re

from support.cli import run_outputs, write_function

from segtui.masking import MASK

SECRETS = {"apiKey": "sk_live_51H8xYzAbCdEfGhIjKlMnOpQr", "secretCode": "pässwörd-秘密-🔑x9"}
SPREADS = {
    "x": lambda chars: "x".join(chars),
    "zero": lambda chars: "0".join(chars),
    "ab": lambda chars: "ab".join(chars),
    "abc": lambda chars: "abc".join(chars),
    "emoji": lambda chars: "🙂".join(chars),
    "doubled": lambda chars: "".join(char * 2 for char in chars),
    "tripled": lambda chars: "".join(char * 3 for char in chars),
    "changing": lambda chars: "".join(char + "qwertyuiop"[index * 7 % 10] for index, char in enumerate(chars)),
}
HANDLER = r"""
async function onTrack(event, settings) {
  const spreads = {
    x: (k) => [...k].join('x'), zero: (k) => [...k].join('0'), ab: (k) => [...k].join('ab'), abc: (k) => [...k].join('abc'), emoji: (k) => [...k].join('🙂'),
    doubled: (k) => [...k].map((c) => c + c).join(''), tripled: (k) => [...k].map((c) => c + c + c).join(''),
    changing: (k) => [...k].map((c, i) => c + 'qwertyuiop'[i * 7 % 10]).join(''),
  };
  const forms = {};
  for (const name of NAMES) for (const [kind, spread] of Object.entries(spreads)) forms[`${name} ${kind}`] = spread(settings[name]);
  for (const [kind, form] of Object.entries(forms)) console.log(kind, form);
  await fetch(settings.base + '/echo', { method: 'POST', headers: { 'X-Trace': forms['apiKey x'] }, body: JSON.stringify(forms) });
  return forms;
}
""".replace("NAMES", json.dumps(list(SECRETS)))


def test_a_secret_with_any_one_to_three_characters_between_its_own_is_masked(tmp_path, loopback):
    schema = {"settings": [*({"label": name, "type": "string", "sensitive": True} for name in SECRETS),
                           {"label": "base", "type": "string"}]}
    folder = write_function(tmp_path, HANDLER, schema, {**SECRETS, "base": loopback.base})
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    sent = json.loads(loopback.take()[0].body)
    assert sent == {f"{name} {kind}": spread(list(secret)) for name, secret in SECRETS.items()
                    for kind, spread in SPREADS.items()}, "the handler spreads each secret as Python does"
    for where, output in outputs.items():
        for name, secret in SECRETS.items():
            for kind, spread in SPREADS.items():
                # No 8 characters of the secret spread so (a fragment shorter than that is no leak), nor as JSON has it.
                pieces = {spread(list(secret[at:at + 8])) for at in range(len(secret) - 7)}
                pieces |= {json.dumps(piece)[1:-1] for piece in pieces}
                assert not [piece for piece in pieces if piece in output], (where, name, kind)
        assert MASK in output, where


def test_two_copies_of_a_secret_one_character_apart_stay_two_masks(tmp_path):
    # Of even length: every other character of the two, from the second, is the secret's odd ones, then its even ones.
    secret = SECRETS["apiKey"][:-1]
    folder = write_function(tmp_path, "async function onTrack(e, s) { return `${s.apiKey} ${s.apiKey}`; }",
                            {"settings": [{"label": "apiKey", "type": "string", "sensitive": True}]},
                            {"apiKey": secret})
    outputs = run_outputs(folder, "--event", "track")
    assert json.loads(outputs["run json stdout"])["return"] == f"{MASK} {MASK}"


ITEMS_HANDLER = r"""
async function onTrack(event, settings) {
  const k = settings.apiKey, items = [...k].map((c, i) => ({ i, c }));
  console.log(items);
  console.log(JSON.stringify(items));
  return { entries: Object.fromEntries([...k].map((c, i) => [`k${i}`, c])), items };
}
"""


def test_a_secret_given_a_character_an_item_is_masked(tmp_path):
    secret = SECRETS["apiKey"]
    folder = write_function(tmp_path, ITEMS_HANDLER, {"settings": [{"label": "apiKey", "type": "string", "sensitive": True}]},
                            {"apiKey": secret})
    shown = json.loads(run_outputs(folder, "--event", "track", "--reveal-secrets")["run json stdout"])
    assert shown["logs"][1]["message"] == json.dumps([{"i": i, "c": c} for i, c in enumerate(secret)], separators=(",", ":"))
    for where, output in run_outputs(folder, "--event", "track").items():
        # The characters of one-character strings, in order, as a reader picks them out (util.inspect's quotes too).
        spelled = "".join(re.findall(r"""(?<![\w\\])["'](.)["'](?!\s*:)""", output.replace('\\"', '"')))
        assert not [secret[at:at + 8] for at in range(len(secret) - 7) if secret[at:at + 8] in spelled], where
        assert MASK in output or where.endswith(("HAR", "cassette")), where  # no request made: nothing in those
