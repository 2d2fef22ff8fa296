"""`segtui run` on handlers and files as users give them: syntax errors, secrets, cassettes and goldens, missing
handlers, request files, the files it writes and its exit codes."""

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta

import pytest
from support.cli import segtui

NO_PAYLOAD = ("a request written as Segment's webhook examples write one, {\"payload\": {\"headers\": {…}, \"body\": {…}}}, "
              'needs its "payload" to be an object holding "headers" or "body", got ')
NO_URL = 'the request has no "url"; a source function\'s request is a JSON object such as {"method": "POST", "url": "https://…"'


def test_syntax_error_shows_the_offending_line_with_a_caret(tmp_path):
    path = tmp_path / "syntax.js"
    path.write_text("async function onTrack() {\n  return (1 +;\n}\n")
    done = segtui("run", str(path), "--event", "track")
    assert done.stderr.splitlines()[1:] == ["      return (1 +;", "                 ^"]


def test_a_syntax_error_in_a_minified_handler_quotes_only_the_part_of_its_line_around_the_column(tmp_path):
    # A probe's 20 MB one-line file with a syntax error wrote its line, and a caret line as long, to stderr: 40 MB.
    path = tmp_path / "bundle.js"
    path.write_text("var a=1;" * 50_000 + "async function onTrack(){ return 1 +; }" + "var b=2;" * 50_000)
    done = segtui("run", str(path), "--event", "track")
    assert done.returncode == 2 and len(done.stderr) < 500, len(done.stderr)
    headline, quoted, caret = done.stderr.splitlines()
    assert headline.endswith("bundle.js:1:400037: SyntaxError: Unexpected token ';'")
    assert quoted.startswith("    …var a=1;") and quoted.endswith("var b=2;var b…") and "return 1 +;" in quoted
    assert quoted[caret.index("^")] == ";"


def test_throw_at_top_level_is_a_bad_request(tmp_path):
    path = tmp_path / "top.js"
    path.write_text("var a = 1;\nnotDefined();\n")
    done = segtui("run", str(path), "--event", "track", "--json")
    assert done.returncode == 1
    result = json.loads(done.stdout)
    assert result["outcome"] == "bad_request"
    assert result["error"]["message"] == "notDefined is not defined"
    assert (result["error"]["line"], result["error"]["column"]) == (2, 1)


def test_lone_surrogates_in_logs_and_returns_are_printed_escaped(tmp_path):
    path = tmp_path / "surrogate.js"
    path.write_text('async function onTrack() { console.log("bad \\ud800 log"); return "\\udfff" }')
    for extra in ([], ["--json"]):
        done = segtui("run", str(path), "--event", "track", *extra)
        assert done.returncode == 0, done.stderr
        assert "bad \\ud800 log" in done.stdout
        assert "Traceback" not in done.stderr


def test_a_numeric_secret_is_masked_in_strings_and_the_json_stays_valid(tmp_path):
    path = tmp_path / "h.js"
    path.write_text("async function onTrack(e, s) { console.log('examples use', s.apiKey); return {status: 200, key: s.apiKey} }")
    done = segtui("run", str(path), "--event", "track", "--setting", "apiKey=200", "--json")
    result = json.loads(done.stdout)
    assert result["return"] == {"status": 200, "key": "••••••"}
    assert result["logs"][0]["message"] == "examples use ••••••"


def test_a_short_secret_is_masked_only_as_a_whole_word(tmp_path):
    path = tmp_path / "h.js"
    path.write_text("async function onTrack(e, s) { return 'examples key=' + s.apiKey }")
    done = segtui("run", str(path), "--event", "track", "--setting", "apiKey=x", "--json")
    assert json.loads(done.stdout)["return"] == "examples key=••••••"


def test_reveal_secrets_shows_them(tmp_path):
    path = tmp_path / "h.js"
    path.write_text("async function onTrack(e, s) { return s.apiKey }")
    done = segtui("run", str(path), "--event", "track", "--setting", "apiKey=k-123456", "--json", "--reveal-secrets")
    assert json.loads(done.stdout)["return"] == "k-123456"


