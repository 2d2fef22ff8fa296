"""How big an event (or settings file) segtui runs: the sandbox holds its JSON text and all JSON.parse makes of it
within --memory, so a bigger one is refused before it is read or sent, with the option that raises the bound."""

from __future__ import annotations

from segtui.errors import SegtuiInputError
from segtui.protocol import DEFAULT_MEMORY_MB

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
    limit = event_limit_bytes(memory_mb)
    if size <= limit:
        return
    needed = -(-size * SHARE // _MB)
    raise EventTooBig(
        f"{what} is {size / _MB:,.1f} MB of JSON; segtui runs events of up to {limit / _MB:,.0f} MB, a quarter of the "
        f"sandbox's memory limit (--memory {memory_mb}), in which V8 holds the event and all it is parsed into. Run with "
        f"--memory {needed} or more to run it (Segment itself rejects events over 32 KB).")


def check_text_size(text: str, what: str, memory_mb: int = DEFAULT_MEMORY_MB) -> None:
    """check_event_size of an event's JSON text, encoded only when its length says it may be over (a character is at
    most four bytes of UTF-8)."""
    if len(text) * 4 > event_limit_bytes(memory_mb):
        check_event_size(len(text.encode("utf-8", "surrogatepass")), what, memory_mb)


def check_settings_size(size: int, what: str, memory_mb: int = DEFAULT_MEMORY_MB) -> None:
    """Refuse a settings file of `size` bytes over event_limit_bytes, as an event is: every event is given the values
    in the sandbox, and segtui looks through each for secrets first (a 200 MB file took a minute, then failed the
    handler's run with a MemoryError)."""
    limit = event_limit_bytes(memory_mb)
    if size > limit:
        raise SegtuiInputError(
            f"{what} is {size / _MB:,.1f} MB; segtui takes settings of up to {limit / _MB:,.0f} MB, a quarter of the "
            f"sandbox's memory limit (--memory {memory_mb}), which holds them for every event. Run with --memory "
            f"{-(-size * SHARE // _MB)} or more to use it.")
