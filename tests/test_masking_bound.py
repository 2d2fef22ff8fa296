"""Masking one output is bounded by work in proportion to its length (segtui.mask_work): past its share, the output
is withheld, never shown unmasked; handler output crafted to be costly stays within a small share."""

from __future__ import annotations

import base64
import gzip
import json
import random

from segtui.cut_secrets import mask_cut_end
from segtui.digest_ends import DigestEnds
from segtui.made_forms import made_forms
from segtui.mask_work import withheld_note
from segtui.masking import MASK, Masker

SECRET = "sk_live_abcdef123456"
BASE64_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def near_copies(count: int) -> str:
    """A log of the secret's near-copies, each with its last character changed."""
    return "".join(SECRET[:-1] + str(index % 10) + " " for index in range(count))


def test_an_output_that_would_take_more_than_its_share_of_work_is_withheld_not_shown():
    text = near_copies(5_000)
    assert Masker([SECRET]).text(text).count(MASK) == 5_000  # its share, by default, is enough to mask it
    masker = Masker([SECRET], work=0)  # only the few milliseconds any output may take
    shown = masker.text(text)
    assert shown == withheld_note(len(text))
    assert "withheld" in shown and SECRET[:6] not in shown
    assert masker.bytes(text.encode("utf-8")) == withheld_note(len(text)).encode("utf-8")


def test_a_withheld_output_leaves_the_rest_of_the_data_masked_as_ever():
    text = near_copies(5_000)
    masked = Masker([SECRET], work=0).data({"log": text, "key": SECRET, "note": f"the key is {SECRET} here"})
    assert masked == {"log": withheld_note(len(text)), "key": MASK, "note": f"the key is {MASK} here"}


def test_a_short_output_is_masked_within_the_work_any_output_may_take():
    masker = Masker([SECRET], work=0)
    text = "x" * 200 + f" key={SECRET} b64=c2tfbGl2ZV9hYmNkZWYxMjM0NTY= pct=%73%6B%5F%6C%69%76%65%5F%61%62%63%64%65%66%31"
    assert masker.text(text) == "x" * 200 + f" key={MASK} b64={MASK} pct={MASK}"


def test_a_long_run_of_base64_with_many_signs_is_read_within_a_small_share():
    # Each "/" or "+" in a run may start compressed data (a URL's path): each start's rest was decoded and inflated.
    rng = random.Random(11)
    run = "".join(rng.choice(BASE64_CHARS) for _ in range(60_000))
    text = f"{run} {SECRET}"
    assert run.count("/") + run.count("+") > 1_000
    assert Masker([SECRET], work=32).text(text) == f"{run} {MASK}"


def test_many_texts_cut_after_a_secrets_start_are_masked_within_a_small_share():
    # Each piece's end was compared with each form's start, form by form (a key has ~100, made by the sandbox).
    masker = Masker([SECRET], made_forms(SECRET, DigestEnds([SECRET]).forms[SECRET])[0], work=32)
    assert masker.text("sk_l…" * 20_000) == f"{MASK}…" * 20_000
    assert masker.text("    …sk_l…\n" * 10_000) == f"    …{MASK}…\n" * 10_000


def _cut_start(text: str, forms: list[str]) -> int:
    """The longest end of the text that begins a form and is not all of it, found form by form (the test's oracle)."""
    return max((size for form in forms for size in range(3, min(len(text) + 1, len(form)))
                if form.startswith(text[len(text) - size:])), default=0)


def test_a_cut_texts_end_masked_is_the_longest_that_begins_a_form():
    rng = random.Random(5)
    for _ in range(3_000):
        forms = ["".join(rng.choice("ab1") for _ in range(rng.randint(0, 12))) for _ in range(rng.randint(1, 4))]
        text = "".join(rng.choice("ab1x") for _ in range(rng.randint(0, 30)))
        size = _cut_start(text, forms)
        assert mask_cut_end(text, forms, "#") == (text[: len(text) - size] + "#" if size else text)
        assert mask_cut_end(text.encode(), [form.encode() for form in forms], b"#") == (
            text[: len(text) - size].encode() + b"#" if size else text.encode())


def test_a_log_of_near_copies_of_a_key_among_many_settings_is_masked_within_a_small_share():
    # Each piece found was looked for in every setting, and each of a near-copy's overlapping pieces sorted out.
    rng = random.Random(4)
    settings = [SECRET, *("".join(rng.choice(BASE64_CHARS[:62]) for _ in range(24)) for _ in range(19))]
    masked = Masker(settings, work=96).text(near_copies(5_000))
    assert masked.count(MASK) == 5_000 and SECRET[:8] not in masked


def test_a_text_of_escapes_is_read_back_once_within_a_small_share():
    # Its escapes were read back twice: for the forms, and for the pieces of a secret's base64 escaped (`%2B`, `%2F`).
    masker = Masker([SECRET], work=28)
    assert masker.text("%61%62" * 50_000) == "%61%62" * 50_000
    text = "".join(f"%{byte:02X}" for byte in SECRET.encode()) + "%20" * 100_000
    assert masker.text(text) == MASK + "%20" * 100_000


