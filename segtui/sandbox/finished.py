"""A result's last touches in the sandbox before it is written: its errors placed in the handler and its requests; a
failure there is segtui's bug, said as its result."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from segtui import wire_json
from segtui.stacks import clean_stack, handler_location

if TYPE_CHECKING:
    from segtui.sandbox.network import Network, Recorded
    from segtui.sandbox.results import Committed


def result_text(line: Committed, duration_ms: float, recorded: Recorded, network: Network, filename: str) -> str:
    """A committed result as its reply line holds it, with its requests and duration (segtui masks it, off the sandbox's
    path); an exception while finishing it (a bug in segtui) answers the event as segtui's crash, so that the run goes
    on rather than waiting for an answer until the time limit."""
    try:
        requests = network.records(recorded)
        if not line.clean_up:
            requests_json = wire_json.dumps(requests) if requests else "[]"
            return f'{line.text[:-1]},"requests":{requests_json},"duration_ms":{duration_ms!r}}}'
        result = wire_json.loads(line.text)
        result["requests"] = requests
        result["duration_ms"] = duration_ms
        finish_errors(result, filename)
        return wire_json.dumps(result)
    except Exception as error:  # noqa: BLE001 - segtui's bug: this event's answer says so, the next events run
        return crashed_text(line.text, duration_ms, error)


def crashed_text(text: str, duration_ms: float, error: Exception) -> str:
    """The answer of an event whose result (`text`, as JS committed it) segtui failed to finish: segtui's crash, naming
    the exception's type and place in segtui but not its message (it may quote a secret), with the logs the result held
    when they can be read (segtui masks them as any result's)."""
    from segtui.errors import unexpected_text
    from segtui.invocation import CRASHED

    try:
        made = wire_json.loads(text)
        kept = {key: made[key] for key in ("event_type", "handler_name", "logs", "logs_dropped") if key in made}
    except Exception:  # noqa: BLE001 - the result cannot be read either: it is answered without its logs
        kept = {}
    message = (f"segtui could not finish this event's result ({unexpected_text(error, None)}). This is a bug in segtui, "
               "not in your function: please report it with the handler and the event. The next events run as usual.")
    return wire_json.dumps({"event_type": None, "handler_name": None, **kept, "outcome": CRASHED, "return": None,
                            "error": {"name": "SandboxError", "message": message, "stack": ""}, "requests": [],
                            "duration_ms": duration_ms})


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

