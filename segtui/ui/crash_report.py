"""When segtui's TUI itself fails: the unsaved edits are kept in new files, and the traceback is shown without its
frames' values, masked.

Textual reports an unhandled exception with each frame's local variables, which hold the settings and their secrets.
The hook for that report is private (`App._fatal_error`, textual 8.2.8, pinned in pyproject.toml): this module is the
one place that overrides it, and tests/ui/test_crash_report.py fails loudly if Textual stops calling it.
"""

from __future__ import annotations

import sys
import tempfile
import traceback
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from rich.text import Text

from segtui.masking import Masker

if TYPE_CHECKING:
    from textual.app import App


class MaskedCrashes:
    """For segtui's App (listed before Textual's): its crash keeps the edits and shows no secret."""

    def crash_masker(self) -> Masker:
        """Masks every secret the session knows."""
        raise NotImplementedError

    def keep_edits(self, folder: Path | None = None) -> list[str]:
        """Write the unsaved edits to new files in `folder` (None: beside the handler); what was kept where, a line each."""
        raise NotImplementedError

    def keep_edits_somewhere(self) -> list[str]:
        """keep_edits beside the handler, else (its folder read-only or gone) in a new temporary folder; failing that
        too, a line saying why."""
        try:
            return self.keep_edits()
        except Exception as error:  # noqa: BLE001 - a crash's report and a signal's exit must still follow
            beside = error
        try:
            return self.keep_edits(Path(tempfile.mkdtemp(prefix="segtui-unsaved-")))
        except Exception as error:  # noqa: BLE001
            why = f"{type(beside).__name__}: {beside}; {type(error).__name__}: {error}"
            return [f"the unsaved edits could not be kept ({why})"]

    def _fatal_error(self) -> None:
        """Overrides Textual's report of an unhandled exception (see the module's docstring)."""
        app = cast("App[Any]", self)
        kept = self.keep_edits_somewhere()
        try:
            masker = self.crash_masker()
        except Exception:  # noqa: BLE001 - without a masker, nothing but the error's type is shown
            masker = None
        app.bell()
        app.panic(crash_text(sys.exc_info()[1], kept, masker))


def crash_text(error: BaseException | None, kept: list[str], masker: Masker | None) -> Text:
    """What a crash prints: that it is segtui's bug, where the edits went, and the traceback (masked; with no masker,
    only the error's type)."""
    lines = [("segtui crashed: this is a bug in segtui, not in your function. Please report it with the traceback "
              "below and the steps that led to it."), *kept, ""]
    if error is None:
        lines.append("(no traceback: the error was not kept)")
    elif masker is None:
        lines.append(f"{type(error).__name__} (its message and traceback are not shown: segtui could not mask them)")
    else:
        lines += masker.text("".join(traceback.format_exception(error))).splitlines()
    return Text("\n".join(lines))
