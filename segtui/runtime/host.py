"""What the JS runtime asks of Python through the host channel: run results, fetch, and host services."""

from __future__ import annotations

from collections.abc import Callable

from segtui.runtime.config import SandboxConfig
from segtui.runtime.host_services import services


class Host:
    """Serves host calls from the sandbox's JS; runs on V8's thread while JS waits."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.on_done: Callable[[dict], None] = lambda result: None
        self._requests: list[dict] = []
        self._ops: dict[str, Callable[[object], object]] = {"done": self._done, **services()}

    def handle(self, op: str, payload: object) -> object:
        """Dispatch one call by its op name."""
        return self._ops[op](payload)

    def begin_run(self) -> None:
        """Start collecting for a new run."""

    def take_requests(self) -> list[dict]:
        """The requests recorded since the last take."""
        taken, self._requests = self._requests, []
        return taken

    def _done(self, result: object) -> None:
        self.on_done(result)
