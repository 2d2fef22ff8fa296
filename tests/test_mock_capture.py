"""A recorded request captured as a mock rule: built from the exchange, masked, appended without touching the rest."""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import pytest
import yaml
from support.http_server import Reply
from support.input_files import pipe_in_place
from support.sandbox_helpers import HandlerRunner, make_engine

from segtui.errors import SegtuiInputError
from segtui.masking import MASK, Masker
from segtui.mock_capture import add_rule, mock_target, rule_for
from segtui.mock_rules import MockFile, parse_rule
from segtui.records import FetchFailure, RequestRecord, ResponseRecord

SECRET = "sk_live_4f9a2b7c"
MASKER = Masker([SECRET])


def answered(url: str = "https://api.example.com/v1/events", body: str = '{"ok": true}',
             headers: list[list[str]] | None = None, status: int = 202, source: str = "live") -> RequestRecord:
    response = ResponseRecord(body=body, body_encoding="utf-8", body_size=len(body.encode()), status=status,
                              status_text="Accepted", headers=headers or [["Content-Type", "application/json"]])
    return RequestRecord(method="POST", url=url, response=response, source=source)


def refused(source: str = "offline", code: str = "ENETUNREACH", error_type: str = "system") -> RequestRecord:
    return RequestRecord(method="GET", url="https://api.example.com/v1/users/1", source=source,
                         error=FetchFailure("request failed", error_type, code))


def test_a_rule_answers_as_the_request_was_answered():
    record = answered(headers=[["Content-Type", "application/json"], ["Content-Length", "12"], ["Date", "x"],
                               ["X-Request-Id", "r1"]])
    rule, comments = rule_for(record, MASKER)
    assert rule == {"method": "POST", "url": "https://api.example.com/v1/events", "status": 202,
                    "headers": {"Content-Type": "application/json", "X-Request-Id": "r1"}, "json": {"ok": True}}
    assert comments == ["Added by segtui: POST https://api.example.com/v1/events, as answered live"]


def test_text_binary_and_unusual_status_texts_are_kept():
    text, _ = rule_for(answered(body="plain", headers=[["Content-Type", "text/plain"]], status=299), MASKER)
    assert (text["body"], text["status"], text["status_text"]) == ("plain", 299, "Accepted")
    binary = answered(headers=[["Content-Type", "application/octet-stream"]])
    binary.response.body, binary.response.body_encoding = "AAH/", "base64"
    assert rule_for(binary, MASKER)[0]["body_base64"] == "AAH/"


@pytest.mark.parametrize(("record", "fail"), [
    (refused("live", "ECONNREFUSED"), "refused"),
    (refused("live", "ENOTFOUND"), "dns"),
    (refused("live", "ECONNRESET"), "reset"),
    (refused("live", None, "request-timeout"), "timeout"),
])
def test_a_network_failure_gets_a_placeholder_answer_and_says_how_to_fail_as_it_did(record, fail):
    # A probe: mocking a request that failed live (a host unreachable from here) wrote a rule failing it again.
    rule, comments = rule_for(record, MASKER)
    assert rule == {"method": "GET", "url": record.url, "status": 200, "json": {}}
    assert comments[0] == f"Added by segtui: GET {record.url}, tried live"
    assert comments[-1].endswith(f"edit this answer, or write `fail: {fail}` in place of status and json to fail as it did.")


def test_a_request_without_an_answer_gets_a_placeholder_to_edit():
    rule, comments = rule_for(refused(), MASKER)
    assert rule == {"method": "GET", "url": "https://api.example.com/v1/users/1", "status": 200, "json": {}}
    assert comments[1] == "No response was recorded (segtui was offline): edit this answer."


def test_secrets_never_reach_the_rule_and_a_masked_url_still_matches():
    url = f"https://api.example.com/v1/events?key={SECRET}&v=2"
    record = answered(url=url, body=json.dumps({"token": SECRET}),
                      headers=[["Content-Type", "application/json"], ["Set-Cookie", "session=abc"]])
    rule, comments = rule_for(record, MASKER)
    written = json.dumps([rule, comments])
    assert SECRET not in written and "session=abc" not in written
    assert rule["json"] == {"token": MASK} and rule["headers"]["Set-Cookie"] == "******"
    assert comments[1] == "Header values that held a secret read ******: fetch refuses •••••• in a header."
    assert rule["regex"] == r"^https://api\.example\.com/v1/events\?key=.+\&v=2$"
    assert parse_rule(rule, 1, "mock.yaml").matches("POST", url)


def test_a_url_longer_than_a_record_keeps_is_matched_by_the_start_it_kept():
    # A review: a record keeps the first 100,000 characters of a URL with a note, and a rule captured from it held the
    # note, so it never matched the request it was made from.
    url = f"https://api.example.com/v1/events?key={SECRET}&q=" + "u" * 150_000
    record = RequestRecord.from_json(answered(url=url).to_json())
    assert len(record.url) <= 100_000 and "segtui kept the first" in record.url
    rule, comments = rule_for(record, MASKER)
    assert SECRET not in json.dumps([rule, comments]) and "segtui kept" not in rule["regex"]
    assert "the start of a longer URL" in comments[0]
    assert parse_rule(rule, 1, "mock.yaml").matches("POST", url)


def test_a_secret_in_a_response_headers_name_is_masked_as_a_name_http_allows(tmp_path):
    # A probe: the name was masked as `X-Echo-••••••`, so the mock file segtui wrote was refused when read.
    record = answered(headers=[["Content-Type", "application/json"], [f"X-Echo-{SECRET}", "1"]])
    path = tmp_path / "segtui.mock.yaml"
    add_rule(path, record, MASKER)
    written = path.read_text(encoding="utf-8")
    assert SECRET not in written and "X-Echo-******" in written
    rules = MockFile(path)
    rules.refresh()
    assert rules.match("POST", record.url).headers == [("Content-Type", "application/json"), ("X-Echo-******", "1")]


