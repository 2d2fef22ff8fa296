"""Tables of runs: the suite (every event in the picker) and the session's history, plus the diff view."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static
from textual.widgets.data_table import RowKey
from textual.worker import Worker, WorkerState, get_current_worker

from segtui.events import unsaved_copy
from segtui.kinds import request_words
from segtui.plurals import agreeing, plural
from segtui.terminal import OUTCOME_STYLES, visible
from segtui.ui.catalog import PickableEvent
from segtui.ui.diff import DiffSection, diff_invocations
from segtui.ui.messages import WorkerFailed
from segtui.ui.session import Clock, RunRecord
from segtui.ui.widgets.table_widths import column_width
from segtui.webhooks import is_request


def outcome_text(record: RunRecord) -> Text:
    style = "bold" if record.refused else "bold red" if record.load_failed else OUTCOME_STYLES.get(
        record.invocation.outcome, "bold")
    return Text(record.outcome_word, style=style)


def history_row(record: RunRecord, clock: Clock) -> tuple[object, ...]:
    """A run's row in the History tab, made when the run is kept: a run waiting to be listed holds no more than this."""
    return (record.number, clock.clock_time(record.started_at), record.event_name, outcome_text(record), record.trigger,
            clock.duration(record.invocation.duration_ms))


def detail_text(record: RunRecord) -> str:
    """The first line of why a run failed (or an insert function dropped its event), from its masked view."""
    if record.refused:
        return record.refused.splitlines()[0]
    failed = record.invocation.failed_items
    if not record.invocation.error and failed:
        words = Counter(item.label for _, item in failed)
        return f"{len(failed)} of {len(record.invocation.items)} batch items failed: " + ", ".join(
            f"{count} {word}" for word, count in words.most_common())
    if not record.invocation.error:
        return record.invocation.drop_reason or ""
    headline = record.view.headline if record.view else "(not shown: the run has no masked view)"
    return headline.splitlines()[0][:120] if headline else ""


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _cut_text(text: object, width: int) -> object:
    """A styled cell cut to `width` cells, an ellipsis for what is left out."""
    if not isinstance(text, Text) or text.cell_len <= width:
        return text
    cut = text.copy()
    cut.truncate(width, overflow="ellipsis")
    return cut


def _plain(cell: object) -> object:
    """A cell as the table shows it: text as it is, where DataTable reads a string as markup (an error or an event's
    name holding `[/]` crashed the app)."""
    return Text(cell) if isinstance(cell, str) else cell


@dataclass
class RunSelected(Message):
    """A row naming a run was chosen; the panes should show that run."""

    number: int


def event_kind(payload: object) -> str:
    """An event's type (`batch` for one), or a source function's request's method."""
    if isinstance(payload, list):
        return "batch"
    if is_request(payload) and isinstance(payload, dict):
        return str(payload.get("method", "POST")).upper()
    return str(payload.get("type", "")) if isinstance(payload, dict) else ""


