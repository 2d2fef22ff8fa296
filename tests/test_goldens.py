"""Goldens: what a golden pins of a run, where it lives, how it reads, and the diff of a mismatch."""

import json
import os
from pathlib import Path

import pytest

from segtui import goldens
from segtui.cut_secrets import ERROR_MOST
from segtui.errors import SegtuiInputError
from segtui.invocation import ErrorInfo, Invocation
from segtui.masking import Masker
from segtui.records import RequestRecord
from tests.support.cli import segtui

NODE_FETCH_UA = "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)"


def posted(body: str, headers: dict | list, **extra) -> RequestRecord:
    pairs = list(headers.items()) if isinstance(headers, dict) else headers
    return RequestRecord.from_json({
        "method": "POST", "url": "https://api.example.com/v1/events", "headers": pairs, "body": body,
        "response": {"status": 200, "status_text": "OK", "headers": [["date", "Tue, 01 Oct 2024"]], "body": "{}"},
        "body_encoding": "utf-8", "body_size": len(body), "body_truncated": False,
        "error": None, "duration_ms": 12.5, "started_at": "2024-10-01T00:00:00.000Z", "offset_ms": 0.4, **extra,
    })


def test_a_golden_pins_outcome_return_and_chosen_request_parts_without_timings():
    request = posted('{"b": 2, "a": 1}', {
        "Accept": "*/*", "User-Agent": NODE_FETCH_UA, "Accept-Encoding": "gzip,deflate", "Connection": "close",
        "Content-Length": "16", "Content-Type": "application/json", "X-Trace": "t-1",
    })
    invocation = Invocation("h.js", "track", "onTrack", "success", {"ok": True}, requests=[request], duration_ms=3.2)
    assert goldens.expectation(invocation, Masker()) == {
        "outcome": "success", "handler": "onTrack", "error": None, "return": {"ok": True},
        "requests": [{"method": "POST", "url": "https://api.example.com/v1/events",
                      "headers": {"content-type": "application/json", "x-trace": "t-1"},
                      "body": {"a": 1, "b": 2}}],
    }


def test_a_default_header_the_handler_changed_is_kept():
    request = posted("plain", {"accept": "application/json", "user-agent": "my-destination/2.0"})
    invocation = Invocation("h.js", "track", "onTrack", "success", requests=[request])
    (pinned,) = goldens.expectation(invocation, Masker())["requests"]
    assert pinned["headers"] == {"accept": "application/json", "user-agent": "my-destination/2.0"}
    assert pinned["body"] == "plain"


def test_headers_given_as_pairs_are_merged_and_a_non_json_body_stays_text():
    request = posted("{not json", [["X-Tag", "a"], ["x-tag", "b"]])
    invocation = Invocation("h.js", "track", "onTrack", "success", requests=[request])
    (pinned,) = goldens.expectation(invocation, Masker())["requests"]
    assert pinned["headers"] == {"x-tag": "a, b"}
    assert pinned["body"] == "{not json"


def test_a_binary_body_stays_base64_and_says_so():
    request = posted("AAEC", {}, body_encoding="base64")
    invocation = Invocation("h.js", "track", "onTrack", "success", requests=[request])
    (pinned,) = goldens.expectation(invocation, Masker())["requests"]
    assert (pinned["body"], pinned["body_encoding"]) == ("AAEC", "base64")


def test_secrets_are_masked_in_returns_errors_and_headers():
    secret = "sk_live_42"
    request = posted("{}", {"Authorization": "Basic c2tfbGl2ZV80Mjo="})
    invocation = Invocation("h.js", "track", "onTrack", "retry", error=ErrorInfo("RetryError", f"key {secret} refused"),
                            requests=[request])
    text = json.dumps(goldens.expectation(invocation, Masker([secret])))
    assert secret not in text and "c2tfbGl2ZV80Mjo=" not in text
    assert goldens.expectation(invocation, Masker([secret]))["error"] == "RetryError: key •••••• refused"


