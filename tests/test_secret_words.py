"""A short secret that spells a word segtui itself writes (an outcome, an event type, a log's level, a golden's key) is
masked where the handler put it and nowhere else: a mask in segtui's own words tells the secret by where it stands
("✔ Success •••••• → onTrack" is `track`, a replay summary's "  ••••••   3" is `success`), and breaks what CI reads of
--json and goldens."""

from __future__ import annotations

import json

import pytest
from support.cli import segtui

from segtui.masking import MASK

HANDLER = """
async function onTrack(event, settings) {
  console.log("key", settings.apiKey);
  return {given: settings.apiKey};
}
"""


@pytest.mark.parametrize("secret", ["success", "Success", "track", "onTrack", "level", "log", "message", "return",
                                    "handler"])
def test_a_secret_spelled_by_segtuis_own_words_is_masked_only_where_the_handler_put_it(tmp_path, secret):
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": secret}), encoding="utf-8")

    done = segtui("run", "handler.js", "--event", "track", "--json", "--offline", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert (shown["handler"], shown["event_type"], shown["handler_name"], shown["outcome"]) == (
        "handler.js", "track", "onTrack", "success")
    [log] = shown["logs"]
    assert list(log) == ["level", "message", "time", "seq"] and log["level"] == "log"
    assert log["message"] == f"key {MASK}" and shown["return"] == {"given": MASK}

    text = segtui("run", "handler.js", "--event", "track", "--offline", cwd=tmp_path).stdout
    assert text.splitlines()[0].startswith("✔ Success  track → onTrack  "), text

    updated = segtui("test", "handler.js", "track", "--update", "--offline", cwd=tmp_path)
    assert updated.returncode == 0, updated.stdout + updated.stderr
    [golden] = tmp_path.rglob("*.golden.json")
    pinned = json.loads(golden.read_text(encoding="utf-8"))
    assert list(pinned) == ["outcome", "handler", "error", "return", "requests"]
    assert (pinned["outcome"], pinned["handler"], pinned["return"]) == ("success", "onTrack", {"given": MASK})


@pytest.mark.parametrize("secret", ["request", "response", "entries", "summary", "results", "passed"])
def test_a_secret_spelled_by_a_key_of_segtuis_own_files_leaves_the_key(tmp_path, secret):
    """A HAR's keys are HAR's schema and `test --json`'s are segtui's: masked, the file no longer opens."""
    (tmp_path / "handler.js").write_text(
        "async function onTrack(event, settings) { await fetch('http://127.0.0.1:9/' + settings.apiKey); }",
        encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": secret}), encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", "--offline", "--har", "run.har", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    [entry] = json.loads((tmp_path / "run.har").read_text(encoding="utf-8"))["log"]["entries"]
    assert {"request", "response", "timings"} <= set(entry) and entry["request"]["url"] == f"http://127.0.0.1:9/{MASK}"

    report = segtui("test", "handler.js", "track", "--offline", "--json", cwd=tmp_path)
    assert report.stdout, (report.returncode, report.stderr)  # once empty in a full run, its cause not kept
    shown = json.loads(report.stdout)
    assert list(shown) == ["handler", "passed", "summary", "results"] and shown["summary"]["total"] == 1
    [result] = shown["results"]
    assert {"event", "passed", "reason", "result"} <= set(result)


@pytest.mark.parametrize("secret", ["success", "events", "sandbox", "Replayed"])
def test_a_secret_spelled_by_a_replays_summary_is_masked_only_in_the_failures_it_lists(tmp_path, secret):
    (tmp_path / "handler.js").write_text(
        "async function onTrack(event, settings) { if (event.event === 'Bad') throw new Error('no ' + settings.apiKey); }",
        encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": secret}), encoding="utf-8")
    (tmp_path / "events.ndjson").write_text('{"type": "track", "event": "Good"}\n{"type": "track", "event": "Bad"}\n',
                                            encoding="utf-8")
    done = segtui("replay", "handler.js", "events.ndjson", "--offline", "--no-progress", cwd=tmp_path)
    assert done.returncode == 1, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("Replayed 2 events from events.ndjson through handler.js in "), lines
    assert lines[0].endswith(" events/s, 1 sandbox)"), lines
    assert lines[1:] == ["  success                        1", "  bad_request                    1", "Failing events (1):",
                         f'  events.ndjson:2  track "Bad"  → Error: no {MASK}',
                         "1 of 2 events did not succeed, so the exit code is 1"]


@pytest.mark.parametrize("secret", ["handler", "track", "onTrack", "goldens", "Success", "Request"])
def test_a_secret_spelled_by_a_suites_names_and_paths_leaves_them(tmp_path, secret):
    (tmp_path / "handler.js").write_text(
        HANDLER + "async function onIdentify(event, settings) { throw new Error('no ' + settings.apiKey); }\n",
        encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": secret}), encoding="utf-8")
    (tmp_path / "bad.json").write_text('{"type": "identify", "userId": "u1"}', encoding="utf-8")
    suite = ("test", "handler.js", "track", "bad.json", "--offline")

    table = segtui(*suite, "--junit", "report.xml", cwd=tmp_path).stdout.splitlines()
    assert table[1].startswith("PASS  spec/track  onTrack     Success  ") and table[2].startswith(
        "FAIL  bad         onIdentify  Bad Request  "), table
    assert f"Error: no {MASK}" in table and "── bad ──" in table
    assert table[-1].endswith("--update writes goldens to handler.goldens (review and commit them)"), table
    junit = (tmp_path / "report.xml").read_text(encoding="utf-8")
    assert '<testcase name="spec/track" classname="segtui.handler"' in junit and 'message="Bad Request: ' in junit

    report = json.loads(segtui(*suite, "--json", cwd=tmp_path).stdout)
    assert report["handler"] == "handler.js"
    assert [(result["event"], result["golden"]) for result in report["results"]] == [
        ("spec/track", "handler.goldens/spec/track.golden.json"), ("bad", "handler.goldens/bad.golden.json")]
    assert report["results"][1]["result"]["error"]["message"] == f"no {MASK}"


def golden_diff(folder, handler: str, secret: str, event: str, edits: dict[str, str]) -> str:
    """The diff `segtui test` shows once the golden of `event`, written with `secret` as the key, has `edits` made."""
    (folder / "handler.js").write_text(handler, encoding="utf-8")
    (folder / "segtui.settings.json").write_text(json.dumps({"apiKey": secret}), encoding="utf-8")
    assert segtui("test", "handler.js", event, "--update", "--offline", cwd=folder).returncode == 0
    [golden] = folder.rglob("*.golden.json")
    edited = golden.read_text(encoding="utf-8")
    for before, after in edits.items():
        edited = edited.replace(before, after)
    golden.write_text(edited, encoding="utf-8")
    done = segtui("test", "handler.js", event, "--offline", "--json", cwd=folder)
    assert done.returncode == 1, done.stdout + done.stderr
    return json.loads(done.stdout)["results"][0]["diff"]


@pytest.mark.parametrize("secret", ["success", "onTrack"])
def test_a_secret_spelled_by_a_goldens_own_fields_leaves_them_in_its_diff(tmp_path, secret):
    diff = golden_diff(tmp_path, HANDLER, secret, "track", {'"given"': '"was"', '"error": null': '"error": "old"'}).splitlines()
    assert diff[:2] == ["--- handler.goldens/spec/track.golden.json (golden)", "+++ this run"], diff
    assert '   "outcome": "success",' in diff and '   "handler": "onTrack",' in diff, diff
    assert f'-    "was": "{MASK}"' in diff and f'+    "given": "{MASK}"' in diff, diff


BATCH_HANDLER = """
async function onBatch(events, settings) {
  await fetch("https://example.com/collect", {method: "POST", headers: {"X-Kind": "batch"}, body: "sent"}).catch(() => null);
  return events.map((event, index) => index ? {status: 400, errormessage: "rejected " + event.event} : {status: 200});
}
"""


@pytest.mark.parametrize("secret", ["success", "outcome", "headers", "method", "url"])
def test_a_secret_spelled_by_a_goldens_items_or_requests_fields_leaves_them_in_its_diff(tmp_path, secret):
    (tmp_path / "batch.json").write_text('[{"type": "track", "event": "a"}, {"type": "track", "event": "b"}]',
                                         encoding="utf-8")
    diff = golden_diff(tmp_path, BATCH_HANDLER, secret, "batch.json", {"rejected b": "rejected c", '"batch"': '"single"'})
    assert '-      "error": "BatchItemError: rejected c",' in diff and '-        "x-kind": "single"' in diff, diff
    assert MASK not in diff, diff  # the handler never shows the secret: every mask would be in segtui's own words


REJECTING_HANDLER = """
async function onIdentify(event, settings) { throw new Error("no account for " + settings.apiKey) }
async function onBatch(events, settings) {
  return events.map(() => ({status: 400, errormessage: "refused by " + settings.apiKey}));
}
"""


@pytest.mark.parametrize("secret", ["Request", "golden", "expect", "track", "Rejected", "item"])
def test_a_secret_spelled_by_a_suites_reasons_leaves_them_and_masks_only_the_handlers_errors(tmp_path, secret):
    (tmp_path / "handler.js").write_text(REJECTING_HANDLER, encoding="utf-8")
    (tmp_path / "bad.json").write_text('{"type": "identify", "userId": "u"}', encoding="utf-8")
    (tmp_path / "batch.json").write_text('[{"type": "track", "event": "a"}]', encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": secret}), encoding="utf-8")
    suite = ("test", "handler.js", "bad.json", "batch.json", "--offline")
    text = segtui(*suite, "--junit", "report.xml", cwd=tmp_path).stdout.splitlines()
    assert "Bad Request with no golden to expect it" in text, text
    assert ("Success, but 1 of 1 batch items failed, with no golden to expect it:" in text
            and f"item 1, track: Message Rejected (BatchItemError: refused by {MASK})" in text), text
    assert f"Error: no account for {MASK}" in text
    junit = (tmp_path / "report.xml").read_text(encoding="utf-8")
    assert 'message="Bad Request: Bad Request with no golden to expect it"' in junit
    reasons = [result["reason"] for result in json.loads(segtui(*suite, "--json", cwd=tmp_path).stdout)["results"]]
    assert reasons[0] == "Bad Request with no golden to expect it" and reasons[1].endswith(f"refused by {MASK})")
    ran = segtui("run", "handler.js", "--event", "batch.json", "--offline", cwd=tmp_path).stdout
    assert f"  track: Message Rejected (BatchItemError: refused by {MASK})" in ran
