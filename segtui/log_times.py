"""A log entry's time as segtui shows it: the sandbox writes UTC (Segment's zone), people read their own."""

from __future__ import annotations

from datetime import datetime


def local_log_time(iso: str) -> str:
    """A log entry's ISO-8601 UTC time as HH:MM:SS.mmm in this machine's zone (the text as given when it is no time)."""
    try:
        moment = datetime.fromisoformat(iso).astimezone()
    except ValueError:
        return iso
    return moment.strftime("%H:%M:%S.") + f"{moment.microsecond // 1000:03d}"
