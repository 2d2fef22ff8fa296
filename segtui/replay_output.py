"""`segtui replay --out`: what a function sends on, as NDJSON ready for the next step's own debugger."""

from __future__ import annotations

from pathlib import Path

from segtui.invocation import Invocation
from segtui.masking import Masker
from segtui.user_files import json_bytes, write_bytes_atomic


def sent_on(invocation: Invocation) -> list[object]:
    """An insert function's output event (none when it dropped or failed), or a source function's emitted messages."""
    if invocation.kind == "source":
        return [item.message for item in invocation.emitted] if invocation.ok else []
    return [invocation.output_event] if invocation.outcome == "success" else []


class OutputWriter:
    """Collects the output of a replay's results, masked as shown output is, and writes it once, atomically."""

    def __init__(self, path: Path, masker: Masker) -> None:
        self.path = path
        self.masker = masker
        self.lines: list[bytes] = []

    @property
    def count(self) -> int:
        """How many events or messages are kept."""
        return len(self.lines)

    def add(self, invocation: Invocation) -> None:
        """Keep one result's output."""
        self.lines += [json_bytes(self.masker.data(item)) for item in sent_on(invocation)]

    def save(self) -> None:
        """Write the NDJSON file (an empty file when nothing was sent on)."""
        write_bytes_atomic(b"".join(line + b"\n" for line in self.lines), self.path, overwrite=True)
