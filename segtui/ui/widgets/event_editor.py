"""The selected event's JSON, editable in place with live validation."""

from __future__ import annotations

import json

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.message import Message
from segtui.ui.widgets.code_pane import syntax_language
from textual.widgets import Button, Static, TextArea

from segtui.errors import SegtuiInputError
from segtui.events import parse_event_text
from segtui.ui.catalog import PickableEvent


def event_text(payload: object) -> str:
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"


class EventEditor(Vertical):
    """Edit the selected event's JSON; every change is validated, runs use the edited event."""

    HELP = """\
## Event JSON
The event that runs, as JSON. Edits apply to the next run at once (they are checked as you
type: errors show the line and column). **ctrl+s** here saves the edited event as a new
file; **ctrl+backslash** or *Reset* brings back the file's version.
"""

    BINDINGS = [
        Binding("ctrl+s", "save_event_as", "Save event as", id="event.save_as",
                tooltip="Save the edited event as a new event file"),
        Binding("ctrl+backslash", "reset_event", "Reset event", id="event.reset",
                tooltip="Discard the edits and show the event file again"),
    ]

    class SaveRequested(Message):
        """The user asked to save the edited event as a new file."""

    class Validated(Message):
        """The edited JSON was checked; `error` is None when it is a valid event."""

        def __init__(self, error: str | None) -> None:
            super().__init__()
            self.error = error

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.event: PickableEvent | None = None
        self.original = ""
        self.payload: dict | list | None = None
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        yield TextArea.code_editor("", language=syntax_language("json"), id="event-json", soft_wrap=False)
        with Horizontal(id="event-bar"):
            yield Static("", id="event-validation")
            yield Button("Save as…", id="event-save-as", compact=True)
            yield Button("Reset", id="event-reset", compact=True)

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#event-json", TextArea)

    @property
    def dirty(self) -> bool:
        return self.event is not None and self.text_area.text != self.original

    def load(self, event: PickableEvent) -> None:
        """Show an event's JSON (or, for a broken file, its raw text and error)."""
        self.event = event
        source = event.source
        if source.ok:
            self.original = event_text(source.payload)
        else:
            self.original = source.path.read_text(encoding="utf-8", errors="replace") if source.path else ""
        self.text_area.load_text(self.original)
        self.border_title = f"Event: {source.name}"
        self.validate()

    def reset(self) -> None:
        if self.event is not None:
            self.load(self.event)

    def validate(self) -> None:
        name = self.event.source.name if self.event else "event"
        try:
            self.payload = parse_event_text(self.text_area.text, name)
            self.error = None
        except SegtuiInputError as error:
            self.payload = None
            self.error = str(error)
        label = self.query_one("#event-validation", Static)
        if self.error:
            label.update(f"✖ {self.error.splitlines()[0]}")
        else:
            kind = "batch" if isinstance(self.payload, list) else self.payload.get("type")
            edited = " (edited)" if self.dirty else ""
            label.update(f"✔ valid {kind} event{edited}")
        self.set_class(self.error is not None, "-invalid")
        self.set_class(self.dirty, "-dirty")
        self.post_message(self.Validated(self.error))

    @on(TextArea.Changed, "#event-json")
    def _changed(self) -> None:
        self.validate()

    @on(Button.Pressed, "#event-save-as")
    def action_save_event_as(self) -> None:
        self.post_message(self.SaveRequested())

    @on(Button.Pressed, "#event-reset")
    def action_reset_event(self) -> None:
        self.reset()
