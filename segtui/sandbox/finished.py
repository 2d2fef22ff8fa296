"""A result's last touches in the sandbox before it is written: its errors placed in the handler, and its masked form
when segtui prints results (segtui.shown_results)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from segtui import wire_json
from segtui.kinds import FunctionKind
from segtui.stacks import clean_stack, handler_location

if TYPE_CHECKING:
    from segtui.masking import Masker
    from segtui.records import RequestRecord


def finish_errors(result: dict[str, Any], filename: str) -> None:
    """A result's error, and its batch items' errors, with their stacks cleaned and their place in the handler."""
    for each in (result, *result.get("items", [])):
        error = each.get("error")
        if not error:
            continue
        origin = error.pop("origin", "")
        location = handler_location(error.get("stack", ""), filename) or handler_location(origin, filename)
        error["stack"] = clean_stack(error.get("stack", ""))
        error["line"] = location.line if location else None
        error["column"] = location.column if location else None


def shown_result(text: str, clean_up: bool, duration_ms: float, records: list[RequestRecord], filename: str,
                 kind: FunctionKind, masker: Masker, event: str) -> dict[str, Any]:
    """A result JS committed (`text`, whose errors need `clean_up`) for `event` (its JSON text) as segtui shows it, with
    the notes `segtui run` adds (segtui.limits): masked here, while a fetch waits on the network, rather than read,
    rebuilt and masked again by segtui, whose process would then take a core from the server the fetch waits on."""
    # Imported on first use: the sandbox process builds its first context while its own modules load.
    from segtui.invocation import Invocation
    from segtui.limits import replay_notes
    from segtui.shown_results import digest

    result = wire_json.loads(text)
    result["duration_ms"] = duration_ms
    if clean_up:
        finish_errors(result, filename)
    invocation = Invocation.from_json(filename, result, kind)
    invocation.requests = records
    invocation.notes += replay_notes(event, invocation)
    return digest(invocation, masker)
