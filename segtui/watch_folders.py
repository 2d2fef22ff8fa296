"""Which folders a watch may register, and what the user is told about the ones it may not (blocking: run off the loop).

The system refuses a watch of a folder that may not be read (inotify needs read access to each folder it watches),
and a recursive watch of a folder is refused whole when one folder anywhere under it may not be read: the readable
rest is then watched piece by piece, each folder on the way to an unreadable one alone, every other folder beside
them with all under it.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from segtui.user_files import skipped_folder


@dataclass(frozen=True)
class WatchNotice:
    """What the user should be told about hot reload: a folder left out of the watch (`unreadable`), a watch that
    polls as the system refused file notifications (`polling`), or a watch that stopped (`failed`, with why)."""

    kind: Literal["unreadable", "polling", "failed"]
    paths: tuple[Path, ...]
    detail: str = ""


@dataclass(frozen=True)
class Pieces:
    """A refused watch's readable rest: folders watched alone, folders watched with all under them; and the
    folders left out that the user is told of (not those inside hidden folders or node_modules)."""

    flat: frozenset[Path]
    deep: frozenset[Path]
    told: tuple[Path, ...]


def _unlistable(folder: Path) -> bool:
    try:
        with os.scandir(folder):
            return False
    except FileNotFoundError:
        return False
    except OSError:
        return True


def _unreadable_under(root: Path) -> set[Path]:
    """The folders under `root` (itself included) that may not be listed, links to folders followed as the watch
    follows them (each real folder once)."""
    found: set[Path] = set()
    seen: set[str] = set()
    for folder, names, _files in os.walk(root, onerror=lambda error: found.add(Path(error.filename)), followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            names[:] = []
        seen.add(real)
    return found


def readable_pieces(paths: frozenset[Path], recursive: bool) -> Pieces | None:
    """How to watch what is readable of `paths` (each with all under it when `recursive`), or None when every
    folder may be read (the watch was refused for another reason)."""
    if not recursive:
        left_out = {path for path in paths if _unlistable(path)}
        return Pieces(paths - left_out, frozenset(), tuple(sorted(left_out))) if left_out else None
    flat: set[Path] = set()
    deep: set[Path] = set()
    told: list[Path] = []
    refused = False
    for root in sorted(paths):
        left_out = _unreadable_under(root)
        if not left_out:
            deep.add(root)
            continue
        refused = True
        told += sorted(path for path in left_out
                       if not any(skipped_folder(part) for part in path.relative_to(root).parts))
        if root in left_out:
            continue
        on_the_way = {parent for path in left_out for parent in path.parents if parent == root or root in parent.parents}
        flat |= on_the_way
        for folder in on_the_way:
            with os.scandir(folder) as listing:
                deep |= {Path(entry.path) for entry in listing
                         if entry.is_dir() and not skipped_folder(entry.name)} - on_the_way - left_out
    return Pieces(frozenset(flat), frozenset(deep), tuple(told)) if refused else None
