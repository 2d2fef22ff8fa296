"""How big an event (or settings file) segtui runs: the sandbox holds its JSON text and all JSON.parse makes of it
within --memory, so a bigger one is refused before it is read or sent, with the option that raises the bound."""

from __future__ import annotations

from collections.abc import Callable

from segtui.errors import SegtuiInputError
from segtui.protocol import DEFAULT_MEMORY_MB, MAX_MEMORY_MB

_MB = 1024 * 1024
SHARE = 4
"""An event may take this fraction (1/SHARE) of the memory limit as JSON: V8 holds its text and the objects parsed
from it, often two or three times as much again, and segtui's own copies grow with it outside the sandbox."""


class EventTooBig(SegtuiInputError):
    """An event, or a file of one, bigger than check_event_size takes: never to be skipped as if it were no event."""


def event_limit_bytes(memory_mb: int = DEFAULT_MEMORY_MB) -> int:
    """The most bytes of JSON an event (or batch) may be under `--memory memory_mb`."""
    return memory_mb * _MB // SHARE


def check_event_size(size: int, what: str, memory_mb: int = DEFAULT_MEMORY_MB) -> None:
    """Refuse an event (or batch, or file of one) of `size` bytes of JSON over event_limit_bytes, saying which option
    raises the bound and to what."""
    if size > event_limit_bytes(memory_mb):
        raise EventTooBig(
            f"{what} is {size / _MB:,.1f} MB of JSON; segtui runs events of up to {_bound(memory_mb)}, in which V8 holds "
            f"the event and all it is parsed into. {_raised(size, 'run it')} (Segment itself rejects events over 32 KB).")


def check_settings_size(size: int, what: str, memory_mb: int = DEFAULT_MEMORY_MB) -> None:
    """Refuse a settings file of `size` bytes over event_limit_bytes, as an event is: every event is given the values
    in the sandbox, and segtui looks through each for secrets first (a 200 MB file took a minute, then failed the
    handler's run with a MemoryError)."""
    if size > event_limit_bytes(memory_mb):
        raise SegtuiInputError(f"{what} is {size / _MB:,.1f} MB; segtui takes settings of up to {_bound(memory_mb)}, "
                               f"which holds them for every event. {_raised(size, 'use it')}.")


def check_text_size(text: str, what: str, memory_mb: int = DEFAULT_MEMORY_MB,
                    check: Callable[[int, str, int], None] = check_event_size) -> None:
    """`check` (an event's, or settings') of a JSON text's size, encoded only when its length says it may be over (a
    character is at most four bytes of UTF-8)."""
    if len(text) * 4 > event_limit_bytes(memory_mb):
        check(len(text.encode("utf-8", "surrogatepass")), what, memory_mb)


def _bound(memory_mb: int) -> str:
    """The bound under `--memory memory_mb`, and why it is that."""
    return f"{event_limit_bytes(memory_mb) / _MB:,.0f} MB, a quarter of the sandbox's memory limit (--memory {memory_mb})"


def _raised(size: int, action: str) -> str:
    """Which --memory takes `size` bytes, to `action` them; or, past the largest --memory, that none does."""
    needed = -(-size * SHARE // _MB)
    if needed > MAX_MEMORY_MB:
        return f"No --memory takes it: the most is {MAX_MEMORY_MB}, for {event_limit_bytes(MAX_MEMORY_MB) // _MB} MB"
    return f"Run with --memory {needed} or more to {action}"
