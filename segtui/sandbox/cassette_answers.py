"""Replay mode in the sandbox: each request answered by the recorded exchange a cassette holds for it.

Replay matches a request on method and URL (secrets masked on both sides, as the file holds them), answering it with
the first unused recording of the body it sends, else the last used one of that body, else (a body never recorded)
the first unused recording, else the last: a cassette replays the same run any number of times, and a body sent more
often than recorded keeps its own answer.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

from segtui.cassette import read_cassette
from segtui.masking import HEADER_MASK, MASK, NO_MASK, Masker
from segtui.records import Body
from segtui.sandbox.exchange import Exchange, Outgoing, system_error

_BODY_DIFFERS = "replayed a recording of this method and URL whose request body was different"
_LISTED = 8


def _masked_body(data: bytes | None, masker: Masker) -> dict[str, Any]:
    """A whole body as a cassette holds it: its bytes masked, then given as text or base64."""
    masked = masker.bytes(data) if data else data
    body = Body.of(masked, limit=len(masked or b""))
    return {"body": body.body, "body_encoding": body.body_encoding}


def interaction(outgoing: Outgoing, exchange: Exchange, masker: Masker) -> dict[str, Any]:
    """One exchange as a cassette holds it, masked by `masker`."""
    response = None
    if exchange.error is None:
        response = {"status": exchange.status, "status_text": masker.text(exchange.status_text),
                    "headers": masker.headers(exchange.headers), **_masked_body(exchange.body, masker)}
        if exchange.cut:
            response["cut"] = True
    error = None
    if exchange.error is not None:
        error = dict(exchange.error, message=masker.text(exchange.error["message"]))
    return {"request": {"method": masker.text(outgoing.method), "url": masker.text(outgoing.url),
                        "headers": masker.headers(outgoing.headers), **_masked_body(outgoing.body, masker)},
            "response": response, "error": error}


def _decode(holder: dict[str, Any]) -> bytes:
    body = holder.get("body")
    if body is None:
        return b""
    return base64.b64decode(body) if holder.get("body_encoding") == "base64" else body.encode("utf-8")


class Cassette:
    """A recorded cassette answering requests in replay mode."""

    def __init__(self, path: str | Path, masker: Masker = NO_MASK) -> None:
        self.path = Path(path)
        self.masker = masker
        self.interactions = read_cassette(self.path)
        self._used = [False] * len(self.interactions)

    def _pick(self, method: str, url: str, body: str | None) -> int | None:
        # A URL a replayed header gave (a redirect's Location) holds HEADER_MASK where the cassette holds MASK.
        url = url.replace(HEADER_MASK, MASK)
        candidates = [index for index, item in enumerate(self.interactions)
                      if item["request"]["method"] == method and item["request"]["url"].replace(HEADER_MASK, MASK) == url]
        if not candidates:
            return None
        same_body = [index for index in candidates if self.interactions[index]["request"].get("body") == body]
        unused_same = [index for index in same_body if not self._used[index]]
        if unused_same or same_body:
            return unused_same[0] if unused_same else same_body[-1]
        unused = [index for index in candidates if not self._used[index]]
        return unused[0] if unused else candidates[-1]

    def holdings(self) -> str:
        """What the cassette holds, briefly, for the message about an unmatched request."""
        if not self.interactions:
            return "nothing (it is empty)"
        listed = [f"{item['request']['method']} {item['request']['url']}" for item in self.interactions[:_LISTED]]
        more = len(self.interactions) - _LISTED
        return ", ".join(listed) + (f" and {more} more" if more > 0 else "")

    def answer(self, outgoing: Outgoing) -> Exchange:
        """The recorded exchange for a request, or a FetchError naming the request and what the cassette holds."""
        method, url = self.masker.text(outgoing.method), self.masker.text(outgoing.url)
        body = _masked_body(outgoing.body, self.masker)["body"]
        index = self._pick(method, url, body)
        if index is None:
            reason = (f"segtui replay: no recorded response for {method} {url} in {self.path.name}; "
                      f"it holds: {self.holdings()}")
            return Exchange(error=system_error(outgoing.url, reason, "ENETUNREACH"), source="replay")
        self._used[index] = True
        item = self.interactions[index]
        note = _BODY_DIFFERS if item["request"].get("body") != body else None
        if item.get("error"):
            return Exchange(error=dict(item["error"]), source="replay", note=note)
        response = item["response"]
        # A credential header (or a secret in a header's name) was masked when recorded; fetch refuses MASK in a
        # header, so it replays as HEADER_MASK.
        headers = [(str(name).replace(MASK, HEADER_MASK), str(value).replace(MASK, HEADER_MASK))
                   for name, value in response.get("headers", [])]
        return Exchange(int(response["status"]), str(response.get("status_text", "")), headers, _decode(response),
                        source="replay", wait_ms=0.0, note=note, cut=response.get("cut") is True)
