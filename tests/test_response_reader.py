"""How segtui reads a live response with llhttp: framing as Node's parser frames it, and a broken body kept apart."""

from __future__ import annotations

import pytest

from segtui.sandbox.response_reader import ParseFailure, ResponseReader, is_chunked

HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"


def test_a_body_that_breaks_in_the_packet_of_the_head_leaves_the_response_standing():
    # Node destroys the response at the parse error: the body the same read held never reaches its stream
    # (conformance fixture fetch_cut_bodies); what earlier reads held does.
    reader = ResponseReader(100 * 1024)
    reader.feed(HEAD + b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n")
    assert (reader.head_done, reader.status, reader.broken, reader.complete) == (True, 200, True, False)
    assert (reader.chunks, reader.body_size) == ([], 0)


def test_a_body_that_breaks_in_a_later_read_keeps_what_came_before():
    reader = ResponseReader(100 * 1024)
    reader.feed(HEAD + b"Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n")
    reader.feed(b"2\r\nde\r\nzz\r\n")
    assert (reader.broken, reader.complete, b"".join(reader.chunks), reader.body_size) == (True, False, b"abc", 3)


def test_a_head_that_breaks_is_a_parse_failure_with_nodes_words():
    with pytest.raises(ParseFailure, match="^Invalid status code$") as failure:
        ResponseReader(100 * 1024).feed(b"HTTP/1.1 2x0 OK\r\n\r\n")
    assert failure.value.code == "HPE_INVALID_STATUS"


@pytest.mark.parametrize(("value", "chunked"), [
    ("chunked", True), ("Chunked", True), ("gzip, chunked", True), ("gzip,chunked ", True),
    ("chunked, gzip", False), ("xchunked", False), ("identity", False), ("chun\u212aed", False),
])
def test_a_body_is_chunked_when_chunked_is_the_last_coding(value, chunked):
    assert is_chunked(value) is chunked
    reader = ResponseReader(100 * 1024)
    reader.feed(HEAD + b"Transfer-Encoding: " + value.encode() + b"\r\n\r\n")
    assert reader.ends_at_close() is not chunked

