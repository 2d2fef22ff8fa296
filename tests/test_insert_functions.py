"""Destination insert functions: the returned event passes on, nothing/null/DropEvent drops it, errors keep meaning."""

import json
import subprocess
import sys

import pytest
from support.cli import segtui

HANDLER = """
async function onTrack(event, settings) {
  if (event.event === 'Drop Me') throw new DropEvent('internal traffic');
  if (event.event === 'Null Me') return null;
  if (event.event === 'Retry Me') throw new RetryError('busy');
  event.properties.tier = 'gold';
  event.properties.key = settings.apiKey;
  delete event.context;
  return event;
}
async function onIdentify(event) { console.log('seen', event.userId) }
async function onPage(event) { return typeof DropEvent }
"""


@pytest.fixture
def handler(tmp_path):
    path = tmp_path / "insert.js"
    path.write_text(HANDLER)
    return path


def run(handler, event, *extra):
    path = handler.parent / "event.json"
    path.write_text(json.dumps(event))
    done = segtui("run", str(handler), "--kind", "insert", "--event", str(path), "--json", "--setting",
                  "apiKey=sekrit-value", *extra)
    return done, json.loads(done.stdout)


def test_the_returned_event_is_the_output_event(handler):
    done, result = run(handler, {"type": "track", "event": "Signed Up", "userId": "u1", "properties": {},
                                 "context": {"ip": "1.2.3.4"}})
    assert done.returncode == 0, done.stderr
    assert result["outcome"] == "success" and result["kind"] == "insert"
    assert result["return"] == {"type": "track", "event": "Signed Up", "userId": "u1",
                                "properties": {"tier": "gold", "key": "••••••"}}


@pytest.mark.parametrize(("name", "error"), [("Drop Me", {"name": "DropEvent", "message": "internal traffic"}),
                                             ("Null Me", None)])
def test_dropevent_or_null_drops_the_event(handler, name, error):
    done, result = run(handler, {"type": "track", "event": name, "userId": "u1"})
    assert done.returncode == 0, done.stderr
    assert (result["outcome"], result["return"]) == ("dropped", None)
    assert ({"name": result["error"]["name"], "message": result["error"]["message"]} if result["error"] else None) == error


def test_returning_nothing_drops_the_event(handler):
    done, result = run(handler, {"type": "identify", "userId": "u1"})
    assert (done.returncode, result["outcome"]) == (0, "dropped")
    assert result["logs"][0]["message"] == "seen u1"


def test_the_other_error_classes_keep_their_meaning(handler):
    done, result = run(handler, {"type": "track", "event": "Retry Me", "userId": "u1"})
    assert (done.returncode, result["outcome"], result["error"]["name"]) == (1, "retry", "RetryError")


def test_dropevent_exists_only_in_insert_functions(handler):
    _, result = run(handler, {"type": "page", "name": "Home", "userId": "u1"})
    assert result["return"] == "function"
    done = segtui("run", str(handler), "--event", "page", "--json")
    assert json.loads(done.stdout)["return"] == "undefined"


def test_text_output_lists_the_changes_to_the_event(handler):
    done = segtui("run", str(handler), "--kind", "insert", "--event", "track", "--color", "never")
    assert done.returncode == 0, done.stderr
    assert "Output event: 1 added, 1 removed" in done.stdout
    assert '+ properties.tier: "gold"' in done.stdout
    assert "- context: {" in done.stdout


def test_dropped_text_output_says_so(handler, tmp_path):
    (tmp_path / "drop.json").write_text(json.dumps({"type": "track", "event": "Drop Me", "userId": "u"}))
    done = segtui("run", str(handler), "--kind", "insert", "--event", str(tmp_path / "drop.json"), "--color", "never")
    assert "✔ Dropped" in done.stdout
    assert "filtered at destination, the event is not passed on" in done.stdout
    assert "DropEvent: internal traffic" in done.stdout


def test_goldens_hold_the_output_event(handler):
    done = segtui("test", str(handler), "--kind", "insert", "track", "--update", "--setting", "apiKey=sekrit-value")
    assert done.returncode == 0, done.stdout + done.stderr
    golden = json.loads((handler.parent / "insert.goldens" / "spec" / "track.golden.json").read_text())
    assert golden["return"]["properties"]["tier"] == "gold"
    assert golden["return"]["properties"]["key"] == "••••••"
    assert "context" not in golden["return"]
    again = segtui("test", str(handler), "--kind", "insert", "track", "--setting", "apiKey=another-value")
    assert again.returncode == 0, again.stdout


