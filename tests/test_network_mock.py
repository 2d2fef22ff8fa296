"""Mock rule files: what a rule matches, and the messages for rules that cannot work."""

from __future__ import annotations

import datetime

import pytest
from support.cli import segtui

from segtui.errors import SegtuiInputError
from segtui.mock_rules import MockFile, parse_rule, parse_rules


def rule(**item):
    return parse_rule(item, 1, "mock.yaml")


@pytest.mark.parametrize(("item", "url", "expected"), [
    ({"url": "https://a.example"}, "https://a.example/", True),
    ({"url": "https://a.example/x?y=1"}, "https://a.example/x?y=1", True),
    ({"url": "https://a.example/x"}, "https://a.example/x?y=1", False),
    ({"prefix": "https://a.example/v1/"}, "https://a.example/v1/users/1", True),
    ({"glob": "https://*.example.com/*/items"}, "https://api.example.com/v1/items", True),
    ({"glob": "https://*.example.com/*/items"}, "https://api.example.com/v1/x/items", False),
    ({"glob": "https://*.example.com/**/items"}, "https://api.example.com/v1/x/items", True),
    ({"glob": "https://a.example/x?y=*"}, "https://a.example/x?y=1", True),
    ({"glob": "https://a.example/x?y=*"}, "https://a.example/xzy=1", False),
    ({"regex": "/users/\\d+$"}, "https://a.example/users/42", True),
])
def test_rules_match_urls(item, url, expected):
    assert rule(**item).matches("GET", url) is expected


def test_methods_and_times_limit_a_rule():
    limited = rule(url="https://a.example/", method=["get", "POST"], times=1)
    assert not limited.matches("PUT", "https://a.example/")
    assert limited.matches("POST", "https://a.example/")
    limited.used = 1
    assert not limited.matches("GET", "https://a.example/")


def test_response_bodies_and_their_default_content_types():
    assert rule(url="https://a/", json={"a": [1]}).headers == [("Content-Type", "application/json; charset=utf-8")]
    assert rule(url="https://a/", json={"a": [1]}).body == b'{"a": [1]}'
    assert rule(url="https://a/", body="é", headers={"content-type": "x/y"}).headers == [("content-type", "x/y")]
    assert rule(url="https://a/", body_base64="AP8=").body == b"\x00\xff"
    assert rule(url="https://a/", headers=[["X-A", "1"], ["X-A", "2"]]).headers == [("X-A", "1"), ("X-A", "2")]
    assert rule(url="https://a/", headers={"X-N": 5, "X-B": True}).headers == [("X-N", "5"), ("X-B", "true")]


@pytest.mark.parametrize(("item", "message"), [
    ({"url": "https://a/", "stauts": 200}, 'mock.yaml: rule 1: unknown key "stauts" (did you mean "status"?)'),
    ({"status": 200}, "mock.yaml: rule 1: give exactly one of url, prefix, glob, regex"),
    ({"url": "https://a/", "prefix": "https://a/"}, "mock.yaml: rule 1: give exactly one of url, prefix, glob, regex"),
    ({"url": "https://a/", "body": "x", "json": {}}, "mock.yaml: rule 1: give one of body, json, body_base64, not body and json"),
    ({"url": "https://a/", "fail": "boom"}, 'mock.yaml: rule 1: "fail" must be one of refused, dns, reset, timeout'),
    ({"url": "https://a/", "fail": "dns", "status": 500}, "mock.yaml: rule 1: a rule that fails has no response; drop status"),
    ({"url": "https://a/", "status": 42}, 'mock.yaml: rule 1: "status" must be a whole number from 100 to 599'),
    ({"url": "https://a/", "delay_ms": -1}, 'mock.yaml: rule 1: "delay_ms" must be a number from 0 to 3,600,000 ms'),
    # Probes: NaN was taken as no delay, an empty list as any method, a list or two lines as a status text.
    ({"url": "https://a/", "delay_ms": float("nan")}, 'mock.yaml: rule 1: "delay_ms" must be a number from 0 to 3,600,000'),
    ({"url": "https://a/", "method": []}, 'mock.yaml: rule 1: "method" must be a method name or a list of them'),
    ({"url": "https://a/", "status_text": [1, 2]}, 'mock.yaml: rule 1: "status_text" must be one line of text'),
    ({"url": "https://a/", "status_text": "OK\r\nX-A: 1"}, 'mock.yaml: rule 1: "status_text" must be one line of text'),
    ({"regex": "("}, 'mock.yaml: rule 1: "regex" is not a valid regular expression'),
    ({"url": "https://a/", "body": 1}, 'mock.yaml: rule 1: "body" must be a string'),
    ({"url": "https://a/", "body_base64": "!"}, 'mock.yaml: rule 1: "body_base64" is not valid base64'),
    # What YAML reads but JSON and HTTP cannot carry: a date, binary, a set, NaN; headers of no single line.
    ({"url": "https://a/", "json": {"at": datetime.date(2024, 5, 1)}}, 'mock.yaml: rule 1: "json" holds what JSON cannot'),
    ({"url": "https://a/", "json": b"\x00"}, 'mock.yaml: rule 1: "json" holds what JSON cannot'),
    ({"url": "https://a/", "json": {1, 2}}, 'mock.yaml: rule 1: "json" holds what JSON cannot'),
    ({"url": "https://a/", "json": float("nan")}, 'mock.yaml: rule 1: "json" holds what JSON cannot'),
    ({"url": "https://a/", "headers": {"X-A": [1, 2]}}, "mock.yaml: rule 1: the header X-A must have one line of text"),
    ({"url": "https://a/", "headers": {"X-A": None}}, "mock.yaml: rule 1: the header X-A must have one line of text"),
    ({"url": "https://a/", "headers": {"X-A": "v\r\nX-B: 1"}}, "mock.yaml: rule 1: the header X-A must have one line"),
    ({"url": "https://a/", "headers": {"bad name": "v"}}, "mock.yaml: rule 1: the header name 'bad name' is not one"),
])
def test_rule_problems_are_named(item, message):
    with pytest.raises(SegtuiInputError) as raised:
        rule(**item)
    assert str(raised.value).startswith(message)


