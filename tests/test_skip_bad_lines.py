"""`segtui replay --skip-bad-lines`: an NDJSON file with a bad line replays its other lines, saying each one skipped."""

from __future__ import annotations

import json

import pytest
from support.cli import segtui, write_function

HANDLER = "async function onTrack(event) { return event.event }\n"
TOKEN = "tok-5f4e3d2c1b0a"
"""A sensitive setting's value, which a skipped line's reason quotes: said masked."""
SCHEMA = {"settings": [{"label": "Token", "name": "token", "type": "string", "sensitive": True}]}
LINES = ['{"type": "track", "event": "A"}', '{"type": "track", event: "Bad"}', '{"type": 7}', "", "[1, 2]",
         '{"type": "track", "event": "C"}', '{"event": "no type"}']
VALID = "valid types: identify, track, page, screen, group, alias, delete"
SKIPPED = ["events.ndjson:2: column 19: invalid JSON: Expecting property name enclosed in double quotes",
           f'events.ndjson:3: "type" must be a string, got a number; {VALID}',
           "events.ndjson:5: each NDJSON line must be an event object, got an array",
           f'events.ndjson:7: the event has no "type"; {VALID}']


def write(tmp_path, lines) -> None:
    write_function(tmp_path, HANDLER, SCHEMA, {"token": TOKEN})
    (tmp_path / "events.ndjson").write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_by_default_a_bad_line_refuses_the_file_naming_it(tmp_path):
    write(tmp_path, LINES)
    done = segtui("replay", "handler.js", "events.ndjson", "--offline", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("segtui: error: events.ndjson:2:19: invalid JSON") and "Traceback" not in done.stderr


def test_skip_bad_lines_replays_the_others_and_says_and_counts_each_skipped(tmp_path):
    write(tmp_path, LINES)
    done = segtui("replay", "handler.js", "events.ndjson", "--offline", "--skip-bad-lines", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["return"] for line in done.stdout.splitlines()] == ["A", "C"]
    said = done.stderr.splitlines()
    assert said[:4] == [*(f"segtui: skipped {line}" for line in SKIPPED[:3]),
                        "segtui: … and 1 more bad line skipped (--skip-bad-lines)"]
    assert said[4].startswith("Replayed 2 events from events.ndjson through handler.js in ")
    assert said[5:] == ["  success                        2", "Lines skipped as not events, not run (--skip-bad-lines) (4):",
                        *(f"  {line.replace(': ', '  → ', 1)}" for line in SKIPPED)]
    assert "Traceback" not in done.stderr and TOKEN not in done.stderr


@pytest.mark.parametrize(("command", "verb"), [(("replay", "handler.js", "events.ndjson"), "replay"),
                                             (("test", "handler.js", "events.ndjson"), "run"),
                                             (("run", "handler.js", "--event", "events.ndjson"), "run")])
def test_a_file_of_bad_lines_only_is_refused_saying_why(tmp_path, command, verb):
    # A new user's trial: `segtui test h.js all-bad.ndjson --skip-bad-lines` said only "no events found in
    # all-bad.ndjson", and `segtui run` had no --skip-bad-lines.
    write(tmp_path, ["nope", "[]"])
    done = segtui(*command, "--offline", "--skip-bad-lines", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-3:] == [(f"segtui: error: events.ndjson: no line is an event to {verb} (--skip-bad-"
                                              "lines skipped 2 lines); the first: events.ndjson:1: column 1: invalid "
                                              "JSON: Expecting value"), "    nope", "    ^"]  # as without the option


def test_run_skips_bad_lines_only_when_asked_saying_counting_and_listing_each(tmp_path):
    write(tmp_path, ['{"type": "track", "event": "A"}', '{"type": "track", event: "Bad"}', "[1, 2]",
                     '{"type": "track", "event": "C"}'])
    refused = segtui("run", "handler.js", "--event", "events.ndjson", "--offline", cwd=tmp_path)
    assert refused.returncode == 2 and refused.stderr.startswith("segtui: error: events.ndjson:2:19: invalid JSON")
    done = segtui("run", "handler.js", "--event", "events.ndjson", "--offline", "--skip-bad-lines", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["return"] for line in done.stdout.splitlines()] == ["A", "C"]
    said = done.stderr.splitlines()
    skipped = [SKIPPED[0], "events.ndjson:3: each NDJSON line must be an event object, got an array"]
    assert said[:2] == [f"segtui: skipped {line}" for line in skipped]
    assert said[2].startswith("Ran 2 events from events.ndjson through handler.js in ")
    assert said[3:] == ["  success                        2", "Lines skipped as not events, not run (--skip-bad-lines) (2):",
                        *(f"  {line.replace(': ', '  → ', 1)}" for line in skipped)]


def test_a_skipped_lines_reason_quoting_a_megabyte_is_cut(tmp_path):
    # A new user's trial: a line whose "url" held a megabyte printed all of it, twice, as why it was skipped.
    (tmp_path / "handler.js").write_text("async function onRequest(request) { return 1 }\n", encoding="utf-8")
    lines = [{"url": "https://example.com/a"}, {"url": "x" * 1_000_000}]
    (tmp_path / "requests.ndjson").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    reason = 'requests.ndjson:2: "url" must be an absolute http(s) URL such as "https://example.com/hook?a=1", got \''
    for command in (("replay", "handler.js", "requests.ndjson"), ("test", "handler.js", "requests.ndjson"),
                    ("run", "handler.js", "--request", "requests.ndjson")):
        done = segtui(*command, "--offline", "--skip-bad-lines", cwd=tmp_path)
        assert done.returncode == 0, (command, done.stderr[:500])
        assert len(done.stdout) + len(done.stderr) < 4000, command
        first = done.stderr.splitlines()[0]
        assert first.startswith(f"segtui: skipped {reason}x") and first.endswith("x…"), command
        assert len(first) == len("segtui: skipped requests.ndjson:2: ") + 300, command


def test_the_test_command_skips_bad_lines_only_when_asked_saying_and_counting_each(tmp_path):
    write(tmp_path, LINES)
    refused = segtui("test", "handler.js", "events.ndjson", "--offline", cwd=tmp_path)
    assert refused.returncode == 2 and refused.stderr.startswith("segtui: error: events.ndjson:2:19: invalid JSON")
    done = segtui("test", "handler.js", "events.ndjson", "--offline", "--skip-bad-lines", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr.splitlines() == [f"segtui: skipped {line}" for line in SKIPPED[:2]] + [
        "segtui: skipped events.ndjson:5: each NDJSON line must be an event object, got an array",
        "segtui: … and 1 more bad line skipped (--skip-bad-lines)"]
    assert [line.split()[1] for line in done.stdout.splitlines() if line.startswith("PASS")] == ["events/1", "events/6"]
    assert "\n2 events: 2 passed, 4 bad lines skipped (--skip-bad-lines) in " in done.stdout
    assert TOKEN not in done.stdout + done.stderr


def test_a_valid_event_too_big_is_refused_as_before_not_skipped(tmp_path):
    big = json.dumps({"type": "track", "event": "Big", "properties": {"blob": "x" * (5 * 1024 * 1024)}})
    write(tmp_path, ['{"type": "track", "event": "A"}', big, "nope"])
    for command in ("replay", "test"):
        done = segtui(command, "handler.js", "events.ndjson", "--offline", "--memory", "16", "--skip-bad-lines", cwd=tmp_path)
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        assert done.stderr.startswith("segtui: error: The event at events.ndjson:2 is 5.0 MB of JSON; "), command
        assert "--memory 21 or more" in done.stderr and "skipped" not in done.stderr, command


def test_a_file_read_twice_has_its_bad_lines_said_and_counted_once(tmp_path):
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "x.ndjson").write_text('{"type": "track", "event": "A"}\nnope\n', encoding="utf-8")
    for args in (["--events", "events"], ["events", "events/x.ndjson"]):
        done = segtui("test", "handler.js", *args, "--offline", "--skip-bad-lines", cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        assert [line for line in done.stderr.splitlines() if "x.ndjson" in line] == [
            "segtui: skipped events/x.ndjson:2: column 1: invalid JSON: Expecting value"], args
        assert " passed, 1 bad line skipped (--skip-bad-lines) in " in done.stdout, args


def test_a_file_beside_the_handler_named_without_its_suffix_says_and_counts_its_bad_lines(tmp_path):
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "beside.ndjson").write_text('{"type": "track", "event": "A"}\nnope\n', encoding="utf-8")
    done = segtui("test", "handler.js", "beside", "--offline", "--skip-bad-lines", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stderr.splitlines() == ["segtui: skipped beside.ndjson:2: column 1: invalid JSON: Expecting value"]
    assert "\n1 event: 1 passed, 1 bad line skipped (--skip-bad-lines) in " in done.stdout


def test_many_bad_lines_are_said_three_then_counted_and_test_json_counts_them(tmp_path):
    write(tmp_path, ['{"type": "track", "event": "A"}', *(["nope"] * 30)])
    replayed = segtui("replay", "handler.js", "events.ndjson", "--offline", "--skip-bad-lines", cwd=tmp_path)
    assert replayed.returncode == 0, replayed.stderr
    said = [f"segtui: skipped events.ndjson:{number}: column 1: invalid JSON: Expecting value" for number in (2, 3, 4)]
    assert replayed.stderr.splitlines() == [*said, "segtui: … and 27 more bad lines skipped (--skip-bad-lines)"]
    listed = replayed.stdout.splitlines()
    assert listed[2] == "Lines skipped as not events, not run (--skip-bad-lines) (30):"
    assert listed[3:23] == [f"  events.ndjson:{number}  → column 1: invalid JSON: Expecting value" for number in range(2, 22)]
    assert listed[23:] == ["  … and 10 more"]  # --json lists results, not skipped lines
    tested = segtui("test", "handler.js", "events.ndjson", "--offline", "--skip-bad-lines", "--json", cwd=tmp_path)
    assert tested.returncode == 0, tested.stderr
    assert tested.stderr.splitlines() == [*said, "segtui: … and 27 more bad lines skipped (--skip-bad-lines)"]
    assert json.loads(tested.stdout)["summary"]["skipped_lines"] == 30


def test_a_reason_that_names_the_file_not_the_line_is_said_without_naming_it_again(tmp_path):
    write(tmp_path, ['{"type": "track", "event": "A"}', '{"type": "track", "x": NaN}'])
    for command in ("replay", "test"):
        done = segtui(command, "handler.js", "events.ndjson", "--offline", "--skip-bad-lines", cwd=tmp_path)
        assert done.returncode == 0, done.stdout + done.stderr
        assert done.stderr.splitlines() == ["segtui: skipped events.ndjson:2: invalid JSON: NaN is not a JSON value"]


def test_a_secret_spanning_lines_of_an_unknown_type_is_masked_whole_before_its_text_is_split(tmp_path):
    # A PEM-style secret holds a newline: masked line by line, the first line's "Zq" was left plain.
    secret = "Zq\nsecretpart-AAAABBBBCCCC-9f8e7d"
    write_function(tmp_path, HANDLER, SCHEMA, {"token": secret})
    lines = [{"type": "track", "event": "A"}, {"type": f"x{secret}"}]
    (tmp_path / "events.ndjson").write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    note = '"x••••••" is no Spec type: Segment calls no handler for it and answers EventNotSupported'
    listed = f"  events.ndjson:2  x••••••  → {note}"
    for command in (("replay", "handler.js", "events.ndjson"), ("run", "handler.js", "--event", "events.ndjson"),
                    ("test", "handler.js", "events.ndjson")):
        done = segtui(*command, "--offline", "--skip-bad-lines", cwd=tmp_path)
        assert done.returncode == (0 if command[0] == "test" else 1), done.stdout + done.stderr
        assert "Zq" not in done.stdout + done.stderr and "secretpart" not in done.stdout + done.stderr, command
        shown = done.stdout.splitlines()
        if command[0] == "test":
            assert f"Note (events/2): {note}" in shown
        else:
            assert listed in shown, command
        if command[0] == "run":
            assert "EventNotSupported: x•••••• not supported" in shown and f"Note: {note}" in shown


def test_a_line_of_no_spec_type_is_run_as_segment_would_not_skipped(tmp_path):
    # A new user's trial: `--skip-bad-lines` skipped a line of type "trak" as a bad line, though it is an event, which
    # Segment answers with EventNotSupported (no handler runs): it is run, and said so.
    write(tmp_path, ['{"type": "track", "event": "A"}', '{"type": "trak", "event": "B"}', f'{{"type": "{TOKEN}"}}'])
    refused = segtui("replay", "handler.js", "events.ndjson", "--offline", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.startswith('segtui: error: events.ndjson:2: unknown event type "trak" (did you mean "track"?)')
    note = '"trak" is no Spec type (did you mean "track"?): Segment calls no handler for it and answers EventNotSupported'
    replayed = segtui("replay", "handler.js", "events.ndjson", "--offline", "--skip-bad-lines", cwd=tmp_path)
    assert replayed.returncode == 1 and replayed.stderr == ""  # unsupported_event_type fails a replay, as ever
    assert replayed.stdout.splitlines()[1:] == [
        "  success                        1", "  unsupported_event_type         2",
        "Events of no Spec type, answered as Segment would: no handler, Unsupported Event Type (2):",
        f"  events.ndjson:2  trak  → {note}",
        "  events.ndjson:3  ••••••  → \"••••••\" is no Spec type: Segment calls no handler for it and answers EventNotSupported",
        "2 of 3 events did not succeed, so the exit code is 1"]
    ran = segtui("run", "handler.js", "--event", "events.ndjson", "--offline", "--skip-bad-lines", "--json", cwd=tmp_path)
    second = json.loads(ran.stdout.splitlines()[1])
    assert ran.returncode == 1 and TOKEN not in ran.stdout + ran.stderr
    assert (second["event_type"], second["handler_name"], second["outcome"], second["error"]["message"], second["notes"]) == (
        "trak", None, "unsupported_event_type", "trak not supported", [note])
    text = segtui("run", "handler.js", "--event", "events.ndjson", "--offline", "--skip-bad-lines", cwd=tmp_path)
    assert "✖ Unsupported Event Type  events.ndjson:2 → no handler  " in text.stdout
    tested = segtui("test", "handler.js", "events.ndjson", "--offline", "--skip-bad-lines", cwd=tmp_path)
    assert tested.returncode == 0 and tested.stderr == ""
    assert f"Note (events/2): {note}" in tested.stdout and "\n3 events: 3 passed in " in tested.stdout


@pytest.mark.parametrize("size", [100_000, 1_000_000])
def test_an_unknown_type_of_a_megabyte_is_quoted_cut(tmp_path, size):
    write(tmp_path, [json.dumps({"type": "q" * size}), '{"type": "track", "event": "A"}'])
    done = segtui("run", "handler.js", "--event", "events.ndjson", "--offline", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith(f'segtui: error: events.ndjson:1: unknown event type "{"q" * 59}…"; valid types: ')
    assert len(done.stderr) < 1000
    # Run as Segment would under --skip-bad-lines, its type is said cut in text (replay's summary, run's result and
    # summary); --json keeps the type, and Segment's message, whole: they are the event's data.
    cut = "q" * 59 + "…"
    for command in (("replay", "handler.js", "events.ndjson"), ("run", "handler.js", "--event", "events.ndjson")):
        done = segtui(*command, "--offline", "--skip-bad-lines", cwd=tmp_path)
        assert done.returncode == 1 and done.stderr == "", (command, done.stderr[:500])
        assert len(done.stdout) < 3000, command
        assert f"  events.ndjson:1  {cut}  → \"{cut}\" is no Spec type" in done.stdout, command
        if command[0] == "run":
            assert f"\nEventNotSupported: {cut} not supported\n" in done.stdout
        as_json = segtui(*command, "--offline", "--skip-bad-lines", "--json", cwd=tmp_path)
        assert as_json.returncode == 1 and len(as_json.stderr) < 3000, command
        assert f"  events.ndjson:1  {cut}  → " in as_json.stderr, command
        first = json.loads(as_json.stdout.splitlines()[0])
        assert first["event_type"] == "q" * size and first["error"]["message"].startswith("q" * min(size, 999_000)), command


def test_a_line_typed_batch_or_request_is_of_no_spec_type_though_segtui_names_its_own_runs_so(tmp_path):
    # An event object typed "batch" is no batch (a batch is an array), and one typed "request" no source function's
    # request: judged by the result's type, they went unnoted and were counted as of a type the handler does not take.
    handler = "async function onTrack(event) { return 1 }\nasync function onBatch(events) { return [] }\n"
    write_function(tmp_path, handler, SCHEMA, {"token": TOKEN})
    (tmp_path / "events.ndjson").write_text('{"type": "batch"}\n{"type": "request"}\n{"type": "track"}\n', encoding="utf-8")
    note = '"{}" is no Spec type: Segment calls no handler for it and answers EventNotSupported'
    replayed = segtui("replay", "handler.js", "events.ndjson", "--offline", "--skip-bad-lines", cwd=tmp_path)
    assert replayed.returncode == 1, replayed.stderr
    assert replayed.stdout.splitlines()[3:] == [
        "Events of no Spec type, answered as Segment would: no handler, Unsupported Event Type (2):",
        f"  events.ndjson:1  batch  → {note.format('batch')}", f"  events.ndjson:2  request  → {note.format('request')}",
        "2 of 3 events did not succeed, so the exit code is 1"]
    ran = segtui("run", "handler.js", "--event", "events.ndjson", "--offline", "--skip-bad-lines", cwd=tmp_path)
    assert "✖ Unsupported Event Type  events.ndjson:1 → no handler  " in ran.stdout
    assert f"Note: {note.format('request')}" in ran.stdout.splitlines()
    tested = segtui("test", "handler.js", "events.ndjson", "--offline", "--skip-bad-lines", cwd=tmp_path)
    assert f"Note (events/1): {note.format('batch')}" in tested.stdout.splitlines()


def test_the_commands_agree_on_an_event_of_no_spec_type_in_a_one_event_file_and_in_the_handler_column(tmp_path):
    # replay ran a one-line .json file of type "trak" under --skip-bad-lines while run and test refused it; test's
    # handler column said "-" where run's says "no handler".
    write_function(tmp_path, HANDLER, SCHEMA, {"token": TOKEN})
    (tmp_path / "one.json").write_text('{"type": "trak"}\n', encoding="utf-8")
    for command in (("replay", "handler.js", "one.json"), ("run", "handler.js", "--event", "one.json"),
                    ("test", "handler.js", "one.json")):
        done = segtui(*command, "--offline", "--skip-bad-lines", cwd=tmp_path)
        assert done.returncode == (0 if command[0] == "test" else 1), (command, done.stderr)
        assert '"trak" is no Spec type (did you mean "track"?)' in done.stdout, command
        if command[0] == "run":
            assert "✖ Unsupported Event Type  one.json → no handler  " in done.stdout
        if command[0] == "test":
            assert [line.split("  ")[:3] for line in done.stdout.splitlines() if line.startswith("PASS")] == [
                ["PASS", "one", "no handler"]]


def test_a_failing_events_megabyte_name_and_message_id_are_cut_in_replays_summary(tmp_path):
    # A read-through: the summary's list of failed events quoted each one's name and messageId whole, one line each, so
    # a megabyte event name (the user's data, as valid as any) flooded the terminal.
    write_function(tmp_path, 'async function onTrack(event) { throw new Error("no") }\n', SCHEMA, {"token": TOKEN})
    big = "n" * 1_000_000
    (tmp_path / "events.ndjson").write_text(json.dumps({"type": "track", "event": big, "messageId": "m" * 500_000}) + "\n",
                                            encoding="utf-8")
    done = segtui("replay", "handler.js", "events.ndjson", "--offline", cwd=tmp_path)
    assert done.returncode == 1, done.stderr[:500]
    assert len(done.stdout) + len(done.stderr) < 5000
    assert f'  events.ndjson:1  track "{"n" * 119}…" messageId={"m" * 119}…' in done.stdout


def test_a_failing_events_megabyte_error_is_cut_in_replays_summary(tmp_path):
    # A read-through: the summary quoted each failed event's error whole, so a megabyte message flooded the terminal.
    write_function(tmp_path, "async function onTrack() { throw new Error('y'.repeat(1e6)) }\n", SCHEMA, {"token": TOKEN})
    (tmp_path / "events.ndjson").write_text(json.dumps({"type": "track", "event": "E"}) + "\n", encoding="utf-8")
    done = segtui("replay", "handler.js", "events.ndjson", "--offline", cwd=tmp_path)
    assert done.returncode == 1 and len(done.stdout) + len(done.stderr) < 5000, done.stderr[:500]
    assert f'  events.ndjson:1  track "E"  → Error: {"y" * 992}…\n' in done.stdout


def test_a_failing_events_long_first_line_of_several_is_marked_cut_once_in_replays_summary(tmp_path):
    write_function(tmp_path, "async function onTrack() { throw new Error('y'.repeat(5000) + '\\nmore') }\n", SCHEMA,
                   {"token": TOKEN})
    (tmp_path / "events.ndjson").write_text(json.dumps({"type": "track", "event": "E"}) + "\n", encoding="utf-8")
    done = segtui("replay", "handler.js", "events.ndjson", "--offline", cwd=tmp_path)
    assert done.returncode == 1 and f'  events.ndjson:1  track "E"  → Error: {"y" * 992}…\n' in done.stdout, done.stdout
