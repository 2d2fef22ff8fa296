"""Mock rules: requests matched by method and URL, answered with a response or a network failure.

A mock file (JSON, or YAML for `.yaml`/`.yml`) holds a list of rules, or `{"rules": [...]}`;
the first rule that matches a request answers it:

    - method: POST                             # or [GET, POST]; any method when left out
      url: https://api.example.com/v1/events   # exact; or a prefix:, glob: or regex: key instead of url:
      status: 201                              # 200 when left out
      headers: {X-Request-Id: abc}
      json: {ok: true}                         # or body: "text", or body_base64: "..."
      delay_ms: 120                            # 0 to 3600000 (an hour, --timeout's most)
    - prefix: https://api.example.com/
      fail: timeout                            # refused | dns | reset | timeout
      times: 1                                 # answers only the first matching request

`times` counts per handler instance, as module state does: each load starts the counts again
(`segtui test` runs every event on a fresh load, so each sees fresh counts), while `segtui replay`
runs its events on one warm load per sandbox process, which keeps counting across them (until a
run stopped by a limit costs that instance). An edit of the file starts the counts again too.

In a glob, `*` matches within a path segment and `**` across segments; `?` is literal. A regex
is searched in the URL (anchor it with ^ and $); both match without backtracking (segtui.url_patterns). URLs are node-fetch's: `https://host` is `https://host/`.
A request no rule answers is explained by `closest_miss` (segtui.mock_misses): the rule it nearly matched and what
differs.
"""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from segtui.data_files import YAML_SUFFIXES, parse_data_text
from segtui.errors import SegtuiInputError
from segtui.mock_misses import closest_miss, shown
from segtui.protocol import MAX_TIMEOUT_S
from segtui.url_patterns import SlowMatch, UrlPattern
from segtui.user_files import read_text_file
from segtui.webhooks import HEADER_NAME, latin1_line, one_line

DEFAULT_MOCK_FILENAME = "segtui.mock.yaml"
"""The mock file beside the handler that every command loads when no --mock is given."""


def mock_file_there(path: Path) -> bool:
    """Whether something is at the mock file's `path`, readable or not: only a missing file (or folder) means none, so
    one segtui cannot read (unreadable, a loop of links) is refused saying why, not taken for none (requests went live)."""
    try:
        path.stat()
    except (FileNotFoundError, NotADirectoryError):
        return False
    except OSError:
        return True
    return True


FAILURES = ("refused", "dns", "reset", "timeout")
_MATCHERS = ("url", "prefix", "glob", "regex")
_MATCHER_IN_VALUE = re.compile(r"^(url|prefix|glob|regex):", re.IGNORECASE)
_KEYS = ("method", *_MATCHERS, "status", "status_text", "headers", "body", "json", "body_base64", "fail",
         "delay_ms", "times")
_KINDS = {"glob": "glob", "regex": "regular expression"}
MAX_DELAY_MS = int(MAX_TIMEOUT_S * 1000)
"""A rule's longest delay: --timeout's most, the longest a run can wait for it (NaN and infinity are refused)."""
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
        return f"rule {self.number} ({self.matcher} {shown(self.pattern)})"


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
        if not isinstance(given, (str, int, float)) or (isinstance(given, str) and not one_line(given)):
            raise SegtuiInputError(f'{where}: the header {name} must have one line of text, a number or true/false, '
                                   f'not {given!r}')
        if isinstance(given, str) and not latin1_line(given):
            # fetch refuses such a value (`… is not a legal HTTP header value`): it would fail in the handler instead.
            raise SegtuiInputError(f"{where}: the header {name}'s value holds characters past U+00FF, which an HTTP "
                                   "header cannot carry; percent-encode them (or write their UTF-8 bytes as Latin-1)")
    return [(name, str(given).lower() if isinstance(given, bool) else str(given)) for name, given in pairs]


def _status_text(value: object, where: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str) or not latin1_line(value):
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


def _number(item: dict[str, Any], key: str, where: str, least: float, most: float = math.inf,
            integer: bool = False, unit: str = "") -> float | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int if integer else (int, float)) or not least <= value <= most:
        kind = "a whole number" if integer else "a number"  # NaN, infinity and past-float integers (JSON's 1e400) too
        bounds = f"of at least {least:g}" if most == math.inf else f"from {least:g} to {most:,}{unit}"
        got = f", not {value!r}" if isinstance(value, float) else ""  # 3600000.5, not 3.6e+06: the bound itself
        raise SegtuiInputError(f'{where}: "{key}" must be {kind} {bounds}{got}')
    return value