def test_a_batch_golden_lists_each_items_outcome():
    items = [Invocation("h.js", "track", "onTrack", "success"),
             Invocation("h.js", "page", "onPage", "unsupported_event_type", error=ErrorInfo("EventNotSupported", "no"))]
    invocation = Invocation("h.js", "batch", None, "unsupported_event_type", [1, None], items=items)
    assert goldens.expectation(invocation, Masker())["items"] == [
        {"outcome": "success", "error": None}, {"outcome": "unsupported_event_type", "error": "EventNotSupported: no"}]


def test_goldens_live_beside_the_handler_in_a_folder_named_after_it(tmp_path):
    handler = tmp_path / "fn" / "handler.js"
    assert goldens.goldens_dir(handler) == tmp_path / "fn" / "handler.goldens"
    assert goldens.golden_path(handler, "spec/track") == tmp_path / "fn" / "handler.goldens" / "spec" / "track.golden.json"
    assert goldens.is_golden_file(Path("track.golden.json")) and not goldens.is_golden_file(Path("track.json"))


def test_written_goldens_read_back_with_known_fields_first_and_keys_sorted(tmp_path):
    handler = tmp_path / "handler.js"
    request = {"url": "https://x.example/", "body": {"b": 1, "a": 2}, "method": "POST", "headers": {}}
    data = {"requests": [request], "return": {"z": 1, "a": {"y": 2, "b": 3}}, "error": None, "handler": "onTrack",
            "outcome": "success"}
    path = goldens.write_golden(handler, "g/x", data)
    assert path == tmp_path / "handler.goldens" / "g" / "x.golden.json"
    text = path.read_text(encoding="utf-8")
    assert list(json.loads(text)) == ["outcome", "handler", "error", "return", "requests"]
    assert list(json.loads(text)["requests"][0]) == ["method", "url", "headers", "body"]
    assert text.index('"a"') < text.index('"z"') and text.index('"b"') < text.index('"y"')
    assert goldens.load_golden(path) == data


def test_diff_is_empty_when_equal_and_unified_when_not(tmp_path):
    path = tmp_path / "x.golden.json"
    expected = {"outcome": "success", "handler": "onTrack", "error": None, "return": {"n": 1, "keep": True}}
    assert goldens.diff(expected, dict(reversed(list(expected.items()))), path) == ""
    text = goldens.diff(expected, {**expected, "return": {"n": 2, "keep": True}}, path)
    assert text.startswith(f"--- {path} (golden)\n+++ this run\n")
    assert '-    "n": 1\n' in text and '+    "n": 2\n' in text
    assert ' "keep": true' in text


def test_a_missing_golden_is_none_and_a_broken_one_is_bad_input(tmp_path):
    assert goldens.load_golden(tmp_path / "none.golden.json") is None
    broken = tmp_path / "broken.golden.json"
    broken.write_text('{"outcome": ', encoding="utf-8")
    with pytest.raises(SegtuiInputError, match=r"broken.golden.json:1:\d+: invalid JSON"):
        goldens.load_golden(broken)
    broken.write_text("[1]", encoding="utf-8")
    with pytest.raises(SegtuiInputError, match="must be a JSON object"):
        goldens.load_golden(broken)


def test_a_named_pipe_as_a_golden_is_bad_input_not_a_wait_for_a_writer(tmp_path):
    # A probe: `segtui test` waited forever on a golden that was a named pipe (nothing ever writes to it).
    pipe = tmp_path / "track.golden.json"
    os.mkfifo(pipe)
    with pytest.raises(SegtuiInputError, match="is a named pipe, not a file"):
        goldens.load_golden(pipe)


