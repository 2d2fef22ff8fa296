"""Mock rules that cannot match fail loudly, and a request no rule answers names the rule it nearly matched."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest
import yaml
from support.sandbox_helpers import HandlerRunner, make_engine

from segtui.engine.network_check import check_network
from segtui.errors import SegtuiInputError
from segtui.mock_rules import closest_miss, parse_rule, parse_rules
from segtui.protocol import NetworkOptions

README = Path(__file__).resolve().parents[1] / "README.md"

RULES = """
- method: POST
  url: https://api.example.com/v1/events
  status: 201
- method: [GET, HEAD]
  prefix: https://api.example.com/v1/users/
- glob: https://*.example.org/*/items
- regex: ^https://flaky\\.example\\.com/v\\d+/
- url: https://once.example.com/
  times: 1
"""


@pytest.fixture
def rules():
    return parse_rules(yaml.safe_load(RULES), "mock.yaml")


@pytest.mark.parametrize(("key", "value", "hint"), [
    ("url", "prefix:https://a.example/", "write the key instead: prefix: https://a.example/"),
    ("url", "glob: https://*.example/x", "write the key instead: glob: https://*.example/x"),
    ("url", "regex:^https://a", "write the key instead: regex: ^https://a"),
    ("prefix", "regex:^https://a", "write the key instead: regex: ^https://a"),
])
def test_a_matcher_named_inside_a_url_value_is_an_error_naming_the_key(key, value, hint):
    with pytest.raises(SegtuiInputError) as raised:
        parse_rule({key: value}, 3, "mock.yaml")
    message = str(raised.value)
    assert message.startswith(f'mock.yaml: rule 3: {key}: "{value}" names its matcher inside the value')
    assert message.endswith(hint)


def test_the_yaml_a_reader_of_the_old_readme_wrote_is_refused_at_load(tmp_path):
    path = tmp_path / "mock.yaml"
    path.write_text('- url: "prefix:https://api.example.com/"\n  status: 204\n', encoding="utf-8")
    with pytest.raises(SegtuiInputError, match="write the key instead: prefix: https://api.example.com/"):
        check_network(NetworkOptions.from_json({"mock": str(path)}))


@pytest.mark.parametrize(("method", "url", "explained"), [
    ("GET", "https://api.example.com/v1/events",
     "rule 1 (url https://api.example.com/v1/events): method GET, not POST"),
    ("POST", "http://api.example.com/v1/events",
     "rule 1 (url https://api.example.com/v1/events): scheme http, not https"),
    ("POST", "https://api.exmaple.com/v1/events",
     "rule 1 (url https://api.example.com/v1/events): host api.exmaple.com, not api.example.com"),
    ("POST", "https://api.example.com/v1/event",
     "rule 1 (url https://api.example.com/v1/events): path /v1/event, not /v1/events"),
    ("POST", "https://api.example.com/v1/events?debug=1",
     "rule 1 (url https://api.example.com/v1/events): query ?debug=1, not (none)"),
    ("DELETE", "https://api.example.com/v1/users/7",
     "rule 2 (prefix https://api.example.com/v1/users/): method DELETE, not GET or HEAD"),
    ("GET", "https://api.example.com/v2/users/7",
     "rule 2 (prefix https://api.example.com/v1/users/): path /v2/users/7 does not start with /v1/users/"),
    ("GET", "https://shop.example.org/v1/x/items",
     "rule 3 (glob https://*.example.org/*/items): path /v1/x/items does not match /*/items"),
    ("GET", "https://flaky.example.com/beta/x",
     "rule 4 (regex ^https://flaky\\.example\\.com/v\\d+/): the URL does not match its regex"),
])
def test_the_closest_rule_is_named_with_what_differs(rules, method, url, explained):
    assert closest_miss(rules, method, url) == f"the closest is {explained}"


def test_a_rule_whose_times_are_used_up_says_so(rules):
    assert rules[4].matches("GET", "https://once.example.com/")
    rules[4].used = 1
    assert closest_miss(rules, "GET", "https://once.example.com/") == (
        "the closest is rule 5 (url https://once.example.com/): it has answered 1 request already (times: 1)")


def test_a_url_rule_with_a_star_says_url_is_exact():
    rule = parse_rule({"url": "https://api.example.com/v1/*"}, 1, "mock.yaml")
    assert closest_miss([rule], "GET", "https://api.example.com/v1/users") == (
        "the closest is rule 1 (url https://api.example.com/v1/*): path /v1/users, not /v1/*; "
        "url: is exact, * included (glob: takes wildcards)")


def test_rules_for_other_apis_are_not_named(rules):
    assert closest_miss(rules, "GET", "http://127.0.0.1:8080/json") is None
    assert closest_miss(rules, "POST", "https://hooks.slack.com/services/T0/B0") is None


def test_the_readmes_example_has_one_rule_of_each_matcher_and_loads():
    section = README.read_text(encoding="utf-8").split("## The network", 1)[1]
    example = section.split("```yaml", 1)[1].split("```", 1)[0]
    loaded = parse_rules(yaml.safe_load(example), "README.md")
    assert [rule.matcher for rule in loaded] == ["url", "prefix", "glob", "regex"]
    assert 'url: "prefix:https://…"' in section


def handler(body: str) -> str:
    return f"async function onTrack(event, settings) {{\n{textwrap.dedent(body)}\n}}"


ATTEMPT = """
  async function attempt(url, init) {
    try { const r = await fetch(url, init); return [r.status, await r.text()]; }
    catch (e) { return [e.code, e.message]; }
  }
