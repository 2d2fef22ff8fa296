"""`segtui run` as a user calls it: a real process, real files, exit codes, JSON schema, never a traceback."""

import contextlib
import json
import os
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from support.cli import segtui

REPO = Path(__file__).resolve().parent.parent
HANDLER = """
var runs = 0;
async function onTrack(event, settings) {
  runs += 1;
  console.log('track', event.event, {runs});
  return { event: event.event, key: settings.apiKey, runs };
}
async function onIdentify(event) { throw new ValidationError('userId is required') }
"""


@pytest.fixture
def handler(tmp_path):
    path = tmp_path / "handler.js"
    path.write_text(HANDLER)
    return path


def test_json_output_follows_the_documented_schema(handler):
    done = segtui("run", str(handler), "--event", "track", "--setting", "apiKey=k123", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert set(result) == {"handler", "event_type", "handler_name", "outcome", "return", "error", "logs",
                           "requests", "duration_ms"}
    assert (result["event_type"], result["handler_name"], result["outcome"]) == ("track", "onTrack", "success")
    assert result["return"] == {"event": "Order Completed", "key": "••••••", "runs": 1}
    assert result["error"] is None
    assert [set(log) for log in result["logs"]] == [{"level", "message", "time", "seq"}]
    assert result["logs"][0]["message"] == "track Order Completed { runs: 1 }"
    assert result["requests"] == []


def test_human_output_has_the_outcome_banner_return_and_logs(handler):
    done = segtui("run", str(handler), "--event", "track")
    assert done.returncode == 0
    assert "✔ Success" in done.stdout
    assert "Callback Return" in done.stdout and "Raw Log Output" in done.stdout
    assert '"event": "Order Completed"' in done.stdout


def _on_a_terminal(handler: Path, environment: dict[str, str]) -> str:
    """What `segtui run` prints with its standard output on a terminal (a pseudo-terminal) and `environment` added."""
    leader, follower = os.openpty()
    with os.fdopen(leader, "rb") as terminal:
        done = subprocess.run([sys.executable, "-m", "segtui", "run", str(handler), "--event", "track"], stdout=follower,
                              stderr=subprocess.PIPE, timeout=120, check=False,
                              env={**os.environ, "TERM": "xterm-256color", **environment})
        os.close(follower)
        assert done.returncode == 0, done.stderr
        printed = b""
        with contextlib.suppress(OSError):  # EIO once everything written has been read
            while chunk := os.read(terminal.fileno(), 65536):
                printed += chunk
    return printed.decode("utf-8")


@pytest.mark.parametrize(("environment", "coloured"), [({}, True), ({"NO_COLOR": "1"}, False), ({"TERM": "dumb"}, False)])
def test_colour_on_a_terminal_is_off_for_no_color_and_a_dumb_terminal(handler, environment, coloured):
    assert ("\x1b[" in _on_a_terminal(handler, environment)) is coloured


def test_colour_is_on_when_asked_and_off_when_not(handler):
    coloured = segtui("run", str(handler), "--event", "track", "--color", "always")
    assert "\x1b[1;32m✔ Success\x1b[0m" in coloured.stdout
    plain = segtui("run", str(handler), "--event", "track", "--color", "never")
    assert "✔ Success" in plain.stdout and "\x1b[" not in plain.stdout


def test_non_success_outcome_exits_1_with_the_error(handler):
    done = segtui("run", str(handler), "--event", "identify", "--json")
    assert done.returncode == 1
    result = json.loads(done.stdout)
    assert result["outcome"] == "message_rejected"
    assert result["error"]["name"] == "ValidationError"
    assert result["error"]["message"] == "userId is required"
    assert result["error"]["line"] == 8


def test_ndjson_runs_in_order_on_one_warm_load(handler, tmp_path):
    events = tmp_path / "events.ndjson"
    events.write_text('{"type":"track","event":"A"}\n{"type":"track","event":"B"}\n{"type":"page"}\n')
    done = segtui("run", str(handler), "--event", str(events), "--json")
    assert done.returncode == 1
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["outcome"] for r in results] == ["success", "success", "unsupported_event_type"]
    assert [r["return"] and r["return"]["runs"] for r in results] == [1, 2, None]


