"""One request as node-fetch puts it on the wire, what came back for it, and the forms both take.

The reply form goes back to fetch.js; the record form is one entry of an Invocation's `requests`.
"""

from __future__ import annotations

import functools
import http
import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from segtui.records import FetchFailure, body_fields, kept_headers, kept_text, request_json, response_json

DEADLINE_NOTE = "segtui stopped waiting: the run reached its time limit"

# Response headers Node keeps only the first of when a server repeats them (IncomingMessage).
_FIRST_ONLY = frozenset((
    "content-type", "content-length", "user-agent", "referer", "host", "authorization", "proxy-authorization",
    "if-modified-since", "if-unmodified-since", "from", "location", "max-forwards", "retry-after", "etag",
    "last-modified", "server", "age", "expires",
))
_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
"""A header name Node accepts: one or more of HTTP's token characters."""
_TARGET = re.compile(r"[\x21-\xff]+")
"""A request line's target as Node sends one: no space, control character or character past U+00FF."""


def utf8(text: str) -> bytes:
    """Encode JS text as Node's Buffer.from does: a lone surrogate becomes U+FFFD."""
    try:
        return text.encode("utf-8")
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace").encode("utf-8")


def _option(value: object) -> float:
    """A numeric node-fetch option as the handler gave it (`timeout`, its redirect `counter`): a positive number, or
    text of one; anything else (an object, say) is no limit, as node-fetch's comparisons with NaN make it."""
    if type(value) is int:  # nearly always (0, as fetch.js sends no option as 0): no checks needed
        return float(value) if value > 0 else 0.0
    return max(_size(value), 0.0)


def _size(value: object) -> float:
    """node-fetch's `size` as it compares a body with it: a finite number, or text of one, other than 0 limits the
    body, a negative or fractional one too (a body of one byte is past -1 or 0.5); anything else is no limit."""
    if type(value) is int:  # nearly always (0, as fetch.js sends no option as 0): no checks needed
        return float(value)
    try:
        number = float(value) if isinstance(value, (int, float, str)) and not isinstance(value, bool) else 0.0
    except ValueError:
        return 0.0
    return number if math.isfinite(number) else 0.0


@dataclass
class Outgoing:
    """A request exactly as node-fetch would send it: headers in wire order (Host included), body as bytes."""

    method: str
    url: str
    scheme: str
    host: str
    port: int
    target: str
    headers: list[tuple[str, str]]
    body: bytes | None = None
    timeout_ms: float = 0
    size: float = 0
    compress: bool = True
    chain: int = 0
    hop: int = 0
    seq: int = 0
    body_size: int | None = None
    """The body's whole size when `body` holds only what its record keeps (segtui.sandbox.record_budget)."""

    @property
    def size_cap(self) -> int | None:
        """The most body bytes `size` lets through (node-fetch fails one past it), or None when it sets no limit."""
        return None if not self.size else max(0, math.floor(self.size))

    @classmethod
    def from_js(cls, item: dict[str, Any]) -> Outgoing:
        """Build from fetch.js's wire item.

        The URL is derived from where the request goes (scheme, host, port and the request line's
        target), never taken from a second copy of it: a record always shows what went on the wire.
        """
        text = item.get("text")
        if text is not None:
            body = utf8(text)
        elif "binary" in item:
            body = item["binary"].encode("latin-1")
        else:
            body = None
        scheme, host, port, target = str(item["scheme"]), str(item["host"]), int(item["port"]), str(item["target"])
        # Node's url.parse ends a host at a character never in one (a space, %, ;, a quote), leaving the rest as a path
        # without its "/" (http://h:1;x/y → ";x/y"), which Node sends as it is and names with one (http://h:1/;x/y).
        if scheme not in ("http", "https") or not 0 <= port < 65536 or not _TARGET.fullmatch(target):
            raise ValueError(f"segtui refused a malformed request to {scheme}://{host}:{port}{target}")
        url = f"{_origin(scheme, host, port)}{'' if target.startswith('/') else '/'}{target}"
        timeout, size, hop = item.get("timeout"), item.get("size"), item.get("hop")
        return cls(item["method"], url, scheme, host, port, target, list(map(tuple, item["headers"])), body,
                   _option(timeout), _size(size), bool(item.get("compress", True)),
                   int(item.get("chain", 0)), int(_option(hop)),
                   int(item.get("seq", 0)))


@functools.lru_cache(maxsize=256)
def _origin(scheme: str, host: str, port: int) -> str:
    """A URL's scheme, host and port as node-fetch names them (no default port); requests go to few origins."""
    shown_host = f"[{host}]" if ":" in host else host
    shown_port = "" if port == (443 if scheme == "https" else 80) else f":{port}"
    return f"{scheme}://{shown_host}{shown_port}"


@dataclass
class Exchange:
    """What came back for one request: a response with its body decoded as node-fetch decodes it, or an error.

    `error` and `body_error` hold a FetchError's fields (message, type, code); `note` explains to the
    reader of the record what the handler could not see (a body cut short, a run stopped at its limit).
    """

    status: int = 0
    status_text: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    error: dict[str, Any] | None = None
    body_error: dict[str, Any] | None = None
    note: str | None = None
    source: str = "live"
    rule: int | None = None
    started_wall: float = 0.0
    """When the request started (time.time()); its record says it as UTC text, formatted only then."""
    offset_ms: float = 0.0
    wait_ms: float | None = None
    duration_ms: float = 0.0
    cut: bool = False
    """The connection closed before the whole body arrived (or broke its framing): Node's response never ends, so
    node-fetch 2.6.0 never settles reading the body; the record keeps what arrived."""
    body_size: int | None = None
    """The body's whole size once `body` holds only what its record keeps (segtui.sandbox.record_budget)."""
    sent: bool = True
    """False for a request segtui never sent (made or reached past the deadline): `--record` keeps none in a cassette."""