def test_a_mocked_request_is_not_captured_again():
    record = answered(source="mock")
    record.mock_rule = 3
    with pytest.raises(SegtuiInputError, match="rule 3 of the mock file answers this request already"):
        rule_for(record, MASKER)


def test_the_target_is_the_runs_mock_file_else_the_default_beside_the_handler(tmp_path):
    assert mock_target(tmp_path / "handler.js", None) == tmp_path / "segtui.mock.yaml"
    assert mock_target(tmp_path / "handler.js", "/x/m.json") == Path("/x/m.json")


def test_a_yaml_file_keeps_its_rules_comments_and_layout(tmp_path):
    path = tmp_path / "mock.yaml"
    before = textwrap.dedent("""\
        # Answers for the webhook API
        rules:
          - url: https://a.example/   # the first
            status: 201

          # trailing comment""")
    path.write_text(before, encoding="utf-8")
    os.chmod(path, 0o640)
    captured = add_rule(path, answered(), MASKER)
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before + "\n")
    assert after[len(before) + 1:] == textwrap.indent(captured.text, "  ") + "\n"
    assert (captured.number, captured.created) == (2, False)
    assert path.stat().st_mode & 0o777 == 0o640
    rules = MockFile(path)
    rules.refresh()
    assert [rule.number for rule in rules.rules] == [1, 2]
    assert rules.match("POST", "https://api.example.com/v1/events").status == 202


def test_a_missing_file_is_created_and_crlf_files_stay_crlf(tmp_path):
    created = add_rule(tmp_path / "segtui.mock.yaml", refused(), MASKER)
    assert created.created and created.number == 1
    assert yaml.safe_load(created.path.read_text(encoding="utf-8"))[0]["url"] == "https://api.example.com/v1/users/1"
    crlf = tmp_path / "crlf.yaml"
    crlf.write_bytes(b"- url: https://a.example/\r\n  status: 201")
    add_rule(crlf, answered(), MASKER)
    assert b"\n" not in crlf.read_bytes().replace(b"\r\n", b"")


@pytest.mark.parametrize(("before", "nested"), [
    ('[\n  {"url": "https://a.example/"}\n]\n', False),
    ("[]", False),
    ('{"rules": [{"url": "https://a.example/"}]}', True),
])
def test_a_json_file_gets_the_rule_inside_its_list(tmp_path, before, nested):
    path = tmp_path / "mock.json"
    path.write_text(before, encoding="utf-8")
    add_rule(path, answered(), MASKER)
    data = json.loads(path.read_text(encoding="utf-8"))
    rules = data["rules"] if nested else data
    assert rules[-1]["url"] == "https://api.example.com/v1/events"
    assert len(rules) == len(json.loads(before)["rules"] if nested else json.loads(before)) + 1


@pytest.mark.parametrize(("name", "text", "message"), [
    ("bad.yaml", "- url: [\n", "segtui adds rules only to a valid mock file; fix it first: "),
    ("bad.json", '[{"url": "https://a/"},', "segtui adds rules only to a valid mock file; fix it first: "),
    ("prefix.yaml", "- url: prefix:https://a/\n", "write the key instead: prefix: https://a/"),
    ("flow.yaml", "[{url: 'https://a/'}]\n", "writes its rules in YAML's flow style"),
    ("ended.yaml", "- url: https://a/\n...\n", "add it by hand:\n# Added by segtui: POST"),
])
def test_a_file_it_cannot_append_to_is_refused_and_left_as_it_was(tmp_path, name, text, message):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SegtuiInputError) as raised:
        add_rule(path, answered(), MASKER)
    assert message in str(raised.value)
    assert path.read_text(encoding="utf-8") == text


def test_a_named_pipe_as_the_mock_file_is_refused_unread(tmp_path):
    # No one writes to it: reading it waited for ever, on the TUI's own loop (`m` in its Requests view).
    path = tmp_path / "segtui.mock.yaml"
    with pipe_in_place(path), pytest.raises(SegtuiInputError, match="segtui.mock.yaml is a named pipe, not a file"):
        add_rule(path, answered(), MASKER)


def test_a_captured_live_exchange_answers_the_same_way_offline(tmp_path, loopback):
    loopback.routes["/events"] = lambda received: Reply(
        201, json.dumps({"received": True, "key": SECRET}).encode(), [("Content-Type", "application/json"),
                                                                     ("X-Request-Id", "abc")])
    source = f"""
        async function onTrack(event, settings) {{
          const r = await fetch('{loopback.base}/events?key=' + settings.apiKey, {{method: 'POST', body: '{{}}'}});
          return [r.status, r.headers.get('x-request-id'), await r.json()];
        }}
    """
    live_engine = make_engine(network={"secrets": [SECRET]})
    try:
        live = HandlerRunner(live_engine, tmp_path).run(source, settings={"apiKey": SECRET})
        masker = live_engine.masker()
    finally:
        live_engine.close()
    mock = tmp_path / "segtui.mock.yaml"
    add_rule(mock, live.requests[0], masker)
    assert SECRET not in mock.read_text(encoding="utf-8")
    offline_engine = make_engine(network={"mock": str(mock), "offline": True, "secrets": [SECRET]})
    try:
        again = HandlerRunner(offline_engine, tmp_path).run(source, settings={"apiKey": SECRET})
    finally:
        offline_engine.close()
    assert [received.path for received in loopback.take()] == ["/events"]
    assert again.requests[0].source == "mock"
    assert again.return_value == [201, "abc", {"received": True, "key": MASK}]
    assert live.return_value == [201, "abc", {"received": True, "key": SECRET}]
