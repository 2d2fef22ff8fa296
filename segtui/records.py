"""A request as segtui records it: what went on the wire and what came back, the `requests` of `segtui run --json`.

The sandbox builds each record from the bytes it sent (segtui.sandbox.exchange) and sends its JSON;
segtui reads it once, here, and everything past that uses attributes.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import MISSING, dataclass, field
from itertools import chain
from typing import Any, TypeVar

from segtui.cut_secrets import log_cut

MAX_RECORDED_BODY = 1_000_000
MAX_RECORDED_TEXT = 100_000
"""The most characters a record keeps of a URL, a header's name or value, a failure's message or a note: a handler's
URL of 20 million took segtui's masking and output a minute and a GB, and wedged the TUI's request view, where no server
takes one of even a million."""


def kept_text(text: str) -> str:
    """`text` as a record keeps it: cut as console.js cuts a log line (segtui.cut_secrets.log_cut)."""
    return log_cut(text, MAX_RECORDED_TEXT)


def kept_headers(headers: list[list[str]]) -> list[list[str]]:
    """Headers with each name and value `kept_text`; the same list when none is longer than that keeps (all of them
    together shorter, nearly always, is known with one look rather than one a header)."""
    if len("".join(chain.from_iterable(headers))) <= MAX_RECORDED_TEXT or all(
            len(name) + len(value) <= MAX_RECORDED_TEXT for name, value in headers):
        return headers
    return [[kept_text(name), kept_text(value)] for name, value in headers]


@dataclass
class Body:
    """A body as recorded: UTF-8 text, or base64 of bytes that are not UTF-8, cut at 1 MB (or less: segtui.sandbox.record_budget) with the full size kept."""

    body: str | None = None
    body_encoding: str | None = None
    body_size: int = 0
    body_truncated: bool = False

    @classmethod
    def of(cls, data: bytes | None, limit: int = MAX_RECORDED_BODY, size: int | None = None) -> Body:
        """The recorded form of `data`, cut at `limit` bytes; `size`: the whole body's, when `data` is its start."""
        return cls(*body_fields(data, limit, size))

    def raw(self) -> bytes:
        """The recorded bytes (all of them unless truncated)."""
        if self.body is None:
            return b""
        return base64.b64decode(self.body) if self.body_encoding == "base64" else self.body.encode("utf-8")


def body_fields(data: bytes | None, limit: int = MAX_RECORDED_BODY,
                size: int | None = None) -> tuple[str | None, str | None, int, bool]:
    """`Body.of`'s fields in their order, which the records that extend Body take first: a record made with them is not
    made from a Body's attributes (the sandbox makes one per request, on V8's thread)."""
    if data is None:
        return None, None, 0, False
    kept = data[:limit]
    size = len(data) if size is None else size
    truncated = size > len(kept)
    text = _utf8_text(kept, truncated)
    if text is not None:
        return text, "utf-8", size, truncated
    return base64.b64encode(kept).decode("ascii"), "base64", size, truncated


def _utf8_text(kept: bytes, truncated: bool) -> str | None:
    try:
        return kept.decode("utf-8")
    except UnicodeDecodeError as error:
        if truncated and error.start >= len(kept) - 3 and error.reason == "unexpected end of data":
            return kept[: error.start].decode("utf-8")
        return None


