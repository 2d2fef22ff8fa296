"""The base of segtui's modal screens: a footer of their own keys, tab moving the focus as it is pressed, and a
layout for short terminals (CrampedDialog)."""

from __future__ import annotations

from typing import ClassVar, TypeVar

from textual import events, on
from textual.binding import Binding, BindingType
from textual.screen import ModalScreen
from textual.widgets import Footer

from segtui.ui.widgets.footer_fit import SteadyFooter

ResultType = TypeVar("ResultType")


class Dialog(ModalScreen[ResultType]):
    """A modal screen with a footer listing its own keys: the main screen's footer, seen under it, listed keys that do
    nothing while it is open (ctrl+r, F2, F1).

    Tab and shift+tab move the focus from the app, before it hands on the keys typed after them: as Textual's own
    (non-priority) bindings, they ran only once those keys had gone to the field tab left, "value<tab>value" typed
    fast putting both values in the first field (a secret one shows neither).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "focus_next_now", "Next field", id="dialog.focus_next", show=False, priority=True),
        Binding("shift+tab", "focus_previous_now", "Previous field", id="dialog.focus_previous", show=False,
                priority=True),
    ]

    @on(events.Mount)
    def _add_footer(self) -> None:
        self.mount(SteadyFooter())

    async def recompose(self) -> None:
        """Compose the dialog anew, its footer too: mounted on Mount, which a recompose does not send again, it was
        removed with the rest and the main screen's footer showed through. Not when Textual's recompose did nothing (a
        screen already dismissed): it would mount onto a screen gone, or add a second footer."""
        await super().recompose()
        if self.is_attached and not self.query_children(Footer):
            await self.mount(SteadyFooter())

    def action_focus_next_now(self) -> None:
        self.focus_next()

    def action_focus_previous_now(self) -> None:
        self.focus_previous()


class CrampedDialog(Dialog[ResultType]):
    """A dialog that is `-cramped` under 20 rows (dialogs.tcss gives its padding, margins and frames to what it shows:
    a conflict's diff, the help's text), `-roomy` from 20."""

    VERTICAL_BREAKPOINTS = [(0, "-cramped"), (20, "-roomy")]  # noqa: RUF012
