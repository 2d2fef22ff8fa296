"""Text in styled parts, as segtui's text output builds a report: joined plain without importing Rich (~15-20 ms of CPU
of a `segtui run` whose output is no terminal), or made Rich's Text, the same spans, to be coloured."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rich.text import Text

_STRIPPED = dict.fromkeys((7, 8, 11, 12, 13))
"""The control codes Rich's Text drops from what it is given (rich.control.strip_control_codes): dropped alike here, so
that the plain text is what Rich's would be."""


class Styled:
    """Parts of text, each with a style (a Rich style's name, or none) or highlighted as JSON when coloured."""

    __slots__ = ("_parts", "style")

    def __init__(self, text: str = "", style: str = "") -> None:
        self.style = style
        """The style of the whole, as Rich's Text(text, style) has it: what is appended later takes it too."""
        self._parts: list[tuple[str, str, bool] | Styled] = []
        self.append(text)

    @classmethod
    def assemble(cls, *parts: str | tuple[str, str]) -> Styled:
        """Styled text of `parts`, each a text or a (text, style) pair, as Rich's Text.assemble takes them."""
        styled = cls()
        for part in parts:
            styled.append(*((part,) if isinstance(part, str) else part))
        return styled

    def append(self, text: str, style: str = "") -> Styled:
        """Add `text` in `style`; returns self for chaining."""
        if text:
            self._parts.append((text.translate(_STRIPPED), style, False))
        return self

    def append_json(self, text: str) -> Styled:
        """Add JSON text, highlighted by Rich's JSONHighlighter when coloured; returns self."""
        if text:
            self._parts.append((text.translate(_STRIPPED), "", True))
        return self

    def append_text(self, other: Styled) -> Styled:
        """Add the parts of `other`; returns self."""
        if other.style:
            self._parts.append(other)
        else:
            self._parts.extend(other._parts)
        return self

    @property
    def plain(self) -> str:
        """The text without styles."""
        return "".join(part.plain if isinstance(part, Styled) else part[0] for part in self._parts)

    def rich(self) -> Text:
        """Rich's Text of the same spans."""
        from rich.highlighter import JSONHighlighter
        from rich.text import Text

        rich = Text(style=self.style)
        for part in self._parts:
            if isinstance(part, Styled):
                rich.append_text(part.rich())
                continue
            text, style, json = part
            if json:
                rich.append_text(JSONHighlighter()(Text(text)))
            else:
                rich.append(text, style or None)
        return rich
