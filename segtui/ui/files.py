"""Naming the files the TUI saves, and showing paths short.

No Textual import.
"""

from __future__ import annotations

import re
from pathlib import Path

from segtui.events import UNSAVED_EVENT
from segtui.user_files import real_path, user_path


def unique_path(path: Path, taken: set[Path] | frozenset[Path] = frozenset()) -> Path:
    """`path`, or `name-2.json`, `name-3.json` … when it exists (or is in `taken`)."""
    if not path.exists() and path not in taken:
        return path
    for number in range(2, 1000):
        candidate = path.with_name(f"{path.stem}-{number}{path.suffix}")
        if not candidate.exists() and candidate not in taken:
            return candidate
    return path


def file_stem(name: str, fallback: str) -> str:
    """A name made safe as a file name's stem: letters, digits, `-` and `_`."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", Path(name).stem).strip("-") or fallback


def new_event_path(events_home: Path, name: str, taken: frozenset[Path] = frozenset(), *, request: bool = False,
                   kept: bool = False) -> Path:
    """Where an edited event goes as a new file: `events/NAME-edited.json` in the handler's folder (a source function's
    request `requests/NAME-edited.json`, where its own requests are kept), not yet taken; one a crash, a stop or a quit
    `kept`, `events/NAME.unsaved.json`, which no suite runs (UNSAVED_EVENT)."""
    folder, fallback = ("requests", "request") if request else ("events", "event")
    ending = UNSAVED_EVENT if kept else "-edited.json"
    return unique_path(events_home / folder / f"{file_stem(name, fallback)}{ending}", taken)


def typed_path(text: str) -> Path:
    """A path the user typed, relative to the working folder."""
    path = user_path(text)
    return path if path.is_absolute() else Path.cwd() / path


def display_path(path: Path) -> str:
    """A path relative to the working folder when it lies under it."""
    try:
        return str(real_path(path).relative_to(real_path(Path.cwd())))
    except ValueError:
        return str(path)
