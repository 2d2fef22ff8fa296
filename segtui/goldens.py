"""Expectations ("goldens") for `segtui test`: what each event should do, kept as readable JSON files.

A handler's goldens live in a folder beside it named after it, one file per event named
after the event: `handler.js` → `handler.goldens/spec/track.golden.json`. A golden pins
the outcome, the handler that ran, the error (`Name: message`), the Callback Return (an
insert function's output event), a source function's emitted messages, and the outbound
requests (method, URL, the headers the handler chose, body). Durations, times, logs and
responses are left out, and sensitive settings are masked, so a golden written on a laptop
passes in CI with other keys.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from segtui.cut_secrets import ERROR_MOST, cut
from segtui.errors import SegtuiInputError
from segtui.events import HANDLER_NAMES
from segtui.invocation import CRASHED, OUTCOMES, REFUSED, TOP_LEVEL, ErrorInfo, Invocation
from segtui.json_input import decode_json
from segtui.masking import NO_MASK, Masker
from segtui.records import RequestRecord
from segtui.text_diff import unified_diff
from segtui.user_files import quotable, read_text_file, write_json_atomic

GOLDEN_SUFFIX = ".golden.json"
FIELDS = ("outcome", "handler", "error", "return", "emitted", "items", "requests")
REQUEST_FIELDS = ("method", "url", "headers", "body", "body_encoding")
# Headers node-fetch 2.6.0 adds by itself, with its values: noise unless the handler chose another value.
NODE_FETCH_DEFAULTS = {
    "accept": "*/*",
    "accept-encoding": "gzip,deflate",
    "connection": "close",
    "user-agent": "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)",
}
# Headers derived from the body or the URL, never chosen by the handler.
DERIVED_HEADERS = frozenset({"content-length", "host"})


def goldens_dir(handler: Path) -> Path:
    """The folder holding a handler's goldens: `<stem>.goldens` beside it."""
    return handler.parent / f"{handler.stem}.goldens"


def golden_path(handler: Path, name: str) -> Path:
    """Where the golden of the event called `name` (a `/`-separated key) lives."""
    return goldens_dir(handler) / f"{name}{GOLDEN_SUFFIX}"


def is_golden_file(path: Path) -> bool:
    """Whether a file is a golden (so event discovery can skip it)."""
    return path.name.endswith(GOLDEN_SUFFIX)


def expectation(invocation: Invocation, masker: Masker) -> dict[str, Any]:
    """The parts of a run a golden pins, in a stable form, masked as every output is (credential headers too); the
    golden's keys and what segtui wrote (the outcome, the handler's name) are kept as they are, as in `run --json`."""
    data: dict[str, Any] = {
        "outcome": invocation.outcome,
        "handler": invocation.handler_name,
        "error": _headline(invocation, masker),
        "return": masker.data(invocation.return_value),
    }
    if invocation.kind == "source":
        data["emitted"] = masker.data([item.message for item in invocation.emitted])
    if invocation.items:
        data["items"] = [{"outcome": item.outcome, "error": _headline(item, masker)} for item in invocation.items]
    data["requests"] = [_request(record, masker) for record in masker.records(invocation.requests)]
    return data


def _headline(invocation: Invocation, masker: Masker) -> str | None:
    return error_headline(invocation.error, masker) if invocation.error else None


def error_headline(error: ErrorInfo, masker: Masker) -> str:
    """An error's `Name: message` as a golden and the test report give it: masked whole, then cut at ERROR_MOST (so the
    cut shows no part of a secret)."""
    return cut(masker.text(error.headline()), ERROR_MOST)


def _cut_errors(golden: dict[str, Any]) -> dict[str, Any]:
    """A stored golden with its errors (its own, its items') cut as `expectation` cuts them: one written whole, by an
    older segtui, still matches a run of the same error."""
    cut_golden = dict(golden)
    if isinstance(golden.get("error"), str):
        cut_golden["error"] = cut(golden["error"], ERROR_MOST)
    if isinstance(golden.get("items"), list):
        cut_golden["items"] = [{**item, "error": cut(item["error"], ERROR_MOST)}
                               if isinstance(item, dict) and isinstance(item.get("error"), str) else item
                               for item in golden["items"]]
    return cut_golden


def _request(record: RequestRecord, masker: Masker) -> dict[str, Any]:
    """A masked request record reduced to what the handler decided: method, URL, chosen headers, body (masked again once
    parsed: a JSON body's escapes are read back)."""
    pinned = {
        "method": record.method,
        "url": record.url,
        "headers": masker.data(_chosen_headers(record.headers)),
        "body": masker.data(_body(record.body)),
    }
    if record.body_encoding == "base64":
        pinned["body_encoding"] = "base64"
    return pinned


def _chosen_headers(headers: object) -> dict[str, Any]:
    """Header names lower-cased and sorted, without node-fetch's defaults and derived headers."""
    pairs: Iterable[Any] = headers.items() if isinstance(headers, dict) else headers if isinstance(headers, (list, tuple)) else []
    chosen: dict[str, str] = {}
    for name, value in pairs:
        key = str(name).lower()
        value = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
        if key in DERIVED_HEADERS or NODE_FETCH_DEFAULTS.get(key) == value:
            continue
        chosen[key] = f"{chosen[key]}, {value}" if key in chosen else value
    return dict(sorted(chosen.items()))


