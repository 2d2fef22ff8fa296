"""The Raw Log Output pane: a run's console output, its many lines masked off the UI loop once the run is shown."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Static
from textual.worker import Worker, WorkerState, get_current_worker

from segtui.plurals import plural
from segtui.ui.messages import WorkerFailed
from segtui.ui.session import Clock, RunRecord
from segtui.ui.views import LogLines, shown_logs
from segtui.ui.widgets.line_fit import update_static
from segtui.ui.widgets.log_view import LogView


class RawLogOutput(Vertical):
    """The console output of the run, with times and level colours, bounded with a note."""

    HELP = """\
## Raw Log Output
Everything the handler printed with `console.log/info/warn/error/debug`, with the time and
level of each line. Very long output is cut to keep the screen responsive; a note says how
much is not shown. A run's many or long lines are shown a moment after the rest of it, once
their secrets are masked.
"""

    UNSHOWN = "The log could not be shown: masking it failed (see the error report)."
    """The note of a run whose log lines the worker failed to mask."""

    @dataclass
    class Masked(Message):
        """The log lines of `record` are masked as `logs`, which its view keeps: shown if it still is."""

        record: RunRecord
        logs: LogLines

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[RunRecord, Clock] | None = None
        self._masking: list[tuple[RunRecord, Worker[None]]] = []
        """Runs whose log lines are being masked, each by one worker that goes on while another run is shown (its lines
        are kept for when it is shown again); a worker cancelled (the app quitting) stops before its next chunk."""

    def compose(self) -> ComposeResult:
        yield LogView(id="log-view")
        yield Static("", id="log-note", classes="note", markup=False)

    def on_mount(self) -> None:
        self.border_title = "Raw Log Output"
        self.query_one("#log-note").display = False

    def show(self, record: RunRecord, clock: Clock) -> None:
        self._shown = (record, clock)
        view = record.view
        logs = view.logs if view else None
        if view is not None and logs is None:
            message = f"Masking {plural(len(record.invocation.logs), 'log line')}…"
            if not any(masked is record for masked, _ in self._masking):
                self._masking.append((record, self._mask(record)))
        else:
            message = logs.note if logs else ""
        self.query_one(LogView).set_lines(logs.lines if logs else [], clock.log_time, "" if message else "(no logs)")
        note = self.query_one("#log-note", Static)
        update_static(note, message)
        note.display = bool(message)

    @work(thread=True, exit_on_error=False, name="masking the log")
    def _mask(self, record: RunRecord) -> None:
        worker = get_current_worker()
        logs = shown_logs(record.invocation, record.masker, lambda: worker.is_cancelled)
        if logs is not None and not worker.is_cancelled:
            self.post_message(self.Masked(record, logs))

    @on(Masked)
    def _masked(self, message: Masked) -> None:
        message.stop()
        self._masking = [(record, worker) for record, worker in self._masking if record is not message.record]
        if message.record.view is not None:
            message.record.view.logs = message.logs
        if self._shown is not None and self._shown[0] is message.record:
            self.show(*self._shown)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.post_message(WorkerFailed.of(event.worker))
            for record, worker in self._masking:
                if worker is event.worker:
                    self.post_message(self.Masked(record, LogLines(note=self.UNSHOWN)))
