"""The handler's file in a code editor that knows what is saved, what changed on disk and which line failed."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.segment import Segment
from rich.style import Style
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Offset
from textual.message import Message
from textual.strip import Strip
from textual.widgets import TextArea

from segtui.control_chars import one_label
from segtui.errors import SegtuiInputError
from segtui.function_files import is_terraform
from segtui.function_files.handler_code import FunctionInfo, read_code, save_code
from segtui.ui.focus import focus_now
from segtui.ui.screens.dialogs import ConflictDialog
from segtui.ui.widgets.editor_area import EditorArea
from segtui.ui.widgets.syntax_depth import nests_deeper

_ERROR_GUTTER = Style(color="#ff5f5f", bold=True, bgcolor="#3a1414")
_ERROR_LINE = Style(bgcolor="#3a1414")
_OTHER_LINE_BREAKS = re.compile("[\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
"""What str.splitlines breaks lines at besides \\n: a document splits text there and joins it again with its newline."""
_SUBTITLE_MESSAGE = 60
"""The most of an error message the border shows (less when narrower); the Callback Return has all of it."""


@dataclass(frozen=True)
class FileVersion:
    """The handler's text as read from disk, with the file's modification time (where a reload's clock starts)."""

    text: str
    mtime: float


class CodeEditor(EditorArea):
    """A JavaScript editor whose failing line (if any) is marked in the gutter and tinted."""

    error_line: int | None = None
    """The 0-based line of the last run's error, or None."""

    def set_error_line(self, line: int | None) -> None:
        if line != self.error_line:
            self.error_line = line
            self.refresh()

    def render_line(self, y: int) -> Strip:
        """A rendered line, tinted (after TextArea's own cache) when it is the failing one."""
        strip = super().render_line(y)
        if self.error_line is None:
            return strip
        absolute = y + self.scroll_offset.y
        try:
            line_index = self.wrapped_document.offset_to_location(Offset(0, absolute))[0]
            first_row = absolute == 0 or self.wrapped_document.offset_to_location(Offset(0, absolute - 1))[0] != line_index
        except (IndexError, TypeError, ValueError):
            return strip
        if line_index != self.error_line or absolute >= self.wrapped_document.height:
            return strip
        gutter_width = self.gutter_width if self.show_line_numbers else 0
        text = strip.crop(gutter_width)
        tinted = Strip([Segment(t, (s or Style()) + _ERROR_LINE, c) for t, s, c in text], text.cell_length)
        if not gutter_width:
            return tinted
        number = str(line_index + self.line_number_start) if first_row else ""
        # The gutter's own width (the number, then two spaces): the mark takes the first of those spaces.
        label = f"✖{number:>{gutter_width - 2}} " if first_row else " " * gutter_width
        return Strip.join([Strip([Segment(label, _ERROR_GUTTER)], gutter_width), tinted])


class CodePane(Vertical):
    """The handler file in an editor: saves it, follows changes on disk, marks and jumps to the failing line."""

    ALLOW_MAXIMIZE = True  # f7 fills the screen with the whole pane, not the widget focused in it

    HELP = """\
## Handler editor
Edit the function. **ctrl+s** saves it (atomically) and runs the selected
event again, from any pane while this one is shown (with the Event JSON shown, it saves
the event); saving from any other editor does the same. When a run fails, the failing
line is marked with ✖; **ctrl+g** jumps to it. **tab** indents here: **escape** leaves the
editor for the next pane (**shift+tab** for the one before).
"""

    class Reloaded(Message):
        """The editor took the file's version from disk over unsaved edits, as the user chose."""

    def __init__(self, path: Path, text: str, function: FunctionInfo | None = None, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.path = path
        self.filename = path.name
        self.function = function
        """The function the file holds: a `.tf` function's name and kind, a `.js` insert or source function's kind, are
        shown in the title."""
        self.saved_text: str | None = text
        """What the file holds; None once it was removed from disk, where the editor's text is then the only copy."""
        self._removed_text: str | None = None
        """What the file held when it was removed from disk: a file back while the editor still shows it is taken."""
        self._initial = text
        self.error: tuple[int, int] | None = None
        self.error_message = ""
        self.conflict_open = False
        self._held: tuple[FileVersion, str] | None = None
        """A version from disk not shown yet, and the editor's text when it was held back."""
        self._release_after_frame = False
        self._borders: dict[str, str] = {}
        """The border title and subtitle last set: setting one repaints the whole pane, the editor in it too."""

    def compose(self) -> ComposeResult:
        yield CodeEditor.code_editor(self._initial, language=highlighting("javascript", self._initial), id="code-editor",
                                     soft_wrap=False)

    def on_mount(self) -> None:
        self._update_title()

    @property
    def editor(self) -> CodeEditor:
        return self.query_one(CodeEditor)

    @property
    def text(self) -> str:
        """The editor's text, once any version held back is shown."""
        self.release()
        return self.editor.text

    @property
    def dirty(self) -> bool:
        """Whether the editor holds edits not saved to the file; with a version held back, edits made since it came."""
        if self._held is not None:  # release() takes the version unless the editor changed since it was held
            return self.editor.text != self._held[1]
        return self.editor.text != self.saved_text

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._update_title()

    def _update_title(self) -> None:
        subject = self.function.subject if self.function else ""
        title = f"{self.filename} · {subject}" if subject else self.filename
        self._set_border("border_title", f"{title} ●" if self.dirty else title)
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
        if highlighting("javascript", text) != editor.language:
            load_highlighted(editor, text, "javascript")  # a file grown past what is highlighted, or back under it
        else:
            swap_text(editor, text)
        last = max(0, editor.document.line_count - 1)
        row = min(row, last)
        editor.cursor_location = (row, min(column, len(editor.document.get_line(row))))
        editor.scroll_to(scroll.x, scroll.y, animate=False)
        self.mark_saved(text)

    def save(self) -> bool:
        """Write the editor's text to the file atomically, keeping its permission bits (and a symlink to it); into
        a `.tf` file's code, every other byte kept.

        False (after saying why) when it cannot be written.
        """
        text = self.text
        try:
            saved = save_code(self.path, text)
        except (SegtuiInputError, UnicodeEncodeError) as error:
            self.notify(str(error), severity="error", title=f"{self.filename} not saved")
            return False
        if saved != text:  # a heredoc's final line break
            self.replace_text(saved)
        self.mark_saved(saved)
        return True

    def hold(self, version: FileVersion) -> None:
        """Take a version disk_changed returned, shown at release() (reading the pane releases it first).

        So the screen can start its run at once and paint the editor after the result, not while the worker runs.
        """
        self._held = (version, self.editor.text)

    def release_after_frame(self) -> None:
        """Show the version held back once the next frame has gone to the terminal (see frame_shown)."""
        self._release_after_frame = self._held is not None

    def frame_shown(self) -> None:
        """A frame has gone to the terminal: release the version held back, if it waited for one."""
        if self._release_after_frame:
            self._release_after_frame = False
            self.call_later(self.release)

    def release(self) -> None:
        """Show the version held back, if any; had the editor been edited since, ask which to keep, as for any clash."""
        if self._held is None:
            return
        (version, shown), self._held = self._held, None
        if self.editor.text == shown:
            self.replace_text(version.text)
        else:
            self._ask_conflict(version.text)

    def disk_changed(self) -> FileVersion | None:
        """Follow a change of the file on disk: the new version when it can be taken at once (see hold), else None.

        A clash with unsaved edits asks which to keep instead (a Reloaded message follows taking the file's).
        """
        self.release()
        try:
            mtime = self.path.stat().st_mtime
            disk = read_code(self.path)
        except FileNotFoundError:
            back = "" if is_terraform(self.path) else ": ctrl+s writes it back"  # a .tf file is never created
            self.notify(f"{self.filename} was removed from disk. The editor keeps its text{back}.",
                        severity="warning", title="Handler removed", timeout=10)
            if self.saved_text is not None:
                self._removed_text, self.saved_text = self.saved_text, None  # unsaved now: quitting asks, a stop keeps it
            self._update_title()
            return None
        except (OSError, SegtuiInputError) as error:
            self.notify(f"Cannot read {self.filename}: {error}", severity="error")
            return None
        if disk == self.saved_text:
            return None
        if self.dirty and disk != self.text and not (self.saved_text is None and self.text == self._removed_text):
            self._ask_conflict(disk)
            return None
        return FileVersion(disk, mtime)

    def _ask_conflict(self, disk: str) -> None:
        if self.conflict_open:
            return
        self.conflict_open = True
        self.app.push_screen(ConflictDialog(self.filename, self.text, disk), lambda choice: self.resolve_conflict(choice, disk))

    def resolve_conflict(self, choice: str | None, disk: str) -> None:
        """Keep the user's edits, or take the file on disk ("disk"), as the conflict dialog was answered."""
        self.conflict_open = False
        try:
            latest = read_code(self.path)
        except SegtuiInputError:
            latest = disk
        if choice == "disk":
            self.replace_text(latest)
            self.post_message(self.Reloaded())
        else:
            self.mark_saved(latest)
            self.notify("Kept your edits; the file on disk is unchanged until you save (ctrl+s).", timeout=5)

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
            self._set_border("border_subtitle", "")
            return
        head, tail = f"✖ line {self.error[0]}: ", " · ctrl+g jumps there"
        if self.size.width - len(head) - len(tail) - 6 < 30:
            tail = " · ctrl+g"
        room = min(_SUBTITLE_MESSAGE, self.size.width - len(head) - len(tail) - 6)
        message = self.error_message
        if len(message) > room:
            message = message[: max(room - 1, 0)] + "…"
        self._set_border("border_subtitle", f"{head}{message}{tail}")

    def _set_border(self, name: str, text: str) -> None:
        """Set the border's title or subtitle as plain text (a string would be read as markup, and an error message
        with `[/x]` in it raised) with control characters escaped (a file's name may hold them), unless it already
        says `text` (a result's frame then leaves the pane be)."""
        if self._borders.get(name) != text:
            self._borders[name] = text
            setattr(self, name, Content(one_label(text)))

    def jump_to_error(self) -> bool:
        """Put the cursor on the failing line; False when there is none."""
        if self.error is None:
            return False
        line, column = self.error
        editor = self.editor
        row = min(line - 1, editor.document.line_count - 1)
        editor.cursor_location = (row, max(0, column - 1))
        editor.scroll_cursor_visible(center=True)
        focus_now(editor)
        return True


MAX_HIGHLIGHTED_CHARS = 1_000_000
"""A longer text is edited unhighlighted: Textual's highlighting costs ~35 bytes a character, ~115 on one long line (a
20 MB event of one line took the TUI to 2.7 GB)."""


MAX_HIGHLIGHTED_DEPTH = 1_000
"""A text whose syntax tree nests deeper is edited unhighlighted: Textual's highlight query on a handler of 70,000 `1+`
(140 KB, a tree as deep) ran for minutes with nothing on screen, 49,000 took 7 s; code people write nests a few dozen
deep (lodash: 34)."""
_DEPTH_CHECKED_CHARS = 20_000
"""A shorter text cannot nest deep enough to be slow to highlight, and is not parsed to know."""


def highlighting(language: str, text: str) -> str | None:
    """The language to highlight `text` as: syntax_language's, unless the text is too long or nests too deep to
    highlight."""
    wanted = syntax_language(language) if len(text) <= MAX_HIGHLIGHTED_CHARS else None
    if wanted is not None and len(text) > _DEPTH_CHECKED_CHARS and nests_deeper(wanted, text, MAX_HIGHLIGHTED_DEPTH):
        return None
    return wanted


def load_highlighted(area: TextArea, text: str, language: str) -> None:
    """Load `text` into `area`, highlighted as `language` when it is short enough (never highlighting a long one)."""
    wanted = highlighting(language, text)
    if wanted is None:
        area.language = None
    area.load_text(text)
    area.language = wanted


def syntax_language(language: str) -> str | None:
    """`language` when highlighting is safe here; None with tree-sitter 0.26+, which crashes Textual 8.2's TextArea."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        major, minor = (int(part) for part in version("tree-sitter").split(".")[:2])
    except (PackageNotFoundError, ValueError):
        return None
    return language if (major, minor) < (0, 26) else None


def swap_text(area: TextArea, text: str) -> None:
    """Give `area` new text by one edit of the span that differs, not undoable.

    load_text would compile the highlight query again (~6 ms for JavaScript); an edit parses only the change.
    Text with line breaks other than \\n, which a document rewrites, is loaded.
    """
    old = area.text
    if old == text:
        return
    if _OTHER_LINE_BREAKS.search(old) or _OTHER_LINE_BREAKS.search(text):
        area.load_text(text)
        return
    start = _common_length(old, text, lambda s, n: s[:n], min(len(old), len(text)))
    end = _common_length(old, text, lambda s, n: s[len(s) - n:], min(len(old), len(text)) - start)
    area.replace(text[start:len(text) - end], _location(old, start), _location(old, len(old) - end))
    area.history.clear()


def _common_length(a: str, b: str, part: Callable[[str, int], str], most: int) -> int:
    """The longest n up to `most` with part(a, n) == part(b, n), by bisection (slices compare in C)."""
    low, high = 0, most
    while low < high:
        middle = (low + high + 1) // 2
        if part(a, middle) == part(b, middle):
            low = middle
        else:
            high = middle - 1
    return low


def _location(text: str, offset: int) -> tuple[int, int]:
    """The (row, column) of a character offset in text whose lines end with \\n."""
    return text.count("\n", 0, offset), offset - (text.rfind("\n", 0, offset) + 1)
