"""Paths that are not regular files: an output that is a pipe or a socket is refused, never replaced by a file;
an input that is a device is refused (one such as /dev/zero never ends), while a pipe (`<(…)`) is read, once, or
refused where segtui would read the file again or found it itself."""

from __future__ import annotations

import json
import os
import socket
import threading

import pytest
from support.cli import segtui

HANDLER = "async function onTrack() { return 1; }"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "h.js").write_text(HANDLER)
    os.mkfifo(tmp_path / "fifo")
    listener = socket.socket(socket.AF_UNIX)
    listener.bind(str(tmp_path / "sock"))
    yield tmp_path
    listener.close()


@pytest.mark.parametrize("target", ["fifo", "sock"])
@pytest.mark.parametrize("command", [["run", "h.js", "--event", "track", "--har"],
                                     ["test", "h.js", "track", "--offline", "--junit"],
                                     ["run", "h.js", "--event", "track", "--record"]],
                         ids=["har", "junit", "record"])
def test_an_output_path_that_is_a_pipe_or_a_socket_is_refused_and_left_as_it_is(folder, command, target):
    done = segtui(*command, target, cwd=folder, timeout=30)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "not a regular file" in done.stderr or "is a device or a socket" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (folder / target).is_file(), "the pipe or socket was replaced by a file"


@pytest.mark.parametrize("flag", [["--event"], ["--event", "track", "--settings"], ["--event", "track", "--mock"],
                                  ["--event", "track", "--replay"]], ids=["event", "settings", "mock", "replay"])
def test_a_device_as_an_input_file_is_refused_clearly(folder, flag):
    done = segtui("run", "h.js", *flag, os.devnull, cwd=folder, timeout=30)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{os.devnull} is a device or a socket, not a file" in done.stderr


def test_an_event_from_a_pipe_is_read(folder):
    def write() -> None:
        with open(folder / "fifo", "w", encoding="utf-8") as pipe:  # waits for segtui to open it
            pipe.write('{"type": "track", "event": "Piped"}')

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    done = segtui("run", "h.js", "--event", "fifo", "--json", cwd=folder, timeout=30)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["return"] == 1


@pytest.mark.parametrize("text", ['{"type": "track", "event": "A"}\n\n{"type": "track", "event": "B"}\n',
                                  '[{"type": "track", "event": "A"}, {"type": "track", "event": "B"}]'],
                         ids=["ndjson", "array"])
def test_a_replay_from_a_pipe_runs_every_event(folder, text):
    # A pipe gives its bytes once: replay checks the whole file before its first event, and must not read it again.
    (folder / "h.js").write_text("async function onTrack(event) { return event.event; }")

    def write() -> None:
        with open(folder / "fifo", "w", encoding="utf-8") as pipe:
            pipe.write(text)

    threading.Thread(target=write, daemon=True).start()
    done = segtui("replay", "h.js", "fifo", "--json", cwd=folder, timeout=30)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["return"] for line in done.stdout.splitlines()] == ["A", "B"]
    assert "Replayed 2 events from fifo" in done.stderr


@pytest.mark.parametrize("flag", ["--mock", "--replay"])
def test_a_pipe_as_a_file_the_sandbox_reads_again_is_refused_clearly(folder, flag):
    done = segtui("run", "h.js", "--event", "track", flag, "fifo", cwd=folder, timeout=30)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"fifo is a pipe: the {flag} file must be a regular file" in done.stderr


@pytest.mark.parametrize("command", [["run", "h.js", "--event", "track"], ["test", "h.js", "track"]], ids=["run", "test"])
@pytest.mark.parametrize("name", ["segtui.settings.json", "segtui.json"])
def test_a_named_pipe_segtui_finds_beside_the_handler_is_refused_clearly(folder, command, name):
    # No one writes to it: reading the settings or the schema segtui looks for beside the handler waited for ever.
    os.mkfifo(folder / name)
    done = segtui(*command, cwd=folder, timeout=60)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{name} is a named pipe, not a file" in done.stderr


