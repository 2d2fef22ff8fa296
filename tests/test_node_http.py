"""Node's https module in the real sandbox goes through fetch's network layer: mocked, refused offline, recorded with
secrets masked, replayed from a cassette, and shown in the run's request records like fetch's requests."""

from __future__ import annotations

import json

import pytest
from support.certificates import certificates
from support.http_server import LoopbackServer, Reply
from support.sandbox_helpers import HandlerRunner, make_engine
from test_cassettes import record_into

from segtui.masking import MASK

REQUEST = """
function request(url, options, body) {
  return new Promise((resolve) => {
    const req = https.request(url, options || {}, (res) => {
      let text = "";
      res.on("data", (chunk) => { text += chunk; });
      res.on("end", () => resolve([res.statusCode, res.headers["x-request-id"] || null, text]));
    });
    req.on("error", (error) => resolve([error.code, error.message]));
    req.end(body);
  });
}
"""

MOCKS = """
- method: POST
  url: https://api.example.com/v1/events
  status: 201
  headers: {X-Request-Id: abc}
  json: {ok: true}
- url: https://down.example.com/
  fail: refused
"""


def run(engine, tmp_path, body: str, settings: dict | None = None):
    source = f"{REQUEST}\nasync function onTrack(event, settings) {{\n{body}\n}}"
    return HandlerRunner(engine, tmp_path).run(source, settings=settings)


def test_mock_rules_answer_https_requests(tmp_path):
    mocks = tmp_path / "mock.yaml"
    mocks.write_text(MOCKS, encoding="utf-8")
    engine = make_engine(network={"mock": str(mocks), "offline": True})
    try:
        result = run(engine, tmp_path, """
            return [await request('https://api.example.com/v1/events', {method: 'POST'}, '{"a":1}'),
                    await request('https://down.example.com/'),
                    await request('https://elsewhere.example.com/x')];
        """)
    finally:
        engine.close()
    mocked, refused, offline = result.return_value
    assert mocked == [201, "abc", '{"ok": true}']
    assert refused == ["ECONNREFUSED", "connect ECONNREFUSED down.example.com:443"]
    assert offline == ["ENETUNREACH", ("segtui is offline: no request leaves the machine "
                                       "(GET https://elsewhere.example.com/x: no mock rule matched it)")]
    assert [(r.source, r.method, r.url) for r in result.requests] == [
        ("mock", "POST", "https://api.example.com/v1/events"), ("mock", "GET", "https://down.example.com/"),
        ("offline", "GET", "https://elsewhere.example.com/x")]
    first = result.requests[0]
    assert first.headers == [["Host", "api.example.com"], ["Connection", "close"], ["Content-Length", "7"]]
    assert first.body == '{"a":1}'


def test_requests_of_a_package_are_recorded_masked_and_replayed(tmp_path, loopback):
    """oauth sends through Node's http module; a recording masks the secret it sent, and a replay answers it."""
    cassette = tmp_path / "cassette.json"
    secret = "s3cr3t-key"
    body = """
        const client = new OAuth.OAuth2('id', settings.apiKey, settings.base, null, '/json');
        return await new Promise((resolve) =>
          client.getOAuthAccessToken('', {grant_type: 'client_credentials'}, (e, t, r, results) => resolve(results || e)));
    """
    recorded = record_into(cassette, tmp_path, body, {"base": loopback.base, "apiKey": secret}, secret)
    [received] = loopback.take()
    assert received.request_line == b"POST /json HTTP/1.1"
    assert f"client_secret={secret}".encode() in received.body
    text = cassette.read_text(encoding="utf-8")
    assert secret not in text
    [saved] = json.loads(text)["interactions"]
    assert f"client_secret={MASK}" in saved["request"]["body"]
    assert recorded.return_value == {"ok": True, "n": 1}

    player = make_engine(network={"replay": str(cassette), "secrets": [secret]})
    try:
        replayed = HandlerRunner(player, tmp_path).run(f"async function onTrack(event, settings) {{{body}}}",
                                                       settings={"base": loopback.base, "apiKey": secret})
    finally:
        player.close()
    assert loopback.take() == []
    assert replayed.return_value == recorded.return_value
    assert [r.source for r in replayed.requests] == ["replay"]


