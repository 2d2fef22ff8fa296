"""Numbers written as JavaScript writes them, for tests that compute a handler's output in Python."""

from __future__ import annotations

import string

_DIGITS = string.digits + string.ascii_lowercase


def to_string(number: int, base: int) -> str:
    """A non-negative whole number as JavaScript's `number.toString(base)` writes it."""
    digits = ""
    while number:
        number, digit = divmod(number, base)
        digits = _DIGITS[digit] + digits
    return digits or "0"
