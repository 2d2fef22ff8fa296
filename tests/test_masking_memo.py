"""A Masker keeps the texts it masked whole, longer than its short texts' memory holds (a log line, a URL, a body
each result repeats), and gives them again: always as masked, never shared with another Masker, nor used inside
another output's masking."""

from __future__ import annotations

import base64
import json

from support.cli import segtui

from segtui.mask_copies import LONG_TEXTS_KEPT, LONGEST_KEPT
from segtui.mask_work import TooCostly, bounded, bounded_kept
from segtui.masking import MASK, Masker

SECRET = "sk_live_51H8xYzAbCdEfGhIjKlMnOpQr"
LINE = (f"calling https://api.example.com/v1/track?key={SECRET} with Basic "
        f"{base64.b64encode(f'{SECRET}:'.encode()).decode()} and {' '.join(SECRET)}")


def test_a_long_text_masked_again_is_the_one_kept_and_still_masked():
    masker = Masker([SECRET])
    first = masker.text(LINE)
    again = masker.text(LINE)
    assert again is first  # kept: masked once (a new string each time before)
    assert SECRET[:8] not in again and again.count(MASK) == 3, again


def test_a_text_kept_after_it_held_a_secret_is_given_masked_and_only_by_its_own_masker():
    masker, other = Masker([SECRET]), Masker(["another-secret-value"])
    masked = masker.text(LINE)
    assert other.text(LINE) == LINE  # another Masker's secrets: nothing of this one's kept there
    assert masker.text(LINE) == masked and SECRET[:8] not in masker.text(LINE)
    assert masker.text(LINE + " ") == masked + " "  # a text one character apart masked on its own


def test_a_text_longer_than_those_kept_is_masked_each_time():
    masker = Masker([SECRET])
    text = LINE + "x" * LONGEST_KEPT
    first = masker.text(text)
    again = masker.text(text)
    assert again == first and again is not first
    assert SECRET[:8] not in again


def test_a_kept_text_inside_another_output_is_masked_there_as_it_stands():
    masker = Masker([SECRET])
    masker.text(LINE)
    # Bytes not UTF-8 whose run of ASCII text is the line kept: masked inside the body's own share of work; the
    # secret's base64 straddles no cut of the run, which is masked whole.
    data = b"\xff\xfe" + LINE.encode() + b"\x00\xff"
    masked = masker.bytes(data)
    assert SECRET.encode()[:8] not in masked and masked.startswith(b"\xff\xfe") and masked.count(MASK.encode()) == 3


def test_a_text_is_neither_kept_nor_looked_up_inside_another_outputs_masking():
    kept = {"t" * 100: "stale"}
    inside = bounded(10, lambda: bounded_kept(kept, "t" * 100, lambda: "masked", lambda: "withheld"), lambda: "outer")
    assert inside == "masked"
    bounded(10, lambda: bounded_kept(kept, "u" * 100, lambda: "masked", lambda: "withheld"), lambda: "outer")
    assert kept == {"t" * 100: "stale"}


def test_a_withheld_text_is_not_kept():
    def too_costly() -> str:
        raise TooCostly

    kept: dict[str, str] = {}
    assert bounded_kept(kept, "t" * 100, too_costly, lambda: "withheld") == "withheld" and kept == {}


def test_the_long_texts_kept_are_bounded_by_their_number():
    masker = Masker([SECRET])
    for n in range(LONG_TEXTS_KEPT * 2 + 1):
        assert masker.text(f"{n:04} {LINE}").startswith(f"{n:04} calling")
    assert 0 < len(masker._kept) <= LONG_TEXTS_KEPT


def test_a_replay_that_logs_the_same_long_line_each_event_shows_it_masked_in_every_result(tmp_path):
    handler = tmp_path / "handler.js"
    handler.write_text("async function onTrack(event, settings) {\n"
                       f"  const line = {json.dumps(LINE.replace(SECRET, '@'))}.split('@').join(settings.apiKey)\n"
                       "    .replace(/Basic \\S+/, 'Basic ' + btoa(settings.apiKey + ':'));\n"
                       "  console.log(line); return { line };\n}\n", encoding="utf-8")
    events = tmp_path / "events.ndjson"
    events.write_text("".join(json.dumps({"type": "track", "event": "E", "messageId": f"m{n}"}) + "\n"
                              for n in range(20)), encoding="utf-8")
    done = segtui("replay", str(handler), str(events), "--setting", f"apiKey={SECRET}", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert len(results) == 20 and SECRET[:8] not in done.stdout
    assert {result["logs"][0]["message"] for result in results} == {result["return"]["line"] for result in results}
    assert all(result["logs"][0]["message"].count(MASK) == 3 for result in results)
