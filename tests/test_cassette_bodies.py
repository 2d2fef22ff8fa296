"""A cassette with several recordings of one method and URL answers each request with a recording of the body it sent:
the first unused, else the last used (a replay of more events than were recorded, a run again in the TUI, a body sent
more often than recorded); only a body never recorded takes another's recording (the first unused, else the last), and
its request says so."""

from __future__ import annotations

import json

from support.cli import segtui
from support.http_server import Reply

HANDLER = """async function onTrack(event, settings) {
  const answers = [];
  for (const body of event.properties.bodies) {
    const response = await fetch(settings.base + '/orders', {method: 'POST', body});
    answers.push(await response.text());
  }
  return answers;
}
"""


def answered(done) -> list[tuple[list[str], list[str | None]]]:
    """Each event's return and its requests' notes, from `run --json`."""
    assert done.returncode == 0, done.stdout + done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    return [(result["return"], [request.get("note") for request in result["requests"]]) for result in results]


def test_recordings_of_one_url_answer_by_body_once_all_are_used_too(tmp_path, loopback):
    loopback.routes["/orders"] = lambda received: Reply(body=b"answer to " + received.body)
    (tmp_path / "handler.js").write_text(HANDLER)
    (tmp_path / "s.json").write_text(json.dumps({"base": loopback.base}))
    events = [{"type": "track", "event": "E", "properties": {"bodies": bodies}} for bodies in (["A", "B"], ["B", "A"])]
    (tmp_path / "events.ndjson").write_text("".join(json.dumps(event) + "\n" for event in events))
    (tmp_path / "twice.ndjson").write_text((tmp_path / "events.ndjson").read_text() * 2)
    common = ("run", "handler.js", "--settings", "s.json", "--json")
    recorded = answered(segtui(*common, "--event", "events.ndjson", "--record", "c.json", cwd=tmp_path))
    assert recorded == [(["answer to A", "answer to B"], [None, None]), (["answer to B", "answer to A"], [None, None])]
    assert len(loopback.take()) == 4
    # Four recordings of POST /orders, two of each body: the second pass has used them all.
    replayed = answered(segtui(*common, "--event", "twice.ndjson", "--replay", "c.json", cwd=tmp_path))
    assert replayed == recorded * 2 and loopback.take() == []
    # A body never recorded takes the recordings in order, and says its body differs.
    (tmp_path / "other.ndjson").write_text(json.dumps({**events[0], "properties": {"bodies": ["C"]}}) + "\n")
    assert answered(segtui(*common, "--event", "other.ndjson", "--replay", "c.json", cwd=tmp_path)) == [
        (["answer to A"], ["replayed a recording of this method and URL whose request body was different"])]


def test_a_body_sent_more_often_than_recorded_keeps_its_answer_while_another_is_unused(tmp_path, loopback):
    loopback.routes["/orders"] = lambda received: Reply(body=b"answer to " + received.body)
    (tmp_path / "handler.js").write_text(HANDLER)
    (tmp_path / "s.json").write_text(json.dumps({"base": loopback.base}))
    common = ("run", "handler.js", "--settings", "s.json", "--json")
    for name, bodies in (("recorded", [["A"], ["B"]]), ("again", [["A", "A", "B"]])):
        events = [{"type": "track", "event": "E", "properties": {"bodies": sent}} for sent in bodies]
        (tmp_path / f"{name}.ndjson").write_text("".join(json.dumps(event) + "\n" for event in events))
    answered(segtui(*common, "--event", "recorded.ndjson", "--record", "c.json", cwd=tmp_path))
    assert len(loopback.take()) == 2
    assert answered(segtui(*common, "--event", "again.ndjson", "--replay", "c.json", cwd=tmp_path)) == [
        (["answer to A", "answer to A", "answer to B"], [None, None, None])]
