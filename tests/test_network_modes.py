"""Network modes in the real sandbox: mock rules, offline, record to a cassette and replay from it."""

from __future__ import annotations

import json
import re
import time
from datetime import UTC, datetime, timedelta

import pytest
from support.http_server import Reply, meeting
from support.sandbox_helpers import HandlerRunner, make_engine, run_on_track

from segtui.cassette import CassetteWriter
from segtui.engine.network_check import check_network
from segtui.errors import SegtuiInputError
from segtui.masking import HEADER_MASK, MASK, NO_MASK
from segtui.protocol import NetworkOptions
from segtui.sandbox.cassette_answers import interaction
from segtui.sandbox.exchange import Exchange, Outgoing

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


def record_into(cassette, tmp_path, body: str, settings: dict, secret: str):
    """Run `body` once recording into `cassette` (with `secret` masked), save it, and return the run."""
    recorder = make_engine(network={"record": str(cassette), "secrets": [secret]})
    try:
        recorded = run_on_track(recorder, tmp_path, body, settings=settings)
    finally:
        recorder.close()
    save(cassette, [recorded])
    return recorded


def replay_from(cassette, tmp_path, body: str, settings: dict, secret: str | None = None):
    """Run `body` once on a sandbox answering from `cassette` (with `secret` masked, as it was recorded), and return
    the run."""
    player = make_engine(network={"replay": str(cassette), **({"secrets": [secret]} if secret else {})})
    try:
        return run_on_track(player, tmp_path, body, settings=settings)
    finally:
        player.close()


def test_record_then_replay_with_secrets_masked(tmp_path, loopback):
    cassette = tmp_path / "cassette.json"
    secret = "s3cr3t-key"
    body = """
        const a = await fetch(settings.base + '/json?key=' + settings.apiKey,
                              {headers: {Authorization: 'Bearer ' + settings.apiKey}});
        const b = await fetch(settings.base + '/text', {method: 'POST', body: 'token=' + settings.apiKey});
        let refused;
        try { await fetch('http://127.0.0.1:9/'); } catch (e) { refused = e.message; }
        return [await a.json(), await b.text(), refused];
    """
    recorded = record_into(cassette, tmp_path, body, {"base": loopback.base, "apiKey": secret}, secret)
    assert len(loopback.take()) == 2
    text = cassette.read_text(encoding="utf-8")
    assert secret not in text
    data = json.loads(text)
    first, second, failed = data["interactions"]
    assert first["request"]["url"] == f"{loopback.base}/json?key={MASK}"
    assert ["Authorization", f"Bearer {MASK}"] in first["request"]["headers"]
    assert second["request"]["body"] == f"token={MASK}"
    assert failed["response"] is None and failed["error"]["code"] == "ECONNREFUSED"

    player = make_engine(network={"replay": str(cassette), "secrets": [secret]})
    try:
        replayed = run_on_track(player, tmp_path, body, settings={"base": loopback.base, "apiKey": secret})
        again = run_on_track(player, tmp_path, body, settings={"base": loopback.base, "apiKey": secret})
        unmatched = run_on_track(player, tmp_path, "try { await fetch(settings.base + '/other') } catch (e) { return [e.code, e.message] }",
                        settings={"base": loopback.base})
        changed = run_on_track(player, tmp_path, "return (await fetch(settings.base + '/text', {method: 'POST', body: 'new'})).text()",
                      settings={"base": loopback.base})
    finally:
        player.close()
    assert loopback.take() == []
    assert replayed.return_value == recorded.return_value == again.return_value
    assert [record.source for record in replayed.requests] == ["replay"] * 3
    assert [record.note for record in replayed.requests] == [None] * 3
    assert changed.return_value == recorded.return_value[1]
    assert changed.requests[0].note == "replayed a recording of this method and URL whose request body was different"
    code, message = unmatched.return_value
    assert code == "ENETUNREACH"
    assert message == (f"request to {loopback.base}/other failed, reason: segtui replay: no recorded response for "
                       f"GET {loopback.base}/other in cassette.json; it holds: GET {loopback.base}/json?key={MASK}, "
                       f"POST {loopback.base}/text, GET http://127.0.0.1:9/")


