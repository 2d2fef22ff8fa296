"""F1: help for the focused pane, the keys in force there (from the bindings), and the workflow."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

from textual.app import App, ComposeResult
from textual.binding import ActiveBinding, Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.dom import DOMNode
from textual.widgets import Markdown

from segtui.kinds import request_words
from segtui.ui.screens.modal import CrampedDialog

WORKFLOW = """\
## Workflow
1. Pick an event on the left (**F2**, arrows, enter). Edit it with **F3** if you like.
2. Edit the handler here or in your own editor. Every save reloads the handler and runs the
   event again at once; the status line says how long that took.
3. Read **Callback Return** (the outcome, with Segment's label, and what the handler
   returned or threw) and **Raw Log Output**; **F4** shows what the handler sent over the
   network. Where they would be too narrow side by side, the panes take turns under a strip
   (Return, Log, Emitted): **F6**, then left and right, or a click.
4. **ctrl+t** runs every event; **F8** shows what changed since the previous run.
"""


def keys_table(app: App[Any], bindings: Iterable[ActiveBinding]) -> str:
    """The keys in force as a table, segtui's own (with a binding id) first, the focused widget's before its
    containers', the screen's and the app's, then Textual's built-in keys (an editor's cursor keys); each binding's keys
    together: what Textual's active bindings say, so remapped keys show as remapped."""
    rows: dict[str, list[str]] = {}
    for active in sorted(bindings, key=lambda active: active.binding.id is None):
        binding = active.binding
        if binding.system or not (binding.description or binding.tooltip):
            continue
        what = binding.tooltip or binding.description
        rows.setdefault(what, [])
        key = app.get_key_display(binding)
        if key not in rows[what]:
            rows[what].append(key)
    lines = ["## Keys", "| key | what it does |", "|---|---|"]
    lines += [f"| {' / '.join(f'**{key}**' for key in keys)} | {what} |" for what, keys in rows.items()]
    return "\n".join(lines)


class HelpScreen(CrampedDialog[None]):
    """Help for the focused widget, the keys in force there, and the workflow.

    Under 20 rows it gives its padding and margins to the text, which showed nine lines at 60x15, three of them blank.
    """

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "close", "Close", id="help.close")]

    @classmethod
    def for_focus(cls, app: App[Any], bindings: Iterable[ActiveBinding], *, requests: bool = False) -> HelpScreen:
        """Help for the focused widget (the `HELP` of it or its nearest container that has one) and `bindings`; with
        `requests` (a source function's), in a request's words, a `REQUEST_HELP` preferred where one is written."""
        text = ""
        node: DOMNode | None = app.focused
        while node is not None and not text:
            text = (getattr(node, "REQUEST_HELP", "") if requests else "") or getattr(node, "HELP", "") or ""
            node = node.parent
        say = request_words if requests else str
        return cls(say(text), keys_table(app, bindings), say(WORKFLOW))

    def __init__(self, focused_help: str, keys: str, workflow: str = WORKFLOW) -> None:
        super().__init__()
        self.focused_help = focused_help
        self.keys = keys
        self.workflow = workflow

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -wide -help"), VerticalScroll():
            yield Markdown("\n\n".join(part for part in (self.focused_help, self.keys, self.workflow) if part))

    def action_close(self) -> None:
        self.dismiss(None)
