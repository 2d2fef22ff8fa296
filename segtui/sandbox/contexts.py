"""Fresh V8 contexts with segtui's runtime ready, built ahead of need, and the Python side of runtime.js's calls."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from py_mini_racer import JSFunction, JSMappedObject

from segtui.key_containers import with_key_containers
from segtui.sandbox.channel import HostChannel
from segtui.sandbox.prelude import lazy_vendor_source, prelude_source
from segtui.sandbox.v8 import V8Context


def js_function(entry: JSMappedObject, name: str) -> JSFunction:
    """Function `name` of runtime.js's entry object."""
    value = entry[name]
    if not isinstance(value, JSFunction):
        raise TypeError(f"runtime.js's {name} is a {type(value).__name__}, not a function")
    return value


def shared_buffer(value: object) -> memoryview:
    """A shared buffer runtime.js handed over."""
    if not isinstance(value, memoryview):
        raise TypeError(f"expected a shared buffer from runtime.js, got a {type(value).__name__}")
    return value


def json_text(value: object) -> str:
    """A JS call's value that must be a string (JSON text)."""
    if not isinstance(value, str):
        raise TypeError(f"expected JSON text from the sandbox's JavaScript, got a {type(value).__name__}")
    return value


def secret_forms(entry: JSMappedObject, secrets: Sequence[str]) -> list[str]:
    """Every form of the secrets to mask (and of a key's other containers), made by the JavaScript of the context the
    handler loads in (`entry`)."""
    made = js_function(entry, "secretForms")(json.dumps(with_key_containers(secrets)[0]))
    forms: list[str] = json.loads(json_text(made))
    return forms


