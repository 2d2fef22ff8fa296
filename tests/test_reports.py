"""Reports of `segtui test`: JUnit XML that CI parses (one testcase per event) and the JSON document."""

import json
import os
import shutil
from pathlib import Path
from xml.etree import ElementTree

import pytest
from support.cli import segtui

from segtui.invocation import ErrorInfo, Invocation, LogEntry
from segtui.masking import Masker
from segtui.reports import json_report, junit_xml
from segtui.suite import CaseResult, SuiteEvent

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "suites"


@pytest.fixture
def shop(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "shop", tmp_path / "shop")
    (tmp_path / "shop" / "checkout.json").write_text('{"type": "track", "event": "Checkout Failed"}', encoding="utf-8")
    return tmp_path / "shop"


def test_junit_report_has_one_testcase_per_event_with_the_required_attributes(shop):
    done = segtui("test", "handler.js", "--junit", "reports/junit.xml", cwd=shop)
    assert done.returncode == 1
    root = ElementTree.parse(shop / "reports" / "junit.xml").getroot()
    assert root.tag == "testsuites"
    (suite,) = root.findall("testsuite")
    for name in ("name", "tests", "failures", "errors", "skipped", "time", "timestamp", "hostname"):
        assert suite.get(name), name
    cases = suite.findall("testcase")
    assert len(cases) == int(suite.get("tests")) == int(root.get("tests")) == 20
    for case in cases:
        assert case.get("name") and case.get("classname") == "segtui.handler"
        assert float(case.get("time")) >= 0
    failed = [case for case in cases if case.find("failure") is not None]
    assert [case.get("name") for case in failed] == ["checkout"] and suite.get("failures") == "1"
    failure = failed[0].find("failure")
    assert failure.get("type") == "retry" and failure.get("message") == "Retry: Retry with no golden to expect it"
    assert "RetryError: upstream timeout" in failure.text
    track = next(case for case in cases if case.get("name") == "order-completed")
    assert track.find("system-out").text == "LOG track Order Completed"
    assert track.get("file").endswith("order-completed.json")


def test_junit_text_is_valid_xml_whatever_the_handler_logged_and_secrets_are_masked():
    invocation = Invocation("h.js", "track", "onTrack", "bad_request",
                            error=ErrorInfo("Error", "bad key sk_9 \x00 <&>"),
                            logs=[LogEntry("log", "\x1b[31mred\x1b[0m sk_9 \ud800", "2024-01-01T00:00:00.000Z")])
    result = CaseResult(SuiteEvent("spec/track", {"type": "track"}), invocation, False, Path("g.golden.json"),
                        reason="Bad Request with no golden to expect it")
    text = junit_xml(Path("h.js"), [result], 0.25, Masker(["sk_9"]))
    root = ElementTree.fromstring(text.encode("utf-8"))
    case = root.find("testsuite/testcase")
    assert "sk_9" not in text
    assert case.find("system-out").text == "LOG \\x1b[31mred\\x1b[0m •••••• \\ud800"
    assert "Error: bad key •••••• \\x00 <&>" in case.find("failure").text
    assert root.get("time") == "0.250"


def test_junit_text_is_valid_xml_for_file_names_that_are_not_utf_8(tmp_path):
    """A Latin-1 file name (its bytes not UTF-8) reached the XML as a lone surrogate, which no encoder writes."""
    handler, event = (tmp_path / os.fsdecode(b"caf\xe9.js")), (tmp_path / os.fsdecode(b"\xe9v\xe9nement.json"))
    handler.write_text("async function onTrack(event) { return 1 }\n", encoding="utf-8")
    event.write_text('{"type": "track", "event": "E"}', encoding="utf-8")
    done = segtui("test", handler.name, event.name, "--junit", "junit.xml", cwd=tmp_path)
    assert "Traceback" not in done.stderr
    case = ElementTree.parse(tmp_path / "junit.xml").getroot().find("testsuite/testcase")
    assert (case.get("name"), case.get("classname")) == ("\\udce9v\\udce9nement", "segtui.caf\\udce9")


def test_json_report_summarises_and_carries_each_run_in_the_run_schema(shop):
    done = segtui("test", "handler.js", "track", "checkout.json", "--json", cwd=shop)
    assert done.returncode == 1
    report = json.loads(done.stdout)
    assert report["passed"] is False
    assert {key: report["summary"][key] for key in ("total", "passed", "failed", "written")} == {
        "total": 2, "passed": 1, "failed": 1, "written": 0}
    track, checkout = report["results"]
    assert (track["event"], track["passed"], track["reason"]) == ("spec/track", True, None)
    assert track["golden"].endswith("handler.goldens/spec/track.golden.json")
    assert track["result"]["return"]["key"] == "••••••" and "sk_test_4242" not in done.stdout
    assert (checkout["passed"], checkout["result"]["outcome"]) == (False, "retry")
    assert set(checkout["result"]) >= {"handler", "event_type", "handler_name", "outcome", "return", "error", "logs",
                                        "requests", "duration_ms"}


def test_json_report_core_lists_writes():
    invocation = Invocation("h.js", "track", "onTrack", "success", {"n": 1})
    result = CaseResult(SuiteEvent("a", {}), invocation, True, Path("a.golden.json"), written="created")
    report = json.loads(json_report(Path("h.js"), [result], 0.1, Masker()))
    assert report["summary"]["written"] == 1 and report["results"][0]["written"] == "created"
