"""File changes as an async iterator: one save, however an editor performs it, arrives as one change set.

Editors save in different ways: in place (truncate and write), or by writing a temporary
file and renaming it over the original (vim, JetBrains, VS Code), which briefly removes
the file. Folders holding watched files are watched, not the files themselves, so a
rename keeps being seen; changes that arrive within `step_ms` of each other are grouped
by watchfiles, and a watched file that is missing or empty, or whose last reported change is
its removal, is held back for up to `settle_ms` so the change that brings it back (or fills
it) joins the same change set (however late this loop gets to look at the file).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import AsyncIterator, Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from watchfiles import Change, awatch

from segtui.events import EVENT_SUFFIXES
from segtui.user_files import real_path, skipped_folder
from segtui.watch_folders import Pieces, WatchNotice, readable_pieces

STEP_MS = 2
"""How long watchfiles waits for more changes before yielding: ~5 ms from save to change set (9 ms at 5, default 50).

A save in place is seen whole when its writes come no more than 2–4 ms apart (vim truncates and writes 50 µs apart);
a save by rename is held back until the file is back (SETTLE_MS). Waking every 2 ms did not change the TUI's idle CPU
measurably (3–4% of a core either way)."""
DEBOUNCE_MS = 400
"""The longest a burst of changes is grouped before it is yielded anyway."""
SETTLE_MS = 250
"""How long a watched file that vanished (mid rename-style save) is awaited before its removal is reported."""


def _empty_or_missing(path: Path) -> bool:
    """Whether a watched file is gone or empty: mid-save, as an editor saving in place truncates it first and its
    writes may come more than the grouping step later on a busy machine (an empty file stays so for SETTLE_MS)."""
    try:
        return path.stat().st_size == 0
    except OSError:
        return True


def _stamp(path: Path) -> tuple[int, int, int] | None:
    """A file's version as its inode, size and mtime in nanoseconds show it (None when it is gone)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_size, info.st_mtime_ns


def _place(path: Path) -> Path:
    """Where a file stands, its folder's links followed but not its own: a link's own path, as watchfiles reports it."""
    path = Path(os.path.abspath(path))
    return real_path(path.parent) / path.name


def _is_event_file(path: Path) -> bool:
    return path.suffix in EVENT_SUFFIXES and not path.name.startswith(".")


def event_files_under(folders: Iterable[Path]) -> set[Path]:
    """The event files under `folders`, resolved, not looking into hidden folders or node_modules (blocking: run it
    off the UI loop)."""
    found = set()
    for folder in folders:
        for root, names, files in os.walk(folder):
            names[:] = [name for name in names if not skipped_folder(name)]
            found |= {real_path(Path(root, name)) for name in files if _is_event_file(Path(name))}
    return {path for path in found if path.is_file()}