def test_a_link_planted_in_the_goldens_folder_is_replaced_never_written_through(tmp_path):
    handler = tmp_path / "handler.js"
    private = tmp_path / "private.txt"
    private.write_text("keep me")
    private.chmod(0o600)
    folder = goldens.goldens_dir(handler) / "spec"
    folder.mkdir(parents=True)
    (folder / "track.golden.json").symlink_to(private)
    path = goldens.write_golden(handler, "spec/track", {"outcome": "success"})
    assert not path.is_symlink() and json.loads(path.read_text()) == {"outcome": "success"}
    assert private.read_text() == "keep me" and (private.stat().st_mode & 0o777) == 0o600


def test_a_folder_link_inside_the_goldens_folder_is_refused(tmp_path):
    handler = tmp_path / "handler.js"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    goldens.goldens_dir(handler).mkdir()
    (goldens.goldens_dir(handler) / "spec").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(SegtuiInputError, match="is a symbolic link"):
        goldens.write_golden(handler, "spec/track", {"outcome": "success"})
    assert list(elsewhere.iterdir()) == []


def test_the_diff_of_a_huge_golden_is_cut_not_computed_for_minutes(tmp_path):
    # A probe: a 50,000-item return whose every item changed kept `segtui test` in difflib for over ten minutes.
    expected = {"outcome": "success", "return": [{"i": number, "v": number} for number in range(50_000)]}
    actual = {"outcome": "success", "return": [{"i": number, "v": 2 * number} for number in range(50_000)]}
    text = goldens.diff(expected, actual, tmp_path / "track.golden.json")
    assert "the diff stops here" in text.splitlines()[-1]
    assert '-      "v": 1\n+      "v": 2\n' in text


def test_a_golden_edited_to_hold_a_secret_shows_it_masked_in_the_diff(tmp_path):
    path, secret = tmp_path / "x.golden.json", "sk_live_9fQ2xLmP7vTz4RkW8nYc"
    masker = Masker([secret])
    actual = {"outcome": "success", "handler": "onTrack", "error": None, "return": {"key": "••••••", "n": 2}}
    text = goldens.diff({**actual, "return": {"key": secret, "n": 1}}, actual, path, masker)
    assert secret not in text and '-    "n": 1\n' in text and '     "key": "••••••",\n' in text
    # Alike once masked, the two still differ: the diff says why rather than being empty (which would pass).
    text = goldens.diff({**actual, "return": {"key": secret, "n": 2}}, actual, path, masker)
    assert secret not in text and text.endswith(" the golden holds in the clear a secret this run masks\n")


def test_a_secret_edited_into_a_golden_field_segtui_writes_or_into_a_field_name_is_masked_in_the_diff(tmp_path):
    # A leak probe: the outcome, handler and body_encoding of a golden, and its field names, were shown as stored.
    path, secret = tmp_path / "x.golden.json", "Zq7xK9mPw2LrT4vB"
    masker = Masker([secret])
    actual = {"outcome": "success", "handler": "onTrack", "error": None, "return": 1,
              "requests": [{"method": "GET", "url": "http://h/", "headers": {}, "body": None}]}
    stored = {"outcome": f"success {secret}", "handler": secret, "error": None, "return": 1, secret: 5,
              "items": [{"outcome": secret, secret: "a"}],
              "requests": [{"method": "GET", "url": "http://h/", "headers": {}, "body": None, "body_encoding": secret,
                            secret: 1}]}
    text = goldens.diff(stored, actual, path, masker)
    assert secret not in text
    assert '-  "outcome": "success ••••••",\n-  "handler": "••••••",\n+  "outcome": "success",\n' in text
    assert '-  "••••••": 5\n' in text and '-      "body_encoding": "••••••",\n' in text
    # The words segtui writes there are kept, also where this run wrote others.
    text = goldens.diff({**actual, "outcome": "retry", "handler": "onBatch"}, actual, path, masker)
    assert '-  "outcome": "retry",\n-  "handler": "onBatch",\n' in text


