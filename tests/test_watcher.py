"""The watcher turns each save, in place or rename-style, into one change set."""

import asyncio
import contextlib
import os
import shutil
import threading
import time
from pathlib import Path

import pytest

from segtui.watcher import watch_changes


class Collector:
    """Runs the watcher in a task and keeps every change set it yields."""

    def __init__(self, files=(), folders=(), shallow_folders=(), future_folders=()) -> None:
        self.stop = asyncio.Event()
        self.ready = asyncio.Event()
        self.sets: list[set[Path]] = []
        self.arrived = asyncio.Event()
        self.task = asyncio.create_task(self._run(files, folders, shallow_folders, future_folders))

    async def _run(self, files, folders, shallow_folders, future_folders) -> None:
        async for changes in watch_changes(files, folders, shallow_folders, future_folders, stop_event=self.stop,
                                           ready=self.ready):
            self.sets.append(changes)
            self.arrived.set()

    async def next(self, timeout: float = 5.0) -> set[Path]:
        count = len(self.sets)
        while len(self.sets) == count:
            self.arrived.clear()
            await asyncio.wait_for(self.arrived.wait(), timeout)
        return self.sets[count]

    async def until_marked(self, marker: Path, timeout: float = 5.0) -> None:
        """Change `marker` and wait for the change set that holds it.

        The change sets of one watched folder come in the order of the changes, so whatever else the watcher
        reports about earlier changes is in `sets` before the marker, or beside it.
        """
        marker.write_text("marker")
        while not any(marker.resolve() in changes for changes in self.sets):
            self.arrived.clear()
            await asyncio.wait_for(self.arrived.wait(), timeout)

    async def close(self) -> None:
        self.stop.set()
        await asyncio.wait_for(self.task, 5)


async def started(collector: Collector) -> Collector:
    await asyncio.wait_for(collector.ready.wait(), 10)  # watch_changes sets it once every watch is in place
    return collector


def save_blocking_the_loop(path: Path, text: str) -> None:
    """Save rename-style (as vim does) while the event loop waits: the watcher's loop sees the file only once it is back."""
    backup = path.with_name(path.name + "~")
    os.rename(path, backup)
    time.sleep(0.05)  # longer than the grouping step: the removal is reported in a batch of its own
    path.write_text(text)
    backup.unlink()


@pytest.fixture
def handler(tmp_path: Path) -> Path:
    path = tmp_path / "handler.js"
    path.write_text("async function onTrack() { return 1 }\n")
    return path


@pytest.fixture
def marker(handler: Path) -> Path:
    """A second watched file beside the handler, changed last to show what arrived before it."""
    return handler.with_name("marker.txt")


async def test_in_place_save_is_one_change_set(handler: Path, marker: Path) -> None:
    watcher = await started(Collector([handler, marker]))
    handler.write_text("async function onTrack() { return 2 }\n")
    assert await watcher.next() == {handler.resolve()}
    await watcher.until_marked(marker)
    assert watcher.sets == [{handler.resolve()}, {marker.resolve()}]
    await watcher.close()


async def test_an_in_place_save_whose_writes_come_late_after_the_truncation_is_one_change_set(handler: Path,
                                                                                          marker: Path) -> None:
    """An editor on a busy machine: the file is truncated, and its content written well past the grouping step."""
    watcher = await started(Collector([handler, marker]))
    with handler.open("r+") as file:
        file.truncate(0)
        file.flush()
        os.fsync(file.fileno())
        await asyncio.sleep(0.05)
        file.write("async function onTrack() { return 6 }\n")
    assert await watcher.next() == {handler.resolve()}
    await watcher.until_marked(marker)
    assert watcher.sets == [{handler.resolve()}, {marker.resolve()}]
    await watcher.close()


async def test_a_file_left_empty_is_reported_after_settling(handler: Path) -> None:
    watcher = await started(Collector([handler]))
    handler.write_text("")
    assert await watcher.next() == {handler.resolve()}
    await watcher.close()


