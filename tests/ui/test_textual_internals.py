"""The Textual internals segtui/ui/widgets/return_value_area.py and footer_fit.py (SteadyFooter) rely on are still there
and used as they assume: a new Textual fails here, loudly, by name.

segtui pins Textual exactly; this canary says what to look at when that pin moves.
"""

from __future__ import annotations

import inspect
import re
import tomllib
from importlib.metadata import version
from pathlib import Path

from textual.document import _wrapped_document
from textual.widgets import Footer, TextArea
from textual.widgets.text_area import Document, WrappedDocument

from segtui.ui.widgets.return_value_area import ReturnValueArea


def _source(function: object) -> str:
    return inspect.getsource(function)  # type: ignore[arg-type]


NEEDED = {
    "TextArea._rewrap_and_refresh_virtual_size wraps for wrap_width and indent_width, clears _line_cache, then "
    "_refresh_size (ReturnValueArea overrides it, and laid_out does the same with a wrap from its thread)":
        lambda: [line.strip() for line in _source(TextArea._rewrap_and_refresh_virtual_size).splitlines()[1:]] == [
            "self.wrapped_document.wrap(self.wrap_width, tab_width=self.indent_width)",
            "self._line_cache.clear()", "self._refresh_size()"],
    "TextArea._on_resize goes through _rewrap_and_refresh_virtual_size (a new width is wrapped on a thread)":
        lambda: "self._rewrap_and_refresh_virtual_size()" in _source(TextArea._on_resize),
    "TextArea's watchers of what changes the wrap go through _rewrap_and_refresh_virtual_size":
        lambda: all("self._rewrap_and_refresh_virtual_size()" in _source(getattr(TextArea, name)) for name in (
            "_watch_soft_wrap", "_watch_show_line_numbers", "_watch_indent_width", "_watch_show_vertical_scrollbar")),
    "TextArea._set_document (load_text: a new value) wraps through _rewrap_and_refresh_virtual_size":
        lambda: "self._rewrap_and_refresh_virtual_size()" in _source(TextArea._set_document),
    "TextArea.render_line draws from _line_cache (cleared when a wrap from a thread lands)":
        lambda: "self._line_cache.get(" in _source(TextArea.render_line),
    "TextArea._recompute_cursor_offset places the cursor in wrapped_document":
        lambda: "self.wrapped_document.location_to_offset(" in _source(TextArea._recompute_cursor_offset),
    "TextArea._refresh_size sizes the area to wrapped_document's height":
        lambda: "Size(0, self.wrapped_document.height)" in _source(TextArea._refresh_size),
    "TextArea.edit wraps only the range edited (cheap, on the UI loop) unless the gutter's width changed":
        lambda: "self.wrapped_document.wrap_range(" in _source(TextArea.edit),
    "WrappedDocument._width and _tab_width are the width and tab width it is wrapped for":
        lambda: {"_width": 7, "_tab_width": 3}.items() <= vars(WrappedDocument(Document("a b"), 7, 3)).items(),
    "WrappedDocument.wrap reads document.lines once, line by line (a wrap on a thread ends early where they end)":
        lambda: _source(WrappedDocument.wrap).count("self.document") == 1
        and "in enumerate(self.document.lines):" in _source(WrappedDocument.wrap),
    "WrappedDocument.__init__ wraps (a wrap on a thread is a new WrappedDocument)":
        lambda: "self.wrap(width, tab_width)" in _source(WrappedDocument.__init__),
    "WrappedDocument wraps each line with compute_wrap_offsets (tests/ui/test_return_value_wrap.py counts its calls)":
        lambda: "compute_wrap_offsets(" in _source(WrappedDocument.wrap) and callable(_wrapped_document.compute_wrap_offsets),
    "Footer.compose reads nothing but what SteadyFooter._keys compares (else a footer could stay as it was drawn)":
        lambda: set(re.findall(r"\b(?:self|binding|group)(?:\.\w+)+", _source(Footer.compose))) == {
            "binding.action", "binding.description", "binding.key", "binding.show", "binding.tooltip", "group.compact",
            "group.description", "self._bindings_ready", "self.app.COMMAND_PALETTE_BINDING",
            "self.app.ENABLE_COMMAND_PALETTE", "self.app.get_key_display", "self.screen.active_bindings",
            "self.show_command_palette", "self.styles.grid_size_columns"},
    "Footer.bindings_changed sets _bindings_ready and recomposes (SteadyFooter.recompose decides whether to)":
        lambda: "self._bindings_ready = True" in _source(Footer.bindings_changed)
        and "self.recompose" in _source(Footer.bindings_changed),
}


def test_textual_is_pinned_to_the_version_return_value_area_was_written_for():
    dependencies = tomllib.loads((Path(__file__).parents[2] / "pyproject.toml").read_text(encoding="utf-8"))
    assert version("textual") == "8.2.8"
    assert "textual[syntax]==8.2.8" in dependencies["project"]["dependencies"], (
        "textual is not the pinned version: check every internal return_value_area.py and footer_fit.py use, then move the pin")


def test_every_textual_internal_segtui_uses_is_there():
    missing = [name for name, present in NEEDED.items() if not _present(present)]
    assert not missing, "Textual changed internals segtui/ui/widgets/ uses: " + "; ".join(missing)


def test_return_value_area_overrides_the_textual_method_it_means_to():
    assert ReturnValueArea._rewrap_and_refresh_virtual_size is not TextArea._rewrap_and_refresh_virtual_size
    assert ReturnValueArea.__mro__.index(TextArea) > ReturnValueArea.__mro__.index(ReturnValueArea)
    assert "_line_cache" in vars(TextArea(""))


def _present(check) -> bool:
    try:
        return bool(check())
    except (AttributeError, TypeError, OSError):
        return False
