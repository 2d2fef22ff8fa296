"""A request's bytes as node-fetch writes them on the wire: the request line and headers, the body, the target."""

from __future__ import annotations

import re

from segtui.sandbox.response_reader import is_chunked

_LATIN1_TARGET = re.compile("[\x21-\xff]*")
"""A target Node writes as it is, a byte a character."""


def request_head(method: str, target: str, headers: list[tuple[str, str]]) -> bytes:
    """The request line and headers as node-fetch writes them, in the order given (Node writes Host after them): one
    byte a character (fetch.js refuses any other in a method or header, and `target_text` makes a target so), joined
    and encoded once (a target of megabytes is copied twice, no more)."""
    return "\r\n".join([f"{method} {target} HTTP/1.1", *map(": ".join, headers), "", ""]).encode("latin-1")


def request_body(body: bytes | None, headers: list[tuple[str, str]]) -> bytes:
    """The body as Node writes it: as it is, or as one chunk and the last chunk under `Transfer-Encoding: chunked`."""
    if not _chunked(headers):
        return body or b""
    return (b"%x\r\n%s\r\n" % (len(body), body) if body else b"") + b"0\r\n\r\n"


def _chunked(headers: list[tuple[str, str]]) -> bool:
    """Whether the headers frame the body in chunks; looked for in all of them lower-cased at once first, as nearly no
    request has a Transfer-Encoding (a header at a time took ~1 µs of each request)."""
    if "transfer-encoding" not in "\n".join(map(":".join, headers)).lower():
        return False
    return any(name.lower() == "transfer-encoding" and is_chunked(value) for name, value in headers)


def target_text(target: str) -> str:
    """The request line's target as Node writes it: a byte a character, Latin-1 (fetch.js refuses a path holding any
    character outside U+0021-U+00FF, as Node does); in a target that still holds one (a proxy's absolute URL), those
    are percent-encoded as UTF-8."""
    if _LATIN1_TARGET.fullmatch(target):
        return target
    data = target.encode("utf-8", "surrogatepass")
    return "".join(chr(byte) if 0x21 <= byte <= 0x7E else f"%{byte:02X}" for byte in data)
