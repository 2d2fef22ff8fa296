"""What the JS runtime asks of Python through the host channel: run results, fetch, and host services."""

from __future__ import annotations

from collections.abc import Callable

from segtui.runtime.config import SandboxConfig
from segtui.runtime.host_services import services
from segtui.runtime.network import Network


class Host:
    """Serves host calls from the sandbox's JS; runs on V8's thread while JS waits."""

    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.on_done: Callable[[dict], None] = lambda result: None
        self.network = Network(config.network, config.timeout_s)
        self._ops: dict[str, Callable[[object], object]] = {
            "done": self._done, "fetch": self.network.fetch, **services(),
        }

    def handle(self, op: str, payload: object) -> object:
        """Dispatch one call by its op name."""
        return self._ops[op](payload)

    def begin_run(self) -> None:
        """Start collecting for a new run."""
        self.network.begin_run()

    def take_requests(self) -> list[dict]:
        """The requests recorded since the last take."""
        return self.network.take_records()

    def _done(self, result: dict) -> None:
        result["requests"] = self.take_requests()
        self.begin_run()
        self.on_done(result)
