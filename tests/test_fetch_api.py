"""fetch's JS API against a loopback server: Headers, Request, Response, redirects and codings.

Messages and values are node-fetch 2.6.0's on Node 20 (checked by running it).
"""

from __future__ import annotations

import pytest
from support.sandbox_helpers import fetch_returned


def test_headers_are_case_insensitive_append_joins_and_iteration_is_sorted(runner, loopback):
    value = fetch_returned(runner, loopback, """
        const h = new Headers({'B': '1', 'a': '2'});
        h.append('b', '3');
        h.set('C-Thing', 'x');
        const seen = [];
        h.forEach((value, name) => seen.push(name + '=' + value));
        const before = h.has('c-thing');
        h.delete('C-THING');
        return [h.get('b'), h.get('missing'), [...h], [...h.keys()], [...h.values()], h.raw(), seen, before,
                h.has('c-thing'), Object.prototype.toString.call(h)];
    """)
    assert value == ["1, 3", None, [["b", "1, 3"], ["a", "2"]], ["b", "a"], ["1, 3", "2"],
                     {"B": ["1", "3"], "a": ["2"]}, ["b=1, 3", "c-thing=x", "a=2"], True, False, "[object Headers]"]


def test_headers_reject_illegal_names_and_values_and_bad_initialisers(runner, loopback):
    value = fetch_returned(runner, loopback, """
        const messages = [];
        for (const make of [() => new Headers({'bad name': 'x'}), () => new Headers({'X': 'a\\nb'}),
                            () => new Headers('x'), () => new Headers([['a']]), () => new Headers([1])]) {
          try { make(); } catch (e) { messages.push(`${e.name}: ${e.message}`); }
        }
        return messages;
    """)
    assert value == ["TypeError: bad name is not a legal HTTP header name",
                     "TypeError: a\nb is not a legal HTTP header value",
                     "TypeError: Provided initializer must be an object",
                     "TypeError: Each header pair must be a name/value tuple",
                     "TypeError: Each header pair must be iterable"]


def test_response_properties_and_text(runner, loopback):
    value = fetch_returned(runner, loopback, """
        const r = await fetch(BASE + '/text');
        return [r.status, r.statusText, r.ok, r.url, r.redirected, r.bodyUsed, r.headers.get('content-type'),
                await r.text(), r.bodyUsed, Object.prototype.toString.call(r)];
    """)
    assert value == [200, "OK", True, loopback.base + "/text", False, False, "text/plain; charset=utf-8",
                     "héllo wörld ✓", True, "[object Response]"]


def test_response_json_buffer_arraybuffer_and_clone(runner, loopback):
    value = fetch_returned(runner, loopback, """
        const r = await fetch(BASE + '/json');
        const copy = r.clone();
        const json = await r.json();
        const buffer = await copy.buffer();
        const bin = await (await fetch(BASE + '/binary')).arrayBuffer();
        const bytes = new Uint8Array(bin);
        return [json, Buffer.isBuffer(buffer), buffer.toString(), bin instanceof ArrayBuffer, bin.byteLength,
                bytes[0], bytes[255]];
    """)
    assert value == [{"ok": True, "n": 1}, True, '{"ok": true, "n": 1}', True, 256, 0, 255]


def test_binary_body_decodes_as_utf8_with_replacement_like_node(runner, loopback):
    value = fetch_returned(runner, loopback, """
        const text = await (await fetch(BASE + '/binary')).text();
        return [text.length, text.charCodeAt(127), text.charCodeAt(128)];
    """)
    assert value == [256, 127, 0xFFFD]


def test_body_can_be_read_once_and_a_used_body_cannot_be_cloned(runner, loopback):
    value = fetch_returned(runner, loopback, """
        const r = await fetch(BASE + '/json');
        await r.text();
        const out = [];
        try { await r.text(); } catch (e) { out.push(`${e.name}: ${e.message}`); }
        try { r.clone(); } catch (e) { out.push(`${e.name}: ${e.message}`); }
        return out;
    """)
    assert value == [f"TypeError: body used already for: {loopback.base}/json",
                     "Error: cannot clone body after it is used"]


def test_invalid_json_rejects_with_nodes_message(runner, loopback):
    value = fetch_returned(runner, loopback, """
        const out = [];
        for (const path of ['/invalid-json', '/empty']) {
          try { await (await fetch(BASE + path)).json(); } catch (e) { out.push([e.name, e.type, e.message]); }
        }
        try { await new Response('{"a":1}x', {url: 'http://u/'}).json(); } catch (e) { out.push(e.message); }
        return out;
    """)
    assert value == [
        ["FetchError", "invalid-json",
         f"invalid json response body at {loopback.base}/invalid-json reason: Unexpected token '<', \"<html>not \"... is not valid JSON"],
        ["FetchError", "invalid-json", f"invalid json response body at {loopback.base}/empty reason: Unexpected end of JSON input"],
        "invalid json response body at http://u/ reason: Unexpected non-whitespace character after JSON at position 7",
    ]


