"""Network modes in the real sandbox: mock rules and offline; the network options and the files they name."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from support.http_server import meeting
from support.sandbox_helpers import HandlerRunner, make_engine, run_on_track

from segtui.engine.network_check import check_network
from segtui.errors import SegtuiInputError
from segtui.protocol import NetworkOptions

MOCKS = """
- method: POST
  url: https://api.example.com/v1/events
  status: 201
  headers: {X-Request-Id: abc}
  json: {ok: true}
- method: [GET, HEAD]
  prefix: https://api.example.com/v1/users/
  body: a user
- glob: https://*.example.org/**/items
  body_base64: AAH/
  headers: {Content-Type: application/octet-stream}
- regex: ^https://flaky\\.example\\.com/
  fail: reset
  times: 1
- regex: ^https://flaky\\.example\\.com/
  status: 503
- url: https://down.example.com
  fail: refused
- url: https://nxdomain.example.com/x
  fail: dns
- url: https://slow.example.com/
  fail: timeout
- url: https://delayed.example.com/
  delay_ms: 50
  status: 204
"""


def outcomes(body_of_each: str) -> str:
    """JS that runs `attempt(url, init)` for each case and returns status/text or the error's fields."""
    return f"""
        async function attempt(url, init) {{
          try {{
            const r = await fetch(url, init);
            return [r.status, r.statusText, r.headers.get('x-request-id'), await r.text()];
          }} catch (e) {{ return [e.name, e.type, e.code, e.message]; }}
        }}
        {body_of_each}
    """