def test_a_file_must_hold_a_list_of_rules_and_its_syntax_errors_are_located(tmp_path):
    with pytest.raises(SegtuiInputError, match="expected mock rules"):
        parse_rules({"rule": []}, "m.json")
    path = tmp_path / "mock.yaml"
    path.write_text("- url: https://a/\n  status: [200\n", encoding="utf-8")
    with pytest.raises(SegtuiInputError) as raised:
        MockFile(path).refresh()
    assert str(raised.value).startswith(f"{path}:3:1: invalid YAML:")


def test_a_rule_body_holding_a_lone_surrogate_is_bad_input(tmp_path):
    # A probe: it was a UnicodeEncodeError traceback.
    from segtui.errors import SegtuiInputError
    from segtui.mock_rules import parse_rules

    with pytest.raises(SegtuiInputError, match='rule 1: "body" holds a lone UTF-16 surrogate'):
        parse_rules([{"url": "https://x.test/a", "body": "\ud800"}], "m.json")


@pytest.mark.parametrize("value", ["中文", "caf\u00e9 \ud800"])
def test_a_rule_header_value_past_latin1_is_bad_input_at_load(value):
    # A probe: it was taken, then failed inside the handler as fetch's TypeError ("… is not a legal HTTP header value").
    from segtui.errors import SegtuiInputError
    from segtui.mock_rules import parse_rules

    with pytest.raises(SegtuiInputError, match="rule 1: the header X's value holds characters past U\\+00FF"):
        parse_rules([{"url": "https://x.test/a", "headers": {"X": value}, "body": "x"}], "m.json")
    assert parse_rules([{"url": "https://x.test/a", "headers": {"X": "caf\u00e9"}, "body": "x"}], "m.json")


@pytest.mark.parametrize(("name", "text", "shown"), [
    ("mock.yaml", "- url: https://api.example.com/x\n  delay_ms: .inf\n", ", not inf"),
    ("mock.yaml", "- url: https://api.example.com/x\n  delay_ms: 1.0e+300\n", ", not 1e+300"),
    ("mock.json", '[{"url": "https://api.example.com/x", "delay_ms": 1e400}]', " (an hour, --timeout's most)"),
    ("mock.json", '[{"url": "https://api.example.com/x", "delay_ms": 3600001}]', " (an hour, --timeout's most)"),
    ("mock.json", '[{"url": "https://api.example.com/x", "delay_ms": 3600000.5}]', ", not 3600000.5"),
])
def test_a_delay_past_the_longest_time_limit_is_bad_input(tmp_path, name, text, shown):
    # A probe: YAML's .inf and a huge delay were taken (the run just timed out), JSON's 1e400 a traceback (exit 3).
    (tmp_path / "handler.js").write_text("async function onTrack() { return (await fetch('https://api.example.com/x')).status }")
    (tmp_path / name).write_text(text, encoding="utf-8")
    done = segtui("run", str(tmp_path / "handler.js"), "--event", "track", "--mock", str(tmp_path / name))
    assert done.returncode == 2, done.stdout + done.stderr
    assert f'{tmp_path / name}: rule 1: "delay_ms" must be a number from 0 to 3,600,000 ms' in done.stderr
    assert shown in done.stderr and "Traceback" not in done.stderr


def test_the_longest_delay_is_taken(tmp_path):
    assert parse_rule({"url": "https://a/", "delay_ms": 3_600_000}, 1, "m.json").delay_ms == 3_600_000
