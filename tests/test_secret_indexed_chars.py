"""A secret's characters each written after its index, as a handler lists them (`${i}:${c}`, `i + '=' + c`)."""

from __future__ import annotations

import json

from support.cli import segtui

from segtui.encoded_views import _DIGITS
from segtui.indexed_chars import indexed
from segtui.masking import MASK, Masker

INDEXED = """
async function onTrack(event, settings) {
  const k = settings.clientSecret;
  const pairs = [...k].map((c, i) => `${i}:${c}`);
  console.log(pairs.join(';'));
  console.log(Object.entries([...k]).map(([i, c]) => i + '=' + c).join('&'));
  console.log(pairs);
  console.log('a:1;b:2;c:3;d:4;e:5;f:6', [...'abcdefgh'].map((c, i) => `${i}:${c}`).join(';'));
  return pairs.join(', ');
}
"""


def test_a_secrets_characters_each_after_its_index_are_masked(tmp_path):
    # Past the tenth, an index and its `:` are four characters between two of the secret's, more than a spread
    # secret is found with: all showed. Other indexed lists show.
    (tmp_path / "handler.js").write_text(INDEXED, encoding="utf-8")
    settings = json.dumps({"clientSecret": "Xk9mQ2vB7nR4tW8zL3pY"})
    (tmp_path / "segtui.settings.json").write_text(settings, encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", "--offline", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["return"] == MASK
    messages = [log["message"] for log in shown["logs"]]
    assert messages[:2] == [MASK, MASK] and "12:t" not in messages[2], messages
    assert messages[3] == "a:1;b:2;c:3;d:4;e:5;f:6 0:a;1:b;2:c;3:d;4:e;5:f;6:g;7:h", messages


def test_an_events_counts_build_no_reading_of_indexed_characters():
    # `"qty": 5}` showed as an indexed character to the gate: each such event built a reading no secret is in.
    products = [{"sku": f"SKU-{i:04d}", "price": 32.989999999999995 + i, "qty": i % 5 + 1} for i in range(20)]
    event = json.dumps({"type": "track", "properties": {"products": products}})
    assert list(indexed(event, event.encode().translate(_DIGITS))) == []


def test_a_passwords_separator_characters_after_their_indices_are_masked():
    # The character was taken only when no separator or quote: a password holding `;`, `,`, `|` or a space showed whole.
    password = "P@ss;w0rd,2024|x y"
    pairs = [f"{i}:{c}" for i, c in enumerate(password)]
    masker = Masker([password])
    for text in (";".join(pairs), "&".join(f"{i}={c}" for i, c in enumerate(password)), str(pairs), json.dumps(pairs)):
        masked = masker.text(text)
        assert MASK in masked and not [pair for pair in ("1:@", "1=@", "9:,", "15:x", "15=x") if pair in masked], masked


INDEXED_BYTES = r"""
async function onTrack(event, settings) {
  const k = Buffer.from(settings.signingKey, 'hex');
  const bytes = JSON.stringify(new TextEncoder().encode(settings.clientSecret));
  const key = JSON.stringify(new Uint8Array(k));
  const ordinary = JSON.stringify(new Uint8Array([1, 2, 3, 200, 17, 42, 9, 77, 5, 6]));
  console.log(bytes, key, ordinary);
  return { bytes, key, spaced: JSON.stringify(new Uint8Array(k), null, 2), ordinary };
}
"""


def test_a_secrets_bytes_as_an_object_of_indices_are_masked(tmp_path):
    """`JSON.stringify(new Uint8Array(k))` writes `{"0":90,"1":113,...}`: each byte after its index (found by a
    review: it showed). Another Uint8Array's object shows."""
    (tmp_path / "handler.js").write_text(INDEXED_BYTES, encoding="utf-8")
    key = "9f3c2a7be14d0c885a61f2e7394b0d1c"
    settings = {"clientSecret": "Xk9mQ2vB7nR4tW8zL3pY", "signingKey": key}
    (tmp_path / "segtui.settings.json").write_text(json.dumps(settings), encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    shown = done.stdout + done.stderr
    for secret in (settings["clientSecret"].encode(), bytes.fromhex(key)):
        written = ",".join(f'\\"{index}\\":{byte}' for index, byte in enumerate(secret))
        assert written[:40] not in shown and written[-40:] not in shown
    assert '{\\"0\\":1,\\"1\\":2,\\"2\\":3,\\"3\\":200' in shown
