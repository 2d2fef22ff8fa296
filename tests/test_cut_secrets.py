"""The end of a cut text that begins a secret's form is masked: found by search, as trying every length found it."""

from __future__ import annotations

import json
import random

from support.cli import segtui, write_function

from segtui.cut_secrets import mask_cut_end, mask_cuts
from segtui.masking import MASK


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
    secret = "".join(random.Random(2).choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(500_000))
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