class _Targets:
    """What to watch: single files, event files directly in some folders, event files anywhere under others, and
    folders still to come (watched from their parent until they appear)."""

    def __init__(self, files: Iterable[Path], folders: Iterable[Path], shallow_folders: Iterable[Path],
                 future_folders: Iterable[Path] = ()) -> None:
        self.folders = {real_path(folder) for folder in folders}
        self.places = {_place(file) for file in files}
        self.files = {real_path(file) for file in files}
        # A watched file that is a symbolic link is watched where it points and where it stands: a tool that replaces
        # the link (`sed -i`, `mv`, an editor's save by rename that does not follow links) or points it elsewhere
        # (`ln -sfn v2.js handler.js`) changes only the link's own folder, so the handler was never reloaded.
        self.links = self.places - self.files
        self.shallow = {real_path(folder) for folder in shallow_folders}
        self.future = {real_path(folder) for folder in future_folders} - self.folders
        self.grown: set[Path] = set()
        """Folders watched alone on the way to one that may not be read: a folder made in one is watched as it appears."""

    def flat_dirs(self, *, targets: bool = True) -> set[Path]:
        """The folders watched alone: of the files (with the folders their links point into, unless not `targets`),
        of the folders still to come, and the shallow folders."""
        files = self.files | self.links if targets else self.places
        return ({file.parent for file in files | self.future} | self.shallow) - self.folders

    def retarget(self) -> bool:
        """Follow the links again: whether one now points elsewhere."""
        now = {real_path(place) for place in self.places}
        changed, self.files = now != self.files, now
        return changed

    def in_folders(self, path: Path) -> bool:
        """Whether `path` is under a watched folder, not inside a hidden folder or node_modules there."""
        return any(folder in path.parents and not any(skipped_folder(part) for part in path.relative_to(folder).parts[:-1])
                   for folder in self.folders)

    def wanted(self, path: Path, raw: Path) -> bool:
        """Whether a changed path (`raw` as reported, `path` resolved) is one of the watched files, a link among them or
        what one points at now, or an event file in a watched folder."""
        if path in self.files or path in self.future or path in self.folders or raw in self.links:
            return True
        if path.parent in self.grown and not skipped_folder(path.name):
            return True
        if any(path == real_path(link) for link in self.links):
            return True
        return _is_event_file(path) and (path.parent in self.shallow or self.in_folders(path))


def watches(path: Path, files: Iterable[Path], folders: Iterable[Path], shallow_folders: Iterable[Path]) -> bool:
    """Whether watch_changes over these files and folders sees a change of `path`."""
    return _Targets(files, folders, shallow_folders).wanted(real_path(path), path)


_Watch = tuple[frozenset[Path], bool]
"""A watch by its folders and whether it looks into their subfolders."""


@dataclass(frozen=True)
class _Refused:
    """A watch refused as folders in it may not be read, and the readable rest to watch instead."""

    watch: _Watch
    pieces: Pieces


