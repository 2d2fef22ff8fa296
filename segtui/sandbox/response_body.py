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


def _inflate(raw: bytes, wbits: int) -> bytes:
    """Decompress leniently as Node's zlib does with Z_SYNC_FLUSH: a cut-short stream gives what it holds."""
    out = []
    while raw:
        decompressor = zlib.decompressobj(wbits)
        out.append(decompressor.decompress(raw))
        raw = decompressor.unused_data if wbits > zlib.MAX_WBITS else b""
    return b"".join(out)


def decode_body(raw: bytes, outgoing: Outgoing, status: int, headers: list[tuple[str, str]]) -> tuple[bytes, dict[str, Any] | None]:
    """Undo gzip or deflate content coding when node-fetch would, or report the body error it would give."""
    coding = header_value(headers, "content-encoding")
    if not outgoing.compress or outgoing.method == "HEAD" or coding is None or status in (204, 304):
        return raw, None
    if coding in ("gzip", "x-gzip"):
        wbits = 16 + zlib.MAX_WBITS
    elif coding in ("deflate", "x-deflate"):
        wbits = zlib.MAX_WBITS if raw and (raw[0] & 0x0F) == 0x08 else -zlib.MAX_WBITS
    else:
        return raw, None
    try:
        return _inflate(raw, wbits), None
    except zlib.error as error:
        message = f"Invalid response body while trying to fetch {outgoing.url}: {_zlib_reason(error)}"
        return b"", {"message": message, "type": "system", "code": "Z_DATA_ERROR"}


def body_timeout(outgoing: Outgoing) -> dict[str, Any]:
    """node-fetch's error for a body that did not arrive within the request's `timeout`."""
    return {"message": f"Response timeout while trying to fetch {outgoing.url} (over {_js_number(outgoing.timeout_ms)}ms)",
            "type": "body-timeout"}
