"""A sandbox process the system will not start (too few file descriptors for its pipes, too little address space for
V8's reservations) is a clear error, exit code 2, naming the limit and what to change, never a traceback nor "a bug"."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import pytest
from support.http_server import Reply
from support.terminal_screen import tui_in_terminal

HANDLER = "async function onTrack(event) { return event.n; }"


def _with_files(limit: int):
    """A preexec_fn that lets the process have at most `limit` open files."""
    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (limit, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
    return limited


def test_more_sandboxes_than_open_files_allow_is_a_clear_error(tmp_path):
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "events.ndjson").write_text("".join(json.dumps({"type": "track", "event": "E", "n": n}) + "\n"
                                                    for n in range(20)), encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "segtui", "replay", "handler.js", "events.ndjson", "--concurrency", "12"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False, env=dict(os.environ),
                          preexec_fn=_with_files(24))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "segtui: error: cannot start a sandbox process: Too many open files" in done.stderr
    assert "--concurrency" in done.stderr


@pytest.mark.parametrize("limit", [7, 8, 9])
def test_a_first_sandbox_without_the_files_for_its_pipes_is_a_clear_error(tmp_path, limit):
    # The command's first sandbox starts before its error handling is in place: refused, the engine starts its own and
    # says why not. At 8 the third of a fork's pipes was refused and the two made stayed open, so reading the handler
    # failed instead.
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "segtui", "run", "handler.js", "--event", "track"], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120, check=False, env=dict(os.environ),
                          preexec_fn=_with_files(limit))
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr
    assert "segtui: error: cannot start a sandbox process: Too many open files" in done.stderr


def test_too_few_open_files_for_even_the_first_sandbox_is_a_clear_error(tmp_path):
    # segtui starts its first sandbox before reading its command line, outside the command's handling of errors.
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "events.ndjson").write_text(json.dumps({"type": "track", "event": "E", "n": 1}) + "\n", encoding="utf-8")
    for command in (["run", "handler.js", "--event", "track"], ["replay", "handler.js", "events.ndjson"],
                    ["test", "handler.js", "track"]):
        done = subprocess.run([sys.executable, "-m", "segtui", *command], capture_output=True, text=True, cwd=tmp_path,
                              timeout=120, check=False, env=dict(os.environ), preexec_fn=_with_files(8))
        assert (done.returncode, done.stdout) == (2, ""), done.stderr
        # Where the files ran out (the sandbox's pipes, or the handler's file read next) depends on the command.
        assert done.stderr.startswith("segtui: error: ") and done.stderr.count("\n") == 1, done.stderr
        assert "Too many open files" in done.stderr


def _with_address_space(limit: int):
    """A preexec_fn that lets the process have at most `limit` bytes of address space (`ulimit -v`)."""
    def limited() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, resource.getrlimit(resource.RLIMIT_AS)[1]))
    return limited


def test_a_sandbox_that_cannot_start_under_ulimit_v_says_so(tmp_path):
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "segtui", "run", "handler.js", "--event", "track"], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120, check=False, env=dict(os.environ),
                          preexec_fn=_with_address_space(4 * 2**30))
    assert done.returncode == 2, done.stderr
    assert "bug in segtui" not in done.stderr
    assert "could not start under `ulimit -v` (4,194,304 KB of address space)" in done.stderr


def test_a_limit_v8_outgrows_as_out_of_memory_says_so_too(tmp_path):
    # With more room (64 GB here) V8 got further and died out of memory: reported as an internal error, exit 3. Where V8
    # starts within 64 GB the run succeeds; either way it is never segtui's fault.
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "segtui", "run", "handler.js", "--event", "track"], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120, check=False, env=dict(os.environ),
                          preexec_fn=_with_address_space(64 * 2**30))
    assert done.returncode in (0, 2), done.stderr
    assert "internal error" not in done.stderr
    if done.returncode == 2:
        assert "could not start under `ulimit -v` (67,108,864 KB of address space)" in done.stderr


@pytest.mark.parametrize("limit", [_with_address_space(4 * 2**30), _with_files(12)], ids=["ulimit-v", "ulimit-n"])
def test_the_tui_says_the_system_refused_the_sandbox_not_that_segtui_crashed(tmp_path, limit):
    # A probe: under `ulimit -v 4000000` or `ulimit -n 12` the TUI's run showed "‼ Sandbox Crashed (segtui bug)", where
    # the headless commands said which limit to raise.
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    with tui_in_terminal("handler.js", cwd=tmp_path, preexec_fn=limit) as (cli, shown):
        shown.wait_for("Sandbox Not Started (system limit)")
        shown.wait_for("SandboxRefused")  # the error's name: its message, which names the limit, is drawn wrapped
        assert "segtui bug" not in shown.text and "Crashed" not in shown.text, shown.text[-2000:]
        os.write(shown.terminal, b"\x11")  # ctrl+q
        shown.wait_for_end()
        cli.wait(timeout=60)


@pytest.mark.parametrize("command", [["run", "handler.js", "--event", "events.ndjson"],
                                     ["run", "handler.js", "--event", "events.ndjson", "--color", "always"],
                                     ["test", "handler.js", "suite/1.json", "suite/2.json"],
                                     ["test", "handler.js", "suite/1.json", "suite/2.json", "--json"],
                                     ["replay", "handler.js", "events.ndjson"]],
                         ids=["run", "run-coloured", "test", "test-json", "replay"])
def test_a_sandbox_the_system_refuses_after_the_first_is_its_limit_not_a_bug_in_segtui(tmp_path, loopback, command):
    # The first event asks the test's server, which lowers segtui's limit on open files (`ulimit -n`, as prlimit sets
    # it on a running process), then runs past its time limit in code V8 cannot interrupt (one builtin's long loop), which ends its sandbox: the one started for the next event is refused.
    (tmp_path / "handler.js").write_text(
        "async function onTrack(event, settings) {\n"
        "  if (event.event === 'first') { await fetch(settings.base + '/lower'); new Array(2 ** 32 - 1).reverse(); }\n"
        "  return event;\n"
        "}\n", encoding="utf-8")
    events = [{"type": "track", "event": "first"}, {"type": "track", "event": "second"}]
    (tmp_path / "events.ndjson").write_text("".join(json.dumps(event) + "\n" for event in events), encoding="utf-8")
    (tmp_path / "suite").mkdir()
    for number, event in enumerate(events, 1):
        (tmp_path / "suite" / f"{number}.json").write_text(json.dumps(event), encoding="utf-8")
    started: list[subprocess.Popen[str]] = []

    def lower(received):
        resource.prlimit(started[0].pid, resource.RLIMIT_NOFILE, (3, resource.getrlimit(resource.RLIMIT_NOFILE)[1]))
        return Reply()

    loopback.routes = {"/lower": lower}
    started.append(subprocess.Popen([sys.executable, "-m", "segtui", *command, "--timeout", "1", "--setting",
                                     f"base={loopback.base}"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                    text=True, cwd=tmp_path, env=dict(os.environ)))
    stdout, stderr = started[0].communicate(timeout=120)
    assert started[0].returncode == 2, stdout + stderr
    assert "bug in segtui" not in stdout + stderr and "Traceback" not in stderr
    assert "Too many open files" in stdout + stderr and "ulimit -n" in stdout + stderr
    said = {"run": "‼ Sandbox Not Started", "test": "1 could not start a sandbox (the system's limit)",
            "replay": "Events for which the system refused to start a sandbox"}[command[0]]
    assert said in stdout or "--json" in command, stdout
    if "--json" in command:
        summary = json.loads(stdout)["summary"]
        assert (summary["failed"], summary["crashed"], summary["refused"]) == (1, 0, 1), summary


@pytest.mark.parametrize("stack_kb", [256, 512])
def test_deep_recursion_under_a_small_stack_limit_is_the_handlers_range_error(tmp_path, stack_kb):
    # A probe: under `ulimit -s 512` or less, a handler's runaway recursion ended the sandbox with SIGSEGV ("a bug in
    # segtui"): V8 counts on 984 KB of stack, and the thread it ran on had the size `ulimit -s` gave (musl: 128 KB).
    # Node on AWS Lambda (8 MB) throws a RangeError, which the handler can catch.
    (tmp_path / "handler.js").write_text(
        "let depth = 0;\nfunction down() { depth++; down(); }\n"
        "async function onTrack(event) {\n"
        "  try { down(); } catch (error) { return `${error.name}: ${error.message} (${depth > 5000 ? 'deep' : depth})`; }\n"
        "}\n", encoding="utf-8")

    def small_stack() -> None:
        resource.setrlimit(resource.RLIMIT_STACK, (stack_kb * 1024, resource.getrlimit(resource.RLIMIT_STACK)[1]))

    done = subprocess.run([sys.executable, "-m", "segtui", "run", "handler.js", "--event", "track", "--json"],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False, env=dict(os.environ),
                          stdin=subprocess.DEVNULL, preexec_fn=small_stack)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert json.loads(done.stdout)["return"] == "RangeError: Maximum call stack size exceeded (deep)"
