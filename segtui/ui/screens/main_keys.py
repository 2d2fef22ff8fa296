"""The main screen's keys: what each does, which the footer gives up first on a narrow terminal, what f7 fills."""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.widget import Widget

from segtui.kinds import request_words

MAIN_BINDINGS: list[BindingType] = [
    # Priority: the code editor binds F5 and F6 (select word, select line), and these keys must work there too.
    Binding("ctrl+r,f5", "run_event", "Run", id="run", tooltip="Run the selected event", priority=True),
    # One key, two bindings: ctrl+s saves what the top pane shows, and the footer says which (MainScreen.check_action).
    Binding("ctrl+s", "save('code-pane')", "Save", id="save", tooltip="Save the handler and run again"),
    Binding("ctrl+s", "save('event-editor')", "Save event", id="save",
            tooltip="Save the edited event the Event JSON pane shows, and run it again"),
    # Priority, as for every key that moves the focus: its action runs before the keys typed after it are handed on,
    # which else go to the old focus (F2 then a quick "track" typed it into the code editor).
    Binding("f2", "pick_event", "Events", id="events", tooltip="Pick the event to run", priority=True),
    # One key, two bindings: the footer offers whichever pane is not shown (MainScreen.check_action picks it).
    Binding("f3", "toggle_event_editor('event-editor')", "Event JSON", id="event_json", tooltip="Edit the selected event",
            priority=True),
    Binding("f3", "toggle_event_editor('code-pane')", "Code", id="event_json", tooltip="Back to the handler's code",
            priority=True),
    Binding("ctrl+t", "run_suite", "Suite", id="suite", tooltip="Run every event in the picker"),
    Binding("f6", "show_tab('output-tab')", "Output", id="output",
            tooltip="The shown run's Callback Return and Raw Log Output", priority=True),
    Binding("f4", "show_tab('requests-tab')", "Requests", id="requests", tooltip="The requests of the shown run",
            priority=True),
    Binding("ctrl+o", "settings", "Settings", id="settings", tooltip="Edit the handler's settings", priority=True),
    Binding("f8", "show_tab('diff-tab')", "Diff", id="diff",
            tooltip="What changed since the previous run of this event", priority=True),
    Binding("f9", "show_tab('history-tab')", "History", id="history", tooltip="This session's runs", priority=True),
    Binding("ctrl+g", "jump_to_error", "Go to error", id="jump_to_error", show=False,
            tooltip="Put the cursor on the line that failed", priority=True),
    # Not priority: an editor types no ctrl+f, so it reaches the screen from there, where `f` (the results' key) types.
    Binding("ctrl+f", "toggle_full_event", "Full event", id="full_event", show=False,
            tooltip="An insert function's output: its change to the input event, or the whole event"),
    Binding("f1", "help", "Help", id="help", tooltip="Help for the focused pane and every key"),
    # Priority: the code editor binds F7 (select all; ctrl+a does that too), and this key must work there.
    Binding("f7", "toggle_maximize(False)", "Maximize", id="maximize", tooltip="Fill the screen with the focused pane "
            "(f7 or escape again to restore)", priority=True),
    Binding("f7", "toggle_maximize(True)", "Restore", id="maximize", tooltip="Give the maximized pane back its place",
            priority=True),
    # Priority, so the code editor cannot take it; offered (and in the footer) only while a run is going.
    Binding("escape", "cancel_run", "Cancel run", id="cancel", tooltip="Stop the run in progress", priority=True),
]

FOOTER_DROP_ORDER = ("history", "diff", "settings", "suite", "output", "event_json", "requests.logs", "event.reset",
                     "requests.har", "events", "requests", "requests.curl", "requests.mock", "maximize")
"""The main screen's keys the footer leaves out, first dropped first, when the terminal is too narrow for all of them
(binding ids, the focused panes' too)."""


PANE_KEYS = ("toggle_event_editor", "save", "toggle_maximize")
"""The actions of keys bound twice, whose footer label says what they do now (`offered` picks the binding in force)."""


def offered(action: str, parameter: object, top: str | None, maximized: object) -> bool:
    """Whether the binding of `action` with `parameter` is the one in force: F3's offers the pane the top does not show
    (`top`), ctrl+s's saves the one it shows, f7's restores while a pane is `maximized`, else maximizes."""
    if action == "toggle_maximize":
        return parameter == (maximized is not None)
    return (parameter == top) == (action == "save")


def say_requests(node: DOMNode, described: frozenset[str] = frozenset()) -> None:
    """Word `node`'s keys for a source function, which runs requests: every tooltip, and the footer's label of the
    binding ids in `described` (not F2's "Events", which beside F4's "Requests" of the run would read as the same)."""
    held = node._bindings.key_to_bindings
    for key, bindings in held.items():
        held[key] = [replace(binding, tooltip=request_words(binding.tooltip), description=request_words(
            binding.description) if binding.id in described else binding.description) for binding in bindings]


def fillable(widget: Widget) -> Widget | None:
    """The widget, or the nearest pane holding it, that f7 may maximize (a scrolling container may not be, itself)."""
    return next((node for node in widget.ancestors_with_self if isinstance(node, Widget) and node.allow_maximize), None)
