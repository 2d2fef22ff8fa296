"""The mini-racer internals segtui/sandbox/v8.py relies on still exist: a new mini-racer fails here, loudly, by name.

segtui pins mini-racer exactly; this canary says what to look at when that pin moves.
"""

from __future__ import annotations

import ctypes
import inspect
import subprocess
import sys
import tomllib
from importlib.metadata import version
from pathlib import Path

import py_mini_racer
from py_mini_racer import _context, _dll, _mini_racer, _objects

from segtui.sandbox import v8_start
from segtui.sandbox.v8 import V8_FLAGS

NEEDED = {
    "py_mini_racer._mini_racer._make_context (builds and frees a context on the calling thread)":
        lambda: callable(_mini_racer._make_context),
    "Context.handle_callback_from_v8 (segtui's host callback is dispatched from it)":
        lambda: callable(_context.Context.handle_callback_from_v8),
    "Context._free (frees a value handle passed to a callback)": lambda: callable(_context.Context._free),
    "Context._register_js_notification (creates the JS function that calls Python)":
        lambda: callable(_context.Context._register_js_notification),
    "Context._active_cancelable_mr_task_callbacks (where the new callback's id is read)":
        lambda: "_active_cancelable_mr_task_callbacks" in _context.Context.__dataclass_fields__,
    "Context(dll, ctx, loop, object factory, callback ids), as _make_context builds one (v8.py adopts v8_start's context)":
        lambda: list(inspect.signature(_context.Context).parameters)[:5] == ["_dll", "_ctx", "event_loop",
                                                                              "_object_factory", "_next_async_callback_id"],
    "Context._value_handle_to_python and _wrap_raw_handle (the first context's prelude value)":
        lambda: callable(_context.Context._value_handle_to_python) and callable(_context.Context._wrap_raw_handle),
    "Context._python_to_value_handle (function, this and argument handles made once)":
        lambda: callable(_context.Context._python_to_value_handle),
    "Context._run_cancelable_mr_task(dll_method, *args) (calls with a timeout)":
        lambda: list(inspect.signature(_context.Context._run_cancelable_mr_task).parameters)[:2] == ["self", "dll_method"],
    "Context.eval_cancelable (evaluation with a timeout)": lambda: callable(_context.Context.eval_cancelable),
    "Context.set_hard_memory_limit / was_hard_memory_limit_reached":
        lambda: callable(_context.Context.set_hard_memory_limit) and callable(_context.Context.was_hard_memory_limit_reached),
    "py_mini_racer.LibAlreadyInitializedError (V8 must start with segtui's flags)":
        lambda: issubclass(py_mini_racer.LibAlreadyInitializedError, Exception),
    "_MiniRacerTypes.str_utf8 == v8_start._STRING (the first context's source is allocated with that tag)":
        lambda: _objects._MiniRacerTypes.str_utf8 == v8_start._STRING,
    "_context._UNCANCELABLE_TASK_CALLBACK_ID == 0 (v8_start's first task takes id 1, before the package's own ids)":
        lambda: _context._UNCANCELABLE_TASK_CALLBACK_ID == 0 and v8_start._FIRST_TASK == 1,
    "MR_CALLBACK(uint64 callback id, value handle) (v8_start's _Callback has the same shape)":
        lambda: _dll.MR_CALLBACK._argtypes_[0] is ctypes.c_uint64 and len(_dll.MR_CALLBACK._argtypes_) == 2
        and v8_start._Callback._argtypes_[0] is ctypes.c_uint64,
}


def test_mini_racer_is_pinned_to_the_version_v8_py_was_written_for():
    dependencies = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text(encoding="utf-8"))
    assert f"mini-racer=={version('mini-racer')}" in dependencies["project"]["dependencies"], (
        "mini-racer is not the pinned version: check every internal segtui/sandbox/v8.py uses, then move the pin")


def test_every_internal_segtui_uses_is_there():
    missing = [name for name, present in NEEDED.items() if not _present(present)]
    assert not missing, "mini-racer changed internals segtui/sandbox/v8.py uses: " + "; ".join(missing)


def test_the_native_call_entry_points_exist():
    from segtui.sandbox.v8 import V8Context

    context = V8Context(lambda _buffer: None)
    try:
        assert hasattr(context._context._dll, "mr_call_function"), "mini-racer's DLL has no mr_call_function"
        double = context.function(context.eval("(function () { return 21 * 2; })"))
        assert double() == 42
    finally:
        context.close()