@dataclass
class Runtime:
    """The functions of runtime.js through which Python drives one context: no global names them, so the
    handler cannot reach them. Each takes no arguments (runtime.js reads a run from shared memory)."""

    bind: Callable[..., object]
    input: Callable[..., object]
    invoke_many: Callable[..., object]
    take_logs: Callable[..., object]
    results: memoryview
    log_mirror: memoryview
    """console.js's copy of the logs since the run's last request: 32-bit counts of the UTF-16 code units written and
    of the lines left out, then JSON lines."""

    @classmethod
    def of(cls, context: V8Context, entry: JSMappedObject) -> Runtime:
        """Turn runtime.js's entry object into callables, while the context is idle."""
        bind, grow, invoke, logs = (context.function(js_function(entry, name))
                                    for name in ("bind", "input", "invokeMany", "takeLogs"))
        return cls(bind, grow, invoke, logs, shared_buffer(entry["resultsBuffer"]), shared_buffer(entry["logMirror"]))

    def mirrored_logs(self) -> tuple[list[dict[str, Any]], list[dict[str, Any]], int, int]:
        """The logs and the emitted messages console.js mirrored since the run's last request, and how many log lines and
        emitted messages it left out, read while its JS may still run (and write)."""
        length = int.from_bytes(self.log_mirror[0:4], "little")
        dropped = int.from_bytes(self.log_mirror[4:8], "little")
        emitted_dropped = int.from_bytes(self.log_mirror[8:12], "little")
        # A lock's acquire and release are full memory barriers: the lines read next are at least as new as the count
        # just read, which console.js stores (Atomics.store) after writing them, whatever the CPU's memory ordering.
        _BARRIER.acquire()
        _BARRIER.release()
        text = str(self.log_mirror[12 : 12 + 2 * max(0, min(length, (len(self.log_mirror) - 12) // 2))], "utf-16-le",
                   "surrogatepass")
        entries, emitted = [], []
        for line in text.split("\n"):
            try:
                entry = json.loads(line) if line else None
            except ValueError:
                continue
            if isinstance(entry, dict) and isinstance(entry.get("emitted"), dict):
                emitted.append(entry["emitted"])
            elif isinstance(entry, dict):
                entries.append(entry)
        return entries, emitted, max(0, dropped), max(0, emitted_dropped)


_BARRIER = threading.Lock()


@dataclass
class Spare:
    """A fresh context with the prelude evaluated and nothing of a config applied yet: no memory limit, and its
    host calls go nowhere until the sandbox binds its channel (runtime.js makes none before a handler runs)."""

    context: V8Context
    entry: JSMappedObject
    runtime: Runtime
    channel: HostChannel


def _unbound(op: str, payload: object) -> object:
    """Host calls before the sandbox binds its channel: the vendor files a spare loads ahead, nothing else."""
    if op == "vendor.source" and isinstance(payload, dict):
        return lazy_vendor_source(payload["file"])
    raise RuntimeError(f"the {op!r} host call came before the sandbox had its config")


def build_spare(ahead: bool = False, first: bool = False) -> Spare:
    """A fresh context with the prelude evaluated and util.inspect loaded.

    util.inspect loads now, before any handler code, so that it takes the built-ins it uses as they were (a handler
    may replace Reflect or String.prototype.slice), and a first console.log does not pay ~10-25 ms for it; on a
    command's path the first context is built while segtui starts, beside it. `ahead` (a spare built in idle time)
    also loads lodash, which the prelude leaves to first use, so that the runs after a save do not pay for it. `first`
    (the sandbox process's first context) takes the context segtui.sandbox.v8_first made as V8 started, if any.
    """
    channel = HostChannel(_unbound)
    context = V8Context(channel.on_call, first)
    entry = context.eval_object(prelude_source()) if context.first_value is None else context.first_value
    if not isinstance(entry, JSMappedObject):
        raise TypeError(f"the prelude's value is a {type(entry).__name__}, not an object")
    context.install_host(js_function(entry, "install"))
    js_function(entry, "loadLibraries" if ahead else "loadInspect")()
    return Spare(context, entry, Runtime.of(context, entry), channel)


class SpareBuild:
    """A spare context being built on a thread of its own.

    The sandbox process starts the first one before it has read its config, so that starting V8 and
    evaluating the prelude overlap the rest of its start-up and the time segtui takes to send the config.
    """

    def __init__(self, ahead: bool = False, first: bool = False) -> None:
        self.spare: Spare | None = None
        self.ahead = ahead
        self.first = first
        self.thread = threading.Thread(target=self._build, name="spare-context", daemon=True)
        self.thread.start()

    def _build(self) -> None:
        self.spare = build_spare(self.ahead, self.first)

    def wait(self) -> None:
        """Wait until the build has ended: V8 has started (or ended the process, as it does under a small `ulimit -v`)."""
        self.thread.join()

    def built(self) -> Spare:
        """The spare once built (built here, raising what went wrong, if the thread failed), still kept for `take`."""
        self.thread.join()
        self.spare = self.spare or build_spare()
        return self.spare

    def take(self) -> Spare:
        """The spare once built (`built`), no longer kept."""
        spare, self.spare = self.built(), None
        return spare


class Input:
    """Where runtime.js reads a run from: shared memory, so that no event is V8 source text to parse and no call
    carries an argument (building one would run through the handler's realm)."""

    _HEADER = 8
    """The text's length (or the size runtime.js must grow the buffer to), then whether the run is stopping."""

    def __init__(self, grow: Callable[..., object]) -> None:
        self._grow = grow
        self._view = shared_buffer(grow())

    def write(self, event_jsons: list[str], settings_json: str) -> None:
        """Put the settings' JSON, a line feed and the events as one JSON array in the buffer, growing it if needed."""
        data = f"{settings_json}\n[{','.join(event_jsons)}]".encode("utf-16-le", "surrogatepass")
        if self._HEADER + len(data) > len(self._view):
            self._view[:4] = (self._HEADER + len(data)).to_bytes(4, "little")
            self._view = shared_buffer(self._grow())
        self._view[self._HEADER : self._HEADER + len(data)] = data
        self._view[:4] = (len(data) // 2).to_bytes(4, "little")
        self._view[4:8] = bytes(4)

    def stop(self) -> None:
        """Start no further event of the run (runtime.js looks before each): the run is being stopped at a limit."""
        self._view[4:8] = (1).to_bytes(4, "little")
