"""Files in a folder the user may not search (another user's home, as `sudo -u` keeps HOME; a locked-down share):
each command names the file, and the debugger starts without the keymap it cannot read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from support.terminal_screen import tui_in_terminal

HANDLER = "async function onTrack(event) { return event.event; }\n"


def _locked(tmp_path: Path) -> tuple[Path, tuple[str, ...]]:
    """A folder `locked` holding handler.js, event.json and segtui/keymap.json that segtui, run through the command
    returned, may not search: made so by its mode, or for root (whom modes do not stop) by an owner that a user
    namespace of its own does not map."""
    locked = tmp_path / "locked"
    (locked / "segtui").mkdir(parents=True)
    (locked / "handler.js").write_text(HANDLER, encoding="utf-8")
    (locked / "event.json").write_text('{"type": "track", "event": "E"}', encoding="utf-8")
    (locked / "segtui" / "keymap.json").write_text('{"run": "f5"}', encoding="utf-8")
    wrapper: tuple[str, ...] = ()
    if os.geteuid() == 0:
        wrapper = ("unshare", "--user", "--map-root-user")
        for path in (locked, *locked.rglob("*")):
            os.chown(path, 12345, 12345)
        if shutil.which("unshare") is None:
            pytest.skip("root, and no unshare to run segtui as a user the folder's modes stop")
    locked.chmod(0o700 if wrapper else 0o000)
    probe = subprocess.run([*wrapper, sys.executable, "-c", f"open({str(locked / 'handler.js')!r})"], capture_output=True,
                           check=False)
    if probe.returncode == 0 or b"PermissionError" not in probe.stderr:
        pytest.skip(f"the folder could not be made unsearchable here: {probe.stderr[-500:]!r}")
    return locked, wrapper


@pytest.fixture
def locked(tmp_path: Path):
    found = _locked(tmp_path)
    yield found
    for place in (found[0], tmp_path / "events" / "locked"):  # for pytest's clean-up, wherever the test moved it
        if place.exists():
            place.chmod(0o700)


@pytest.mark.parametrize("args", [["run", "locked/handler.js", "--event", "track"],
                                  ["run", "handler.js", "--event", "locked/event.json"],
                                  ["run", "handler.js", "--event", "track", "--settings", "locked/s.json"],
                                  ["run", "handler.js", "--event", "track", "--mock", "locked/mocks.json"],
                                  ["run", "handler.js", "--event", "track", "--record", "locked/c.json"],
                                  ["run", "handler.js", "--event", "track", "--har", "locked/x.har"],
                                  ["test", "handler.js", "locked/event.json"],
                                  ["replay", "handler.js", "locked/event.json"]],
                         ids=["handler", "event", "settings", "mock", "record", "har", "test-event", "replay-events"])
def test_a_file_in_a_folder_that_may_not_be_searched_is_named(tmp_path: Path, locked, args: list[str]) -> None:
    # A probe: each said "segtui: error: could not write its output: Permission denied", naming no file (Python 3.11's
    # Path.exists() raises PermissionError there, and it reached the catch-all for output that cannot be written).
    _, wrapper = locked
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    done = subprocess.run([*wrapper, sys.executable, "-m", "segtui", *args], capture_output=True, text=True, cwd=tmp_path,
                          timeout=120, check=False, stdin=subprocess.DEVNULL)
    named = next(arg for arg in args if arg.startswith("locked/"))
    assert done.returncode == 2, done.stderr
    assert f"{named}: " in done.stderr and "Permission denied" in done.stderr, done.stderr
    assert "could not write its output" not in done.stderr and "Traceback" not in done.stderr


def test_the_debugger_starts_when_its_config_folder_may_not_be_searched(tmp_path: Path, locked) -> None:
    # A probe: with XDG_CONFIG_HOME (or HOME, as `sudo -u` keeps it) a folder segtui may not search, the keymap's
    # Path.exists() raised PermissionError in on_mount and the debugger crashed with a traceback ("a bug in segtui").
    folder, wrapper = locked
    (tmp_path / "handler.js").write_text("// the handler's first line\n" + HANDLER, encoding="utf-8")
    with tui_in_terminal("handler.js", cwd=tmp_path, env={"XDG_CONFIG_HOME": str(folder)}, wrapper=wrapper,
                         size=(160, 40)) as (cli, shown):
        shown.wait_for("Keymap not applied")
        shown.wait_for("Permission")  # the notice's own words; where it wraps depends on the test folder's path
        assert "handler's first line" in shown.text and "segtui crashed" not in shown.text, shown.text[-2000:]
        os.write(shown.terminal, b"\x11")  # ctrl+q
        shown.wait_for_end()
        cli.wait(timeout=60)
    assert cli.returncode == 0


@pytest.mark.parametrize("args", [["test", "handler.js", "events"], ["test", "handler.js", "--events", "events"]],
                         ids=["events-folder", "events-option"])
def test_a_folder_of_events_that_may_not_be_listed_fails_the_suite(tmp_path: Path, locked, args: list[str]) -> None:
    # A probe: `segtui test` skipped such a folder in silence and passed (in CI, without running its events).
    folder, wrapper = locked
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "ok.json").write_text('{"type": "track", "event": "E"}', encoding="utf-8")
    folder.rename(tmp_path / "events" / "locked")
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    done = subprocess.run([*wrapper, sys.executable, "-m", "segtui", *args], capture_output=True, text=True, cwd=tmp_path,
                          timeout=120, check=False, stdin=subprocess.DEVNULL)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "events/locked: cannot list this folder of events: Permission denied" in done.stderr, done.stderr