def test_a_megabyte_error_is_cut_in_the_report_and_the_golden_and_a_rerun_passes(tmp_path):
    # A probe: `segtui test --update` wrote an event's megabyte type, in its EventNotSupported error, into its golden.
    (tmp_path / "handler.js").write_text("async function onTrack() { throw new Error('y'.repeat(1e6)) }\n")
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "odd.json").write_text(json.dumps({"type": "x" * 1_000_000}))
    (tmp_path / "events" / "track.json").write_text(json.dumps({"type": "track", "event": "E"}))
    arguments = ("test", "handler.js", "events", "--skip-bad-lines")
    done = segtui(*arguments, cwd=tmp_path)  # no golden yet: the track event's error fails it, shown cut
    assert done.returncode == 1 and "Error: yyy" in done.stdout and len(done.stdout) < 5000, done.stderr
    done = segtui(*arguments, "--update", cwd=tmp_path)
    assert done.returncode == 0 and "2 goldens written" in done.stdout, done.stdout + done.stderr
    for name, start in (("odd", "EventNotSupported: xxx"), ("track", "Error: yyy")):
        stored = json.loads((tmp_path / "handler.goldens" / "events" / f"{name}.golden.json").read_text())
        assert stored["error"].startswith(start) and stored["error"].endswith("…")
        assert len(stored["error"]) == ERROR_MOST
    done = segtui(*arguments, cwd=tmp_path)
    assert done.returncode == 0 and "2 passed" in done.stdout, done.stdout + done.stderr


def test_a_golden_holding_a_whole_long_error_still_matches_its_run_cut(tmp_path):
    # Goldens written before errors were cut hold them whole: they still pass, and a real change still differs.
    run = Invocation("h.js", "track", "onTrack", "retry", error=ErrorInfo("RetryError", "z" * 5000),
                     items=[Invocation("h.js", "track", "onTrack", "retry", error=ErrorInfo("RetryError", "w" * 5000))])
    actual = goldens.expectation(run, Masker())
    assert len(actual["error"]) == len(actual["items"][0]["error"]) == ERROR_MOST
    stored = {**actual, "error": "RetryError: " + "z" * 5000, "items": [{"outcome": "retry", "error": "RetryError: " + "w" * 5000}]}
    assert goldens.diff(stored, actual, tmp_path / "x.golden.json") == ""
    assert goldens.diff({**stored, "error": "RetryError: " + "q" * 5000}, actual, tmp_path / "x.golden.json") != ""


def test_a_batch_items_megabyte_error_is_cut_in_the_failure_report_and_the_junit_message(tmp_path):
    (tmp_path / "handler.js").write_text("async function onTrack() { throw new RetryError('y'.repeat(1e6)) }\n")
    junit = tmp_path / "report.xml"
    done = segtui("test", "handler.js", "batch", "--junit", str(junit), cwd=tmp_path)
    assert done.returncode == 1 and "(RetryError: yyy" in done.stdout and len(done.stdout) < 20_000, done.stderr
    message = junit.read_text(encoding="utf-8").split('message="', 1)[1].split('"', 1)[0]
    assert "RetryError: yyy" in message and len(message) < 10_000


def test_update_leaves_a_golden_holding_a_whole_long_error_that_its_run_matches(tmp_path):
    (tmp_path / "handler.js").write_text("async function onTrack() { throw new Error('y'.repeat(5000)) }\n")
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "track.json").write_text(json.dumps({"type": "track", "event": "E"}))
    arguments = ("test", "handler.js", "events", "--update")
    assert segtui(*arguments, cwd=tmp_path).returncode == 0
    golden = tmp_path / "handler.goldens" / "events" / "track.golden.json"
    whole = golden.read_text().replace(json.loads(golden.read_text())["error"], "Error: " + "y" * 5000)
    golden.write_text(whole)  # as segtui wrote it before errors were cut
    done = segtui(*arguments, cwd=tmp_path)
    assert done.returncode == 0 and "written" not in done.stdout and golden.read_text() == whole, done.stdout
