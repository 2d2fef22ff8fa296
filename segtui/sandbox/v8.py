"""The one place that touches mini-racer's internals: V8 started early, contexts on a shared loop and a synchronous host callback."""

from __future__ import annotations

import ctypes
import functools
import importlib.util
import queue
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, cast

# V8 lets each young-generation semi-space grow to 16 MB; at 2 MB a 10,000-event replay's sandbox
# peaks ~10 MB lower, with no measured change in throughput (bench/memory.py, bench/replay_throughput.py).
# Maglev is the top tier: mini-racer's single thread compiles everything on JS's own thread, and
# TurboFan's compiles cost more than they gain in handlers this short (1,000 no-I/O events in a
# fresh context: ~29 -> ~24 ms; warm: ~18 -> ~13 ms; CPU-bound loops measured unchanged).
#
# Memory protection keys: on CPUs that have them (`pku` in /proc/cpuinfo: recent EPYC and Xeon Scalable,
# some desktops) V8 guards each isolate's memory per thread, and freeing a context on a thread other than
# the one that built it, or after that thread has ended, segfaults in Isolate::Deinit. Two structural
# rules keep that from happening whatever the CPU: V8 runs with the keys off (--no-memory-protection-keys),
# and V8's start and every context's build and free happen on one thread that lives as long as the process
# (`_OWNER`). Either alone avoided the crash on such a CPU; CPUs without pku cannot show it, so tests check
# the rules instead. The first flag is mini-racer's own default (DEFAULT_V8_FLAGS, checked by a test).
#
# Syntax newer than Node 20's V8 (11.3) is switched off, so a handler that uses it fails to load here as it would on
# Segment: regular expression modifiers (`(?i:…)`), duplicate named groups, and `using` declarations (the built-ins
# that came with them are taken away by node20_builtins.js). Conformance fixture engine_syntax checks each.
#
# V8's heap ceiling follows the machine's memory unless pinned (a quarter of it, up to ~1.5 GB): on a small machine it
# fell below a memory limit segtui accepts, and V8 then ended the process (SIGTRAP, no last words) before segtui's own
# limit stopped the run. Pinned, segtui's limit (at most protocol.MAX_MEMORY_MB) is always the one that acts first.
#
# V8's compilation cache stays on (its default): with it off, each eval and each Function constructor call compiled its
# source again, and a loop of 20,000 identical evals ran 20-50 times slower than in Node. What the cache changes: the
# Function constructor given a source it built before, from another caller, hands that build back, and its frames name
# the first caller where Node 20 (whose V8 caches a source at its second build) may name a later one (README).
V8_HEAP_MB = 1536
"""V8's heap ceiling, pinned (protocol.MAX_MEMORY_MB stays well below it: a test checks)."""
V8_FLAGS = ("--single-threaded", "--max-semi-space-size=2", "--maglev-as-top-tier", "--no-memory-protection-keys",
            "--no-js-regexp-modifiers", "--no-js-regexp-duplicate-named-groups",
            "--no-js-explicit-resource-management", f"--max-old-space-size={V8_HEAP_MB}")

_LIBRARY = {"darwin": "libmini_racer.dylib", "win32": "mini_racer.dll"}.get(sys.platform, "libmini_racer.so")
"""mini-racer's native library, in its package's folder, as its `_dll._get_lib_filename` names it."""
_ICU_DATA = "icudtl.dat"
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
started_early = threading.Event()
"""Set once `_start_library` has started V8 (the canary test checks that it still can)."""

_T = TypeVar("_T")


