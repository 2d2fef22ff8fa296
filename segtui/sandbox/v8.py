"""The one place that touches mini-racer's internals (with v8_start, which starts V8): contexts on a shared loop and
a synchronous host callback."""

from __future__ import annotations

import ctypes
import functools
import itertools
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

# Importing v8_start starts V8, before mini-racer's package is imported below (mostly asyncio's import, which takes
# longer): every process that imports this runs JavaScript (the sandbox process imports v8_start first of all).
from segtui.sandbox.v8_start import OWNER as _OWNER
from segtui.sandbox.v8_start import V8_FLAGS, V8_HEAP_MB, First, started_early, take_first

__all__ = ["V8_FLAGS", "V8_HEAP_MB", "Interrupted", "V8Context", "started_early"]

import asyncio
import atexit
from concurrent.futures import CancelledError, Future
from contextlib import ExitStack

from py_mini_racer import (
    JSFunction,
    JSMappedObject,
    JSTimeoutException,
    JSUndefined,
    LibAlreadyInitializedError,
    PythonJSConvertedTypes,
    init_mini_racer,
)
from py_mini_racer._context import Context, ContextType
from py_mini_racer._dll import RawValueHandle
from py_mini_racer._mini_racer import _make_context
from py_mini_racer._objects import ObjectFactoryImpl
from py_mini_racer._value_handle import RawValueHandleType

if TYPE_CHECKING:
    from collections.abc import Coroutine


_GET_CURRENT = "_ZN2v87Isolate10GetCurrentEv"
_GET_STATISTICS = "_ZN2v87Isolate17GetHeapStatisticsEPNS_14HeapStatisticsE"
_LOW_MEMORY = "_ZN2v87Isolate21LowMemoryNotificationEv"
"""V8's v8::Isolate::GetCurrent(), GetHeapStatistics(HeapStatistics*) and LowMemoryNotification(), which mini-racer's
library exports (a test checks each against mini-racer's own heap_stats)."""


@functools.cache
def _native(dll: ctypes.CDLL, name: str) -> Any:
    """V8's exported `name` (one of the three above) from mini-racer's library, typed once."""
    method = getattr(dll, name)
    if name == _GET_CURRENT:
        method.argtypes, method.restype = [], ctypes.c_void_p
    else:
        method.argtypes, method.restype = [ctypes.c_void_p] * (2 if name == _GET_STATISTICS else 1), None
    return method


class _HeapStatistics(ctypes.Structure):
    """The leading fields of V8's v8::HeapStatistics (v8-statistics.h), with room for those after them."""

    _fields_ = [("total_heap_size", ctypes.c_size_t), ("total_heap_size_executable", ctypes.c_size_t),
                ("total_physical_size", ctypes.c_size_t), ("total_available_size", ctypes.c_size_t),
                ("used_heap_size", ctypes.c_size_t), ("heap_size_limit", ctypes.c_size_t), ("rest", ctypes.c_byte * 512)]

_loop: asyncio.AbstractEventLoop | None = None


def _raw(address: int) -> RawValueHandleType:
    """A value handle's address, from v8_start's untyped calls, as the package's type."""
    return RawValueHandleType(ctypes.cast(address, RawValueHandle))


_live: set[V8Context] = set()
"""Every context not yet closed, held so that garbage collection never frees one on another thread."""


def _shared_loop() -> asyncio.AbstractEventLoop:
    """Set V8's flags and run one asyncio loop thread for every context, so contexts are cheap to make and free.

    Runs on the owner thread, so it needs no lock.
    """
    global _loop
    if _loop is None:
        try:
            init_mini_racer(flags=V8_FLAGS)
        except LibAlreadyInitializedError:
            raise RuntimeError("V8 was started before segtui set its flags; make every context with V8Context") from None
        _loop = asyncio.new_event_loop()
        threading.Thread(target=_loop.run_forever, name="v8-loop", daemon=True).start()
    return _loop


@atexit.register
def _free_leftovers() -> None:
    for context in list(_live):
        context.close()


class Interrupted(Exception):
    """A script or call was stopped by `V8Context.interrupt`."""


