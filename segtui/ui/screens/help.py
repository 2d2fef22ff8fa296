"""F1: help for the focused pane, then every key and the workflow."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

KEYS = """\
## Keys
| key | what it does |
|---|---|
| **ctrl+r** / **F5** | run the selected event |
| **ctrl+s** | save the handler (atomically) and run again; in the event editor: save the event over its file (a bundled sample: as a new file) |
| **F2** | pick an event |
| **F3** | edit the selected event's JSON (F3 again: back to the handler) |
| **ctrl+t** | run the whole suite: every event in the picker |
| **F6** | the output of the shown run: Callback Return and Raw Log Output (a new run shows it too) |
| **F4** | requests of the shown run (**c** copy as curl, **h** export HAR, **l** logs between) |
| **ctrl+o** | settings |
| **F8** | diff with the previous run of the same event |
| **F9** | history of this session's runs |
| **ctrl+g** | jump to the line that failed |
| **ctrl+p** | command palette: every action by name |
| **F1** | this help |
| **ctrl+q** | quit (asks first when there are unsaved edits) |

## Workflow
1. Pick an event on the left (**F2**, arrows, enter). Edit it with **F3** if you like.
2. Edit the handler here or in your own editor. Every save reloads the handler and runs the
   event again at once; the status line says how long that took.
3. Read **Callback Return** (the outcome, with Segment's label, and what the handler
   returned or threw) and **Raw Log Output**; **F4** shows what the handler sent over the
   network.
4. **ctrl+t** runs every event; **F8** shows what changed since the previous run.
"""


class HelpScreen(ModalScreen[None]):
    """Help for the focused widget and the app's keys."""

    BINDINGS = [Binding("escape,f1,q", "close", "Close", id="help.close")]

    def __init__(self, focused_help: str = "") -> None:
        super().__init__()
        self.focused_help = focused_help

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -wide -help"), VerticalScroll():
            yield Markdown(f"{self.focused_help}\n\n{KEYS}" if self.focused_help else KEYS)

    def action_close(self) -> None:
        self.dismiss(None)
