"""The list of events to run: files beside the handler and under --events, the Spec samples, the Developer Center suite."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from segtui.control_chars import one_label
from segtui.events import NDJSON_SUFFIXES
from segtui.ui.catalog import PickableEvent
from segtui.ui.focus import focus_now
from segtui.ui.widgets.safe_input import SafeInput

_TYPE_STYLES = {
    "track": "bold #7fd4ff", "identify": "bold #c3a6ff", "page": "bold #8ae28a", "screen": "bold #8ae28a",
    "group": "bold #ffcf6e", "alias": "bold #ff9ecb", "delete": "bold #ff7a7a", "batch": "bold #e0e0e0",
}

_TYPE_WIDTH = len("identify")
"""The type column's widest: a longer type (a custom one) pushes its row's name along rather than widen every row."""


def type_width(events: list[PickableEvent]) -> int:
    """The type column's width for `events`: their longest type's, so a source's methods (POST, GET) leave the requests'
    names the room the Spec types would take."""
    return min(max((len(event.event_type) for event in events if event.source.ok), default=_TYPE_WIDTH), _TYPE_WIDTH)


class EventPicker(Vertical):
    """Lists the runnable events by group, showing each one's type and name; typing filters the list."""

    ALLOW_MAXIMIZE = True  # f7 fills the screen with the whole pane, not the widget focused in it

    HELP = """\
## Events
Pick the event to run with ↑/↓ and **enter**; type to filter the list by name or type
(↓ returns to the list, **enter** runs the one highlighted: the first whose name holds what you typed, else the
first match; **backspace** and **escape** work from the list too; after **F2**, typing starts a new filter).
The bundled Spec samples come first, then files beside the handler, in `events/`, `sample_events/`, `requests/` or
`webhook-examples/` folders and under `--events`,
then the Developer Center suite. An NDJSON file is one row: **enter** opens or closes it.
**F3** opens the selected event's JSON to edit.
"""

    @dataclass
    class EventSelected(Message):
        """The user picked an event."""

        event: PickableEvent

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.events: list[PickableEvent] = []
        self.open_files: set[str] = set()
        """The NDJSON files shown line by line (every other one is a single row)."""
        self.selected: str | None = None
        self.border_title = "Events"
        self._options: dict[tuple[object, ...], Option] = {}
        self._type_width = _TYPE_WIDTH
        """The rows last listed, by what their prompts show: listing thousands of events again after a file changes
        reuses them, with the text OptionList has already laid out."""

    def compose(self) -> ComposeResult:
        yield SafeInput(placeholder="type to filter", select_on_focus=False, id="event-filter")
        yield _EventList(id="event-list")

    @property
    def option_list(self) -> OptionList:
        return self.query_one(OptionList)

    @property
    def filter(self) -> Input:
        return self.query_one("#event-filter", Input)

    def set_events(self, events: list[PickableEvent], selected: str | None) -> None:
        """Replace the list, keeping `selected` highlighted if it is still there."""
        self.events = events
        self.selected = selected
        self._type_width = type_width(events)
        self._show()

    def _show(self) -> None:
        """List the events that pass the filter, each NDJSON file as one row unless it is open."""
        words = self.filter.value.lower().split()
        chosen = self.get(self.selected)
        chosen_file = ndjson_file(chosen) if chosen is not None else None
        sizes = Counter(ndjson_file(event) for event in self.events)
        options: list[Option | None] = []
        rows, self._options = self._options, {}
        group = file = None
        opened = True
        for event in events_matching(self.events, words):
            if event.group != group:
                if group is not None:
                    options.append(None)
                group, file = event.group, None
                options.append(Option(Text(group, style="bold underline"), disabled=True))
            fold = ndjson_file(event)
            if fold is None:
                file = None
            elif fold != file:
                file = fold
                opened = bool(words) or fold in self.open_files or fold == chosen_file
                noun = "requests" if event.source.kind == "request" else "events"
                options.append(Option(_fold_prompt(fold, sizes[fold], opened, noun), id=f"{_FOLD}{fold}"))
            if fold is not None and not opened:
                continue
            options.append(self._row(rows, event, indent=fold is not None))
        if not options:
            options.append(Option(Text("no event matches", style="dim"), disabled=True))
        option_list = self.option_list
        option_list.clear_options()
        option_list.add_options(options)
        if self.selected is not None:
            self._highlight(self.selected)

    def highlight(self, key: str) -> None:
        """Highlight the selected event; one the filter hides clears the filter, unless it is being typed: after the
        suite selected its first failure, the list went on highlighting the one row its filter left, not the run shown."""
        self.selected = key
        if self._highlight(key) or not self.filter.value or self.filter.has_focus or self.get(key) is None:
            return
        with self.filter.prevent(Input.Changed):
            self.filter.value = ""
        self._show()

    def _highlight(self, key: str) -> bool:
        """Highlight the event `key` if the list shows it."""
        try:
            self.option_list.highlighted = self.option_list.get_option_index(key)
        except OptionDoesNotExist:
            return False
        return True

    def get(self, key: str | None) -> PickableEvent | None:
        return next((event for event in self.events if event.key == key), None)

    def _row(self, rows: dict[tuple[object, ...], Option], event: PickableEvent, indent: bool) -> Option:
        """The event's row: the one listed last time when it shows the same, else a new one."""
        source = event.source
        shown = (event.key, source.name, source.ok, event.event_type, indent, self._type_width)
        option = rows.get(shown)
        if option is None:
            option = Option(self._prompt(event, indent, self._type_width), id=event.key)
        option._divider = False  # OptionList sets it on a group's last row; the row may now be another place
        self._options[shown] = option
        return option

    @staticmethod
    def _prompt(event: PickableEvent, indent: bool = False, type_width: int = 8) -> Text:
        name = one_label(event.source.name.removesuffix(".json"))  # a file's name may hold control characters, a line feed
        if indent:
            name = "  " + name.rsplit(":", 1)[-1]
        # A file in a folder shows its own name first, its folder after (dim): cut to the pane's width, files in a
        # long-named folder (webhook-examples/) would otherwise all read the same.
        folder, slash, own = name.rpartition("/") if not indent else ("", "", name)
        where = (f"  {folder}/", "dim") if slash else ""
        if not event.source.ok:
            text = Text.assemble(("✖ ", "bold red"), (own, "red"), where)
        else:
            kind = event.event_type
            text = Text.assemble((f"{kind:<{type_width}} ", _TYPE_STYLES.get(kind, "bold")), own, where)
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        option_id = message.option.id or ""
        if option_id.startswith(_FOLD):
            self.open_files ^= {option_id.removeprefix(_FOLD)}
            self._show()
            self.option_list.highlighted = self.option_list.get_option_index(option_id)
            return
        event = self.get(option_id)
        if event is not None:
            self.post_message(self.EventSelected(event))

    @on(Input.Changed, "#event-filter")
    def _filtered(self) -> None:
        """List the matches, the first highlighted (enter runs it), not the event selected before the filter: the first
        whose type and name hold the words, before one matched only by its group or its track event's name."""
        self._show()
        words = self.filter.value.lower().split()
        if words or self.option_list.highlighted is None:
            matches = [index for index, option in enumerate(self.option_list.options) if not option.disabled]
            named = (index for index in matches if _named(self.get(self.option_list.options[index].id), words))
            self.option_list.highlighted = next(named, next(iter(matches), None))

    @on(Input.Submitted, "#event-filter")
    def _submitted(self) -> None:
        """Enter in the filter goes back to the list and picks the highlighted event."""
        self.option_list.focus()
        if self.option_list.highlighted is not None:
            self.option_list.action_select()

    def take_focus(self) -> None:
        """Focus the list at once (the keys typed next go there, not to the old focus), the filter's text selected so
        that typing starts a new filter (backspace clears it) while ↓ and enter still use the list it filtered."""
        focus_now(self.option_list)
        self.filter.select_all()

    def typed_in_list(self, event: events.Key) -> bool:
        """Take a key typed in the list to the filter (a character, or backspace), even once the focus has moved there,
        as keys typed in one burst are all handed to the list before the first moves it; False for others. A backspace
        with nothing left to take is taken too: let through, it reached the app's bindings after the keys typed behind
        it, and ran in the filter, focused by then, taking one of them ("ord", F2, three backspaces, "batch": "bat")."""
        typed = event.is_printable and event.character and event.character.strip()
        if not typed and event.key != "backspace":
            return False
        if not typed and not self.filter.value:
            return True
        self.filter.focus()  # behind the keys already queued to the list, which keep their order through here
        if typed and event.character:
            self.filter.replace(event.character, *self.filter.selection)  # over the text F2 selected, else at the cursor
        else:
            self.filter.action_delete_left()
        return True

    def on_key(self, event: events.Key) -> None:
        """↓ in the filter goes back to the list; escape in either clears the filter."""
        if self.filter.has_focus and event.key == "down":
            event.stop()
            self.option_list.focus()
        elif event.key == "escape" and self.filter.value:
            event.stop()
            self.filter.value = ""
            self.option_list.focus()


