"""`segtui run` of several events (NDJSON, a batch file's) ends with the summary `replay` ends with."""

from __future__ import annotations

import json

from support.cli import segtui

HANDLER = """async function onTrack(event) {
  if (event.event === 'Bad') throw new ValidationError('bad event');
  return { ok: true };
}
"""
EVENTS = [{"type": "track", "event": "A"}, {"type": "track", "event": "Bad"}, {"type": "track", "event": "C"}]


def write(tmp_path, events) -> None:
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "events.ndjson").write_text("".join(json.dumps(event) + "\n" for event in events), encoding="utf-8")


def test_a_run_of_several_events_ends_with_their_counts_and_failures_as_replay_does(tmp_path):
    write(tmp_path, EVENTS)
    done = segtui("run", "handler.js", "--event", "events.ndjson", "--offline", cwd=tmp_path)
    assert done.returncode == 1
    summary = done.stdout.rstrip().splitlines()[-6:]
    assert summary[0].startswith("Ran 3 events from events.ndjson through handler.js in ")
    assert summary[1:] == [
        "  success                        2",
        "  message_rejected               1",
        "Failing events (1):",
        '  events.ndjson:2  track "Bad"  → ValidationError: bad event',
        "1 of 3 events did not succeed, so the exit code is 1"]
    replayed = segtui("replay", "handler.js", "events.ndjson", "--offline", cwd=tmp_path)
    assert replayed.stdout.rstrip().splitlines()[1:] == summary[1:], "the same words as replay's"


def test_with_json_the_summary_goes_to_standard_error_and_standard_output_stays_json(tmp_path):
    write(tmp_path, [EVENTS[0], EVENTS[2]])
    done = segtui("run", "handler.js", "--event", "events.ndjson", "--offline", "--json", cwd=tmp_path)
    assert done.returncode == 0
    assert [json.loads(line)["outcome"] for line in done.stdout.splitlines()] == ["success", "success"]
    assert done.stderr.startswith("Ran 2 events from events.ndjson through handler.js in ")
    assert done.stderr.rstrip().splitlines()[1:] == ["  success                        2"]


def test_one_event_is_its_own_summary(tmp_path):
    write(tmp_path, [EVENTS[1]])
    done = segtui("run", "handler.js", "--event", "events.ndjson", "--offline", cwd=tmp_path)
    assert done.returncode == 1 and "ValidationError: bad event" in done.stdout
    assert "Ran 1" not in done.stdout + done.stderr and "did not succeed" not in done.stdout + done.stderr