def test_a_cassette_is_masked_even_with_reveal_secrets(tmp_path, loopback):
    path = tmp_path / "h.js"
    path.write_text("async function onTrack(e, s) { const r = await fetch(s.base + '/t?key=' + s.apiKey,"
                    " {method: 'POST', headers: {'X-Custom': s.apiKey}, body: s.apiKey}); return s.apiKey }")
    done = segtui("run", str(path), "--event", "track", "--record", str(tmp_path / "c.json"), "--reveal-secrets",
                  "--setting", "apiKey=sk_live_abc123", "--setting", f"base={loopback.base}", "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["return"] == "sk_live_abc123", "the output shows it, as asked"
    cassette = (tmp_path / "c.json").read_text()
    assert "sk_live_abc123" not in cassette and "••••••" in cassette


def test_goldens_are_masked_even_with_reveal_secrets(tmp_path):
    path = tmp_path / "h.js"
    path.write_text("async function onTrack(e, s) { return {auth: 'Bearer ' + s.apiKey} }")
    done = segtui("test", str(path), "track", "--update", "--reveal-secrets", "--setting", "apiKey=sk_live_abc")
    assert done.returncode == 0, done.stderr
    golden = (tmp_path / "h.goldens" / "spec" / "track.golden.json").read_text()
    assert "sk_live_abc" not in golden and "Bearer ••••••" in golden


def test_log_times_are_shown_in_the_users_zone_as_the_tui_shows_them(tmp_path):
    # The sandbox runs in UTC, Segment's zone; the line's time is the user's clock. India is 5:30 ahead of UTC all year.
    handler = tmp_path / "handler.js"
    handler.write_text("async function onTrack() { console.log(new Date().toISOString()) }")
    done = segtui("run", str(handler), "--event", "track", "--color", "never", env={"TZ": "Asia/Kolkata"})
    assert done.returncode == 0, done.stderr
    line = next(line for line in done.stdout.splitlines() if " LOG " in line)
    shown, logged = line.split()[0], line.split()[-1]
    utc = datetime.fromisoformat(logged)
    in_india = (utc + timedelta(hours=5, minutes=30)).replace(tzinfo=None)
    at = datetime.combine(in_india.date(), datetime.strptime(shown, "%H:%M:%S.%f").time())
    assert abs((at - in_india).total_seconds()) < 1, line


def test_a_missing_handler_with_output_into_a_pipe_is_not_offered_a_template_there(tmp_path):
    """`segtui new.js | less`: the question went into the pipe, unseen, and waited on the terminal for an answer."""
    leader, follower = os.openpty()
    try:
        done = subprocess.run([sys.executable, "-m", "segtui", "new.js"], stdin=follower, capture_output=True, text=True,
                              cwd=tmp_path, timeout=60, check=False)
    finally:
        os.close(follower)
        os.close(leader)
    assert done.returncode == 2, done.stdout + done.stderr
    assert done.stdout == "" and "no such handler file" in done.stderr
    assert not (tmp_path / "new.js").exists()


def test_a_missing_handler_with_standard_input_closed_is_a_clear_error(tmp_path):
    done = subprocess.run([sys.executable, "-m", "segtui", "new.js"], capture_output=True, text=True, cwd=tmp_path,
                          timeout=60, check=False, preexec_fn=lambda: os.close(0))
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "no such handler file" in done.stderr


def test_ctrl_d_at_the_template_question_is_a_no(tmp_path, monkeypatch):
    from segtui.commands import tui

    def end_of_input(prompt: str) -> str:
        raise EOFError

    monkeypatch.setattr("sys.stdin.isatty", lambda: True)
    monkeypatch.setattr("sys.stdout.isatty", lambda: True)
    monkeypatch.setattr("builtins.input", end_of_input)
    assert not tui.offer_template(tmp_path / "new.js")
    assert not (tmp_path / "new.js").exists()


@pytest.mark.parametrize(("payload", "refusal"), [({"method": "POST", "body": {"id": 1}}, NO_URL),
                                                  ({"headers": {"X-A": "1"}, "body": "x"}, NO_URL),
                                                  ({"payload": 5}, NO_PAYLOAD), ({"payload": {}}, NO_PAYLOAD),
                                                  ({"payload": ["x"]}, NO_PAYLOAD)])
def test_a_request_file_that_is_no_request_says_why_not_that_an_event_has_no_type(tmp_path, payload, refusal):
    # A new user's trial: a source function's request file with no "url" was refused as `the event has no "type";
    # valid types: identify, track, …`, Spec event types for a function that runs no Spec events; probe-hostile11
    # found the same of a webhook-form file whose payload is no request (`{"payload": 5}`).
    (tmp_path / "handler.js").write_text("async function onRequest(request) { return 1; }\n", encoding="utf-8")
    (tmp_path / "order.json").write_text(json.dumps(payload), encoding="utf-8")
    done = segtui("run", "handler.js", "--request", "order.json", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith(f"segtui: error: order.json: {refusal}"), done.stderr
    assert "valid types" not in done.stderr and "Traceback" not in done.stderr


def test_a_request_file_is_sized_for_the_memory_given(tmp_path):
    # A review: a source function's request file was checked against the default --memory, so a file that fits the
    # memory given was refused, and one past it taken.
    (tmp_path / "handler.js").write_text("async function onRequest(request) { return 1; }\n", encoding="utf-8")
    body = {"method": "POST", "url": "https://example.com/hook", "body": {"x": "a" * 9_000_000}}
    (tmp_path / "big.json").write_text(json.dumps(body), encoding="utf-8")
    done = segtui("run", "handler.js", "--request", "big.json", "--memory", "32", cwd=tmp_path)
    assert done.returncode == 2 and "(--memory 32)" in done.stderr, done.stderr
    assert segtui("run", "handler.js", "--request", "big.json", cwd=tmp_path).returncode == 0


def test_each_command_says_which_files_it_wrote_besides_its_results(tmp_path, loopback):
    # A new user's trial: `segtui run … --record tape.json --har run.har` printed the run and not a word of either file;
    # only replay's --out said where its output went.
    path = tmp_path / "h.js"
    path.write_text("async function onTrack(e, s) { await fetch(s.base + '/t'); return 1 }")
    base = ("--setting", f"base={loopback.base}")
    tape, har, junit = tmp_path / "tape.json", tmp_path / "run.har", tmp_path / "junit.xml"
    done = segtui("run", str(path), "--event", "track", "--record", str(tape), "--har", str(har), *base)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith(f"Recorded 1 exchange to the cassette {tape}\n"
                                         f"Wrote 1 request to the HAR file {har}")
    done = segtui("run", str(path), "--event", "track", "--record", str(tape), "--json", *base)
    assert json.loads(done.stdout)["outcome"] == "success"  # standard output stays JSON
    assert done.stderr.strip() == f"Recorded 1 exchange to the cassette {tape}"
    assert len(json.loads(tape.read_text())["interactions"]) == 2
    done = segtui("test", str(path), "track", "--junit", str(junit), *base)
    assert done.returncode == 0, done.stderr
    assert f"Wrote the JUnit report to {junit}" in done.stdout.splitlines() and junit.exists()  # before the summary
    events = tmp_path / "events.ndjson"
    events.write_text('{"type": "track", "event": "A"}\n{"type": "track", "event": "B"}\n')
    done = segtui("replay", str(path), str(events), "--record", str(tape), *base)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith(f"Recorded 2 exchanges to the cassette {tape}")


def test_a_recording_whose_requests_mock_rules_answered_writes_its_cassette_and_says_why_it_is_empty(tmp_path, loopback):
    # A new user's trial: with segtui.mock.yaml beside the handler answering every request, `--record tape.json` said
    # "Recorded 0 exchange(s) to the cassette tape.json" and wrote no file, so the next `--replay tape.json` failed.
    (tmp_path / "h.js").write_text("async function onTrack(e, s) { await fetch(s.base + '/mocked'); await fetch(s.base + '/live'); return 1 }")
    (tmp_path / "segtui.mock.yaml").write_text(f"- url: {loopback.base}/mocked\n  status: 200\n  body: mocked\n")
    tape = tmp_path / "tape.json"
    done = segtui("run", "h.js", "--event", "track", "--record", "tape.json", "--setting", f"base={loopback.base}",
                  cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip().endswith(f"Recorded 1 exchange to the cassette tape.json (1 request answered by "
                                         f"the mock rules of {tmp_path / 'segtui.mock.yaml'} was not recorded)")
    (tmp_path / "segtui.mock.yaml").unlink()
    (tmp_path / "h.js").write_text("async function onTrack(e) { return 1 }")
    empty = tmp_path / "empty.json"
    done = segtui("run", "h.js", "--event", "track", "--record", "empty.json", cwd=tmp_path)
    assert done.returncode == 0 and done.stdout.rstrip().endswith("Recorded 0 exchanges to the cassette empty.json")
    assert json.loads(empty.read_text()) == {"segtui_cassette": 1, "interactions": []}
    assert oct(empty.stat().st_mode & 0o777) == "0o600" and len(json.loads(tape.read_text())["interactions"]) == 1
    assert segtui("run", "h.js", "--event", "track", "--replay", "empty.json", cwd=tmp_path).returncode == 0


def test_each_headless_command_says_its_exit_codes_as_it_sets_them(tmp_path):
    # A new user's trial: `run --help` had no description, and `replay --help` said a drop exits 1, where it exits 0.
    (tmp_path / "handler.js").write_text("async function onTrack() { return null; }\n", encoding="utf-8")
    (tmp_path / "events.ndjson").write_text('{"type": "track", "event": "A"}\n', encoding="utf-8")
    for command in ("run", "replay"):
        said = " ".join(segtui(command, "--help").stdout.split())
        assert "Exit 0 when every" in said and "success (or an insert function's drop), 1 otherwise" in said, command
    dropped = [segtui("run", "handler.js", "--kind", "insert", "--event", "track", cwd=tmp_path),
               segtui("replay", "handler.js", "events.ndjson", "--kind", "insert", cwd=tmp_path)]
    assert [done.returncode for done in dropped] == [0, 0], [done.stdout + done.stderr for done in dropped]
