"""The selected event's JSON, editable in place with live validation, saved over its file or as a new one."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, Static, TextArea

from segtui.control_chars import one_label
from segtui.errors import SegtuiInputError
from segtui.events import NDJSON_SUFFIXES, parse_event_text, save_event
from segtui.ui.catalog import SAMPLE_REQUESTS, SAMPLES, SUITE, PickableEvent
from segtui.ui.files import display_path, new_event_path, typed_path
from segtui.ui.screens.dialogs import ConflictDialog, PathDialog
from segtui.ui.screens.main_keys import say_requests
from segtui.ui.unsaved import EditedEvent, reread, source_text
from segtui.ui.widgets.code_pane import load_highlighted, syntax_language
from segtui.ui.widgets.editor_area import EditorArea
from segtui.webhooks import is_request


def file_text(event: PickableEvent) -> str:
    """An event's JSON as the editor shows its file: formatted, or a broken file's raw text."""
    return source_text(event.source)


def payload_kind(payload: object) -> str:
    """`track event`, `batch event`, or a source function's `POST request`."""
    if is_request(payload) and isinstance(payload, dict):
        return f"{str(payload.get('method', 'POST')).upper()} request"
    kind = "batch" if isinstance(payload, list) else payload.get("type") if isinstance(payload, dict) else None
    return f"{kind} event"


_POSITION = re.compile(r":\d+(:\d+)?$")
"""The line (and column) ending the place a JSON error names: `events/x.json:3:3`."""


