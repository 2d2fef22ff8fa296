"""What a local run can pass that Segment would treat otherwise, as notes: 32 KB per event, 4 KB of logs shown, and
onBatch results that segtui cannot read per event."""

from __future__ import annotations

import json

from segtui.cut_secrets import cut
from segtui.invocation import Invocation
from segtui.plurals import plural

EVENT_LIMIT_BYTES = 32 * 1024
LOGS_SHOWN_BYTES = 4 * 1024
_GROWTH = 5
"""The most times longer than its text a JSON value's text can be once read and written again: a number's (`1e15,` is
five characters, `1000000000000000.0,` nineteen); every other token is written no longer than it can be read."""


def _json_size(value: object) -> int:
    return len(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8", "surrogatepass"))


def _kb(size: int) -> str:
    return f"{size / 1024:.1f} KB"


def event_sizes(event: object) -> list[int]:
    """The bytes of each event as JSON (one for an event, one per event of a batch)."""
    return [_json_size(item) for item in (event if isinstance(event, list) else [event])]


def limit_notes(event: object, invocation: Invocation, sizes: list[int] | None = None) -> list[str]:
    """What Segment would do differently with this run because of its size limits; empty when nothing. `sizes` are
    the event's event_sizes, when known already."""
    events = event if isinstance(event, list) else [event]
    notes = [note for number, size in enumerate(sizes or event_sizes(event), 1)
             for note in _event_note(size, f"event {number} of the batch" if isinstance(event, list) else "the event")]
    notes += logs_notes(invocation)
    if isinstance(event, list) and (miscount := _batch_results_miscount(events, invocation)):
        notes.append(miscount)
    return notes


def replay_notes(event: str, invocation: Invocation) -> list[str]:
    """`limit_notes` of a replay's event, given as its JSON text: parsed only when its JSON could be over the limit,
    which is never more than _GROWTH times its text's bytes."""
    if len(event) * _GROWTH * 4 <= EVENT_LIMIT_BYTES or len(event.encode("utf-8", "surrogatepass")) * _GROWTH <= EVENT_LIMIT_BYTES:
        return logs_notes(invocation)
    return limit_notes(json.loads(event), invocation)


def logs_notes(invocation: Invocation) -> list[str]:
    """`limit_notes`'s note on the logs: more than Segment's test UI shows."""
    logs = sum(len(entry.message.encode("utf-8", "surrogatepass")) + 1 for entry in invocation.logs)
    if logs > LOGS_SHOWN_BYTES or invocation.logs_dropped:
        shown = f"more than {_kb(logs)}" if invocation.logs_dropped else _kb(logs)
        return [f"the logs are {shown}: Segment's test UI shows only the first 4 KB"]
    return []


def _event_note(size: int, which: str) -> list[str]:
    return [f"{which} is {_kb(size)} as JSON: Segment rejects events over 32 KB"] if size > EVENT_LIMIT_BYTES else []


def _batch_results_miscount(events: list[object], invocation: Invocation) -> str | None:
    """A note when onBatch returned per-event results ({status, …}, one at least) that segtui could not read per event:
    not one per event, or one that is no object with a numeric status."""
    value = invocation.return_value
    if invocation.handler_name != "onBatch" or invocation.items or not isinstance(value, list) or not value:
        return None
    if not any(_batch_result(item) for item in value):
        return None
    counted = f"so the batch counts as one {invocation.outcome.replace('_', ' ')}"
    if len(value) != len(events):
        return (f"onBatch returned {plural(len(value), 'result')} for {plural(len(events), 'event')}: results are read per event only when "
                f"there is one for each, in order, {counted}")
    wrong = next((index for index, item in enumerate(value) if not _batch_result(item)), None)
    if wrong is None:
        return None
    return (f"onBatch's result for event {wrong + 1} is {_shown(value[wrong])}, not an object with a numeric status: results "
            f"are read per event only when each is one, {counted}")


def _batch_result(item: object) -> bool:
    """Whether an item of onBatch's value is a per-event result: an object with a numeric status."""
    return isinstance(item, dict) and isinstance(item.get("status"), (int, float)) and not isinstance(item.get("status"), bool)


def _shown(item: object) -> str:
    """An item of a handler's returned value, briefly, as JSON."""
    text = json.dumps(item)
    return cut(text, 60)