def test_constructed_response_and_request(runner, loopback):
    value = fetch_returned(runner, loopback, """
        const r = new Response('x', {status: 404});
        const u = new Response(new URLSearchParams({a: '1'}));
        const q = new Request(BASE + '/path?x=1', {method: 'post', body: 'hi', headers: {'X-A': '1'}});
        const copy = q.clone();
        return [r.status, r.statusText, r.ok, r.url, r.headers.get('content-type'), u.headers.get('content-type'),
                await u.text(), q.method, q.url, q.headers.get('content-type'), q.redirect, await copy.text(),
                new Request('http://Example.COM').url, Object.prototype.toString.call(q)];
    """)
    assert value == [404, "Not Found", False, "", "text/plain;charset=UTF-8",
                     "application/x-www-form-urlencoded;charset=UTF-8", "a=1", "POST", loopback.base + "/path?x=1",
                     "text/plain;charset=UTF-8", "follow", "hi", "http://example.com/", "[object Request]"]


def test_fetch_accepts_a_request(runner, loopback):
    value = fetch_returned(runner, loopback, """
        const request = new Request(BASE + '/json', {method: 'PUT', body: 'payload', headers: {'X-A': '1'}});
        return (await fetch(request)).status;
    """)
    assert value == 200
    [received] = loopback.take()
    assert (received.method, received.body, received.header("X-A")) == ("PUT", b"payload", "1")


def test_response_headers_merge_repeats_as_node_does(runner, loopback):
    value = fetch_returned(runner, loopback, """
        const r = await fetch(BASE + '/headers');
        return [r.headers.raw(), r.headers.get('set-cookie'), r.headers.get('x-lat')];
    """)
    raw, cookie, latin = value
    assert raw["x-dup"] == ["a, b"] and raw["set-cookie"] == ["a=1", "b=2"] and raw["content-type"] == ["text/a"]
    assert (cookie, latin) == ("a=1, b=2", "café")


@pytest.mark.parametrize(("path", "text"), [("/gzip", "gzipped body"), ("/deflate", "deflated body"),
                                            ("/deflate-raw", "raw deflated body")])
def test_gzip_and_deflate_are_decoded(runner, loopback, path, text):
    value = fetch_returned(runner, loopback, f"""
        const r = await fetch(BASE + '{path}');
        return [await r.text(), r.headers.get('content-encoding')];
    """)
    assert value[0] == text


def test_compress_false_keeps_the_coded_body(runner, loopback):
    value = fetch_returned(runner, loopback, """
        const buffer = await (await fetch(BASE + '/gzip', {compress: false})).buffer();
        return [buffer[0], buffer[1]];
    """)
    assert value == [0x1F, 0x8B]


def test_a_corrupt_gzip_body_fails_when_read(runner, loopback):
    value = fetch_returned(runner, loopback, """
        const r = await fetch(BASE + '/bad-gzip');
        try { await r.text(); } catch (e) { return [r.status, e.name, e.type, e.code, e.message]; }
    """)
    assert value == [200, "FetchError", "system", "Z_DATA_ERROR",
                     f"Invalid response body while trying to fetch {loopback.base}/bad-gzip: incorrect header check"]


def test_redirects_are_followed_up_to_the_limit(runner, loopback):
    value = fetch_returned(runner, loopback, """
        const ok = await fetch(BASE + '/redirect/3');
        const copy = ok.clone();
        const out = [ok.status, ok.url, ok.redirected, await ok.text(), copy.redirected];
        for (const options of [{follow: 2}, {}]) {
          const start = options.follow === undefined ? BASE + '/redirect/21' : BASE + '/redirect/3';
          try { await fetch(start, options); } catch (e) { out.push([e.name, e.type, e.message]); }
        }
        return out;
    """)
    assert value == [200, loopback.base + "/redirect/0", True, "done", False,
                     ["FetchError", "max-redirect", f"maximum redirect reached at: {loopback.base}/redirect/1"],
                     ["FetchError", "max-redirect", f"maximum redirect reached at: {loopback.base}/redirect/1"]]


def test_manual_and_error_redirect_modes(runner, loopback):
    value = fetch_returned(runner, loopback, """
        const manual = await fetch(BASE + '/redirect/2', {redirect: 'manual'});
        const out = [manual.status, manual.headers.get('location'), manual.url, manual.redirected];
        try { await fetch(BASE + '/redirect/2', {redirect: 'error'}); } catch (e) { out.push([e.type, e.message]); }
        return out;
    """)
    assert value == [302, loopback.base + "/redirect/1", loopback.base + "/redirect/2", False,
                     ["no-redirect", f"redirect mode is set to error: {loopback.base}/redirect/2"]]


def test_redirect_hops_are_recorded(runner, loopback):
    result = runner.run("async function onTrack(e, s) { return (await fetch(s.base + '/redirect/2')).status }",
                        settings={"base": loopback.base})
    hops = [(r.fetch, r.hop, r.url.removeprefix(loopback.base), r.response.status) for r in result.requests]
    assert hops == [(1, 0, "/redirect/2", 302), (1, 1, "/redirect/1", 302), (1, 2, "/redirect/0", 200)]