def _present(check) -> bool:
    try:
        return bool(check())
    except (AttributeError, TypeError, KeyError):
        return False


EARLY_START = """
import segtui.sandbox.v8 as v8  # first, as the sandbox process imports it
assert v8.started_early.wait(30), "V8 was not started ahead of mini-racer's package"
context = v8.V8Context(lambda _buffer: None)
print(context.eval("new Intl.NumberFormat('de-DE').format(1234.5) + ' ' + new Date(0).toLocaleDateString('fr-FR', {timeZone: 'UTC'})"))
"""


def test_v8_starts_from_mini_racers_library_before_its_package_with_the_same_flags_and_icu_data():
    # segtui/sandbox/v8.py loads the library by its file name and calls mr_init_v8 itself; the package's own start
    # must then find V8 started with the same flags (mini-racer's default first) and ICU data (Intl's locales).
    assert py_mini_racer.DEFAULT_V8_FLAGS == V8_FLAGS[: len(py_mini_racer.DEFAULT_V8_FLAGS)]
    done = subprocess.run([sys.executable, "-c", EARLY_START], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1.234,5", "01/01/1970"]


FIRST = """
import sys
import segtui.sandbox.v8_first  # as the sandbox process does, first of all
from segtui.sandbox import v8_start

evaluated = v8_start.OWNER.run(lambda: v8_start._first[0] if v8_start._first else None, timeout=60)
alone = [name for name in ("py_mini_racer", "asyncio") if name in sys.modules]
from segtui.sandbox.channel import HostChannel
from segtui.sandbox.contexts import js_function
from segtui.sandbox.v8 import V8Context

calls = []
channel = HostChannel(lambda op, payload: calls.append(op))
context = V8Context(channel.on_call, first=True)
entry = context.first_value
context.install_host(js_function(entry, "install"))
print(evaluated is not None, alone, js_function(entry, "loadInspect")(), calls,
      context.eval("[typeof URL, typeof __segtui, typeof fetch, typeof Buffer].join()"))
"""


def test_the_sandboxs_first_context_evaluates_the_prelude_and_util_inspect_with_mini_racers_library_alone():
    # The package's import (asyncio's) took longer than V8's start: V8's thread waited for it before the first context
    # was built and its prelude evaluated (~60-90 ms of V8's work before the sandbox is ready). util.inspect's source
    # comes with that prelude, which loads it: no host call fetches it.
    done = subprocess.run([sys.executable, "-c", FIRST], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "[]", "object", "[]", "function,undefined,function,function"]


ADOPTED = """
import ctypes, io, json, sys
import segtui.sandbox.v8_first  # as the sandbox process does, first of all
from segtui.protocol import SandboxConfig
from segtui.sandbox import v8
from segtui.sandbox.contexts import SpareBuild
from segtui.sandbox.sandbox import Sandbox

sandbox = Sandbox(SandboxConfig(), first=SpareBuild(first=True))
handler = "async function onTrack(e) { const r = await fetch(e.properties.base + '/text'); return await r.text(); }"
assert sandbox.load("h.js", handler, io.StringIO()).ok
(context,) = v8._live
assert context.first_value is not None, "the handler did not run on the adopted context"
count = context._context._dll.mr_value_count
count.restype, count.argtypes = ctypes.c_size_t, [ctypes.c_uint64]
handle = getattr(context._context._ctx, "value", context._context._ctx)
event = json.dumps({"type": "track", "event": "E", "properties": {"base": sys.argv[1]}})
for events in (1, 200, 200):
    sandbox.invoke_many([event] * events, "{}", io.StringIO())
    print(count(handle))
"""


def test_the_adopted_first_contexts_host_calls_free_their_handles(loopback):
    # The sandbox's first context is adopted from v8_start, and its host calls free each call's handle by address: a
    # run that dropped that free leaked ~1 handle an event (15, 248, 482 after 1, 200 and 400 fetches), and no
    # other test saw it, as they build their own contexts.
    done = subprocess.run([sys.executable, "-c", ADOPTED, loopback.base], capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr
    after_one, after_200, after_400 = map(int, done.stdout.split())
    assert after_400 - after_200 <= 5 and after_200 - after_one <= 5, (after_one, after_200, after_400)
