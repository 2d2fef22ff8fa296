"""What segtui says of a count of one is in the singular: `1 result`, `1 more setting`, never `1 results`."""

from __future__ import annotations

import json

from support.cli import segtui

from segtui.plurals import agreeing, plural


def test_plural_says_one_in_the_singular_and_others_in_the_plural():
    assert [plural(count, "event") for count in (0, 1, 2, 1000)] == ["0 events", "1 event", "2 events", "1,000 events"]
    assert [plural(count, "sandbox", "sandboxes") for count in (1, 3)] == ["1 sandbox", "3 sandboxes"]
    assert [f"{plural(count, 'edit')} {agreeing(count, 'is', 'are')} kept" for count in (0, 1, 2)] == [
        "0 edits are kept", "1 edit is kept", "2 edits are kept"]


def test_onbatch_with_one_result_for_two_events_says_one_result(tmp_path):
    (tmp_path / "handler.js").write_text(
        "async function onBatch(events) { return [{ status: 200 }] }\n", encoding="utf-8")
    (tmp_path / "batch.json").write_text(json.dumps([{"type": "track"}, {"type": "identify"}]), encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "batch.json", "--offline", "--json", cwd=tmp_path)
    assert json.loads(done.stdout)["notes"] == [
        ("onBatch returned 1 result for 2 events: results are read per event only when there is one for each, in order, "
         "so the batch counts as one success")]


def test_one_unset_setting_past_those_named_is_one_more_setting(tmp_path):
    reads = " + ".join(f"String(settings.unset{index})" for index in range(21))
    (tmp_path / "handler.js").write_text(f"async function onTrack(event, settings) {{ return {reads} }}\n", encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", "--offline", "--json", cwd=tmp_path)
    assert json.loads(done.stdout)["notes"][20:] == ["… and 1 more setting read with no value"]


def test_a_replay_of_one_failing_event_says_1_of_1_event(tmp_path):
    (tmp_path / "handler.js").write_text("async function onTrack() { throw new ValidationError('no') }\n", encoding="utf-8")
    (tmp_path / "events.ndjson").write_text('{"type": "track", "event": "A"}\n', encoding="utf-8")
    done = segtui("replay", "handler.js", "events.ndjson", "--offline", cwd=tmp_path)
    assert done.returncode == 1
    assert "Replayed 1 event from events.ndjson through handler.js in " in done.stdout
    assert "(1 sandbox)" not in done.stdout and ", 1 sandbox)" in done.stdout
    assert "1 of 1 event did not succeed, so the exit code is 1" in done.stdout
