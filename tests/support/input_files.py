"""Helpers for tests of user input files: write one, put a named pipe in its place, and read the clear error segtui
gives for bad input."""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from segtui.errors import SegtuiInputError


def write(path: Path, text: str) -> Path:
    """`text` written to `path` as UTF-8, its folders made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_of(call, *args, **kwargs) -> str:
    """The message of the SegtuiInputError `call(*args, **kwargs)` raises."""
    with pytest.raises(SegtuiInputError) as caught:
        call(*args, **kwargs)
    return str(caught.value)


@contextlib.contextmanager
def pipe_in_place(path: Path) -> Iterator[None]:
    """Replace `path` by a named pipe for the block; a writer opens and closes it unwritten whenever a reader waits on it,
    so a read segtui should not make ends (reading nothing) rather than waiting for ever."""
    path.unlink(missing_ok=True)
    os.mkfifo(path)
    stop = threading.Event()

    def write_nothing() -> None:
        while not stop.wait(0.05):
            try:
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
            except OSError as error:  # ENXIO: no reader waits
                if error.errno != errno.ENXIO:
                    raise

    writer = threading.Thread(target=write_nothing, daemon=True)
    writer.start()
    try:
        yield
    finally:
        stop.set()
        writer.join()
