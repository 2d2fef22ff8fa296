"""A sandbox process that dies is segtui's failure: never one of Segment's outcomes, never a golden, exit code 3.

The crash is made the way a V8 fault makes one: the sandbox process gets SIGSEGV while the handler
waits on a request to a loopback server (the server sends the signal when the request arrives).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree

import pytest
from support.http_server import Reply
from support.processes import crash_sandboxes, sandbox_pids, wait_until_ended

CRASHER = """
async function onTrack(event, settings) {
  if (event.event === 'Crash') await fetch(settings.base + '/crash');
  return { event: event.event };
}
"""


class Segtui:
    """Runs segtui as a user does; the loopback server's /crash route ends the sandbox of the command running."""

    def __init__(self, server, folder: Path) -> None:
        self.server = server
        self.folder = folder
        self.pid = 0
        server.routes["/crash"] = self._crash

    def _crash(self, _received) -> Reply:
        assert crash_sandboxes(self.pid) == 1
        return Reply(body=b"too late")

    def __call__(self, *args: str) -> subprocess.CompletedProcess:
        process = subprocess.Popen([sys.executable, "-m", "segtui", *args, "--setting", f"base={self.server.base}"],
                                   cwd=self.folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.pid = process.pid
        stdout, stderr = process.communicate(timeout=120)
        return subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)


@pytest.fixture
def segtui(loopback, tmp_path):
    (tmp_path / "handler.js").write_text(CRASHER)
    (tmp_path / "segtui.json").write_text('{"settings": [{"label": "Base", "name": "base"}]}')
    (tmp_path / "events").mkdir()
    for name in ("a-first", "b-crash", "c-after"):
        event = {"type": "track", "event": "Crash" if name == "b-crash" else name}
        (tmp_path / "events" / f"{name}.json").write_text(json.dumps(event))
    return Segtui(loopback, tmp_path)


def test_run_says_segtui_crashed_with_the_signal_and_exits_3(segtui):
    done = segtui("run", "handler.js", "--event", "events/b-crash.json")
    assert done.returncode == 3, done.stderr
    assert "Sandbox Crashed (segtui bug)" in done.stdout and "Bad Request" not in done.stdout
    assert "killed by SIGSEGV" in done.stdout and "bug in segtui" in done.stdout
    assert "internal error" in done.stderr and "Traceback" not in done.stderr


def test_run_json_gives_the_crash_its_own_outcome(segtui):
    done = segtui("run", "handler.js", "--event", "events/b-crash.json", "--json")
    assert done.returncode == 3
    result = json.loads(done.stdout)
    assert (result["outcome"], result["error"]["name"]) == ("sandbox_crashed", "SandboxCrash")
    assert "SIGSEGV" in result["error"]["message"]


def test_test_counts_a_crash_as_an_error_and_never_writes_its_golden(segtui):
    done = segtui("test", "handler.js", "events", "--update", "--junit", "report.xml")
    assert done.returncode == 3, done.stdout + done.stderr
    goldens = segtui.folder / "handler.goldens" / "events"
    assert sorted(path.name for path in goldens.iterdir()) == ["a-first.golden.json", "c-after.golden.json"]
    assert "b-crash" in done.stdout and "its golden was not updated" in done.stdout
    assert "1 crashed segtui's sandbox" in done.stdout
    suite = ElementTree.parse(segtui.folder / "report.xml").getroot().find("testsuite")
    assert (suite.get("errors"), suite.get("failures")) == ("1", "0")
    crashed = next(case for case in suite.iter("testcase") if case.get("name") == "events/b-crash")
    assert crashed.find("error") is not None and crashed.find("failure") is None

    again = segtui("test", "handler.js", "events", "--json")
    assert again.returncode == 3
    report = json.loads(again.stdout)
    assert (report["passed"], report["summary"]["crashed"], report["summary"]["failed"]) == (False, 1, 0)
    assert [result["crashed"] for result in report["results"]] == [False, True, False]


def test_replay_counts_crashes_apart_from_failures(segtui):
    lines = [{"type": "track", "event": name} for name in ("one", "Crash", "three")]
    (segtui.folder / "many.ndjson").write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    done = segtui("replay", "handler.js", "many.ndjson")
    assert done.returncode == 3, done.stderr
    assert "Events under which segtui's sandbox crashed (a bug in segtui, not in the handler) (1):" in done.stdout
    assert "Failing events" not in done.stdout
    assert "sandbox_crashed" in done.stdout


SECRET = "Zq7xK2mPw9Lr4Tn8"


def _dies_naming_the_secret(segtui: Segtui, _received) -> Reply:
    """End the sandbox as V8 ends it on a fatal error, its last words on standard error quoting the secret."""
    for pid in sandbox_pids(segtui.pid):
        with open(f"/proc/{pid}/fd/2", "w") as stderr:
            stderr.write(f"# Fatal error: unexpected string '{SECRET}'\n")
        os.kill(pid, signal.SIGSEGV)
        wait_until_ended(pid)
    return Reply(body=b"too late")


@pytest.mark.parametrize("reveal", [False, True])
def test_a_sandbox_dying_while_it_loads_says_its_last_words_masked(segtui, reveal):
    # The sandbox dies while it loads the handler (on the request its top level makes): the command's own "internal
    # error" line quotes the sandbox's last words.
    segtui.server.routes["/die"] = lambda received: _dies_naming_the_secret(segtui, received)
    (segtui.folder / "loading.js").write_text(
        f"fetch('{segtui.server.base}/die');\n"
        "async function onTrack(event) { return event.event; }\n")
    (segtui.folder / "one.ndjson").write_text('{"type": "track", "event": "one", "userId": "u"}\n')
    (segtui.folder / "segtui.json").write_text(json.dumps({"settings": [
        {"label": "Base", "name": "base"}, {"label": "API Key", "name": "apiKey", "sensitive": True}]}))
    done = segtui("replay", "loading.js", "one.ndjson", "--setting", f"apiKey={SECRET}",
                  *(["--reveal-secrets"] if reveal else []))
    assert done.returncode == 3, done.stderr
    assert "internal error" in done.stderr and "its last words: # Fatal error" in done.stderr
    assert (SECRET in done.stdout + done.stderr) is reveal


def test_the_test_table_stays_aligned_with_the_longest_outcome_label(segtui):
    # A probe: OUTCOME was 22 cells wide and "Sandbox Crashed (segtui bug)" 28, so its row's later columns shifted.
    done = segtui("test", "handler.js", "events")
    assert done.returncode == 3, done.stdout + done.stderr
    header, *rows = done.stdout.splitlines()[:4]
    assert "Sandbox Crashed (segtui bug)" in rows[1]
    outcome, duration_end = header.index("OUTCOME"), header.index("DURATION") + len("DURATION")
    for row in rows:
        assert row[outcome - 1] == " " and row[outcome] != " ", rows
        assert row[:duration_end].endswith(("ms", "s")) and row[duration_end:duration_end + 2] == "  ", rows
