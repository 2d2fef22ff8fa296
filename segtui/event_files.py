"""Event files loaded once and read again only when they change: a TUI listing thousands of them re-lists them on
every change in their folders, and reading and parsing them all each time took seconds."""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from segtui.errors import SegtuiInputError
from segtui.events import EventSource, load_event_file
from segtui.protocol import DEFAULT_MEMORY_MB

Loader = Callable[[Path, str | None], list[EventSource]]
"""Loads an event file under a name (None: the file's): load_event_file, or an EventFileCache's load."""

SETTLED_NS = 2_000_000_000
"""How old a file's last change must be for its stat to vouch for its content: a file written again within the
file system's timestamp granularity of its last read, at the same size, would otherwise look unchanged."""

_Signature = tuple[int, int, int, int, int]
_Failure = tuple[type[SegtuiInputError], str]


def _signature(path: Path) -> _Signature | None:
    """What changes whenever the file (or the one a link leads to) is written, replaced or touched; None if absent."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns


class EventFileCache:
    """load_event_file's results by path and name, kept while the file's stat is unchanged; errors too."""

    def __init__(self, memory_mb: int = DEFAULT_MEMORY_MB) -> None:
        self.memory_mb = memory_mb
        """--memory, which bounds the events read (check_event_size)."""
        self._entries: dict[tuple[Path, str | None], tuple[_Signature, list[EventSource] | _Failure]] = {}
        self.reads: Counter[Path] = Counter()
        """How many times each file was read: once, then once per change (and while it changed last just now)."""
        self._touched: set[tuple[Path, str | None]] = set()
        """The files loaded since the last `forget_untouched`."""

    def load(self, path: Path, name: str | None = None) -> list[EventSource]:
        """The sources of the event file, from its last reading when it has not changed since; raises as
        load_event_file does."""
        key = (Path(path), name)
        self._touched.add(key)
        signature = _signature(key[0])
        entry = self._entries.get(key)
        if entry is not None and signature is not None and entry[0] == signature:
            return _result(entry[1])
        self.reads[key[0]] += 1
        result: list[EventSource] | _Failure
        try:
            result = load_event_file(key[0], name, self.memory_mb)
        except SegtuiInputError as error:
            result = (type(error), str(error))
        if (signature is not None and time.time_ns() - signature[3] > SETTLED_NS
                and signature == _signature(key[0])):
            self._entries[key] = (signature, result)
        else:
            self._entries.pop(key, None)
        return _result(result)

    def forget_untouched(self) -> None:
        """Forget the files not loaded since the last call (a listing loads every file it looks at, those it does not
        list too: a cassette beside the handler), so that deleted files do not stay in memory."""
        self._entries = {key: entry for key, entry in self._entries.items() if key in self._touched}
        self._touched = set()


def _result(result: list[EventSource] | _Failure) -> list[EventSource]:
    """The sources loaded, or the error loading them raised anew (the error itself is not kept: its traceback holds
    the frames that read the file, text and all)."""
    if isinstance(result, tuple):
        raise result[0](result[1])
    return list(result)
