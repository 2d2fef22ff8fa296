"""One line under the panes: outcome, run time, how soon after a save it showed, network mode, unsaved state."""

from __future__ import annotations

from rich.text import Text
from textual.timer import Timer
from textual.widgets import Static

from segtui.terminal import OUTCOME_STYLES
from segtui.ui.session import Clock, RunRecord
from segtui.ui.views import outcome_mark


class StatusLine(Static):
    """The state of the last run and of the session, in one line."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.record: RunRecord | None = None
        self.running: str | None = None
        self.since: float | None = None
        """When the run going started (the clock's monotonic reading), counted on the line each second."""
        self.limit_s = 0.0
        """The run's time limit, said beside the count."""
        self._ticker: Timer | None = None
        self.cancelled: str | None = None
        """The event whose run was cancelled since the last result, if one was."""
        self.past = False
        """Whether the run shown is an earlier one, opened from History or the suite, not the latest."""
        self.network = "live"
        self.dirty = False
        self.clock = Clock()

    def set_state(self, *, record: RunRecord | None = None, running: str | None = None, network: str | None = None,
                  dirty: bool | None = None, clock: Clock | None = None, cancelled: str | None = None,
                  past: bool = False, since: float | None = None, limit_s: float = 0.0) -> None:
        """Show the state given; `running` with `since` counts the run's seconds against `limit_s` until it ends."""
        if record is not None:
            self.record, self.past = record, past
            self.running = self.cancelled = None
        if running is not None:
            self.running = running or None
            self.cancelled = None if running else self.cancelled
            self.since, self.limit_s = (since, limit_s) if running else (None, 0.0)
        if cancelled is not None:
            self.cancelled, self.running = cancelled, None
        if self.running is None:
            self.since = None
        if self.since is not None and self._ticker is None:
            self._ticker = self.set_interval(1.0, self._tick)
        elif self.since is None and self._ticker is not None:
            self._ticker.stop()
            self._ticker = None
        if network is not None:
            self.network = network
        if dirty is not None:
            self.dirty = dirty
        if clock is not None:
            self.clock = clock
        self.update(self._text(), layout=False)  # one line high, whatever it says: no layout pass needed

    def on_resize(self) -> None:
        self.update(self._text(), layout=False)

    def _tick(self) -> None:
        self.update(self._text(), layout=False)

    def _text(self) -> Text:
        """The line, fitted to the width: the network mode and the unsaved-edits mark always show, the time to show a
        save's result goes first, then the run's end is cut with an ellipsis (at 80 columns they ran off the edge)."""
        head, after_save = self._run_text()
        tail = Text()
        tail.append(f"   network: {self.network}", style="dim")
        if self.dirty:
            tail.append("   ● unsaved edits", style="yellow")
        width = self.size.width
        if width and head.cell_len + after_save.cell_len + tail.cell_len > width:
            after_save = Text()
            room = max(width - tail.cell_len, 1)
            if head.cell_len > room:
                head.truncate(room, overflow="ellipsis")
        return Text.assemble(head, after_save, tail)

    def _run_text(self) -> tuple[Text, Text]:
        """What the run did (or that one is going), and how soon after a save its result showed."""
        text = Text()
        after_save = Text()
        record = self.record
        if self.running:
            text.append(f"⏳ running {self.running}…", style="bold")
            if self.since is not None:  # a slow run (a request waiting on its answer) counts towards the time limit
                text.append(f" {int(self.clock.monotonic() - self.since)}s ({self.limit_s:g}s limit per event)", style="dim")
        elif self.cancelled:
            text.append(f"■ cancelled {self.cancelled}", style="bold")
            text.append(" · the panes show the previous run" if record else " · no run has ended yet", style="dim")
        elif record is None:
            text.append("ready", style="dim")
        elif record.refused:
            text.append("✖ not run", style="bold")
            text.append(f" · {record.refused.splitlines()[0]}")
        elif record.load_failed:
            text.append("✖ Load failed", style="bold red")  # History's word for it
            text.append(f" · {record.event_name}")
        else:
            invocation = record.invocation
            if self.past:
                where = "the suite" if record.trigger == "suite" else "History"
                text.append(f"run #{record.number}, from {where} · ", style="bold yellow")
            text.append(f"{outcome_mark(invocation.outcome)} {record.outcome_word}",
                        style=OUTCOME_STYLES.get(invocation.outcome, "bold"))
            text.append(f" · {record.event_name} · {self.clock.duration(invocation.duration_ms)}")
            if record.reload_ms is not None:
                after_save.append(f" · shown {self.clock.duration(record.reload_ms)} after the save", style="cyan")
        return text, after_save