def test_many_keys_masked_alike_are_numbered_in_order_past_those_taken():
    pieces = [SECRET[start:end] for start in range(8) for end in range(start + 14, len(SECRET) + 1)]  # each masked
    data = {piece: index for index, piece in enumerate(pieces)}
    data = {f"{MASK} (3)": "taken", **data}
    masked = Masker([SECRET]).data(data)
    names = [MASK if count == 1 else f"{MASK} ({count})" for count in (1, 2, *range(4, len(pieces) + 2))]
    assert list(masked) == [f"{MASK} (3)", *names]
    assert list(masked.values()) == ["taken", *range(len(pieces))]


def test_a_binary_body_of_many_short_texts_counts_the_masking_of_each():
    # Each run of text between binary bytes is masked as a short text (~20 µs each), which read little of the body.
    rng = random.Random(8)
    data = b"\xff".join("".join(rng.choice(BASE64_CHARS[26:62]) for _ in range(6)).encode() for _ in range(20_000))
    assert Masker([SECRET]).bytes(data) == data
    assert Masker([SECRET], work=64).bytes(data) == withheld_note(len(data)).encode("utf-8")


def test_a_log_of_base64_gzip_batches_is_masked_not_withheld():
    # A review: a handler logging its batches gzipped in base64 (text compresses 40 to 80 times) was withheld, each
    # inflated character charged against the log's share; what a run inflates to now brings a share of its own.
    rng = random.Random(1)

    def batch(key: str) -> str:
        events = [{"type": "track", "event": "Order Completed", "userId": f"user_{rng.randint(0, 5)}", "key": key,
                   "properties": {"currency": "USD", "revenue": 10 + index % 5}} for index in range(300)]
        return base64.b64encode(gzip.compress(json.dumps(events).encode(), mtime=0)).decode()

    text = "".join(f"sending batch {line}: {batch(SECRET if line == 7 else 'none')}\n" for line in range(40))
    shown = Masker([SECRET]).text(text)
    assert "withheld" not in shown and shown.count("sending batch") == 40
    assert shown.splitlines()[8] == text.splitlines()[8] and shown.splitlines()[7] != text.splitlines()[7]


def _keys(count: int) -> list[str]:
    """`count` live keys of 24 random characters after their prefix."""
    rng = random.Random(7)
    return ["sk_live_" + "".join(rng.choice(BASE64_CHARS[:62]) for _ in range(24)) for _ in range(count)]


def test_a_log_of_many_keys_near_copies_is_masked_within_its_share():
    # A find was widened against each key's 24 digests too, not only where a digest's end stood: 25 times the work.
    keys = _keys(100)
    log = "\n".join(f"{index} attempt key={keys[index % 100][:8 + index % 24]}#{keys[index % 100][9 + index % 24:]} "
                    "rejected" for index in range(300))
    masked = Masker(keys).text(log)
    assert not masked.startswith("[segtui withheld") and masked.count(MASK) >= 300


def test_the_starts_of_many_keys_are_masked_within_their_share():
    keys = _keys(200)
    masked = Masker(keys).text("\n".join(f"token={key[:14]}" for key in keys))
    assert not masked.startswith("[segtui withheld") and not any(key[:14] in masked for key in keys)


def test_a_short_secrets_forms_are_its_digests_and_their_ends_each_once():
    # Base64's and base64url's ends are often the same: each was looked for twice.
    forms = made_forms("4821", DigestEnds(["4821"]).forms["4821"])[0]
    assert len(forms) == len(set(forms)) and any(len(form) == 12 for form in forms)


def test_a_log_of_two_hundred_keys_is_masked_not_withheld():
    # Each distinct piece of a key found was looked for in every form of every key (~1,200 of them): ~35 µs a character,
    # past the log's share, and the log was withheld; a piece is now looked for only in the keys that hold its start.
    rng = random.Random(7)
    keys = [base64.b64encode(rng.randbytes(24)).decode("ascii") for _ in range(200)]
    masker = Masker(keys)
    for text in ("all: " + " ".join(keys), json.dumps({f"key{index}": key for index, key in enumerate(keys)})):
        shown = masker.text(text)
        assert shown.count(MASK) == 200 and not any(key[:8] in shown for key in keys), shown[:200]


def test_a_log_of_a_hundred_long_keys_is_masked_not_withheld():
    # Each key's ~70 pieces in a row were each widened, against its ~1,600 forms' ~320,000 characters (too many to
    # index as they were): a piece within one widened already is masked, and the forms are indexed compactly.
    rng = random.Random(8)
    keys = [base64.b64encode(rng.randbytes(300)).decode("ascii") for _ in range(100)]
    shown = Masker(keys).text(" ".join(keys))
    assert shown == " ".join([MASK] * 100)
