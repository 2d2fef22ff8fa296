"""Callback Return and Raw Log Output, side by side, as Segment's editor shows a run."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Static, TextArea

from segtui.events import HANDLER_NAMES
from segtui.invocation import CRASHED
from segtui.ui.session import Clock, RunRecord
from segtui.ui.views import outcome_mark
from segtui.ui.widgets.code_pane import swap_text, syntax_language
from segtui.ui.widgets.log_view import LogView

OUTCOME_CLASSES = ("-success", "-unsupported_event_type", "-message_rejected", "-retry", "-timeout",
                   "-bad_request", f"-{CRASHED}", "-refused", "-running")


def outcome_line(record: RunRecord, clock: Clock) -> Text:
    """The banner: mark and Segment's label, then the event, the handler and the run time."""
    invocation = record.invocation
    if record.refused:
        return Text.assemble(("✖ Not run", "bold"), f"  {record.event_name}")
    if record.load_failed:
        return Text.assemble(("✖ Could not load the handler", "bold"), f"  {record.event_name}")
    mark = outcome_mark(invocation.outcome)
    handler = invocation.handler_name or _expected_handler(record.event_payload)
    target = f" → {handler}" if handler else ""
    return Text.assemble((f"{mark} {invocation.label}", "bold"), f"  {record.event_name}{target}  ",
                         (clock.duration(invocation.duration_ms), "dim"))


def update_static(static: Static, content: Text | str) -> None:
    """Static.update, skipping text already shown and laying out only if the height may change (a layout repaints all)."""
    old = static.content
    if _same_text(old, content):
        return
    width = static.size.width
    static.update(content, layout=not (_one_line(old, width) and _one_line(content, width)))


def _same_text(a: object, b: Text | str) -> bool:
    if isinstance(a, Text) and isinstance(b, Text):
        return (a.plain, a.style, a.spans) == (b.plain, b.style, b.spans)
    return isinstance(a, str) and a == b


def _one_line(content: object, width: int) -> bool:
    """Whether `content` takes one line `width` cells wide (an empty one too)."""
    plain = content.plain if isinstance(content, Text) else str(content)
    return "\n" not in plain and cell_len(plain) <= width


def _expected_handler(payload: object) -> str:
    """The handler an event goes to, for runs that ended before the sandbox said (a timeout)."""
    if isinstance(payload, list):
        return "(per-event handlers)"
    if isinstance(payload, dict):
        return HANDLER_NAMES.get(str(payload.get("type")), "")
    return ""


def outcome_class(record: RunRecord) -> str:
    if record.refused:
        return "-refused"
    if record.load_failed:
        return "-bad_request"
    return f"-{record.invocation.outcome}"


