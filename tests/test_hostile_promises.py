"""What a handler does to Promise (its constructor, species or then) is its own: segtui's dispatch, timers and replay
chain its own promises, as Node's runtime awaits the handler and goes on."""

from __future__ import annotations

import pytest

ENGINE_OPTIONS = {"timeout_s": 5}

# Each was consulted by Promise.prototype.then on segtui's own promises: the run, and every later event of the replay,
# failed as 'segtui could not read these events' (a SandboxError), or its timers never fired.
TAMPERED = {
    "a species getter that throws": "Object.defineProperty(Promise, Symbol.species, { configurable: true, get() { throw new Error('species'); } });",
    "a species that makes no promise": "Object.defineProperty(Promise, Symbol.species, { configurable: true, value: function (run) { run(() => {}, () => {}); } });",
    "a constructor that is no class": "Object.defineProperty(Promise.prototype, 'constructor', { configurable: true, value: 42 });",
}


@pytest.mark.parametrize("how", list(TAMPERED), ids=list(TAMPERED))
def test_a_plain_handler_that_tampers_with_promise_succeeds_and_the_next_event_too(engine, tmp_path, how):
    (tmp_path / "tampers.js").write_text(
        "function onTrack(event) {\n"
        f"  if (event.event === 'hostile') {{ {TAMPERED[how]} }}\n"
        "  setTimeout(() => {}, 1);\n"
        "  return 'ran ' + event.event;\n}\n")
    assert engine.load(tmp_path / "tampers.js").ok
    results = list(engine.invoke_many([{"type": "track", "event": name} for name in ("hostile", "next")], {}))
    assert [(result.outcome, result.return_value) for result in results] == [
        ("success", "ran hostile"), ("success", "ran next")], results[0].error


def test_timers_fire_for_a_handler_that_replaced_promise_species(engine, tmp_path):
    (tmp_path / "timers.js").write_text(
        "async function onTrack(event) {\n"
        f"  {TAMPERED['a species that makes no promise']}\n"
        "  const fired = [];\n"
        "  setTimeout(() => fired.push('timeout'), 1);\n"
        "  await new Promise((resolve) => setTimeout(resolve, 5));\n"
        "  return fired;\n}\n")
    assert engine.load(tmp_path / "timers.js").ok
    result = engine.invoke({"type": "track"}, {})
    assert (result.outcome, result.return_value) == ("success", ["timeout"]), result.error


def test_an_async_handler_whose_promise_constructor_throws_fails_with_that_error_as_in_node(engine, tmp_path):
    # Node's await of the handler's promise reads its constructor: the getter's error is the handler's.
    (tmp_path / "getter.js").write_text(
        "async function onTrack(event) {\n"
        "  if (event.event === 'hostile') Object.defineProperty(Promise.prototype, 'constructor',"
        " { configurable: true, get() { throw new Error('constructor getter'); } });\n"
        "  else Object.defineProperty(Promise.prototype, 'constructor', { configurable: true, writable: true, value: Promise });\n"
        "  return 'ran ' + event.event;\n}\n")
    assert engine.load(tmp_path / "getter.js").ok
    hostile, after = engine.invoke_many([{"type": "track", "event": name} for name in ("hostile", "next")], {})
    assert (hostile.outcome, hostile.error.name, hostile.error.message) == ("bad_request", "Error", "constructor getter")
    assert (after.outcome, after.return_value) == ("success", "ran next")


def test_a_replaced_promise_then_leaves_a_batch_of_per_event_handlers_running(engine, tmp_path):
    # segtui chained each event's run by resolving with a promise, which calls its then: the handler's, which never
    # settled, so the batch ran into its time limit.
    (tmp_path / "then.js").write_text(
        "function onTrack(event) {\n  Promise.prototype.then = function () { return this; };\n  return event.event;\n}\n")
    assert engine.load(tmp_path / "then.js").ok
    result = engine.invoke([{"type": "track", "event": "first"}, {"type": "track", "event": "second"}], {})
    assert (result.outcome, result.return_value) == ("success", ["first", "second"]), result.error


@pytest.mark.parametrize("how", ["Promise = undefined", "Promise.resolve = () => { throw new TypeError('replaced'); }",
                                 TAMPERED["a species getter that throws"]])
def test_the_nextick_of_segtuis_node_modules_is_the_handlers_promise_free(engine, tmp_path, how):
    # process.nextTick (and node http's events) were Promise.resolve().then of the handler's Promise, where Node's use
    # none: xml, which writes through a stream, failed (a probe's sweep).
    (tmp_path / "ticks.js").write_text(f"{how};\nasync function onTrack() {{\n  return xml({{ a: 1 }});\n}}\n")
    assert engine.load(tmp_path / "ticks.js").ok
    result = engine.invoke({"type": "track"}, {})
    assert (result.outcome, result.return_value) == ("success", "<a>1</a>"), result.error
