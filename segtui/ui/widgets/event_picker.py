"""The list of events to run: files beside the handler and under --events, the Spec samples, the Developer Center suite."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option, OptionDoesNotExist

from segtui.ui.catalog import PickableEvent

_TYPE_STYLES = {
    "track": "bold #7fd4ff", "identify": "bold #c3a6ff", "page": "bold #8ae28a", "screen": "bold #8ae28a",
    "group": "bold #ffcf6e", "alias": "bold #ff9ecb", "delete": "bold #ff7a7a", "batch": "bold #e0e0e0",
}


class EventPicker(Vertical):
    """Lists the runnable events by group, showing each one's type and name."""

    HELP = """\
## Events
Pick the event to run with ↑/↓ and **enter**. Files beside the handler, in `events/` or
`sample_events/` folders and under `--events` are listed first, then the bundled Spec
samples and the Developer Center suite. **F3** opens the selected event's JSON to edit.
"""

    @dataclass
    class EventSelected(Message):
        """The user picked an event."""

        event: PickableEvent

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.events: list[PickableEvent] = []
        self.border_title = "Events"

    def compose(self) -> ComposeResult:
        yield OptionList(id="event-list")

    @property
    def option_list(self) -> OptionList:
        return self.query_one(OptionList)

    def set_events(self, events: list[PickableEvent], selected: str | None) -> None:
        """Replace the list, keeping `selected` highlighted if it is still there."""
        self.events = events
        options: list[Option | None] = []
        group = None
        for event in events:
            if event.group != group:
                if group is not None:
                    options.append(None)
                group = event.group
                options.append(Option(Text(group, style="bold underline"), disabled=True))
            options.append(Option(self._prompt(event), id=event.key))
        option_list = self.option_list
        option_list.clear_options()
        option_list.add_options(options)
        if selected is not None:
            self.highlight(selected)

    def highlight(self, key: str) -> None:
        try:
            self.option_list.highlighted = self.option_list.get_option_index(key)
        except OptionDoesNotExist:
            return

    def get(self, key: str | None) -> PickableEvent | None:
        return next((event for event in self.events if event.key == key), None)

    @staticmethod
    def _prompt(event: PickableEvent) -> Text:
        name = event.source.name.removesuffix(".json")
        if not event.source.ok:
            text = Text.assemble(("✖ ", "bold red"), (name, "red"))
        else:
            kind = event.event_type
            text = Text.assemble((f"{kind:<9}", _TYPE_STYLES.get(kind, "bold")), name)
        text.no_wrap = True
        text.overflow = "ellipsis"
        return text

    def on_option_list_option_selected(self, message: OptionList.OptionSelected) -> None:
        message.stop()
        event = self.get(message.option.id)
        if event is not None:
            self.post_message(self.EventSelected(event))
