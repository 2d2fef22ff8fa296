"""Shared fixtures: a loopback HTTP server that keeps the exact bytes of each request it receives, and a
sandbox to run handlers against it (a module sets its options in `ENGINE_OPTIONS`), in its own process or in
the test's (`SANDBOX_OPTIONS`)."""

from __future__ import annotations

import compileall
import os
from pathlib import Path

import pytest
from support.http_server import LoopbackServer
from support.sandbox_helpers import HandlerRunner, make_engine

import segtui

_PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY")


@pytest.fixture(scope="session", autouse=True)
def no_proxy_from_the_machine():
    """Live requests honour proxy variables; tests talk to their own loopback servers, so a machine's proxy is unset
    for the whole run (the proxy tests set their own)."""
    names = [name for base in _PROXY_VARIABLES for name in (base, base.lower())]
    saved = {name: os.environ.pop(name) for name in names if name in os.environ}
    yield
    os.environ.update(saved)


@pytest.fixture(scope="session", autouse=True)
def compiled_modules_cached():
    """segtui's modules are compiled once, before any test starts a process, as an installed segtui has them (pip
    compiles it): on a machine that sets PYTHONDONTWRITEBYTECODE, each segtui and sandbox process compiled them again
    (about half of a short command's CPU), and where it is not set, the first to import one wrote its file (tests that
    count a sandbox's writes, support.freezing, saw them)."""
    compileall.compile_dir(Path(segtui.__file__).parent, quiet=1)


@pytest.fixture(autouse=True)
def no_names_from_another_test():
    """The names a test's call of cli.main noted (control_chars.note_user_names) end with that test."""
    from segtui import control_chars

    yield
    control_chars.note_user_names(())


@pytest.fixture(scope="module")
def engine(request):
    """A started sandbox shared by the module's tests, with the module's `ENGINE_OPTIONS` (SandboxConfig fields)."""
    engine = make_engine(**getattr(request.module, "ENGINE_OPTIONS", {}))
    yield engine
    engine.close()


@pytest.fixture
def sandbox(request):
    """A sandbox in the test's own process (its spare context built on a helper thread), with the module's
    `SANDBOX_OPTIONS` (SandboxConfig fields; 5 s and 64 MB unless set)."""
    from segtui.protocol import SandboxConfig
    from segtui.sandbox.sandbox import Sandbox

    sandbox = Sandbox(SandboxConfig(**{"timeout_s": 5, "memory_mb": 64, **getattr(request.module, "SANDBOX_OPTIONS", {})}))
    yield sandbox
    sandbox.close()


@pytest.fixture
def runner(engine, tmp_path):
    """Runs handler sources written to the test's temporary folder on the module's engine."""
    return HandlerRunner(engine, tmp_path)


@pytest.fixture(scope="module")
def http_server():
    """A loopback server for the module's tests; each test starts by taking what earlier ones left."""
    server = LoopbackServer()
    yield server
    server.close()


@pytest.fixture
def loopback(http_server):
    """The module's loopback server with no routes of a previous test and nothing received yet."""
    http_server.routes = {}
    http_server.take()
    return http_server
