"""A live response's body as node-fetch hands it over: content coding undone, or the body error node-fetch gives."""

from __future__ import annotations

import zlib
from typing import Any

from segtui.sandbox.exchange import Outgoing, header_value


def _js_number(value: float) -> str:
    return str(int(value)) if value == int(value) else repr(value)


def _zlib_reason(error: zlib.error) -> str:
    text = str(error)
    return text.split(": ", 1)[1] if ": " in text else text


_UNDONE = frozenset(("gzip", "x-gzip", "deflate", "x-deflate"))
"""The content codings node-fetch undoes."""


def content_coding(outgoing: Outgoing, status: int, headers: list[tuple[str, str]]) -> str | None:
    """The body's content coding when node-fetch would undo it, else None."""
    coding = header_value(headers, "content-encoding")
    if not outgoing.compress or outgoing.method == "HEAD" or coding not in _UNDONE or status in (204, 304):
        return None
    return coding


def _wbits(coding: str, raw: bytes) -> int:
    """The zlib wbits that undo a content coding node-fetch undoes (`content_coding`), given the body's bytes."""
    if coding in ("gzip", "x-gzip"):
        return 16 + zlib.MAX_WBITS
    return zlib.MAX_WBITS if raw and (raw[0] & 0x0F) == 0x08 else -zlib.MAX_WBITS


def too_large(outgoing: Outgoing, limit: int) -> dict[str, Any]:
    """node-fetch's error for a body past its `size` option (`limit` is its size_cap), naming the size as JavaScript
    writes it; past the sandbox's memory limit (`limit` without `size` or below it), the same error saying so, as no
    body that large could reach the handler."""
    if limit == outgoing.size_cap:
        # Imported here: decimal's import (~4 ms) is not every sandbox's start-up, as no other of its modules needs it.
        from segtui.number_texts import javascript_number_text

        return {"message": f"content size at {outgoing.url} over limit: {javascript_number_text(outgoing.size)}",
                "type": "max-size"}
    return {"message": f"content size at {outgoing.url} over limit: {limit} (the sandbox's memory limit; segtui stopped "
            "reading it)", "type": "max-size"}


def decode_body(raw: bytes, outgoing: Outgoing, coding: str, limit: int) -> tuple[bytes, dict[str, Any] | None]:
    """Undo the body's content coding node-fetch undoes (`content_coding`), up to `limit` bytes, or report the body
    error it would give."""
    from segtui.compressed_bodies import inflate  # a live, compressed body's: gzip's import is not every sandbox's

    try:
        body, more = inflate(raw, _wbits(coding, raw), limit)
    except zlib.error as error:
        message = f"Invalid response body while trying to fetch {outgoing.url}: {_zlib_reason(error)}"
        return b"", {"message": message, "type": "system", "code": "Z_DATA_ERROR"}
    return body, too_large(outgoing, limit) if more else None


def body_timeout(outgoing: Outgoing) -> dict[str, Any]:
    """node-fetch's error for a body that did not arrive within the request's `timeout`."""
    return {"message": f"Response timeout while trying to fetch {outgoing.url} (over {_js_number(outgoing.timeout_ms)}ms)",
            "type": "body-timeout"}