class _Owner:
    """The one thread that starts V8 and builds and frees every context: a daemon, so it outlives atexit, where
    leftovers are freed."""

    def __init__(self) -> None:
        self._work: queue.SimpleQueue[tuple[Callable[[], object], Any]] = queue.SimpleQueue()
        self.thread = threading.Thread(target=self._serve, name="v8-owner", daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        while True:
            work, done = self._work.get()
            try:
                result = work()
            except BaseException as error:  # noqa: BLE001 - handed back to the caller, which raises it
                if done is not None:
                    done.set_exception(error)
            else:
                if done is not None:
                    done.set_result(result)

    def start(self, work: Callable[[], object]) -> None:
        """Run `work` on the owner thread before anything asked of it later, without waiting for it."""
        self._work.put((work, None))

    def run(self, work: Callable[[], _T], timeout: float | None = None) -> _T:
        """Run `work` on the owner thread and wait for it (at once when already there), up to `timeout` seconds if
        given (then TimeoutError, the work going on)."""
        if threading.current_thread() is self.thread:
            return work()
        done: Future[Any] = Future()
        self._work.put((work, done))
        return cast(_T, done.result(timeout))


def _start_library() -> None:
    """Load mini-racer's library and start V8 with V8_FLAGS, without its Python package.

    The package's import (mostly asyncio's) takes about as long as V8's start, so the two overlap: this runs on
    the owner thread while the import runs on the importing one (a ctypes call lets go of Python's lock).
    The package's own start later (`init_mini_racer`, same flags, same ICU data) finds V8 started: its native
    init runs once per process (std::call_once). Anything missing here leaves the start to the package, which
    then says what is wrong.
    """
    spec = importlib.util.find_spec("py_mini_racer")
    if spec is None or not spec.submodule_search_locations:
        return
    folder = Path(next(iter(spec.submodule_search_locations)))
    if not (folder / _LIBRARY).is_file() or not (folder / _ICU_DATA).is_file():
        return
    library = ctypes.CDLL(str(folder / _LIBRARY))
    library.mr_init_v8.argtypes = [ctypes.c_char_p, ctypes.c_char_p]
    library.mr_init_v8.restype = None
    library.mr_init_v8(" ".join(V8_FLAGS).encode("utf-8"), str(folder / _ICU_DATA).encode("utf-8"))
    started_early.set()


# Importing this module starts V8, before mini-racer's package is imported below: every process that imports it
# runs JavaScript (the sandbox process imports it first of all, segtui/sandbox/serve.py).
_OWNER = _Owner()
_OWNER.start(_start_library)
# The rest is imported while V8 starts: the import of mini-racer's package (mostly asyncio's) takes about as long.

import asyncio
import atexit
from concurrent.futures import CancelledError, Future
from contextlib import ExitStack
from typing import TYPE_CHECKING

from py_mini_racer import (
    JSFunction,
    JSMappedObject,
    JSTimeoutException,
    JSUndefined,
    LibAlreadyInitializedError,
    PythonJSConvertedTypes,
    init_mini_racer,
)
from py_mini_racer._context import Context
from py_mini_racer._mini_racer import _make_context
from py_mini_racer._value_handle import RawValueHandleType

if TYPE_CHECKING:
    from collections.abc import Coroutine

_loop: asyncio.AbstractEventLoop | None = None
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

    def __init__(self, on_call: Callable[[memoryview], None]) -> None:
        self._stack = ExitStack()
        self.built_on: threading.Thread | None = None
        self.freed_on: threading.Thread | None = None
        self._calls: set[Future[Any]] = set()
        context = _OWNER.run(self._build)
        self._context = context
        self._on_call = on_call
        self._callback_id: int | None = None
        self._buffer: memoryview | None = None

    def install_host(self, install: JSFunction) -> memoryview:
        """Create the host callback, hand it to `install` (a JS function), and return its shared buffer."""
        context = self._context
        original = context.handle_callback_from_v8

        def dispatch(callback_id: int, raw: RawValueHandleType) -> None:
            if callback_id != self._callback_id:
                original(callback_id, raw)
                return
            context._free(raw)
            if self._buffer is None:
                raise RuntimeError("the host was called before its buffer was handed over")
            self._on_call(self._buffer)

        object.__setattr__(context, "handle_callback_from_v8", dispatch)
        notification = self._stack.enter_context(context._register_js_notification(lambda _: None))
        self._callback_id = max(context._active_cancelable_mr_task_callbacks)
        buffer = install(notification)
        if not isinstance(buffer, memoryview):
            raise TypeError(f"install returned a {type(buffer).__name__}, not the host's shared buffer")
        self._buffer = buffer
        return buffer

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

    def _build(self) -> Context:
        self.built_on = threading.current_thread()
        context = self._stack.enter_context(_make_context(_shared_loop()))
        _live.add(self)
        return context

    def _free(self) -> None:
        self.freed_on = threading.current_thread()
        if self.freed_on is not self.built_on:
            raise RuntimeError("a V8 context must be freed on the thread that built it")
        _live.discard(self)
        self._stack.close()
