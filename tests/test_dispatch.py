"""Dispatch by event type, deep copies, batches, module state and the outcome classes, in real V8."""

import pytest

from segtui.events import SPEC_TYPES

ENGINE_OPTIONS = {"timeout_s": 2}


ALL_HANDLERS = "\n".join(
    f"async function on{t.capitalize()}(event, settings) {{ return {{ called: 'on{t.capitalize()}', type: event.type }} }}"
    for t in SPEC_TYPES
)


@pytest.mark.parametrize("event_type", SPEC_TYPES)
def test_each_type_runs_its_handler(runner, event_type):
    result = runner.run(ALL_HANDLERS, {"type": event_type})
    assert result.outcome == "success"
    assert result.handler_name == f"on{event_type.capitalize()}"
    assert result.return_value == {"called": f"on{event_type.capitalize()}", "type": event_type}


def test_missing_handler_is_implicit_event_not_supported(runner):
    result = runner.run("async function onTrack() { return 1 }", {"type": "identify"})
    assert result.outcome == "unsupported_event_type"
    assert result.label == "Unsupported Event Type"
    assert (result.error.name, result.error.message) == ("EventNotSupported", "identify not supported")


def test_handlers_may_be_var_let_or_const_assignments(runner):
    source = """
        var onTrack = async (event) => 'var';
        let onPage = async function (event) { return 'let' };
        const onScreen = async (event) => 'const';
    """
    path = runner.write(source)
    assert runner.engine.load(path).handlers == ["onTrack", "onPage", "onScreen"]
    assert runner.engine.invoke({"type": "screen"}, {}).return_value == "const"


def test_each_event_runs_the_handler_the_global_scope_holds_then(runner):
    source = """
        let onTrack = async () => { onTrack = async () => 'reassigned'; return 'first' };
        globalThis.onPage = async () => {
          setTimeout(() => { globalThis.onIdentify = async () => 'defined by a timer' }, 0);
          await new Promise((resolve) => setTimeout(resolve, 5));
          delete globalThis.onPage;
          return 'page';
        };
    """
    path = runner.write(source)
    assert runner.engine.load(path).handlers == ["onTrack", "onPage"]
    events = [{"type": "track"}, {"type": "track"}, {"type": "identify"}, {"type": "page"}, {"type": "identify"},
              {"type": "page"}]
    results = runner.engine.invoke_many(events, {})
    assert [(r.outcome, r.return_value) for r in results] == [
        ("success", "first"), ("success", "reassigned"), ("unsupported_event_type", None), ("success", "page"),
        ("success", "defined by a timer"), ("unsupported_event_type", None)]


def test_handler_receives_a_deep_copy_of_event_and_settings(runner):
    source = """
        async function onTrack(event, settings) {
          const before = JSON.stringify([event.properties, settings.list]);
          event.properties.seen = true;
          settings.list.push('x');
          return before;
        }
    """
    path = runner.write(source)
    runner.engine.load(path)
    event = {"type": "track", "properties": {"a": 1}}
    settings = {"list": ["a"]}
    first = runner.engine.invoke(event, settings)
    second = runner.engine.invoke(event, settings)
    assert first.return_value == second.return_value == '[{"a":1},["a"]]'
    assert event == {"type": "track", "properties": {"a": 1}}


def test_module_state_persists_across_events_of_one_load_and_resets_on_reload(runner):
    path = runner.write("var count = 0; async function onTrack() { count += 1; return count }")
    runner.engine.load(path)
    results = [r.return_value for r in runner.engine.invoke_many([{"type": "track"}] * 3, {})]
    assert results == [1, 2, 3]
    runner.engine.load(path)
    assert runner.engine.invoke({"type": "track"}, {}).return_value == 1


def test_sloppy_mode_assigns_undeclared_variables(runner):
    result = runner.run("async function onTrack() { undeclared = 5; return globalThis.undeclared }")
    assert result.return_value == 5


@pytest.mark.parametrize(
    ("throw", "outcome", "label"),
    [
        ("new EventNotSupported('nope')", "unsupported_event_type", "Unsupported Event Type"),
        ("new InvalidEventPayload('bad payload')", "message_rejected", "Message Rejected"),
        ("new ValidationError('bad settings')", "message_rejected", "Message Rejected"),
        ("new RetryError('later')", "retry", "Retry"),
        ("new TypeError('boom')", "bad_request", "Bad Request"),
        ("new Error('plain')", "bad_request", "Bad Request"),
    ],
)
def test_thrown_errors_map_to_segment_outcomes(runner, throw, outcome, label):
    result = runner.run(f"async function onTrack() {{ throw {throw} }}")
    assert (result.outcome, result.label) == (outcome, label)
    assert result.error.message in throw


def test_error_classes_are_plain_error_subclasses_named_after_themselves(runner):
    source = """
        async function onTrack() {
          return ['EventNotSupported', 'InvalidEventPayload', 'ValidationError', 'RetryError'].map((n) => {
            const e = new globalThis[n]('m');
            return [e instanceof Error, e.name, e.message, String(e), Object.keys(e).length];
          });
        }
    """
    result = runner.run(source)
    assert result.return_value == [
        [True, name, "m", f"{name}: m", 0]
        for name in ("EventNotSupported", "InvalidEventPayload", "ValidationError", "RetryError")
    ]


