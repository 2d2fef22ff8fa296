"""Results as `segtui run --json` and `segtui replay --json` print them: an invocation's documented JSON, masked."""

from __future__ import annotations

import json
import json.encoder
from collections.abc import Callable, Iterable
from typing import Any

from segtui.events import OWN_TYPES
from segtui.invocation import Invocation
from segtui.log_masking import masked_messages
from segtui.masking import Masker

_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def _c_encoder() -> Callable[[Any, int], Iterable[str]] | None:
    """json's C encoder as `_ENCODER.encode` makes it (a CPython internal: None where it is missing or takes other
    arguments, and `_ENCODER.encode` writes the line; tests/test_shown_results.py notices the switch)."""
    make = getattr(json.encoder, "c_make_encoder", None)
    try:
        return make(None, _ENCODER.default, json.encoder.encode_basestring, None, _ENCODER.key_separator,
                    _ENCODER.item_separator, False, False, True) if make else None
    except TypeError:
        return None


_chunks = _c_encoder()
"""One result's JSON text in pieces, by json's C encoder as `_ENCODER.encode` makes it, made once (`encode` makes one,
and a function for floats it does not use, per call: ~10 % of its time); one encoder for every line (json.dumps with
options builds one per call), without the check for cycles (~30 % of its time): every value of a result comes from
json.loads of the sandbox's reply, a tree, and to_json and masking only put those values in new containers, so it holds
none."""


def json_line(invocation: Invocation, masker: Masker) -> str:
    """An invocation's documented JSON (`segtui run --json`'s object), masked, as one line without its newline."""
    data = masked_invocation(masker, invocation)
    return "".join(_chunks(data, 0)) if _chunks else _ENCODER.encode(data)


def masked_invocation(masker: Masker, invocation: Invocation) -> dict[str, Any]:
    """An Invocation's documented JSON (`to_json`), masked: its requests as records, what the handler made as data, and
    what segtui made (OWN_FIELDS, a log's level and time) as it is."""
    return _masked_json(masker, invocation.to_json(lambda record: masker.record(record).to_json()))


OWN_FIELDS = ("handler", "event_type", "handler_name", "outcome", "duration_ms", "logs_dropped", "kind")
"""Fields of an invocation's JSON that segtui writes, never the handler: masking a short secret that one spells
("success", "track") tells the secret by where the mask stands, and breaks the documented values."""


def _masked_json(masker: Masker, data: dict[str, Any]) -> dict[str, Any]:
    """An invocation's JSON whose requests are masked already, with what the handler made (its batch items too) masked.

    One walk over the values masked as data (a walk per key cost ~8 µs more per result). The keys are the documented
    schema's, never masked: a secret that is one ("outcome") would rename it; so are a log's.
    """
    rest = iter(masker.data([value for key, value in data.items() if key not in _APART]))
    masked: dict[str, Any] = {}
    for key, value in data.items():
        if key == "event_type" and isinstance(value, str) and value not in OWN_TYPES:  # the user's, of no Spec type
            masked[key] = masker.text(value)
        elif key in OWN_FIELDS or key == "requests":
            masked[key] = value
        elif key == "items":
            masked[key] = [_masked_json(masker, item) for item in value]
        elif key == "logs":
            messages = masked_messages(masker, [entry["message"] for entry in value])
            masked[key] = [{**entry, "message": message} for entry, message in zip(value, messages)]
        else:
            masked[key] = next(rest)
    return masked


_APART = (*OWN_FIELDS, "requests", "items", "logs")
"""Keys of an invocation's JSON not masked as data: segtui's own, the requests already masked as records, the batch
items masked as invocations, the logs' messages masked together (segtui.log_masking)."""
