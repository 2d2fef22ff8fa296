"""Helpers for tests of user input files: write one, and read the clear error segtui gives for bad input."""

from __future__ import annotations

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
