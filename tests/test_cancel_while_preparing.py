"""A cancel that comes while the sandbox prepares its masking (protocol.notice "preparing", before the load's clock
starts: the secrets' forms, a cassette's Masker) cancels that load: the handler's top level never runs, and a sandbox
still preparing past segtui's grace is reported as cancelled, never as segtui's crash. Each test freezes the sandbox
(SIGSTOP) at its first write after the load is sent, its "preparing" notice, so the cancel lands while it prepares
whatever the machine's speed."""

from __future__ import annotations

import os
import signal
import time

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from support.freezing import freeze_after_first_write, load_frozen, written

from segtui.engine.engine import Engine
from segtui.engine.process import SandboxProcess
from segtui.protocol import (
    CANCEL_SIGNAL,
    CANCELLED_MESSAGE,
    LoadCommand,
    LoadReply,
    NetworkOptions,
    SandboxConfig,
    notice,
)

PREPARING = len(notice("preparing").encode())


@pytest.fixture(scope="module")
def pem() -> str:
    key = rsa.generate_private_key(65537, 2048)  # its forms take the sandbox a moment to make
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption()).decode()


def _config(tmp_path, pem: str) -> SandboxConfig:
    """A key to mask and a cassette to write: its Masker too is prepared, a while in which to freeze the sandbox."""
    return SandboxConfig(timeout_s=5, network=NetworkOptions(secrets=[pem], record=str(tmp_path / "keys.cassette")))


def _source(url: str) -> str:
    return f'console.log("top level ran"); fetch("{url}");\nasync function onTrack() {{ return 1 }}'


def _paths_once(loopback, path: str) -> list[str]:
    """The paths the loopback server was asked for until it was asked for `path` (bounded: a test that fails)."""
    paths: list[str] = []
    for _ in range(1000):
        paths += [request.path for request in loopback.take()]
        if path in paths:
            break
        time.sleep(0.01)
    return paths


def test_a_cancel_while_the_sandbox_prepares_cancels_the_load_before_its_top_level_runs(tmp_path, pem, loopback):
    # A review: the load forgot a cancel asked while it prepared (it starts the load's clock afresh after preparing),
    # and the top level ran, fetching, after the user had cancelled.
    sandbox = SandboxProcess(_config(tmp_path, pem))
    try:
        sandbox.receive(30)
        pid = sandbox.process.pid
        before = written(pid)
        sandbox.send(LoadCommand(str(tmp_path / "handler.js"), _source(loopback.base + "/cancelled")))
        frozen_at = freeze_after_first_write(pid, before)
        os.kill(pid, CANCEL_SIGNAL)  # segtui's cancel, as ask_to_stop sends it (without its kill past a grace)
        os.kill(pid, signal.SIGCONT)
        assert frozen_at == before + PREPARING, "frozen once it said it is preparing, before it said more"
        cancelled = sandbox.receive(60)
        assert isinstance(cancelled, LoadReply)
        assert (cancelled.ok, (cancelled.error or {}).get("message")) == (False, CANCELLED_MESSAGE)
        assert [entry["message"] for entry in cancelled.logs] == []
        # The same top level, not cancelled, runs and fetches: what the cancel stopped (its request came after none).
        sandbox.send(LoadCommand(str(tmp_path / "handler.js"), _source(loopback.base + "/loaded")))
        loaded = sandbox.receive(60)
        assert isinstance(loaded, LoadReply) and loaded.ok
        assert _paths_once(loopback, "/loaded") == ["/loaded"], "the cancelled top level ran"
    finally:
        sandbox.kill()


def test_a_cancel_of_a_sandbox_still_preparing_past_the_grace_is_reported_as_cancelled_not_a_crash(tmp_path, pem):
    # A review: a sandbox that prepared longer than CANCEL_GRACE_S after a cancel (a cassette's Masker of a few keys
    # takes seconds) was killed and reported as "SandboxCrash ... killed by SIGKILL. This is a bug in segtui".
    engine = Engine(_config(tmp_path, pem))
    try:
        engine.start()
        loading, result, before, frozen_at = load_frozen(engine, tmp_path / "handler.js")  # kept frozen: past the grace
        engine.cancel(keep_logs=True)
        loading.join()
        assert frozen_at == before + PREPARING, "frozen once it said it is preparing, before it said more"
        loaded = result["loaded"]
        assert not loaded.ok and loaded.error is not None
        assert (loaded.error.name, loaded.error.message) == ("SandboxError", CANCELLED_MESSAGE)
    finally:
        engine.close()
