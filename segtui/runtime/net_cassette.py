"""Cassettes: live exchanges saved to a JSON file with secrets masked, and answered back from it.

    {"segtui_cassette": 1, "interactions": [
      {"request": {"method", "url", "headers", "body", "body_encoding"},
       "response": {"status", "status_text", "headers", "body", "body_encoding"} | null,
       "error": null | {"message", "type", "code"}}]}

Replay matches a request on method and URL (secrets masked on both sides, as the file holds them),
taking recorded exchanges in order and preferring one whose body matches; once all matching ones
have been used, the last is used again, so a cassette replays the same run any number of times.
"""

from __future__ import annotations

import base64
import threading
import time
from collections.abc import Iterable
from pathlib import Path

from segtui.errors import SegtuiInputError
from segtui.events import write_json_atomic
from segtui.masking import NO_MASK, Masker
from segtui.runtime.net_exchange import Exchange, Outgoing, body_fields, system_error
from segtui.runtime.net_files import read_data_file

FORMAT = 1
_EXPECTED = 'a segtui cassette: {"segtui_cassette": 1, "interactions": [...]}'
_BODY_DIFFERS = "replayed a recording of this method and URL whose request body was different"
_LISTED = 8
SAVE_EVERY = 200
SAVE_AFTER_S = 2.0


def _masked_body(data: bytes | None, masker: Masker) -> dict:
    """A whole body as a cassette holds it: its bytes masked, then given as text or base64."""
    masked = masker.bytes(data) if data else data
    fields = body_fields(masked, limit=len(masked or b""))
    return {"body": fields["body"], "body_encoding": fields["body_encoding"]}


def interaction(outgoing: Outgoing, exchange: Exchange, masker: Masker) -> dict:
    """One exchange as a cassette holds it, masked by `masker` (NO_MASK with --reveal-secrets)."""
    response = None
    if exchange.error is None:
        response = {"status": exchange.status, "status_text": exchange.status_text,
                    "headers": masker.headers(exchange.headers), **_masked_body(exchange.body, masker)}
    error = None
    if exchange.error is not None:
        error = dict(exchange.error, message=masker.text(exchange.error["message"]))
    return {"request": {"method": outgoing.method, "url": masker.text(outgoing.url),
                        "headers": masker.headers(outgoing.headers), **_masked_body(outgoing.body, masker)},
            "response": response, "error": error}


def existing_interactions(path: Path) -> list[dict]:
    """The exchanges a cassette file already holds, so that recording extends it and never loses any; none if absent."""
    if not path.exists():
        return []
    return _check(read_data_file(path, _EXPECTED), str(path))


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
        self.interactions: list[dict] = existing_interactions(self.path)
        self._saved = len(self.interactions)
        self._runs = 0
        self._saved_at: float | None = None
        self._timer: threading.Timer | None = None
        self._problem: str | None = None
        self._lock = threading.Lock()

    def add(self, interactions: Iterable[dict]) -> str | None:
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
                self._timer = threading.Timer(self._saved_at + self.seconds - now, self._save_later)
                self._timer.daemon = True
                self._timer.start()
        return (self.save() if due else None) or problem

    def save(self) -> str | None:
        """Write the cassette now if anything was added since the last write; what went wrong, if it failed."""
        with self._lock:
            if self._timer is not None:
                self._timer.cancel()
                self._timer = None
            if len(self.interactions) == self._saved:
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


def _decode(holder: dict) -> bytes:
    body = holder.get("body")
    if body is None:
        return b""
    return base64.b64decode(body) if holder.get("body_encoding") == "base64" else body.encode("utf-8")


def _check(data: object, source: str) -> list[dict]:
    if not isinstance(data, dict) or data.get("segtui_cassette") != FORMAT or not isinstance(data.get("interactions"), list):
        raise SegtuiInputError(f"{source}: expected {_EXPECTED}")
    for number, item in enumerate(data["interactions"], 1):
        request = item.get("request") if isinstance(item, dict) else None
        if not isinstance(request, dict) or not isinstance(request.get("method"), str) or not isinstance(request.get("url"), str):
            raise SegtuiInputError(f"{source}: interaction {number} has no request with a method and a url")
        if not isinstance(item.get("response"), dict) and not isinstance(item.get("error"), dict):
            raise SegtuiInputError(f"{source}: interaction {number} has neither a response nor an error")
    return data["interactions"]


class Cassette:
    """A recorded cassette answering requests in replay mode."""

    def __init__(self, path: str | Path, masker: Masker = NO_MASK) -> None:
        self.path = Path(path)
        self.masker = masker
        self.interactions = _check(read_data_file(self.path, _EXPECTED), str(self.path))
        self._used = [False] * len(self.interactions)

    def _pick(self, method: str, url: str, body: str | None) -> int | None:
        candidates = [index for index, item in enumerate(self.interactions)
                      if item["request"]["method"] == method and item["request"]["url"] == url]
        if not candidates:
            return None
        unused = [index for index in candidates if not self._used[index]]
        if not unused:
            return candidates[-1]
        same_body = [index for index in unused if self.interactions[index]["request"].get("body") == body]
        return (same_body or unused)[0]

    def holdings(self) -> str:
        """What the cassette holds, briefly, for the message about an unmatched request."""
        if not self.interactions:
            return "nothing (it is empty)"
        listed = [f"{item['request']['method']} {item['request']['url']}" for item in self.interactions[:_LISTED]]
        more = len(self.interactions) - _LISTED
        return ", ".join(listed) + (f" and {more} more" if more > 0 else "")

    def answer(self, outgoing: Outgoing) -> Exchange:
        """The recorded exchange for a request, or a FetchError naming the request and what the cassette holds."""
        url = self.masker.text(outgoing.url)
        body = _masked_body(outgoing.body, self.masker)["body"]
        index = self._pick(outgoing.method, url, body)
        if index is None:
            reason = (f"segtui replay: no recorded response for {outgoing.method} {url} in {self.path.name}; "
                      f"it holds: {self.holdings()}")
            return Exchange(error=system_error(outgoing.url, reason, "ENETUNREACH"), source="replay")
        self._used[index] = True
        item = self.interactions[index]
        note = _BODY_DIFFERS if item["request"].get("body") != body else None
        if item.get("error"):
            return Exchange(error=dict(item["error"]), source="replay", note=note)
        response = item["response"]
        headers = [(str(name), str(value)) for name, value in response.get("headers", [])]
        return Exchange(int(response["status"]), str(response.get("status_text", "")), headers, _decode(response),
                        source="replay", wait_ms=0.0, note=note)
