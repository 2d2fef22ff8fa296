"""`segtui replay --out`: what a function sends on, as NDJSON ready for the next step's own debugger."""

from __future__ import annotations

import sys
from pathlib import Path

from segtui.control_chars import json_visible
from segtui.invocation import Invocation
from segtui.masking import Masker
from segtui.user_files import json_bytes, write_bytes_atomic


def sent_on(invocation: Invocation) -> list[object]:
    """An insert function's output event (none when it dropped or failed), or a source function's emitted messages."""
    if invocation.kind == "source":
        return [item.message for item in invocation.emitted] if invocation.ok else []
    return [invocation.output_event] if invocation.outcome == "success" else []


class OutputWriter:
    """Collects the output of a replay's results, masked as shown output is, and writes it once, atomically; or, with
    no path, streams it to standard output as each result comes (the next step of a pipeline reads it)."""

    def __init__(self, path: Path | None, masker: Masker, *, private: bool = False) -> None:
        self.path = path
        self.masker = masker
        self.private = private
        """Whether the file is written owner-only: it shows secrets (--reveal-secrets), as a HAR's always is."""
        self.lines: list[bytes] = []
        self.count = 0
        """How many events or messages were kept."""

    @property
    def where(self) -> str:
        """Where the output goes, for the summary."""
        return str(self.path) if self.path else "standard output"

    def add(self, invocation: Invocation) -> None:
        """Keep one result's output."""
        lines = [json_bytes(self.masker.data(item)) + b"\n" for item in sent_on(invocation)]
        self.count += len(lines)
        if self.path:
            self.lines += lines
        elif lines:  # a terminal may show the stream: no character in it acts on the terminal
            sys.stdout.buffer.write(json_visible(b"".join(lines).decode("utf-8")).encode("utf-8"))

    def save(self) -> None:
        """Write the NDJSON file (an empty file when nothing was sent on), or flush standard output."""
        if self.path:
            write_bytes_atomic(b"".join(self.lines), self.path, overwrite=True, mode=0o600 if self.private else 0o666)
        else:
            sys.stdout.buffer.flush()
