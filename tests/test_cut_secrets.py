"""The end of a cut text that begins a secret's form is masked: found by search, as trying every length found it."""

from __future__ import annotations

import json
import random
import urllib.parse

import pytest
from support.cli import assert_none_leaked, run_outputs, segtui, write_function

from segtui.cut_secrets import mask_cut_end, mask_cuts
from segtui.masking import MASK, Masker


def every_length(text, forms, mask):
    """The longest end of `text` (3 characters or more) that begins a form, tried length by length."""
    longest = 0
    for form in forms:
        for size in range(min(len(form) - 1, len(text)), max(longest, 2), -1):
            if text.endswith(form[:size]):
                longest = size
                break
    return text[: len(text) - longest] + mask if longest else text


def test_the_search_masks_what_trying_every_length_masks():
    chance = random.Random(5)
    for _ in range(20_000):
        forms = ["".join(chance.choice("ab") for _ in range(chance.randrange(1, 9))) for _ in range(chance.randrange(1, 4))]
        text = "".join(chance.choice("ab") for _ in range(chance.randrange(12)))
        assert mask_cut_end(text, forms, "M") == every_length(text, forms, "M"), (text, forms)
        data, byte_forms = text.encode(), [form.encode() for form in forms]
        assert mask_cut_end(data, byte_forms, b"M") == every_length(data, byte_forms, b"M")


def test_a_long_secret_at_a_long_cut_is_masked_without_trying_every_length():
    secret = "".join(random.Random(2).choices("abcdefghijklmnopqrstuvwxyz0123456789", k=500_000))
    text = "x" * 1_000_000 + secret[:300_000] + " … [segtui kept the first 1300000 of 2000000 characters]"
    assert mask_cuts(text, [secret], "M") == "x" * 1_000_000 + "M … [segtui kept the first 1300000 of 2000000 characters]"


def test_a_buffer_console_log_cut_after_50_bytes_has_the_secret_it_began_masked():
    # A probe: console.log(Buffer.from(secret)) of a secret over 50 bytes showed its last shown bytes in hex, the start
    # of the secret that the cut left too short to match whole.
    from segtui.masking import MASK, Masker

    secret = "Zq7xK2mPv9Lw4Rt8Hn3Bc6" * 3
    masker = Masker([secret])

    def shown(data: bytes) -> str:
        more = len(data) - 50
        return f"<Buffer {data[:50].hex(' ')} ... {more} more byte{'s' if more > 1 else ''}>"

    assert masker.text(shown(secret.encode())) == f"<Buffer {MASK} ... 16 more bytes>"
    assert masker.text("logged " + shown(b"hello " + secret.encode())) == f"logged <Buffer 68 65 6c 6c 6f 20 {MASK} ... 22 more bytes>"
    other = shown(bytes(range(60)))
    assert masker.text(other) == other


HALVES = r"""
async function onTrack(event, settings) {
  const k = settings.apiKey, cut = k.indexOf('\u{1F600}') + 1;  // between the emoji's two UTF-16 halves
  console.log('head', k.slice(0, cut)); console.log('tail', k.slice(cut));
  return [k.slice(0, cut), k.slice(cut)];
}
"""


def test_a_secret_cut_inside_a_character_beyond_the_bmp_leaves_no_half_shown(tmp_path):
    # A probe: the masked head kept the emoji's lone high half after the mask ('••••••\ud83d'), and the tail its low.
    write_function(tmp_path, HALVES, {"settings": [{"label": "API Key", "sensitive": True}]},
                   {"apiKey": "Zq9x7Wk3mN\U0001F600Lp4Rt8Vb2Yc"})
    done = segtui("run", "handler.js", "--event", "track", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout)
    assert [log["message"] for log in result["logs"]] == [f"head {MASK}", f"tail {MASK}"]
    assert result["return"] == [MASK, MASK]


SECRET = "Zq9x7Wk3-sëcrét-Ωmega-42"
CUT_BY_SEGTUI = r"""
async function onBatch(events, settings) {
  // A result onBatch's note quotes cut at 60 characters, the secret's start the last before the cut.
  return [{status: 200}, {note: 'x'.repeat(events[0].properties.pad) + settings.apiKey}];
}
async function onTrack(event, settings) {
  // A path and query a mock miss's reason quotes cut at 200 characters.
  const key = encodeURIComponent(settings.apiKey);
  await fetch('https://api.example.com/' + 'p'.repeat(190) + key + '?q=' + 'r'.repeat(193) + key).catch(() => null);
}
"""