@pytest.fixture(scope="module")
def mock_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("mocks") / "mock.yaml"
    path.write_text(MOCKS, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def mocked(mock_file):
    engine = make_engine(network={"mock": str(mock_file)})
    yield engine
    engine.close()


def test_mock_rules_answer_by_method_and_url(mocked, tmp_path):
    result = run_on_track(mocked, tmp_path, outcomes("""
        return [await attempt('https://api.example.com/v1/events', {method: 'POST', body: '{}'}),
                await attempt('https://api.example.com/v1/users/42'),
                await attempt('https://api.example.com/v1/users/42', {method: 'DELETE'}),
                await attempt('https://shop.example.org/a/b/items')];
    """))
    events, user, wrong_method, items = result.return_value
    assert events == [201, "Created", "abc", '{"ok": true}']
    assert user == [200, "OK", None, "a user"]
    assert wrong_method[:3] == ["FetchError", "system", "ENOTFOUND"]
    assert items[:2] == [200, "OK"]
    sources = [(record.source, record.mock_rule) for record in result.requests]
    assert sources == [("mock", 1), ("mock", 2), ("live", None), ("mock", 3)]
    assert result.requests[3].response.body_encoding == "base64"
    assert result.requests[3].response.body == "AAH/"


def test_mock_failures_surface_as_node_fetch_errors(mocked, tmp_path):
    result = run_on_track(mocked, tmp_path, outcomes("""
        return [await attempt('https://flaky.example.com/x'), await attempt('https://flaky.example.com/x'),
                await attempt('https://down.example.com/'), await attempt('https://nxdomain.example.com/x'),
                await attempt('https://slow.example.com/', {timeout: 30})];
    """))
    reset, retried, refused, dns, timeout = result.return_value
    assert reset == ["FetchError", "system", "ECONNRESET",
                     "request to https://flaky.example.com/x failed, reason: socket hang up"]
    assert retried[0] == 503
    assert refused == ["FetchError", "system", "ECONNREFUSED",
                       "request to https://down.example.com/ failed, reason: connect ECONNREFUSED down.example.com:443"]
    assert dns == ["FetchError", "system", "ENOTFOUND",
                   "request to https://nxdomain.example.com/x failed, reason: getaddrinfo ENOTFOUND nxdomain.example.com"]
    assert timeout == ["FetchError", "request-timeout", None, "network timeout at: https://slow.example.com/"]


def test_mocked_delays_are_recorded(mocked, tmp_path):
    result = run_on_track(mocked, tmp_path, """
        const all = await Promise.all([fetch('https://delayed.example.com/'), fetch('https://delayed.example.com/')]);
        return all.map((r) => r.status);
    """)
    assert result.return_value == [204, 204]
    assert [record.mock_rule for record in result.requests] == [9, 9]
    assert all(record.wait_ms >= 50 for record in result.requests)


def test_each_record_says_when_its_request_started_in_utc(mocked, tmp_path, loopback):
    """A live request, a delayed mock and an answered one: the start is kept as a clock reading and said as UTC
    text (to the millisecond, with a Z) when the record is made."""
    before = datetime.now(UTC)
    result = run_on_track(mocked, tmp_path, """
        await fetch('https://delayed.example.com/');
        await fetch('https://api.example.com/v1/users/1');
        return (await fetch(settings.base + '/live')).status;
    """, settings={"base": loopback.base})
    after = datetime.now(UTC)
    assert result.outcome == "success", result.error
    starts = [record.started_at for record in result.requests]
    assert len(starts) == 3
    for text in starts:
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", text), text
        assert before - timedelta(milliseconds=1) <= datetime.fromisoformat(text) <= after
    assert starts == sorted(starts)


def test_requests_started_together_are_in_flight_at_once(tmp_path, loopback):
    loopback.routes["/meet"] = meeting(3)
    engine = make_engine()
    try:
        result = run_on_track(engine, tmp_path, """
            const all = await Promise.all([1, 2, 3].map(() => fetch(settings.base + '/meet')));
            return Promise.all(all.map((r) => r.text()));
        """, settings={"base": loopback.base})
    finally:
        engine.close()
    assert result.return_value == ["together"] * 3


def test_a_mock_timeout_without_a_timeout_option_hangs_until_the_run_times_out(mock_file, tmp_path):
    engine = make_engine(timeout_s=0.5, network={"mock": str(mock_file)})
    try:
        result = run_on_track(engine, tmp_path, "await fetch('https://slow.example.com/');")
    finally:
        engine.close()
    assert result.outcome == "timeout"


def test_mock_times_count_per_load(tmp_path):
    path = tmp_path / "rules.json"
    path.write_text(json.dumps([{"url": "https://a.example/", "body": "first", "times": 1},
                                {"url": "https://a.example/", "body": "later"}]), encoding="utf-8")
    engine = make_engine(network={"mock": str(path)})
    runner = HandlerRunner(engine, tmp_path)
    source = "async function onTrack() { return (await fetch('https://a.example/')).text(); }"
    event = {"type": "track", "event": "Test"}
    try:
        assert runner.load(source).ok
        warm = [invocation.return_value for invocation in engine.invoke_many([event, event], {})]
        reloaded = runner.run(source).return_value
    finally:
        engine.close()
    assert warm == ["first", "later"]
    assert reloaded == "first"


def test_mock_file_changes_apply_to_the_next_run(tmp_path):
    path = tmp_path / "rules.json"
    path.write_text(json.dumps([{"url": "https://a.example/", "body": "one"}]), encoding="utf-8")
    engine = make_engine(network={"mock": str(path)})
    try:
        body = "return (await fetch('https://a.example/')).text();"
        first = run_on_track(engine, tmp_path, body).return_value
        path.write_text(json.dumps({"rules": [{"url": "https://a.example/", "body": "two, longer"}]}), encoding="utf-8")
        second = run_on_track(engine, tmp_path, body).return_value
        path.write_text("[{", encoding="utf-8")
        broken = run_on_track(engine, tmp_path, "try { await fetch('https://a.example/') } catch (e) { return e.message }")
    finally:
        engine.close()
    assert (first, second) == ("one", "two, longer")
    assert broken.return_value.startswith(f"request to https://a.example/ failed, reason: segtui mock file: {path}:1:")


def test_offline_refuses_unanswered_requests_and_still_records_them(mock_file, tmp_path, loopback):
    engine = make_engine(network={"mock": str(mock_file), "offline": True})
    try:
        result = run_on_track(engine, tmp_path, outcomes("""
            return [await attempt(settings.base + '/json'), await attempt('https://api.example.com/v1/users/1')];
        """), settings={"base": loopback.base})
    finally:
        engine.close()
    refused, mocked = result.return_value
    assert refused == ["FetchError", "system", "ENETUNREACH",
                       (f"request to {loopback.base}/json failed, reason: segtui is offline: no request leaves the "
                       f"machine (GET {loopback.base}/json: no mock rule matched it)")]
    assert mocked[0] == 200
    assert loopback.take() == []
    assert [record.source for record in result.requests] == ["offline", "mock"]
    assert result.requests[0].error.code == "ENETUNREACH" and result.requests[0].response is None


@pytest.mark.parametrize(("options", "message"), [
    ({"mocks": "x"}, 'unknown network option "mocks" (did you mean "mock"?)'),
    ({"record": "a.json", "replay": "b.json"}, "--record and --replay cannot be used together"),
    ({"record": "a.json", "offline": True}, "--record and --offline cannot be used together"),
    ({"offline": "yes"}, 'the network option "offline" must be true or false'),
    ({"secrets": "x"}, 'the network option "secrets" must be a list of strings'),
])
def test_network_options_are_checked(options, message):
    with pytest.raises(SegtuiInputError) as raised:
        NetworkOptions.from_json(options)
    assert str(raised.value).startswith(message)


def test_network_options_resolve_paths_and_round_trip(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    options = NetworkOptions.from_json({"mock": "mock.yaml", "offline": True, "secrets": ["k", ""]})
    assert options.mock == str(tmp_path / "mock.yaml") and options.mode == "mock + offline"
    assert NetworkOptions.from_json(options.to_json()) == options
    assert NetworkOptions.from_json({}).mode == "live"
    assert NetworkOptions(mock="m.yaml", replay="c.yaml").mode == "mock + replay"


def test_check_network_reads_the_files_it_names(tmp_path):
    bad = tmp_path / "mock.json"
    bad.write_text('[{"url": "https://a/", "stauts": 1}]', encoding="utf-8")
    with pytest.raises(SegtuiInputError, match='rule 1: unknown key "stauts"'):
        check_network(NetworkOptions.from_json({"mock": str(bad)}))
    with pytest.raises(SegtuiInputError, match="no such file"):
        check_network(NetworkOptions.from_json({"replay": str(tmp_path / "missing.json")}))
    (tmp_path / "c.json").write_text('{"interactions": []}', encoding="utf-8")
    with pytest.raises(SegtuiInputError, match="expected a segtui cassette"):
        check_network(NetworkOptions.from_json({"replay": str(tmp_path / "c.json")}))
    assert check_network(NetworkOptions.from_json({"record": str(tmp_path / "new" / "c.json")})).mode == "live + record → c.json"
