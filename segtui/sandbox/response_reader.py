"""A live response parsed by httptools: llhttp, the HTTP parser Node itself uses, so a response reads as Node reads it."""

from __future__ import annotations

import re

import httptools

_CHUNKED_LAST = re.compile(r"(?:^|,)[ \t]*chunked[ \t]*$", re.IGNORECASE | re.ASCII)


def is_chunked(transfer_encoding: str) -> bool:
    """Whether a Transfer-Encoding value frames the body in chunks: `chunked` is its last coding, as llhttp reads it (in
    ASCII's cases only: the Kelvin sign is no `K`)."""
    return _CHUNKED_LAST.search(transfer_encoding) is not None


class ParseFailure(Exception):
    """The bytes are not an HTTP response as llhttp reads them; the message is llhttp's reason (Node's "Parse Error: …").

    httptools names llhttp's error code for a bad status line only; Node's code for the others (HPE_INVALID_HEADER_TOKEN
    and so on) is not exposed, so they get HPE_INVALID_CONSTANT, Node's code for a response that is not HTTP at all.
    """

    def __init__(self, reason: str, code: str = "HPE_INVALID_CONSTANT") -> None:
        super().__init__(reason)
        self.code = code


class ResponseReader:
    """Keeps the final response's status line, headers (in wire order) and body as received bytes are fed in.

    An informational response (1xx) other than 101 is skipped, as httpcore and Node skip it; a chunked body's trailers
    are no headers, as node-fetch never sees them; once
    the response is complete, whatever follows it on the connection is ignored. A response to HEAD
    (`bodiless`) is complete with its headers, whatever they say of a body. A body whose framing breaks
    (a bad chunk) sets `broken` instead of raising: the response stands, with the body of the reads before the one
    that broke it (Node destroys the response then, and what that read held never reaches its stream).
    """

    def __init__(self, max_head: int, bodiless: bool = False) -> None:
        self._parser = httptools.HttpResponseParser(self)
        self._max_head = max_head
        self._bodiless = bodiless
        self._head_bytes = 0
        self.status = 0
        self.version = "1.1"
        self.reason = b""
        self.headers: list[tuple[str, str]] = []
        """The head's headers as text (Latin-1, as Node reads them), in wire order."""
        self.chunks: list[bytes] = []
        self.body_size = 0
        self.head_done = False
        self.complete = False
        self.broken = False

    def feed(self, data: bytes) -> None:
        """Parse the next bytes received; raises ParseFailure where llhttp stops, or past `max_head` bytes of head."""
        if self.complete:
            return
        if not self.head_done:
            self._head_bytes += len(data)
        kept, kept_size = len(self.chunks), self.body_size
        try:
            self._parser.feed_data(data)
        except httptools.HttpParserUpgrade:
            self.complete = True  # a 101 hands the connection over to another protocol: no body follows
        except httptools.HttpParserError as error:
            if self.head_done:
                self.broken = not self.complete
                if self.broken:
                    del self.chunks[kept:]
                    self.body_size = min(self.body_size, kept_size)
                return
            if not self.complete:
                code = "HPE_INVALID_STATUS" if isinstance(error, httptools.HttpParserInvalidStatusError) else "HPE_INVALID_CONSTANT"
                raise ParseFailure(str(error), code) from None
        if not self.head_done and self._head_bytes > self._max_head:
            raise ParseFailure("Header overflow", "HPE_HEADER_OVERFLOW")

    def ends_at_close(self) -> bool:
        """Whether the body runs until the server closes (no Content-Length and not chunked), as llhttp frames it."""
        for name, value in self.headers:
            lowered = name.lower()
            if lowered == "content-length" or (lowered == "transfer-encoding" and is_chunked(value)):
                return False
        return True

    # httptools' callbacks.

    def on_message_begin(self) -> None:
        if self.complete:
            raise ParseFailure("the response is complete")  # feed() ignores it: the bytes after a response are not read
        self.reason, self.headers, self.chunks, self.body_size = b"", [], [], 0

    def on_status(self, reason: bytes) -> None:
        self.reason += reason

    def on_header(self, name: bytes, value: bytes) -> None:
        if not self.head_done:  # after the head, a field is a chunked body's trailer: Node keeps it apart (res.trailers)
            self.headers.append((name.decode("latin-1"), value.decode("latin-1")))

    def on_headers_complete(self) -> None:
        status = self._parser.get_status_code()
        if 100 <= status < 200 and status != 101:
            return
        self.status = status
        self.version = self._parser.get_http_version()
        self.head_done = True
        self.complete = self._bodiless

    def on_body(self, body: bytes) -> None:
        if not self.complete:
            self.chunks.append(body)
            self.body_size += len(body)

    def on_message_complete(self) -> None:
        if self.head_done:
            self.complete = True
