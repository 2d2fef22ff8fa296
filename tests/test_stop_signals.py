"""A signal that ends segtui ends its sandboxes too, even one busy in a handler's endless loop.

The handler first waits on a request to a loopback server, whose route notes the sandbox's pid, and then
loops for ever: the signal is sent while the sandbox runs that loop, with a time limit far away.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from support.http_server import Reply
from support.processes import kill_sandboxes, sandbox_pids, wait_until_ended
from support.terminal_screen import tui_in_terminal

LOOPING = """
async function onTrack(event, settings) {
  await fetch(settings.base + '/arrived');
  while (true) {}
}
"""


def _segtui_looping(loopback, tmp_path, *command: str, handler: str = LOOPING, events: str = "A" * 40,
                    arrivals: int | None = None) -> tuple[subprocess.Popen[str], list[int]]:
    """A segtui command running `handler` (LOOPING) on track events named by `events`' letters, once `arrivals` of its
    sandboxes (one, or two for a replay) have sent their request, and the pids of its sandboxes."""
    (tmp_path / "handler.js").write_text(handler)
    (tmp_path / "events.ndjson").write_text("".join(f'{{"type": "track", "event": "{name}"}}\n' for name in events))
    arrived = threading.Semaphore(0)
    cli: list[subprocess.Popen[str]] = []
    pids: set[int] = set()

    def note(_received):
        pids.update(sandbox_pids(cli[0].pid))
        arrived.release()
        return Reply(body=b"")

    loopback.routes["/arrived"] = note
    cli.append(subprocess.Popen([sys.executable, "-m", "segtui", *command, "--timeout", "600",
                                 "--setting", f"base={loopback.base}"], cwd=tmp_path, start_new_session=True,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    count = arrivals if arrivals is not None else 2 if "replay" in command else 1
    return cli[0], _wait_for_arrivals(arrived, cli[0], count, pids)


def _wait_for_arrivals(arrived: threading.Semaphore, cli: subprocess.Popen[Any], count: int, pids: set[int]) -> list[int]:
    for _ in range(count):
        if not arrived.acquire(timeout=120):
            cli.kill()
            raise AssertionError(f"the handler's request never came: {cli.communicate()}")
    return sorted(pids)


@pytest.mark.parametrize(("command", "signum", "code"), [
    (("run", "handler.js", "--event", "track"), signal.SIGTERM, 143),
    (("run", "handler.js", "--event", "track"), signal.SIGHUP, 129),
    (("run", "handler.js", "--event", "track"), signal.SIGKILL, -signal.SIGKILL),
    (("replay", "handler.js", "events.ndjson", "--concurrency", "2"), signal.SIGTERM, 143),
    (("replay", "handler.js", "events.ndjson", "--concurrency", "2"), signal.SIGKILL, -signal.SIGKILL),
    (("test", "handler.js", "track"), signal.SIGHUP, 129),
], ids=["run-TERM", "run-HUP", "run-KILL", "replay-TERM", "replay-KILL", "test-HUP"])
def test_a_signal_to_segtui_ends_its_sandboxes_running_an_endless_loop(loopback, tmp_path, command, signum, code):
    cli, pids = _segtui_looping(loopback, tmp_path, *command)
    assert pids, "no sandbox was found"
    cli.send_signal(signum)
    _, stderr = cli.communicate(timeout=120)
    try:
        for pid in pids:
            wait_until_ended(pid, limit_s=60)  # without the fix, it loops on alone until its limit of 600 s
    finally:
        kill_sandboxes(pids)  # a failure leaves none looping
    assert cli.returncode == code, stderr
    assert "Traceback" not in stderr


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGTERM, 143), (signal.SIGHUP, 129)], ids=["TERM", "HUP"])
def test_a_signal_to_the_tui_ends_its_sandbox_and_keeps_the_unsaved_edits(loopback, tmp_path, signum, code):
    (tmp_path / "handler.js").write_text(LOOPING)
    arrived = threading.Semaphore(0)
    pids: set[int] = set()
    with tui_in_terminal("handler.js", "--event", "track", "--timeout", "600", "--setting", f"base={loopback.base}",
                         cwd=tmp_path) as (cli, shown):

        def note(_received):
            pids.update(sandbox_pids(cli.pid))
            arrived.release()
            return Reply(body=b"")

        loopback.routes["/arrived"] = note
        _wait_for_arrivals(arrived, cli, 1, pids)
        os.write(shown.terminal, b"x")  # an edit in the focused editor, unsaved
        shown.wait_for("handler.js ●")
        cli.send_signal(signum)
        shown.wait_for_end()
        cli.wait(timeout=120)
    try:
        for pid in pids:
            wait_until_ended(pid, limit_s=60)
    finally:
        kill_sandboxes(sorted(pids))
    assert cli.returncode == code, shown.text
    assert "Traceback" not in shown.text
    assert (tmp_path / "handler.unsaved.js").read_text().startswith("x")


def test_a_signal_to_the_tui_keeps_the_edits_in_a_temporary_folder_when_the_handlers_is_gone(tmp_path, monkeypatch):
    """Writing beside the handler failed (its folder deleted, or read-only): the signal's exit did not happen at all,
    so the TUI outlived its terminal (SIGHUP) with the edits kept nowhere."""
    folder = tmp_path / "function"
    folder.mkdir()
    (folder / "handler.js").write_text("async function onTrack(event) { return 1 }\n")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setenv("TMPDIR", str(temporary))
    with tui_in_terminal("handler.js", "--event", "track", cwd=folder) as (cli, shown):
        shown.wait_for("Success")
        os.write(shown.terminal, b"x")  # an edit in the focused editor, unsaved
        shown.wait_for("handler.js ●")
        shutil.rmtree(folder)
        cli.send_signal(signal.SIGTERM)
        shown.wait_for_end()
        cli.wait(timeout=120)
    assert cli.returncode == 143, shown.text
    [kept] = temporary.glob("segtui-unsaved-*/handler.unsaved.js")
    assert kept.read_text().startswith("x")


@pytest.mark.parametrize(("signum", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)], ids=["INT", "TERM"])
def test_a_replay_stopped_midway_says_how_far_it_got_and_leaves_its_out_file_as_it_was(loopback, tmp_path, signum, code):
    handler = """
