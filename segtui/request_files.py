"""Inputs that fit a kind of function: requests (segtui.webhooks) for a source function, Spec events for the others."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from segtui.errors import SegtuiInputError
from segtui.events import EventSource, bundled_events_dir, load_event_file
from segtui.kinds import FunctionKind
from segtui.protocol import DEFAULT_MEMORY_MB
from segtui.user_files import link_note, user_path
from segtui.webhooks import REQUEST_FORM


def bundled_requests_dir() -> Path:
    """The bundled sample webhook requests: `sample_requests/` beside the bundled Spec samples (in a wheel and a checkout)."""
    return bundled_events_dir().parent / "sample_requests"


DEFAULT_REQUEST = "webhook-json"
"""The sample a source function runs when not told which: a JSON webhook, what most sources receive."""


def sample_request_names() -> list[str]:
    """The bundled sample webhook requests' names, the default (`webhook-json`) first."""
    return sorted((path.stem for path in bundled_requests_dir().glob("*.json")), key=lambda name: (name != DEFAULT_REQUEST, name))


def sample_requests() -> list[EventSource]:
    """The bundled sample webhook requests, named after their files."""
    folder = bundled_requests_dir()
    return [replace(source, name=name) for name in sample_request_names() for source in load_event_file(folder / f"{name}.json")]


def load_request_arg(arg: str, memory_mb: int = DEFAULT_MEMORY_MB,
                     load: Callable[[Path, str | None], list[EventSource]] | None = None) -> list[EventSource]:
    """A request (or NDJSON of requests) from a file read by `load` (else load_event_file), or a bundled sample by name,
    sized for a sandbox of `memory_mb`; anything else is bad input (the caller checks that what the file holds fits its
    function's kind: check_fits)."""
    if arg in sample_request_names():
        return [source for source in sample_requests() if source.name == arg]
    path = user_path(arg)
    if not path.exists():
        import difflib  # here: only a typo's hint needs it
        hint = difflib.get_close_matches(arg, sample_request_names(), n=1)
        suggestion = f' Did you mean "{hint[0]}"?' if hint else ""
        raise SegtuiInputError(f"{arg}: no such file{link_note(path)}.{suggestion} Give a file holding {REQUEST_FORM}, "
                               f"or a bundled sample: {', '.join(sample_request_names())}")
    return load(path, None) if load else load_event_file(path, memory_mb=memory_mb)


def fits(kind: FunctionKind, source: EventSource) -> bool:
    """Whether a function of this kind runs this input: requests for a source function, events for the others."""
    return (source.kind == "request") == (kind == "source")


def check_fits(kind: FunctionKind, sources: list[EventSource]) -> None:
    """Refuse events for a source function, and requests for a destination or insert function, naming the first."""
    for source in (source for source in sources if not fits(kind, source)):
        if kind == "source":
            raise SegtuiInputError(f"{source.name}: a source function runs requests, not Spec events; give a file "
                                   f"holding {REQUEST_FORM}")
        else:
            raise SegtuiInputError(f"{source.name}: a request is for a source function (one that defines onRequest); "
                                   f"a {kind} function runs Spec events")
