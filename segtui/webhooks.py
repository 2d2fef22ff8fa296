"""The requests a source function's webhook receives, as segtui keeps them in files: a JSON object of
`method`, `url`, `headers` and `body` (a JSON value, sent as its JSON text, or a string sent as is).

Any JSON object with a `url` and no `type` is a request; the Spec events all have a `type`.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlencode, urlsplit

from segtui.errors import SegtuiInputError

REQUEST_KEYS = ("method", "url", "headers", "body")
REQUEST_FORM = 'a JSON object such as {"method": "POST", "url": "https://…", "headers": {…}, "body": {…}}'


WRAPPED_URL = "https://fn.segmentapis.com/"
"""The URL of a request given as Segment's webhook examples write one, `{"payload": {"headers", "body"}}`, which
names none: Segment's endpoint for source functions."""


QUERY_KEYS = ("queryParameters", "queryParams")
"""Where a webhook example keeps its query parameters: Segment's functions library writes both names."""


def unwrapped(payload: object) -> object:
    """A request written as Segment's webhook examples write one, `{"payload": {"headers": …, "body": …,
    "queryParameters": {name: [values]} or "a=1"}}`, in segtui's own form (a POST to WRAPPED_URL, the parameters its query,
    unless it names a method and URL); any other value as it is."""
    if not (isinstance(payload, dict) and list(payload) == ["payload"] and isinstance(payload["payload"], dict)):
        return payload
    inner = dict(payload["payload"])
    if "type" in inner or not ({"headers", "body"} & set(inner)):
        return payload
    queries = []
    for key in QUERY_KEYS:
        given = inner.pop(key, None) or {}
        if isinstance(given, str):  # the query string itself, as Segment's runtime also takes it
            queries.append(given.removeprefix("?"))
            continue
        if not isinstance(given, dict) or not all(_query_values(values) for values in given.values()):
            raise SegtuiInputError(f'"{key}" must be an object of parameter name → list of strings, such as '
                                   '{"page": ["2"]}, or a query string such as "page=2"')
        queries.append(urlencode(given, doseq=True, errors="surrogatepass"))
    url = inner.pop("url", WRAPPED_URL)
    query = "&".join(part for part in queries if part)
    if query and isinstance(url, str):
        url += ("&" if "?" in url else "?") + query
    return {"method": "POST", "url": url, **inner}


def _query_values(values: object) -> bool:
    """Whether a query parameter's values are a string or a list of strings, as Segment's webhook examples give them."""
    return isinstance(values, str) or (isinstance(values, list) and all(isinstance(value, str) for value in values))


def is_request(payload: object) -> bool:
    """Whether a JSON value is a request for a source function rather than a Spec event."""
    return isinstance(payload, dict) and "url" in payload and "type" not in payload


HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
"""An HTTP header name: a token (RFC 9110)."""
HEADER_VALUE = re.compile(r"[\t\x20-\x7e\x80-\xff]*")
"""An HTTP header value as a request can carry it (node-fetch's check): no CR, LF, NUL or other control character."""
_NOT_ONE_LINE = re.compile(r"[\r\n\0]")
_PAST_LATIN1 = re.compile(r"[^\x00-\xff]")


def one_line(text: str) -> bool:
    """Whether text holds no line break or NUL, as an HTTP header's value or status text must."""
    return _NOT_ONE_LINE.search(text) is None


def latin1_line(text: str) -> bool:
    """Whether text is one line of Latin-1, all an HTTP header's value or status line can carry."""
    return one_line(text) and _PAST_LATIN1.search(text) is None


def check_request(payload: dict[str, Any]) -> None:
    """Raise SegtuiInputError naming what is wrong with a request object."""
    unknown = sorted(set(payload) - set(REQUEST_KEYS))
    if unknown:
        raise SegtuiInputError(f'unknown request key "{unknown[0]}"; a request holds {", ".join(REQUEST_KEYS)}')
    url = payload.get("url")
    try:
        parts = urlsplit(url) if isinstance(url, str) else None
        _ = parts and parts.port  # raises for a port past 65535 or not a number
    except ValueError:  # that, or an IPv6 literal left open: https://[::1/
        parts = None
    if parts is None or parts.scheme not in ("http", "https") or not parts.netloc:
        raise SegtuiInputError(f'"url" must be an absolute http(s) URL such as "https://example.com/hook?a=1", got {url!r}')
    method = payload.get("method", "POST")
    if not isinstance(method, str) or not method.isalpha():
        raise SegtuiInputError(f'"method" must be an HTTP method such as "POST", got {method!r}')
    headers = payload.get("headers", {})
    if not isinstance(headers, dict) or not all(
            isinstance(value, str) or (isinstance(value, list) and all(isinstance(item, str) for item in value))
            for value in headers.values()):
        raise SegtuiInputError('"headers" must be an object of header name → string value (or a list of strings, '
                               'as Segment\'s webhook examples write them)')
    wrong = next((name for name in headers if not HEADER_NAME.fullmatch(name)), None)
    if wrong is not None:
        raise SegtuiInputError(f'"headers": the header name {wrong!r} is not one HTTP allows')
    wrong = next((name for name, value in headers.items()
                  if not all(HEADER_VALUE.fullmatch(item) for item in ([value] if isinstance(value, str) else value))), None)
    if wrong is not None:
        raise SegtuiInputError(f'"headers": the value of {wrong} holds a character no HTTP request carries (a line '
                               'break, a NUL or another control character, or one past U+00FF)')
