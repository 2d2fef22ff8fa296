"""Cassettes: live exchanges saved to a JSON file with secrets masked; their format, reading, and writing.

    {"segtui_cassette": 1, "interactions": [
      {"request": {"method", "url", "headers", "body", "body_encoding"},
       "response": {"status", "status_text", "headers", "body", "body_encoding"} | null,
       "error": null | {"message", "type", "code"}}]}

segtui writes them (CassetteWriter); the sandbox answers requests from them (segtui.sandbox.cassette_answers).
"""

from __future__ import annotations

import base64
import binascii
import threading
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from segtui.cut_secrets import cut
from segtui.data_files import read_data_file
from segtui.errors import SegtuiInputError
from segtui.user_files import write_json_atomic
from segtui.webhooks import HEADER_NAME, latin1_line

FORMAT = 1
EXPECTED = 'a segtui cassette: {"segtui_cassette": 1, "interactions": [...]}'
SAVE_EVERY = 200
SAVE_AFTER_S = 2.0


def existing_interactions(path: Path) -> list[dict[str, Any]]:
    """The exchanges a cassette file already holds, so that recording extends it and never loses any; none if absent."""
    if not path.exists():
        return []
    return read_cassette(path)


class CassetteWriter:
    """Collects a record-mode session's exchanges and writes the cassette whole, though not after every run.

    segtui itself (never a sandbox) writes it, adding each run's exchanges in the order of the events,
    so recording from several sandboxes keeps every exchange in a deterministic order. An existing
    cassette is extended: a later `--record` of the same file adds to it.

    Rewriting the file after each run made recording quadratic, so it is written on the first run
    with news (a path that cannot be written shows at once), then when `every` runs or `seconds`
    have gone by since the last write (a timer catches the end of a burst), and on `save` at shutdown.
    """

    def __init__(self, path: str | Path, *, every: int = SAVE_EVERY, seconds: float = SAVE_AFTER_S) -> None:
        self.path = Path(path)
        self.every = every
        self.seconds = seconds
        self.interactions: list[dict[str, Any]] = existing_interactions(self.path)
        self.existing = len(self.interactions)
        """The exchanges the cassette held before this session."""
        self._saved = len(self.interactions)
        self._runs = 0
        self._saved_at: float | None = None
        self._timer: threading.Timer | None = None
        self._problem: str | None = None
        self._lock = threading.Lock()

    def add(self, interactions: Iterable[dict[str, Any]]) -> str | None:
        """Keep one run's live exchanges (cassette entries made in the sandbox) and count the run finished."""
        with self._lock:
            self.interactions.extend(interactions)
        return self.run_finished()

    def run_finished(self) -> str | None:
        """Count a finished run and write the cassette if that is due; why a write failed since the last call, if so."""
        with self._lock:
            self._runs += 1
            problem, self._problem = self._problem, None
            if len(self.interactions) == self._saved:
                return problem
            now = time.monotonic()
            due = self._saved_at is None or self._runs >= self.every or now - self._saved_at >= self.seconds
            if not due and self._timer is None:
                self._timer = threading.Timer((self._saved_at or now) + self.seconds - now, self._save_later)
                self._timer.daemon = True
                self._timer.start()
        return (self.save() if due else None) or problem

    def save(self) -> str | None:
        """Write the cassette now if anything was added since the last write, or if the file is not there (a recording
        that got no exchange is a cassette without one, which `--replay` reads); what went wrong, if it failed."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if len(self.interactions) == self._saved and self.path.exists():
                return None
            self._runs = 0
            self._saved_at = time.monotonic()
            try:
                write_json_atomic({"segtui_cassette": FORMAT, "interactions": self.interactions}, self.path,
                                  overwrite=True, mode=0o600)
            except Exception as error:  # noqa: BLE001 - a cassette that cannot be written is reported, never fatal
                return str(error) if isinstance(error, SegtuiInputError) else f"{type(error).__name__}: {error}"
            self._saved = len(self.interactions)
        return None

    def _save_later(self) -> None:
        problem = self.save()
        if problem:
            with self._lock:
                self._problem = problem


def check_cassette(data: object, source: str) -> list[dict[str, Any]]:
    if (not isinstance(data, dict) or type(data.get("segtui_cassette")) is not int  # `true` is no version
            or data["segtui_cassette"] != FORMAT or not isinstance(data.get("interactions"), list)):
        raise SegtuiInputError(f"{source}: expected {EXPECTED}")
    for number, item in enumerate(data["interactions"], 1):
        request = item.get("request") if isinstance(item, dict) else None
        if not isinstance(request, dict) or not isinstance(request.get("method"), str) or not isinstance(request.get("url"), str):
            raise SegtuiInputError(f"{source}: interaction {number} has no request with a method and a url")
        response, error = item.get("response"), item.get("error")
        if not isinstance(response, dict) and not isinstance(error, dict):
            raise SegtuiInputError(f"{source}: interaction {number} has neither a response nor an error")
        problem = (_message_problem(request)
                   or (_response_problem(response) if response is not None else None)
                   or (_error_problem(error) if error is not None else None))
        if problem:
            raise SegtuiInputError(f"{source}: interaction {number}: {problem}")
    interactions: list[dict[str, Any]] = data["interactions"]
    return interactions


def _response_problem(response: object) -> str | None:
    """What is wrong with a recorded response (a hand-edited cassette), if anything."""
    if not isinstance(response, dict):
        return "the response must be an object with a status, or null"
    status = response.get("status")
    if isinstance(status, bool) or not isinstance(status, int) or not 100 <= status <= 599:
        return f"the response's status must be a whole number from 100 to 599, not {status!r}"
    if not isinstance(response.get("status_text", ""), str):
        return "the response's status_text must be text"
    return _message_problem(response, "response")


_ERROR_FIELDS = {"message": False, "type": False, "code": True, "name": False}
"""The fields of a recorded FetchError (segtui.records.FetchFailure), by whether null is allowed."""


def _error_problem(error: object) -> str | None:
    """What is wrong with a recorded network failure (a hand-edited cassette), if anything."""
    if not isinstance(error, dict):
        return "the error must be an object with a message, or null"
    if not isinstance(error.get("message"), str):
        return "the error's message must be text"
    for name, value in error.items():
        if name not in _ERROR_FIELDS:
            return f"the error has a field {name!r}; it may have {', '.join(_ERROR_FIELDS)}"
        if not isinstance(value, str) and not (value is None and _ERROR_FIELDS[name]):
            return f"the error's {name} must be text{' or null' if _ERROR_FIELDS[name] else ''}"
    return None


def _message_problem(message: dict[str, Any], which: str = "request") -> str | None:
    """What is wrong with a recorded request's or response's headers and body, if anything."""
    from segtui.masking import HEADER_MASK, MASK  # only a cassette read needs them: masking takes ~50-120 ms to import

    headers = message.get("headers", [])
    if not isinstance(headers, list) or not all(
            isinstance(pair, list) and len(pair) == 2 and all(isinstance(part, str) for part in pair) for pair in headers):
        return f"the {which}'s headers must be a list of [name, value] pairs of text"
    for name, value in headers:
        # A secret is masked as MASK, which replays as HEADER_MASK (segtui.sandbox.cassette_answers), in a name too.
        if not HEADER_NAME.fullmatch(name.replace(MASK, HEADER_MASK)):
            return f"the {which}'s header name {name!r} is not one HTTP allows"
        if not latin1_line(value.replace(MASK, HEADER_MASK)):
            return (f"the {which}'s header {name} must be one line of Latin-1 text, as HTTP carries, "
                    f"not {cut(value, 81)!r}")
    body, encoding = message.get("body"), message.get("body_encoding")
    if body is not None and not isinstance(body, str):
        return f"the {which}'s body must be text or null"
    if encoding not in (None, "utf-8", "base64"):
        return f"the {which}'s body_encoding must be utf-8 or base64, not {encoding!r}"
    if encoding != "base64" and body is not None and not body.isascii():
        try:
            body.encode("utf-8")
        except UnicodeEncodeError:
            return f"the {which}'s body holds a lone UTF-16 surrogate (such as \\ud800), which no body carries as text"
    if encoding == "base64" and body is not None:
        try:
            base64.b64decode(body, validate=True)
        except binascii.Error:
            return f"the {which}'s body is not valid base64"
    return None


def is_cassette(path: Path) -> bool:
    """Whether a file is a segtui cassette, by its format key: one kept beside a handler is not an event file."""
    try:
        data = read_data_file(path, EXPECTED)
    except SegtuiInputError:
        return False
    return isinstance(data, dict) and "segtui_cassette" in data


def read_cassette(path: Path) -> list[dict[str, Any]]:
    """The exchanges a cassette file holds; a file that is not a cassette is bad input."""
    return check_cassette(read_data_file(path, EXPECTED), str(path))