def test_sync_throw_and_non_error_throw_are_bad_requests(runner):
    sync = runner.run("function onTrack() { throw new RangeError('sync') }")
    assert (sync.outcome, sync.error.name) == ("bad_request", "RangeError")
    odd = runner.run("async function onTrack() { throw 'just a string' }")
    assert (odd.outcome, odd.error.name, odd.error.message) == ("bad_request", "Error", "'just a string'")


def test_error_stack_names_the_handler_file_and_line(runner):
    source = "async function onTrack(event) {\n  const x = null;\n  return x.y;\n}\n"
    path = runner.write(source, "my-handler.js")
    runner.engine.load(path)
    result = runner.engine.invoke({"type": "track"}, {})
    assert result.error.name == "TypeError"
    assert (result.error.line, result.error.column) == (3, 12)
    assert f"at onTrack ({path}:3:12)" in result.error.stack
    assert "segtui:" not in result.error.stack


def test_return_values_become_json(runner):
    assert runner.run("async function onTrack() { }").return_value is None
    assert runner.run("async function onTrack() { return 'text' }").return_value == "text"
    assert runner.run("async function onTrack() { return {d: new Date(0)} }").return_value == {"d": "1970-01-01T00:00:00.000Z"}
    circular = runner.run("async function onTrack() { const a = {}; a.self = a; return a }")
    assert circular.outcome == "success"
    assert circular.return_value == "<ref *1> { self: [Circular *1] }"


def test_batch_runs_on_batch_when_defined(runner):
    result = runner.run("async function onBatch(events) { return events.length }", [{"type": "track"}, {"type": "page"}])
    assert (result.outcome, result.handler_name, result.event_type) == ("success", "onBatch", "batch")
    assert result.return_value == 2
    assert result.items == []


def test_on_batch_statuses_report_each_event_5xx_retried_4xx_rejected(runner):
    source = """
        async function onBatch(events, settings) {
          return events.map((e, i) => i === 0 ? { status: 200 } : { status: i === 1 ? 500 : 400, errormessage: 'no ' + e.type });
        }
    """
    result = runner.run(source, [{"type": "track"}, {"type": "identify"}, {"type": "page"}])
    assert [item.outcome for item in result.items] == ["success", "retry", "message_rejected"]
    assert [item.event_type for item in result.items] == ["track", "identify", "page"]
    assert result.items[1].error.headline() == "BatchItemError: no identify"
    assert (result.outcome, result.error) == ("success", None)
    assert result.return_value == [{"status": 200}, {"status": 500, "errormessage": "no identify"},
                                   {"status": 400, "errormessage": "no page"}]


def test_on_batch_statuses_are_matched_to_the_events_segtui_sent_whatever_the_handler_does_to_them(runner):
    # Segment matches statuses to the events it sent: a handler that empties their types, grows the array or
    # makes an element throw on read still has each status reported against its event's type.
    source = """
        async function onBatch(events) {
          const statuses = events.map((e, i) => ({ status: i ? 500 : 200 }));
          for (const e of events) delete e.type;
          events.push({ type: 'page' });
          Object.defineProperty(events, 0, { get() { throw new Error('read after return'); } });
          return statuses;
        }
    """
    result = runner.run(source, [{"type": "track"}, {"type": "identify"}])
    assert [(item.event_type, item.outcome) for item in result.items] == [("track", "success"), ("identify", "retry")]
    assert [item.item_line(str) for item in result.items] == ["track: Success", "identify: Retry (BatchItemError: status 500)"]


def test_an_error_named_like_an_object_builtin_is_a_bad_request(runner):
    result = runner.run("async function onTrack() { const e = new Error('x'); e.name = 'constructor'; throw e }")
    assert (result.outcome, result.error.name) == ("bad_request", "constructor")


def test_batch_without_on_batch_runs_each_event_and_reports_each_outcome(runner):
    source = "async function onTrack(e) { return e.event } async function onIdentify() { throw new RetryError('x') }"
    result = runner.run(source, [{"type": "track", "event": "A"}, {"type": "identify"}, {"type": "page"}])
    assert [item.outcome for item in result.items] == ["success", "retry", "unsupported_event_type"]
    assert [item.handler_name for item in result.items] == ["onTrack", "onIdentify", "onPage"]
    assert result.outcome == "retry"
    assert result.items[0].return_value == "A"


def test_a_fetch_error_points_at_the_fetch_call_in_the_handler(runner):
    source = "async function post(url) {\n  return fetch(url, { method: 'POST' });\n}\nasync function onTrack() { await post('http://127.0.0.1:1/x') }\n"
    result = runner.run(source)
    assert result.error.name == "FetchError"
    assert (result.error.line, result.error.column) == (2, 10)
    assert result.error.stack == f"FetchError: {result.error.message}"


def test_built_ins_called_by_the_handler_stay_in_its_stack(runner):
    result = runner.run("async function onTrack() {\n  [1].forEach(() => { throw new Error('inner') });\n}\n")
    assert "at Array.forEach (<anonymous>)" in result.error.stack
    assert (result.error.line, result.error.column) == (2, 29)
