"""Shared fixtures: a loopback HTTP server that keeps the exact bytes of each request it receives."""

from __future__ import annotations

import pytest
from support.http_server import LoopbackServer


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