async function onTrack(event, settings) {
  if (event.event === 'C') { await fetch(settings.base + '/arrived'); while (true) {} }
  event.properties = {seen: true};
  return event;
}
"""
    (tmp_path / "out.ndjson").write_text("kept\n")
    cli, pids = _segtui_looping(loopback, tmp_path, "replay", "handler.js", "events.ndjson", "--kind", "insert", "--out",
                                "out.ndjson", "--json", handler=handler, events="ABCDE", arrivals=1)
    cli.send_signal(signum)
    stdout, stderr = cli.communicate(timeout=120)
    kill_sandboxes(pids)
    assert cli.returncode == code, stderr
    # A and B have run when C's request arrives; whether the sandbox's answer for them reached segtui before the
    # signal is a race, so the count said is checked against the results written, which are whole and in order.
    written = [line["return"]["event"] for line in map(json.loads, stdout.splitlines())]
    assert written == ["A", "B"][:len(written)]
    assert stderr == (f"segtui: stopped with {len(written)} of 5 events run; out.ndjson was not written (it is written "
                      "when the replay ends)\n")
    assert (tmp_path / "out.ndjson").read_text() == "kept\n"


def test_ctrl_c_during_a_replay_says_the_count_of_the_results_written(tmp_path):
    # The results are masked (a secret setting) and read as fast as they come: segtui spends much of its time between
    # counting a result and writing it, where Ctrl-C said one more than the lines it had begun to write.
    (tmp_path / "handler.js").write_text(
        "async function onTrack(event, settings) {\n  return {n: event.n, key: settings.apiKey.slice(0, 4), pad: 'x'.repeat(3000)};\n}\n")
    (tmp_path / "events.ndjson").write_text("".join(f'{{"type": "track", "event": "E", "n": {n}}}\n' for n in range(20000)))
    for attempt in range(6):
        cli = subprocess.Popen([sys.executable, "-m", "segtui", "replay", "handler.js", "events.ndjson", "--json",
                                "--setting", "apiKey=sk_live_51HxQeLkT9vRwP2mZ"], cwd=tmp_path,
                               start_new_session=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert cli.stdout is not None
        lines = b""
        while lines.count(b"\n") < 100 + 37 * attempt:  # from the pipe itself: communicate() reads past any buffer
            lines += os.read(cli.stdout.fileno(), 65536)
        pids = sandbox_pids(cli.pid)
        cli.send_signal(signal.SIGINT)
        rest, stderr = cli.communicate(timeout=120)
        kill_sandboxes(pids)
        text = (lines + rest).decode()
        assert cli.returncode == 130, stderr
        *whole, cut = text.split("\n")  # a line Ctrl-C found half written ends there (CPython may drop its rest)
        assert [json.loads(line)["return"]["n"] for line in whole] == list(range(len(whole))), text[-200:]
        assert stderr.decode() == f"segtui: stopped with {len(whole) + bool(cut)} of 20000 events run\n"


EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
OWN_FUNCTION = {
    "handler.js": """// Mirrors purchases to a ledger API.