async def test_rename_style_save_is_one_change_set(handler: Path, marker: Path) -> None:
    """vim-style: move the original away, write the new file, delete the backup."""
    watcher = await started(Collector([handler, marker]))
    backup = handler.with_name("handler.js~")
    os.rename(handler, backup)
    await asyncio.sleep(0.02)  # slower than the grouping step: the file is missing in between
    handler.write_text("async function onTrack() { return 3 }\n")
    backup.unlink()
    assert await watcher.next() == {handler.resolve()}
    await watcher.until_marked(marker)
    assert watcher.sets == [{handler.resolve()}, {marker.resolve()}]
    await watcher.close()


async def test_a_rename_style_save_the_loop_sees_late_is_one_change_set(handler: Path, marker: Path) -> None:
    """The loop is busy through the whole save, so when it looks the file is back, its removal reported on its own."""
    watcher = await started(Collector([handler, marker]))
    save_blocking_the_loop(handler, "async function onTrack() { return 5 }\n")
    assert await watcher.next() == {handler.resolve()}
    await watcher.until_marked(marker)
    assert watcher.sets == [{handler.resolve()}, {marker.resolve()}]
    await watcher.close()


async def test_temp_file_renamed_over_the_original_is_one_change_set(handler: Path, marker: Path) -> None:
    """JetBrains/VS Code-style: write a temporary file beside it and rename it over the original."""
    watcher = await started(Collector([handler, marker]))
    temporary = handler.with_name("handler.js___jb_tmp___")
    temporary.write_text("async function onTrack() { return 4 }\n")
    os.replace(temporary, handler)
    assert await watcher.next() == {handler.resolve()}
    await watcher.until_marked(marker)
    assert watcher.sets == [{handler.resolve()}, {marker.resolve()}]
    await watcher.close()


async def test_other_files_beside_the_handler_are_ignored(handler: Path, marker: Path) -> None:
    watcher = await started(Collector([handler, marker]))
    (handler.parent / "notes.txt").write_text("hello")
    (handler.parent / "other.js").write_text("1")
    await watcher.until_marked(marker)
    assert watcher.sets == [{marker.resolve()}]
    await watcher.close()


async def test_deleting_a_watched_file_is_reported_after_settling(handler: Path) -> None:
    watcher = await started(Collector([handler]))
    handler.unlink()
    assert await watcher.next() == {handler.resolve()}
    await watcher.close()


async def test_event_folders_are_watched_recursively(tmp_path: Path, handler: Path) -> None:
    events = tmp_path / "events" / "nested"
    events.mkdir(parents=True)
    watcher = await started(Collector([handler], [tmp_path / "events"]))
    (events / "track.json").write_text('{"type": "track"}')
    assert await watcher.next() == {(events / "track.json").resolve()}
    (events / ".hidden.json").write_text("{}")
    (events / "readme.md").write_text("x")
    marker = events / "marker.json"
    await watcher.until_marked(marker)
    assert watcher.sets == [{(events / "track.json").resolve()}, {marker.resolve()}]
    await watcher.close()


async def test_an_event_folder_made_after_the_start_is_watched_once_it_appears(tmp_path: Path, handler: Path) -> None:
    # A new user's trial: `mkdir requests` and request files saved there while segtui ran never reached the picker.
    events = tmp_path / "events"
    watcher = await started(Collector([handler], shallow_folders=[tmp_path], future_folders=[events]))
    (events / "nested").mkdir(parents=True)
    (events / "nested" / "first.json").write_text('{"type": "track"}')
    first = (events / "nested" / "first.json").resolve()
    while not any(first in changes for changes in watcher.sets):
        await watcher.next()
    (events / "nested" / "second.json").write_text('{"type": "identify"}')
    marker = events / "marker.json"
    await watcher.until_marked(marker)
    assert set().union(*watcher.sets) == {first, (events / "nested" / "second.json").resolve(), marker.resolve()}
    await watcher.close()


async def test_stop_event_ends_the_iterator(handler: Path) -> None:
    watcher = await started(Collector([handler]))
    await watcher.close()
    assert watcher.task.done()


