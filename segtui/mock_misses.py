"""Why no mock rule answered a request: the rule it nearly matched and what differs, cheaply even for big mock files.

The time this takes is the run's, so it is bounded: only a mock file's first _EXPLAINED rules are compared, a rule
whose host differs from the request's and does not look like it (a typo) is set aside before anything costlier is
compared, and difflib compares only the beginnings of long texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from segtui.cut_secrets import cut
from segtui.url_patterns import glob_matches

if TYPE_CHECKING:
    from segtui.mock_rules import MockRule

_SIMILAR_HOST = 0.8
"""How alike two hosts are (difflib's ratio) for a rule on the other one to count as close: a typo, not another API."""
_SIMILAR_URL = 0.7
"""The same, for a whole URL and a pattern that cannot be split into parts (a regex)."""
_COMPARED = 300
"""How many characters of each side `_likeness` compares: difflib's time grows with the square of the length."""
_SHOWN = 200
"""How many characters of a URL's part a reason quotes."""
_EXPLAINED = 1000
"""How many rules, from the first, a request no rule answered is compared with: the time it takes is the run's."""

Parts = tuple[str, str, str, str]

MISSED = "no mock rule matched it"
"""How a request's note starts its part saying no mock rule answered it (`MISSED; ` then `closest_miss`'s reason)."""


def shown(text: str) -> str:
    """A part of a URL or pattern as a message quotes it: cut, with a marker, past _SHOWN characters."""
    return text if len(text) <= _SHOWN else f"{cut(text, _SHOWN + 1)} ({len(text):,} characters)"


def _likeness(text: str, other: str) -> float:
    """How alike two texts look, from 0 to 1 (difflib's ratio of their beginnings, so a long URL costs no more)."""
    import difflib  # here: only a request no rule answers needs it
    return difflib.SequenceMatcher(None, text[:_COMPARED], other[:_COMPARED]).ratio()


def _alike(text: str, other: str, threshold: float) -> bool:
    """Whether two texts are at least `threshold` alike, ruling most pairs out by difflib's cheap upper bounds first."""
    import difflib  # here: only a request no rule answers needs it
    matcher = difflib.SequenceMatcher(None, text[:_COMPARED], other[:_COMPARED])
    return (matcher.real_quick_ratio() >= threshold and matcher.quick_ratio() >= threshold
            and matcher.ratio() >= threshold)


@dataclass
class Miss:
    """Why one rule that comes close did not answer a request: `reasons` (empty when it would have)."""

    rule: MockRule
    reasons: list[str]
    distance: int
    """How many parts differ."""
    url: str

    def likeness(self) -> float:
        """How alike the URL and the rule's pattern are, from 0 to 1, to choose between rules as far off."""
        return _likeness(self.url, self.rule.pattern.replace("\\", ""))

    def explain(self) -> str:
        """`the closest is rule 2 (url https://a.example/v1/events): path /v1/event, not /v1/events`."""
        return f"the closest is {self.rule.describe()}: {'; '.join(self.reasons)}"


def url_parts(url: str) -> Parts | None:
    """A URL (or a URL-like pattern) as scheme, host (with port), path and query; None without `scheme://`."""
    match = re.match(r"([A-Za-z][A-Za-z0-9+.-]*)://([^/?#]*)(.*)", url, re.DOTALL)
    if match is None:
        return None
    scheme, host, rest = match.groups()
    path, mark, query = rest.partition("?")
    return scheme, host, path, mark + query


def _host_differs(matcher: str, host: str, pattern: Parts) -> bool:
    """Whether a url, prefix or glob rule's host rules out the request's host."""
    if matcher == "glob":
        return not glob_matches(pattern[1], host)
    if matcher == "prefix" and not (pattern[2] or pattern[3]):  # a prefix that stops within the host
        return not host.startswith(pattern[1])
    return host != pattern[1]


def _part_reasons(matcher: str, request: Parts, pattern: Parts) -> list[str]:
    """What differs between a request URL's parts and a url, prefix or glob rule's."""
    names = ("scheme", "host", "path", "query")
    if matcher == "url":
        reasons = [f"{name} {shown(got) or '(none)'}, not {shown(want) or '(none)'}"
                   for name, got, want in zip(names, request, pattern) if got != want]
        if "*" in "".join(pattern) and reasons:
            reasons.append("url: is exact, * included (glob: takes wildcards)")
        return reasons
    if matcher == "glob":
        checks = [("scheme", request[0], pattern[0]), ("host", request[1], pattern[1]),
                  ("path", request[2] + request[3], pattern[2] + pattern[3])]
        return [f"{name} {shown(got) or '(none)'} does not match {shown(want) or '(none)'}"
                for name, got, want in checks if not glob_matches(want, got)]
    scheme, host, path, query = pattern  # a prefix: its last part may stop anywhere
    reasons = [f"scheme {shown(request[0])}, not {shown(scheme)}"] if request[0] != scheme else []
    whole_host = bool(path or query)
    if _host_differs(matcher, request[1], pattern):
        reasons.append(f"host {shown(request[1])}, not {shown(host)}" if whole_host
                       else f"host {shown(request[1])} does not start with {shown(host)}")
    rest = path + query
    if whole_host and not (request[2] + request[3]).startswith(rest):
        reasons.append(f"path {shown(request[2] + request[3])} does not start with {shown(rest)}")
    return reasons


def rule_miss(rule: MockRule, method: str, url: str, request: Parts | None) -> Miss | None:
    """What keeps a rule from answering a request, part by part (method, scheme, host, path, query); None when it is
    not worth naming: neither its host is the request's or nearly (a typo) nor it looks much like the URL."""
    pattern = url_parts(rule.pattern) if rule.matcher != "regex" else None
    if request is None or pattern is None or (rule.matcher == "glob" and "**" in pattern[1]):
        # Not comparable part by part (a regex): how alike the URL and the pattern look says how close it is.
        url_reasons = [] if rule.matches_url(url) else [f"the URL does not match its {rule.matcher}"]
        if url_reasons and not _alike(url, rule.pattern.replace("\\", ""), _SIMILAR_URL):
            return None
    else:
        if _host_differs(rule.matcher, request[1], pattern) and not _alike(
                request[1], pattern[1].replace("*", ""), _SIMILAR_HOST):
            return None
        url_reasons = _part_reasons(rule.matcher, request, pattern)
    reasons = [f"method {method}, not {' or '.join(sorted(rule.methods))}"] if (
        rule.methods and method not in rule.methods) else []
    distance = len(reasons) + len(url_reasons)
    reasons += url_reasons
    if not reasons and rule.times is not None and rule.used >= rule.times:
        reasons.append(f"it has answered {rule.times} {'request' if rule.times == 1 else 'requests'} "
                       f"already (times: {rule.times})")
    return Miss(rule, reasons, distance, url)


def closest_miss(rules: list[MockRule], method: str, url: str) -> str | None:
    """Why no rule answered a request: the closest rule and what differs, or None when none comes close."""
    request = url_parts(url)
    misses = [miss for miss in (rule_miss(rule, method, url, request) for rule in rules[:_EXPLAINED])
              if miss and miss.reasons]
    if not misses:
        return None
    best = min(misses, key=lambda miss: (miss.distance, -miss.likeness(), miss.rule.number))
    return best.explain()
