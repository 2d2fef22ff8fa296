"""The one place that touches mini-racer's internals: contexts on a shared loop and a synchronous host callback."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from contextlib import ExitStack

from py_mini_racer import DEFAULT_V8_FLAGS, MiniRacer, init_mini_racer
from py_mini_racer._mini_racer import _make_context

# V8 lets each young-generation semi-space grow to 16 MB; at 2 MB a 10,000-event replay's sandbox
# peaks ~10 MB lower, with no measured change in throughput (bench/memory.py, bench/replay_throughput.py).
# Maglev is the top tier: mini-racer's single thread compiles everything on JS's own thread, and
# TurboFan's compiles cost more than they gain in handlers this short (1,000 no-I/O events in a
# fresh context: ~29 -> ~24 ms; warm: ~18 -> ~13 ms; CPU-bound loops measured unchanged).
V8_FLAGS = (*DEFAULT_V8_FLAGS, "--max-semi-space-size=2", "--maglev-as-top-tier")

_loop: asyncio.AbstractEventLoop | None = None
_loop_lock = threading.Lock()


def _shared_loop() -> asyncio.AbstractEventLoop:
    """Set V8's flags and run one asyncio loop thread for every context, so contexts are cheap to make and free."""
    global _loop
    with _loop_lock:
        if _loop is None:
            init_mini_racer(flags=V8_FLAGS, ignore_duplicate_init=True)
            _loop = asyncio.new_event_loop()
            threading.Thread(target=_loop.run_forever, name="v8-loop", daemon=True).start()
        return _loop


class V8Context:
    """A fresh V8 context whose JS can call `on_call` synchronously on V8's own thread."""

    def __init__(self, on_call: Callable[[memoryview], None]) -> None:
        self._stack = ExitStack()
        context = self._stack.enter_context(_make_context(_shared_loop()))
        self.racer = MiniRacer(context=context)
        self._context = context
        self._on_call = on_call
        self._callback_id: int | None = None
        self._buffer: memoryview | None = None

    def install_host(self, install_expr: str) -> memoryview:
        """Create the host callback, hand it to `install_expr` (a JS function), and return its shared buffer."""
        context = self._context
        original = context.handle_callback_from_v8

        def dispatch(callback_id: int, raw: object) -> None:
            if callback_id != self._callback_id:
                original(callback_id, raw)
                return
            context._free(raw)
            self._on_call(self._buffer)

        object.__setattr__(context, "handle_callback_from_v8", dispatch)
        notification = self._stack.enter_context(context._register_js_notification(lambda _: None))
        self._callback_id = max(context._active_cancelable_mr_task_callbacks)
        install = self.racer.eval(install_expr)
        self._buffer = install(notification)
        return self._buffer

    def eval(self, code: str, timeout: float | None = None) -> object:
        """Evaluate a classic script; `timeout` interrupts code that runs before its first await."""
        return self.racer.eval(code, timeout_sec=timeout)

    def set_memory_limit(self, limit_bytes: int) -> None:
        """Set V8's hard heap limit; growth past it ends the running script with JSOOMException."""
        self.racer.set_hard_memory_limit(limit_bytes)

    def memory_limit_reached(self) -> bool:
        """Whether the hard heap limit stopped a script since the context was made."""
        return self.racer.was_hard_memory_limit_reached()

    def close(self) -> None:
        """Free the context; this also stops JS that is still running, e.g. a busy loop after an await."""
        self._stack.close()
