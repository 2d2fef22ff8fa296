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
from collections.abc import Iterable
from pathlib import Path

from segtui.errors import SegtuiInputError
from segtui.events import write_json_atomic
from segtui.recorder import mask_headers
from segtui.runtime.net_exchange import Exchange, Outgoing, body_fields, system_error
from segtui.runtime.net_files import read_data_file
from segtui.settings import mask_text

FORMAT = 1
_EXPECTED = 'a segtui cassette: {"segtui_cassette": 1, "interactions": [...]}'
_LISTED = 8


def _masked_body(data: bytes | None, secrets: list[str]) -> dict:
    fields = body_fields(data, limit=len(data or b""))
    if fields["body_encoding"] == "utf-8":
        fields["body"] = mask_text(fields["body"], secrets)
    return {"body": fields["body"], "body_encoding": fields["body_encoding"]}


def interaction(outgoing: Outgoing, exchange: Exchange, secrets: Iterable[str] = (), reveal: bool = False) -> dict:
    """One exchange as a cassette holds it, masked unless `reveal`."""
    secrets = [] if reveal else list(secrets)
    headers = (lambda pairs: [list(pair) for pair in pairs]) if reveal else (lambda pairs: mask_headers(pairs, secrets))
    response = None
    if exchange.error is None:
        response = {"status": exchange.status, "status_text": exchange.status_text,
                    "headers": headers(exchange.headers), **_masked_body(exchange.body, secrets)}
    error = None
    if exchange.error is not None:
        error = dict(exchange.error, message=mask_text(exchange.error["message"], secrets))
    return {"request": {"method": outgoing.method, "url": mask_text(outgoing.url, secrets),
                        "headers": headers(outgoing.headers), **_masked_body(outgoing.body, secrets)},
            "response": response, "error": error}


class CassetteWriter:
    """Collects a record-mode run's exchanges and writes them out whole on each save."""

    def __init__(self, path: str | Path, secrets: Iterable[str] = (), reveal: bool = False) -> None:
        self.path = Path(path)
        self.secrets = list(secrets)
        self.reveal = reveal
        self.interactions: list[dict] = []
        self.dirty = False

    def add(self, outgoing: Outgoing, exchange: Exchange) -> None:
        """Keep one live exchange."""
        self.interactions.append(interaction(outgoing, exchange, self.secrets, self.reveal))
        self.dirty = True

    def save(self) -> None:
        """Write the cassette if anything was added since the last save."""
        if self.dirty:
            write_json_atomic({"segtui_cassette": FORMAT, "interactions": self.interactions}, self.path,
                              overwrite=True, mode=0o600)
            self.dirty = False


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

    def __init__(self, path: str | Path, secrets: Iterable[str] = ()) -> None:
        self.path = Path(path)
        self.secrets = list(secrets)
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
        url = mask_text(outgoing.url, self.secrets)
        body = _masked_body(outgoing.body, self.secrets)["body"]
        index = self._pick(outgoing.method, url, body)
        if index is None:
            reason = (f"segtui replay: no recorded response for {outgoing.method} {url} in {self.path.name}; "
                      f"it holds: {self.holdings()}")
            return Exchange(error=system_error(outgoing.url, reason, "ENETUNREACH"), source="replay")
        self._used[index] = True
        item = self.interactions[index]
        if item.get("error"):
            return Exchange(error=dict(item["error"]), source="replay")
        response = item["response"]
        headers = [(str(name), str(value)) for name, value in response.get("headers", [])]
        return Exchange(int(response["status"]), str(response.get("status_text", "")), headers, _decode(response),
                        source="replay", wait_ms=0.0)
