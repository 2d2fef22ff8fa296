"""The requests a source function's webhook receives, as segtui keeps them in files: a JSON object of
`method`, `url`, `headers` and `body` (a JSON value, sent as its JSON text, or a string sent as is).

Any JSON object with a `url` and no `type` is a request; the Spec events all have a `type`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from segtui.errors import SegtuiInputError

REQUEST_KEYS = ("method", "url", "headers", "body")
REQUEST_FORM = 'a JSON object such as {"method": "POST", "url": "https://…", "headers": {…}, "body": {…}}'


def is_request(payload: object) -> bool:
    """Whether a JSON value is a request for a source function rather than a Spec event."""
    return isinstance(payload, dict) and "url" in payload and "type" not in payload


HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
"""An HTTP header name: a token (RFC 9110)."""


def check_request(payload: dict[str, Any]) -> None:
    """Raise SegtuiInputError naming what is wrong with a request object."""
    unknown = sorted(set(payload) - set(REQUEST_KEYS))
    if unknown:
        raise SegtuiInputError(f'unknown request key "{unknown[0]}"; a request holds {", ".join(REQUEST_KEYS)}')
    url = payload.get("url")
    parts = urlsplit(url) if isinstance(url, str) else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise SegtuiInputError(f'"url" must be an absolute http(s) URL such as "https://example.com/hook?a=1", got {url!r}')
    method = payload.get("method", "POST")
    if not isinstance(method, str) or not method.isalpha():
        raise SegtuiInputError(f'"method" must be an HTTP method such as "POST", got {method!r}')
    headers = payload.get("headers", {})
    if not isinstance(headers, dict) or not all(isinstance(value, str) for value in headers.values()):
        raise SegtuiInputError('"headers" must be an object of header name → string value')
    wrong = next((name for name in headers if not HEADER_NAME.fullmatch(name)), None)
    if wrong is not None:
        raise SegtuiInputError(f'"headers": the header name {wrong!r} is not one HTTP allows')
