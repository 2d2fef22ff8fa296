"""Mock rules: requests matched by method and URL, answered with a response or a network failure.

A mock file (JSON, or YAML for `.yaml`/`.yml`) holds a list of rules, or `{"rules": [...]}`;
the first rule that matches a request answers it:

    - method: POST                             # or [GET, POST]; any method when left out
      url: https://api.example.com/v1/events   # exact; or prefix:, glob:, regex:
      status: 201                              # 200 when left out
      headers: {X-Request-Id: abc}
      json: {ok: true}                         # or body: "text", or body_base64: "..."
      delay_ms: 120
    - prefix: https://api.example.com/
      fail: timeout                            # refused | dns | reset | timeout
      times: 1                                 # answers only the first matching request

`times` counts per handler instance, as module state does: each load starts the counts again
(`segtui test` runs every event on a fresh load, so each sees fresh counts), while `segtui replay`
runs its events on one warm load per sandbox process, which keeps counting across them (until a
run stopped by a limit costs that instance). An edit of the file starts the counts again too.

In a glob, `*` matches within a path segment and `**` across segments; `?` is literal. A regex
is searched in the URL (anchor it with ^ and $). URLs are node-fetch's: `https://host` is `https://host/`.
"""

from __future__ import annotations

import base64
import binascii
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from segtui.data_files import read_data_file
from segtui.errors import SegtuiInputError

FAILURES = ("refused", "dns", "reset", "timeout")
_MATCHERS = ("url", "prefix", "glob", "regex")
_KEYS = ("method", *_MATCHERS, "status", "status_text", "headers", "body", "json", "body_base64", "fail",
         "delay_ms", "times")
_EXPECTED = "mock rules: a list of rules, or {\"rules\": [...]}"


@dataclass
class MockRule:
    """One rule of a mock file; `number` is its 1-based position, shown in records and messages."""

    number: int
    matcher: str
    pattern: str
    methods: frozenset[str] = frozenset()
    status: int = 200
    status_text: str = ""
    headers: list[tuple[str, str]] = field(default_factory=list)
    body: bytes = b""
    fail: str | None = None
    delay_ms: float = 0.0
    times: int | None = None
    used: int = 0
    regex: re.Pattern[str] | None = None

    def matches(self, method: str, url: str) -> bool:
        """Whether this rule answers a request (its `times`, if any, not yet used up)."""
        if self.times is not None and self.used >= self.times:
            return False
        if self.methods and method not in self.methods:
            return False
        if self.matcher == "url":
            return url == self.pattern
        if self.matcher == "prefix":
            return url.startswith(self.pattern)
        if self.regex is None:  # only glob and regex rules have one, and every such rule does
            return False
        if self.matcher == "glob":
            return self.regex.fullmatch(url) is not None
        return self.regex.search(url) is not None

    def describe(self) -> str:
        """`rule 2 (prefix https://api.example.com/)`, for messages."""
        return f"rule {self.number} ({self.matcher} {self.pattern})"


def _glob(pattern: str) -> re.Pattern[str]:
    parts = re.split(r"(\*\*|\*)", pattern)
    return re.compile("".join(".*" if part == "**" else "[^/]*" if part == "*" else re.escape(part) for part in parts))


def _exact_url(url: str) -> str:
    """A URL with no path gets node-fetch's "/" path, so `https://host` matches what fetch sends."""
    match = re.fullmatch(r"(https?://[^/?#]+)([?#].*)?", url, re.IGNORECASE)
    return f"{match.group(1)}/{match.group(2) or ''}" if match else url


def _methods(value: object, where: str) -> frozenset[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) and item for item in items):
        raise SegtuiInputError(f'{where}: "method" must be a method name or a list of them, such as [GET, POST]')
    return frozenset(item.upper() for item in items)


def _headers(value: object, where: str) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list) and all(isinstance(pair, list) and len(pair) == 2 for pair in value):
        pairs = [tuple(pair) for pair in value]
    else:
        raise SegtuiInputError(f'{where}: "headers" must be a map of name → value or a list of [name, value] pairs')
    return [(str(name), str(value).lower() if isinstance(value, bool) else str(value)) for name, value in pairs]


def _body(item: dict[str, Any], headers: list[tuple[str, str]], where: str) -> bytes:
    given = [key for key in ("body", "json", "body_base64") if key in item]
    if len(given) > 1:
        raise SegtuiInputError(f"{where}: give one of body, json, body_base64, not {' and '.join(given)}")
    has_type = any(name.lower() == "content-type" for name, _ in headers)
    if "json" in item:
        if not has_type:
            headers.append(("Content-Type", "application/json; charset=utf-8"))
        return json.dumps(item["json"], ensure_ascii=False).encode("utf-8")
    if "body_base64" in item:
        try:
            return base64.b64decode(str(item["body_base64"]), validate=True)
        except binascii.Error:
            raise SegtuiInputError(f'{where}: "body_base64" is not valid base64') from None
    if "body" in item:
        if not isinstance(item["body"], str):
            raise SegtuiInputError(f'{where}: "body" must be a string (use "json" for structured bodies)')
        if not has_type:
            headers.append(("Content-Type", "text/plain; charset=utf-8"))
        return item["body"].encode("utf-8")
    return b""


