"""fetch's JS API against a loopback server: Headers, Request, Response, redirects, codings, errors, concurrency.

Messages and values are node-fetch 2.6.0's on Node 20 (checked by running it).
"""

from __future__ import annotations

import shutil
import ssl
import subprocess

import pytest
from support.http_server import LoopbackServer, meeting
from support.sandbox_helpers import HandlerRunner, make_engine

from segtui.sandbox.exchange import DEADLINE_NOTE


def returned(runner, loopback, body: str):
    """Run `body` as an async onTrack (BASE is the server's URL) and return its Callback Return."""
    source = f"async function onTrack(event, settings) {{\n  const BASE = settings.base;\n{body}\n}}"
    result = runner.run(source, settings={"base": loopback.base})
    assert result.outcome == "success", result.error
    return result.return_value


def test_headers_are_case_insensitive_append_joins_and_iteration_is_sorted(runner, loopback):
    value = returned(runner, loopback, """
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
    value = returned(runner, loopback, """
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
    value = returned(runner, loopback, """
        const r = await fetch(BASE + '/text');
        return [r.status, r.statusText, r.ok, r.url, r.redirected, r.bodyUsed, r.headers.get('content-type'),
                await r.text(), r.bodyUsed, Object.prototype.toString.call(r)];
    """)
    assert value == [200, "OK", True, loopback.base + "/text", False, False, "text/plain; charset=utf-8",
                     "héllo wörld ✓", True, "[object Response]"]


def test_response_json_buffer_arraybuffer_and_clone(runner, loopback):
    value = returned(runner, loopback, """
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
    value = returned(runner, loopback, """
        const text = await (await fetch(BASE + '/binary')).text();
        return [text.length, text.charCodeAt(127), text.charCodeAt(128)];
    """)
    assert value == [256, 127, 0xFFFD]


def test_body_can_be_read_once_and_a_used_body_cannot_be_cloned(runner, loopback):
    value = returned(runner, loopback, """
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
    value = returned(runner, loopback, """
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
    value = returned(runner, loopback, """
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
    value = returned(runner, loopback, """
        const request = new Request(BASE + '/json', {method: 'PUT', body: 'payload', headers: {'X-A': '1'}});
        return (await fetch(request)).status;
    """)
    assert value == 200
    [received] = loopback.take()
    assert (received.method, received.body, received.header("X-A")) == ("PUT", b"payload", "1")


def test_response_headers_merge_repeats_as_node_does(runner, loopback):
    value = returned(runner, loopback, """
        const r = await fetch(BASE + '/headers');
        return [r.headers.raw(), r.headers.get('set-cookie'), r.headers.get('x-lat')];
    """)
    raw, cookie, latin = value
    assert raw["x-dup"] == ["a, b"] and raw["set-cookie"] == ["a=1", "b=2"] and raw["content-type"] == ["text/a"]
    assert (cookie, latin) == ("a=1, b=2", "café")


@pytest.mark.parametrize(("path", "text"), [("/gzip", "gzipped body"), ("/deflate", "deflated body"),
                                            ("/deflate-raw", "raw deflated body")])
def test_gzip_and_deflate_are_decoded(runner, loopback, path, text):
    value = returned(runner, loopback, f"""
        const r = await fetch(BASE + '{path}');
        return [await r.text(), r.headers.get('content-encoding')];
    """)
    assert value[0] == text


def test_compress_false_keeps_the_coded_body(runner, loopback):
    value = returned(runner, loopback, """
        const buffer = await (await fetch(BASE + '/gzip', {compress: false})).buffer();
        return [buffer[0], buffer[1]];
    """)
    assert value == [0x1F, 0x8B]


def test_a_corrupt_gzip_body_fails_when_read(runner, loopback):
    value = returned(runner, loopback, """
        const r = await fetch(BASE + '/bad-gzip');
        try { await r.text(); } catch (e) { return [r.status, e.name, e.type, e.code, e.message]; }
    """)
    assert value == [200, "FetchError", "system", "Z_DATA_ERROR",
                     f"Invalid response body while trying to fetch {loopback.base}/bad-gzip: incorrect header check"]


def test_redirects_are_followed_up_to_the_limit(runner, loopback):
    value = returned(runner, loopback, """
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
    value = returned(runner, loopback, """
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


def test_type_errors_reject_the_returned_promise(runner, loopback):
    value = returned(runner, loopback, """
        const out = [];
        for (const [url, init] of [['/relative'], ['ftp://example.com/'], ['http:foo'], [BASE + '/x', {body: 'x'}],
                                   [BASE + '/x', {method: 'HEAD', body: 'x'}]]) {
          let promise;
          try { promise = fetch(url, init); } catch (e) { out.push('threw synchronously'); continue; }
          try { await promise; } catch (e) { out.push(`${e.name}: ${e.message}`); }
        }
        return out;
    """)
    assert value == ["TypeError: Only absolute URLs are supported", "TypeError: Only HTTP(S) protocols are supported",
                     "TypeError: Only absolute URLs are supported",
                     "TypeError: Request with GET/HEAD method cannot have body",
                     "TypeError: Request with GET/HEAD method cannot have body"]


def test_request_constructor_throws_for_a_body_on_get(runner, loopback):
    value = returned(runner, loopback, """
        try { new Request(BASE, {body: 'x'}); } catch (e) { return `${e.name}: ${e.message}`; }
    """)
    assert value == "TypeError: Request with GET/HEAD method cannot have body"


def test_a_method_that_is_no_text_fails_with_node_fetchs_words_not_segtuis_code(runner, loopback):
    # A probe: V8 names the callee by its source text, which was segtui's `(init.method || input.method || "GET")`.
    value = returned(runner, loopback, """
        try { await fetch(BASE, {method: 5}); } catch (e) { return `${e.name}: ${e.message}`; }
    """)
    assert value == "TypeError: method.toUpperCase is not a function"


def test_connection_refused_is_nodes_fetch_error(runner, loopback):
    value = returned(runner, loopback, """
        try { await fetch('http://127.0.0.1:9/'); } catch (e) {
          return [e.name, e.message, e.type, e.code, e.errno, e instanceof Error, e instanceof fetch.FetchError,
                  String(e), Object.keys(e)];
        }
    """)
    assert value == ["FetchError", "request to http://127.0.0.1:9/ failed, reason: connect ECONNREFUSED 127.0.0.1:9",
                     "system", "ECONNREFUSED", "ECONNREFUSED", True, True,
                     "FetchError: request to http://127.0.0.1:9/ failed, reason: connect ECONNREFUSED 127.0.0.1:9",
                     ["message", "type", "errno", "code"]]


def test_unknown_host_is_getaddrinfo_enotfound(runner, loopback):
    value = returned(runner, loopback, """
        try { await fetch('http://nonexistent.invalid/x'); } catch (e) { return [e.message, e.code]; }
    """)
    assert value == ["request to http://nonexistent.invalid/x failed, reason: getaddrinfo ENOTFOUND nonexistent.invalid",
                     "ENOTFOUND"]


@pytest.mark.parametrize("host", ["a..invalid", ".invalid", "a" * 64 + ".invalid"], ids=["empty", "first", "long"])
def test_a_host_with_a_label_empty_or_over_63_characters_is_getaddrinfo_enotfound(runner, loopback, host):
    """Python's idna codec refused such a name before looking it up: the handler got a plain Error naming UnicodeError."""
    value = returned(runner, loopback, f"""
        try {{ await fetch('http://{host}/x'); }} catch (e) {{ return [e.name, e.message, e.code]; }}
    """)
    assert value == ["FetchError", f"request to http://{host}/x failed, reason: getaddrinfo ENOTFOUND {host}", "ENOTFOUND"]


def test_a_character_never_in_a_host_ends_it_and_the_rest_is_sent_as_node_sends_it(runner, loopback):
    """Node's url.parse ends the host at a space, %, ; or quote and sends the rest as the target without its "/"
    (\"GET ;x/ok\"); segtui refused such a request with a plain Error naming a ValueError."""
    value = returned(runner, loopback, """
        const out = [];
        for (const rest of [';x/ok', ' /ok', '"q', '%zz']) { const r = await fetch(BASE + rest); out.push([r.status, r.url]); }
        return out;
    """)
    assert value == [[200, f"{loopback.base}/;x/ok"], [200, f"{loopback.base}/%20/ok"], [200, f"{loopback.base}/%22q"],
                     [200, f"{loopback.base}/%zz"]]
    assert [received.target for received in loopback.take()] == [";x/ok", "%20/ok", "%22q", "%zz"]


def test_a_host_name_is_looked_up_and_connected_to(runner, loopback):
    value = returned(runner, loopback, """
        const url = BASE.replace('127.0.0.1', 'localhost');
        const one = await fetch(url + '/get');
        const two = await Promise.all([fetch(url + '/get'), fetch(url + '/get')]);
        return [one.status, ...two.map((r) => r.status)];
    """)
    assert value == [200, 200, 200]
    assert [received.header("Host") for received in loopback.take()] == [f"localhost:{loopback.port}"] * 3


def test_a_server_that_hangs_up_is_socket_hang_up(runner, loopback):
    value = returned(runner, loopback, """
        try { await fetch(BASE + '/close'); } catch (e) { return [e.message, e.code]; }
    """)
    assert value == [f"request to {loopback.base}/close failed, reason: socket hang up", "ECONNRESET"]


def test_timeout_option_before_headers_and_while_reading_the_body(runner, loopback):
    value = returned(runner, loopback, """
        const out = [];
        try { await fetch(BASE + '/slow?ms=400', {timeout: 100}); } catch (e) { out.push([e.name, e.type, e.message]); }
        const r = await fetch(BASE + '/slow-body?ms=400', {timeout: 100});
        try { await r.text(); } catch (e) { out.push([r.status, e.type, e.message]); }
        out.push(await (await fetch(BASE + '/slow?ms=10', {timeout: 2000})).text());
        return out;
    """)
    assert value == [["FetchError", "request-timeout", f"network timeout at: {loopback.base}/slow?ms=400"],
                     [200, "body-timeout", f"Response timeout while trying to fetch {loopback.base}/slow-body?ms=400 (over 100ms)"],
                     "slow"]


def test_size_option_limits_the_body(runner, loopback):
    value = returned(runner, loopback, """
        const r = await fetch(BASE + '/big?bytes=100', {size: 10});
        try { await r.text(); } catch (e) { return [e.type, e.message]; }
    """)
    assert value == ["max-size", f"content size at {loopback.base}/big?bytes=100 over limit: 10"]


def test_numeric_options_of_other_types_are_taken_as_node_fetch_takes_them(runner, loopback):
    """node-fetch reads `counter` only on a redirect and compares `size` and `timeout`: an object is no limit, text of
    a number is that number. The request goes out and is answered."""
    value = returned(runner, loopback, """
        const odd = await fetch(BASE + '/json', {counter: {a: 1}, size: {}, follow: 'x'});
        const texts = await fetch(BASE + '/big?bytes=100', {size: '10', timeout: '5000'});
        let error = null;
        try { await texts.text(); } catch (e) { error = e.type; }
        return [odd.status, (await odd.json()).ok, error];
    """)
    assert value == [200, True, "max-size"]


def test_fetches_started_together_run_concurrently(runner, loopback):
    loopback.routes["/meet"] = meeting(2)
    value = returned(runner, loopback, """
        const responses = await Promise.all([fetch(BASE + '/meet'), fetch(BASE + '/json'), fetch(BASE + '/meet')]);
        return Promise.all(responses.map((r) => r.text()));
    """)
    assert value == ["together", '{"ok": true, "n": 1}', "together"]


def test_sequential_fetches_do_not_overlap(runner, loopback):
    returned(runner, loopback, """
        await fetch(BASE + '/slow?ms=50');
        await fetch(BASE + '/slow?ms=50');
    """)
    first, second = loopback.take()
    assert second.arrived >= first.answered


def test_handler_errors_from_fetch_are_bad_requests_with_the_fetch_error(runner, loopback):
    result = runner.run("async function onTrack() { await fetch('http://127.0.0.1:9/'); }")
    assert result.outcome == "bad_request"
    assert result.error.headline() == ("FetchError: request to http://127.0.0.1:9/ failed, "
                                       "reason: connect ECONNREFUSED 127.0.0.1:9")


@pytest.mark.parametrize("calls", ["fetch(BASE + '/slow?ms=3000')",
                                   "Promise.all([fetch(BASE + '/slow?ms=3000'), fetch(BASE + '/slow?ms=3000')])"])
def test_a_request_outliving_the_run_ends_in_a_timeout_and_is_recorded(tmp_path, loopback, calls):
    engine = make_engine(timeout_s=0.5)
    try:
        result = HandlerRunner(engine, tmp_path).run(
            f"async function onTrack(event, settings) {{ const BASE = settings.base; await {calls}; }}",
            settings={"base": loopback.base})
        after = HandlerRunner(engine, tmp_path).run("async function onTrack() { return 'still usable' }")
    finally:
        engine.close()
    assert result.outcome == "timeout"
    assert result.requests and all(record.note == "segtui stopped waiting: the run reached its time limit"
                                   for record in result.requests)
    assert after.return_value == "still usable"


@pytest.mark.parametrize("path", ["/trickle-head", "/trickle-body"])
@pytest.mark.parametrize("count", [1, 2])
def test_a_server_trickling_bytes_is_cut_off_at_the_run_deadline(tmp_path, loopback, path, count):
    engine = make_engine(timeout_s=0.5)
    fetches = ", ".join([f"fetch(BASE + '{path}').then((r) => r.text())"] * count)
    try:
        result = HandlerRunner(engine, tmp_path).run(
            f"async function onTrack(event, settings) {{ const BASE = settings.base; await Promise.all([{fetches}]) }}",
            settings={"base": loopback.base})
        received = loopback.take()
        cut_off = [request.left.wait(5) for request in received]  # while the sandbox process still lives
        after = HandlerRunner(engine, tmp_path).run("async function onTrack() { return 'still usable' }")
    finally:
        engine.close()
    assert result.outcome == "timeout", result.error
    assert [record.note for record in result.requests] == [DEADLINE_NOTE] * count
    assert cut_off == [True] * count
    assert after.return_value == "still usable"


def test_the_timeout_option_cuts_off_a_server_trickling_bytes(runner, loopback):
    value = returned(runner, loopback, """
        const out = [];
        try { await fetch(BASE + '/trickle-head', {timeout: 100}); } catch (e) { out.push([e.type, e.message]); }
        const r = await fetch(BASE + '/trickle-body', {timeout: 100});
        try { await r.text(); } catch (e) { out.push([r.status, e.type, e.message]); }
        return out;
    """)
    assert value == [["request-timeout", f"network timeout at: {loopback.base}/trickle-head"],
                     [200, "body-timeout",
                      f"Response timeout while trying to fetch {loopback.base}/trickle-body (over 100ms)"]]
    assert all(request.left.wait(5) for request in loopback.take())


@pytest.mark.skipif(shutil.which("openssl") is None, reason="openssl is needed to make a certificate")
def test_an_untrusted_certificate_is_nodes_tls_error(runner, tmp_path):
    key, cert = tmp_path / "key.pem", tmp_path / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=localhost"], check=True, capture_output=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server = LoopbackServer(tls=context)
    try:
        result = runner.run("async function onTrack(e, s) { try { await fetch(s.base + '/x') } catch (e) { return [e.message, e.code] } }",
                            settings={"base": server.base})
    finally:
        server.close()
    assert result.return_value == [f"request to {server.base}/x failed, reason: self-signed certificate",
                                   "DEPTH_ZERO_SELF_SIGNED_CERT"]


@pytest.mark.parametrize("tamper", [
    "Object.prototype.toJSON = function () { return 'forged'; };",
    "Array.prototype.toJSON = function () { return ['forged']; };",
    "String.prototype.charCodeAt = () => 65;",
    "Object.defineProperty(String.prototype, 'charCodeAt', { get() { return () => 66; } });",
    "Object.setPrototypeOf(Array.prototype, { toJSON() { return 'forged'; } });",
], ids=["Object toJSON", "Array toJSON", "charCodeAt", "charCodeAt getter", "Array prototype chain"])
def test_a_request_goes_out_as_built_whatever_the_handler_did_to_builtins(runner, loopback, tamper):
    """segtui's channel to Python takes JSON.stringify and a fast copy only while no toJSON or charCodeAt of the
    handler's can be reached; the request and its response are the same either way."""
    value = returned(runner, loopback, f"""
        const body = JSON.stringify({{ list: [1, 'two'] }});
        {tamper}
        const res = await fetch(BASE + '/echo?a=1', {{ method: 'POST', headers: {{ 'X-List': 'é, ü' }}, body }});
        return res.status + ' ' + (await res.text());
    """)
    assert value == "200 ok"
    [received] = loopback.take()
    assert (received.method, received.target, received.body) == ("POST", "/echo?a=1", b'{"list":[1,"two"]}')
    assert received.header("X-List") == "é, ü"  # Node writes header values as Latin-1