"""


def test_offline_the_error_names_the_closest_rule(tmp_path):
    mock = tmp_path / "mock.yaml"
    mock.write_text(RULES, encoding="utf-8")
    engine = make_engine(network={"mock": str(mock), "offline": True})
    try:
        result = HandlerRunner(engine, tmp_path).run(handler(ATTEMPT + """
          return [await attempt('https://api.example.com/v1/event', {method: 'POST'}),
                  await attempt('https://elsewhere.test/x')];
        """))
    finally:
        engine.close()
    (code, message), (other_code, other_message) = result.return_value
    assert code == "ENETUNREACH"
    assert message == ("request to https://api.example.com/v1/event failed, reason: segtui is offline: no request "
                       "leaves the machine (POST https://api.example.com/v1/event: no mock rule matched it; the "
                       "closest is rule 1 (url https://api.example.com/v1/events): path /v1/event, not /v1/events)")
    assert other_code == "ENETUNREACH" and other_message.endswith("(GET https://elsewhere.test/x: no mock rule matched it)")
    assert result.requests[0].error.message == message
    assert result.requests[0].note is None


def test_offline_without_mock_rules_says_where_rules_go(tmp_path):
    engine = make_engine(network={"offline": True})
    try:
        result = HandlerRunner(engine, tmp_path).run(handler(ATTEMPT + "return await attempt('https://a.test/');"))
    finally:
        engine.close()
    assert result.return_value[1].endswith(
        "(GET https://a.test/: add a mock rule for it with --mock, or in segtui.mock.yaml beside the handler)")


def test_a_live_request_no_rule_answered_names_the_closest_in_its_record(tmp_path, loopback):
    mock = tmp_path / "mock.json"
    mock.write_text(json.dumps([{"method": "POST", "url": f"{loopback.base}/events", "status": 201},
                                {"url": "https://elsewhere.test/"}]), encoding="utf-8")
    engine = make_engine(network={"mock": str(mock)})
    try:
        result = HandlerRunner(engine, tmp_path).run(handler(ATTEMPT + f"""
          return [await attempt('{loopback.base}/events'), await attempt('{loopback.base}/events', {{method: 'POST'}})];
        """))
    finally:
        engine.close()
    assert result.return_value == [[200, "ok"], [201, ""]]
    live, mocked = result.requests
    assert (live.source, mocked.source) == ("live", "mock")
    assert live.note == f"no mock rule matched it; the closest is rule 1 (url {loopback.base}/events): method GET, not POST"
    assert mocked.note is None
    assert [received.method for received in loopback.take()] == ["GET"]


def test_the_run_says_once_that_no_mock_rule_matched_its_requests(tmp_path, loopback):
    # A probe: with a mock file and a cassette both given, `segtui run` said "no mock rule matched it" under each of
    # the requests the cassette answered.
    from support.cli import segtui

    (tmp_path / "handler.js").write_text(textwrap.dedent(f"""\
        async function onTrack(event, settings) {{
          for (const path of ["a", "b", "c"]) await fetch('{loopback.base}/' + path);
          return 1;
        }}
    """), encoding="utf-8")
    recorded = segtui("run", "handler.js", "--event", "track", "--record", "c.json", cwd=tmp_path)
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    (tmp_path / "mock.yaml").write_text(f"- url: {loopback.base}/zzz\n  status: 200\n", encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", "--mock", "mock.yaml", "--replay", "c.json",
                  "--color", "never", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    requests = done.stdout.split("\nRequests\n", 1)[1]
    assert requests.count("no mock rule") == 1
    assert "3 requests matched no mock rule" in requests
    for path in "abc":
        assert f"the closest is rule 1 (url {loopback.base}/zzz): path /{path}, not /zzz" in requests