def _starts(secret: str) -> list[str]:
    """The secret's starts of 3 characters or more, as written, as ASCII-only JSON writes them and percent-encoded."""
    texts = (secret, json.dumps(secret)[1:-1], urllib.parse.quote(secret, safe=""))
    return [text[:size] for text in texts for size in range(3, len(text) + 1)]


def test_a_secret_segtui_cut_where_it_quotes_a_value_shows_none_of_its_start(tmp_path):
    # A probe: onBatch's note, a mock miss's reason and a cassette's header error cut what they quote, and the cut
    # left the secret's start, too short to match whole: `{"note": "xx…xxZq9x7Wk3-s\u00eb…` (the cassette's without `…`).
    write_function(tmp_path, CUT_BY_SEGTUI, {"settings": [{"label": "API Key", "sensitive": True}]}, {"apiKey": SECRET})
    (tmp_path / "segtui.mock.yaml").write_text("rules:\n  - url: https://api.example.com/other\n    status: 200\n")
    for pad in (36, 44, 48):
        events = [{"type": "track", "event": "a", "properties": {"pad": pad}}, {"type": "track", "event": "b"}]
        (tmp_path / f"batch{pad}.json").write_text(json.dumps(events))
    printed = {}
    for pad in (36, 44, 48):
        for mode in ([], ["--json"]):
            done = segtui("run", "handler.js", "--event", f"batch{pad}.json", *mode, cwd=tmp_path)
            assert "onBatch's result for event 2" in done.stdout, done.stdout + done.stderr
            printed[f"onBatch note, pad {pad} {mode}"] = done.stdout + done.stderr
    done = segtui("run", "handler.js", "--event", "track", "--offline", cwd=tmp_path)
    assert "characters)" in done.stdout, done.stdout + done.stderr
    printed["mock miss"] = done.stdout + done.stderr
    cassette = {"segtui_cassette": 1, "interactions": [{
        "request": {"method": "GET", "url": "https://api.example.com/x", "headers": [], "body": None},
        "response": {"status": 200, "headers": [["X-Token", "t" * 75 + SECRET + "\n"]], "body": None}}]}
    (tmp_path / "cassette.json").write_text(json.dumps(cassette))
    done = segtui("run", "handler.js", "--event", "track", "--replay", "cassette.json", cwd=tmp_path)
    assert "one line of Latin-1" in done.stderr, done.stdout + done.stderr
    printed["cassette error"] = done.stderr
    for where, text in printed.items():
        shown = [start for start in _starts(SECRET) if start in text]
        assert not shown, f"{where} shows the secret's start {shown[-1]!r}:\n{text}"


def test_the_start_of_a_form_before_each_cut_mark_is_masked_and_nothing_else():
    forms = ["Zq9x7Wk3-secret", "Zq9x7Wk3-secret".upper()]
    text = "a…xxZq9x7…ZQ9X…Zq…" * 3 + "tail Zq9x7"
    assert mask_cuts(text, forms, "M") == "a…xxM…M…Zq…" * 3 + "tail Zq9x7"


SECRET = "Sk9QzXw7LmP3vR8tY2bN"
ENCODED = {"percent": lambda text: "".join(f"%{ord(char):02X}" for char in text),
           "unicode escapes": lambda text: "".join(f"\\u{ord(char):04x}" for char in text),
           "html entities": lambda text: "".join(f"&#{ord(char)};" for char in text),
           "spaced out": lambda text: " ".join(text)}
DECODE = {"percent": urllib.parse.unquote, "unicode escapes": lambda text: text.encode().decode("unicode_escape"),
          "html entities": lambda text: __import__("html").unescape(text), "spaced out": lambda text: text.replace(" ", "")}


