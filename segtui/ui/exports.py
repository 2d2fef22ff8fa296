"""A run's requests leaving the TUI: as a curl command for the clipboard, a HAR file, or a mock rule.

No Textual import. All are masked with the secrets of the run they came from; curl and HAR are not
when the session runs with --reveal-secrets, but a mock rule always is (a mock file is shared).
"""

from __future__ import annotations

import os
from pathlib import Path

from segtui.errors import SegtuiInputError
from segtui.mock_capture import CapturedRule, add_rule
from segtui.records import RequestRecord
from segtui.request_exports import to_curl, to_har
from segtui.ui.session import RunRecord
from segtui.user_files import user_path, write_json_atomic

MASKED_NOTE = "Secrets are masked (••••••); start segtui with --reveal-secrets to include them."


def curl_command(run: RunRecord, request: RequestRecord) -> str:
    """The request as a curl command, masked with the run's secrets."""
    return to_curl(request, run.masker)


def clipboard_doubt() -> str | None:
    """Why a copy may not reach the clipboard (OSC 52 stops at tmux and screen by default), or None."""
    if os.environ.get("TMUX"):
        return "inside tmux it reaches your clipboard only with `set -g set-clipboard on`."
    if os.environ.get("STY"):
        return "GNU screen does not pass it on to your clipboard."
    return None


def har_path(text: str) -> Path:
    """Where to write a HAR file the user typed; its folder must exist (segtui creates none)."""
    path = user_path(text)
    try:
        if not path.parent.is_dir():
            raise SegtuiInputError(f"There is no folder {path.parent}: create it first, or pick a path in an existing folder.")
        if path.is_dir():
            raise SegtuiInputError(f"{path} is a folder: give a file name such as {path / 'run.har'}.")
    except OSError as error:
        raise SegtuiInputError(f"cannot write {path}: {error.strerror}") from None
    return path


def export_har(run: RunRecord, path: Path) -> None:
    """Write the run's requests as HAR to `path` (owner-only); raises SegtuiInputError saying why it could not."""
    write_json_atomic(to_har(run.invocation.requests, run.masker), path, overwrite=True, mode=0o600)


def mock_request(run: RunRecord, request: RequestRecord, path: Path) -> CapturedRule:
    """Append to the mock file `path` a rule answering `request` as it was answered, masked with the run's secrets in
    every form (with --reveal-secrets too); raises SegtuiInputError saying why it could not."""
    return add_rule(path, request, run.shared_masker)
