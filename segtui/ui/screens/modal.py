"""The base of segtui's modal screens: a footer of their own keys."""

from __future__ import annotations

from typing import TypeVar

from textual import events, on
from textual.screen import ModalScreen
from textual.widgets import Footer

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen with a footer listing its own keys: the main screen's footer, seen under it, listed keys that do
    nothing while it is open (ctrl+r, F2, F1)."""

    @on(events.Mount)
    def _add_footer(self) -> None:
        self.mount(Footer())