@pytest.mark.parametrize("where", ["log budget", "segtui's quote"])
def test_a_text_cut_inside_a_secret_encoded_piece_by_piece_shows_no_three_characters_of_it(where):
    # A probe: a line cut at the log budget, and a mock miss's note quoting a URL's query, inside `%53%6B%39%51%7A…`
    # showed `Sk9Qz` so encoded.
    masker = Masker([SECRET, "hooks.example.com/T0001/Zq8WpL4mN7vX2kR9"])
    for name, encode in ENCODED.items():
        encoded = encode(SECRET)
        for kept in range(1, len(encoded)):
            note = (f" … [segtui kept the first {kept + 4} of {len(encoded) + 4} characters]" if where == "log budget"
                    else f"… ({len(encoded) + 4:,} characters), not /v1")
            shown = masker.text("log " + encoded[:kept] + note)
            tail = DECODE[name](shown[4:-len(note)].split(MASK)[-1].rsplit("%", 1)[0].rsplit("\\", 1)[0].rsplit("&", 1)[0])
            assert not any(len(tail) >= size and tail.endswith(SECRET[:size]) for size in range(3, len(SECRET))), (
                name, kept, shown)


def test_a_run_whose_log_budget_cuts_a_percent_encoded_secret_shows_none_of_its_start(tmp_path):
    handler = ("async function onTrack(event, settings) {\n  console.log('x'.repeat(2000000 - 10));\n"
               "  console.log([...settings.apiKey].map((c) => '%' + c.charCodeAt(0).toString(16)).join(''));\n}")
    write_function(tmp_path, handler, {"settings": [{"label": "API Key", "sensitive": True}]}, {"apiKey": SECRET})
    done = segtui("run", "handler.js", "--event", "track", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    message = json.loads(done.stdout)["logs"][-1]["message"]
    assert message.startswith(MASK) and "%53%6b%39" not in message, message


def test_a_mock_miss_that_quotes_a_query_cut_inside_a_percent_encoded_secret_shows_none_of_its_start(tmp_path):
    handler = ("async function onTrack(event, settings) {\n"
               "  const encoded = [...settings.apiKey].map((c) => '%' + c.charCodeAt(0).toString(16)).join('');\n"
               "  await fetch('https://api.example.org/other?q=' + 'y'.repeat(180) + encoded).catch(() => null);\n}")
    write_function(tmp_path, handler, {"settings": [{"label": "API Key", "sensitive": True}]}, {"apiKey": SECRET})
    (tmp_path / "mock.json").write_text(json.dumps([{"url": "https://api.example.org/other", "body": "ok"}]))
    done = segtui("run", "handler.js", "--event", "track", "--mock", "mock.json", "--json", cwd=tmp_path)
    note = json.loads(done.stdout)["requests"][0]["note"]
    assert "y…" not in note and f"y{MASK}…" in note and "%53%6b%39" not in note, note


HINTS = r"""
async function onTrack(event, settings) {
  const k = settings.apiKey, s = settings.stripeKey;
  console.log('hints', k.slice(0, 6) + '...', `${k.slice(0, 6)}...${k.slice(-6)}`, '...' + k.slice(-5) + ';');
  console.log('stripe', s.slice(0, 8) + '...' + s.slice(-4));
  return { start: k.slice(0, 6) + '...', both: `${k.slice(0, 6)}...${k.slice(-6)}`, stripe: s.slice(0, 8) + '...' + s.slice(-4) };
}
"""


def test_three_dots_beside_most_of_a_short_secret_mask_it_and_a_long_keys_hint_shows(tmp_path):
    """`k.slice(0, 6) + '...'` of an 8-character key shows most of it, as `…` would (masked there); a Stripe-style hint
    of a long key, its fixed prefix and last four (`sk_live_...4242`), is a few characters of many and shows."""
    stripe = "sk_live_51H8zQ2eZvKYlo2C0aBcDeFgHi4242"
    write_function(tmp_path, HINTS, {"settings": [{"label": "API Key", "sensitive": True},
                                                  {"label": "Stripe Key", "sensitive": True}]},
                   {"apiKey": "Tq4m9XzP", "stripeKey": stripe})
    outputs = run_outputs(tmp_path, "--event", "track")
    assert_none_leaked(outputs, ["Tq4m9X", "4m9XzP", "m9XzP"])
    shown = json.loads(outputs["run json stdout"])
    assert [log["message"] for log in shown["logs"]] == [f"hints {MASK}... {MASK}...{MASK} ...{MASK};",
                                                         "stripe sk_live_...4242"], shown["logs"]
    assert shown["return"]["stripe"] == "sk_live_...4242", shown["return"]