def test_replay_writes_the_output_events_as_ndjson(handler, tmp_path):
    events = tmp_path / "events.ndjson"
    lines = [{"type": "track", "event": "A", "userId": "u1", "properties": {}},
             {"type": "track", "event": "Drop Me", "userId": "u2"},
             {"type": "track", "event": "B", "userId": "u3", "properties": {"n": 1}}]
    events.write_text("".join(json.dumps(line) + "\n" for line in lines))
    out = tmp_path / "out.ndjson"
    done = segtui("replay", str(handler), str(events), "--kind", "insert", "--out", str(out),
                  "--setting", "apiKey=sekrit-value")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Wrote 2 events" in done.stdout
    written = [json.loads(line) for line in out.read_text().splitlines()]
    assert [event["event"] for event in written] == ["A", "B"]
    assert written[1]["properties"] == {"n": 1, "tier": "gold", "key": "••••••"}
    assert "sekrit-value" not in out.read_text()


def test_replay_out_to_standard_output_streams_the_events_and_moves_the_summary(handler, tmp_path):
    # `--out -` (or /dev/stdout) wrote a file named `-`, or renamed a new file over the one the shell redirected
    # segtui's output to, losing what segtui had printed there.
    events = tmp_path / "events.ndjson"
    events.write_text("".join(json.dumps({"type": "track", "event": name, "userId": "u", "properties": {}}) + "\n"
                              for name in ("A", "Drop Me", "B")))
    done = segtui("replay", str(handler), str(events), "--kind", "insert", "--out", "-",
                  "--setting", "apiKey=sekrit-value", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert [json.loads(line)["event"] for line in done.stdout.splitlines()] == ["A", "B"]
    assert "sekrit-value" not in done.stdout
    assert "Wrote 2 events to standard output" in done.stderr
    assert not (tmp_path / "-").exists()
    redirected = tmp_path / "redirected.ndjson"
    with redirected.open("w") as stdout:
        piped = subprocess.run([sys.executable, "-m", "segtui", "replay", str(handler), str(events), "--kind", "insert",
                                "--out", "/dev/stdout"], stdout=stdout, stderr=subprocess.PIPE, text=True, check=False)
    assert piped.returncode == 0, piped.stderr
    assert [json.loads(line)["event"] for line in redirected.read_text().splitlines()] == ["A", "B"]
    assert "Replayed 3 events" in piped.stderr


def test_replay_out_to_standard_output_with_json_and_other_outputs_there_are_refused(handler, tmp_path):
    events = tmp_path / "events.ndjson"
    events.write_text(json.dumps({"type": "track", "event": "A", "userId": "u1"}) + "\n")
    both = segtui("replay", str(handler), str(events), "--kind", "insert", "--out", "-", "--json")
    assert both.returncode == 2 and "would both write to standard output" in both.stderr
    shown = tmp_path / "shown.txt"
    shown.write_text("kept\n")
    for option in ("--har", "--record"):
        with shown.open("a") as stdout:
            done = subprocess.run([sys.executable, "-m", "segtui", "run", str(handler), "--kind", "insert", "--event",
                                   "track", option, "/dev/stdout"], stdout=stdout, stderr=subprocess.PIPE, text=True,
                                  check=False)
        assert done.returncode == 2 and "is segtui's standard output" in done.stderr, done.stderr
    assert shown.read_text() == "kept\n"


def test_replay_out_keeps_a_lone_surrogate_as_a_json_escape(tmp_path):
    handler = tmp_path / "insert.js"
    handler.write_text('async function onTrack(event) { return {...event, "\\ud800": 1, s: "ok \\udfff"}; }\n')
    events = tmp_path / "events.ndjson"
    events.write_text(json.dumps({"type": "track", "event": "A", "userId": "u1"}) + "\n")
    out = tmp_path / "out.ndjson"
    done = segtui("replay", str(handler), str(events), "--kind", "insert", "--out", str(out), "--concurrency", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    written = json.loads(out.read_bytes().decode("ascii"))
    assert written["\ud800"] == 1 and written["s"] == "ok \udfff" and written["event"] == "A"


def test_replay_out_is_refused_for_a_destination_function(handler, tmp_path):
    events = tmp_path / "events.ndjson"
    events.write_text(json.dumps({"type": "track", "event": "A", "userId": "u1"}) + "\n")
    done = segtui("replay", str(handler), str(events), "--out", str(tmp_path / "out.ndjson"))
    assert done.returncode == 2
    assert "a destination function sends nothing on" in done.stderr


@pytest.mark.parametrize(("returned", "what"), [
    ("5", "a number"), ("'passed'", "a string"), ("[event]", "an array"), ("true", "a boolean"),
    ("Object.assign(event, {self: event})", "an object JSON cannot write as one"),
    ("({toJSON: () => 'text'})", "an object JSON cannot write as one"),
])
def test_an_insert_function_that_returns_no_event_fails_and_passes_nothing_on(tmp_path, returned, what):
    # A probe found `return 5` a success whose `--out` line was `5`, which no destination (nor segtui) takes.
    (tmp_path / "insert.js").write_text(f"async function onTrack(event) {{ return {returned}; }}")
    (tmp_path / "events.ndjson").write_text('{"type": "track", "event": "A"}\n')
    done = segtui("replay", "insert.js", "events.ndjson", "--kind", "insert", "--out", "out.ndjson", "--json",
                  cwd=tmp_path)
    result = json.loads(done.stdout.splitlines()[0])
    assert (done.returncode, result["outcome"], result["error"]["name"]) == (1, "bad_request", "TypeError")
    assert result["error"]["message"] == (f"the insert function returned {what}, not an event: it returns the event to "
                                          "pass on (an object), or nothing or null to drop it")
    assert (tmp_path / "out.ndjson").read_text() == ""


BATCH_HANDLER = """
async function onTrack(event) { return event }
async function onBatch(events, settings) {
  if (events[0].event === 'None') return [];
  return events.filter(e => e.type === 'track').map(e => ({ ...e, properties: { ...e.properties, batched: true } }));
}
"""


def test_an_insert_functions_onbatch_passes_on_the_events_it_returns(tmp_path):
    # A probe found Segment's documented insert onBatch (`return events`) refused as "an array, not an event".
    (tmp_path / "insert.js").write_text(BATCH_HANDLER)
    (tmp_path / "batch.json").write_text(json.dumps([{"type": "track", "event": "A", "userId": "u1", "properties": {}},
                                                    {"type": "identify", "userId": "u2", "traits": {}}]))
    done = segtui("run", "insert.js", "--kind", "insert", "--event", "batch.json", "--json", cwd=tmp_path)
    result = json.loads(done.stdout)
    assert (done.returncode, result["outcome"], result["error"]) == (0, "success", None)
    assert result["return"] == [{"type": "track", "event": "A", "userId": "u1", "properties": {"batched": True}}]
    text = segtui("run", "insert.js", "--kind", "insert", "--event", "batch.json", "--color", "never", cwd=tmp_path)
    assert "Output events: 1 added, 1 removed" in text.stdout
    (tmp_path / "none.json").write_text(json.dumps([{"type": "track", "event": "None", "userId": "u1"}]))
    dropped = segtui("run", "insert.js", "--kind", "insert", "--event", "none.json", "--color", "never", cwd=tmp_path)
    assert dropped.returncode == 0 and "✔ Dropped" in dropped.stdout
    assert "filtered at destination, no event is passed on" in dropped.stdout


@pytest.mark.parametrize("event, said", [
    ("null.json", "onTrack returned null"),
    ("identify", "onIdentify returned nothing (undefined): return the event to pass it on"),
    ("batch", "onBatch returned an empty array"),
])
def test_a_drop_by_what_the_handler_returned_says_what_it_returned(handler, tmp_path, event, said):
    # A user's day: an event dropped by a return (a forgotten `return event` above all) said only "Dropped: filtered at
    # destination", nothing of why, where a DropEvent's drop names the DropEvent.
    (tmp_path / "null.json").write_text(json.dumps({"type": "track", "event": "Null Me", "properties": {}}))
    handler.write_text(HANDLER + "async function onBatch(events) { return []; }\n")
    done = segtui("run", str(handler), "--kind", "insert", "--event", event, cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert f"passed on\n{said}\n" in done.stdout
