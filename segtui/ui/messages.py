"""The run pipeline as messages: RunStarted → RunFinished, SuiteStarted → SuiteProgressed… → SuiteFinished.

Workers post these; the screen's handlers change widgets.
"""

from __future__ import annotations

import traceback
from pathlib import Path

from textual.message import Message
from textual.worker import Worker

from segtui.ui.session import RunRecord


class RunStarted(Message):
    """A worker began running an event."""

    def __init__(self, event_name: str, trigger: str) -> None:
        super().__init__()
        self.event_name = event_name
        self.trigger = trigger


class RunFinished(Message):
    """A run ended (or was refused); `record` holds everything the panes show."""

    def __init__(self, record: RunRecord) -> None:
        super().__init__()
        self.record = record


class SuiteStarted(Message):
    """The whole suite began; `names` are its events in order."""

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names


class SuiteProgressed(Message):
    """One event of the suite finished."""

    def __init__(self, record: RunRecord, index: int, total: int) -> None:
        super().__init__()
        self.record = record
        self.index = index
        self.total = total


class SuiteFinished(Message):
    """Every event of the suite ran, or the suite was `stopped` by a new run after `records`."""

    def __init__(self, records: list[RunRecord], total: int, *, stopped: bool = False) -> None:
        super().__init__()
        self.records = records
        self.total = total
        self.stopped = stopped


class FilesChanged(Message):
    """Watched files changed on disk: one message per save, however the editor saved."""

    def __init__(self, paths: set[Path]) -> None:
        super().__init__()
        self.paths = paths


class WorkerFailed(Message):
    """A worker raised unexpectedly; `details` is the traceback to show and report."""

    def __init__(self, worker: Worker) -> None:
        super().__init__()
        self.name = worker.name or "a worker"
        error = worker.error
        self.details = "".join(traceback.format_exception(error)) if error else "unknown error"