class CallbackReturn(Vertical):
    """What the handler returned, or the error it threw as `Name: message` with its stack on handler lines."""

    HELP = """\
## Callback Return
The outcome with Segment's label (Success, Unsupported Event Type, Message Rejected,
Retry, Timeout, Bad Request), then the value the handler returned as JSON, or the error it
threw with each stack frame's handler line. **ctrl+g** jumps to the failing line.
"""

    def compose(self) -> ComposeResult:
        yield Static("No run yet: press ctrl+r to run the selected event.", id="outcome")
        yield Static("", id="error")
        yield TextArea.code_editor("", language=syntax_language("json"), read_only=True, show_line_numbers=False,
                                   highlight_cursor_line=False, soft_wrap=True, id="return-value")
        yield Static("", id="return-note", classes="note")

    def on_mount(self) -> None:
        self.border_title = "Callback Return"

    def show_running(self, event_name: str) -> None:
        update_static(self.query_one("#outcome", Static), Text.assemble(("⏳ Running ", "bold"), event_name, "…"))
        self.add_class("-running")

    def show_cancelled(self, event_name: str) -> None:
        update_static(self.query_one("#outcome", Static),
                      Text.assemble(("■ Cancelled ", "bold"), event_name, (" · the result below is the previous run's", "dim")))
        self.add_class("-running")

    def show(self, record: RunRecord, clock: Clock) -> None:
        # In one batch, which restyles the pane and all it holds only when the classes differ.
        self.update_classes({**dict.fromkeys(OUTCOME_CLASSES, False), outcome_class(record): True})
        update_static(self.query_one("#outcome", Static), outcome_line(record, clock))
        error = self.query_one("#error", Static)
        value = self.query_one("#return-value", TextArea)
        note = self.query_one("#return-note", Static)
        view = record.view
        if record.refused:
            update_static(error, Text(record.refused))
        elif record.invocation.error:
            update_static(error, self._error_text(record))
        else:
            update_static(error, "")
        has_error = bool(record.refused or record.invocation.error)
        error.display = has_error
        value.display = not has_error
        swap_text(value, "" if has_error or view is None else view.return_json.text)
        value.move_cursor((0, 0))
        notes = [view.return_json.note if view and not has_error else "", *record.invocation.notes]
        message = "\n".join(line for line in notes if line)
        update_static(note, message)
        note.display = bool(message)

    @staticmethod
    def _error_text(record: RunRecord) -> Text:
        """The error from the run's masked view: headline, the syntax error's line, the stack, a batch's items."""
        error = record.invocation.error
        view = record.view
        if view is None or error is None:
            return Text("(not shown: the run has no masked view)", style="bold")
        text = Text(view.headline, style="bold")
        load = record.load
        if load is not None and load.syntax_error and view.source_line:
            text.append(f"\n  line {error.line}, column {error.column}\n", style="dim")
            text.append(f"    {view.source_line.expandtabs(1)}\n")  # one column per character, as the caret counts
            if error.column:
                text.append("    " + " " * (error.column - 1) + "^", style="bold red")
        for line in view.stack:
            text.append("\n  " + line.text, style="bold" if line.source else ("" if line.line else "dim"))
        for item in view.items:
            text.append(f"\n  {item}")
        return text


class RawLogOutput(Vertical):
    """The console output of the run, with times and level colours, bounded with a note."""

    HELP = """\
## Raw Log Output
Everything the handler printed with `console.log/info/warn/error/debug`, with the time and
level of each line. Very long output is cut to keep the screen responsive; a note says how
much is not shown.
"""

    def compose(self) -> ComposeResult:
        yield LogView(id="log-view")
        yield Static("", id="log-note", classes="note")

    def on_mount(self) -> None:
        self.border_title = "Raw Log Output"
        self.query_one("#log-note").display = False

    def show(self, record: RunRecord, clock: Clock) -> None:
        view = record.view
        lines = view.logs.lines if view else []
        self.query_one(LogView).set_lines(lines, clock.log_time)
        note = self.query_one("#log-note", Static)
        message = view.logs.note if view else ""
        if not lines and not message:
            message = "(no logs)"
        update_static(note, message)
        note.display = bool(message)


class ResultPanes(Horizontal):
    """Callback Return beside Raw Log Output (stacked on narrow terminals)."""

    def compose(self) -> ComposeResult:
        yield CallbackReturn(id="callback-return")
        yield RawLogOutput(id="raw-log-output")

    def show_running(self, event_name: str) -> None:
        """Say a run is going, the previous result dimmed under it so it is not taken for the new one."""
        self.add_class("-running")
        self.query_one(CallbackReturn).show_running(event_name)

    def show_cancelled(self, event_name: str) -> None:
        """Say the run was cancelled; the previous result stays dimmed."""
        self.add_class("-running")
        self.query_one(CallbackReturn).show_cancelled(event_name)

    def show(self, record: RunRecord, clock: Clock) -> None:
        self.remove_class("-running")
        self.query_one(CallbackReturn).show(record, clock)
        self.query_one(RawLogOutput).show(record, clock)