class RunTable(DataTable[Any]):
    """A table whose rows stand for runs; enter shows the run in the panes."""

    def __init__(self, noun: str = "event", *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.numbers: dict[str, int] = {}
        self.noun = noun
        """What the function runs, in words shown: `event`, or a source function's `request`."""

    def _show(self, columns: list[tuple[str, str, int]], rows: list[tuple[str, list[Any]]], keep_cursor: bool) -> None:
        """Fill the table with `columns` (key, label, width: given, table_widths) and `rows` (key, cells), keeping the
        cursor's row when asked."""
        row = self.cursor_row
        self.clear(columns=True)
        for key, label, width in columns:
            self.add_column(request_words(label) if self.noun == "request" else label, key=key, width=width)
        for key, cells in rows:
            self.add_row(*map(_plain, cells), key=key)
        if keep_cursor and rows:
            self.move_cursor(row=min(row, len(rows) - 1), animate=False)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        number = self.numbers.get(event.row_key.value or "")
        if number is not None:
            self.post_message(RunSelected(number))


class SuiteTable(RunTable):
    """One row per event of the suite, filled in as each finishes."""

    HELP = """\
## Suite
**ctrl+t** runs every event in the picker, each on a fresh instance of the handler, as
Segment's Developer Center test did. Select a row (**enter**) to see that run in the panes.
It shows outcomes only: `segtui test HANDLER` in a terminal checks each run against the goldens
kept beside the handler (`--update` writes them).
"""

    def __init__(self, noun: str = "event", *, id: str | None = None) -> None:
        super().__init__(noun, id=id)
        self.names: dict[str, str] = {}
        """Each row's whole event name; the cell shows as much as fits."""
        self.details: dict[str, str] = {}
        """Each row's whole detail; the cell shows as much as fits."""
        self.outcomes: dict[str, Text] = {}
        """Each row's whole outcome; the cell shows as much as fits."""
        self.event_width = self.detail_width = self.outcome_width = 12
        """The cells the event, detail and outcome columns have: their shares of the room the other columns leave."""

    def on_mount(self) -> None:
        self._fill([])

    def on_resize(self) -> None:
        self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        """Fill the table again for its new width: the names and details cut to the room it leaves them."""
        self._fill([(str(key.value), self._cells(key)) for key in self.rows], keep_cursor=True)

    def _cells(self, key: RowKey) -> list[Any]:
        """A row's cells in _SUITE_COLUMNS' order, whichever order the table shows its columns in."""
        shown = dict(zip((column.key.value for column in self.ordered_columns), self.get_row(key)))
        return [shown[column] for column, _ in _SUITE_COLUMNS]

    def _fill(self, rows: list[tuple[str, list[Any]]], keep_cursor: bool = False) -> None:
        """Show `rows` (key, cells in _SUITE_COLUMNS' order), each column given its width (table_widths), in the order
        _widths gives, each cell cut to it."""
        widths = self._widths(rows)
        self.event_width, self.outcome_width, self.detail_width = widths["event"], widths["outcome"], widths["detail"]
        order = [_SUITE_ORDER.index(key) for key in widths]
        for key, cells in rows:
            cells[1] = _cut(self.names.get(key, ""), self.event_width)
            cells[2] = _cut_text(self.outcomes.get(key, cells[2]), self.outcome_width)
            cells[-1] = _cut(self.details.get(key, ""), self.detail_width)
        labels = dict(_SUITE_COLUMNS)
        self._show([(key, labels[key], width) for key, width in widths.items()],
                   [(key, [cells[at] for at in order]) for key, cells in rows], keep_cursor)

    def _widths(self, rows: list[tuple[str, list[Any]]]) -> dict[str, int]:
        """Each column's width, in the order shown. Outcome, Type and Duration their longest values', so the room left
        is known as soon as the events are listed and stays the same while results come in (but for a crash's longer
        outcome, which widens it); the event and the detail share that room, the detail at least three fifths (at 120
        columns the event took it all and the detail showed 8 characters), the event its longest name at most.

        Where that leaves the event or the detail under 12 cells, the outcome gives up cells first, down to 12
        (`Unsupported…`); then Type goes past the right edge; only then the detail does too, the event and the outcome
        sharing what Duration leaves (at 60 columns the outcome's 22 cells left room for `# Event Outcome` only)."""
        pad = 2 * self.cell_padding
        index = column_width("#", [cells[0] for _, cells in rows])
        outcome = max(len("Unsupported Event Type"), column_width("Outcome", [self.outcomes.get(key, cells[2])
                                                                              for key, cells in rows]))
        longest = column_width("Event", self.names.values())
        least = min(longest, 12) + 12
        width = self.scrollable_content_region.width - 1 - index - 6 * pad - 9  # for event, outcome, type and detail
        fixed = {"index": index, "type": 8, "duration": 9}
        for room, order in ((width - 8, _SUITE_ORDER), (width + pad, _TYPE_PAST_THE_EDGE)):
            short = min(outcome, max(12, room - least))
            if room - short >= least:
                event = min(longest, max(12, (room - short) * 2 // 5))
                sizes = {**fixed, "event": event, "outcome": short, "detail": room - short - event}
                return {key: sizes[key] for key in order}
        event = min(longest, 12)
        sizes = {**fixed, "event": event, "outcome": min(outcome, max(12, width + 2 * pad - event)),
                 "detail": max(24, column_width("Detail", self.details.values()))}
        return {key: sizes[key] for key in _TYPE_PAST_THE_EDGE}

    def runnable(self, events: list[PickableEvent]) -> list[PickableEvent]:
        """The events the suite runs, saying which files it leaves out: unreadable (`segtui test` refuses a suite with
        one; here the others run), and edits a crash, a stop or a quit kept, which the user never saved (as `segtui test`)."""
        if names := [event.source.name for event in events if not event.source.ok and not unsaved_copy(event.source.path)]:
            self.notify(f"{plural(len(names), f'{self.noun} file')} could not be read and {agreeing(len(names), 'is', 'are')} not run: {', '.join(names)} "
                        "(✖ in the list: select one to see why)", title="Suite", severity="warning", timeout=10)
        if kept := [event.source.name for event in events if unsaved_copy(event.source.path)]:
            self.notify(f"{plural(len(kept), 'unsaved edit')} kept on a crash, a stop or a quit {agreeing(len(kept), 'is', 'are')} not run: {', '.join(kept)} (open one "
                        "and save it under another name to run it)", title="Suite", timeout=10)
        return [event for event in events if event.source.ok and not unsaved_copy(event.source.path)]

    def start(self, names: list[str]) -> None:
        self.numbers.clear()
        self.details.clear()
        self.outcomes.clear()
        self.names = {f"row-{index}": name for index, name in enumerate(names, 1)}
        self._fill([(key, [key.removeprefix("row-"), "", Text("…", style="dim"), "", "", ""]) for key in self.names])

    def finish(self, records: list[RunRecord], total: int, stopped: bool, selected: int | None) -> int | None:
        """Say how the suite went, in the table's words, and give the index in `records` of the run to show: the first
        Segment would not be content with, its row highlighted (else the run at `selected`, the selected event's, else
        the last); a stopped suite marks the events it did not run."""
        if stopped:
            for index in range(len(records) + 1, self.row_count + 1):
                self.update_cell(f"row-{index}", "outcome", Text("stopped", style="dim"))
            self.notify(f"Stopped after {len(records)} of {plural(total, self.noun)}.", title="Suite")
            return None
        counts = Counter(record.outcome_word for record in records)
        summary = ", ".join(f"{count} {word}" for word, count in counts.most_common())
        failed = next((index for index, record in enumerate(records) if not record.as_expected), None)
        self.notify(f"{plural(len(records), self.noun)}: {summary}" + ("" if failed is None else
                    f"\nShown: the first that failed, {records[failed].event_name}."), title="Suite",
                    severity="information" if failed is None else "warning")
        if failed is None:
            return selected if selected is not None or not records else len(records) - 1
        self.move_cursor(row=failed)
        return failed

    def add_result(self, record: RunRecord, index: int, clock: Clock) -> None:
        key = f"row-{index}"
        self.numbers[key] = record.number
        self.details[key] = detail_text(record)
        if key not in self.names:  # a row the suite did not list: the table is filled again for its widths
            self.names[key] = record.event_name
        outcome = self.outcomes[key] = outcome_text(record)
        cells = [str(index), _cut(record.event_name, self.event_width), _cut_text(outcome, self.outcome_width),
                 event_kind(record.event_payload), clock.duration(record.invocation.duration_ms),
                 _cut(self.details[key], self.detail_width)]
        if key not in self.rows:
            self._fill([*((str(row.value), self._cells(row)) for row in self.rows), (key, cells)], keep_cursor=True)
            return
        for column, value in zip(("outcome", "type", "duration", "detail"), cells[2:]):
            self.update_cell(key, column, _plain(value))
        if outcome.cell_len > self.outcome_width >= len("Unsupported Event Type"):  # a crash's, which the width set
            self._refit()                                                          # would cut where there is room


class HistoryTable(RunTable):
    """The session's runs, newest first."""

    HELP = """\
## History
The runs of this session, newest first: when, which event, the outcome and what started it
(a save, a manual run, the suite). Select one to see it in the panes; **F8** shows
what changed from the previous run of the same event.
"""

    def __init__(self, noun: str = "event", *, id: str | None = None) -> None:
        super().__init__(noun, id=id)
        self.runs: list[tuple[object, ...]] = []
        """The rows listed (history_row's, newest first), each event's name whole: the cell shows as much as fits."""

    def on_mount(self) -> None:
        self._fill()

    def add_runs(self, runs: list[tuple[object, ...]]) -> None:
        """Add runs' rows (history_row's, oldest first) at the top."""
        self.runs = ([*reversed(runs)] + self.runs)[:HISTORY_ROWS]
        self._fill()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill, keep_cursor=True)

    def _fill(self, keep_cursor: bool = False) -> None:
        """List the runs, each event's name cut to the room the other columns leave, each column given its width
        (table_widths)."""
        room = self._event_room()
        rows = [(str(number), [str(number), time, _cut(str(event), room), *cells])
                for number, time, event, *cells in self.runs]
        self.numbers = {key: int(key) for key, _ in rows}
        self._show([(label, label, column_width(label, [cells[index] for _, cells in rows]))
                    for index, label in enumerate(_HISTORY_COLUMNS)], rows, keep_cursor)

    def _event_room(self) -> int:
        """The cells the event's name may take so that the outcome and duration after it stay in view (at 120 columns
        a Developer Center file's name pushed the duration out of the pane)."""
        others = sum(column_width(label, [run[index] for run in self.runs]) + 2 * self.cell_padding
                     for index, label in enumerate(_HISTORY_COLUMNS) if label != "Event")
        return max(12, self.scrollable_content_region.width - others - 2 * self.cell_padding - 1)


_SUITE_COLUMNS = (("index", "#"), ("event", "Event"), ("outcome", "Outcome"), ("type", "Type"), ("duration", "Duration"),
                  ("detail", "Detail"))
_SUITE_ORDER = tuple(key for key, _ in _SUITE_COLUMNS)
_TYPE_PAST_THE_EDGE = ("index", "event", "outcome", "duration", "detail", "type")
"""The suite's columns on a table too narrow for all: Type, the event's own, goes past the right edge first."""

_HISTORY_COLUMNS = ("#", "Time", "Event", "Outcome", "Trigger", "Duration")
"""The History tab's columns: the outcome before what started the run, so a narrow terminal cuts the trigger first."""


HISTORY_ROWS = 200

_TAG_STYLES = {"+": "green", "-": "red", "@": "cyan dim", " ": ""}


class DiffView(VerticalScroll):
    """What changed from the previous run of the same event: outcome, return value, logs, requests."""

    HELP = """\
## Diff
The shown run compared with the previous run of the same event: its outcome, Callback
Return, Raw Log Output and requests, as unified diffs (− before, + now).
"""

    def __init__(self, noun: str = "event", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.noun = noun
        """What the function runs, in words shown: `event`, or a source function's `request`."""

    def compose(self) -> ComposeResult:
        yield Static(f"Run the same {self.noun} twice to see what changed.", id="diff-text")

    def compare(self, record: RunRecord, previous: RunRecord | None) -> None:
        """Show what changed from `previous` to `record` (the diff is computed in a worker)."""
        if previous is None:
            self.show(f"Run #{record.number} · {record.event_name}", None)
        else:
            self._compare(record, previous)

    @work(thread=True, exclusive=True, exit_on_error=False)
    def _compare(self, record: RunRecord, previous: RunRecord) -> None:
        sections = diff_invocations(previous.invocation, record.invocation, (record.masker, previous.masker),
                                    (previous.outcome_word, record.outcome_word))
        for section in sections:
            section.lines = [(tag, visible(line)) for tag, line in section.lines]
        title = f"Run #{record.number} compared with run #{previous.number} · {record.event_name}"
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show, title, sections)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.post_message(WorkerFailed.of(event.worker))

    def show(self, title: str, sections: list[DiffSection] | None) -> None:
        text = Text(title + "\n", style="bold")
        if sections is None:
            text.append(f"No earlier run of this {self.noun} to compare with: run it again (ctrl+r, or save the handler), "
                        "then F8 shows what changed.", style="dim")
        for section in sections or []:
            text.append(f"\n{section.title}", style="bold underline")
            if not section.changed:
                text.append("  unchanged\n", style="dim")
                continue
            text.append("\n")
            for tag, line in section.lines:
                prefix = "" if tag == "@" else f"{tag} "
                text.append(f"{prefix}{line}\n", style=_TAG_STYLES.get(tag, ""))
        self.query_one("#diff-text", Static).update(text)