def test_a_settings_file_given_as_a_pipe_is_read(folder):
    def write() -> None:
        with open(folder / "fifo", "w", encoding="utf-8") as pipe:
            pipe.write('{"region": "eu"}')

    threading.Thread(target=write, daemon=True).start()
    (folder / "h.js").write_text("async function onTrack(event, settings) { return settings.region; }")
    done = segtui("run", "h.js", "--event", "track", "--settings", "fifo", "--json", cwd=folder, timeout=30)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["return"] == "eu"


def test_a_settings_file_given_as_a_pipe_too_big_for_memory_is_refused_once_read(folder):
    # A pipe has no size to look at before it is read: its text is measured then, as a file's size is before.
    def write() -> None:
        with open(folder / "fifo", "w", encoding="utf-8") as pipe:
            pipe.write(json.dumps({"blob": "x" * (5 * 1024 * 1024)}))

    threading.Thread(target=write, daemon=True).start()
    (folder / "h.js").write_text("async function onTrack(event, settings) { return settings.blob.length; }")
    done = segtui("run", "h.js", "--event", "track", "--settings", "fifo", "--memory", "16", cwd=folder, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert "fifo is 5.0 MB; segtui takes settings of up to 4 MB" in done.stderr
    assert "Run with --memory 21 or more" in done.stderr


@pytest.mark.parametrize("command", [["run", "{}", "--event", "track"], ["test", "{}", "track"], ["{}"]],
                         ids=["run", "test", "tui"])
@pytest.mark.parametrize("name", ["fifo.js", "fifo.tf"])
def test_a_named_pipe_as_the_handler_is_refused_clearly(folder, command, name):
    # No one writes to it: reading it waited for ever. The handler is read again on every save, so no pipe is taken.
    os.mkfifo(folder / name)
    done = segtui(*(part.format(name) for part in command), cwd=folder, timeout=60)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{name} is a named pipe, not a file" in done.stderr


@pytest.mark.parametrize("command", [["run", "h.js", "--event", "track", "--har", "loop"],
                                     ["test", "h.js", "track", "--offline", "--junit", "loop"],
                                     ["replay", "h.js", "e.ndjson", "--kind", "insert", "--out", "loop"],
                                     ["run", "h.js", "--event", "track", "--mock", "loop"],
                                     ["run", "h.js", "--event", "track", "--replay", "loop"],
                                     ["run", "h.js", "--event", "track", "--record", "loop"],
                                     ["test", "h.js", "--events", "loop", "--offline"],
                                     ["test", "h.js", "loop", "--offline"]],
                         ids=["har", "junit", "out", "mock", "replay", "record", "events", "selector"])
def test_a_link_in_a_loop_on_the_command_line_is_bad_input_or_written_never_a_traceback(tmp_path, command):
    """Path.resolve() raises RuntimeError for links in a loop on Python 3.11; it ended each of these in a traceback."""
    (tmp_path / "h.js").write_text("async function onTrack(event) { return event; }")
    (tmp_path / "e.ndjson").write_text('{"type": "track"}\n')
    (tmp_path / "loop").symlink_to("loop2")
    (tmp_path / "loop2").symlink_to("loop")
    done = segtui(*command, cwd=tmp_path, timeout=30)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.returncode in (0, 2), done.stdout + done.stderr
    if done.returncode == 2:
        assert "loop" in done.stderr


@pytest.mark.parametrize("command", [["run", "{}", "--event", "track"], ["test", "{}", "track"], ["replay", "{}", "e.ndjson"],
                                     ["{}"]], ids=["run", "test", "replay", "tui"])
@pytest.mark.parametrize("name", ["huge.js", "huge.tf"])
def test_a_handler_file_too_big_to_load_is_refused_before_it_is_read(folder, command, name):
    # A probe: an 8 GB (sparse) handler was read whole, for a minute and more, where no file past a quarter of the
    # largest memory limit could load in the sandbox. 300 MB, so that a regression costs the test little.
    (folder / "e.ndjson").write_text('{"type": "track"}\n')
    with open(folder / name, "wb") as file:
        file.truncate(300 * 1024**2)
    done = segtui(*(part.format(name) for part in command), cwd=folder, timeout=60)
    assert done.returncode == 2, done.stdout + done.stderr
    assert f"{name} is 300.0 MB; segtui loads a function's file of up to 256 MB" in done.stderr
    assert "Traceback" not in done.stderr
