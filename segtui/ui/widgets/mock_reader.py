"""Reads the mock file off the UI loop when it may have changed, and says with a message when runs should use it anew."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState, get_current_worker

from segtui.ui.messages import WorkerFailed
from segtui.ui.mock_file import MockFile, read_mock_text


class MockReader(Widget):
    """Not shown: reads the session's mock file in a thread (`read`), then posts MockReader.Changed when requests
    should be answered differently from the next run on (the file changed, was created or was removed)."""

    DEFAULT_CSS = "MockReader { display: none; }"

    @dataclass
    class Changed(Message):
        """The mock file in use changed: `trigger` names what made it change, for the run that follows."""

        trigger: str

    @dataclass
    class Read(Message):
        """What the worker read of the mock file at `path` (read_mock_text's `text`), asked for by `trigger`."""

        path: Path
        text: str | None
        trigger: str

    def __init__(self, mock_file: MockFile) -> None:
        super().__init__()
        self.mock_file = mock_file

    def read(self, trigger: str) -> None:
        """Read the mock file again in a worker (a read still going is dropped: this one reads what it would have)."""
        self._read(self.mock_file.path, trigger)

    @work(thread=True, exclusive=True, exit_on_error=False, name="reading the mock file")
    def _read(self, path: Path, trigger: str) -> None:
        text = read_mock_text(path)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Read(path, text, trigger))

    @on(Read)
    def _compare(self, message: Read) -> None:
        message.stop()
        if self.mock_file.changed(message.path, message.text):
            self.post_message(self.Changed(message.trigger))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.post_message(WorkerFailed.of(event.worker))
