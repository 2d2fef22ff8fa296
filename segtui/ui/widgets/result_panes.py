"""Callback Return and Raw Log Output, side by side, as Segment's editor shows a run."""

from __future__ import annotations

from textwrap import indent, wrap

from rich.cells import cell_len, chop_cells
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widget import Widget
from textual.widgets import Static, Tab, Tabs, TextArea

from segtui.errors import quoted_line
from segtui.invocation import CRASHED, REFUSED, event_identity
from segtui.ui.session import Clock, RunRecord
from segtui.ui.views import outcome_mark
from segtui.ui.widgets.code_pane import swap_text, syntax_language
from segtui.ui.widgets.emitted_messages import EmittedMessages
from segtui.ui.widgets.event_change import change_text
from segtui.ui.widgets.line_fit import laid_out, middle_cut, update_static
from segtui.ui.widgets.log_view import LogView
from segtui.ui.widgets.pane_layout import PANE_TABS, arrangement, pane_tabs
from segtui.ui.widgets.raw_log_output import RawLogOutput
from segtui.ui.widgets.return_value_area import ReturnValueArea

_FULL_NOTES = {
    False: ("The whole output event · ctrl+f: its change to the input event", "The whole output event · ctrl+f: its change",
            "Whole event · ctrl+f: its change", "Whole · ctrl+f: change"),
    True: ("The whole output events · ctrl+f: their change to the input events",
           "The whole output events · ctrl+f: their change", "Whole events · ctrl+f: change", "Whole · ctrl+f: change"),
}
"""The note under an insert function's whole output event (a batch's: events), longest first: the first that fits."""

OUTCOME_CLASSES = ("-success", "-dropped", "-unsupported_event_type", "-message_rejected", "-retry", "-timeout",
                   "-bad_request", f"-{CRASHED}", f"-{REFUSED}", "-refused", "-running")


def outcome_line(record: RunRecord, clock: Clock, width: int = 0) -> Text:
    """The banner: mark and Segment's label, then the event, the handler and the run time, each whole on a line
    `width` cells wide (the event's name cut in its middle to fit; all on one line when `width` is 0)."""
    invocation = record.invocation
    name = ("  ", middle_cut(record.event_name, width), "")
    if record.refused:
        return laid_out([("", "✖ Not run", "bold"), name], width)
    if record.load_failed:
        return laid_out([("", "✖ Could not load the handler", "bold"), name], width)
    mark = outcome_mark(invocation.outcome)
    handler = invocation.handler_name or _expected_handler(record.event_payload)
    target = [(" ", f"→ {handler}", "")] if handler else []
    return laid_out([("", f"{mark} {record.outcome_word}", "bold"), name, *target,
                     ("  ", clock.duration(invocation.duration_ms), "dim")], width)


def hanging(quoted: str, width: int) -> str:
    """A quoted handler line (`   19 │ code`) wrapped to `width` cells (between words unless a character is wider than
    a cell) with its code's continuation lines under the code's start, the bar kept; as it is when too narrow to gain
    from it."""
    head, bar, code = quoted.partition("│ ")
    room = width - cell_len(head + bar)
    if not bar or room < 12 or cell_len(code) <= room:
        return quoted
    lines = wrap(code, room, break_on_hyphens=False) if cell_len(code) == len(code) else chop_cells(code, room)
    return "\n".join([head + bar + lines[0], *(" " * cell_len(head) + bar + line for line in lines[1:])])


def _expected_handler(payload: object) -> str:
    """The handler an event goes to, for runs that ended before the sandbox said (a timeout)."""
    if isinstance(payload, list):
        return "(per-event handlers)"
    return event_identity(payload)[1] or ""


def shows_error(record: RunRecord) -> bool:
    """Whether Callback Return shows an error for `record` (why it was not run, its drop, what it threw), not a value."""
    return bool(record.refused or record.invocation.error or record.invocation.outcome == "dropped")


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
Retry, Timeout, Bad Request; Dropped for an insert function), then the value the handler
returned as JSON, or the error it threw with each stack frame's handler line. **ctrl+g**
jumps to the failing line.

