"""V8 started on its owner thread, from mini-racer's library alone, as its package (mostly asyncio's import) loads; and
the sandbox's first context made and its prelude evaluated there meanwhile (`evaluate_first`).

The package's import takes longer than V8's start: the owner thread was idle until it came, and only then built the
first context (~60-90 ms of V8's work before the sandbox is ready). segtui.sandbox.v8 adopts that context as it is.
"""

from __future__ import annotations

import atexit
import ctypes
import functools
import importlib.util
import queue
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple, TypeVar, cast

if TYPE_CHECKING:
    from concurrent.futures import Future

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
# (`OWNER`). Either alone avoided the crash on such a CPU; CPUs without pku cannot show it, so tests check
# the rules instead. The first flag is mini-racer's own default (DEFAULT_V8_FLAGS, checked by a test).
#
# Syntax newer than Node 20's V8 (11.3) is switched off, so a handler that uses it fails to load here as it would on
# Segment: regular expression modifiers (`(?i:…)`), duplicate named groups, and `using` declarations (the built-ins
# that came with them are taken away by node20_builtins.js). Conformance fixture engine_syntax checks each.
#
# JSON.stringify's fast path (newer than Node 20's V8) is off: it writes any depth without recursing, where Node 20's
# recurses into each object or array and throws "Maximum call stack size exceeded", which a handler can catch. Off,
# V8 recurses too: data nested 10,000 deep throws as in Node (its stack allows ~4,181 levels; segtui's ~6,225), and
# long flat data is written at about half the speed (still as fast as Node 20). Conformance fixture json_stringify_deep.
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
            "--no-js-explicit-resource-management", "--no-json-stringify-fast-path", f"--max-old-space-size={V8_HEAP_MB}")

_LIBRARY = {"darwin": "libmini_racer.dylib", "win32": "mini_racer.dll"}.get(sys.platform, "libmini_racer.so")
"""mini-racer's native library, in its package's folder, as its `_dll._get_lib_filename` names it."""
_ICU_DATA = "icudtl.dat"
_STRING = 5
"""mini-racer's type tag of a UTF-8 string value (its _MiniRacerTypes.str_utf8)."""
_EXIT_WAIT_S = 30.0
"""How long a process's exit waits for the first context's evaluation (`evaluate_first`): ~0.1 s, far more on a busy
machine."""
_FIRST_TASK = 1
"""The callback id of the first context's evaluation: the package's ids of a context start at 1 too (0 is reserved),
and this task has ended before the package is given the context."""
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
        from concurrent.futures import Future  # imported with asyncio, after V8 has started

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
    _library.append(library)
    started_early.set()


_library: list[ctypes.CDLL] = []
"""mini-racer's library, once `_start_library` has loaded it and started V8."""
_Callback = ctypes.CFUNCTYPE(None, ctypes.c_uint64, ctypes.c_void_p)


class First(NamedTuple):
    """A context made with mini-racer's library alone, and the value its first script gave: its package adopts both."""

    context: int
    """mini-racer's id of the context."""
    value: int
    """The address of the value handle the script gave (or the error it threw)."""
    callback: Any
    """The context's callback, kept alive while the context lives: each call goes to `forward`, once set."""
    forward: list[Callable[[int, int], None]]
    free: Callable[[int], None]
    """Frees a value handle of the context, given its address (no typed handle made for it)."""


_first: list[First] = []


def evaluate_first(source: Callable[[], str]) -> None:
    """Make a context on the owner thread as soon as V8 has started, and evaluate `source()` in it (`take_first`).

    A process that ends meanwhile waits for the evaluation at exit: its end calls back into Python from V8's thread,
    and into an interpreter being torn down that crashed the process (SIGSEGV; a test importing every module saw it)."""
    ended = threading.Event()

    def evaluate() -> None:
        try:
            _evaluate_first(source)
        finally:
            ended.set()

    atexit.register(ended.wait, _EXIT_WAIT_S)
    OWNER.start(evaluate)


def _evaluate_first(source: Callable[[], str]) -> None:
    if not _library:
        return  # V8 did not start here: the package starts it, or says what is wrong, and builds every context
    library = _library[0]
    done = threading.Event()
    result: list[int] = []
    forward: list[Callable[[int, int], None]] = []

    def on_call(callback_id: int, raw: int) -> None:
        if forward:
            forward[0](callback_id, raw)
        else:
            result.append(raw)
            done.set()

    callback = _Callback(on_call)
    library.mr_init_context.argtypes, library.mr_init_context.restype = [_Callback], ctypes.c_uint64
    library.mr_alloc_string_val.argtypes = [ctypes.c_uint64, ctypes.c_char_p, ctypes.c_uint64, ctypes.c_uint8]
    library.mr_alloc_string_val.restype = ctypes.c_void_p
    library.mr_eval.argtypes, library.mr_eval.restype = [ctypes.c_uint64, ctypes.c_void_p, ctypes.c_uint64], ctypes.c_uint64
    library.mr_free_value.argtypes, library.mr_free_value.restype = [ctypes.c_uint64, ctypes.c_void_p], None
    code = source().encode("utf-8")
    context = library.mr_init_context(callback)
    text = library.mr_alloc_string_val(context, code, len(code), _STRING)
    library.mr_eval(context, text, _FIRST_TASK)
    done.wait()
    library.mr_free_value(context, text)
    _first.append(First(context, result[0], callback, forward, functools.partial(library.mr_free_value, context)))


def take_first() -> First | None:
    """The first context, once its script has been evaluated, if `evaluate_first` made one and no one took it; on the
    owner thread."""
    return _first.pop() if _first else None


# Importing this module starts V8: every process that imports it runs JavaScript (the sandbox process imports it first
# of all, segtui/sandbox/serve.py).
OWNER = _Owner()
OWNER.start(_start_library)
