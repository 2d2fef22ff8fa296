"""What fetch puts on the wire, byte for byte, compared with what node-fetch 2.6.0 on Node 20 sends.

Each expected request below was captured from node-fetch 2.6.0 on Node 20 with a raw socket server.
"""

from __future__ import annotations

import httptools
import pytest

from segtui.sandbox.request_bytes import request_body, request_head

UA = "User-Agent: node-fetch/1.0 (+https://github.com/bitinn/node-fetch)"
TAIL = [UA, "Accept-Encoding: gzip,deflate", "Connection: close"]


def send(runner, loopback, call: str):
    """Run `await fetch(<call>)` in a handler (BASE is the server) and return what the server received."""
    source = f"""
        async function onTrack(event, settings) {{
          const BASE = settings.base;
          const response = await fetch({call});
          return response.status;
        }}
    """
    result = runner.run(source, settings={"base": loopback.base})
    assert result.outcome == "success", result.error
    [received] = loopback.take()
    return received


def head(request_line: str, *lines: str) -> bytes:
    return "\r\n".join([request_line, *lines]).encode("latin-1") + b"\r\n\r\n"


CASES = {
    "get": ("BASE + '/get'", ["GET /get HTTP/1.1", "Accept: */*", *TAIL, "Host: {host}"], b""),
    "string body": ("BASE + '/post', {method: 'post', body: 'héllo'}",
                    ["POST /post HTTP/1.1", "Content-Type: text/plain;charset=UTF-8", "Accept: */*",
                     "Content-Length: 6", *TAIL, "Host: {host}"], "héllo".encode()),
    "plain object body": ("BASE + '/obj', {method: 'POST', body: {a: 1}, headers: {'X-B': '1', 'x-a': '2'}}",
                          ["POST /obj HTTP/1.1", "X-B: 1", "x-a: 2", "Content-Type: text/plain;charset=UTF-8",
                           "Accept: */*", "Content-Length: 15", *TAIL, "Host: {host}"], b"[object Object]"),
    "URLSearchParams body": ("BASE + '/usp', {method: 'PUT', body: new URLSearchParams({a: '1', b: 'x y'})}",
                             ["PUT /usp HTTP/1.1", "Content-Type: application/x-www-form-urlencoded;charset=UTF-8",
                              "Accept: */*", "Content-Length: 9", *TAIL, "Host: {host}"], b"a=1&b=x+y"),
    "JSON body": (("BASE + '/json', {method: 'POST', body: JSON.stringify({a: 'é'}), "
                  "headers: {'Content-Type': 'application/json'}}"),
                  ["POST /json HTTP/1.1", "Content-Type: application/json", "Accept: */*", "Content-Length: 10",
                   *TAIL, "Host: {host}"], '{"a":"é"}'.encode()),
    "number body": ("BASE + '/num', {method: 'POST', body: 123}",
                    ["POST /num HTTP/1.1", "Content-Type: text/plain;charset=UTF-8", "Accept: */*",
                     "Content-Length: 3", *TAIL, "Host: {host}"], b"123"),
    "Buffer body": ("BASE + '/buf', {method: 'POST', body: Buffer.from([0, 1, 255])}",
                    ["POST /buf HTTP/1.1", "Accept: */*", "Content-Length: 3", *TAIL, "Host: {host}"], b"\x00\x01\xff"),
    "typed array view": ("BASE + '/u8', {method: 'POST', body: new Uint8Array([65, 66]).subarray(1)}",
                         ["POST /u8 HTTP/1.1", "Accept: */*", "Content-Length: 1", *TAIL, "Host: {host}"], b"B"),
    "ArrayBuffer body": ("BASE + '/ab', {method: 'POST', body: new Uint8Array([1, 2, 3]).buffer}",
                         ["POST /ab HTTP/1.1", "Accept: */*", "Content-Length: 3", *TAIL, "Host: {host}"],
                         b"\x01\x02\x03"),
    "PATCH without body": ("BASE + '/patch', {method: 'PATCH'}",
                           ["PATCH /patch HTTP/1.1", "Accept: */*", *TAIL, "Host: {host}", "Content-Length: 0"], b""),
    "POST without body": ("BASE + '/postempty', {method: 'POST'}",
                          ["POST /postempty HTTP/1.1", "Accept: */*", "Content-Length: 0", *TAIL, "Host: {host}"], b""),
    "custom method": ("BASE + '/custom', {method: 'purge'}",
                      ["PURGE /custom HTTP/1.1", "Accept: */*", *TAIL, "Host: {host}", "Content-Length: 0"], b""),
    "DELETE without body": ("BASE + '/delete', {method: 'DELETE'}",
                            ["DELETE /delete HTTP/1.1", "Accept: */*", *TAIL, "Host: {host}"], b""),
    "DELETE with body": ("BASE + '/deletebody', {method: 'DELETE', body: 'x'}",
                         ["DELETE /deletebody HTTP/1.1", "Content-Type: text/plain;charset=UTF-8", "Accept: */*",
                          "Content-Length: 1", *TAIL, "Host: {host}"], b"x"),
    "repeated header": ("BASE + '/dup', {headers: [['X-A', '1'], ['x-a', '2'], ['Content-Type', 'a/b']]}",
                        ["GET /dup HTTP/1.1", "X-A: 1", "X-A: 2", "Content-Type: a/b", "Accept: */*", *TAIL,
                         "Host: {host}"], b""),
    "defaults overridden": (("BASE + '/hdrs', {headers: {'accept': 'application/json', 'user-agent': 'me', "
                            "'connection': 'keep-alive', 'content-length': '99'}, method: 'post', body: 'abc'}"),
                            ["POST /hdrs HTTP/1.1", "accept: application/json", "user-agent: me",
                             "connection: keep-alive", "content-length: 3", "Content-Type: text/plain;charset=UTF-8",
                             "Accept-Encoding: gzip,deflate", "Host: {host}"], b"abc"),
    "Headers instance": ("BASE + '/hdr', {headers: new Headers({'X-Api-Key': 'k', 'accept': 'text/html'})}",
                         ["GET /hdr HTTP/1.1", "X-Api-Key: k", "accept: text/html", *TAIL, "Host: {host}"], b""),
    "compress false": ("BASE + '/nocompress', {compress: false}",
                       ["GET /nocompress HTTP/1.1", "Accept: */*", UA, "Connection: close", "Host: {host}"], b""),
    "URL object": ("new URL(BASE + '/u?x=1')",
                   ["GET /u?x=1 HTTP/1.1", "Accept: */*", *TAIL, "Host: {host}"], b""),
    "credentials in URL": ("BASE.replace('http://', 'http://user:p%40ss@') + '/auth'",
                           ["GET /auth HTTP/1.1", "Accept: */*", *TAIL, "Host: {host}",
                            "Authorization: Basic dXNlcjpwQHNz"], b""),
    "escaped path and query": ("BASE + '/a b?q=1 2&x=\"<>\"{}|^`\\'#frag'",
                               ["GET /a%20b?q=1%202&x=%22%3C%3E%22%7B%7D%7C%5E%60%27 HTTP/1.1", "Accept: */*", *TAIL,
                                "Host: {host}"], b""),
    "Host header given": ("BASE + '/hosted', {headers: {host: 'example.com'}}",
                          ["GET /hosted HTTP/1.1", "host: example.com", "Accept: */*", *TAIL], b""),
    "HEAD": ("BASE + '/head', {method: 'head'}", ["HEAD /head HTTP/1.1", "Accept: */*", *TAIL, "Host: {host}"], b""),
}


