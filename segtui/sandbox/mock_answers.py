"""The exchanges mock rules answer requests with, in the sandbox: their delays, failures and bodies."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from segtui.mock_rules import MockRule
from segtui.sandbox.exchange import DEADLINE_NOTE, Exchange, Outgoing, system_error, timeout_error
from segtui.sandbox.response_body import too_large


def answer(rule: MockRule, outgoing: Outgoing, deadline: float, started: float | None = None,
           cut: threading.Event | None = None) -> Exchange:
    """The exchange a rule gives: its delay (bounded by the request's timeout and the run), counted from `started`
    (now when not given) and ended early by `cut`, then its answer."""
    started = time.perf_counter() if started is None else started

    def _wait(seconds: float) -> None:
        if seconds > 0 and cut is not None:
            cut.wait(seconds)
        elif seconds > 0:
            time.sleep(seconds)

    limit = outgoing.timeout_ms / 1000 if outgoing.timeout_ms > 0 else None
    timeout_at = started + limit if limit is not None else None
    delay_until = started + rule.delay_ms / 1000
    if rule.fail == "timeout":
        delay_until = timeout_at if timeout_at is not None else deadline
    if timeout_at is not None and delay_until >= timeout_at and timeout_at < deadline:
        _wait(timeout_at - time.perf_counter())
        return Exchange(error=timeout_error(outgoing.url), source="mock", rule=rule.number)
    if delay_until >= deadline:
        _wait(deadline - time.perf_counter())
        return Exchange(error=timeout_error(outgoing.url), note=DEADLINE_NOTE, source="mock", rule=rule.number)
    _wait(delay_until - time.perf_counter())
    if rule.fail == "refused":
        error = system_error(outgoing.url, f"connect ECONNREFUSED {outgoing.host}:{outgoing.port}", "ECONNREFUSED")
    elif rule.fail == "dns":
        error = system_error(outgoing.url, f"getaddrinfo ENOTFOUND {outgoing.host}", "ENOTFOUND")
    elif rule.fail == "reset":
        error = system_error(outgoing.url, "socket hang up", "ECONNRESET")
    else:
        error = None
    if error is not None:
        return Exchange(error=error, source="mock", rule=rule.number)
    body = b"" if outgoing.method == "HEAD" else rule.body
    body_error = None
    if outgoing.size_cap is not None and len(body) > outgoing.size_cap:
        body_error = too_large(outgoing, outgoing.size_cap)
    return Exchange(rule.status, rule.status_text, list(rule.headers), body, body_error=body_error,
                    source="mock", rule=rule.number, wait_ms=(time.perf_counter() - started) * 1000)


class DelayedAnswer:
    """A rule's answer that waits first (a delay, or a timeout it fakes); the wait ends by the deadline on its own.

    The delay counts from the fetch call, as a server's latency would: time spent queued on segtui's pool (16 at a
    time) is part of it, so 40 requests delayed 1 s at once are answered after 1 s, as Node's would be, not 3 s."""

    def __init__(self, rule: MockRule, outgoing: Outgoing, deadline: float) -> None:
        self.rule = rule
        self.outgoing = outgoing
        self.deadline = deadline
        self.ends_at = deadline
        self.called = time.perf_counter()
        self._cut = threading.Event()

    def __call__(self, meanwhile: Callable[[bool], None]) -> Exchange:
        """Do `meanwhile` as late (the rule's delay stands for a slow server's), wait, then answer."""
        meanwhile(True)
        return answer(self.rule, self.outgoing, self.deadline, self.called, self._cut)

    def cut(self) -> None:
        """End the wait (from any thread): its handler aborted the request, or ended; the pool's thread is free."""
        self._cut.set()
