"""Outbound request records as HAR 1.2 and as curl commands, masked by a segtui.masking.Masker.

A record is one entry of an Invocation's `requests` (built in `segtui.sandbox.exchange`).
"""

from __future__ import annotations

import shlex
from collections.abc import Iterable
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from segtui import __version__
from segtui.control_chars import CONTROL_RUNS
from segtui.cut_secrets import log_cut_sizes
from segtui.masking import Masker
from segtui.records import Body, RequestRecord


def _header(headers: list[list[str]], name: str) -> str | None:
    return next((value for key, value in headers if key.lower() == name), None)


def _har_headers(headers: list[list[str]]) -> list[dict[str, Any]]:
    return [{"name": name, "value": value} for name, value in headers]


def _comment(body: Body) -> dict[str, Any]:
    if not body.body_truncated:
        return {}
    return {"comment": f"body truncated to {len(body.raw())} bytes in the record; it was {body.body_size} bytes"}


def _cut_url(url: str) -> tuple[str, str | None]:
    """A record's URL without the note a record puts where it cut a long URL (segtui.records), and a comment that says
    so (None for a whole URL): exported with the note, the URL would name another resource."""
    sizes = log_cut_sizes(url)
    if sizes is None:
        return url, None
    at, kept, total = sizes
    return url[:at], f"the record kept the first {kept} of {total} characters of the URL"


def _har_request(record: RequestRecord) -> dict[str, Any]:
    url, cut_note = _cut_url(record.url)
    request: dict[str, Any] = {
        "method": record.method, "url": url, "httpVersion": "HTTP/1.1", "cookies": [],
        "headers": _har_headers(record.headers),
        "queryString": [{"name": name, "value": value}
                        for name, value in parse_qsl(urlsplit(url).query, keep_blank_values=True)],
        "headersSize": -1, "bodySize": record.body_size if record.body is not None else 0,
    }
    if cut_note:
        request["comment"] = cut_note
    if record.body is not None:
        post = {"mimeType": _header(record.headers, "content-type") or "", "text": record.body}
        if record.body_encoding == "base64":
            post["_encoding"] = "base64"
        request["postData"] = {**post, **_comment(record)}
    return request


def _har_response(record: RequestRecord) -> dict[str, Any]:
    response = record.response
    if response is None:
        return {"status": 0, "statusText": "", "httpVersion": "HTTP/1.1", "cookies": [], "headers": [],
                "content": {"size": 0, "mimeType": "x-unknown"}, "redirectURL": "", "headersSize": -1,
                "bodySize": -1, "_error": record.error.message if record.error else ""}
    content = {"size": response.body_size, "mimeType": _header(response.headers, "content-type") or "x-unknown",
               "text": response.body or "", **_comment(response)}
    if response.body_encoding == "base64":
        content["encoding"] = "base64"
    return {"status": response.status, "statusText": response.status_text, "httpVersion": "HTTP/1.1",
            "cookies": [], "headers": _har_headers(response.headers), "content": content,
            "redirectURL": _header(response.headers, "location") or "", "headersSize": -1, "bodySize": -1}


def _har_entry(record: RequestRecord) -> dict[str, Any]:
    duration = max(record.duration_ms, 0.0)
    wait = min(record.wait_ms if record.wait_ms is not None else duration, duration)
    shown = record.to_json()
    return {
        "startedDateTime": record.started_at, "time": duration,
        "request": _har_request(record), "response": _har_response(record), "cache": {},
        "timings": {"blocked": -1, "dns": -1, "connect": -1, "send": 0, "wait": wait, "receive": duration - wait,
                    "ssl": -1},
        "_segtui": {key: shown[key] for key in ("id", "fetch", "hop", "seq", "source", "mock_rule", "note", "error")},
    }


def to_har(records: Iterable[RequestRecord], masker: Masker) -> dict[str, Any]:
    """A HAR 1.2 log of the records (browser dev tools open it), masked by `masker`, fields derived from them too."""
    entries = [_har_entry(record) for record in masker.records(records)]
    har: dict[str, Any] = masker.data({"log": {"version": "1.2", "creator": {"name": "segtui", "version": __version__},
                                               "entries": entries}}, keys=False)
    return har


def _curl_skips(name: str, value: str, url: str) -> bool:
    lower = name.lower()
    return lower == "content-length" or (lower == "host" and value == urlsplit(url).netloc)


def _quote(text: str) -> str:
    """A shell word for `text`, as shlex.quote's, with each run of control characters written as the octal bytes printf
    turns back into them, so that pasting the command into a terminal neither acts on it (a body's `\\x1b[201~` ends a
    bracketed paste, and the terminal runs what follows as typed) nor changes what it sends."""
    pieces = CONTROL_RUNS.split(text)
    if len(pieces) == 1:
        return shlex.quote(text)
    octal = ("\"$(printf '" + "".join(f"\\{byte:03o}" for byte in run.encode("utf-8", "surrogatepass")) + "')\""
             for run in pieces[1::2])
    return "".join(shlex.quote(piece) if index % 2 == 0 else next(octal) for index, piece in enumerate(pieces) if piece)


def to_curl(record: RequestRecord, masker: Masker) -> str:
    """A copy-pasteable shell command repeating the request with curl, masked by `masker`."""
    record = masker.record(record)
    (url, cut_note), method, body = _cut_url(record.url), record.method, record.body
    parts = ["curl"]
    if method == "HEAD":
        parts.append("--head")
    elif method != "GET" or body is not None:
        parts += ["-X", _quote(method)]  # an HTTP token may hold a quote, a pipe, a backquote or a '#'
    parts.append(_quote(url))
    for name, value in record.headers:
        if not _curl_skips(name, value, url):
            parts += ["-H", _quote(f"{name}: {value}")]
    if _header(record.headers, "accept-encoding"):
        parts.append("--compressed")
    if body is not None and _header(record.headers, "content-type") is None:  # curl would add a form type
        parts += ["-H", "'Content-Type:'"]
    prefix = ""
    if body is not None and record.body_encoding == "base64":
        prefix = f"printf %s {shlex.quote(body)} | base64 -d | "
        parts += ["--data-binary", "@-"]
    elif body is not None:
        parts += ["--data-binary", _quote(body)]
    command = prefix + " ".join(parts)
    if record.body_truncated:
        command = f"# the record keeps only the first {len(record.raw())} bytes of the body ({record.body_size} were sent)\n{command}"
    return f"# {cut_note}\n{command}" if cut_note else command