def test_a_replayed_response_header_that_held_a_secret_reads_as_header_mask(tmp_path, loopback):
    cassette = tmp_path / "cassette.json"
    secret = "s3cr3t-key"
    loopback.routes["/login"] = lambda received: Reply(200, b"ok", [("Set-Cookie", f"session={secret}")])
    body = "const r = await fetch(settings.base + '/login'); return [r.status, r.headers.get('set-cookie')];"
    recorded = record_into(cassette, tmp_path, body, {"base": loopback.base, "apiKey": secret}, secret)
    assert recorded.return_value == [200, f"session={secret}"]
    replayed = replay_from(cassette, tmp_path, body, {"base": loopback.base, "apiKey": secret}, secret)
    assert replayed.error is None, replayed.error
    assert replayed.return_value == [200, HEADER_MASK]  # a credential header is masked whole


def test_a_lone_surrogate_in_a_recorded_request_is_saved_and_replayed(tmp_path, loopback):
    cassette = tmp_path / "cassette.json"
    # In the body, which goes as UTF-8 with U+FFFD in its place (Node refuses a path holding one: ERR_UNESCAPED_CHARACTERS).
    body = "return (await fetch(settings.base + '/text', {method: 'POST', body: 'q=\\ud800'})).text();"
    recorder = make_engine(network={"record": str(cassette)})
    try:
        recorded = run_on_track(recorder, tmp_path, body, settings={"base": loopback.base})
    finally:
        recorder.close()
    save(cassette, [recorded])
    assert recorded.outcome == "success", recorded.error
    assert [record.note for record in recorded.requests] == [None]
    [saved] = json.loads(cassette.read_text(encoding="utf-8"))["interactions"]
    assert saved["request"]["body"] == "q=\ufffd"
    assert list(tmp_path.glob(".cassette.json.*")) == []
    replayed = replay_from(cassette, tmp_path, body, {"base": loopback.base})
    assert replayed.return_value == recorded.return_value
    assert [record.source for record in replayed.requests] == ["replay"]


INTERACTION = interaction(Outgoing("GET", "http://a.example/", "http", "a.example", 80, "/", [("Host", "a.example")]),
                          Exchange(200, "OK", body=b"ok"), NO_MASK)


def save(cassette, results) -> None:
    """What segtui does with a recording run's results: add their exchanges to the cassette, then save it."""
    writer = CassetteWriter(cassette)
    for result in results:
        writer.add(result.interactions)
    assert writer.save() is None


def saved_count(path) -> int:
    return len(json.loads(path.read_text(encoding="utf-8"))["interactions"])


def test_a_cassette_is_written_on_the_first_run_then_every_few_runs(tmp_path):
    path = tmp_path / "cassette.json"
    writer = CassetteWriter(path, every=3, seconds=3600)
    saved = []
    for _ in range(7):
        assert writer.add([INTERACTION]) is None
        saved.append(saved_count(path))
    assert saved == [1, 1, 1, 4, 4, 4, 7]


def test_a_cassette_catches_up_shortly_after_a_burst(tmp_path):
    path = tmp_path / "cassette.json"
    writer = CassetteWriter(path, every=1000, seconds=0.05)
    for _ in range(3):
        writer.add([INTERACTION])
    give_up = time.monotonic() + 5
    while saved_count(path) < 3 and time.monotonic() < give_up:
        time.sleep(0.01)
    assert saved_count(path) == 3


def test_a_cassette_holds_every_exchange_of_a_run_of_many_events(tmp_path, loopback):
    cassette = tmp_path / "cassette.json"
    engine = make_engine(network={"record": str(cassette)})
    count = 30
    try:
        assert HandlerRunner(engine, tmp_path).load(
            "async function onTrack(event, settings) { await fetch(settings.base + '/json'); }").ok
        results = list(engine.invoke_many([{"type": "track", "event": "Test"}] * count, {"base": loopback.base}))
    finally:
        engine.close()
    assert [result.outcome for result in results] == ["success"] * count
    save(cassette, results)
    assert saved_count(cassette) == count


