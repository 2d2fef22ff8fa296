"""Tables of runs: the suite (every event in the picker) and the session's history, plus the diff view."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from segtui.ui.diff import DiffSection
from segtui.ui.session import Clock, RunRecord

OUTCOME_STYLES = {
    "success": "bold green", "unsupported_event_type": "bold yellow", "message_rejected": "bold yellow",
    "retry": "bold magenta", "timeout": "bold red", "bad_request": "bold red",
}


def outcome_text(record: RunRecord) -> Text:
    if record.refused:
        return Text("Not run", style="bold")
    if record.load_failed:
        return Text("Load failed", style="bold red")
    invocation = record.invocation
    return Text(invocation.label, style=OUTCOME_STYLES.get(invocation.outcome, "bold"))


def detail_text(record: RunRecord) -> str:
    if record.refused:
        return record.refused.splitlines()[0]
    error = record.invocation.error
    return error.headline().splitlines()[0][:120] if error else ""


class RunSelected(Message):
    """A row naming a run was chosen; the panes should show that run."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number


def event_kind(payload: object) -> str:
    if isinstance(payload, list):
        return "batch"
    return str(payload.get("type", "")) if isinstance(payload, dict) else ""


class RunTable(DataTable):
    """A table whose rows stand for runs; enter shows the run in the panes."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self.numbers: dict[str, int] = {}

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        number = self.numbers.get(event.row_key.value or "")
        if number is not None:
            self.post_message(RunSelected(number))

    def reset(self) -> None:
        self.clear()
        self.numbers.clear()


class SuiteTable(RunTable):
    """One row per event of the suite, filled in as each finishes."""

    HELP = """\
## Suite
**ctrl+t** runs every event in the picker, each on a fresh instance of the handler, as
Segment's Developer Center test did. Select a row (**enter**) to see that run in the panes.
"""

    def on_mount(self) -> None:
        for key, label in (("index", "#"), ("event", "Event"), ("type", "Type"), ("outcome", "Outcome"),
                           ("duration", "Duration"), ("detail", "Detail")):
            self.add_column(label, key=key)

    def start(self, names: list[str]) -> None:
        self.reset()
        for index, name in enumerate(names, 1):
            self.add_row(str(index), name, "", Text("…", style="dim"), "", "", key=f"row-{index}")

    def add_result(self, record: RunRecord, index: int, clock: Clock) -> None:
        key = f"row-{index}"
        if key not in self.rows:
            self.add_row(str(index), record.event_name, "", "", "", "", key=key)
        self.numbers[key] = record.number
        values = {"type": event_kind(record.event_payload), "outcome": outcome_text(record),
                  "duration": clock.duration(record.invocation.duration_ms), "detail": detail_text(record)}
        for column, value in values.items():
            self.update_cell(key, column, value, update_width=True)


class HistoryTable(RunTable):
    """The session's runs, newest first."""

    HELP = """\
## History
The runs of this session, newest first: when, which event, what started it (a save, a
manual run, the suite) and the outcome. Select one to see it in the panes; **F8** shows
what changed from the previous run of the same event.
"""

    def on_mount(self) -> None:
        self.add_columns("#", "Time", "Event", "Trigger", "Outcome", "Duration")

    def add_run(self, record: RunRecord, clock: Clock) -> None:
        """Add a run at the top."""
        rows = [(record.number, clock.clock_time(record.started_at), record.event_name, record.trigger,
                 outcome_text(record), clock.duration(record.invocation.duration_ms))]
        rows += [tuple(self.get_row(key)) for key in list(self.rows)][: HISTORY_ROWS - 1]
        self.reset()
        for number, *cells in rows:
            key = str(number)
            self.numbers[key] = int(number)
            self.add_row(str(number), *cells, key=key)


HISTORY_ROWS = 200

_TAG_STYLES = {"+": "green", "-": "red", "@": "cyan dim", " ": ""}


class DiffView(VerticalScroll):
    """What changed from the previous run of the same event: outcome, return value, logs, requests."""

    HELP = """\
## Diff
The shown run compared with the previous run of the same event: its outcome, Callback
Return, Raw Log Output and requests, as unified diffs (− before, + now).
"""

    def compose(self) -> ComposeResult:
        yield Static("Run the same event twice to see what changed.", id="diff-text")

    def show(self, title: str, sections: list[DiffSection] | None) -> None:
        text = Text(title + "\n", style="bold")
        if sections is None:
            text.append("No earlier run of this event to compare with.", style="dim")
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