async def test_shallow_folders_report_event_files_directly_inside(tmp_path: Path, handler: Path) -> None:
    nested = tmp_path / "node_modules" / "pkg"
    nested.mkdir(parents=True)
    watcher = await started(Collector([handler], shallow_folders=[tmp_path]))
    (nested / "package.json").write_text("{}")
    (tmp_path / "my-event.json").write_text('{"type": "track"}')
    assert await watcher.next() == {(tmp_path / "my-event.json").resolve()}
    marker = tmp_path / "marker.json"
    await watcher.until_marked(marker)
    # A busy machine may see the event file's create and its write in two batches: reported twice, which re-runs
    # nothing wrong. What counts is that nothing in the nested folder is reported.
    assert set().union(*watcher.sets) == {(tmp_path / "my-event.json").resolve(), marker.resolve()}
    await watcher.close()


async def test_a_link_in_a_loop_beside_the_handler_does_not_end_the_watch(handler: Path) -> None:
    """Python 3.11's Path.resolve() raises RuntimeError for a link that leads to itself: resolving the changed path
    ended the watcher's pump, and every later save went unseen (the TUI stopped re-running, saying nothing)."""
    watcher = await started(Collector([handler], shallow_folders=[handler.parent]))
    (handler.parent / "loop.json").symlink_to("loop.json")
    (handler.parent / "other").symlink_to("other")
    await asyncio.sleep(0.1)
    handler.write_text("async function onTrack() { return 3 }\n")
    assert handler.resolve() in await watcher.next()
    handler.unlink()
    handler.symlink_to(handler.name)  # the handler itself in a loop: reported as changed, never raised
    assert handler.absolute() in await watcher.next()
    handler.unlink()
    handler.write_text("async function onTrack() { return 4 }\n")
    assert handler.absolute() in await watcher.next()
    await watcher.close()


async def test_a_deleted_event_folder_made_again_is_watched_again(tmp_path: Path, handler: Path) -> None:
    # A probe: `rm -rf events; mkdir events` while segtui ran, and no event file saved there reached the picker again.
    # The folder is given as one whose parent is not otherwise watched (`--events elsewhere/events`).
    events = tmp_path / "elsewhere" / "events"
    events.mkdir(parents=True)
    (events / "first.json").write_text('{"type": "track"}')
    watcher = await started(Collector([handler], [events]))
    shutil.rmtree(events)
    while not any((events / "first.json").resolve() in changes for changes in watcher.sets):
        await watcher.next()
    events.mkdir()
    second = events / "second.json"
    while not any(second.resolve() in changes for changes in watcher.sets):
        second.write_text('{"type": "identify"}')  # again until seen: the folder is watched anew a moment after
        await watcher.next()
    marker = events / "marker.json"
    await watcher.until_marked(marker)
    await watcher.close()


async def test_hidden_folders_and_node_modules_inside_event_folders_are_not_looked_into(tmp_path: Path,
                                                                                        handler: Path) -> None:
    events = tmp_path / "events"
    for name in (".git", "node_modules/pkg", "nested"):
        (events / name).mkdir(parents=True)
    watcher = await started(Collector([handler], [events]))
    for name in (".git/config.json", "node_modules/pkg/package.json", "nested/track.json"):
        (events / name).write_text("{}")
    marker = events / "marker.json"
    await watcher.until_marked(marker)
    assert set().union(*watcher.sets) == {(events / "nested" / "track.json").resolve(), marker.resolve()}
    await watcher.close()


async def test_a_folder_that_appears_is_listed_off_the_loop_without_its_hidden_folders(tmp_path: Path, handler: Path,
                                                                                       monkeypatch) -> None:
    listed_on: list[threading.Thread] = []
    walk = os.walk

    def watched_walk(*args, **kwargs):
        listed_on.append(threading.current_thread())
        return walk(*args, **kwargs)

    monkeypatch.setattr(os, "walk", watched_walk)
    events = tmp_path / "events"
    staged = tmp_path / "staged"
    for name in (".git", "node_modules", "nested"):
        (staged / name).mkdir(parents=True)
        (staged / name / "event.json").write_text("{}")
    watcher = await started(Collector([handler], shallow_folders=[tmp_path], future_folders=[events]))
    staged.rename(events)  # appears whole, its files written before any watch of it was in place
    nested = (events / "nested" / "event.json").resolve()
    while not any(nested in changes for changes in watcher.sets):
        await watcher.next()
    marker = events / "marker.json"
    await watcher.until_marked(marker)
    assert set().union(*watcher.sets) == {nested, marker.resolve()}
    assert listed_on and threading.main_thread() not in listed_on
    await watcher.close()


