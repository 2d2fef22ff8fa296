"""fetch's failures against a loopback server: type errors, refused and unknown hosts, hang-ups, timeouts, size limits,
concurrency, TLS and tampered builtins.

Messages and values are node-fetch 2.6.0's on Node 20 (checked by running it).
"""

from __future__ import annotations

import shutil
import ssl
import subprocess

import pytest
from support.http_server import LoopbackServer, meeting
from support.sandbox_helpers import HandlerRunner, fetch_returned, make_engine

from segtui.sandbox.exchange import DEADLINE_NOTE


def test_type_errors_reject_the_returned_promise(runner, loopback):
    value = fetch_returned(runner, loopback, """
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
    value = fetch_returned(runner, loopback, """
        try { new Request(BASE, {body: 'x'}); } catch (e) { return `${e.name}: ${e.message}`; }
    """)
    assert value == "TypeError: Request with GET/HEAD method cannot have body"


def test_a_method_that_is_no_text_fails_with_node_fetchs_words_not_segtuis_code(runner, loopback):
    # A probe: V8 names the callee by its source text, which was segtui's `(init.method || input.method || "GET")`.
    value = fetch_returned(runner, loopback, """
        try { await fetch(BASE, {method: 5}); } catch (e) { return `${e.name}: ${e.message}`; }
    """)
    assert value == "TypeError: method.toUpperCase is not a function"


def test_connection_refused_is_nodes_fetch_error(runner, loopback):
    value = fetch_returned(runner, loopback, """
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
    value = fetch_returned(runner, loopback, """
        try { await fetch('http://nonexistent.invalid/x'); } catch (e) { return [e.message, e.code]; }
    """)
    assert value == ["request to http://nonexistent.invalid/x failed, reason: getaddrinfo ENOTFOUND nonexistent.invalid",
                     "ENOTFOUND"]


@pytest.mark.parametrize("host", ["a..invalid", ".invalid", "a" * 64 + ".invalid"], ids=["empty", "first", "long"])
def test_a_host_with_a_label_empty_or_over_63_characters_is_getaddrinfo_enotfound(runner, loopback, host):
    """Python's idna codec refused such a name before looking it up: the handler got a plain Error naming UnicodeError."""
    value = fetch_returned(runner, loopback, f"""
        try {{ await fetch('http://{host}/x'); }} catch (e) {{ return [e.name, e.message, e.code]; }}
    """)
    assert value == ["FetchError", f"request to http://{host}/x failed, reason: getaddrinfo ENOTFOUND {host}", "ENOTFOUND"]


def test_a_character_never_in_a_host_ends_it_and_the_rest_is_sent_as_node_sends_it(runner, loopback):
    """Node's url.parse ends the host at a space, %, ; or quote and sends the rest as the target without its "/"
    (\"GET ;x/ok\"); segtui refused such a request with a plain Error naming a ValueError."""
    value = fetch_returned(runner, loopback, """
        const out = [];
        for (const rest of [';x/ok', ' /ok', '"q', '%zz']) { const r = await fetch(BASE + rest); out.push([r.status, r.url]); }
        return out;
    """)
    assert value == [[200, f"{loopback.base}/;x/ok"], [200, f"{loopback.base}/%20/ok"], [200, f"{loopback.base}/%22q"],
                     [200, f"{loopback.base}/%zz"]]
    assert [received.target for received in loopback.take()] == [";x/ok", "%20/ok", "%22q", "%zz"]


def test_a_host_name_is_looked_up_and_connected_to(runner, loopback):
    value = fetch_returned(runner, loopback, """
        const url = BASE.replace('127.0.0.1', 'localhost');
        const one = await fetch(url + '/get');
        const two = await Promise.all([fetch(url + '/get'), fetch(url + '/get')]);
        return [one.status, ...two.map((r) => r.status)];
    """)
    assert value == [200, 200, 200]
    assert [received.header("Host") for received in loopback.take()] == [f"localhost:{loopback.port}"] * 3


def test_a_server_that_hangs_up_is_socket_hang_up(runner, loopback):
    value = fetch_returned(runner, loopback, """
        try { await fetch(BASE + '/close'); } catch (e) { return [e.message, e.code]; }
    """)
    assert value == [f"request to {loopback.base}/close failed, reason: socket hang up", "ECONNRESET"]


def test_timeout_option_before_headers_and_while_reading_the_body(runner, loopback):
    value = fetch_returned(runner, loopback, """
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
    value = fetch_returned(runner, loopback, """
        const r = await fetch(BASE + '/big?bytes=100', {size: 10});
        try { await r.text(); } catch (e) { return [e.type, e.message]; }
    """)
    assert value == ["max-size", f"content size at {loopback.base}/big?bytes=100 over limit: 10"]


def test_numeric_options_of_other_types_are_taken_as_node_fetch_takes_them(runner, loopback):
    """node-fetch reads `counter` only on a redirect and compares `size` and `timeout`: an object is no limit, text of
    a number is that number. The request goes out and is answered."""
    value = fetch_returned(runner, loopback, """
        const odd = await fetch(BASE + '/json', {counter: {a: 1}, size: {}, follow: 'x'});
        const texts = await fetch(BASE + '/big?bytes=100', {size: '10', timeout: '5000'});
        let error = null;
        try { await texts.text(); } catch (e) { error = e.type; }
        return [odd.status, (await odd.json()).ok, error];
    """)
    assert value == [200, True, "max-size"]


def test_fetches_started_together_run_concurrently(runner, loopback):
    loopback.routes["/meet"] = meeting(2)
    value = fetch_returned(runner, loopback, """
        const responses = await Promise.all([fetch(BASE + '/meet'), fetch(BASE + '/json'), fetch(BASE + '/meet')]);
        return Promise.all(responses.map((r) => r.text()));
    """)
    assert value == ["together", '{"ok": true, "n": 1}', "together"]


def test_sequential_fetches_do_not_overlap(runner, loopback):
    fetch_returned(runner, loopback, """
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
    value = fetch_returned(runner, loopback, """
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
    value = fetch_returned(runner, loopback, f"""
        const body = JSON.stringify({{ list: [1, 'two'] }});
        {tamper}
        const res = await fetch(BASE + '/echo?a=1', {{ method: 'POST', headers: {{ 'X-List': 'é, ü' }}, body }});
        return res.status + ' ' + (await res.text());
    """)
    assert value == "200 ok"
    [received] = loopback.take()
    assert (received.method, received.target, received.body) == ("POST", "/echo?a=1", b'{"list":[1,"two"]}')
    assert received.header("X-List") == "é, ü"  # Node writes header values as Latin-1