_FOLD = "file:"


class _EventList(OptionList):
    """The picker's list: typing in it filters it (see EventPicker.typed_in_list)."""

    def on_key(self, event: events.Key) -> None:
        picker = self.parent
        if isinstance(picker, EventPicker) and picker.typed_in_list(event):
            event.stop()


def ndjson_file(event: PickableEvent) -> str | None:
    """The NDJSON file an event is a line of, if it is one (an NDJSON file that failed to load is a row of its own)."""
    path = event.source.path
    return str(path) if path is not None and path.suffix in NDJSON_SUFFIXES and event.source.ok else None


def events_matching(events: list[PickableEvent], words: list[str]) -> list[PickableEvent]:
    """The events whose group, type or name holds every word (case-insensitive)."""
    if not words:
        return events
    return [event for event in events if all(word in _haystack(event) for word in words)]


def _named(event: PickableEvent | None, words: list[str]) -> bool:
    """Whether an event's type and name hold every word (a filter's better match than its track event's name)."""
    return event is not None and all(word in f"{event.event_type} {event.source.name}".lower() for word in words)


def _haystack(event: PickableEvent) -> str:
    """What a filter searches: the group, type and name, and a track event's own name ("Order Completed")."""
    payload = event.source.payload
    track_name = payload.get("event") if isinstance(payload, dict) else None
    return f"{event.group} {event.event_type} {event.source.name} {track_name or ''}".lower()


def _fold_prompt(file: str, lines: int, opened: bool, noun: str) -> Text:
    text = Text.assemble(("▾ " if opened else "▸ ", "bold"), one_label(Path(file).name), (f"  {lines} {noun}", "dim"))
    text.no_wrap = True
    text.overflow = "ellipsis"
    return text