def system_error(url: str, reason: str, code: str) -> dict[str, Any]:
    """A FetchError of type "system", worded as node-fetch words a failed request."""
    return {"message": f"request to {url} failed, reason: {reason}", "type": "system", "code": code}


def timeout_error(url: str) -> dict[str, Any]:
    """node-fetch's FetchError when the `timeout` option runs out before the response headers."""
    return {"message": f"network timeout at: {url}", "type": "request-timeout"}


def past_deadline(url: str, source: str = "live") -> Exchange:
    """A request segtui stopped waiting for at the run's time limit: its record shows node-fetch's timeout (the
    handler, stopped there, is not answered)."""
    return Exchange(error=timeout_error(url), note=DEADLINE_NOTE, source=source)


def unsent(url: str) -> Exchange:
    """A request its handler made once the run's deadline had passed, or still queued on segtui's pool then: segtui
    does not send it, and its record shows node-fetch's timeout (the handler, stopped there, is not answered)."""
    return Exchange(error=timeout_error(url), note=f"{DEADLINE_NOTE} before the request was sent", sent=False)


def node_headers(pairs: list[tuple[str, str]]) -> list[list[Any]]:
    """Response headers as Node parses them and node-fetch keeps them: lower-case names, repeats merged."""
    merged: dict[str, list[str]] = {}
    for name, value in pairs:
        key = name.lower()
        if not _valid_name(key):
            continue
        if key not in merged:
            merged[key] = [value]
        elif key == "set-cookie":
            merged[key].append(value)
        elif key == "cookie":
            merged[key][0] += f"; {value}"
        elif key not in _FIRST_ONLY:
            merged[key][0] += f", {value}"
    return list(map(list, merged.items()))


@functools.lru_cache(maxsize=256)
def _valid_name(name: str) -> bool:
    """Whether Node keeps a header of this (lower-case) name; names repeat, so the answer is cached."""
    return _NAME.fullmatch(name) is not None


def header_value(pairs: list[tuple[str, str]], name: str) -> str | None:
    """All values of one header joined by ", ", as node-fetch's Headers.get gives them, or None."""
    values = [value for key, value in pairs if key.lower() == name]
    return ", ".join(values) if values else None


def js_reply(exchange: Exchange) -> dict[str, Any]:
    """The reply fetch.js turns into a Response or a FetchError; a body goes as text when it is UTF-8."""
    if exchange.error is not None:
        return {"error": exchange.error}
    reply: dict[str, Any] = {"status": exchange.status, "status_text": exchange.status_text,
                   "headers": node_headers(exchange.headers)}
    if exchange.body_error is not None:
        # Reading the body fails with its error: the bytes (up to the memory limit) would only fill the heap.
        reply["body_error"], reply["text"] = exchange.body_error, ""
        return reply
    if exchange.cut:
        reply["cut"] = True
    try:
        reply["text"] = exchange.body.decode("utf-8")
    except UnicodeDecodeError:
        reply["binary"] = exchange.body.decode("latin-1")
    return reply


def _status_text(status: int) -> str:
    try:
        return http.HTTPStatus(status).phrase
    except ValueError:
        return ""


def _utc(wall: float) -> str:
    """`wall` (time.time()) as UTC text to the millisecond, as datetime's isoformat writes it; the text of its second is
    made once per second (datetime's took ~6 µs of each record on V8's thread)."""
    second = math.floor(wall)
    micros = round((wall - second) * 1e6)  # datetime.fromtimestamp's rounding to the microsecond (half to even)
    if micros >= 1_000_000:
        second, micros = second + 1, micros - 1_000_000
    return f"{_second_text(second)}.{micros // 1000:03d}Z"


@functools.lru_cache(maxsize=1)
def _second_text(second: int) -> str:
    """A second since the epoch as UTC text, as datetime's isoformat writes it (no zone)."""
    return datetime.fromtimestamp(second, UTC).replace(tzinfo=None).isoformat(timespec="seconds")


def record(number: int, fetch_number: int, outgoing: Outgoing, exchange: Exchange) -> dict[str, Any]:
    """One entry of an Invocation's `requests` in its JSON form, made by `request_json` as RequestRecord's `to_json`
    makes it, with no record object between (the sandbox makes one per request, on V8's thread)."""
    response = None
    if exchange.error is None:
        response = response_json(*body_fields(exchange.body, size=exchange.body_size), exchange.status,
                                 exchange.status_text or _status_text(exchange.status),
                                 kept_headers(list(map(list, exchange.headers))))
    error = exchange.error or exchange.body_error
    return request_json(*body_fields(outgoing.body, size=outgoing.body_size), number, fetch_number, outgoing.hop,
                        outgoing.seq, outgoing.method, kept_text(outgoing.url),
                        kept_headers(list(map(list, outgoing.headers))), response,
                        None if error is None else FetchFailure(**error).to_json(),
                        None if exchange.note is None else kept_text(exchange.note), exchange.source, exchange.rule,
                        _utc(exchange.started_wall), round(exchange.offset_ms, 3),
                        None if exchange.wait_ms is None else round(exchange.wait_ms, 3), round(exchange.duration_ms, 3))
