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


@dataclass(frozen=True)
class HeldRun:
    """A run that waits for the mock file's read (both changed in one batch): what request_run takes."""

    trigger: str
    reload_from: tuple[str, float] | None = None
    source: str | None = None


class MockReader(Widget):
    """Not shown: reads the session's mock file in a thread (`read`), then posts MockReader.Changed when requests
    should be answered differently from the next run on (the file changed, was created or was removed), or when a run
    held for the read (`read`'s `held`) can start with what it read."""

    DEFAULT_CSS = "MockReader { display: none; }"
    START = "start"
    """The trigger of the first read, which the session's first run waits for: what later reads are told against (read
    before the run reads its rules, a change in between is one to them)."""

    @dataclass
    class Changed(Message):
        """The mock file in use changed, or a run waited for its read: `run` is the run that follows."""

        run: HeldRun

    @dataclass
    class Read(Message):
        """What the worker read of the mock file at `path` (read_mock_text's `text`), asked for by `trigger`."""

        path: Path
        text: str | None
        trigger: str

    def __init__(self, mock_file: MockFile) -> None:
        super().__init__()
        self.mock_file = mock_file
        self._held: HeldRun | None = None

    def read(self, trigger: str, held: HeldRun | None = None) -> None:
        """Read the mock file again in a worker (a read still going is dropped: this one reads what it would have); a
        `held` run starts once it is read, changed or not, so it never runs on the rules from before (a newer held run
        replaces one still waiting, whose save it saw)."""
        self._held = held or self._held
        self._read(self.mock_file.path, trigger)

    @work(thread=True, exclusive=True, exit_on_error=False, name="reading the mock file")
    def _read(self, path: Path, trigger: str) -> None:
        text = read_mock_text(path)
        if not get_current_worker().is_cancelled:
            self.post_message(self.Read(path, text, trigger))

    @on(Read)
    def _compare(self, message: Read) -> None:
        message.stop()
        held, self._held = self._held, None
        if self.mock_file.changed(message.path, message.text, message.trigger == self.START) or held is not None:
            self.post_message(self.Changed(held or HeldRun(message.trigger)))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:  # a held run goes ahead: its own worker reads the rules, or says why not
            self.post_message(WorkerFailed.of(event.worker))
            held, self._held = self._held, None
            if held is not None:
                self.post_message(self.Changed(held))
