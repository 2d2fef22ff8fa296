"""The URL patterns of mock rules, matched so that no URL can make a rule backtrack for ever.

A glob runs on RE2, in time linear in the URL. A regex keeps the syntax and meaning of Python's `re`: it runs on
RE2 too whenever RE2 reads it as `re` does, and otherwise (a lookaround, a backreference, `\\Z`, `{,n}`, a
non-ASCII URL, where RE2's `\\d`, `\\w` … differ) on the `regex` module, `re`'s engine with a time limit per
URL: past it, matching raises SlowMatch, which names the rule rather than leaving the run to time out. The few
that `regex` reads otherwise too (POSIX-looking classes such as `[[:alpha:]]`, fuzzy counts such as `{e<=1}`)
run on `re` itself, with no limit.
"""

from __future__ import annotations

import functools
import re
import threading
import warnings
from typing import Any

from segtui.errors import SegtuiInputError

SLOW_MATCH_S = 0.5
"""How long (by the clock) a regex that runs on Python's engine may take to match one URL."""
_RE2_READS_OTHERWISE = re.compile(r"\{,|\[:")
"""What RE2 compiles but reads unlike `re`: `a{,3}` (a literal to RE2) and POSIX classes such as `[[:alpha:]]`."""
_REGEX_READS_OTHERWISE = re.compile(r"\[:|\{[eids]")
"""What the `regex` module reads unlike `re`: POSIX classes, and fuzzy counts such as `{e<=1}` (literal text to `re`)."""


class SlowMatch(SegtuiInputError):
    """A regex took longer than SLOW_MATCH_S to match a URL: it backtracks, as `(a+)+$` does."""


def _re2(source: str) -> Any | None:
    """The pattern compiled by RE2, or None when RE2 cannot run it."""
    import re2  # deferred: only glob and regex rules need it

    options = re2.Options()
    options.log_errors = False  # RE2 would print its complaint on stderr, under segtui's own output
    options.dot_nl = True
    try:
        return re2.compile(source, options)
    except re2.error:
        return None


def _glob_source(glob: str) -> str:
    """A glob as a regular expression: `*` is any run within a path segment, `**` any run at all."""
    parts = re.split(r"(\*+)", glob)
    return "".join(("[^/]*" if part == "*" else ".*") if part.startswith("*") else _literal(part) for part in parts)


def _literal(text: str) -> str:
    """Text that both RE2 and Python read as itself: every character but letters and digits as an escape."""
    return "".join(char if char.isascii() and char.isalnum() else f"\\x{{{ord(char):x}}}" for char in text)


class UrlPattern:
    """A glob or regex of a mock rule, compiled; `matches` says whether a URL is one it answers."""

    def __init__(self, matcher: str, source: str) -> None:
        """Compile `source` (raising re.error for a regex Python's `re` rejects)."""
        self.matcher = matcher
        self._whole = matcher == "glob"
        self._python: Any | None = None
        if self._whole:
            self._fast = _re2(_glob_source(source))
            if self._fast is None:  # RE2 refuses a pattern only past its memory budget: a glob thousands long
                raise re.error("the glob is too long to match in linear time")
            return
        with warnings.catch_warnings():  # `re` warns of `[[` on stderr: it means what it means today
            warnings.simplefilter("ignore", FutureWarning)
            self._exact = re.compile(source)  # its syntax, and its error messages, are the ones documented
        self._source = source
        self._fast = None if _RE2_READS_OTHERWISE.search(source) else _re2(source)
        self._exact_only = _REGEX_READS_OTHERWISE.search(source) is not None
        """Whether `regex` reads it unlike `re` too, so that only `re` runs it when RE2 cannot."""

    def matches(self, url: str) -> bool:
        """Whether the URL matches (a glob: all of it; a regex: anywhere); SlowMatch when Python's engine gives up."""
        if self._whole:
            return self._fast.fullmatch(url) is not None  # type: ignore[union-attr]
        if self._fast is not None and url.isascii():
            return self._fast.search(url) is not None
        return self._slow_search(url)

    def _slow_search(self, url: str) -> bool:
        if self._exact_only:
            return self._exact.search(url) is not None
        import regex  # deferred: only regexes RE2 cannot run need it

        if self._python is None:
            self._python = regex.compile(self._source, regex.VERSION0)
        compiled = self._python
        found: list[bool] = []
        failed: list[BaseException] = []

        def search() -> None:
            try:
                found.append(compiled.search(url, timeout=SLOW_MATCH_S, concurrent=True) is not None)
            except BaseException as error:  # noqa: BLE001 - handed to the waiting thread, which raises it
                failed.append(error)

        # `regex` measures its timeout in the process's CPU time (C's clock()): on a busy machine 0.5 s of it took
        # seconds, and the run met its own time limit first. The search, freed of the GIL, is waited for by the clock;
        # given up, it still ends by itself within its CPU time.
        searching = threading.Thread(target=search, name="segtui-regex", daemon=True)
        searching.start()
        searching.join(SLOW_MATCH_S)
        if found:
            return found[0]
        if failed and not isinstance(failed[0], TimeoutError):
            raise failed[0]
        raise SlowMatch(f"took over {SLOW_MATCH_S:g} s to match a URL of {len(url):,} characters and was given up: "
                        "Python's regex engine backtracks on it (segtui runs a regex on RE2, in linear time, only "
                        "where RE2 reads it as Python does); simplify it, e.g. with no nested repeat such as "
                        "(a+)+, or $ for \\Z")


def glob_matches(glob: str, text: str) -> bool:
    """Whether a glob matches all of `text`, for a part of a URL (one with no star: is it)."""
    return _part_glob(glob).matches(text) if "*" in glob else glob == text


@functools.lru_cache(maxsize=1024)
def _part_glob(glob: str) -> UrlPattern:
    """A glob compiled once while in use: the rules of a mock file are compared with each request no rule answers."""
    return UrlPattern("glob", glob)
