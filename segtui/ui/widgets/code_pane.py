"""The handler's file in a code editor that knows what is saved, what changed on disk and which line failed."""

from __future__ import annotations

from pathlib import Path

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.strip import Strip
from textual.widgets import TextArea

from segtui.errors import SegtuiInputError
from segtui.events import write_bytes_atomic
from segtui.ui.screens.dialogs import ConflictDialog

_ERROR_GUTTER = Style(color="#ff5f5f", bold=True, bgcolor="#3a1414")
_ERROR_LINE = Style(bgcolor="#3a1414")
_SUBTITLE_MESSAGE = 60
"""The most of an error message the border shows (less when narrower); the Callback Return has all of it."""


class CodeEditor(TextArea):
    """A JavaScript editor whose failing line (if any) is marked in the gutter and tinted."""

    error_line: int | None = None
    """The 0-based line of the last run's error, or None."""

    def set_error_line(self, line: int | None) -> None:
        if line != self.error_line:
            self.error_line = line
            self._line_cache.clear()
            self.refresh()

    def _render_line(self, y: int) -> Strip:
        strip = super()._render_line(y)
        if self.error_line is None:
            return strip
        try:
            line_index, section = self.wrapped_document._offset_to_line_info[y + self.scroll_offset.y]
        except (IndexError, TypeError):
            return strip
        if line_index != self.error_line:
            return strip
        gutter_width = self.gutter_width if self.show_line_numbers else 0
        text = strip.crop(gutter_width)
        tinted = Strip([Segment(t, (s or Style()) + _ERROR_LINE, c) for t, s, c in text], text.cell_length)
        if not gutter_width:
            return tinted
        number = str(line_index + self.line_number_start) if section == 0 else ""
        label = f"✖{number:>{gutter_width - 3}}  " if section == 0 else " " * gutter_width
        return Strip.join([Strip([Segment(label, _ERROR_GUTTER)], gutter_width), tinted])


