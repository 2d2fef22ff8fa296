"""Column widths that segtui's tables are given when filled, rather than measured by Textual.

Textual (8.2) measures a DataTable's auto-width columns once the app is idle, and a frame drawn before that (on a
busy machine) stays cached at the old widths: the line cache's key does not change with the measuring, so the table
showed "api" for a URL and pushed an outcome out of view until something else changed. A table filled with given
widths draws them in every frame, whatever the machine's timing.
"""

from __future__ import annotations

from collections.abc import Iterable

from rich.cells import cell_len
from rich.text import Text


def column_width(label: str, cells: Iterable[object]) -> int:
    """The cells a column needs: its widest cell, or its label."""
    return max([cell_len(label), *(cell.cell_len if isinstance(cell, Text) else cell_len(str(cell)) for cell in cells)])
