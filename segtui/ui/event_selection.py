"""The selected event, the same in the picker and the event editor as events are picked, saved and changed on disk."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from segtui.errors import SegtuiInputError
from segtui.events import EventSource, handled_types
from segtui.ui.catalog import PickableEvent, find_initial, gather_events
from segtui.ui.session import RunRecord, TuiSetup
from segtui.ui.widgets.event_editor import EventEditor
from segtui.ui.widgets.event_picker import EventPicker
from segtui.user_files import real_path


class EventSelection:
    """Which event the picker highlights and the event editor holds; the screen decides when to run it."""

    def __init__(self, setup: TuiSetup, picker: EventPicker, editor: EventEditor) -> None:
        self.setup = setup
        self.picker = picker
        self.editor = editor
        self.key: str | None = None
        self.files = setup.event_files_read
        """The event files as last read (the --event file at start): listing the events again reads only those that
        changed."""
        self.saved_elsewhere: list[EventSource] = []
        """Events saved as files no listed folder holds: listed from then on with those given with --event."""
        self.suite: list[str] = []
        """The keys of the events the last suite ran, in order."""
        self.handled: list[str] = []
        """The Spec types the handler's code had handlers for at start: where there is no event file of the user's,
        one of their samples is selected."""

    def _gather(self) -> list[PickableEvent]:
        """Every event to list, but the session's settings values file (`--settings` may name one in an events folder):
        its editor would show the secrets it holds."""
        setup = self.setup
        values = real_path(setup.settings_file)
        given = [*setup.initial_sources, *self.saved_elsewhere]
        events = [event for event in gather_events(setup.handler, setup.event_dirs, given, setup.run.kind, self.files.load)
                  if event.path != values]
        self.files.forget_untouched()
        return events

    def start(self) -> None:
        """List the events and select the one the command line asked for (else find_initial's, for the handlers the
        handler's code defined at setup)."""
        self.handled = handled_types(self.setup.run.defined)
        events = self._gather()
        initial = find_initial(events, self.setup.initial_event, self.setup.initial_sources, self.handled)
        self.picker.set_events(events, initial)
        if initial is not None:
            self.select(initial)

    def select(self, key: str) -> bool:
        """Select an event; False when the picker has none with that key."""
        event = self.picker.get(key)
        if event is None:
            return False
        self.key = key
        self.editor.load(event)
        self.picker.highlight(key)
        return True

    def in_suite(self) -> int | None:
        """The selected event's place in the last suite, or None."""
        return self.suite.index(self.key) if self.key in self.suite else None

    def suite_result(self, records: list[RunRecord], index: int) -> RunRecord:
        """The suite's run at `index`, its event selected: ctrl+r runs again the event whose run the panes show."""
        self.select(self.suite[index])
        return records[index]

    def saved(self, path: Path) -> None:
        """List the events again after the editor saved one to `path`, and select that one."""
        events = self._gather()
        match = next((event for event in events if event.path == real_path(path)), None)
        if match is None:  # else the shown sample went on holding the saved edit as its own
            with suppress(SegtuiInputError):
                self.saved_elsewhere += self.files.load(path, None)
            events = self._gather()
            match = next((event for event in events if event.path == real_path(path)), None)
        self.picker.set_events(events, match.key if match else self.key)
        if match is not None:
            self.select(match.key)

    def files_changed(self, paths: set[Path]) -> bool:
        """List the events again; True when the selected event's file now holds a different event."""
        selected = self.picker.get(self.key)
        before = self.editor.payload
        self._refresh()
        if selected is None or selected.path not in paths:
            return False
        if self.editor.dirty:
            current = self.picker.get(self.key)
            if current is not None:
                self.editor.disk_changed(current)
            return False
        return self.editor.payload != before

    def _refresh(self) -> None:
        """List the events again. A selected event whose file is gone selects no other (nothing runs because a file
        vanished): the editor keeps its last content, to run or save back, until the user picks one."""
        events = self._gather()
        keys = {event.key for event in events}
        selected = self.key if self.key is not None else find_initial(events, None, [], self.handled)
        gone = self.picker.get(self.key) if self.key is not None and self.key not in keys else None
        self.picker.set_events(events, selected if selected in keys else None)
        if gone is not None:
            noun = self.editor.noun
            self.editor.notify(f"{gone.source.name} is no longer on disk; nothing else is selected. Its last content "
                               f"stays in the {noun.capitalize()} JSON pane (ctrl+s there writes it back); pick "
                               f"{'a request' if noun == 'request' else 'an event'} to run another.",
                               severity="warning", timeout=10)
        if selected in keys and self.editor.event is not None:
            current = self.picker.get(selected)
            if current is not None and not self.editor.dirty:
                self.editor.load(current)
            self.key = selected