@dataclass
class ResponseRecord(Body):
    """What came back: status, headers in wire order, body."""

    status: int = 0
    status_text: str = ""
    headers: list[list[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.headers = kept_headers(self.headers)


def response_json(body: str | None, body_encoding: str | None, body_size: int, body_truncated: bool, status: int,
                  status_text: str, headers: list[list[str]]) -> dict[str, Any]:
    """A ResponseRecord's JSON form from its fields' values, in their order (`request_json`'s part)."""
    return {"body": body, "body_encoding": body_encoding, "body_size": body_size, "body_truncated": body_truncated,
            "status": status, "status_text": status_text, "headers": headers}


def request_json(body: str | None, body_encoding: str | None, body_size: int, body_truncated: bool, id: int,
                 fetch: int, hop: int, seq: int, method: str, url: str, headers: list[list[str]],
                 response: dict[str, Any] | None, error: dict[str, Any] | None, note: str | None, source: str,
                 mock_rule: int | None, started_at: str, offset_ms: float, wait_ms: float | None,
                 duration_ms: float) -> dict[str, Any]:
    """A RequestRecord's JSON form (the schema `segtui run --json` documents) from its fields' values, in their order:
    the one builder of it, which RequestRecord.to_json calls and the sandbox too, with no record between (it makes one
    per request, on V8's thread; tests/test_records.py holds the two equal)."""
    return {"body": body, "body_encoding": body_encoding, "body_size": body_size, "body_truncated": body_truncated,
            "id": id, "fetch": fetch, "hop": hop, "seq": seq, "method": method, "url": url, "headers": headers,
            "response": response, "error": error, "note": note, "source": source, "mock_rule": mock_rule,
            "started_at": started_at, "offset_ms": offset_ms, "wait_ms": wait_ms, "duration_ms": duration_ms}


@dataclass
class FetchFailure:
    """A FetchError as node-fetch raised it: message, type (system, request-timeout, max-size…), code."""

    message: str
    type: str = "system"
    code: str | None = None
    name: str = "FetchError"

    def __post_init__(self) -> None:
        self.message = kept_text(self.message)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON form: the fields that are set."""
        return {key: value for key, value in vars(self).items() if value is not None}


@dataclass
class RequestRecord(Body):
    """One request: the method, URL and headers sent (in wire order), its body, and the response or failure.

    `fetch` numbers the fetch() calls of a run and `hop` each redirect of one call; `seq` orders requests
    among log lines; `source` says what answered (live, mock, replay, offline); times are in ms.
    """

    id: int = 0
    fetch: int = 0
    hop: int = 0
    seq: int = 0
    method: str = "GET"
    url: str = ""
    headers: list[list[str]] = field(default_factory=list)
    response: ResponseRecord | None = None
    error: FetchFailure | None = None
    note: str | None = None
    source: str = "live"
    mock_rule: int | None = None
    started_at: str = ""
    offset_ms: float = 0.0
    wait_ms: float | None = None
    duration_ms: float = 0.0

    def __post_init__(self) -> None:
        self.url, self.headers = kept_text(self.url), kept_headers(self.headers)
        self.note = None if self.note is None else kept_text(self.note)

    def to_json(self) -> dict[str, Any]:
        """The documented JSON form (`request_json`): `dataclasses.asdict`'s, built by hand (asdict's deep copy was most
        of the CPU a replay spends per request outside V8; tests/test_records.py holds the two equal)."""
        got = self.response
        response = None if got is None else response_json(got.body, got.body_encoding, got.body_size, got.body_truncated,
                                                          got.status, got.status_text, [list(pair) for pair in got.headers])
        return request_json(self.body, self.body_encoding, self.body_size, self.body_truncated, self.id, self.fetch,
                            self.hop, self.seq, self.method, self.url, [list(pair) for pair in self.headers], response,
                            None if self.error is None else self.error.to_json(), self.note, self.source, self.mock_rule,
                            self.started_at, self.offset_ms, self.wait_ms, self.duration_ms)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RequestRecord:
        """Read a record's JSON (a KeyError or TypeError when it is not one)."""
        response = data.get("response")
        error = data.get("error")
        record = _filled(cls, _REQUEST_FIELDS, data)
        record.response = _filled(ResponseRecord, _RESPONSE_FIELDS, response) if response else None
        if record.response is not None:
            record.response.__post_init__()
        record.error = FetchFailure(**{key: value for key, value in error.items()
                                       if key in _FAILURE_FIELDS.defaults}) if error else None
        record.url, record.headers = data["url"], [list(pair) for pair in data["headers"]]
        record.__post_init__()
        return record


R = TypeVar("R", RequestRecord, ResponseRecord)


def _filled(cls: type[R], fields: _Fields, data: dict[str, Any]) -> R:
    """A record of `cls` with the fields `data` holds (its other keys left out), made without `__init__` (its ~20
    keyword arguments took a third of reading a result), in the fields' order as `to_json` writes them; the caller
    runs `__post_init__` once it set the rest."""
    record: R = object.__new__(cls)
    values = record.__dict__
    values.update(fields.defaults)
    values.update(data if data.keys() <= fields.defaults.keys() else
                  {key: value for key, value in data.items() if key in fields.defaults})
    for name, factory in fields.factories.items():
        if name not in data:
            values[name] = factory()
    return record


@dataclass(frozen=True)
class _Fields:
    """A record class's fields in order, each with its default (None where a factory makes one per record, or none)."""

    defaults: dict[str, Any]
    factories: dict[str, Callable[[], Any]]

    @classmethod
    def of(cls, record_class: type[Any]) -> _Fields:
        """The fields of a dataclass of records."""
        specs = record_class.__dataclass_fields__.values()
        return cls({spec.name: None if spec.default is MISSING else spec.default for spec in specs},
                   {spec.name: spec.default_factory for spec in specs if spec.default_factory is not MISSING})


_REQUEST_FIELDS, _RESPONSE_FIELDS, _FAILURE_FIELDS = map(_Fields.of, (RequestRecord, ResponseRecord, FetchFailure))