class V8Context:
    """A fresh V8 context whose JS can call `on_call` synchronously on V8's own thread."""

    def __init__(self, on_call: Callable[[memoryview], None], first: bool = False) -> None:
        """`first`: take the context v8_start.evaluate_first made, if any; its script's value is then `first_value`."""
        self._stack = ExitStack()
        self.built_on: threading.Thread | None = None
        self.freed_on: threading.Thread | None = None
        self._calls: set[Future[Any]] = set()
        self.first_value: PythonJSConvertedTypes | None = None
        self._on_call = on_call
        self._callback_id: int | None = None
        self._buffer: memoryview | None = None
        context = _OWNER.run(lambda: self._build(first))
        self._context = context

    def install_host(self, install: JSFunction) -> memoryview:
        """Create the host callback, hand it to `install` (a JS function), and return its shared buffer."""
        context = self._context
        original = context.handle_callback_from_v8

        def dispatch(callback_id: int, raw: RawValueHandleType) -> None:
            if callback_id != self._callback_id:
                original(callback_id, raw)
                return
            self._host_call(context._free, raw)

        object.__setattr__(context, "handle_callback_from_v8", dispatch)
        notification = self._stack.enter_context(context._register_js_notification(lambda _: None))
        self._callback_id = max(context._active_cancelable_mr_task_callbacks)
        buffer = install(notification)
        if not isinstance(buffer, memoryview):
            raise TypeError(f"install returned a {type(buffer).__name__}, not the host's shared buffer")
        self._buffer = buffer
        return buffer

    def _host_call(self, free: Callable[[Any], None], raw: object) -> None:
        """Serve a call of the host callback: its value handle (JS's notification) is only freed, by `free`."""
        free(raw)
        if self._buffer is None:
            raise RuntimeError("the host was called before its buffer was handed over")
        self._on_call(self._buffer)

    def function(self, function: JSFunction) -> Callable[..., object]:
        """`function` as a Python callable taking no arguments but `timeout` (see `eval`).

        mini-racer's own call evaluates `[]` and pushes each argument on every call: that waits for the
        context to be idle (a call to salvage logs from a busy loop would hang V8's shared loop thread)
        and goes through Array.prototype.push, which the handler may have replaced. Here the function,
        `this` and an empty argument array are turned into handles once, now, while the context is idle.
        """
        context = self._context
        handles = (context._python_to_value_handle(function), context._python_to_value_handle(JSUndefined),
                   context._python_to_value_handle(self.eval("[]")))

        def call(timeout: float | None = None) -> object:
            raw = [handle.raw for handle in handles]
            return self._run(context._run_cancelable_mr_task(context._dll.mr_call_function, *raw), timeout)

        return call

    def _run(self, task: Coroutine[Any, Any, PythonJSConvertedTypes], timeout: float | None) -> PythonJSConvertedTypes:
        async def run() -> PythonJSConvertedTypes:
            try:
                return await asyncio.wait_for(task, timeout=timeout)
            except TimeoutError as error:
                raise JSTimeoutException from error

        call = asyncio.run_coroutine_threadsafe(run(), self._context.event_loop)
        self._calls.add(call)
        try:
            return call.result()
        except CancelledError:
            raise Interrupted from None
        finally:
            self._calls.discard(call)

    def interrupt(self) -> None:
        """Stop the script or call in progress (from any thread, V8's own included): it raises Interrupted."""
        for call in list(self._calls):
            call.cancel()

    def eval(self, code: str, timeout: float | None = None) -> PythonJSConvertedTypes:
        """Evaluate a classic script; `timeout` interrupts code that runs before its first await.

        MiniRacer's own class is not used: it installs a `setTimeout` of its own as globals a handler would see.
        """
        return self._run(self._context.eval_cancelable(code), timeout)

    def eval_object(self, code: str) -> JSMappedObject:
        """Evaluate a script whose value is an object (such as runtime.js's entry object)."""
        value = self.eval(code)
        if not isinstance(value, JSMappedObject):
            raise TypeError(f"the script's value is a {type(value).__name__}, not an object")
        return value

    def set_memory_limit(self, limit_bytes: int) -> None:
        """Set V8's hard heap limit; growth past it ends the running script with JSOOMException."""
        self._context.set_hard_memory_limit(limit_bytes)

    def memory_limit_reached(self) -> bool:
        """Whether the hard heap limit stopped a script since the context was made."""
        return self._context.was_hard_memory_limit_reached()

    def heap_used(self) -> int:
        """The bytes V8's heap holds now, garbage included, read from a host call on V8's thread (`_current_isolate`)."""
        statistics = _HeapStatistics()
        _native(self._context._dll, _GET_STATISTICS)(self._current_isolate(), ctypes.byref(statistics))
        return int(statistics.used_heap_size)

    def collect_garbage(self) -> None:
        """Collect all garbage now, from a host call on V8's thread (`_current_isolate`)."""
        _native(self._context._dll, _LOW_MEMORY)(self._current_isolate())

    def _current_isolate(self) -> int:
        """The isolate of V8's thread, for V8's own methods called from a host call there: mini-racer's heap_stats and
        low_memory_notification wait for V8's thread, which the call holds."""
        isolate = _native(self._context._dll, _GET_CURRENT)()
        if not isolate:
            raise RuntimeError("V8's heap was asked for off V8's thread")
        return int(isolate)

    def close(self, timeout: float | None = None) -> bool:
        """Free the context, on the thread that built it; this also stops JS still running, e.g. a loop after an await.
        With `timeout`: False when it is not freed by then, V8's thread being held in code it cannot interrupt (one
        fill of a huge array), which the free waits for."""
        try:
            _OWNER.run(self._free, timeout)
        except TimeoutError:
            return False
        return True

    def _build(self, first: bool) -> Context:
        self.built_on = threading.current_thread()
        made = take_first() if first else None
        context = self._stack.enter_context(_make_context(_shared_loop())) if made is None else self._adopt(made)
        _live.add(self)
        if made is not None:
            self.first_value = context._value_handle_to_python(context._wrap_raw_handle(_raw(made.value)))
        return context

    def _adopt(self, made: First) -> Context:
        """The package's Context for the context v8_start made, as its _make_context builds one for a context it makes:
        the context's calls go to it from now on, and it is freed with this."""
        loop = _shared_loop()
        dll = init_mini_racer(ignore_duplicate_init=True)
        context = Context(dll, ContextType(made.context), loop, ObjectFactoryImpl(), itertools.count(1))  # 0: the package's reserve

        def forward(callback_id: int, raw: int) -> None:
            # A host call's handle is freed by its address: the package's typed handle (ctypes.cast) took ~9 µs of
            # each call on V8's thread.
            if callback_id == self._callback_id:
                self._host_call(made.free, raw)
            else:
                context.handle_callback_from_v8(callback_id, _raw(raw))

        made.forward.append(forward)
        self._stack.callback(lambda: made.forward.clear())  # holds the context's callback until it is freed, next
        self._stack.callback(dll.mr_free_context, made.context)
        return context

    def _free(self) -> None:
        self.freed_on = threading.current_thread()
        if self.freed_on is not self.built_on:
            raise RuntimeError("a V8 context must be freed on the thread that built it")
        _live.discard(self)
        self._stack.close()
