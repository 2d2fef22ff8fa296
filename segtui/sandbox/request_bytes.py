"""A request's bytes as node-fetch writes them on the wire: the request line and headers, the body, the target."""

from __future__ import annotations

import re

from segtui.sandbox.response_reader import is_chunked

_LATIN1_TARGET = re.compile("[\x21-\xff]*")
"""A target Node writes as it is, a byte a character."""


def request_head(method: str, target: bytes, headers: list[tuple[bytes, bytes]]) -> bytes:
    """The request line and headers as node-fetch writes them, in the order given (Node writes Host after them)."""
    parts = [method.encode("ascii"), b" ", target, b" HTTP/1.1"]  # joined once: a target of megabytes is copied once
    for name, value in headers:
        parts += (b"\r\n", name, b": ", value)
    parts.append(b"\r\n\r\n")
    return b"".join(parts)


def request_body(body: bytes | None, headers: list[tuple[bytes, bytes]]) -> bytes:
    """The body as Node writes it: as it is, or as one chunk and the last chunk under `Transfer-Encoding: chunked`."""
    if not any(name.lower() == b"transfer-encoding" and is_chunked(value) for name, value in headers):
        return body or b""
    return (b"%x\r\n%s\r\n" % (len(body), body) if body else b"") + b"0\r\n\r\n"


def target_bytes(target: str) -> bytes:
    """The request line's target as Node writes it: a byte a character, Latin-1 (fetch.js refuses a path holding any
    character outside U+0021-U+00FF, as Node does); in a target that still holds one (a proxy's absolute URL), those
    are percent-encoded as UTF-8."""
    if _LATIN1_TARGET.fullmatch(target):
        return target.encode("latin-1")
    data = target.encode("utf-8", "surrogatepass")
    return b"".join(bytes([byte]) if 0x21 <= byte <= 0x7E else b"%%%02X" % byte for byte in data)
