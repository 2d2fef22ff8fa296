"""Segment's size limits, which a local run passes without failing: each run says what Segment would do differently."""

import json

import pytest
from support.cli import segtui

from segtui.invocation import Invocation, LogEntry
from segtui.limits import EVENT_LIMIT_BYTES, limit_notes

LOGGER = """
async function onTrack(event) {
  for (let i = 0; i < event.properties.lines; i++) console.log("x".repeat(99));
  return event.properties.lines;
}
"""


def track(lines: int, padding: int = 0) -> dict:
    return {"type": "track", "event": "Logged", "properties": {"lines": lines, "padding": "p" * padding}}


def invocation(logs: list[str], dropped: int = 0) -> Invocation:
    return Invocation("h.js", "track", "onTrack", "success", logs=[LogEntry("log", text, "") for text in logs],
                      logs_dropped=dropped)


def test_an_event_over_32_kb_and_logs_over_4_kb_are_noted(tmp_path):
    (tmp_path / "handler.js").write_text(LOGGER, encoding="utf-8")
    (tmp_path / "big.json").write_text(json.dumps(track(50, padding=40_000)), encoding="utf-8")
    text = segtui("run", "handler.js", "--event", "big.json", cwd=tmp_path)
    assert text.returncode == 0, text.stderr
    assert "Note: the event is 39.1 KB as JSON: Segment rejects events over 32 KB" in text.stdout
    assert "Note: the logs are 4.9 KB: Segment's test UI shows only the first 4 KB" in text.stdout
    as_json = json.loads(segtui("run", "handler.js", "--event", "big.json", "--json", cwd=tmp_path).stdout)
    assert as_json["notes"] == ["the event is 39.1 KB as JSON: Segment rejects events over 32 KB",
                                "the logs are 4.9 KB: Segment's test UI shows only the first 4 KB"]


def test_runs_within_the_limits_have_no_notes(tmp_path):
    (tmp_path / "handler.js").write_text(LOGGER, encoding="utf-8")
    (tmp_path / "small.json").write_text(json.dumps(track(40)), encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "small.json", "--json", cwd=tmp_path)
    assert done.returncode == 0 and "notes" not in json.loads(done.stdout)
    assert "Note:" not in segtui("run", "handler.js", "--event", "small.json", cwd=tmp_path).stdout


def test_sizes_count_utf8_bytes_and_a_batch_names_its_oversized_event():
    just_under = {"type": "track", "x": "é" * ((EVENT_LIMIT_BYTES - 30) // 2)}
    assert limit_notes(just_under, invocation([])) == []
    over = {"type": "track", "x": "é" * (EVENT_LIMIT_BYTES // 2)}
    assert limit_notes([{"type": "track"}, over], invocation([])) == [
        "event 2 of the batch is 32.0 KB as JSON: Segment rejects events over 32 KB"]
    assert limit_notes({"type": "track"}, invocation(["é" * 2048])) == [
        "the logs are 4.0 KB: Segment's test UI shows only the first 4 KB"]
    assert limit_notes({"type": "track"}, invocation(["x" * 5119], dropped=5)) == [
        "the logs are more than 5.0 KB: Segment's test UI shows only the first 4 KB"]


BATCH_RESULTS = """
async function onBatch(events, settings) {
  return events.filter((event) => event.type === settings.only).map(() => ({ status: 200 }));
}
"""


def test_onbatch_results_that_are_not_one_per_event_are_noted(tmp_path):
    (tmp_path / "handler.js").write_text(BATCH_RESULTS, encoding="utf-8")
    events = [{"type": "track"}, {"type": "identify"}, {"type": "track"}]
    (tmp_path / "batch.json").write_text(json.dumps(events), encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "batch.json", "--setting", "only=track", "--json", cwd=tmp_path)
    result = json.loads(done.stdout)
    assert (result["outcome"], result.get("items")) == ("success", None)
    assert result["notes"] == [("onBatch returned 2 results for 3 events: results are read per event only when "
                                "there is one for each, in order, so the batch counts as one success")]
    none = segtui("run", "handler.js", "--event", "batch.json", "--setting", "only=page", "--json", cwd=tmp_path)
    assert "notes" not in json.loads(none.stdout), "an empty array is no per-event result"


def test_a_batch_return_that_is_no_per_event_result_has_no_note():
    for value in ([1, 2], [{"status": "200"}], [{"status": True}], {"status": 200}, "ok"):
        ran = Invocation("h.js", "batch", "onBatch", "success", return_value=value)
        assert limit_notes([{"type": "track"}] * 3, ran) == [], value


@pytest.mark.parametrize(("value", "shown"), [
    ([{"status": 200}, {"status": "503"}, {"status": 503}], 'event 2 is {"status": "503"}'),
    ([None, {"status": 200}, {"status": 500}], "event 1 is null"),
    ([{"status": 200}, {"status": 200}, {"status": 200, "errormessage": "x" * 80}], None),
])
def test_onbatch_results_one_per_event_with_one_segtui_cannot_read_are_noted(value, shown):
    # A probe found [200, 200, 200, "200", 503] counted as one success with no word, the 503 never retried.
    ran = Invocation("h.js", "batch", "onBatch", "success", return_value=value)
    notes = limit_notes([{"type": "track"}] * 3, ran)
    if shown is None:
        assert notes == []  # all readable: the sandbox rated them per event (this record just lacks its items)
        return
    assert notes == [(f"onBatch's result for {shown}, not an object with a numeric status: results are read per event "
                     "only when each is one, so the batch counts as one success")]