def test_recording_extends_a_cassette_across_restarted_sandboxes(tmp_path, loopback):
    cassette = tmp_path / "cassette.json"
    handler = "async function onTrack(event, settings) { await fetch(settings.base + '/json?n=' + event.n); }"
    for n in (1, 2):
        engine = make_engine(network={"record": str(cassette)})
        try:
            assert HandlerRunner(engine, tmp_path).load(handler).ok
            first = engine.invoke({"type": "track", "n": n}, {"base": loopback.base})
            engine.cancel()
            second = engine.invoke({"type": "track", "n": n + 10}, {"base": loopback.base})
            assert [first.outcome, second.outcome] == ["success", "success"]
        finally:
            engine.close()
        save(cassette, [first, second])
    urls = [item["request"]["url"] for item in json.loads(cassette.read_text())["interactions"]]
    assert [url.rsplit("=", 1)[1] for url in urls] == ["1", "11", "2", "12"]


def test_recording_refuses_to_overwrite_a_file_that_is_not_a_cassette(tmp_path):
    notes = tmp_path / "notes.json"
    notes.write_text('{"mine": true}')
    with pytest.raises(SegtuiInputError, match="notes.json"):
        check_network(NetworkOptions.from_json({"record": str(notes)}))
    assert notes.read_text() == '{"mine": true}'


def test_a_replayed_gzip_response_is_served_decoded(tmp_path, loopback):
    cassette = tmp_path / "gzip.json"
    recorder = make_engine(network={"record": str(cassette)})
    body = "const r = await fetch(settings.base + '/gzip'); return [await r.text(), r.headers.get('content-encoding')];"
    try:
        recorded = run_on_track(recorder, tmp_path, body, settings={"base": loopback.base})
        live = recorded.return_value
    finally:
        recorder.close()
    save(cassette, [recorded])
    replayed = replay_from(cassette, tmp_path, body, {"base": loopback.base}).return_value
    assert live == replayed == ["gzipped body", "gzip"]


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


def test_a_cassette_that_cannot_be_written_is_reported(tmp_path, loopback):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("", encoding="utf-8")
    cassette = blocker / "cassette.json"
    with pytest.raises(SegtuiInputError, match="cannot write the cassette there"):
        check_network(NetworkOptions.from_json({"record": str(cassette)}))
    engine = make_engine(network={"record": str(cassette)})
    try:
        result = run_on_track(engine, tmp_path, "return (await fetch(settings.base + '/json')).status;",
                     settings={"base": loopback.base})
    finally:
        engine.close()
    assert result.return_value == 200 and len(result.interactions) == 1
    assert CassetteWriter(cassette).add(result.interactions).startswith("cannot write")


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




GOOD_RESPONSE = {"status": 200, "status_text": "OK", "headers": [["a", "b"]], "body": "x", "body_encoding": "utf-8"}


@pytest.mark.parametrize(("change", "problem"), [
    ({"status": 9999}, "the response's status must be a whole number from 100 to 599, not 9999"),
    ({"status": True}, "the response's status must be a whole number from 100 to 599, not True"),
    ({"headers": {"a": "b"}}, "the response's headers must be a list of [name, value] pairs of text"),
    ({"headers": [["a"]]}, "the response's headers must be a list of [name, value] pairs of text"),
    ({"body": "!!!", "body_encoding": "base64"}, "the response's body is not valid base64"),
    ({"body_encoding": "rot13"}, "the response's body_encoding must be utf-8 or base64, not 'rot13'"),
    ({"body": 5}, "the response's body must be text or null"),
])
def test_a_hand_edited_cassette_with_a_response_segtui_cannot_replay_is_refused_naming_it(tmp_path, change, problem):
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"segtui_cassette": 1, "interactions": [
        {"request": {"method": "GET", "url": "https://a/", "headers": []}, "response": {**GOOD_RESPONSE, **change}}]}))
    with pytest.raises(SegtuiInputError) as raised:
        check_network(NetworkOptions(replay=str(path)))
    assert str(raised.value) == f"{path}: interaction 1: {problem}"
    (tmp_path / "ok.json").write_text(path.read_text().replace(json.dumps({**GOOD_RESPONSE, **change}), json.dumps(GOOD_RESPONSE)))
    check_network(NetworkOptions(replay=str(tmp_path / "ok.json")))