@pytest.mark.parametrize("name", CASES)
def test_request_bytes_match_node_fetch(runner, loopback, name):
    call, lines, body = CASES[name]
    received = send(runner, loopback, call)
    host = f"127.0.0.1:{loopback.port}"
    assert received.head == head(*(line.format(host=host) for line in lines))
    assert received.body == body


def test_utf8_body_length_counts_bytes_and_lone_surrogates_become_replacement_characters(runner, loopback):
    received = send(runner, loopback, "BASE + '/u', {method: 'POST', body: 'a\\u00e9\\u20ac\\ud83d\\ude00\\ud800z'}")
    expected = "aé€😀\ufffdz".encode()
    assert received.body == expected
    assert received.header("Content-Length") == str(len(expected))


def test_redirected_post_becomes_get_and_drops_its_length_but_keeps_content_type(runner, loopback):
    call = "BASE + '/redirect-to?status=302&location=/after', {method: 'POST', body: 'x', headers: {'X-Keep': '1'}}"
    source = f"""
        async function onTrack(event, settings) {{
          const BASE = settings.base;
          const response = await fetch({call});
          return [response.status, response.url, response.redirected];
        }}
    """
    result = runner.run(source, settings={"base": loopback.base})
    assert result.return_value == [200, loopback.base + "/after", True]
    first, second = loopback.take()
    host = f"127.0.0.1:{loopback.port}"
    assert first.method == "POST" and first.body == b"x"
    assert second.head == head("GET /after HTTP/1.1", "X-Keep: 1", "Content-Type: text/plain;charset=UTF-8",
                               "Accept: */*", *TAIL, f"Host: {host}")
    assert second.body == b""


@pytest.mark.parametrize("status", [307, 308])
def test_307_and_308_resend_method_and_body(runner, loopback, status):
    source = f"""
        async function onTrack(event, settings) {{
          const response = await fetch(settings.base + '/redirect-to?status={status}&location=/again',
                                       {{method: 'PUT', body: Buffer.from('bytes')}});
          return response.status;
        }}
    """
    assert runner.run(source, settings={"base": loopback.base}).return_value == 200
    _first, second = loopback.take()
    assert (second.method, second.path, second.body) == ("PUT", "/again", b"bytes")
    assert second.header("Content-Length") == "5"


def _parsed_body(data: bytes) -> bytes:
    """The body of a request as llhttp (Node's server-side parser) reads it from `data`, which must hold it whole."""
    class Request:
        def __init__(self) -> None:
            self.chunks: list[bytes] = []
            self.complete = False

        def on_body(self, body: bytes) -> None:
            self.chunks.append(body)

        def on_message_complete(self) -> None:
            self.complete = True

    request = Request()
    httptools.HttpRequestParser(request).feed_data(data)
    assert request.complete
    return b"".join(request.chunks)


@pytest.mark.parametrize("body", [b"", b"ok", bytes(range(256)) * 40])
def test_the_request_head_keeps_node_fetchs_header_order_and_the_body_is_framed_as_its_headers_say(body):
    """segtui writes the head in the order given (Host after node-fetch's headers, as Node writes it); a chunked body
    goes as one chunk and the last chunk, and either way a server reads back the bytes sent."""
    headers = [("Accept", "*/*"), ("Host", "a.example"), ("Content-Length", str(len(body)))]
    head = request_head("POST", "/x", headers)
    assert head == b"POST /x HTTP/1.1\r\nAccept: */*\r\nHost: a.example\r\nContent-Length: %d\r\n\r\n" % len(body)
    assert request_body(body, headers) == body and _parsed_body(head + request_body(body, headers)) == body
    chunked = [("Host", "a.example"), ("Transfer-Encoding", "chunked")]
    framed = request_body(body, chunked)
    assert framed == (b"%x\r\n%s\r\n" % (len(body), body) if body else b"") + b"0\r\n\r\n"
    assert _parsed_body(request_head("POST", "/x", chunked) + framed) == body