async function onTrack(event, settings) {
  if (event.event !== 'Order Completed') return;
  const response = await fetch(`${settings.endpoint}/orders`, {
    method: 'POST', headers: { Authorization: `Bearer ${settings.token}` },
    body: JSON.stringify({ id: event.properties.order_id, total: event.properties.total }),
  });
  if (!response.ok) throw new RetryError(`ledger said ${response.status}`);
}
async function onIdentify(event) { console.log('identified', event.userId); }
""",
    "segtui.settings.json": '{"endpoint": "http://127.0.0.1:9", "token": "tok-123"}\n',
    "events/order.json": '{"type": "track", "event": "Order Completed", "properties": {"order_id": "o1", "total": 9}}\n',
    "events/identify.json": '{"type": "identify", "userId": "u1"}\n',
}


def _function(tmp_path: Path, which: str) -> Path:
    """A copy of examples/webhook, or a function of the kind a user writes (settings, an events folder)."""
    folder = tmp_path / which
    if which == "webhook":
        shutil.copytree(EXAMPLES / "webhook", folder)
        return folder
    for name, text in OWN_FUNCTION.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text)
    return folder


@pytest.mark.parametrize("function", ["webhook", "own"])
@pytest.mark.parametrize("moment", ["\x1b[?1049h", "\x1b]22;"], ids=["terminal-modes-set", "screen-building"])
def test_sigterm_while_the_tui_starts_exits_cleanly_and_restores_the_terminal(tmp_path, function, moment):
    # A probe: SIGTERM as the app was built either raised in Textual's start (the terminal was left on the alternate
    # screen with the cursor hidden) or, once the app had mounted, exited while the main screen's widgets were still
    # mounting: one's on_mount found its children gone, and segtui "crashed" with a NoMatches traceback. The moments:
    # the alternate screen is turned on (Textual's driver starts), the pointer shape is set (the main screen mounts).
    with tui_in_terminal("handler.js", cwd=_function(tmp_path, function)) as (cli, shown):
        shown.wait_for(moment)
        cli.send_signal(signal.SIGTERM)
        shown.wait_for_end()
        cli.wait(timeout=120)
    assert "Traceback" not in shown.text, shown.text[-3000:]
    assert cli.returncode == 143, shown.text[-3000:]
    restored = shown.text.rsplit("\x1b[?1049h", 1)[1]
    assert "\x1b[?1049l" in restored and "\x1b[?25h" in restored, restored[-500:]  # the main screen back, its cursor shown


def test_signals_back_to_back_keep_the_edits_once(tmp_path):
    # A review: a second signal before the first had exited the TUI wrote the edits again (handler.unsaved-2.js).
    (tmp_path / "handler.js").write_text("async function onTrack(event) { return 1 }\n")
    with tui_in_terminal("handler.js", "--event", "track", cwd=tmp_path) as (cli, shown):
        shown.wait_for("Success")
        os.write(shown.terminal, b"x")  # an edit in the focused editor, unsaved
        shown.wait_for("handler.js ●")
        cli.send_signal(signal.SIGTERM)  # two signals: a second SIGTERM still pending would be merged into the first
        cli.send_signal(signal.SIGHUP)
        shown.wait_for_end()
        cli.wait(timeout=120)
    assert sorted(path.name for path in tmp_path.glob("handler*.js")) == ["handler.js", "handler.unsaved.js"]
    assert cli.returncode in (129, 143), shown.text  # the first signal handled's: either may be delivered first
