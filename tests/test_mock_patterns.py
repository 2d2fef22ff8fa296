"""Globs and regexes of mock rules: their meaning; no URL, and no big mock file, makes a run time out."""

from __future__ import annotations

import os
import signal
import textwrap
import threading
import time

import pytest
from support.sandbox_helpers import HandlerRunner, make_engine

from segtui.errors import SegtuiInputError
from segtui.mock_rules import closest_miss, parse_rule


def matches(url: str, **item) -> bool:
    return parse_rule({**item, "body": "x"}, 1, "mock.yaml").matches("GET", url)


@pytest.mark.parametrize(("glob", "url", "expected"), [
    ("https://a.example/*", "https://a.example/x", True),
    ("https://a.example/*", "https://a.example/x/y", False),
    ("https://a.example/**", "https://a.example/x/y", True),
    ("https://a.example/***", "https://a.example/x/y", True),
    ("https://a.example/*/*", "https://a.example/x/", True),
    ("https://a.example/x?y=(1+1).*", "https://a.example/x?y=(1+1).json", True),
    ("https://a.example/x?y=(1+1).*", "https://a.example/xzy=11.json", False),
    ("https://a.example/[ab]", "https://a.example/a", False),
    ("https://a.example/[ab]", "https://a.example/[ab]", True),
    ("https://a.example/é/*", "https://a.example/é/x", True),
    ("https://*.example/\\d", "https://a.example/\\d", True),
])
def test_a_glob_is_literal_but_for_its_stars(glob, url, expected):
    assert matches(url, glob=glob) is expected


@pytest.mark.parametrize(("regex", "url", "expected"), [
    # Python's meaning, also where RE2 reads a pattern otherwise: {,n}, POSIX-looking classes, \w and \d on non-ASCII.
    (r"/a{,2}$", "https://x.test/aa", True),
    (r"/a{,2}$", "https://x.test/a{,2}", False),
    (r"/[[:alpha:]]$", "https://x.test/p]", True),
    (r"/\w+$", "https://x.test/é", True),
    (r"/\d$", "https://x.test/\u0663", True),
    (r"(?i)/ABC\Z", "https://x.test/abc", True),
    (r"/(?=v\d)v", "https://x.test/v2/", True),
    (r"/(v)\1/", "https://x.test/vv/", True),
    (r"^https://x\.test/v\d+/", "https://x.test/v12/users", True),
    (r"/a{e<=1}$", "https://x.test/b", False),
    (r"/a{e<=1}$", "https://x.test/a{e<=1}", True),
])
def test_a_regex_means_what_it_means_to_python(regex, url, expected):
    assert matches(url, regex=regex) is expected


def test_a_regex_that_re2_refuses_prints_nothing(capfd):
    # RE2 logs why it refuses a pattern on stderr, which would land under segtui's own output.
    assert matches("https://x.test/v2", regex=r"(?<=/)v\d")
    assert capfd.readouterr().err == ""


def test_the_explanation_of_a_miss_on_a_long_url_is_short():
    rule = parse_rule({"glob": "https://api.example.com/**/b", "body": "x"}, 1, "mock.yaml")
    explained = closest_miss([rule], "GET", "https://api.example.com/" + "a/" * 100_000)
    assert explained is not None and len(explained) < 1000
    assert explained.endswith("… (200,001 characters) does not match /**/b")


BACKTRACKING = """
- glob: "https://api.example.com/*a*a*a*a*a*a*a*a*a*a*a*a*b"
  body: glob
- glob: "https://api.example.com/**a**a**a**a**a**a**a**a**a**a**a**a**b"
  body: glob
- regex: "^https://api\\\\.example\\\\.com/(a+)+$"
  body: regex
- regex: "(a|aa)+b$"
  body: regex
"""


def test_rules_that_would_backtrack_answer_a_long_url_at_once(tmp_path):
    mock = tmp_path / "mock.yaml"
    mock.write_text(BACKTRACKING, encoding="utf-8")
    engine = make_engine(timeout_s=3.0, network={"mock": str(mock), "offline": True})
    try:
        result = HandlerRunner(engine, tmp_path).run(textwrap.dedent("""
            async function onTrack(event, settings) {
              const out = [];
              for (const tail of ['a'.repeat(5000) + 'c', 'a'.repeat(5000) + 'b', 'a'.repeat(5000), 'a/'.repeat(12) + 'b']) {
                try { out.push(await (await fetch('https://api.example.com/' + tail)).text()); }
                catch (e) { out.push(e.code); }
              }
              return out;
            }
        """))
    finally:
        engine.close()
    assert result.outcome == "success"
    assert result.return_value == ["ENETUNREACH", "glob", "regex", "glob"]


