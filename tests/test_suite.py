"""`segtui test` as a user runs it: suites, goldens created, passing, failing with a diff, updated; exit codes."""

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from support.cli import segtui

from segtui.engine.engine import Engine
from segtui.errors import SegtuiInputError
from segtui.events import SPEC_TYPES
from segtui.protocol import NetworkOptions, SandboxConfig
from segtui.suite import bundled_suite, collect_suite, run_suite

REPO = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "suites"
BESIDE_SHOP = ["order-completed", "carts/1", "carts/2"]


@pytest.fixture
def shop(tmp_path) -> Path:
    shutil.copytree(FIXTURES / "shop", tmp_path / "shop")
    return tmp_path / "shop"


def goldens_of(folder: Path) -> dict[str, str]:
    root = folder / "handler.goldens"
    return {path.relative_to(root).as_posix(): path.read_text(encoding="utf-8") for path in sorted(root.rglob("*"))
            if path.is_file()}


def test_the_default_suite_is_spec_samples_developer_center_batch_then_files_beside_the_handler(shop):
    (shop / "events").mkdir()
    (shop / "events" / "refund.json").write_text('{"type": "track", "event": "Refunded"}', encoding="utf-8")
    (shop / "prod.settings.json").write_text('{"apiKey": "p"}', encoding="utf-8")
    suite = collect_suite(shop / "handler.js", [], [])
    names = [event.name for event in suite.events]
    assert names[:7] == [f"spec/{name}" for name in SPEC_TYPES]
    assert len([name for name in names if name.startswith("developer-center/")]) == 8
    assert names[15] == "spec/batch" and isinstance(suite.events[15].payload, list)
    assert names[16:] == ["carts/1", "carts/2", "order-completed", "events/refund"]
    assert suite.skipped == [(f'not an event, skipped: {shop / "notes.json"}: the event has no "type"; valid types: '
                             'identify, track, page, screen, group, alias, delete')]


