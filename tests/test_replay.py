"""`segtui replay`: many events through warm loads, module state kept, concurrency, summaries, bad input."""

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from support.cli import segtui
from support.http_server import Reply

from segtui.commands import replay as replay_command
from segtui.engine.engine import Engine
from segtui.errors import SegtuiInputError
from segtui.protocol import SandboxConfig
from segtui.replay import ReplayEvent, read_replay, replay
from segtui.summaries import ReplaySummary

COUNTER = Path(__file__).resolve().parent / "fixtures" / "suites" / "replay" / "counter.js"


def track(number: int, **extra) -> dict:
    return {"type": "track", "event": "Tick", "messageId": f"m{number}", **extra}


def write_ndjson(path: Path, events: list[dict]) -> Path:
    path.write_text("".join(json.dumps(event) + "\n" for event in events), encoding="utf-8")
    return path


def test_one_warm_load_keeps_module_state_and_cache_across_events(tmp_path):
    events = write_ndjson(tmp_path / "events.ndjson", [track(number) for number in range(50)])
    done = segtui("replay", str(COUNTER), str(events), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [result["return"]["seen"] for result in results] == list(range(1, 51))
    assert [result["return"]["id"] for result in results] == [f"m{number}" for number in range(50)]
    assert {result["return"]["token"] for result in results} == {"token-1"}
    assert set(results[0]) == {"handler", "event_type", "handler_name", "outcome", "return", "error", "logs",
                               "requests", "duration_ms"}
    assert done.stderr.startswith(f"Replayed 50 events from {events} through {COUNTER} in ")
    assert "  success                       50" in done.stderr


def test_concurrent_sandboxes_each_keep_their_own_state_and_results_stay_in_input_order(tmp_path):
    events = [track(number, properties={"delay": 5}) for number in range(40)]
    engines = [Engine(SandboxConfig(timeout_s=2)) for _ in range(3)]
    try:
        for engine in engines:
            engine.start()
            assert engine.load(COUNTER).ok
        replayed = list(replay(engines, read_replay(write_ndjson(tmp_path / "e.ndjson", events)), {}))
    finally:
        for engine in engines:
            engine.close()
    assert [event.where.rsplit(":", 1)[1] for event, _ in replayed] == [str(line) for line in range(1, 41)]
    assert [invocation.return_value["id"] for _, invocation in replayed] == [f"m{number}" for number in range(40)]
    seen = [invocation.return_value["seen"] for _, invocation in replayed]
    assert seen.count(1) == 3 and max(seen) < 40
    assert all(seen.count(value) <= seen.count(value - 1) for value in range(2, max(seen) + 1))


def test_a_json_array_is_replayed_event_by_event_with_concurrency(tmp_path):
    events = tmp_path / "events.json"
    events.write_text(json.dumps([track(number) for number in range(12)]), encoding="utf-8")
    done = segtui("replay", str(COUNTER), str(events), "--concurrency", "2", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    ids = [json.loads(line)["return"]["id"] for line in done.stdout.splitlines()]
    assert ids == [f"m{number}" for number in range(12)]
    assert done.stderr.splitlines()[0].endswith(", 2 sandboxes)")


def test_a_replay_of_a_few_slow_events_reaches_every_sandbox(tmp_path):
    handler = tmp_path / "slow.js"
    handler.write_text("globalThis.sandbox ??= Math.random();"
                       "async function onTrack(event) { await new Promise((done) => setTimeout(done, 200));"
                       " return { id: event.messageId, sandbox }; }", encoding="utf-8")
    events = write_ndjson(tmp_path / "e.ndjson", [track(number) for number in range(6)])
    done = segtui("replay", str(handler), str(events), "--concurrency", "3", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    returned = [json.loads(line)["return"] for line in done.stdout.splitlines()]
    assert [value["id"] for value in returned] == [f"m{number}" for number in range(6)]
    assert len({value["sandbox"] for value in returned}) == 3, "some sandbox ran none of the six events"


def test_the_summary_counts_outcomes_and_lists_failing_events(tmp_path):
    events = [track(0), {"type": "page", "name": "Home"}, track(2, event="Fail"), {"type": "identify", "userId": "u"}]
    write_ndjson(tmp_path / "e.ndjson", events)
    done = segtui("replay", str(COUNTER), "e.ndjson", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Replayed 4 events from e.ndjson through") and lines[0].endswith(", 1 sandbox)")
    assert lines[1:4] == ["  success                        1", "  unsupported_event_type         2",
                          "  retry                          1"]
    assert lines[4:] == ["Failing events (1):", '  e.ndjson:3  track "Fail" messageId=m2  → RetryError: try later',
                         ("3 of 4 events did not succeed (2 of them of a type the handler does not support, not listed), "
                         "so the exit code is 1")]
    write_ndjson(tmp_path / "one.ndjson", [track(0)])
    assert segtui("replay", str(COUNTER), "one.ndjson", cwd=tmp_path).stdout.startswith("Replayed 1 event from one")


def test_unsupported_events_alone_exit_1_and_are_counted_in_the_summary(tmp_path):
    """README's rule for every command: exit 0 only when every event's outcome is success."""
    events = [track(0), {"type": "page", "name": "Home"}, {"type": "identify", "userId": "u"}]
    done = segtui("replay", str(COUNTER), str(write_ndjson(tmp_path / "e.ndjson", events)), "--json", cwd=tmp_path)
    assert done.returncode == 1
    assert [json.loads(line)["outcome"] for line in done.stdout.splitlines()] == [
        "success", "unsupported_event_type", "unsupported_event_type"]
    summary = done.stderr.splitlines()
    assert summary[1:3] == ["  success                        1", "  unsupported_event_type         2"]
    assert "Failing events" not in done.stderr
    assert summary[-1] == ("2 of 3 events did not succeed (2 of them of a type the handler does not support, not listed), "
                           "so the exit code is 1")


def test_the_summary_lists_at_most_twenty_failures(tmp_path):
    events = [track(number, event="Fail") for number in range(25)]
    done = segtui("replay", str(COUNTER), str(write_ndjson(tmp_path / "e.ndjson", events)), cwd=tmp_path)
    assert done.returncode == 1
    assert "Failing events (25):" in done.stdout
    assert "  … and 5 more (use --json for every result)" in done.stdout
    assert "e.ndjson:20 " in done.stdout and "e.ndjson:21 " not in done.stdout


def test_summary_core_counts_each_outcome():
    summary = ReplaySummary()
    engine = Engine(SandboxConfig(timeout_s=2))
    try:
        engine.start()
        assert engine.load(COUNTER).ok
        events = [track(1), track(2, event="Fail"), {"type": "page"}]
        for event, invocation in replay([engine], [ReplayEvent(f"x:{n}", json.dumps(e)) for n, e in enumerate(events)], {}):
            summary.add(event, invocation)
    finally:
        engine.close()
    assert summary.total == 3
    assert dict(summary.outcomes) == {"success": 1, "retry": 1, "unsupported_event_type": 1}
    assert [(failure.where, failure.outcome) for failure in summary.failures] == [("x:1", "retry")]


def test_a_top_level_failure_replays_nothing_and_exits_1(tmp_path):
    handler = tmp_path / "broken.js"
    handler.write_text("throw new TypeError('no config');\nasync function onTrack() {}\n", encoding="utf-8")
    done = segtui("replay", str(handler), str(write_ndjson(tmp_path / "e.ndjson", [track(1)])), cwd=tmp_path)
    assert done.returncode == 1
    assert "the top level of" in done.stderr and "TypeError: no config" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("content, message", [
    ('{"type": "track"}\n{"type": \n', "e.ndjson:2:10: invalid JSON"),
    ('{"type": "track"}\n{"type": "trak"}\n', 'e.ndjson:2: unknown event type "trak" (did you mean "track"?)'),
    ('{"type": "track"}\n[{"type": "track"}]\n', "e.ndjson:2: each NDJSON line must be an event object, got an array"),
    ('{"type": "track"}\nnull\n', "e.ndjson:2: each NDJSON line must be an event object, got null"),
    ('{"type": "track"}\n7\n', "e.ndjson:2: each NDJSON line must be an event object, got a number"),
    ("\n\n", "e.ndjson is empty"),
])
def test_bad_event_files_exit_2_before_any_event_runs(tmp_path, content, message):
    (tmp_path / "e.ndjson").write_text(content, encoding="utf-8")
    done = segtui("replay", str(COUNTER), "e.ndjson", "--json", cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("content, message", [
    ('{\n  "type": "track",\n  "event": "Order Completed"\n}\n',
     ("e.json is one JSON event over several lines; replay takes NDJSON (one event per line) or a JSON array of events: "
      "put it in [ ], or run it alone with `segtui run HANDLER --event e.json`")),
    ('{\n  "type": "track",\n  "event": "Order Completed",\n}\n',
     "e.json:4:1: invalid JSON: Expecting property name enclosed in double quotes (a comma before '}'"),
])
def test_one_event_written_over_several_lines_is_said_as_such(tmp_path, content, message):
    # A new user's trial: replaying a pretty-printed event file said "e.json:1:2: invalid JSON: Expecting property
    # name", pointing at a valid file's first brace (and, with a trailing comma, not at the comma).
    (tmp_path / "e.json").write_text(content, encoding="utf-8")
    done = segtui("replay", str(COUNTER), "e.json", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(f"segtui: error: {message}"), done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("args, message", [
    (["missing.ndjson"], "missing.ndjson: no such file"),
    (["e.json"], "e.json is an empty array"),
    (["e.json", "--concurrency", "0"], "argument --concurrency: must be at least 1 and at most 64, got 0"),
    (["e.json", "--concurrency", "two"], "argument --concurrency: expected a whole number or auto, got 'two'"),
    (["e.json", "--concurrency", "65"], "argument --concurrency: must be at least 1 and at most 64, got 65"),
])
def test_bad_arguments_exit_2(tmp_path, args, message):
    (tmp_path / "e.json").write_text("[]", encoding="utf-8")
    done = segtui("replay", str(COUNTER), *args, cwd=tmp_path)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_concurrency_auto_runs_one_sandbox_per_core_the_process_may_use(tmp_path):
    events = write_ndjson(tmp_path / "e.ndjson", [track(number) for number in range(200)])
    done = segtui("replay", str(COUNTER), str(events), "--concurrency", "auto", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["return"]["id"] for line in done.stdout.splitlines()] == [f"m{n}" for n in range(200)]
    # The affinity, or fewer under a control group's CPU quota (tests/test_cpu_quota.py).
    affinity = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    cores = min(replay_command.usable_cores(), 64)
    assert 1 <= cores <= affinity
    assert done.stderr.splitlines()[0].endswith(f", {cores} sandbox{'es' if cores > 1 else ''})")


def test_read_replay_validates_the_whole_file_then_streams_it(tmp_path):
    path = write_ndjson(tmp_path / "e.ndjson", [track(1), track(2)])
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n")
    replay_input = read_replay(path)
    assert replay_input.count == 2
    assert [event.payload["messageId"] for event in replay_input] == ["m1", "m2"]
    assert [event.where for event in replay_input] == [f"{path}:1", f"{path}:2"]
    single = tmp_path / "one.json"
    single.write_text('[{"type": "group", "groupId": "g"}]', encoding="utf-8")
    assert [event.where for event in read_replay(single)] == [f"{single}[0]"]
    with pytest.raises(SegtuiInputError, match=r"one.json\[0\]: unknown event type"):
        single.write_text('[{"type": "groop"}]', encoding="utf-8")
        read_replay(single)


def test_a_long_replay_shows_a_progress_bar_on_stderr_when_asked(tmp_path):
    events = write_ndjson(tmp_path / "e.ndjson", [track(1, properties={"delay": 600})])
    command = [sys.executable, "-m", "segtui", "replay", str(COUNTER), str(events)]
    shown = subprocess.run([*command, "--progress"], capture_output=True, cwd=tmp_path, timeout=120, check=False)
    assert shown.returncode == 0
    assert f"\r[{'#' * 30}] 1/1 events".encode() in shown.stderr and shown.stderr.endswith(b"\r\x1b[2K")
    assert b"\r" not in subprocess.run(command, capture_output=True, cwd=tmp_path, timeout=120, check=False).stderr


def test_a_reader_that_stops_early_ends_the_replay_quietly(tmp_path):
    events = write_ndjson(tmp_path / "e.ndjson", [track(number) for number in range(3000)])
    process = subprocess.Popen([sys.executable, "-m", "segtui", "replay", str(COUNTER), str(events), "--json"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    assert json.loads(process.stdout.readline())["return"]["seen"] == 1
    process.stdout.close()
    assert process.wait(timeout=120) == 1
    assert b"Traceback" not in process.stderr.read()


def test_replay_answers_requests_from_mock_rules(tmp_path):
    webhook = COUNTER.parent.parent / "webhook"
    events = write_ndjson(tmp_path / "e.ndjson", [track(number) for number in range(5)])
    done = segtui("replay", str(webhook / "handler.js"), str(events), "--mock", str(webhook / "mock.json"),
                  "--setting", "apiKey=sk_1", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [result["return"] for result in results] == [{"status": 202, "body": {"queued": True}}] * 5
    assert all(result["requests"][0]["response"]["status"] == 202 for result in results)


def test_ctrl_c_ends_a_replay_on_several_sandboxes_and_runs_no_event_after_it(loopback, tmp_path):
    """A terminal's Ctrl-C reaches the whole foreground process group, so the sandboxes die of it too: segtui
    ends (130, no traceback) instead of replacing them and running the rest of the events."""
    release = threading.Event()
    arrived = threading.Semaphore(0)

    def hold(_received):
        arrived.release()
        release.wait(120)
        return Reply(body=b"late")

    loopback.routes["/hold"] = hold
    handler = tmp_path / "handler.js"
    handler.write_text("async function onTrack(event, settings) { return (await fetch(settings.base + '/hold')).status; }")
    events = write_ndjson(tmp_path / "e.ndjson", [track(number) for number in range(40)])
    process = subprocess.Popen([sys.executable, "-m", "segtui", "replay", str(handler), str(events), "--concurrency", "2",
                                "--timeout", "100", "--setting", f"base={loopback.base}"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path, start_new_session=True)
    try:
        for _ in range(2):  # each sandbox waits on its first event's request
            assert arrived.acquire(timeout=120)
        os.killpg(process.pid, signal.SIGINT)
        _, stderr = process.communicate(timeout=60)  # a hang guard: without the fix it waits on the held requests
    finally:
        release.set()
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
    assert process.returncode == 130
    assert b"Traceback" not in stderr
    assert len(loopback.take()) == 2  # the two requests in flight at the interrupt, and no other


def test_each_replayed_event_numbers_its_logs_and_requests_from_one_as_a_run_does(loopback, tmp_path):
    """A log's `seq` is its number in its own run (README), whatever ran on the same load before it."""
    handler = tmp_path / "handler.js"
    handler.write_text("async function onTrack(event, settings) {\n  console.log('before', event.messageId);\n"
                       "  await fetch(settings.url);\n  console.log('after');\n}\n", encoding="utf-8")
    events = write_ndjson(tmp_path / "events.ndjson", [track(number) for number in range(4)])
    settings = tmp_path / "settings.json"
    settings.write_text(json.dumps({"url": f"{loopback.base}/json"}), encoding="utf-8")
    done = segtui("replay", str(handler), str(events), "--settings", str(settings), "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [[entry["seq"] for entry in result["logs"]] for result in results] == [[1, 2]] * 4
    assert [[record["seq"] for record in result["requests"]] for result in results] == [[1]] * 4


_NOTED = """
async function onTrack(event) {
  if (event.properties.loud) console.log("x".repeat(5000));
  const res = await fetch("https://api.example.com/t", { method: "POST", body: "{}" });
  return { status: res.status };
}
"""


@pytest.mark.parametrize("concurrency", ["1", "2"])
def test_replay_json_gives_each_event_the_notes_a_run_gives_it(tmp_path, concurrency):
    # Over 4 KB of logs; an event over 32 KB; one whose text is 10 KB but whose JSON is 37 KB once written again
    # (`1e15` is 1000000000000000.0); both at once; none. With one sandbox, most results are masked in it (a fetch
    # waits while they are written); with two, each takes one event at a time and segtui masks them: both add notes.
    handler = tmp_path / "handler.js"
    handler.write_text(_NOTED, encoding="utf-8")
    mock = tmp_path / "mock.json"
    mock.write_text(json.dumps([{"url": "https://api.example.com/t", "status": 200, "json": {}}]), encoding="utf-8")
    grown = '{"type":"track","event":"Grown","properties":{"n":[' + ",".join(["1e15"] * 2000) + "]}}"
    lines = [json.dumps(track(0, properties={"loud": True})), json.dumps(track(1, properties={"blob": "y" * 40_000})),
             grown, json.dumps(track(3, properties={"loud": True, "blob": "z" * 40_000})), json.dumps(track(4, properties={})),
             json.dumps(track(5, properties={"loud": True}))]
    events = tmp_path / "e.ndjson"
    events.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = segtui("replay", str(handler), str(events), "--mock", str(mock), "--json", "--concurrency", concurrency,
                  cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    replayed = [json.loads(line).get("notes") for line in done.stdout.splitlines()]
    expected = []
    for number, line in enumerate(lines):
        (tmp_path / f"event{number}.json").write_text(line, encoding="utf-8")
        run = segtui("run", str(handler), "--event", f"event{number}.json", "--mock", str(mock), "--json", cwd=tmp_path)
        expected.append(json.loads(run.stdout).get("notes"))
    assert replayed == expected
    assert expected[0] == ["the logs are 4.9 KB: Segment's test UI shows only the first 4 KB"]
    assert [len(notes or []) for notes in expected] == [1, 1, 1, 2, 0, 1]


def test_a_failing_event_whose_message_spans_lines_is_listed_on_one_line(tmp_path):
    # A probe: a message holding a line feed (a header value's CRLF, V8's circular-JSON message) broke the list of
    # failing events, one line per event, its later lines looking like lines of their own.
    (tmp_path / "h.js").write_text("async function onTrack(event) { throw new Error('first\\r\\nsecond\\nthird'); }\n")
    write_ndjson(tmp_path / "e.ndjson", [track(0)])
    done = segtui("replay", "h.js", "e.ndjson", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[lines.index("Failing events (1):") + 1] == '  e.ndjson:1  track "Tick" messageId=m0  → Error: first …'
    assert "second" not in done.stdout


@pytest.mark.parametrize("value", ["1_0", "0x2", "\u0662", "nan"])
def test_concurrency_takes_only_plain_whole_numbers(tmp_path, value):
    (tmp_path / "e.json").write_text("[]", encoding="utf-8")
    done = segtui("replay", str(COUNTER), "e.json", "--concurrency", value, cwd=tmp_path)
    assert done.returncode == 2
    assert "argument --concurrency: expected a whole number or auto" in done.stderr and "Traceback" not in done.stderr