For an insert function, the returned event is shown as a change of the input event
(`+` added, `-` removed, `~` changed, by path); **ctrl+f** (from any pane, the editors too) or
**f** (here) shows the full output event instead.
"""

    REQUEST_HELP = """\
## Callback Return
The outcome with Segment's label (Success, Message Rejected, Retry, Timeout, Bad Request), then
the value onRequest returned as JSON, or the error it threw with each stack frame's handler
line. **ctrl+g** jumps to the failing line. What the function sent to Segment is under
*Emitted messages*.
"""
    """The help for a source function's run (HelpScreen shows it instead of HELP)."""

    show_full = False
    """For an insert function: show the whole output event rather than its change to the input event."""
    shown_result = False
    """Whether a run's result has been shown (it stays, dimmed, under the next run until that one ends)."""
    _shown: RunRecord | None = None
    """The run shown, whose error is fitted again to a new width."""
    _error_width = 0
    """The width the error (and the outcome line) was fitted to."""
    _clock = Clock()
    """The clock of the run shown, whose outcome line is fitted again to a new width."""

    def __init__(self, noun: str = "event", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.noun = noun
        """What the function runs, in words shown: `event`, or a source function's `request`."""

    def compose(self) -> ComposeResult:
        yield Static(f"No run yet: press ctrl+r to run the selected {self.noun}.", id="outcome")
        yield Static("", id="error", markup=False)  # the handler's text (an error, a batch's errormessage): never markup
        with VerticalScroll(id="changes-scroll"):
            yield Static("", id="changes", markup=False)
        yield ReturnValueArea.code_editor("", language=syntax_language("json"), read_only=True, show_line_numbers=False,
                                   highlight_cursor_line=False, soft_wrap=True, id="return-value")
        yield Static("", id="return-note", classes="note", markup=False)

    def on_mount(self) -> None:
        self.border_title = "Callback Return"

    def show_running(self, event_name: str) -> None:
        update_static(self.query_one("#outcome", Static), Text.assemble(
            ("⏳ Running ", "bold"), middle_cut(event_name, self._room() - 1), "…", (self._below(), "dim")))
        self.add_class("-running")

    def show_cancelled(self, event_name: str) -> None:
        update_static(self.query_one("#outcome", Static), Text.assemble(
            ("■ Cancelled ", "bold"), middle_cut(event_name, self._room()),
            (self._below() or " · no run has ended yet: ctrl+r runs it again", "dim")))
        self.add_class("-running")

    def _room(self) -> int:
        """The cells across the outcome line and the error (inside their padding); 0 before the pane is laid out."""
        return max(self.content_region.width - 2, 0)

    def _below(self) -> str:
        """What the pane still shows under a run that is going or was cancelled: the last result, if any."""
        return " · the result below is the previous run's" if self.shown_result else ""

    def show(self, record: RunRecord, clock: Clock) -> None:
        self.shown_result, self._shown = True, record
        # In one batch, which restyles the pane and all it holds only when the classes differ.
        self.update_classes({**dict.fromkeys(OUTCOME_CLASSES, False), outcome_class(record): True})
        self._clock = clock
        update_static(self.query_one("#outcome", Static), outcome_line(record, clock, self._room()))
        error = self.query_one("#error", Static)
        value = self.query_one("#return-value", TextArea)
        note = self.query_one("#return-note", Static)
        view = record.view
        self._error_width = self.content_region.width
        update_static(error, self._error_content(record))
        has_error = shows_error(record)
        error.display = has_error
        changes = view.changes if view and not has_error else None
        self.query_one("#changes-scroll").display = changes is not None and not self.show_full
        if changes is not None:
            update_static(self.query_one("#changes", Static), change_text(changes, self.content_region.width - 4))
        value.display = not has_error and (changes is None or self.show_full)
        swap_text(value, "" if has_error or view is None else view.return_json.text)
        value.move_cursor((0, 0))
        message = self._note(record)
        update_static(note, message)
        note.display = bool(message)

    def _note(self, record: RunRecord) -> str:
        """The note under the value: the return value's, the run's, a batch's statuses, and for an insert function's
        whole output event the key back to its change, as short as the pane's width needs (the JSON keeps the room)."""
        view = record.view
        has_error = shows_error(record)
        notes = [view.return_json.note if view and not has_error else "", *(view.notes if view else [])]
        if view and view.items and not has_error:  # onBatch's statuses: what Segment does with each event
            notes.append("Each event:\n" + "\n".join(f"  {item}" for item in view.items))
        if view and view.changes is not None and not has_error and self.show_full:
            width = self.content_region.width - 2  # the note's padding
            notes.append(next((text for text in _FULL_NOTES[view.changes.batch] if cell_len(text) <= width),
                              _FULL_NOTES[view.changes.batch][-1]))
        return "\n".join(line for line in notes if line)

    def _error_content(self, record: RunRecord) -> Text | str:
        """What the error line shows for `record`: why it was not run, its drop, the error it threw, or nothing."""
        if record.refused:
            return Text(record.refused)
        if record.invocation.outcome == "dropped":
            return self._dropped_text(record)
        return self._error_text(record) if record.invocation.error else ""

    def on_resize(self) -> None:
        """Fit the outcome line, the error and an insert function's change to the pane's new width: names, quoted lines
        and values are cut to it (shown while the pane was hidden behind another tab, they were fitted to no width at all)."""
        if self._shown is not None and self.content_region.width != self._error_width:
            self._error_width = width = self.content_region.width
            update_static(self.query_one("#error", Static), self._error_content(self._shown))
            if not self.has_class("-running"):  # else the line says the run going, or cancelled
                update_static(self.query_one("#outcome", Static), outcome_line(self._shown, self._clock, self._room()))
            if self._shown.view and self._shown.view.changes and self.query_one("#changes-scroll").display:
                update_static(self.query_one("#changes", Static), change_text(self._shown.view.changes, width - 4))
            if self._shown.view and self._shown.view.changes and self.show_full:
                update_static(self.query_one("#return-note", Static), self._note(self._shown))

    def toggle_full(self, record: RunRecord | None, clock: Clock) -> None:
        """Switch an insert function's output between its change to the input event and the whole event."""
        self.show_full = not self.show_full
        if record is not None:
            self.show(record, clock)

    def _dropped_text(self, record: RunRecord) -> Text:
        """An insert function's drop, in Segment's words, then the DropEvent it threw or what it returned."""
        what = "no event is" if isinstance(record.event_payload, list) else "the event is not"
        text = Text(f"Dropped: filtered at destination, {what} passed on", style="bold")
        if record.invocation.error:
            text.append("\n").append_text(self._error_text(record))
        elif record.invocation.drop_reason:
            text.append(f"\n{record.invocation.drop_reason}")
        return text

    def _error_text(self, record: RunRecord) -> Text:
        """The error from the run's masked view: headline, the syntax error's line, the stack (a handler line it quotes
        wrapped under its own start: wrapped by the pane, its end was read as a line of the stack), a batch's items."""
        room = self.content_region.width - 2  # the error's padding; its Static may not be shown yet, so not its width
        error = record.invocation.error
        view = record.view
        if view is None or error is None:
            return Text("(not shown: the run has no masked view)", style="bold")
        text = Text(view.headline, style="bold")
        if view.headline_note:
            text.append(f"\n  {view.headline_note}", style="dim")
        load = record.load
        if load is not None and load.syntax_error and view.source_line:
            text.append(f"\n  line {error.line}, column {error.column}\n", style="dim")
            # Cut to the pane (its indent and `…` at each end): wrapped, the caret was under the wrong character.
            quoted, _, caret = quoted_line(view.source_line, error.column, room - 6).partition("\n")
            text.append(quoted + "\n")
            text.append(caret, style="bold red")
        for line in view.stack:
            shown = hanging(line.text, room - 2) if line.source else line.text
            text.append("\n" + indent(shown, "  "), style="bold" if line.source else ("" if line.line else "dim"))
        for item in view.items:
            text.append(f"\n  {item}")
        return text


class ResultPanes(Horizontal):
    """Callback Return beside Raw Log Output, and a source function's Emitted messages: stacked, or one at a time under
    a strip of tabs, where side by side they would be too narrow to read (see `arrangement`)."""

    BINDINGS = [  # noqa: RUF012 - Textual declares BINDINGS as a plain class attribute
        Binding("f", "toggle_full_event", "Full event", id="full_event", show=False,
                tooltip="An insert function's output: its change to the input event, or the whole event"),
    ]

    def __init__(self, noun: str = "event", *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-side")
        self.noun = noun
        """What the function runs, in words shown: `event`, or a source function's `request`."""
        self._shown: tuple[RunRecord, Clock] | None = None

    def compose(self) -> ComposeResult:
        yield pane_tabs()
        yield CallbackReturn(self.noun, id="callback-return")
        yield RawLogOutput(id="raw-log-output")
        yield EmittedMessages(id="emitted-messages")

    def on_mount(self) -> None:
        self.query_one(Tabs).hide("tab-emitted-messages")

    def on_resize(self) -> None:
        self._arrange()

    def _arrange(self) -> None:
        """Lay the panes out for the room they have, the focus kept in view: going to one at a time, the pane that has
        it is shown; leaving that, the strip of tabs hands it to the log."""
        layout = arrangement(self.size.width, self.size.height, 3 if self.has_class("-emits") else 2)
        tabs = self.query_one(Tabs)
        if layout == "-tabs" and not self.has_class("-tabs"):
            focused = next((tab for tab, pane in PANE_TABS.items() if self.query_one(f"#{pane}").has_focus_within), None)
            if focused is not None:  # hidden for a moment, it would lose the focus
                tabs.active = focused
                self._bring_up(focused)
        elif layout != "-tabs" and tabs.has_focus:
            self.screen.set_focus(self.query_one(LogView))
        self.update_classes({"-side": layout == "-side", "-stacked": layout == "-stacked", "-tabs": layout == "-tabs"})

    @property
    def focus_target(self) -> Widget:
        """What f6 focuses: the log, or the strip of tabs while the panes are shown one at a time."""
        return self.query_one(Tabs) if self.has_class("-tabs") else self.query_one(LogView)

    @on(Tabs.TabActivated, "#pane-tabs")
    def _pane_picked(self, event: Tabs.TabActivated) -> None:
        event.stop()  # the strip's own: the result tabs around it (a TabbedContent) must not take it for theirs
        self._bring_up(event.tab.id or "")

    def _bring_up(self, tab: str) -> None:
        """Show the pane of the strip's `tab`, the others behind it (while the panes are shown one at a time)."""
        for tab_id, pane in PANE_TABS.items():
            self.query_one(f"#{pane}").set_class(tab_id != tab, "-behind")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """`f` only while an insert function's run is shown: elsewhere it did nothing, yet F1 listed it."""
        if action == "toggle_full_event":
            return self._shown is not None and self._shown[0].invocation.kind == "insert"
        return True

    def action_toggle_full_event(self) -> None:
        record, clock = self._shown if self._shown else (None, Clock())
        self.query_one(CallbackReturn).toggle_full(record, clock)

    def show_running(self, event_name: str) -> None:
        """Say a run is going, the previous result dimmed under it so it is not taken for the new one."""
        self.add_class("-running")
        self.query_one(CallbackReturn).show_running(event_name)

    def show_cancelled(self, event_name: str) -> None:
        """Say the run was cancelled; the previous result stays dimmed."""
        self.add_class("-running")
        self.query_one(CallbackReturn).show_cancelled(event_name)

    def show(self, record: RunRecord, clock: Clock) -> None:
        self._shown = (record, clock)
        self.remove_class("-running")
        self.query_one(CallbackReturn).show(record, clock)
        self.query_one(RawLogOutput).show(record, clock)
        emits = record.invocation.kind == "source"
        if emits != self.has_class("-emits"):
            self.set_class(emits, "-emits")
            tabs = self.query_one(Tabs)
            (tabs.show if emits else tabs.hide)("tab-emitted-messages")
            self._arrange()
        if emits:
            emitted = self.query_one(EmittedMessages)
            emitted.show(record)
            self.query_one("#tab-emitted-messages", Tab).label = f"Emitted ({emitted.count})"