def test_selectors_replace_the_default_set_and_event_folders_add_to_it(shop, tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    (shared / "signup.json").write_text('{"type": "track", "event": "Signed Up"}', encoding="utf-8")
    (shared / "signup.golden.json").write_text("{}", encoding="utf-8")
    suite = collect_suite(shop / "handler.js", ["track", "developer-center", str(shop / "carts.ndjson")], [shared])
    names = [event.name for event in suite.events]
    assert names[0] == "spec/track" and names[1].startswith("developer-center/01")
    assert names[-3:] == ["carts/1", "carts/2", "shared/signup"]


def test_two_events_with_one_golden_name_are_refused(shop, tmp_path):
    folders = [tmp_path / "a" / "events", tmp_path / "b" / "events"]
    for folder in folders:
        folder.mkdir(parents=True)
        (folder / "signup.json").write_text('{"type": "track", "event": "X"}', encoding="utf-8")
    with pytest.raises(SegtuiInputError, match="two events would share the golden 'events/signup'"):
        collect_suite(shop / "handler.js", ["track"], folders)


def test_goldens_are_created_then_pass_then_a_change_fails_with_a_diff_then_update_accepts_it(shop):
    created = segtui("test", "handler.js", "--update", cwd=shop)
    assert created.returncode == 0, created.stdout + created.stderr
    assert "19 events: 19 passed, 19 goldens written to handler.goldens" in created.stdout
    assert 'segtui: not an event, skipped: notes.json: the event has no "type"' in created.stderr
    first = goldens_of(shop)
    assert len(first) == 19 and "spec/track.golden.json" in first and "carts/2.golden.json" in first
    order = json.loads(first["order-completed.golden.json"])
    assert order == {"outcome": "success", "handler": "onTrack", "error": None, "requests": [],
                     "return": {"event": "Order Completed", "key": "••••••", "runs": 1, "user": "u-1"}}
    assert "sk_test_4242" not in "".join(first.values())

    passed = segtui("test", "handler.js", cwd=shop)
    assert passed.returncode == 0, passed.stdout
    assert "19 events: 19 passed in" in passed.stdout
    assert "PASS  order-completed" in passed.stdout

    handler = shop / "handler.js"
    handler.write_text(handler.read_text().replace("traits: Object.keys(event.traits).sort()",
                                                   "traits: Object.keys(event.traits).length"))
    failed = segtui("test", "handler.js", cwd=shop)
    assert failed.returncode == 1
    assert "FAIL  carts/2" in failed.stdout
    assert "── carts/2 ──\ndiffers from its golden\n" in failed.stdout
    assert f"--- {Path('handler.goldens', 'carts', '2.golden.json')} (golden)\n+++ this run\n" in failed.stdout
    assert '-    "traits": [\n-      "plan"\n-    ],\n+    "traits": 1,' in failed.stdout
    assert f"an intended change? accept it with --update (rewrites {Path('handler.goldens', 'carts', '2.golden.json')})" \
        in failed.stdout  # a new user's trial: the diff said nothing of how to accept it
    assert goldens_of(shop) == first

    updated = segtui("test", "handler.js", "--update", cwd=shop)
    assert updated.returncode == 0
    assert "UPD   carts/2" in updated.stdout and "PASS" not in updated.stdout.split("carts/2")[0].splitlines()[-1]
    assert json.loads(goldens_of(shop)["carts/2.golden.json"])["return"]["traits"] == 1
    assert segtui("test", "handler.js", cwd=shop).returncode == 0


def test_without_goldens_success_and_unsupported_pass_and_other_outcomes_fail(shop):
    (shop / "checkout.json").write_text('{"type": "track", "event": "Checkout Failed"}', encoding="utf-8")
    done = segtui("test", "handler.js", "page", "alias", "checkout.json", "order-completed.json", cwd=shop)
    assert done.returncode == 1
    lines = {line.split()[1]: line for line in done.stdout.splitlines() if line.startswith(("PASS", "FAIL"))}
    assert lines["spec/page"].startswith("PASS") and "Unsupported Event Type" in lines["spec/page"]
    assert lines["spec/alias"].startswith("PASS")
    assert lines["order-completed"].startswith("PASS")
    assert lines["checkout"].startswith("FAIL") and "Retry" in lines["checkout"]
    assert "Retry with no golden to expect it\nRetryError: upstream timeout" in done.stdout
    assert "accept this outcome with --update" in done.stdout
    assert "4 events: 3 passed, 1 failed in" in done.stdout


def test_each_event_runs_on_a_fresh_load(shop):
    done = segtui("test", "handler.js", "--json", cwd=shop)
    report = json.loads(done.stdout)
    runs = [result["result"]["return"]["runs"] for result in report["results"]
            if result["result"]["handler_name"] == "onTrack" and result["result"]["outcome"] == "success"]
    assert len(runs) >= 5 and set(runs) == {1}


def test_a_batch_with_a_failing_item_fails_without_a_golden(shop):
    (shop / "mixed.json").write_text(json.dumps([{"type": "page"}, {"type": "track", "event": "Checkout Failed"}]),
                                     encoding="utf-8")
    done = segtui("test", "handler.js", "mixed.json", cwd=shop)
    assert done.returncode == 1 and "FAIL  mixed" in done.stdout


def test_a_top_level_error_fails_every_event_and_a_syntax_error_is_bad_input(shop):
    handler = shop / "handler.js"
    handler.write_text("throw new Error('boom at load');\n" + handler.read_text())
    done = segtui("test", "handler.js", "track", "identify", cwd=shop)
    assert done.returncode == 1
    assert done.stdout.count("Error: boom at load") == 2 and "Traceback" not in done.stderr
    handler.write_text("async function onTrack( {\n")
    done = segtui("test", "handler.js", "track", cwd=shop)
    assert done.returncode == 2
    assert done.stderr.startswith("segtui: error: handler.js:") and "SyntaxError" in done.stderr


@pytest.mark.parametrize("args, message", [
    (["missing.js"], "missing.js: no such handler file"),
    (["handler.js", "nope.json"], "nope.json: no such file"),
    (["handler.js", "--events", "no-such-dir"], "no-such-dir: no such folder of events"),
    (["handler.js", "notes.json"], 'notes.json: the event has no "type"'),
    # `--event` as `segtui run` takes it was read as an abbreviation of --events: "track: no such folder of events".
    (["handler.js", "--event", "track"], ("segtui test takes its events as arguments, without --event: segtui test "
                                          "HANDLER track events/order.json (--events DIR adds a folder's)")),
    (["handler.js", "--timeout", "0"], "argument --timeout: must be at least 0.01 and at most 3600 seconds, got 0"),
])
def test_bad_input_exits_2_with_a_message_and_no_traceback(shop, args, message):
    done = segtui("test", *args, cwd=shop)
    assert done.returncode == 2, done.stdout + done.stderr
    assert message in done.stderr and "Traceback" not in done.stderr


def test_events_may_come_after_the_options(shop):
    before = segtui("test", "handler.js", "track", "identify", "--json", cwd=shop)
    after = segtui("test", "handler.js", "--json", "track", "--timeout", "4", "identify", cwd=shop)
    assert before.returncode == after.returncode == 0, before.stderr + after.stderr
    names = [[result["event"] for result in json.loads(done.stdout)["results"]] for done in (before, after)]
    assert names[0] == names[1] == ["spec/track", "spec/identify"]
    stray = segtui("run", "handler.js", "--event", "track", "extra", cwd=shop)
    assert stray.returncode == 2 and "unrecognized arguments: extra" in stray.stderr


def test_a_broken_golden_fails_its_event_and_update_repairs_it(shop):
    broken = shop / "handler.goldens" / "spec" / "track.golden.json"
    broken.parent.mkdir(parents=True)
    broken.write_text("{", encoding="utf-8")
    done = segtui("test", "handler.js", "track", "identify", cwd=shop)
    assert done.returncode == 1
    assert "track.golden.json:1:2: invalid JSON" in done.stdout and "Traceback" not in done.stderr
    assert "fix or delete it, or run with --update" in done.stdout
    assert segtui("test", "handler.js", "track", "--update", cwd=shop).returncode == 0
    assert segtui("test", "handler.js", "track", cwd=shop).returncode == 0


def test_event_names_from_the_table_select_events_and_repeats_are_ignored(shop):
    done = segtui("test", "handler.js", "spec/track", "developer-center/02-page-signup", "track", cwd=shop)
    assert done.returncode in (0, 1), done.stderr
    assert "spec/track" in done.stdout and "developer-center/02-page-signup" in done.stdout
    assert done.stdout.count("spec/track") == 1


def test_names_of_the_handlers_own_events_from_the_table_select_them_from_any_folder(shop, tmp_path):
    # A new user's trial: the table and a failure's heading name an event `events/order`, but `segtui test handler.js
    # events/order` said "no such file"; only the bundled events' names (spec/track) were taken.
    (shop / "events").mkdir()
    (shop / "events" / "refund.json").write_text('{"type": "track", "event": "Refunded"}', encoding="utf-8")
    done = segtui("test", "shop/handler.js", "events/refund", "carts", "order-completed", "carts/2", "--json",
                  cwd=tmp_path)
    assert done.returncode in (0, 1), done.stderr
    names = [result["event"] for result in json.loads(done.stdout)["results"]]
    assert names == ["events/refund", "carts/1", "carts/2", "order-completed"]
    missing = segtui("test", "shop/handler.js", "events/refunds", cwd=tmp_path)
    assert missing.returncode == 2 and "events/refunds: no such file" in missing.stderr


def test_an_event_file_that_is_no_event_stops_no_name_it_does_not_give(shop):
    # A review: with a broken file among the handler's own events, any name (even a mistyped one) said that file's
    # error, and a name read before it was refused.
    (shop / "events").mkdir()
    (shop / "events" / "a-refund.json").write_text('{"type": "track", "event": "Refunded"}', encoding="utf-8")
    (shop / "events" / "bad.json").write_text("{", encoding="utf-8")
    done = segtui("test", "handler.js", "events/a-refund", "--json", cwd=shop)
    assert done.returncode in (0, 1), done.stderr
    assert [result["event"] for result in json.loads(done.stdout)["results"]] == ["events/a-refund"]
    missing = segtui("test", "handler.js", "nosuch", cwd=shop)
    assert missing.returncode == 2 and "Traceback" not in missing.stderr
    assert missing.stderr.startswith("segtui: error: nosuch: no such file"), missing.stderr
    assert "read only up to one that is no event:" in missing.stderr and "bad.json:1:2: invalid JSON" in missing.stderr


def test_goldens_no_event_uses_are_reported(shop):
    stale = shop / "handler.goldens" / "renamed.golden.json"
    stale.parent.mkdir(parents=True)
    stale.write_text("{}", encoding="utf-8")
    done = segtui("test", "handler.js", cwd=shop)
    assert "1 golden matches no event of this suite:" in done.stdout and str(Path("handler.goldens", "renamed.golden.json")) in done.stdout


def test_run_suite_core_reports_verdicts_as_data(shop):
    engine = Engine(SandboxConfig(deterministic=True, network=NetworkOptions(secrets=["k"])))
    try:
        engine.start()
        handler = shop / "handler.js"
        events = [event for event in bundled_suite() if event.name in ("spec/track", "spec/identify")]
        source = handler.read_text(encoding="utf-8")
        results = list(run_suite(engine, handler, source, events, {"apiKey": "k"}, update=True))
        assert [(result.event.name, result.passed, result.written) for result in results] == [
            ("spec/identify", True, "created"), ("spec/track", True, "created")]
        again = list(run_suite(engine, handler, source, events, {"apiKey": "k"}))
        assert [(result.passed, result.reason, result.diff) for result in again] == [(True, "", ""), (True, "", "")]
    finally:
        engine.close()


def test_settings_files_are_never_taken_for_events(shop):
    (shop / "values.json").write_text('{"apiKey": "other"}', encoding="utf-8")
    done = segtui("test", "handler.js", "--settings", "values.json", cwd=shop)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "values.json" not in done.stderr and "segtui.settings.json" not in done.stderr


def test_a_settings_file_in_an_events_folder_is_never_taken_for_an_event(shop):
    # A leak probe: `segtui test fn.tf --events .` in a Git-sync folder read each function's <name>.settings.json as
    # an event and stopped on it; the TUI listed such a file and its editor showed the secrets it holds.
    (shop / "events").mkdir()
    (shop / "events" / "refund.json").write_text('{"type": "track", "event": "Refunded"}', encoding="utf-8")
    # A review: so did Terraform's variables (terraform.tfvars.json) and JSON configuration (main.tf.json).
    names = ("prod.settings.json", "terraform.tfvars.json", "main.tf.json")
    for name in names:
        (shop / "events" / name).write_text('{"apiKey": "Zq7xK9mPw2LrT4vB"}', encoding="utf-8")
    done = segtui("test", "handler.js", "--events", "events", cwd=shop)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "events/refund" in done.stdout
    assert not [name for name in names if name.split(".")[0] in done.stdout + done.stderr]


def test_a_file_beside_the_handler_skipped_as_no_event_is_said_masked(shop):
    # A leak probe: the note quoted what the file held (`unknown event type "<the key>"`) as it was.
    (shop / "typed.json").write_text('{"type": "Zq7xK9mPw2LrT4vB"}', encoding="utf-8")
    done = segtui("test", "handler.js", "--setting", "apiKey=Zq7xK9mPw2LrT4vB", cwd=shop)
    assert 'segtui: not an event, skipped: typed.json: unknown event type "••••••"' in done.stderr
    assert "Zq7xK9mPw2LrT4vB" not in done.stdout + done.stderr


def test_a_cassette_or_a_mock_file_beside_the_handler_is_never_taken_for_an_event(shop):
    # A new user's trial: `segtui test handler.js --replay crm.cassette.json` warned "not an event, skipped" about the
    # cassette it was answering from, and so did a later run without --replay.
    (shop / "crm.cassette.json").write_text('{"segtui_cassette": 1, "interactions": []}', encoding="utf-8")
    (shop / "rules.json").write_text('[{"prefix": "https://api.example.com/", "status": 204}]', encoding="utf-8")
    for args in (["--replay", "crm.cassette.json", "--mock", "rules.json"], ["--mock", "rules.json"]):
        done = segtui("test", "handler.js", *args, cwd=shop)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "crm.cassette.json" not in done.stderr and "rules.json" not in done.stderr
        assert 'segtui: not an event, skipped: notes.json: the event has no "type"' in done.stderr


def test_goldens_pin_the_requests_a_handler_sends(tmp_path):
    shutil.copytree(FIXTURES / "webhook", tmp_path / "webhook")
    handler = tmp_path / "webhook" / "handler.js"
    network = NetworkOptions(mock=str(tmp_path / "webhook" / "mock.json"), offline=True, secrets=["sk_live_9"])
    config = SandboxConfig(deterministic=True, network=network)
    events = [event for event in bundled_suite() if event.name == "spec/track"]
    source = handler.read_text(encoding="utf-8")
    engine = Engine(config)
    try:
        engine.start()
        settings = {"apiKey": "sk_live_9"}
        (created,) = run_suite(engine, handler, source, events, settings, update=True)
        assert created.written == "created" and created.invocation.outcome == "success", created.invocation.error
        golden = json.loads(created.golden.read_text(encoding="utf-8"))
        (request,) = golden["requests"]
        assert (request["method"], request["url"]) == ("POST", "https://api.example.com/v1/events")
        assert set(request["headers"]) == {"authorization", "content-type", "idempotency-key"}
        assert request["headers"]["authorization"] == "Basic ••••••"
        assert request["body"] == {"name": "Order Completed", "sent_at": events[0].payload["timestamp"],
                                   "user": events[0].payload["userId"]}
        assert golden["return"] == {"status": 202, "body": {"queued": True}}
        assert "sk_live_9" not in created.golden.read_text(encoding="utf-8")

        (again,) = run_suite(engine, handler, source, events, settings)
        assert again.passed, again.diff
        engine.reconfigure(replace(config, network=replace(network, secrets=["sk_ci_1"])))
        (other_key,) = run_suite(engine, handler, source, events, {"apiKey": "sk_ci_1"})
        assert other_key.passed, other_key.diff
        engine.reconfigure(config)

        changed = source.replace("name: event.event", "name: event.event.toUpperCase()")
        (failed,) = run_suite(engine, handler, changed, events, settings)
        assert not failed.passed
        assert '-        "name": "Order Completed",\n+        "name": "ORDER COMPLETED",' in failed.diff
    finally:
        engine.close()


def test_a_broken_file_in_the_events_folder_is_bad_input(shop):
    (shop / "events").mkdir()
    (shop / "events" / "typo.json").write_text('{"type": "trak"}', encoding="utf-8")
    done = segtui("test", "handler.js", cwd=shop)
    assert done.returncode == 2
    assert 'typo.json: unknown event type "trak"' in done.stderr and "Traceback" not in done.stderr


def test_network_flags_choose_how_requests_are_answered(tmp_path):
    shutil.copytree(FIXTURES / "webhook", tmp_path / "webhook")
    folder = tmp_path / "webhook"
    mocked = segtui("test", "handler.js", "track", "--mock", "mock.json", "--setting", "apiKey=sk_1", "--update", cwd=folder)
    assert mocked.returncode == 0, mocked.stdout + mocked.stderr
    golden = json.loads((folder / "handler.goldens" / "spec" / "track.golden.json").read_text(encoding="utf-8"))
    assert golden["return"] == {"status": 202, "body": {"queued": True}}
    offline = segtui("test", "handler.js", "track", "--offline", "--setting", "apiKey=sk_1", cwd=folder)
    assert offline.returncode == 1 and '+  "outcome": "bad_request",' in offline.stdout
    missing = segtui("test", "handler.js", "track", "--mock", "nope.json", "--setting", "apiKey=sk_1", cwd=folder)
    assert missing.returncode == 2 and "nope.json: no such file" in missing.stderr


@pytest.mark.parametrize("args, message", [
    (["handler.js", "empty"], "no events found in empty"),
    (["handler.js", "--events", "order-completed.json"], "is a file, not a folder of events; give a file as EVENTS"),
    (["handler.js", "--junit", "reports"], "reports: is a folder; give a file name for the JUnit report"),
    (["handler.js", "--frob"], "unrecognized arguments: --frob (see `segtui test --help`)"),
    # A new user's trial: argparse named the optional EVENTS as required too.
    ([], "segtui: error: the following arguments are required: HANDLER (see `segtui test --help`)"),
])
def test_mistaken_arguments_are_named_before_anything_runs(shop, args, message):
    (shop / "empty").mkdir()
    (shop / "reports").mkdir()
    done = segtui("test", *args, cwd=shop)
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert done.stdout == "" and "\n" not in done.stderr.strip()


def test_a_batch_whose_on_batch_rejects_items_fails_without_a_golden_saying_which(tmp_path):
    # A new user's trial: onBatch returned a 400 for two of five events, and `segtui test` failed spec/batch with
    # "Success with no golden to expect it" and nothing else: no item, no error, no hint to accept it with --update.
    (tmp_path / "handler.js").write_text("""
async function onBatch(events) {
  return events.map(e => e.type === 'track' ? {status: 200} : {status: 400, errormessage: e.type + ' has no email'});
}
""", encoding="utf-8")
    done = segtui("test", "handler.js", "batch", cwd=tmp_path)
    assert done.returncode == 1
    assert "Success, but 3 of 5 batch items failed, with no golden to expect it:" in done.stdout
    assert "item 1, page: Message Rejected (BatchItemError: page has no email)" in done.stdout
    assert "accept this outcome with --update" in done.stdout
    junit = tmp_path / "report.xml"
    segtui("test", "handler.js", "batch", "--junit", str(junit), cwd=tmp_path)
    assert "3 of 5 batch items failed" in junit.read_text(encoding="utf-8")


def test_a_pass_with_no_golden_says_only_its_outcome_was_checked_until_update_writes_the_goldens(shop):
    first = segtui("test", "handler.js", "track", "identify", cwd=shop)
    assert first.returncode == 0, first.stdout + first.stderr
    assert "2 events: 2 passed in" in first.stdout
    assert ("2 passed with no golden to compare with: only their outcome was checked. --update writes goldens to "
            "handler.goldens (review and commit them)") in first.stdout
    assert "no golden" not in segtui("test", "handler.js", "track", "identify", "--update", cwd=shop).stdout
    again = segtui("test", "handler.js", "track", "identify", cwd=shop)
    assert again.returncode == 0 and "2 events: 2 passed in" in again.stdout
    assert "no golden" not in again.stdout


def test_many_files_beside_the_handler_that_are_no_events_are_named_three_then_counted(shop):
    # A new user's trial: eight settings and output files beside the handler gave eight "not an event" lines.
    for index in range(7):
        (shop / f"settings-{index}.json").write_text('{"enabled": true}', encoding="utf-8")
    done = segtui("test", "handler.js", cwd=shop)
    assert done.returncode == 0, done.stdout + done.stderr
    skipped = [line for line in done.stderr.splitlines() if line.startswith("segtui: ")]
    assert len(skipped) == 4 and all("not an event, skipped: " in line for line in skipped[:3]), done.stderr
    assert skipped[3] == ("segtui: … and 5 more files beside the handler skipped (not events; name the events "
                          "to run as EVENTS to leave them out)")
