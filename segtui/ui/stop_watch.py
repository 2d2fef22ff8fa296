"""A stop signal the TUI's event loop cannot take in time still ends it, promptly and with the terminal restored.

The app takes SIGTERM and SIGHUP on its event loop (segtui.ui.app), between messages, where exiting leaves nothing half
done. A long step of the loop's own (Textual laying out a handler of megabytes in the editor takes seconds; so does
reloading one changed on disk) holds that off: the signal waited for the step, and one that came while the app was
still being built made it exit half mounted, with a traceback. The watch, armed by the signal's Python handler (which
runs whatever the loop is doing), gives the loop a grace to exit; past it, it keeps the edits the loop did not keep, ends
the sandbox, restores the terminal and ends the process with the signal's exit code.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable

GRACE_S = 2.0
"""How long the event loop has to exit once signalled before the watch ends the process itself."""


class StopWatch:
    """Ends the process `GRACE_S` after `arm` unless `finished` comes first; `keep` keeps the edits (when the loop has
    not: `kept`), `end_sandbox` and `restore_terminal` run before the process ends."""

    def __init__(self, keep: Callable[[], list[str]], end_sandbox: Callable[[], None],
                 restore_terminal: Callable[[], None]) -> None:
        self._keep = keep
        self._end_sandbox = end_sandbox
        self._restore_terminal = restore_terminal
        self._finished = threading.Event()
        self._armed: int | None = None
        self.kept = False
        """Set once the loop has kept the edits itself (the watch must not write a second copy)."""

    def arm(self, code: int) -> None:
        """A stop signal came: exit with `code` within the grace, whatever the loop is doing (once; later calls wait on
        the first)."""
        if self._armed is not None:
            return
        self._armed = code
        threading.Thread(target=self._watch, name="segtui-stop-watch", daemon=True).start()

    def finished(self) -> None:
        """The app has ended: the watch stands down."""
        self._finished.set()

    def _watch(self) -> None:
        if self._finished.wait(GRACE_S):
            return
        messages: list[str] = []
        for step in (self._keep_edits, self._end_sandbox, self._restore_terminal):
            try:
                messages += step() or []
            except Exception as error:  # noqa: BLE001 - the process ends whatever one step does
                messages.append(f"segtui: while stopping: {type(error).__name__}: {error}")
        if messages:
            print("\n".join(messages), file=sys.stderr, flush=True)
        os._exit(self._armed or 1)

    def _keep_edits(self) -> list[str]:
        return [] if self.kept else self._keep()