def test_an_error_nobody_listens_to_fails_the_run_as_node_crashes(tmp_path):
    mocks = tmp_path / "mock.yaml"
    mocks.write_text(MOCKS, encoding="utf-8")
    engine = make_engine(network={"mock": str(mocks), "offline": True})
    try:
        result = run(engine, tmp_path, """
            https.get('https://down.example.com/');
            await new Promise((resolve) => setTimeout(resolve, 50));
            return 'finished';
        """)
    finally:
        engine.close()
    assert result.outcome == "bad_request"
    assert result.error.message == "connect ECONNREFUSED down.example.com:443"


def test_a_timeout_is_reported_then_destroying_the_request_fails_it_once(tmp_path):
    """Node emits 'timeout' and leaves the request to the handler; destroying it gives one "socket hang up"."""
    mocks = tmp_path / "mock.yaml"
    mocks.write_text("- url: https://slow.example.com/\n  fail: timeout\n", encoding="utf-8")
    engine = make_engine(network={"mock": str(mocks), "offline": True})
    try:
        result = run(engine, tmp_path, """
            const events = [];
            await new Promise((resolve) => {
              const req = https.request('https://slow.example.com/', {timeout: 30});
              req.on('timeout', () => { events.push('timeout'); req.destroy(); });
              req.on('error', (error) => events.push(`error ${error.code} ${error.message}`));
              req.on('close', () => { events.push('close'); setTimeout(resolve, 20); });
              req.end();
            });
            return events;
        """)
    finally:
        engine.close()
    assert result.return_value == ["timeout", "error ECONNRESET socket hang up", "close"]


def test_a_request_destroyed_before_it_goes_is_not_sent_and_fails_once(tmp_path):
    mocks = tmp_path / "mock.yaml"
    mocks.write_text(MOCKS, encoding="utf-8")
    engine = make_engine(network={"mock": str(mocks), "offline": True})
    try:
        result = run(engine, tmp_path, """
            const events = [];
            await new Promise((resolve) => {
              const req = https.request('https://api.example.com/v1/events', {method: 'POST'});
              req.on('error', (error) => events.push(`error ${error.code} ${error.message}`));
              req.on('close', () => { events.push('close'); setTimeout(resolve, 20); });
              req.end('{}');
              req.destroy();
            });
            return events;
        """)
    finally:
        engine.close()
    assert result.outcome == "success"
    assert result.return_value == ["error ECONNRESET socket hang up", "close"]
    assert result.requests == []


def test_a_body_cut_short_ends_in_aborted_as_on_node(tmp_path, monkeypatch):
    """Node 20 (checked by hand): what arrived, 'aborted', an "aborted" ECONNRESET error, 'close', and no 'end'; with
    no listener for the error, nothing fails."""
    pytest.importorskip("cryptography")
    ca_file, context = certificates(tmp_path)
    origin = LoopbackServer(tls=context)
    origin.routes["/cut"] = lambda received: Reply(body=b'{"a":1}', content_length=100)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))  # the sandbox process inherits it
    engine = make_engine()
    try:
        result = run(engine, tmp_path, """
            const events = [];
            await new Promise((resolve) => {
              https.get(settings.base + '/cut', (res) => {
                res.on('data', (chunk) => events.push('data ' + chunk));
                res.on('end', () => events.push('end'));
                res.on('aborted', () => events.push('aborted'));
                res.on('error', (error) => events.push(`error ${error.message} ${error.code}`));
                res.on('close', () => { events.push('close'); resolve(); });
              });
            });
            const unheard = await new Promise((resolve) => {
              https.get(settings.base + '/cut', (res) => res.on('close', () => resolve([res.aborted, res.complete])));
            });
            return [events, unheard];
        """, settings={"base": origin.base})
    finally:
        engine.close()
        origin.close()
    assert result.error is None, result.error
    assert result.return_value == [['data {"a":1}', "aborted", "error aborted ECONNRESET", "close"], [True, False]]
