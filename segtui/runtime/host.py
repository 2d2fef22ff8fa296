"""What the JS runtime asks of Python through the host channel: run results, fetch, and host services."""

from __future__ import annotations

from collections.abc import Callable

from segtui.runtime.config import SandboxConfig
from segtui.runtime.host_services import services
from segtui.runtime.network import Network


class Host:
    """Serves host calls from the sandbox's JS; runs on V8's thread while JS waits.

    `on_results` serves results.js's "results" call; `before_fetch` runs before each fetch, so the
    results committed before it are answered (with the requests made so far) before it records its own.
    """

    def __init__(self, config: SandboxConfig, on_results: Callable[[str | None], None],
                 before_fetch: Callable[[], None]) -> None:
        self.config = config
        self.network = Network(config.network, config.timeout_s)
        self._before_fetch = before_fetch
        self._ops: dict[str, Callable[[object], object]] = {
            "results": on_results, "fetch": self._fetch, **services(),
        }

    def handle(self, op: str, payload: object) -> object:
        """Dispatch one call by its op name."""
        return self._ops[op](payload)

    def begin_run(self, started: float) -> None:
        """A run started at `started` (time.perf_counter)."""
        self.network.begin_run(started)

    def take_requests(self) -> list[dict]:
        """The requests recorded since the last take."""
        return self.network.take_records()

    def _fetch(self, batch: dict) -> list:
        self._before_fetch()
        return self.network.fetch(batch)