async def watch_changes(
    files: Iterable[Path],
    folders: Iterable[Path] = (),
    shallow_folders: Iterable[Path] = (),
    future_folders: Iterable[Path] = (),
    *,
    stop_event: asyncio.Event | None = None,
    ready: asyncio.Event | None = None,
    notices: Callable[[WatchNotice], None] | None = None,
    step_ms: int = STEP_MS,
    settle_ms: int = SETTLE_MS,
) -> AsyncIterator[set[Path]]:
    """Yield sets of resolved paths that changed (were written, created or removed), one set per save.

    `files` are watched individually (a handler, a settings file; a link among them where it points now too);
    `folders` recursively for event files, `shallow_folders` for event files directly inside them (the handler's
    own folder, which may hold large trees such as node_modules); hidden folders and node_modules inside them are not
    looked into. A folder of `future_folders` (an `events/` made while segtui runs) is watched like `folders` once it
    appears, and the event files already in it are yielded then (listed in a thread, off the caller's loop); a
    watched folder that is deleted is awaited so again. A folder that may not be read is left out, the rest watched.
    `ready` is set once every watch is in place (or given up), so any change made after it is seen. `notices` hears,
    once each, of a folder left out, of watches that poll, and of a watch that stopped. Ends when `stop_event` is set.
    """
    targets = _Targets(files, folders, shallow_folders, future_folders)
    stop = stop_event or asyncio.Event()
    queue: asyncio.Queue[dict[Path, bool] | _Refused | None] = asyncio.Queue()
    shared_dirs = targets.flat_dirs(targets=False)
    flat_dirs = targets.flat_dirs()
    """The folders some watch looks at alone: where the files stand in one, each folder a link points into in its own
    (stopped when no link points there any more)."""
    unregistered = {(frozenset(shared_dirs), False)} if shared_dirs else set()
    unregistered |= {(frozenset({folder}), False) for folder in flat_dirs - shared_dirs}
    unregistered |= {(frozenset({folder}), True) for folder in targets.folders}
    """The first watches, until each is in place."""
    told: set[tuple[str, tuple[Path, ...]]] = set()

    stops: dict[_Watch, asyncio.Event] = {}
    """Each watch's own stop (awatch sets its stop when cancelled): one deleted folder's watch ends alone."""

    def tell(notice: WatchNotice) -> None:
        if (notice.kind, notice.paths) not in told and notices is not None:
            notices(notice)
        told.add((notice.kind, notice.paths))

    def placed(watch: _Watch) -> None:
        unregistered.discard(watch)
        if not unregistered and ready is not None:
            ready.set()

    async def relay_stop() -> None:
        await stop.wait()
        for each in stops.values():
            each.set()

    async def pump(paths: set[Path], recursive: bool, appeared: bool = False) -> None:
        key = (frozenset(paths), recursive)
        own_stop = stops[key] = asyncio.Event()
        if stop.is_set():
            own_stop.set()
        # awatch registers its watches before it first yields, and with yield_on_timeout it yields (an empty set)
        # after rust_timeout ms without changes: its first yield says its watches are in place.
        # The system may refuse file notifications outright: its limit of inotify watches is spent (IDEs and file
        # syncers spend fs.inotify.max_user_watches: "OS file watch limit reached", an OSError) or of inotify instances
        # (max_user_instances: "Too many open files", a RuntimeError). Hot reload then never fired, and nothing said so.
        # A watch refused before it is in place polls instead (every 300 ms), so a save is seen whatever the limits;
        # one refused as a folder in it may not be read (which polling cannot help) is watched without that folder.
        polling = False
        stamps: dict[Path, tuple[int, int, int] | None] = {}
        try:
            while True:
                started = False
                try:
                    async for changes in awatch(*paths, watch_filter=None, step=step_ms, debounce=DEBOUNCE_MS,
                                                stop_event=own_stop, recursive=recursive, rust_timeout=200,
                                                yield_on_timeout=True, force_polling=polling or None):
                        started = True
                        if appeared:
                            # What was written before the watch was in place is reported now (listed off the loop).
                            appeared = False
                            queue.put_nowait(dict.fromkeys(await asyncio.to_thread(event_files_under, paths), False))
                        placed(key)
                        removed_only: dict[Path, bool] = {}
                        for change, raw in changes:
                            path = real_path(raw)  # a link planted in a loop must not end the watch
                            if targets.wanted(path, Path(raw)):
                                removed_only[path] = removed_only.get(path, True) and change == Change.deleted
                        if polling:
                            # A poll compares whole seconds of mtime, so a second save within one was never seen:
                            # each watched file is compared by its own stamp too (its version said once, either way).
                            for file in [file for file in targets.files if file.parent in paths]:
                                stamp = _stamp(file)
                                if file in stamps and stamps[file] == stamp:
                                    removed_only.pop(file, None)
                                elif file in stamps:
                                    removed_only[file] = stamp is None
                                stamps[file] = stamp
                        if removed_only:
                            queue.put_nowait(removed_only)
                    return
                except Exception as error:  # noqa: BLE001 - a watch that stops is said, never swallowed
                    with contextlib.suppress(OSError):
                        if (pieces := await asyncio.to_thread(readable_pieces, key[0], recursive)) is not None:
                            queue.put_nowait(_Refused(key, pieces))
                            return
                    if started or polling or not isinstance(error, (OSError, RuntimeError)):
                        tell(WatchNotice("failed", tuple(sorted(paths)), str(error) or type(error).__name__))
                        placed(key)
                        return
                    polling = True
                    tell(WatchNotice("polling", (), str(error)))
        finally:
            if stops.get(key) is own_stop:
                del stops[key]
            queue.put_nowait(None)

    pumps: list[asyncio.Task[None]] = [asyncio.create_task(relay_stop())]
    running = 0

    def start(paths: Iterable[Path], recursive: bool, appeared: bool = False) -> asyncio.Task[None]:
        nonlocal running
        running += 1
        pumps.append(asyncio.create_task(pump(set(paths), recursive, appeared)))
        return pumps[-1]

    folder_pumps: dict[Path, asyncio.Task[None]] = {}
    """Each watched event folder's own recursive watch, so that one deleted is dropped alone."""
    if shared_dirs:
        start(shared_dirs, recursive=False)
    for folder in flat_dirs - shared_dirs:
        start({folder}, recursive=False)
    for folder in targets.folders:
        folder_pumps[folder] = start({folder}, recursive=True)

    def watch_pieces(refused: _Refused) -> None:
        """Watch the readable rest of a refused watch, and say which folders it leaves out."""
        for folder in refused.pieces.told:
            tell(WatchNotice("unreadable", (folder,), "permission denied"))
        paths, recursive = refused.watch
        if recursive:
            folder_pumps.pop(next(iter(paths)), None)
            targets.folders -= paths - refused.pieces.flat
            targets.grown |= refused.pieces.flat
        if refused.pieces.flat:
            flat_dirs.update(refused.pieces.flat)
            unregistered.add((refused.pieces.flat, False))
            start(refused.pieces.flat, recursive=False)
        for folder in refused.pieces.deep:
            targets.folders.add(folder)
            unregistered.add((frozenset({folder}), True))
            folder_pumps[folder] = start({folder}, recursive=True)
        placed(refused.watch)

    def follow_links() -> None:
        """Watch the folders the links point into now, and stop watching one no link points into any more."""
        needed = targets.flat_dirs()
        for folder in needed - flat_dirs:
            flat_dirs.add(folder)
            start({folder}, recursive=False)
        for folder in flat_dirs - needed - targets.grown:
            if (own := stops.get((frozenset({folder}), False))) is not None:
                own.set()
                flat_dirs.discard(folder)

    pending: set[Path] = set()
    removed: set[Path] = set()  # the pending paths whose last reported change is their removal

    def held() -> bool:
        return any(path in targets.files and (path in removed or _empty_or_missing(path)) for path in pending)

    try:
        while running:
            try:
                batch = await asyncio.wait_for(queue.get(), settle_ms / 1000 if held() else None)
            except TimeoutError:
                batch = {}
            if batch is None:
                running -= 1
                continue
            if isinstance(batch, _Refused):
                watch_pieces(batch)
                continue
            for folder in [path for path in batch if path in targets.folders and not path.is_dir()]:
                # Deleted: awaited again from its parent, and watched anew once it is made again.
                targets.folders.discard(folder)
                targets.future.add(folder)
                stops.get((frozenset({folder}), True), asyncio.Event()).set()  # its watch ends (most often it has)
                folder_pumps.pop(folder, None)
                if folder.parent not in flat_dirs and folder.parent.is_dir():
                    flat_dirs.add(folder.parent)
                    start({folder.parent}, recursive=False)
            for folder in [path for path in batch if path in targets.future and path.is_dir()]:
                targets.future.discard(folder)
                targets.folders.add(folder)
                folder_pumps[folder] = start({folder}, recursive=True, appeared=True)
            # A folder made (or made readable) beside one that may not be read: watched from now on.
            made = {path for path in batch if path.parent in targets.grown and not _is_event_file(path)} - targets.files
            for folder in [path for path in made if path not in folder_pumps and path.is_dir()]:
                targets.folders.add(folder)
                folder_pumps[folder] = start({folder}, recursive=True, appeared=True)
            if targets.links and targets.retarget():
                follow_links()
            batch = {path: gone for path, gone in batch.items()
                     if path not in targets.folders | targets.future and path not in made}
            pending |= batch.keys()
            removed = {path for path in removed if path not in batch} | {path for path, gone in batch.items() if gone}
            if batch and held():
                continue
            if pending:
                yield pending
                pending, removed = set(), set()
    finally:
        stop.set()
        for task in pumps:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