class EventEditor(Vertical):
    """Edit the selected event's JSON; every change is validated, runs use the edited event."""

    ALLOW_MAXIMIZE = True  # f7 fills the screen with the whole pane, not the widget focused in it

    HELP = """\
## Event JSON
The event that runs, as JSON. Edits apply to the next run at once (they are checked as you
type: errors show the line and column). **ctrl+s** saves the edited event over its file
(files beside the handler and under `--events`), from any pane while this one is shown (the
footer then says *Save event*); the bundled samples are never overwritten,
so for them, and with *Save as…*, it goes to a new file. **ctrl+backslash** or *Reset*
brings back the file's version. **tab** indents here: **escape** leaves the editor for the next
pane (**shift+tab** for the one before).
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save_event", "Save event", id="event.save",
                tooltip="Save the edited event over its file (a bundled sample: as a new file)"),
        Binding("ctrl+backslash", "reset_event", "Reset event", id="event.reset",
                tooltip="Discard the edits and show the event file again"),
    ]

    @dataclass
    class Saved(Message):
        """The edited event was written to `path`."""

        path: Path

    class Reloaded(Message):
        """The editor took its event's file as it is on disk now, over its edits (asked which to keep): run it."""

    def __init__(self, events_home: Path, *, noun: str = "event", id: str | None = None,
                 shown: Callable[[str], str] = str) -> None:
        super().__init__(id=id)
        self.shown = shown
        """A file's text as the editor shows it: with the session's secrets masked, unless --reveal-secrets."""
        self.masked = False
        """Whether the event is shown with its file's secrets masked: read-only then, its runs take the file's event,
        and nothing is saved (a masked value written back would destroy the user's own)."""
        self.events_home = events_home
        """The handler's folder: new event files go to its `events/` folder."""
        self.noun = noun
        """What the function runs, in words shown: `event`, or a source function's `request`."""
        self.event: PickableEvent | None = None
        self.original = ""
        self.payload: dict[str, Any] | list[Any] | None = None
        self.error: str | None = None
        self._validated = ""
        """The text `validate` last checked."""
        self.edits: dict[str, EditedEvent] = {}
        """Edited JSON of the events not shown now, by key, kept until saved or reset."""
        self.conflict: PickableEvent | None = None
        """The shown event as its file on disk now holds it, while the user is asked which to keep."""

    def compose(self) -> ComposeResult:
        yield EditorArea.code_editor("", language=syntax_language("json"), id="event-json", soft_wrap=False)
        with Horizontal(id="event-bar"):
            yield Static("", id="event-validation", markup=False)  # quotes event paths and JSON errors as they are
            yield Button("Save", id="event-save", compact=True)
            yield Button("Save as…", id="event-save-as", compact=True)
            yield Button("Reset", id="event-reset", compact=True)

    @property
    def text_area(self) -> TextArea:
        return self.query_one("#event-json", TextArea)

    @property
    def dirty(self) -> bool:
        return self.event is not None and not self.masked and self.text_area.text != self.original

    def load(self, event: PickableEvent) -> None:
        """Show an event's JSON: as edited earlier in the session, else its file's (for a broken file, its raw text);
        the shown event picked again keeps its edits. Edits made before its file changed on disk ask which to keep."""
        self._remember()
        self.event = event
        source = event.source
        edit = self.edits.pop(event.key, None)
        self.original = file_text(event) if edit is None else edit.read_as
        self.border_title = Content(one_label(f"{'Request' if source.kind == 'request' else 'Event'}: {source.name}"))  # not markup
        if edit is None:
            self._show_file()
        else:  # the user's own edits, secrets they typed included, as they typed them
            self._show(edit.text, masked=False)
        if self.original != file_text(event):
            self.disk_changed(event)

    def disk_changed(self, event: PickableEvent) -> None:
        """The shown event's file now holds `event`, under edits: ask which to keep (once, however often it changes)."""
        asked, self.conflict = self.conflict is not None, event
        if file_text(event) == self.text_area.text:  # the file now holds the edits: nothing to choose
            self._take_file()
        elif not asked:
            self.app.push_screen(ConflictDialog(event.source.name, self.shown(self.text_area.text), self.shown(file_text(event))),
                                 self.resolve_conflict)

    def resolve_conflict(self, choice: str | None) -> None:
        """Keep the edits, Reset then showing the file as it is now (saving writes the edits over it), or take the
        file's version ("disk"), as the conflict dialog was answered."""
        self._take_file()
        if choice == "disk":
            self.reset()
            self.post_message(self.Reloaded())
        elif self.event is not None:
            self.notify(f"Kept your edits; {self.event.source.name} on disk is unchanged until you save (ctrl+s).",
                        timeout=5)

    def _take_file(self) -> None:
        """Make the file's version the one asked about, which Reset shows and edits are measured against."""
        if self.conflict is not None:
            self.event, self.conflict = self.conflict, None
            self.original = file_text(self.event)
            self.validate()

    def _disk_version(self) -> PickableEvent | None:
        """The shown event as its own file holds it now, when that is not what the editor read it as (else None)."""
        event = self.event
        disk = reread(event.source) if event is not None and self._own_file() is not None else None
        if event is None or disk is None or (disk.payload, disk.error) == (event.source.payload, event.source.error):
            return None
        return replace(event, source=disk)

    def _remember(self) -> None:
        """Keep the shown event's edits (or forget them when there are none) before another event is shown."""
        if self.event is None:
            return
        if self.dirty:
            self.edits[self.event.key] = self._edited(self.event)
        else:
            self.edits.pop(self.event.key, None)

    def _edited(self, event: PickableEvent) -> EditedEvent:
        """The shown event's edits, with the file they were made to and what it held."""
        return EditedEvent(event.source, self.text_area.text, event.in_place, self.original)

    def unsaved(self) -> list[EditedEvent]:
        """Every edited event not saved to a file."""
        shown = [self._edited(self.event)] if self.dirty and self.event is not None else []
        return [*self.edits.values(), *shown]

    def _own_file(self) -> Path | None:
        """The shown event's file when saving may write over it (ctrl+s does), else None."""
        return self.event.source.path if self.event is not None and self.event.in_place else None

    def reset(self) -> None:
        """Show the event's file again, discarding its edits."""
        if self.event is not None:
            self._show_file()

    def _show_file(self) -> None:
        """Show the event's file as read, its secrets masked (`shown`)."""
        shown = self.shown(self.original)
        self._show(shown, masked=shown != self.original)

    def _show(self, text: str, *, masked: bool) -> None:
        """Show `text` (`masked`: the file's with its secrets masked, read-only) and validate it."""
        event, self.masked = self.event, masked
        load_highlighted(self.text_area, text, "json")
        if event is not None:
            self.query_one("#event-save").display = event.in_place and not masked
            for button in ("#event-save-as", "#event-reset"):  # a folder that may not be listed: nothing to edit
                self.query_one(button).display = not event.unlisted_folder and not masked
            self.text_area.read_only = event.unlisted_folder or masked
        self.validate()

    def run_input(self) -> tuple[str, dict[str, Any] | list[Any] | None, str | None]:
        """What a run gets: the event's name (marked when edited), its payload, and why it cannot run (or None)."""
        if self.event is None:
            return f"(no {self.noun})", None, f"No {self.noun} selected: pick one on the left (F2)."
        self._checked()
        name = self.event.source.name + (" (edited)" if self.dirty else "")
        if self.error and self.event.unlisted_folder:
            return name, None, (f"{self.event.source.error}\nsegtui may not list this folder, so the events in it "
                                "cannot be shown or run until it may read the folder.")
        if self.error:
            first, _, rest = self.error.partition("\n")
            where = ("Fix the file in your editor: segtui reads it again when it changes." if self._ndjson()
                     else f"Fix it in the {self.noun.capitalize()} JSON pane (F3).")
            return name, None, f"The {self.noun} is not valid, so it was not run: {first}\n{rest}\n{where}"
        return name, self.payload, None

    def _ndjson(self) -> bool:
        """Whether the shown event is a whole NDJSON file (one that failed to load), which this editor cannot save."""
        source = self.event.source if self.event is not None else None
        return source is not None and not source.ok and source.path is not None and source.path.suffix in NDJSON_SUFFIXES

    def _checked(self) -> None:
        """Validate the text now unless it was since its last change: a run or save may come before the change's
        message (ctrl+r runs from the app as its key arrives, ahead of the keys typed before it)."""
        if self.text_area.text != self._validated:
            self.validate()

    def validate(self) -> None:
        self._validated = self.text_area.text
        name = self.event.source.name if self.event else self.noun
        source = self.event.source if self.event else None
        try:
            if source is not None and not source.ok and not self.dirty:
                raise SegtuiInputError(source.error or f"{name} did not load")  # as the loader, which knows NDJSON, said
            self.payload = source.payload if self.masked and source is not None else parse_event_text(self.text_area.text, name)
            self.error = None
        except SegtuiInputError as error:
            self.payload = None
            self.error = str(error)
        label = self.query_one("#event-validation", Static)
        if self.error:
            # The line and column, then what is wrong, without the event's name (the pane's title says it): the bar
            # beside the buttons is short, and each row it wraps onto is one the editor loses.
            first = self.error.splitlines()[0]
            where, found, what = first.partition(": ")
            located = _POSITION.search(where) if found else None
            if located:
                line, _, column = located.group(0).lstrip(":").partition(":")
                label.update(f"✖ line {line}{f' col {column}' if column else ''} · {what}")
            else:
                label.update(f"✖ {first}")
        else:
            edited = " (edited)" if self.dirty else " · secrets masked: read-only (--reveal-secrets to edit)" if self.masked else ""
            label.update(f"✔ valid {payload_kind(self.payload)}{edited}")
        self.set_class(self.error is not None, "-invalid")
        self.set_class(self.error is None and not self.masked, "-brief")
        self.set_class(self.dirty, "-dirty")

    @on(TextArea.Changed, "#event-json")
    def _changed(self) -> None:
        self.validate()

    @on(Button.Pressed, "#event-save")
    def action_save_event(self) -> None:
        """Save over the event's own file when it may be overwritten, else ask for a new file."""
        own = self._own_file()
        if self._masked_refused():
            return
        if own is not None and (disk := self._disk_version()) is not None:
            self.disk_changed(disk)  # changed since it was read, and the watcher has not said so yet
        elif own is not None:
            self._write(own, overwrite=True)
        else:
            self.action_save_event_as()

    def _masked_refused(self) -> bool:
        """Whether the event is shown masked, saying that there is nothing to save then."""
        if self.masked:
            self.notify(f"The {self.noun} holds secrets, shown masked and read-only: its file is unchanged. Run segtui "
                        "with --reveal-secrets to edit it here.", severity="warning", title=f"{self.noun.capitalize()} not saved")
        return self.masked

    @on(Button.Pressed, "#event-save-as")
    def action_save_event_as(self) -> None:
        if self._masked_refused():
            return
        if self.event is not None and self.event.unlisted_folder:
            self.notify(f"{self.event.source.name} is a folder segtui may not list: there is nothing to save.",
                        severity="warning", title=f"{self.noun.capitalize()} not saved")
            return
        if self.event is None or not self._valid():
            return
        request = is_request(self.payload)
        default = new_event_path(self.events_home, self.event.source.name, request=request)

        def chosen(path_text: str | None) -> None:
            if path_text:
                self._write(typed_path(path_text), overwrite=False)

        title = f"Save the edited {'request' if request else 'event'} as a new file"
        if self.event.group in (SAMPLES, SAMPLE_REQUESTS, SUITE):
            title = f"The bundled samples are never overwritten. {title}"
        self.app.push_screen(PathDialog(title, display_path(default)), chosen)

    def _valid(self) -> bool:
        self._checked()
        if self.payload is None:
            first = self.error.splitlines()[0] if self.error else ""
            self.notify(f"Fix the {self.noun} first: {first}", severity="error", title=f"{self.noun.capitalize()} not saved")
            return False
        return True

    def _write(self, path: Path, *, overwrite: bool) -> None:
        if self.event is None or not self._valid() or self.payload is None:  # _valid says why (payload None) first
            return
        try:
            save_event(self.payload, path, overwrite=overwrite)
        except SegtuiInputError as error:
            self.notify(str(error), severity="error", title=f"{self.noun.capitalize()} not saved")
            return
        self.original = self.text_area.text
        self.validate()
        self.notify(f"Saved {display_path(path)}", timeout=3)
        self.post_message(self.Saved(path))

    @on(Button.Pressed, "#event-reset")
    def action_reset_event(self) -> None:
        self.reset()


class RequestEditor(EventEditor):
    """A source function's request JSON: the event editor, in a request's words."""

    def __init__(self, events_home: Path, *, id: str | None = None, shown: Callable[[str], str] = str) -> None:
        super().__init__(events_home, noun="request", id=id, shown=shown)
        say_requests(self, frozenset({"event.save", "event.reset"}))