def _number(item: dict[str, Any], key: str, where: str, minimum: float, integer: bool = False) -> float | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int if integer else (int, float)) or value < minimum:
        kind = "a whole number" if integer else "a number"
        raise SegtuiInputError(f'{where}: "{key}" must be {kind} of at least {minimum:g}')
    return value


def parse_rule(item: object, number: int, source: str) -> MockRule:
    """Check one rule and build it; errors name the file and the rule."""
    where = f"{source}: rule {number}"
    if not isinstance(item, dict):
        raise SegtuiInputError(f"{where} must be a map such as {{url: ..., status: 200}}")
    for key in item:
        if key not in _KEYS:
            hint = difflib.get_close_matches(str(key), _KEYS, n=1)
            suggestion = f' (did you mean "{hint[0]}"?)' if hint else ""
            raise SegtuiInputError(f'{where}: unknown key "{key}"{suggestion}; keys: {", ".join(_KEYS)}')
    matchers = [key for key in _MATCHERS if key in item]
    if len(matchers) != 1:
        raise SegtuiInputError(f"{where}: give exactly one of url, prefix, glob, regex to say which requests it answers")
    matcher = matchers[0]
    pattern = item[matcher]
    if not isinstance(pattern, str) or not pattern:
        raise SegtuiInputError(f'{where}: "{matcher}" must be a non-empty string')
    rule = MockRule(number, matcher, _exact_url(pattern) if matcher == "url" else pattern)
    if matcher == "glob":
        rule.regex = _glob(pattern)
    elif matcher == "regex":
        try:
            rule.regex = re.compile(pattern)
        except re.error as error:
            raise SegtuiInputError(f'{where}: "regex" is not a valid regular expression: {error}') from None
    if "method" in item:
        rule.methods = _methods(item["method"], where)
    fail = item.get("fail")
    if fail is not None:
        if fail not in FAILURES:
            raise SegtuiInputError(f'{where}: "fail" must be one of {", ".join(FAILURES)}')
        extra = [key for key in ("status", "status_text", "headers", "body", "json", "body_base64") if key in item]
        if extra:
            raise SegtuiInputError(f'{where}: a rule that fails has no response; drop {", ".join(extra)}')
        rule.fail = fail
    status = _number(item, "status", where, 100, integer=True)
    if status is not None and status > 599:
        raise SegtuiInputError(f'{where}: "status" must be between 100 and 599')
    rule.status = int(status or 200)
    rule.status_text = str(item.get("status_text") or "")
    rule.headers = _headers(item["headers"], where) if "headers" in item else []
    rule.body = _body(item, rule.headers, where)
    rule.delay_ms = float(_number(item, "delay_ms", where, 0) or 0)
    times = _number(item, "times", where, 1, integer=True)
    rule.times = None if times is None else int(times)
    return rule


def parse_rules(data: object, source: str) -> list[MockRule]:
    """The rules of a parsed mock file."""
    if isinstance(data, dict) and set(data) == {"rules"}:
        data = data["rules"]
    if not isinstance(data, list):
        raise SegtuiInputError(f"{source}: expected {_EXPECTED}")
    return [parse_rule(item, number, source) for number, item in enumerate(data, 1)]


class MockFile:
    """A mock file, read again when it changes on disk so that edits apply from the next request on."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.rules: list[MockRule] = []
        self._stamp: tuple[int, int] | None = None

    def refresh(self) -> None:
        """Re-read the rules if the file changed; raises SegtuiInputError if it is now invalid."""
        try:
            status = self.path.stat()
            stamp = (status.st_mtime_ns, status.st_size)
        except OSError:
            stamp = None
        if stamp is not None and stamp == self._stamp:
            return
        self.rules = parse_rules(read_data_file(self.path, _EXPECTED), str(self.path))
        self._stamp = stamp

    def reset_counts(self) -> None:
        """Start every rule's `times` count again, for a new handler instance."""
        for rule in self.rules:
            rule.used = 0

    def match(self, method: str, url: str) -> MockRule | None:
        """The first rule answering this request, counted as used; None when no rule does."""
        self.refresh()
        for rule in self.rules:
            if rule.matches(method, url):
                rule.used += 1
                return rule
        return None
