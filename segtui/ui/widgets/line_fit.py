"""Short lines laid out to a pane's width: whole parts a line, a name cut in its middle, rather than broken anywhere."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widgets import Static


def laid_out(parts: list[tuple[str, str, str]], width: int) -> Text:
    """Parts (separator, text, style) on one line while they fit `width` cells, a part that does not starting the next
    line (its separator left out), so that no line breaks inside a part shorter than `width`; 0 puts all on one line."""
    text, used = Text(), 0
    for separator, part, style in (part for part in parts if part[1]):
        if used and width > 0 and used + cell_len(separator + part) > width:
            text.append("\n")
            used = 0
        elif used:
            text.append(separator)
            used += cell_len(separator)
        text.append(part, style)
        used += cell_len(part)
    return text


def middle_cut(name: str, width: int) -> str:
    """A name cut to `width` cells (when above 0) by `…` in its middle, which keeps its folder and its file's end."""
    if width <= 0 or cell_len(name) <= width:
        return name
    tail = (width - 1) // 2
    return set_cell_size(name, width - 1 - tail).rstrip() + "…" + set_cell_size(name[::-1], tail)[::-1].lstrip()


def update_static(static: Static, content: Text | str) -> None:
    """Static.update, skipping text already shown and laying out only if the height may change (a layout repaints all)."""
    old = static.content
    if _same_text(old, content):
        return
    width = static.size.width
    static.update(content, layout=not (_one_line(old, width) and _one_line(content, width)))


def _same_text(a: object, b: Text | str) -> bool:
    if isinstance(a, Text) and isinstance(b, Text):
        return (a.plain, a.style, a.spans) == (b.plain, b.style, b.spans)
    return isinstance(a, str) and a == b


def _one_line(content: object, width: int) -> bool:
    """Whether `content` takes one line `width` cells wide (an empty one too)."""
    plain = content.plain if isinstance(content, Text) else str(content)
    return "\n" not in plain and cell_len(plain) <= width