class CodePane(Vertical):
    """The handler file in an editor: saves it, follows changes on disk, marks and jumps to the failing line."""

    HELP = """\
## Handler editor
Edit the destination function. **ctrl+s** saves it (atomically) and runs the selected
event again; saving from any other editor does the same. When a run fails, the failing
line is marked with ✖; **ctrl+g** jumps to it.
"""

    class Reloaded(Message):
        """The editor took a new version of the file from disk; `reload_from` is when it was written, if known."""

        def __init__(self, trigger: str, reload_from: tuple[str, float] | None) -> None:
            super().__init__()
            self.trigger = trigger
            self.reload_from = reload_from

    def __init__(self, path: Path, text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.path = path
        self.filename = path.name
        self.saved_text = text
        self._initial = text
        self.error: tuple[int, int] | None = None
        self.error_message = ""
        self.conflict_open = False

    def compose(self) -> ComposeResult:
        yield CodeEditor.code_editor(self._initial, language=syntax_language("javascript"), id="code-editor", soft_wrap=False)

    def on_mount(self) -> None:
        self._update_title()

    @property
    def editor(self) -> CodeEditor:
        return self.query_one(CodeEditor)

    @property
    def text(self) -> str:
        return self.editor.text

    @property
    def dirty(self) -> bool:
        """Whether the editor holds edits not saved to the file."""
        return self.editor.text != self.saved_text

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._update_title()

    def _update_title(self) -> None:
        self.border_title = f"{self.filename} ●" if self.dirty else self.filename
        self.set_class(self.dirty, "-dirty")

    def mark_saved(self, text: str) -> None:
        """Record that `text` is what the file now holds."""
        self.saved_text = text
        self._update_title()

    def replace_text(self, text: str) -> None:
        """Show new file contents, keeping the cursor and scroll position where they still fit."""
        editor = self.editor
        row, column = editor.cursor_location
        scroll = editor.scroll_offset
        editor.load_text(text)
        last = max(0, editor.document.line_count - 1)
        row = min(row, last)
        editor.cursor_location = (row, min(column, len(editor.document.get_line(row))))
        editor.scroll_to(scroll.x, scroll.y, animate=False)
        self.mark_saved(text)

    def save(self) -> bool:
        """Write the editor's text to the file atomically, keeping its permission bits (and a symlink to it).

        False (after saying why) when it cannot be written.
        """
        text = self.text
        try:
            write_bytes_atomic(text.encode("utf-8"), self.path, overwrite=True, mode=None)
        except (SegtuiInputError, UnicodeEncodeError) as error:
            self.notify(str(error), severity="error", title=f"{self.filename} not saved")
            return False
        self.mark_saved(text)
        return True

    def disk_changed(self) -> bool:
        """Follow a change of the file on disk: take it, or ask when it clashes with unsaved edits.

        True when the new version was taken at once (a Reloaded message follows).
        """
        try:
            disk = self.path.read_text(encoding="utf-8")
            mtime = self.path.stat().st_mtime
        except FileNotFoundError:
            self.notify(f"{self.filename} was removed from disk. The editor keeps its text: ctrl+s writes it back.",
                        severity="warning", title="Handler removed", timeout=10)
            return False
        except (OSError, UnicodeDecodeError) as error:
            self.notify(f"Cannot read {self.filename}: {error}", severity="error")
            return False
        if disk == self.saved_text:
            return False
        if self.dirty and disk != self.text:
            self._ask_conflict(disk)
            return False
        self.replace_text(disk)
        self.post_message(self.Reloaded("save", ("wall", mtime)))
        return True

    def _ask_conflict(self, disk: str) -> None:
        if self.conflict_open:
            return
        self.conflict_open = True

        def resolved(choice: str | None) -> None:
            self.conflict_open = False
            try:
                latest = self.path.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                latest = disk
            if choice == "disk":
                self.replace_text(latest)
                self.post_message(self.Reloaded("reload", None))
            else:
                self.mark_saved(latest)
                self.notify("Kept your edits; the file on disk is unchanged until you save (ctrl+s).", timeout=5)

        self.app.push_screen(ConflictDialog(self.filename, self.text, disk), resolved)

    def mark_error(self, line: int | None, column: int | None, message: str = "") -> None:
        """Mark the failing 1-based line (None clears the mark); `message` must already be masked."""
        self.error = (line, column or 1) if line else None
        self.error_message = message.split("\n", 1)[0]
        self.editor.set_error_line(line - 1 if line else None)
        self._update_subtitle()
        self.set_class(bool(line), "-error")

    def on_resize(self) -> None:
        self._update_subtitle()

    def _update_subtitle(self) -> None:
        """The failing line in the bottom border, its message cut with … to what the border has room for."""
        if self.error is None:
            self.border_subtitle = ""
            return
        head, tail = f"✖ line {self.error[0]}: ", " · ctrl+g jumps there"
        if self.size.width - len(head) - len(tail) - 6 < 30:
            tail = " · ctrl+g"
        room = min(_SUBTITLE_MESSAGE, self.size.width - len(head) - len(tail) - 6)
        message = self.error_message
        if len(message) > room:
            message = message[: max(room - 1, 0)] + "…"
        self.border_subtitle = f"{head}{message}{tail}"

    def jump_to_error(self) -> bool:
        """Put the cursor on the failing line; False when there is none."""
        if self.error is None:
            return False
        line, column = self.error
        editor = self.editor
        row = min(line - 1, editor.document.line_count - 1)
        editor.cursor_location = (row, max(0, column - 1))
        editor.scroll_cursor_visible(center=True)
        editor.focus()
        return True


def syntax_language(language: str) -> str | None:
    """`language` when highlighting is safe here; None with tree-sitter 0.26+, which crashes Textual 8.2's TextArea."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        major, minor = (int(part) for part in version("tree-sitter").split(".")[:2])
    except (PackageNotFoundError, ValueError):
        return None
    return language if (major, minor) < (0, 26) else None