def test_a_batch_file_runs_each_event(handler, tmp_path):
    batch = tmp_path / "batch.json"
    batch.write_text('[{"type":"track","event":"A"},{"type":"identify"}]')
    result = json.loads(segtui("run", str(handler), "--event", str(batch), "--json").stdout)
    assert result["event_type"] == "batch"
    assert [item["outcome"] for item in result["items"]] == ["success", "message_rejected"]


def test_timeout_flag(tmp_path):
    path = tmp_path / "slow.js"
    path.write_text("async function onTrack() { await new Promise((r) => setTimeout(r, 5000)) }")
    done = segtui("run", str(path), "--event", "track", "--timeout", "0.3", "--json")
    assert done.returncode == 1
    assert json.loads(done.stdout)["outcome"] == "timeout"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "missing.js", "--event", "track"], "missing.js: no such handler file"),
        (["run", "{handler}", "--event", "trak"], 'Did you mean "track"?'),
        (["run", "{handler}", "--event", "{bad_json}"], "bad.json:2:10: invalid JSON"),
        (["run", "{handler}", "--event", "{unknown_type}"], "unknown.json"),
        (["run", "{handler}", "--event", "track", "--timeout", "soon"], "expected a number of seconds"),
        (["run", "{handler}", "--event", "track", "--memory", "lots"], "expected a whole number of MB, got 'lots'"),
        (["run", "{handler}", "--event", "track", "--memory", "4096"], "at most 1024 MB (V8's heap in segtui's sandbox"),
        (["run", "{handler}", "--event", "track", "--setting", "apiKey"], 'expects name=value, got an argument with no "="'),
        (["run", "{handler}"], "--event"),
        (["run", "{syntax}", "--event", "track"], "syntax.js:2:14: SyntaxError: Unexpected token ';'"),
        ([], "no command given"),
        (["run", "{handler}", "--event", "track", "--har", "{folder}"], "is a folder; give a file name for the HAR file"),
        (["run", "{handler}", "--event", "track", "--frob"], "unrecognized arguments: --frob (see `segtui run --help`)"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message_and_no_traceback(handler, tmp_path, args, message):
    (tmp_path / "bad.json").write_text('{\n  "type" "track"\n}')
    (tmp_path / "unknown.json").write_text('{"type": "purchase"}')
    (tmp_path / "syntax.js").write_text("async function onTrack() {\n  return (1 +;\n}\n")
    paths = {"handler": handler, "bad_json": tmp_path / "bad.json", "unknown_type": tmp_path / "unknown.json",
             "syntax": tmp_path / "syntax.js", "folder": tmp_path}
    done = segtui(*[arg.format(**paths) for arg in args])
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert done.stdout == "", "bad input is refused before anything runs"


@pytest.mark.parametrize(("option", "value", "message"), [
    ("--timeout", "1e-300", "must be at least 0.01 and at most 3600 seconds, got 1e-300"),
    ("--timeout", "0.001", "must be at least 0.01 and at most 3600 seconds, got 0.001"),
    ("--timeout", "1e308", "must be at least 0.01 and at most 3600 seconds, got 1e308"),
    ("--timeout", "1e99999", "must be at least 0.01 and at most 3600 seconds"),
    ("--timeout", "nan", "expected a number of seconds such as 5 or 0.5, got 'nan'"),
    ("--timeout", "inf", "expected a number of seconds such as 5 or 0.5, got 'inf'"),
    ("--timeout", "-0", "expected a number of seconds"),
    ("--timeout", "0x10", "expected a number of seconds"),
    ("--timeout", "1_0", "expected a number of seconds"),
    ("--timeout", "\uff15", "expected a number of seconds"),
    ("--memory", "64_0", "expected a whole number of MB, got '64_0'"),
    ("--memory", "+64", "expected a whole number of MB"),
    ("--memory", "\u0666\u0664", "expected a whole number of MB"),
    ("--memory", "9" * 5000, "must be at least 16 and at most 1024 MB"),
])
def test_numbers_python_reads_but_no_one_writes_are_refused(handler, option, value, message):
    done = segtui("run", str(handler), "--event", "track", option, value)
    assert done.returncode == 2, done.stdout
    assert f"argument {option}: {message}" in done.stderr and "Traceback" not in done.stderr


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


def test_a_closed_pipe_ends_quietly(handler, tmp_path):
    events = tmp_path / "many.ndjson"
    events.write_text('{"type":"track","event":"A"}\n' * 2000)
    done = subprocess.run(f"{sys.executable} -m segtui run {handler} --event {events} --json | head -n 1",
                          shell=True, capture_output=True, text=True, cwd=REPO, timeout=120, check=False)
    assert len(done.stdout.splitlines()) == 1
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("command", ["run", "replay", "test"])
def test_output_that_cannot_be_written_is_a_clear_error(handler, tmp_path, command):
    events = tmp_path / "many.ndjson"
    events.write_text('{"type":"track","event":"A"}\n' * 300)
    arguments = {"run": f"run {handler} --event {events} --json", "replay": f"replay {handler} {events} --json",
                 "test": f"test {handler} {events}"}[command]
    done = subprocess.run(f"{sys.executable} -m segtui {arguments} > /dev/full", shell=True, capture_output=True,
                          text=True, cwd=REPO, timeout=120, check=False)
    assert done.returncode == 1
    assert done.stderr.strip().endswith("segtui: error: could not write its output: No space left on device"), done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("command", ["run", "replay", "test"])
def test_a_standard_output_closed_from_the_start_is_output_not_written_never_a_traceback(handler, tmp_path, command):
    """`segtui … >&-` left sys.stdout None: choosing colour (sys.stdout.isatty()) raised AttributeError."""
    events = tmp_path / "two.ndjson"
    events.write_text('{"type":"track","event":"A"}\n' * 2)
    arguments = {"run": f"run {handler} --event {events}", "replay": f"replay {handler} {events}",
                 "test": f"test {handler} {events}"}[command]
    done = subprocess.run(f"{sys.executable} -m segtui {arguments} >&-", shell=True, capture_output=True, text=True,
                          cwd=REPO, timeout=120, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode == 1
    assert done.stderr.strip().endswith("segtui: error: could not write its output: standard output is closed")


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


def test_the_tui_with_no_terminal_is_a_clear_error_not_a_screen_drawn_into_a_pipe(handler):
    """`segtui handler.js | less`, or in CI: the debugger drew into the pipe and waited for keys for ever."""
    done = subprocess.run([sys.executable, "-m", "segtui", str(handler)], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=30, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "needs a terminal" in done.stderr and "segtui run HANDLER --event EVENT" in done.stderr


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


NO_URL = 'the request has no "url"; a source function\'s request is a JSON object such as {"method": "POST", "url": "https://…"'
NO_PAYLOAD = ("a request written as Segment's webhook examples write one, {\"payload\": {\"headers\": {…}, \"body\": {…}}}, "
              'needs its "payload" to be an object holding "headers" or "body", got ')


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


@pytest.mark.parametrize("options", [("--offline",), ("--kind", "destination", "--event", "identify")])
def test_the_debuggers_options_may_come_before_the_handler(handler, options):
    # A new user's trial: `segtui --offline handler.js` said "argument COMMAND: invalid choice: 'handler.js' (choose
    # from 'run', 'test', 'replay')"; it is the debugger's command line (here without a terminal, which it says).
    done = subprocess.run([sys.executable, "-m", "segtui", *options, str(handler)], stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=30, check=False)
    assert done.returncode == 2
    assert "needs a terminal" in done.stderr and "invalid choice" not in done.stderr


def test_a_command_after_its_options_is_told_to_come_first(handler):
    done = segtui("--offline", "run", str(handler), "--event", "track")
    assert done.returncode == 2
    assert done.stderr.strip() == ("segtui: error: the command comes first, its options after it: segtui run HANDLER … "
                                   "(see `segtui run --help`)")


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
