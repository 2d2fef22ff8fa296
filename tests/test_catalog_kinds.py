"""The picker's list for each kind: requests for a source function, Spec events for the others."""

import json

from segtui.events import handled_types
from segtui.kinds import defined_handlers
from segtui.ui.catalog import BESIDE, SAMPLE_REQUESTS, SAMPLES, SUITE, find_initial, gather_events


def test_a_source_function_lists_sample_requests_and_request_files_not_events(tmp_path):
    handler = tmp_path / "source.js"
    handler.write_text("async function onRequest(request) {}\n")
    (tmp_path / "hook.json").write_text(json.dumps({"method": "PUT", "url": "https://x.example/?a=1", "body": {}}))
    (tmp_path / "event.json").write_text(json.dumps({"type": "track", "event": "A"}))
    (tmp_path / "requests").mkdir()
    (tmp_path / "requests" / "ping.json").write_text(json.dumps({"url": "https://x.example/ping"}))
    events = gather_events(handler, [], kind="source")
    assert {event.group for event in events} == {SAMPLE_REQUESTS, BESIDE}
    assert [(event.source.name, event.event_type) for event in events if event.group == BESIDE] == [
        ("hook.json", "PUT"), ("requests/ping.json", "POST")]
    assert [event.source.name for event in events if event.group == SAMPLE_REQUESTS] == [
        "webhook-json", "form-urlencoded", "get-query"]
    assert not any(event.in_place for event in events if event.group == SAMPLE_REQUESTS)


def test_a_destination_or_insert_function_lists_events_not_requests(tmp_path):
    handler = tmp_path / "handler.js"
    handler.write_text("async function onTrack(event) {}\n")
    (tmp_path / "hook.json").write_text(json.dumps({"url": "https://x.example/"}))
    (tmp_path / "event.json").write_text(json.dumps({"type": "track", "event": "A"}))
    for kind in ("destination", "insert"):
        events = gather_events(handler, [], kind=kind)
        assert [event.source.name for event in events if event.group == BESIDE] == ["event.json"]
        assert {SAMPLES, SUITE} <= {event.group for event in events}


def test_a_source_function_without_request_files_starts_on_the_json_webhook_sample(tmp_path):
    handler = tmp_path / "handler.js"
    handler.write_text("async function onRequest(request) { await request.json() }\n")
    events = gather_events(handler, [], kind="source")
    initial = next(event for event in events if event.key == find_initial(events, None, []))
    assert (initial.group, initial.source.name) == (SAMPLE_REQUESTS, "webhook-json")


def test_a_source_function_lists_its_webhook_examples_as_segments_functions_library_keeps_them(tmp_path):
    handler = tmp_path / "handler.js"
    handler.write_text("async function onRequest(request) { request.json() }\n")
    (tmp_path / "webhook-examples").mkdir()
    example = {"payload": {"headers": {"X-Github-Event": "ping"}, "body": {"zen": "Keep it simple."}}}
    (tmp_path / "webhook-examples" / "ping.json").write_text(json.dumps(example))
    events = gather_events(handler, [], kind="source")
    beside = [event for event in events if event.group == BESIDE]
    assert [(event.source.name, event.event_type) for event in beside] == [("webhook-examples/ping.json", "POST")]
    assert beside[0].source.event()["body"] == {"zen": "Keep it simple."}


def test_handled_types_reads_the_handlers_a_handlers_code_defines():
    code = ("async function onIdentify(event) {}\nconst onGroup = async (event) => {};\n"
            "function * onDelete(event) {}\n// onTrack is not handled\nfunction onTracking() {}\n")
    assert handled_types(defined_handlers(code)) == ["identify", "group", "delete"]


def test_a_handler_without_on_track_starts_on_a_sample_it_handles_and_one_with_it_on_track(tmp_path):
    handler = tmp_path / "handler.js"
    events = gather_events(handler, [])
    for handled, expected in [(["identify", "group"], "identify"), (["group", "track"], "track"), ([], "track")]:
        initial = next(event for event in events if event.key == find_initial(events, None, [], handled))
        assert (initial.group, initial.source.name) == (SAMPLES, expected)


def test_an_event_file_of_the_users_is_selected_at_start_whatever_the_handler_handles(tmp_path):
    handler = tmp_path / "handler.js"
    (tmp_path / "order.json").write_text(json.dumps({"type": "track", "event": "Order Completed"}))
    events = gather_events(handler, [])
    initial = next(event for event in events if event.key == find_initial(events, None, [], ["identify"]))
    assert (initial.group, initial.source.name) == (BESIDE, "order.json")
