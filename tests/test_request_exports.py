"""Request records from real runs, and their exports: masking, HAR 1.2 and curl commands."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest
from support.http_server import Reply
from support.sandbox_helpers import HandlerRunner, make_engine

from segtui.masking import MASK, NO_MASK, Masker
from segtui.records import MAX_RECORDED_BODY, RequestRecord
from segtui.request_exports import to_curl, to_har
from segtui.sandbox.record_budget import RUN_BODIES_BYTES

SECRET = "key-123"
RECORD_KEYS = {"id", "fetch", "hop", "seq", "method", "url", "headers", "body", "body_encoding", "body_size",
               "body_truncated", "response", "error", "note", "source", "mock_rule", "started_at", "offset_ms",
               "wait_ms", "duration_ms"}
RESPONSE_KEYS = {"status", "status_text", "headers", "body", "body_encoding", "body_size", "body_truncated"}


@pytest.fixture
def run(runner, loopback):
    def run(body: str):
        result = runner.run(f"async function onTrack(event, settings) {{\n{body}\n}}",
                            settings={"base": loopback.base, "apiKey": SECRET})
        assert result.outcome == "success", result.error
        return result

    return run


def test_records_follow_the_schema_and_interleave_with_logs(run, loopback):
    result = run("""
        console.log('one'); console.log('two');
        await fetch(settings.base + '/json', {method: 'POST', body: JSON.stringify({k: settings.apiKey}),
                                              headers: {'Content-Type': 'application/json'}});
        console.log('three');
        try { await fetch('http://127.0.0.1:9/'); } catch (e) {}
    """)
    ok, failed = (record.to_json() for record in result.requests)
    assert set(ok) == RECORD_KEYS and set(ok["response"]) == RESPONSE_KEYS
    assert [(log.message, log.seq) for log in result.logs] == [("one", 1), ("two", 2), ("three", 3)]
    assert (ok["id"], ok["fetch"], ok["hop"], ok["seq"], failed["seq"]) == (1, 1, 0, 2, 3)
    assert ok["method"] == "POST" and ok["url"] == loopback.base + "/json"
    assert ok["headers"][0] == ["Content-Type", "application/json"] and ok["headers"][-1][0] == "Host"
    assert (ok["body"], ok["body_encoding"], ok["body_size"], ok["body_truncated"]) == (
        '{"k":"key-123"}', "utf-8", 15, False)
    assert ok["response"]["status"] == 200 and ok["response"]["body"] == '{"ok": true, "n": 1}'
    assert ok["error"] is None and ok["source"] == "live" and ok["started_at"].endswith("Z")
    assert ok["duration_ms"] >= ok["wait_ms"] >= 0
    assert failed["response"] is None
    assert failed["error"] == {"name": "FetchError", "type": "system", "code": "ECONNREFUSED",
                               "message": "request to http://127.0.0.1:9/ failed, reason: connect ECONNREFUSED 127.0.0.1:9"}


def test_large_bodies_are_cut_with_a_mark_and_binary_bodies_are_base64(run):
    size = MAX_RECORDED_BODY + 500
    result = run(f"""
        await (await fetch(settings.base + '/big?bytes={size}')).text();
        await fetch(settings.base + '/binary', {{method: 'POST', body: new Uint8Array([0, 255, 1])}});
    """)
    big, binary = (record.to_json() for record in result.requests)
    response = big["response"]
    assert (response["body_size"], response["body_truncated"], len(response["body"])) == (size, True, MAX_RECORDED_BODY)
    assert (binary["body"], binary["body_encoding"], binary["body_size"]) == ("AP8B", "base64", 3)
    assert binary["response"]["body_encoding"] == "base64" and binary["response"]["body_size"] == 256


def test_masking_hides_secrets_and_credential_headers():
    record = {
        "url": f"https://api.example.com/x?key={SECRET}", "method": "POST",
        "headers": [["Authorization", "Basic a2V5LTEyMzo="], ["X-Api-Key", SECRET], ["Cookie", "s=1"],
                    ["X-Trace", f"t-{SECRET}"], ["Accept", "*/*"]],
        "body": f'{{"key":"{SECRET}"}}', "body_encoding": "utf-8",
        "response": {"status": 200, "headers": [["Set-Cookie", "s=2"]], "body": f"echo {SECRET}", "body_encoding": "utf-8"},
        "error": {"name": "FetchError", "message": f"request to https://api.example.com/x?key={SECRET} failed"},
    }
    masked = Masker([SECRET]).record(RequestRecord.from_json(record)).to_json()
    assert SECRET not in json.dumps(masked)
    assert masked["url"] == f"https://api.example.com/x?key={MASK}"
    assert masked["headers"] == [["Authorization", f"Basic {MASK}"], ["X-Api-Key", MASK], ["Cookie", MASK],
                                 ["X-Trace", f"t-{MASK}"], ["Accept", "*/*"]]
    assert masked["body"] == f'{{"key":"{MASK}"}}' and masked["response"]["body"] == f"echo {MASK}"
    assert masked["response"]["headers"] == [["Set-Cookie", MASK]]
    assert record["headers"][0] == ["Authorization", "Basic a2V5LTEyMzo="]
    assert Masker().header("Authorization", "") == "" and Masker().header("proxy-authorization", "Bearer x") == f"Bearer {MASK}"


def _required(obj: dict, *keys: str) -> None:
    missing = [key for key in keys if key not in obj]
    assert not missing, f"missing HAR fields {missing} in {obj}"


def test_har_has_the_required_fields_and_is_masked_by_default(run, loopback):
    result = run("""
        await fetch(settings.base + '/json?a=1&b=', {method: 'POST', body: 'k=' + settings.apiKey,
                                                     headers: {Authorization: 'Bearer ' + settings.apiKey}});
        try { await fetch('http://127.0.0.1:9/'); } catch (e) {}
    """)
    har = json.loads(json.dumps(to_har(result.requests, Masker([SECRET]))))
    assert SECRET not in json.dumps(har)
    log = har["log"]
    _required(log, "version", "creator", "entries")
    assert log["version"] == "1.2" and log["creator"]["name"] == "segtui"
    for entry in log["entries"]:
        _required(entry, "startedDateTime", "time", "request", "response", "cache", "timings")
        _required(entry["request"], "method", "url", "httpVersion", "cookies", "headers", "queryString",
                  "headersSize", "bodySize")
        _required(entry["response"], "status", "statusText", "httpVersion", "cookies", "headers", "content",
                  "redirectURL", "headersSize", "bodySize")
        _required(entry["response"]["content"], "size", "mimeType")
        _required(entry["timings"], "send", "wait", "receive")
        assert entry["time"] == pytest.approx(sum(v for v in entry["timings"].values() if v >= 0))
    ok, failed = log["entries"]
    assert ok["request"]["queryString"] == [{"name": "a", "value": "1"}, {"name": "b", "value": ""}]
    assert ok["request"]["postData"] == {"mimeType": "text/plain;charset=UTF-8", "text": f"k={MASK}"}
    assert {"name": "Authorization", "value": f"Bearer {MASK}"} in ok["request"]["headers"]
    assert ok["response"]["content"]["text"] == '{"ok": true, "n": 1}'
    assert failed["response"]["status"] == 0 and "ECONNREFUSED" in failed["response"]["_error"]
    revealed = to_har(result.requests, NO_MASK)
    assert revealed["log"]["entries"][0]["request"]["postData"]["text"] == f"k={SECRET}"


def test_curl_command_for_a_record():
    record = {
        "method": "POST", "url": "https://api.example.com/v1/x?y=1", "body": '{"a":"it\'s"}', "body_encoding": "utf-8",
        "body_size": 12, "body_truncated": False,
        "headers": [["Content-Type", "application/json"], ["Authorization", "Bearer tok"], ["Accept", "*/*"],
                    ["Content-Length", "12"], ["User-Agent", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)"],
                    ["Accept-Encoding", "gzip,deflate"], ["Connection", "close"], ["Host", "api.example.com"]],
    }
    assert to_curl(RequestRecord.from_json(record), Masker()) == (
        "curl -X POST 'https://api.example.com/v1/x?y=1' -H 'Content-Type: application/json' "
        f"-H 'Authorization: Bearer {MASK}' -H 'Accept: */*' "
        "-H 'User-Agent: node-fetch/1.0 (+https://github.com/bitinn/node-fetch)' -H 'Accept-Encoding: gzip,deflate' "
        "-H 'Connection: close' --compressed --data-binary '{\"a\":\"it'\"'\"'s\"}'")
    get = {"method": "GET", "url": "https://h/", "body": None, "body_encoding": None, "headers": [["Host", "other"]]}
    assert to_curl(RequestRecord.from_json(get), Masker()) == "curl https://h/ -H 'Host: other'"
    binary = dict(record, body="AP8B", body_encoding="base64", headers=[], body_truncated=True, body_size=2_000_000)
    assert to_curl(RequestRecord.from_json(binary), NO_MASK) == (
        "# the record keeps only the first 3 bytes of the body (2000000 were sent)\n"
        "printf %s AP8B | base64 -d | curl -X POST 'https://api.example.com/v1/x?y=1' -H 'Content-Type:' "
        "--data-binary @-")


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
@pytest.mark.parametrize("init", ["{method: 'PUT', body: 'a \\'quoted\\' body', headers: {'X-A': 'b c'}}",
                                  "{method: 'POST', body: new Uint8Array([0, 10, 255])}", "{method: 'HEAD'}", "{}",
                                  # an HTTP token may hold what a shell reads as syntax: a quote, a pipe, a comment
                                  "{method: \"IT'S|A#$WORD`&\", body: 'x'}",
                                  # a body holding what a terminal acts on when the command is pasted into it: the end
                                  # of a bracketed paste (after which it runs what follows as typed), a C1 CSI, a CR
                                  "{method: 'POST', body: 'a\\x1b[201~ echo pwned\\r\\n\\x9b2J \\u202e\\x1b\\x07 it\\'s'}"])
def test_curl_command_repeats_the_request(run, loopback, init):
    result = run(f"await fetch(settings.base + '/echo?q=1', {init});")
    [original] = loopback.take()
    command = to_curl(result.requests[0], NO_MASK)
    assert command.replace("\n", "").replace("\t", "").isprintable()
    subprocess.run(["sh", "-c", command + " -s -o /dev/null"], check=True, timeout=10)
    [repeated] = loopback.take()
    assert (repeated.request_line, repeated.body) == (original.request_line, original.body)
    assert sorted(repeated.headers) == sorted(original.headers)


def test_requests_made_by_the_top_level_show_in_the_first_run(engine, runner, loopback):
    runner.load(f"const early = fetch('{loopback.base}/json').then((r) => r.status);\n"
                "async function onTrack() { return early; }")
    first = engine.invoke({"type": "track"}, {})
    second = engine.invoke({"type": "track"}, {})
    assert first.return_value == second.return_value == 200
    assert [record.url for record in first.requests] == [loopback.base + "/json"] and second.requests == []


def test_records_keep_bodies_within_a_budget_so_sending_many_bodies_is_no_memory_error(tmp_path, loopback):
    """A handler sending 150 bodies of 1 MB, and reading 1 MB back for each, holds a few MB at a time; segtui held every
    body for its records, and stopped the run as past a 128 MB memory limit, its records lost."""
    loopback.routes["/big"] = lambda received: Reply(body=b"r" * MAX_RECORDED_BODY)
    engine = make_engine(memory_mb=128, timeout_s=60)
    try:
        result = HandlerRunner(engine, tmp_path).run(
            "async function onTrack(event, settings) {\n  const body = 'b'.repeat(1e6);\n"
            "  for (let i = 0; i < 150; i++) await (await fetch(settings.base + '/big', {method: 'POST', body})).text();\n"
            "  return 'sent';\n}", settings={"base": loopback.base})
    finally:
        engine.close()
    assert (result.outcome, result.return_value, len(result.requests)) == ("success", "sent", 150), result.error
    bodies = [body for record in result.requests for body in (record, record.response)]
    assert all(body.body_size == MAX_RECORDED_BODY for body in bodies)
    assert not bodies[0].body_truncated and bodies[-1].body_truncated
    assert sum(len(body.body or "") for body in bodies) <= RUN_BODIES_BYTES


def test_a_long_url_cut_in_the_record_is_exported_without_the_records_note_and_with_a_comment(run):
    # The record keeps a URL's first 100,000 characters and a note where it cut it: curl and HAR exported the note as
    # part of the URL (another resource), and said nothing of the cut.
    result = run("await fetch(settings.base + '/json?q=' + 'a'.repeat(150000) + '&key=' + settings.apiKey);")
    (record,) = result.requests
    assert record.url.endswith(" characters]") and len(record.url) < 150000
    command = to_curl(record, Masker([SECRET]))
    comment, _, curl = command.partition("\n")
    assert comment.startswith("# the record kept the first ") and comment.endswith(" characters of the URL")
    url = curl.split()[1].strip("'")
    assert url.startswith(record.url[:50]) and url.endswith("a") and "segtui" not in curl
    entry = to_har([record], Masker([SECRET]))["log"]["entries"][0]["request"]
    assert entry["url"] == url and entry["comment"] == comment.removeprefix("# ")
    assert entry["queryString"] == [{"name": "q", "value": url.partition("q=")[2]}]
