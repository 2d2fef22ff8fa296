"""The mock file a TUI session answers requests from, and whether it changed since a run last used it.

No Textual import.
"""

from __future__ import annotations

import stat
from pathlib import Path

from segtui.mock_capture import mock_target
from segtui.ui.handler_settings import HandlerSettings
from segtui.user_files import real_path

NOT_A_FILE = "\0not a regular file"
"""What read_mock_text reads of a mock file that is a named pipe or a device, never a file's text."""
UNREADABLE = "\0unreadable"
"""What read_mock_text reads of a mock file that is there but cannot be read (no permission, a loop of links)."""
UNREAD = "\0not read yet"
"""What MockFile knows of the file until the worker's first read at start is in."""


def read_mock_text(path: Path) -> str | None:
    """The text of the mock file at `path`, None when there is none, NOT_A_FILE for a named pipe or a device, which is
    never read (one would wait for ever for a writer, or never end), or UNREADABLE: a run refuses either, saying why.
    Read in a worker only (widgets.mock_reader), from the first read at start on: a large file, or one on a slow disk,
    held the app's loop."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return NOT_A_FILE
        return path.read_text(encoding="utf-8", errors="replace")
    except (FileNotFoundError, NotADirectoryError):
        return None
    except OSError:
        return UNREADABLE


class MockFile:
    """The session's mock file: `--mock`, else `segtui.mock.yaml` beside the handler (used once it exists)."""

    def __init__(self, settings: HandlerSettings) -> None:
        self.settings = settings
        self._default = real_path(mock_target(settings.handler, None))
        self._text: str | None = UNREAD
        """The file as the last read found it: a change runs again once, whoever noticed it first."""

    @property
    def path(self) -> Path:
        """Where rules are read from, or where a mocked request's rule would create the file."""
        return real_path(mock_target(self.settings.handler, self.settings.config.network.mock))

    def changed(self, path: Path, text: str | None, first: bool = False) -> bool:
        """Whether requests should now be answered differently, `text` being what a worker just read of `path`: the file
        in use (or one just created beside the handler, which is used from now on) differs from what the last run used.
        The `first` read at start is what later ones are told against; a change read before it counts as a change. A
        read of a file no longer in use changes nothing."""
        if path != self.path:
            return False
        changed, self._text = text != self._text and not (first and self._text == UNREAD), text
        if text is not None and self.settings.config.network.mock is None:
            self.settings.use_mock(path)
            return True
        if text is None and self.settings.config.network.mock is not None and path == self._default:
            self.settings.use_mock(None)  # segtui.mock.yaml deleted: requests go live again, as at a start without it
            return True
        return changed and self.settings.config.network.mock is not None
