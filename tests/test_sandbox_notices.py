"""The sandbox's notices (protocol.NOTICE) keep segtui's wait for an answer on the sandbox's own clock. A sandbox stopping
a run at its limit says so before it answers, and segtui then waits for that answer rather than killing the sandbox a
short grace past the limit: on a busy machine, the stop's own bounded waits (a stuck host call, taking the logs) may
run past that grace, and a kill loses every log and record of the run. A reload before the next event says so too."""

import contextlib
import json
import os
import signal
import threading
import time

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from support.freezing import load_frozen, written
from support.sandbox_helpers import HandlerRunner, make_engine

from segtui.engine.engine import Engine
from segtui.engine.process import GRACE_S, LOAD_GRACE_S, SandboxProcess
from segtui.protocol import STOP_BOUND_S, InvokeCommand, LoadCommand, LoadReply, NetworkOptions, SandboxConfig, notice

ENGINE_OPTIONS = {"timeout_s": 1, "memory_mb": 64}

# V8's thread stays minutes in this host call, so the sandbox's stop first waits for it to end (stopped_run.STUCK_GRACE_S).
STUCK = "crypto.pbkdf2Sync('p', Buffer.alloc(1 << 20), 1, 32 * 60000, 'sha256')"
SOURCE = f"async function onTrack() {{\n  console.log('before');\n  {STUCK};\n}}"


def _lines(fd: int, count: int) -> list[bytes]:
    """The next `count` lines read from `fd`."""
    data = b""
    while data.count(b"\n") < count:
        chunk = os.read(fd, 1 << 16)
        assert chunk, f"the sandbox ended after {data!r}"
        data += chunk
    return data.split(b"\n")[:count]


def test_the_sandbox_says_it_is_stopping_before_it_answers_the_stopped_event(tmp_path):
    sandbox = SandboxProcess(SandboxConfig(timeout_s=1, memory_mb=64))
    try:
        sandbox.receive(30)
        sandbox.send(LoadCommand(str(tmp_path / "handler.js"), SOURCE))
        assert isinstance(sandbox.receive(30), LoadReply)
        sandbox.send(InvokeCommand([json.dumps({"type": "track"})], "{}"))
        said, answer = _lines(sandbox.stdout.fileno(), 2)
        assert said + b"\n" == notice("stopping timeout").encode()
        [result] = json.loads(answer) if answer.startswith(b"[") else [json.loads(answer)]
        assert (result["outcome"], [entry["message"] for entry in result["logs"]]) == ("timeout", ["before"])
    finally:
        sandbox.kill()


def test_a_sandbox_held_up_after_it_says_it_is_stopping_is_waited_for_and_the_run_keeps_its_logs(runner):
    """The sandbox is frozen (SIGSTOP) from its first write after the run starts, its notice, for longer than segtui's
    grace past the limit: segtui must wait for its answer rather than kill it."""
    runner.load(SOURCE)
    pid = runner.engine.sandbox_pid
    assert pid is not None
    before = written(pid)
    frozen = threading.Event()

    def freeze_at_first_write() -> None:
        while written(pid) == before:
            time.sleep(0.001)
        os.kill(pid, signal.SIGSTOP)
        frozen.set()
        time.sleep(GRACE_S + 0.5)  # longer than the engine's grace past the limit
        with contextlib.suppress(ProcessLookupError):  # killed meanwhile, should segtui not have waited
            os.kill(pid, signal.SIGCONT)

    freezer = threading.Thread(target=freeze_at_first_write, daemon=True)
    freezer.start()
    result = runner.engine.invoke({"type": "track"}, {})
    freezer.join()
    assert frozen.is_set()
    assert result.outcome == "timeout"
    assert [entry.message for entry in result.logs] == ["before"], result.notes


def test_the_event_after_a_stopped_one_gets_its_whole_time_limit_after_the_handler_is_loaded_again(tmp_path):
    """The first event's timeout costs the context, so the second waits for a fresh load of a top level that takes
    most of the limit (without using a CPU), then for most of its own limit: together longer than the limit and
    segtui's grace past it, which segtui counted from when it sent the event, and killed a healthy run."""
    limit, wait_ms = 4, 3300
    assert 2 * wait_ms / 1000 > limit + GRACE_S and wait_ms / 1000 < limit
    slow_from = int(time.time() * 1000) + 2000  # the first load, now, is quick; the one after the timeout is slow
    engine = make_engine(timeout_s=limit)
    try:
        assert HandlerRunner(engine, tmp_path).load(
            f"if (Date.now() > {slow_from}) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, {wait_ms});\n"
            "async function onTrack(event) {\n"
            "  if (event.event === 'first') await new Promise(() => {});\n"
            f"  await new Promise((resolve) => setTimeout(resolve, {wait_ms}));\n"
            "  return event.event;\n}").ok
        first, second = engine.invoke_many([{"type": "track", "event": "first"}, {"type": "track", "event": "second"}], {})
    finally:
        engine.close()
    assert first.outcome == "timeout"
    assert (second.outcome, second.return_value, second.notes) == ("success", "second", [])


def test_the_sandbox_prepares_its_masking_before_the_load_s_clock_starts_and_segtui_waits_for_it_apart(tmp_path):
    """With a private key to mask and a cassette to write, the sandbox's first word after the load is sent is that it
    prepares its masking (the key's forms, the cassette's Masker: seconds for a few keys), before the load's clock
    starts. Frozen there (SIGSTOP) for longer than segtui waits for a load (the time limit and its grace) or for a stopping
    run, it still loads: segtui waits for the masking apart from the load, whose own wait starts at "prepared"."""
    key = rsa.generate_private_key(65537, 2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                            serialization.NoEncryption()).decode()
    limit = 1
    engine = Engine(SandboxConfig(timeout_s=limit, network=NetworkOptions(secrets=[pem],
                                                                          record=str(tmp_path / "keys.cassette"))))
    try:
        engine.start()
        pid = engine.sandbox_pid
        loading, result, before, frozen_at = load_frozen(engine, tmp_path / "handler.js")
        time.sleep(max(limit + LOAD_GRACE_S, STOP_BOUND_S) + 0.5)  # past segtui's wait for a load, or for a stop
        with contextlib.suppress(ProcessLookupError):  # killed meanwhile, should segtui not have waited
            os.kill(pid, signal.SIGCONT)
        loading.join()
    finally:
        engine.close()
    assert frozen_at == before + len(notice("preparing").encode()), "its first word was that it prepares"
    assert result["loaded"].ok, result["loaded"].error
