"""Mock rules: requests matched by method and URL, answered with a response or a network failure.

A mock file (JSON, or YAML for `.yaml`/`.yml`) holds a list of rules, or `{"rules": [...]}`;
the first rule that matches a request answers it:

    - method: POST                             # or [GET, POST]; any method when left out
      url: https://api.example.com/v1/events   # exact; or a prefix:, glob: or regex: key instead of url:
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
is searched in the URL (anchor it with ^ and $); both match without backtracking (segtui.url_patterns). URLs are node-fetch's: `https://host` is `https://host/`.
A request no rule answers is explained by `closest_miss`: the rule it nearly matched and what differs.
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
from segtui.url_patterns import SlowMatch, UrlPattern, glob_matches
from segtui.webhooks import HEADER_NAME

DEFAULT_MOCK_FILENAME = "segtui.mock.yaml"
"""The mock file beside the handler that every command loads when no --mock is given."""
FAILURES = ("refused", "dns", "reset", "timeout")
_MATCHERS = ("url", "prefix", "glob", "regex")
_MATCHER_IN_VALUE = re.compile(r"^(url|prefix|glob|regex):", re.IGNORECASE)
_KEYS = ("method", *_MATCHERS, "status", "status_text", "headers", "body", "json", "body_base64", "fail",
         "delay_ms", "times")
_KINDS = {"glob": "glob", "regex": "regular expression"}
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
    compiled: UrlPattern | None = field(default=None, compare=False, repr=False)
    """The glob or regex compiled (what it is compiled from, `matcher` and `pattern`, is compared instead)."""

    def matches(self, method: str, url: str) -> bool:
        """Whether this rule answers a request (its `times`, if any, not yet used up)."""
        if self.times is not None and self.used >= self.times:
            return False
        if self.methods and method not in self.methods:
            return False
        return self.matches_url(url)

    def matches_url(self, url: str) -> bool:
        """Whether the URL is one this rule answers, whatever the method and `times`."""
        if self.matcher == "url":
            return url == self.pattern
        if self.matcher == "prefix":
            return url.startswith(self.pattern)
        if self.compiled is None:  # only glob and regex rules have one, and every such rule does
            return False
        try:
            return self.compiled.matches(url)
        except SlowMatch as slow:
            raise SlowMatch(f"{self.describe()} {slow}") from None

    def describe(self) -> str:
        """`rule 2 (prefix https://api.example.com/)`, for messages."""
        return f"rule {self.number} ({self.matcher} {_shown(self.pattern)})"

    def miss(self, method: str, url: str) -> Miss:
        """What keeps this rule from answering a request, part by part (method, scheme, host, path, query)."""
        reasons = [f"method {method}, not {' or '.join(sorted(self.methods))}"] if (
            self.methods and method not in self.methods) else []
        request = _url_parts(url)
        pattern = _url_parts(self.pattern) if self.matcher != "regex" else None
        likeness = _likeness(url, self.pattern.replace("\\", ""))
        if request is None or pattern is None or (self.matcher == "glob" and "**" in pattern[1]):
            # Not comparable part by part (a regex): how alike the URL and the pattern look says how close it is.
            url_reasons = [] if self.matches_url(url) else [f"the URL does not match its {self.matcher}"]
            close, distance = not url_reasons or likeness >= _SIMILAR_URL, len(reasons) + len(url_reasons)
        else:
            url_reasons = _part_reasons(self.matcher, request, pattern)
            hosts = _likeness(request[1], pattern[1].replace("*", ""))
            close = hosts >= _SIMILAR_HOST or not any(reason.startswith("host") for reason in url_reasons)
            distance = len(reasons) + len(url_reasons)
        reasons += url_reasons
        if not reasons and self.times is not None and self.used >= self.times:
            reasons.append(f"it has answered {self.times} {'request' if self.times == 1 else 'requests'} "
                           f"already (times: {self.times})")
        return Miss(self, reasons, close, distance, likeness)


_SIMILAR_HOST = 0.8
"""How alike two hosts are (difflib's ratio) for a rule on the other one to count as close: a typo, not another API."""
_SIMILAR_URL = 0.7
"""The same, for a whole URL and a pattern that cannot be split into parts (a regex)."""
_COMPARED = 300
"""How many characters of each side `_likeness` compares: difflib's time grows with the square of the length."""
_SHOWN = 200
"""How many characters of a URL's part a reason quotes."""


def _likeness(text: str, other: str) -> float:
    """How alike two texts look, from 0 to 1 (difflib's ratio of their beginnings, so a long URL costs no more)."""
    return difflib.SequenceMatcher(None, text[:_COMPARED], other[:_COMPARED]).ratio()


def _shown(text: str) -> str:
    """A part of a URL or pattern as a reason quotes it: cut, with a marker, past _SHOWN characters."""
    return text if len(text) <= _SHOWN else f"{text[:_SHOWN]}… ({len(text):,} characters)"


@dataclass
class Miss:
    """Why one rule did not answer a request: `reasons` (empty when it would have), and how close it came."""

    rule: MockRule
    reasons: list[str]
    close: bool
    """Whether it is worth naming: its host is the request's or nearly (a typo), or it looks much like the URL."""
    distance: int
    """How many parts differ."""
    likeness: float
    """How alike the URL and the rule's pattern are, from 0 to 1, to choose between rules as far off."""

    def explain(self) -> str:
        """`the closest is rule 2 (url https://a.example/v1/events): path /v1/event, not /v1/events`."""
        return f"the closest is {self.rule.describe()}: {'; '.join(self.reasons)}"


def _url_parts(url: str) -> tuple[str, str, str, str] | None:
    """A URL (or a URL-like pattern) as scheme, host (with port), path and query; None without `scheme://`."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)", url, re.DOTALL)
    if match is None:
        return None
    scheme, host, rest = match.groups()
    path, mark, query = rest.partition("?")
    return scheme, host, path, mark + query


def _part_reasons(matcher: str, request: tuple[str, str, str, str], pattern: tuple[str, str, str, str]) -> list[str]:
    """What differs between a request URL's parts and a url, prefix or glob rule's."""
    names = ("scheme", "host", "path", "query")
    if matcher == "url":
        reasons = [f"{name} {_shown(got) or '(none)'}, not {_shown(want) or '(none)'}"
                   for name, got, want in zip(names, request, pattern) if got != want]
        if "*" in "".join(pattern) and reasons:
            reasons.append("url: is exact, * included (glob: takes wildcards)")
        return reasons
    if matcher == "glob":
        checks = [("scheme", request[0], pattern[0]), ("host", request[1], pattern[1]),
                  ("path", request[2] + request[3], pattern[2] + pattern[3])]
        return [f"{name} {_shown(got) or '(none)'} does not match {_shown(want) or '(none)'}"
                for name, got, want in checks if not glob_matches(want, got)]
    scheme, host, path, query = pattern  # a prefix: its last part may stop anywhere
    reasons = [f"scheme {_shown(request[0])}, not {_shown(scheme)}"] if request[0] != scheme else []
    whole_host = bool(path or query)
    if (request[1] != host) if whole_host else not request[1].startswith(host):
        reasons.append(f"host {_shown(request[1])}, not {_shown(host)}" if whole_host
                       else f"host {_shown(request[1])} does not start with {_shown(host)}")
    rest = path + query
    if whole_host and not (request[2] + request[3]).startswith(rest):
        reasons.append(f"path {_shown(request[2] + request[3])} does not start with {_shown(rest)}")
    return reasons


def closest_miss(rules: list[MockRule], method: str, url: str) -> str | None:
    """Why no rule answered a request: the closest rule and what differs, or None when none comes close."""
    misses = [miss for miss in (rule.miss(method, url) for rule in rules) if miss.close and miss.reasons]
    if not misses:
        return None
    best = min(misses, key=lambda miss: (miss.distance, -miss.likeness, miss.rule.number))
    return best.explain()


def _exact_url(url: str) -> str:
    """A URL with no path gets node-fetch's "/" path, so `https://host` matches what fetch sends."""
    match = re.fullmatch(r"(https?://[^/?#]+)([?#].*)?", url, re.IGNORECASE)
    return f"{match.group(1)}/{match.group(2) or ''}" if match else url


def _methods(value: object, where: str) -> frozenset[str]:
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items or not all(isinstance(item, str) and item for item in items):
        raise SegtuiInputError(f'{where}: "method" must be a method name or a list of them, such as [GET, POST]')
    return frozenset(item.upper() for item in items)




def _headers(value: object, where: str) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        pairs = list(value.items())
    elif isinstance(value, list) and all(isinstance(pair, list) and len(pair) == 2 for pair in value):
        pairs = [tuple(pair) for pair in value]
    else:
        raise SegtuiInputError(f'{where}: "headers" must be a map of name → value or a list of [name, value] pairs')
    for name, given in pairs:
        if not isinstance(name, str) or not HEADER_NAME.fullmatch(name):
            raise SegtuiInputError(f'{where}: the header name {name!r} is not one HTTP allows')
        if not isinstance(given, (str, int, float)) or (isinstance(given, str) and any(char in given for char in "\r\n\0")):
            raise SegtuiInputError(f'{where}: the header {name} must have one line of text, a number or true/false, '
                                   f'not {given!r}')
        if isinstance(given, str) and any(char > "\xff" for char in given):
            # fetch refuses such a value (`… is not a legal HTTP header value`): it would fail in the handler instead.
            raise SegtuiInputError(f"{where}: the header {name}'s value holds characters past U+00FF, which an HTTP "
                                   "header cannot carry; percent-encode them (or write their UTF-8 bytes as Latin-1)")
    return [(name, str(given).lower() if isinstance(given, bool) else str(given)) for name, given in pairs]


def _status_text(value: object, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or any(char in value for char in "\r\n\0") or any(char > "\xff" for char in value):
        raise SegtuiInputError(f'{where}: "status_text" must be one line of text (Latin-1, as an HTTP status line '
                               f"carries), such as Created, not {value!r}")
    return value


def _body(item: dict[str, Any], headers: list[tuple[str, str]], where: str) -> bytes:
    given = [key for key in ("body", "json", "body_base64") if key in item]
    if len(given) > 1:
        raise SegtuiInputError(f"{where}: give one of body, json, body_base64, not {' and '.join(given)}")
    has_type = any(name.lower() == "content-type" for name, _ in headers)
    if "json" in item:
        if not has_type:
            headers.append(("Content-Type", "application/json; charset=utf-8"))
        try:
            return json.dumps(item["json"], ensure_ascii=False, allow_nan=False).encode("utf-8")
        except (TypeError, ValueError) as error:  # a YAML date, binary or set; NaN or infinity
            raise SegtuiInputError(f'{where}: "json" holds what JSON cannot carry ({error}); quote dates and '
                                   "other such values as strings") from None
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
        try:
            return item["body"].encode("utf-8")
        except UnicodeEncodeError:
            raise SegtuiInputError(f'{where}: "body" holds a lone UTF-16 surrogate (such as \\ud800), which no HTTP '
                                   "body can carry as text; use body_base64 for bytes") from None
    return b""


def _number(item: dict[str, Any], key: str, where: str, minimum: float, integer: bool = False) -> float | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int if integer else (int, float)) or not value >= minimum:
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
    named = _MATCHER_IN_VALUE.match(pattern)
    if named:
        key, rest = named.group(1).lower(), pattern[named.end():].strip()
        raise SegtuiInputError(f'{where}: {matcher}: "{pattern}" names its matcher inside the value, so it would '
                               f'never match; write the key instead: {key}: {rest}')
    rule = MockRule(number, matcher, _exact_url(pattern) if matcher == "url" else pattern)
    if matcher in ("glob", "regex"):
        try:
            rule.compiled = UrlPattern(matcher, pattern)
        except re.error as error:
            raise SegtuiInputError(f'{where}: "{matcher}" is not a valid {_KINDS[matcher]}: {error}') from None
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
    rule.status_text = _status_text(item.get("status_text"), where)
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

    def explain(self, method: str, url: str) -> str | None:
        """Why no rule answered a request (after `match` found none): the closest rule and what differs."""
        try:
            return closest_miss(self.rules, method, url)
        except SlowMatch as slow:
            raise SlowMatch(f"{self.path}: {slow}") from None

    def match(self, method: str, url: str) -> MockRule | None:
        """The first rule answering this request, counted as used; None when no rule does."""
        self.refresh()
        try:
            rule = next((rule for rule in self.rules if rule.matches(method, url)), None)
        except SlowMatch as slow:
            raise SlowMatch(f"{self.path}: {slow}") from None
        if rule is not None:
            rule.used += 1
        return rule
