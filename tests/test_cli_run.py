"""`segtui run` as a user calls it: a real process, real files, exit codes, JSON schema, never a traceback."""

import contextlib
import json
import os
import subprocess
import sys
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


def test_the_tui_with_no_terminal_is_a_clear_error_not_a_screen_drawn_into_a_pipe(handler):
    """`segtui handler.js | less`, or in CI: the debugger drew into the pipe and waited for keys for ever."""
    done = subprocess.run([sys.executable, "-m", "segtui", str(handler)], stdin=subprocess.DEVNULL, capture_output=True,
                          text=True, timeout=30, check=False)
    assert done.returncode == 2
    assert done.stdout == ""
    assert "needs a terminal" in done.stderr and "segtui run HANDLER --event EVENT" in done.stderr


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


@pytest.mark.parametrize("typed, meant", [("rn", "run"), ("tset", "test"), ("replya", "replay")])
def test_a_mistyped_command_is_named_with_the_one_meant(handler, typed, meant):
    # A new user's trial: `segtui tset handler.js` said "unrecognized arguments: handler.js (see `segtui HANDLER.js
    # --help`)", taking the typo for a handler; alone, `segtui tset` offered to create a handler named tset.
    done = segtui(typed, str(handler), "--event", "track")
    assert done.returncode == 2
    assert done.stderr == (f"segtui: error: {typed}: no such command or handler file; did you mean `segtui {meant}`? "
                           "(see `segtui --help`)\n")


@pytest.mark.parametrize("args, said", [
    (["run", "{handler}", "--evnt", "track"], ("unrecognized arguments: --evnt track; did you mean --event? "
                                              "(see `segtui run --help`)")),
    (["run", "{handler}", "--event", "track", "--settting", "apiKey=sk_live_51Hx"],
     "unrecognized arguments: --settting apiKey=********; did you mean --setting? (see `segtui run --help`)"),
    (["test", "{handler}", "--updaet"], ("unrecognized arguments: --updaet; did you mean --update? "
                                        "(see `segtui test --help`)")),
    (["run", "{handler}", "--event", "track", "--xyz"], "unrecognized arguments: --xyz (see `segtui run --help`)"),
    (["run", "{handler}", "order.json"], ("unrecognized arguments: order.json; did you mean --event order.json? "
                                          "(see `segtui run --help`)")),
])
def test_a_mistyped_option_is_named_with_the_one_meant(handler, args, said):
    # A new user's trial: `--evnt track` said "unrecognized arguments: --evnt track" and no more (Python 3.11's argparse
    # suggests nothing).
    done = segtui(*(arg.format(handler=handler) for arg in args))
    assert done.returncode == 2
    assert done.stderr == f"segtui: error: {said}\n"
