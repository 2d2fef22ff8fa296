"""Recording to a cassette and replaying from it in the real sandbox; writing cassettes; hand-edited ones refused."""

from __future__ import annotations

import json
import time

import pytest
from support.http_server import Reply
from support.sandbox_helpers import HandlerRunner, make_engine, run_on_track

from segtui.cassette import CassetteWriter
from segtui.engine.network_check import check_network
from segtui.errors import SegtuiInputError
from segtui.masking import HEADER_MASK, MASK, NO_MASK
from segtui.protocol import NetworkOptions
from segtui.sandbox.cassette_answers import interaction
from segtui.sandbox.exchange import Exchange, Outgoing


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