def test_a_regex_python_backtracks_on_names_the_rule_rather_than_timing_out(tmp_path):
    mock = tmp_path / "mock.yaml"
    mock.write_text('- regex: "(x?a|a)+\\\\Z"\n  body: slow\n', encoding="utf-8")
    engine = make_engine(timeout_s=4.0, network={"mock": str(mock)})
    try:
        result = HandlerRunner(engine, tmp_path).run(textwrap.dedent("""
            async function onTrack(event, settings) {
              try { await fetch('https://api.example.com/' + 'a'.repeat(40) + '!'); }
              catch (e) { return [e.code, e.message]; }
            }
        """))
    finally:
        engine.close()
    assert result.outcome == "success"
    code, message = result.return_value
    assert code == "EINVAL"
    assert f"segtui mock file: {mock}: rule 1 (regex (x?a|a)+\\Z) took over 0.5 s to match a URL of 65 " in message
    assert "simplify it" in message


def test_a_backtracking_regex_is_given_up_by_the_clock_on_a_machine_too_busy_to_give_the_sandbox_a_cpu(tmp_path):
    """The sandbox runs a tenth of the time (stopped and resumed, as a machine with ten times the work of its cores
    runs it): `regex` counted its 0.5 s in CPU time, five seconds by the clock, and the run timed out past its limit of
    4 s instead of naming the rule."""
    mock = tmp_path / "mock.yaml"
    mock.write_text('- regex: "(x?a|a)+\\\\Z"\n  body: slow\n', encoding="utf-8")
    engine = make_engine(timeout_s=4.0, network={"mock": str(mock)})
    done = threading.Event()

    def busy_machine(pid: int) -> None:
        while not done.is_set():
            os.kill(pid, signal.SIGSTOP)
            time.sleep(0.09)
            os.kill(pid, signal.SIGCONT)
            time.sleep(0.01)

    try:
        runner = HandlerRunner(engine, tmp_path)
        runner.load("async function onTrack(event, settings) {\n"
                    "  try { await fetch('https://api.example.com/' + 'a'.repeat(40) + '!'); }\n"
                    "  catch (e) { return [e.code, e.message]; }\n}\n")
        assert engine.sandbox_pid is not None
        slowing = threading.Thread(target=busy_machine, args=(engine.sandbox_pid,), daemon=True)
        slowing.start()
        try:
            result = engine.invoke({"type": "track"}, {})
        finally:
            done.set()
            slowing.join()
            os.kill(engine.sandbox_pid, signal.SIGCONT)
    finally:
        engine.close()
    assert result.outcome == "success", result.error
    assert result.return_value[0] == "EINVAL" and "rule 1 (regex (x?a|a)+\\Z) took over 0.5 s" in result.return_value[1]


def test_a_glob_past_what_re2_can_hold_is_bad_input():
    with pytest.raises(SegtuiInputError, match='mock.yaml: rule 1: "glob" is not a valid glob'):
        parse_rule({"glob": "https://a.example/" + "*x" * 400_000}, 1, "mock.yaml")


def test_a_big_mock_file_is_read_before_the_run(tmp_path):
    # A probe: a YAML mock file with a 6 MB body took the run past its time limit, blamed on the handler: the file
    # was parsed at the first request, within the run.
    # Seen, not timed: once the handler is loaded, the file is changed where a read of it at the first request would
    # see it, not where segtui looks for a change (its size and time stay), so the run answers from what was read before.
    mock = tmp_path / "mock.yaml"
    mock.write_text(f"- url: https://api.example.com/big\n  body: {'x' * 6_000_000}\n", encoding="utf-8")
    stamp = mock.stat()
    engine = make_engine(timeout_s=60, network={"mock": str(mock), "offline": True})
    try:
        runner = HandlerRunner(engine, tmp_path)
        assert runner.load("async function onTrack() {\n"
                           "  const response = await fetch('https://api.example.com/big');\n"
                           "  return [response.status, (await response.text()).slice(0, 3)];\n}").ok
        mock.write_text(f"- url: https://api.example.com/big\n  body: {'y' * 6_000_000}\n", encoding="utf-8")
        os.utime(mock, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
        result = engine.invoke({"type": "track"}, {})
    finally:
        engine.close()
    assert result.outcome == "success", result.error
    assert result.return_value == [200, "xxx"]


def test_a_miss_is_explained_from_the_first_thousand_rules():
    # A probe: each of 50,000 rules was compared with a URL no rule answered, for seconds of the run's time.
    rules = [parse_rule({"url": f"https://other{number}.test/", "body": "x"}, number, "m.json")
             for number in range(1, 1001)]
    rules.append(parse_rule({"url": "https://api.example.com/v1/events", "body": "x"}, 1001, "m.json"))
    assert closest_miss(rules, "GET", "https://api.example.com/v1/event") is None
    assert closest_miss(rules[-2:], "GET", "https://api.example.com/v1/event") == (
        "the closest is rule 1001 (url https://api.example.com/v1/events): path /v1/event, not /v1/events")