def _body(body: object) -> object:
    """A JSON object or array body parsed, for a readable golden and a key-order-proof comparison; else as sent."""
    if isinstance(body, str) and body.lstrip()[:1] in ("{", "["):
        try:
            return json.loads(body)
        except json.JSONDecodeError:
            return body
    return body


def load_golden(path: Path) -> dict[str, Any] | None:
    """The golden stored at `path`, or None when there is none; a broken file is bad input."""
    if not path.exists():
        return None
    text = read_text_file(path, "a golden (a JSON object)", pipe=False)
    data = decode_json(text, str(path), quote=quotable(path))
    if not isinstance(data, dict):
        raise SegtuiInputError(f"{path}: a golden must be a JSON object; delete it or run with --update")
    return data


def write_golden(handler: Path, name: str, data: dict[str, Any]) -> Path:
    """Store the golden of the event called `name`, atomically, in the form `render` shows.

    Goldens are written only inside the handler's goldens folder: a link planted there is replaced,
    never written through, and a folder inside it that is a link is refused.
    """
    path = golden_path(handler, name)
    folder = goldens_dir(handler)
    for part in (folder, *(folder / parent for parent in Path(name).parents if parent != Path("."))):
        if part.is_symlink():
            raise SegtuiInputError(f"{part} is a symbolic link; segtui writes goldens only inside {folder}")
    write_json_atomic(_canonical(data), path, overwrite=True, follow_symlinks=False)
    return path


def render(data: dict[str, Any]) -> str:
    """A golden as text: known fields first in a fixed order, object keys sorted below them."""
    return json.dumps(_canonical(data), indent=2, ensure_ascii=False) + "\n"


def _canonical(data: dict[str, Any]) -> dict[str, Any]:
    canonical: dict[str, Any] = {key: _sorted(value) for key, value in _ordered(data, FIELDS).items()}
    if isinstance(canonical.get("requests"), list):
        canonical["requests"] = [_ordered(item, REQUEST_FIELDS) if isinstance(item, dict) else item
                                 for item in canonical["requests"]]
    return canonical


def _ordered(data: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    """The known fields first, in their order, then any others sorted."""
    ordered = {key: data[key] for key in fields if key in data}
    ordered.update((key, data[key]) for key in sorted(data) if key not in ordered)
    return ordered


def _sorted(value: object) -> object:
    if isinstance(value, dict):
        return {key: _sorted(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted(item) for item in value]
    return value


def agrees(expected: dict[str, Any], actual: dict[str, Any]) -> bool:
    """Whether a stored golden expects this run (`actual`), its errors cut as a run's are (a golden written before errors
    were cut holds them whole)."""
    return _cut_errors(expected) == actual


def diff(expected: dict[str, Any], actual: dict[str, Any], path: Path, masker: Masker = NO_MASK) -> str:
    """A unified diff from the stored golden to this run (`actual`, masked as `expectation` masks), empty when they
    agree; the golden masked as the run is (`_masked`: a short secret masked in segtui's words would be told by where)."""
    if agrees(expected, actual):
        return ""
    expected = _cut_errors(expected)
    shown = {_key(key, masker): _masked(value, masker, key) for key, value in expected.items()}
    lines = "".join(unified_diff(render(shown).splitlines(keepends=True), render(actual).splitlines(keepends=True),
                                 fromfile=f"{path} (golden)", tofile="this run", n=3))
    return lines or f"--- {path} (golden)\n+++ this run\n the golden holds in the clear a secret this run masks\n"


def _masked(value: object, masker: Masker, key: str) -> object:
    """A stored golden's field masked as `expectation` masks a run's: the fields' names, and the words segtui writes
    (`_OWN`, in the golden, its items and its requests), kept as they are; anything else masked (a secret edited in)."""
    if isinstance(value, str) and value in _OWN.get(key, ()):
        return value
    if key in ("items", "requests") and isinstance(value, list):
        return [{_key(name, masker): _masked(part, masker, name) for name, part in entry.items()}
                if isinstance(entry, dict) else masker.data(entry) for entry in value]
    return masker.data(value)


def _key(name: str, masker: Masker) -> str:
    """A stored golden's field name as the diff shows it: one of a golden's fields as it is, any other masked."""
    return name if name in (*FIELDS, *REQUEST_FIELDS) else masker.text(name)


_OWN = {"outcome": frozenset((*OUTCOMES, CRASHED, REFUSED)),
        "handler": frozenset((*HANDLER_NAMES.values(), "onBatch", "onRequest", TOP_LEVEL)),
        "body_encoding": frozenset(("base64",))}
"""A golden's fields segtui writes, never the handler (the golden's own, its items' and its requests'), with the words it
writes there: a short secret masked in one would be told by where it stands."""
