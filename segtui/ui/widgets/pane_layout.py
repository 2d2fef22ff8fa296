"""How the result panes share their room: side by side, stacked, or one at a time under a strip of tabs."""

from __future__ import annotations

from textual.widgets import Tab, Tabs

SIDE_MIN = 24
"""The fewest cells across (its border too) a pane keeps side by side: fewer, and a label like Success broke mid-word."""
SIDE_ROOMY = 40
"""Cells across a pane side by side from which the panes stay side by side even where stacking has room."""
STACK_MIN = 6
"""The fewest rows (its border too) a pane keeps stacked: four of text."""

PANE_TABS = {"tab-callback-return": "callback-return", "tab-raw-log-output": "raw-log-output",
             "tab-emitted-messages": "emitted-messages"}
"""The strip's tab ids, and the id of the pane each shows."""


def arrangement(width: int, height: int, panes: int) -> str:
    """The class laying out `panes` result panes (2, or 3 with Emitted messages) in `width` x `height` cells: `-side`
    while each keeps a readable width, `-stacked` on a narrow terminal tall enough for each to keep a few lines, else
    `-tabs`, one pane at a time as wide as them all."""
    across = width / (3.5 if panes == 3 else 2)  # the narrowest pane side by side: Emitted messages takes 1.5 shares
    down = height * 2 / (7 if panes == 3 else 5)  # the shortest stacked: Callback Return takes 3 shares, the others 2
    if across < SIDE_ROOMY and down >= STACK_MIN:
        return "-stacked"
    return "-side" if across >= SIDE_MIN else "-tabs"


def pane_tabs() -> Tabs:
    """The strip that picks the pane shown when there is room for one at a time (left/right where focused, or a click)."""
    return Tabs(Tab("Return", id="tab-callback-return"), Tab("Log", id="tab-raw-log-output"),
                Tab("Emitted", id="tab-emitted-messages"), id="pane-tabs")
