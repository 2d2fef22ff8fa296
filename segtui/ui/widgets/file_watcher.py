"""The files a session depends on, watched off the UI loop: one FilesChanged message per save."""

from __future__ import annotations

import asyncio
from pathlib import Path

from textual import work
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from segtui.events import EVENT_FOLDERS
from segtui.ui.files import display_path
from segtui.ui.messages import FilesChanged, WorkerFailed
from segtui.watch_folders import WatchNotice
from segtui.watcher import watch_changes, watches


class FileWatcher(Widget):
    """Watches single files, event folders and event files directly in shallow folders (a handler's: its event
    folders made while segtui runs are watched once they appear); not shown."""

    DEFAULT_CSS = "FileWatcher { display: none; }"

    def __init__(self, files: list[Path], folders: list[Path], shallow_folders: list[Path]) -> None:
        super().__init__()
        self.files = files
        self.folders = folders
        self.shallow_folders = shallow_folders
        self._event_folders = [folder / name for folder in shallow_folders for name in EVENT_FOLDERS]
        """The event folders a shallow folder may hold: watched once they appear."""
        self._stop = asyncio.Event()
        self.watching = asyncio.Event()
        """Set once the files are watched: a change made after it is seen (cleared while a file added is not yet)."""

    def on_mount(self) -> None:
        self._start()

    def watch_also(self, path: Path) -> None:
        """Watch `path` too (an event saved where no watch looks: its edits from outside ran nothing), unless a watch
        sees it already."""
        if not watches(path, self.files, self.folders, self.shallow_folders):
            self.files.append(path)
            self._start()

    def _start(self) -> None:
        """Start the one watch over the files and folders, in place of the one before (a file added)."""
        self._stop.set()
        self._stop = asyncio.Event()
        self.watching.clear()
        folders = list(dict.fromkeys([*self.folders, *self._event_folders]))
        self._watch([folder for folder in folders if folder.is_dir()], [folder for folder in folders if not folder.is_dir()],
                    self._stop)

    def stop(self) -> None:
        """Stop watching (before the app exits, so no watcher thread outlives it)."""
        self._stop.set()

    @work(exclusive=True, exit_on_error=False)
    async def _watch(self, folders: list[Path], future_folders: list[Path], stop: asyncio.Event) -> None:
        """Watch until `stop`; `watching` is set once this watch is in place, unless a newer one began."""
        ready = asyncio.Event()
        placed = asyncio.create_task(ready.wait())
        placed.add_done_callback(lambda _: None if stop.is_set() else self.watching.set())
        try:
            async for paths in watch_changes(list(self.files), folders, self.shallow_folders, future_folders,
                                             stop_event=stop, ready=ready, notices=self._tell):
                self.post_message(FilesChanged(paths))
        finally:
            placed.cancel()

    def _tell(self, notice: WatchNotice) -> None:
        """Say what hot reload does not see, or how it sees it, in the notice area (each once)."""
        named = ", ".join(display_path(path) for path in notice.paths)
        if notice.kind == "unreadable":
            self.notify(f"{named} may not be read ({notice.detail}): changes in it are not seen. Everything else "
                        "still reloads.", severity="warning", title="Folder not watched", timeout=15)
        elif notice.kind == "polling":
            self.notify("The system refused file notifications (its inotify limits are spent: "
                        f"{notice.detail}), so saves are found by looking at the files every 300 ms, which costs CPU "
                        "with many event files. Raise fs.inotify.max_user_watches and max_user_instances to avoid it.",
                        severity="warning", title="Hot reload polls", timeout=15)
        else:
            self.notify(f"Changes in {named} are no longer seen: {notice.detail}. Start segtui again to reload them.",
                        severity="error", title="Hot reload stopped", timeout=30)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.post_message(WorkerFailed.of(event.worker))