@pytest.mark.parametrize(("response", "error", "problem"), [
    (GOOD_RESPONSE, "boom", "the error must be an object with a message, or null"),  # a probe: Python's ValueError
    (GOOD_RESPONSE, 5, "the error must be an object with a message, or null"),  # … and TypeError, in the handler's run
    (GOOD_RESPONSE, {"message": None}, "the error's message must be text"),
    ("ok", {"message": "m"}, "the response must be an object with a status, or null"),
])
def test_a_cassette_interaction_with_a_response_and_a_bad_error_or_the_other_way_is_refused(tmp_path, response, error,
                                                                                             problem):
    path = tmp_path / "c.json"
    assert refusal(path, response, error) == f"{path}: interaction 1: {problem}"


def refusal(path, response: object, error: object) -> str:
    """Why a cassette of one interaction with this response and error is refused."""
    path.write_text(json.dumps({"segtui_cassette": 1, "interactions": [
        {"request": {"method": "GET", "url": "https://a/", "headers": []}, "response": response, "error": error}]}))
    with pytest.raises(SegtuiInputError) as raised:
        check_network(NetworkOptions(replay=str(path)))
    return str(raised.value)


@pytest.mark.parametrize(("error", "problem"), [
    ({}, "the error's message must be text"),  # a probe found it gave the handler a Python AttributeError
    ({"message": None}, "the error's message must be text"),  # … and this crashed the sandbox
    ({"code": "X"}, "the error's message must be text"),  # … and this lost the request's record
    ({"message": "m", "code": 5}, "the error's code must be text or null"),
    ({"message": "m", "type": None}, "the error's type must be text"),
    ({"message": "m", "errno": -104}, "the error has a field 'errno'; it may have message, type, code, name"),
])
def test_a_hand_edited_cassette_with_a_failure_segtui_cannot_replay_is_refused_naming_it(tmp_path, error, problem):
    path = tmp_path / "c.json"
    assert refusal(path, None, error) == f"{path}: interaction 1: {problem}"
    good = {"message": "request to https://a/ failed, reason: socket hang up", "type": "system", "code": "ECONNRESET",
            "name": "FetchError"}
    path.write_text(path.read_text().replace(json.dumps(error), json.dumps(good)))
    check_network(NetworkOptions(replay=str(path)))


def test_a_body_cut_short_never_settles_as_on_node_and_a_cassette_replays_it_cut(tmp_path, loopback):
    # node-fetch 2.6.0 waits for an end that never comes (conformance fixture fetch_cut_bodies): reading the body
    # settles nothing, its stream gives what arrived; the record keeps it and says why, and a cassette keeps it cut.
    cassette = tmp_path / "cassette.json"
    loopback.routes["/cut"] = lambda received: Reply(body=b'{"a":1}', content_length=100,
                                                     headers=[("Content-Type", "application/json")])
    body = """
        const res = await fetch(settings.base + '/cut');
        const chunks = [];
        res.body.on('data', (chunk) => chunks.push(String(chunk)));
        const timer = new Promise((resolve) => setTimeout(() => resolve('pending'), 100));
        const read = (await fetch(settings.base + '/cut')).json().then(() => 'settled', (error) => error.message);
        return [res.status, await Promise.race([read, timer]), chunks.join('')];
    """
    recorded = record_into(cassette, tmp_path, body, {"base": loopback.base}, "unused-secret")
    assert recorded.return_value == [200, "pending", '{"a":1}']
    assert [record.response.body for record in recorded.requests] == ['{"a":1}'] * 2
    assert all("never settles reading such a body" in record.note for record in recorded.requests)
    assert [item["response"]["cut"] for item in json.loads(cassette.read_text(encoding="utf-8"))["interactions"]] == [True] * 2

    replayed = replay_from(cassette, tmp_path, body, {"base": loopback.base})
    assert replayed.return_value == recorded.return_value
    timed = make_engine(timeout_s=1.0)
    try:
        waited = run_on_track(timed, tmp_path, "return (await fetch(settings.base + '/cut')).text();",
                              settings={"base": loopback.base})
    finally:
        timed.close()
    assert waited.outcome == "timeout"
