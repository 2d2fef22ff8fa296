"""Masking one output is bounded by work in proportion to its length (segtui.mask_work): past its share, the output
is withheld, never shown unmasked; handler output crafted to be costly stays within a small share."""

from __future__ import annotations

from segtui.mask_work import withheld_note
from segtui.masking import MASK, Masker

SECRET = "sk_live_abcdef123456"


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
