"""Small modal dialogs: a file changed under unsaved edits, quitting with unsaved edits, a change to confirm, a path to
save to, a command to copy by hand, an error."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Input, Label, Static, TextArea
from textual.widgets.text_area import Selection

from segtui.text_diff import unified_diff
from segtui.ui.screens.modal import CrampedDialog, Dialog
from segtui.ui.widgets.safe_input import SafeInput


def _diff_text(mine: str, disk: str, filename: str) -> Text:
    text = Text()
    lines = unified_diff(mine.splitlines(), disk.splitlines(), f"{filename} (your edits)",
                                 f"{filename} (on disk)", lineterm="", n=2)
    for count, line in enumerate(lines):
        if count > 400:
            text.append("…\n", style="dim")
            break
        style = "green" if line.startswith("+") else "red" if line.startswith("-") else "cyan" if line.startswith("@") else ""
        text.append(line + "\n", style=style)
    text.rstrip()
    return text


class ConflictDialog(CrampedDialog[str]):
    """The file changed on disk while the editor holds unsaved edits: keep which? Returns "mine" or "disk".

    Under 20 rows it gives its frames to the diff, which has six lines from 20 rows with them (at 80x24 it lost them for
    two lines more, where the app's `-short`, under 32 rows, styled it).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "choose('mine')", "Keep my edits", id="conflict.mine"),
        Binding("d", "choose('disk')", "Use disk version", id="conflict.disk"),
        Binding("escape", "choose('mine')", "Keep my edits", show=False),
    ]
    def __init__(self, filename: str, mine: str, disk: str) -> None:
        super().__init__()
        self.filename = filename
        self.mine = mine
        self.disk = disk

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -wide -conflict"):
            yield Static(f"{self.filename} changed on disk, and the editor has unsaved edits.", classes="dialog-title",
                         markup=False)
            yield Static("Which version do you want to keep? The other one is discarded "
                         "(keeping yours leaves the file on disk as it is until you save).")
            with VerticalScroll(id="conflict-diff"):
                yield Static(_diff_text(self.mine, self.disk, self.filename))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep my edits (m)", id="mine", variant="primary")
                yield Button("Use the disk version (d)", id="disk", variant="warning")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class QuitDialog(Dialog[str]):
    """Quitting with unsaved edits: save, discard or stay. Returns "save", "discard" or "cancel".

    Each item says what it is and what "Save and quit" does with it; on a small terminal the items scroll above the
    buttons, which stay in view.
    """

    AUTO_FOCUS = ".dialog-buttons Button"  # not the items' scroll, composed first: Enter on opening saves, as it did
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "choose('save')", "Save and quit", id="quit.save"),
        Binding("d", "choose('discard')", "Quit without saving", id="quit.discard"),
        Binding("escape", "choose('cancel')", "Cancel", id="quit.cancel"),
    ]

    def __init__(self, unsaved: list[str], can_save: bool = True) -> None:
        super().__init__()
        self.unsaved = unsaved
        self.can_save = can_save

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -quit"):
            with VerticalScroll(id="quit-items"):
                yield Label("Quit with unsaved edits?", classes="dialog-title")
                yield Static("Save and quit does this with each:" if self.can_save else "Each of these is lost:")
                for item in self.unsaved:
                    yield Static(f"  • {item}", markup=False)
                if self.can_save:
                    yield Static("Quit without saving loses them all.", classes="dialog-note")
            with Horizontal(classes="dialog-buttons"):
                if self.can_save:
                    yield Button("Save and quit (s)", id="save", variant="primary")
                yield Button("Quit without saving (d)", id="discard", variant="error")
                yield Button("Cancel (esc)", id="cancel")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """"Save and quit" only when something can be saved: its key is then neither run nor listed in the footer."""
        return self.can_save or parameters != ("save",)

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice)


class ConfirmDialog(Dialog[bool]):
    """Ask before a change that loses something (a setting's declaration and value); returns True to go ahead. Keep has
    the focus, so that the enter that pressed the button asking this does not also answer it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "choose(True)", "Yes", id="confirm.yes"),
        Binding("escape", "choose(False)", "Keep", id="confirm.keep"),
    ]

    def __init__(self, title: str, text: str, action_label: str) -> None:
        super().__init__()
        self.title_text, self.text, self.action_label = title, text, action_label

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.text, markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(f"{self.action_label} (y)", id="yes", variant="error")
                yield Button("Keep (esc)", id="keep", variant="primary")

    def on_mount(self) -> None:
        """Focus Keep: the enter that pressed the button asking this must not also answer it."""
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        """Answer with the button pressed: True for the action, False for Keep."""
        self.dismiss(event.button.id == "yes")

    def action_choose(self, yes: bool) -> None:
        """Answer from a key: y goes ahead, escape keeps."""
        self.dismiss(yes)


class PathDialog(Dialog[str | None]):
    """Ask for a file path, prefilled; returns the text or None when cancelled."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel", id="path.cancel")]

    def __init__(self, title: str, default: str, action_label: str = "Save") -> None:
        super().__init__()
        self.title_text = title
        self.default = default
        self.action_label = action_label

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog"):
            yield Static(self.title_text, classes="dialog-title")
            yield SafeInput(self.default, id="path-input")
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.action_label, id="ok", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#ok")
    def _ok(self) -> None:
        value = self.query_one(Input).value.strip()
        if value:
            self.dismiss(value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class CopyDialog(Dialog[None]):
    """Text to copy by hand, selectable, for when the clipboard may not receive it; notes say why."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close", id="copy.close")]

    def __init__(self, title: str, text: str, notes: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.text = text
        self.notes = notes

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -wide"):
            yield Static(self.title_text, classes="dialog-title")
            for note in self.notes:
                yield Static(note, classes="dialog-note")
            yield TextArea(self.text, read_only=True, soft_wrap=True, id="copy-text")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close (esc)", id="close", variant="primary")

    def on_mount(self) -> None:
        area = self.query_one("#copy-text", TextArea)
        area.focus()
        # All of it selected, the cursor at its start, so that a long command shows from `curl …`, not its body's end.
        area.selection = Selection(area.document.end, area.document.start)

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)


class ErrorDialog(Dialog[None]):
    """An unexpected failure inside segtui, with its traceback to scroll and report."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close", id="error.close")]

    def __init__(self, title: str, details: str) -> None:
        super().__init__()
        self.title_text = title
        self.details = details

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -wide -error"):
            yield Static(self.title_text, classes="dialog-title")
            with VerticalScroll(id="error-details"):
                yield Static(Text(self.details))
            with Horizontal(classes="dialog-buttons"):
                yield Button("Close (esc)", id="close", variant="primary")

    @on(Button.Pressed, "#close")
    def action_close(self) -> None:
        self.dismiss(None)
