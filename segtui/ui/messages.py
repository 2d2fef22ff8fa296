"""The run pipeline as messages: RunStarted → RunFinished, SuiteStarted → SuiteProgressed… → SuiteFinished.

Workers post these; the screen's handlers change widgets.
"""

from __future__ import annotations

import traceback
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from textual.message import Message
from textual.worker import Worker

from segtui.mock_capture import CapturedRule
from segtui.ui.session import RunRecord


@dataclass
class RunStarted(Message):
    """A worker began running an event."""

    event_name: str
    trigger: str


@dataclass
class RunFinished(Message):
    """A run ended (or was refused); `record` holds everything the panes show."""

    record: RunRecord
    request: int = 0
    """Which of the run queue's requests it answers (a cancelled run may end after the next was requested)."""


@dataclass
class SuiteStarted(Message):
    """The whole suite began; `names` are its events in order, `keys` the picker's keys of them."""

    names: list[str]
    keys: list[str]


@dataclass
class SuiteRefused(Message):
    """The suite was not run: `reason` says why (the mock file cannot be read, say)."""

    reason: str


@dataclass
class SuiteProgressed(Message):
    """One event of the suite finished."""

    record: RunRecord
    index: int
    total: int


@dataclass
class SuiteFinished(Message):
    """Every event of the suite ran, or the suite was `stopped` by a new run after `records`."""

    records: list[RunRecord]
    total: int
    stopped: bool = False


@dataclass
class FilesChanged(Message):
    """Watched files changed on disk: one message per save, however the editor saved."""

    paths: set[Path]


@dataclass
class MockRuleAdded(Message):
    """A rule answering a request was appended to a mock file."""

    rule: CapturedRule


@dataclass
class MockRuleRefused(Message):
    """No mock rule was added: `reason` says why (the file is invalid, say)."""

    reason: str


@dataclass
class WorkerFailed(Message):
    """A worker raised unexpectedly; `details` is the traceback to show and report."""

    name: str
    details: str

    @classmethod
    def of(cls, worker: Worker[Any]) -> WorkerFailed:
        """The message for a worker that failed."""
        error = worker.error
        return cls(worker.name or "a worker", "".join(traceback.format_exception(error)) if error else "unknown error")
