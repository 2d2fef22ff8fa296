"""What the JS runtime asks of Python through the host channel: run results, fetch, and host services."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from segtui.protocol import SandboxConfig
from segtui.sandbox.host_services import HostDeadlineError, HostMemoryError, services
from segtui.sandbox.network import Network


class Host:
    """Serves host calls from the sandbox's JS; runs on V8's thread while JS waits.

    `on_results` serves results.js's "results" call; `before_fetch` runs before each fetch, so the
    results committed before it take the requests made so far before it records its own; `while_fetching(late)`
    runs once a fetch's requests are on the wire, and with late True should their answer (or a fetch_wait's) not
    have begun within meanwhile.LATE_S: the results taken are written then, all of them when late; `on_limit`
    stops the call in progress when a host call is refused past the memory or time limit.
    """

    def __init__(self, config: SandboxConfig, on_results: Callable[[str | None], None],
                 before_fetch: Callable[[], None], while_fetching: Callable[[bool], None],
                 on_limit: Callable[[], None]) -> None:
        self.config = config
        self.network = Network(config.network, config.timeout_s, body_limit=config.memory_mb * 2**20)
        self._before_fetch = before_fetch
        self._while_fetching = while_fetching
        self._on_limit = on_limit
        self._ops: dict[str, Callable[[Any], object]] = {
            "results": on_results, "fetch": self._fetch, "fetch_wait": self._fetch_wait,
            "fetch_abort": self.network.fetch_abort,
            **services(config.memory_mb * 2**20, lambda: self.deadline),
        }
        self.deadline = 0.0
        """When the running event's time limit ends (time.perf_counter)."""
        self.past_deadline: HostDeadlineError | None = None
        """Set when a host call was refused as it would end past the time limit: the run ends with the timeout."""
        self.memory_exceeded = False
        """Set when a host call was refused past the memory limit: the run ends with the memory error."""
        self.cancel_asked = False
        """segtui asked that the run be stopped (protocol.CANCEL_SIGNAL); each run starts without."""
        self.logs_before_fetch: list[dict[str, Any]] = []
        self.emitted_before_fetch: list[dict[str, Any]] = []
        """A source function's messages as of its last fetch, kept as the logs are."""
        """The running event's logs as of its last fetch: what is known of them should it end spinning, when its
        context can no longer hand them over."""

    def handle(self, op: str, payload: object) -> object:
        """Dispatch one call by its op name."""
        try:
            return self._ops[op](payload)
        except HostMemoryError:
            self.memory_exceeded = True
            self._on_limit()
            raise
        except HostDeadlineError as error:
            self.past_deadline = error
            self._on_limit()
            raise

    def reset_limits(self) -> None:
        """Forget a limit a host call was refused at: the next load or run starts afresh."""
        self.memory_exceeded = False
        self.past_deadline = None

    def deadline_notes(self) -> list[str]:
        """What a run stopped by its time limit notes: the host call refused there, if one was."""
        if self.past_deadline is None:
            return []
        return [(f"the time limit would have passed inside a host call, where V8 cannot stop it: {self.past_deadline}, "
                 "so segtui stopped the run there")]

    def begin_run(self, started: float, keep_cancel: bool = False) -> None:
        """A run started at `started` (time.perf_counter), without a cancel asked before it unless `keep_cancel`."""
        self.network.begin_run(started)
        self.deadline = started + self.config.timeout_s
        self.cancel_asked = self.cancel_asked and keep_cancel
        self.logs_before_fetch = []
        self.emitted_before_fetch = []

    def cancel(self) -> None:
        """segtui asked that the run be stopped (protocol.CANCEL_SIGNAL): its watch stops it as at a limit, and the
        script or call in progress (JS that never awaits) is interrupted."""
        self.cancel_asked = True
        self._on_limit()

    @property
    def stopped_for(self) -> str:
        """Why an interrupted run was stopped: past the memory limit, cancelled, else past its time limit."""
        return "memory" if self.memory_exceeded else "cancelled" if self.cancel_asked else "timeout"

    def take_requests(self) -> list[dict[str, Any]]:
        """The requests recorded since the last take."""
        return self.network.take_records()

    def _fetch_wait(self, payload: dict[str, Any]) -> list[Any]:
        """Wait for the fetches the payload names, doing the sandbox's other work meanwhile."""
        return self.network.fetch_wait(payload, self._while_fetching)

    def _fetch(self, batch: dict[str, Any]) -> list[Any]:
        self._before_fetch()
        self.logs_before_fetch += batch.get("logs", [])
        self.emitted_before_fetch += batch.get("emitted", [])
        return self.network.fetch(batch, self._while_fetching)