@pytest.mark.parametrize("shallow", [False, True], ids=["the-file-alone", "with-its-folder"])
async def test_a_linked_handler_is_seen_when_the_link_itself_is_replaced_or_pointed_elsewhere(tmp_path: Path,
                                                                                              shallow: bool) -> None:
    # A probe: work/handler.js -> ../real/handler.js; `sed -i work/handler.js` (which replaces the link by a file) or
    # `ln -sfn v2.js work/handler.js` changed only work/, while the target's folder was the one watched: the TUI
    # never reloaded the handler, and kept not seeing its saves.
    (tmp_path / "real").mkdir()
    (tmp_path / "work").mkdir()
    target = tmp_path / "real" / "handler.js"
    target.write_text("async function onTrack() { return 1 }\n")
    link = tmp_path / "work" / "handler.js"
    link.symlink_to(Path("..", "real", "handler.js"))
    watcher = await started(Collector([link], shallow_folders=[link.parent] if shallow else []))
    target.write_text("async function onTrack() { return 2 }\n")  # the target saved: seen as before
    assert link.resolve() in await watcher.next()
    version = tmp_path / "work" / "v2.js"
    version.write_text("async function onTrack() { return 3 }\n")
    (tmp_path / "work" / "new-link").symlink_to("v2.js")
    os.replace(tmp_path / "work" / "new-link", link)  # `ln -sfn v2.js handler.js`
    assert version.resolve() in await watcher.next()
    version.write_text("async function onTrack() { return 4 }\n")  # the new target saved
    assert version.resolve() in await watcher.next()
    (tmp_path / "work" / "sed-tmp").write_text("async function onTrack() { return 5 }\n")
    os.replace(tmp_path / "work" / "sed-tmp", link)  # `sed -i`: the link replaced by a file
    assert link.resolve() == link.absolute() and link.absolute() in await watcher.next()
    link.write_text("async function onTrack() { return 6 }\n")
    assert link.absolute() in await watcher.next()
    await watcher.close()


def inotify_instances() -> int:
    """How many inotify instances this process holds open (each watch of watchfiles has one)."""
    fds = Path("/proc/self/fd")
    return sum(1 for fd in fds.iterdir() if os.path.exists(fd) and os.readlink(fd) == "anon_inode:inotify")


async def test_a_link_pointed_into_another_folder_is_watched_there_and_its_old_folder_no_longer(tmp_path: Path) -> None:
    # A review: `ln -sfn ../other/v2.js work/handler.js` was seen once, but other/ was never watched: later saves of
    # v2.js were not. The old target's folder is watched no more once no link points into it.
    for name in ("real", "work", "other"):
        (tmp_path / name).mkdir()
    (tmp_path / "real" / "handler.js").write_text("async function onTrack() { return 1 }\n")
    version = tmp_path / "other" / "v2.js"
    version.write_text("async function onTrack() { return 2 }\n")
    link = tmp_path / "work" / "handler.js"
    link.symlink_to(Path("..", "real", "handler.js"))
    before = inotify_instances()
    watcher = await started(Collector([link], shallow_folders=[link.parent]))
    watching = inotify_instances() - before
    (tmp_path / "work" / "new-link").symlink_to(Path("..", "other", "v2.js"))
    os.replace(tmp_path / "work" / "new-link", link)
    assert version.resolve() in await watcher.next()
    for text in range(3, 300):  # saved again until seen: the new folder's watch is in place a little after the change
        version.write_text(f"async function onTrack() {{ return {text} }}\n")
        with contextlib.suppress(TimeoutError):
            if version.resolve() in await watcher.next(timeout=0.2):
                break
    else:
        raise AssertionError("saves of the link's new target were never seen")
    for _ in range(200):
        if inotify_instances() - before == watching:
            break
        await asyncio.sleep(0.05)
    assert inotify_instances() - before == watching, "the old target's folder is still watched"
    await watcher.close()
