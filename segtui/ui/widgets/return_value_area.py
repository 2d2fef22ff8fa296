"""The Callback Return's value: a read-only TextArea whose long text is wrapped for a new width on a thread.

All segtui's use of Textual's private TextArea and WrappedDocument internals is in this module (textual 8.2.8, pinned),
each checked by tests/ui/test_textual_internals.py.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import cast

from textual.widgets import TextArea
from textual.widgets.text_area import DocumentBase, DocumentNavigator, Edit, EditResult, WrappedDocument

from segtui.ui.widgets.threaded_layout import AT_ONCE_ROWS, ThreadedLayout

STALE_CHECK_LINES = 100
"""Lines a wrap on a thread goes through between looking whether it is still wanted (~5 ms of wrapping)."""


class _LinesUntilStale:
    """A document's lines as WrappedDocument.wrap reads them, ending once `stale()`: a wrap for a width a resize went
    past stops instead of wrapping every line for nothing (a drag through 15 widths ran 15 whole wraps)."""

    def __init__(self, document: DocumentBase, stale: Callable[[], bool]) -> None:
        self._document = document
        self._stale = stale

    @property
    def lines(self) -> Iterator[str]:
        for index, line in enumerate(self._document.lines):
            if index % STALE_CHECK_LINES == 0 and self._stale():
                return
            yield line

    def __getattr__(self, name: str) -> object:
        return getattr(self._document, name)


def _wrapped(document: DocumentBase, width: int, tab_width: int, stale: Callable[[], bool]) -> WrappedDocument:
    """On a thread: `document` wrapped for `width`, cut short once `stale()` (when its result is dropped)."""
    wrapped = WrappedDocument(cast("DocumentBase", _LinesUntilStale(document, stale)), width, tab_width)
    wrapped.document = document
    return wrapped


class ReturnValueArea(ThreadedLayout, TextArea):
    """A TextArea that wraps more than AT_ONCE_ROWS lines on a thread, showing them as wrapped before until done.

    Wrapping a 5,000-line return value took Textual 0.1-0.3 s per width, on the UI loop, and a resize went through several
    widths. This overrides TextArea's private `_rewrap_and_refresh_virtual_size`, which every width change goes through.
    """

    _wrapping_for: tuple[object, int, int] | None = None
    """The (document, width, tab width) a thread is wrapping."""

    def _rewrap_and_refresh_virtual_size(self) -> None:
        document, width, tab_width = self.document, self.wrap_width, self.indent_width
        if document.line_count <= AT_ONCE_ROWS or not width or not self.is_mounted:
            self._wrapping_for = None
            self.new_layout()
            super()._rewrap_and_refresh_virtual_size()
        elif self._wrapping_for != (document, width, tab_width) and (self._wrapping_for or not self._wrapped_for(width)):
            self._wrapping_for = (document, width, tab_width)
            self.lay_out_on_thread(lambda stale: _wrapped(document, width, tab_width, stale), "wrapping the return value")

    def _wrapped_for(self, width: int) -> bool:
        """Whether the text shown is wrapped for `width` already (a resize of the height only)."""
        wrapped = self.wrapped_document
        return wrapped.document is self.document and (wrapped._width, wrapped._tab_width) == (width, self.indent_width)

    def edit(self, edit: Edit) -> EditResult:
        """Edit the text (a new run's value), and wrap it again if a thread was wrapping the text before the edit."""
        pending = self._wrapping_for is not None
        self._wrapping_for = None
        self.new_layout()
        result = super().edit(edit)
        if pending:
            self._rewrap_and_refresh_virtual_size()
        return result

    def laid_out(self, result: object) -> None:
        """Show the text as wrapped on the thread (an edit or new text since began a newer layout)."""
        wrapped = cast("WrappedDocument", result)
        self._wrapping_for = None
        self.wrapped_document = wrapped
        self.navigator = DocumentNavigator(wrapped)
        self._line_cache.clear()
        self._recompute_cursor_offset()  # type: ignore[no-untyped-call]  # Textual leaves it untyped
        self._refresh_size()
        self.refresh()  # the rows drawn for the old width, were the row count (so the size) unchanged

    def layout_failed(self, error: str) -> None:
        """Keep the text as wrapped before (reported as the app reports a worker's failure)."""
        self._wrapping_for = None