def parse_rule(item: object, number: int, source: str) -> MockRule:
    """Check one rule and build it; errors name the file and the rule."""
    where = f"{source}: rule {number}"
    if not isinstance(item, dict):
        raise SegtuiInputError(f"{where} must be a map such as {{url: ..., status: 200}}")
    for key in item:
        if key not in _KEYS:
            import difflib  # here: only a typo's hint needs it
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
    status = _number(item, "status", where, 100, 599, integer=True)
    rule.status = int(status or 200)
    rule.status_text = _status_text(item.get("status_text"), where)
    rule.headers = _headers(item["headers"], where) if "headers" in item else []
    rule.body = _body(item, rule.headers, where)
    rule.delay_ms = float(_number(item, "delay_ms", where, 0, MAX_DELAY_MS, unit=" ms (an hour, --timeout's most)") or 0)
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


_PARSED: dict[Path, tuple[str, object]] = {}
"""The last mock file this process parsed, its text and what it parsed to: a command checks the file before it starts
(`check_network`), and the TUI again before each run. parse_rules copies what it keeps, so the data is never changed."""


def _mock_data(path: Path) -> object:
    """The data of the mock file `path`, parsed once for each text it holds (read every time); a named pipe is refused,
    as each run and change reads the file again, and one with no writer would be waited on for ever."""
    text = read_text_file(path, _EXPECTED, pipe=False)
    known = _PARSED.get(path)
    if known is None or known[0] != text:
        _PARSED.clear()  # a process reads one mock file at a time: the last one's parse is all it keeps
        known = _PARSED[path] = (text, parse_data_text(path, text))
    return known[1]


MAX_CARRIED_CHARS = 256 * 1024
"""A mock file longer than this is parsed again by the sandbox rather than sent parsed: checking and sending its data
costs segtui's process about what the sandbox's own parse would (a 1.7 MB file of 5,500 rules: ~240 ms)."""


def parsed(path: str | Path) -> dict[str, Any] | None:
    """The YAML mock file `path` as this process last parsed it, `{"text", "data"}`, for a sandbox to read its rules
    without parsing it again (NetworkOptions.mock_parsed); None for a JSON file (quick to parse) and for data JSON would
    not carry unchanged (a YAML date or binary, a number as a key, NaN)."""
    path = Path(path)
    known = _PARSED.get(path)
    if known is None or path.suffix.lower() not in YAML_SUFFIXES or len(known[0]) > MAX_CARRIED_CHARS:
        return None
    return {"text": known[0], "data": known[1]} if _carried_unchanged(known[1]) else None


def _carried_unchanged(data: object) -> bool:
    """Whether JSON carries `data` unchanged, checked without encoding it (the config sent to the sandbox encodes it,
    once; a round trip cost ~5.3 ms of CPU for 225 KB, this ~2.7 ms): text keys, and text, integers, booleans, null
    and finite numbers in lists and maps (the reader refused a cycle of aliases: parse_data_text)."""
    stack: list[Any] = [data]
    while stack:
        value = stack.pop()
        kind = type(value)  # exact types (as the YAML reader makes them), checked faster than by isinstance
        if kind is dict:
            if not all(type(key) is str for key in value):
                return False
            stack.extend(value.values())
        elif kind is list:
            stack.extend(value)
        elif kind is float:
            if not math.isfinite(value):
                return False
        elif value is not None and kind is not str and kind is not int and kind is not bool:
            return False
    return True


class MockFile:
    """A mock file, read again when it changes on disk so that edits apply from the next request on."""

    def __init__(self, path: str | Path, parsed: dict[str, Any] | None = None) -> None:
        """`parsed` (from `parsed`, in another process) is taken as what the file parses to while its text is the same."""
        self.path = Path(path)
        self.rules: list[MockRule] = []
        self._stamp: tuple[int, int] | None = None
        self._refreshing = threading.Lock()
        if parsed is not None and self.path.suffix.lower() in YAML_SUFFIXES:
            _PARSED.clear()
            _PARSED[self.path] = (parsed["text"], parsed["data"])

    def refresh(self) -> None:
        """Re-read the rules if the file changed; raises SegtuiInputError if it is now invalid.

        "Changed" is its (mtime_ns, size) stamp, taken before the read and kept after a successful parse: a rewrite of
        the same size within the same mtime tick is not read again. Two workers refreshing at once (the TUI's) take
        turns, so a slow parse of an older text never replaces a newer one's rules, nor keeps them under its stamp."""
        with self._refreshing:
            try:
                status = self.path.stat()
                stamp = (status.st_mtime_ns, status.st_size)
            except OSError:
                stamp = None
            if stamp is not None and stamp == self._stamp:
                return
            self.rules = parse_rules(_mock_data(self.path), str(self.path))
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
