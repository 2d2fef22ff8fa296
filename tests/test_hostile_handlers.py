"""A hostile handler that changes what segtui dispatches to, or what it reads back, mid-run: each later event sees what
Node's runtime would."""

from __future__ import annotations

import pytest

ENGINE_OPTIONS = {"timeout_s": 1}

REPLACES_ITSELF = """
let calls = 0;
async function onTrack(event) {
  calls++;
  if (event.event === 'hostile') {
    onTrack = async (e) => ({ replaced: e.event, calls });
    globalThis.onIdentify = async (e) => ({ identified: e.event });
    globalThis.onBatch = async (events) => ({ batched: events.length });
  }
  return { original: event.event, calls };
}
"""


def test_a_handler_that_replaces_itself_or_defines_another_mid_run_is_dispatched_to_as_in_node(engine, tmp_path):
    # segtui bound the handlers once, at load: the replaced onTrack ran on, and an onIdentify (or onBatch) defined by a
    # run was never called ('identify not supported'), where Node's runtime looks each handler up for each event.
    (tmp_path / "replaces.js").write_text(REPLACES_ITSELF)
    assert engine.load(tmp_path / "replaces.js").ok
    events = [{"type": "track", "event": "hostile"}, {"type": "track", "event": "next"},
              {"type": "identify", "event": "id"}, [{"type": "track"}, {"type": "track"}]]
    results = list(engine.invoke_many(events, {}))
    assert [(result.outcome, result.handler_name, result.return_value) for result in results] == [
        ("success", "onTrack", {"original": "hostile", "calls": 1}),
        ("success", "onTrack", {"replaced": "next", "calls": 1}),
        ("success", "onIdentify", {"identified": "id"}),
        ("success", "onBatch", {"batched": 2})]


def test_a_handler_that_removes_itself_mid_run_makes_later_events_unsupported_as_in_node(engine, tmp_path):
    (tmp_path / "removes.js").write_text("async function onTrack(event) {\n  onTrack = undefined;\n  return event.event;\n}\n")
    assert engine.load(tmp_path / "removes.js").ok
    first, later = engine.invoke_many([{"type": "track", "event": "first"}, {"type": "track", "event": "later"}], {})
    assert (first.outcome, first.return_value) == ("success", "first")
    assert (later.outcome, later.error.message) == ("unsupported_event_type", "track not supported")


@pytest.mark.parametrize(("source", "handler_name"), [
    ("async function onBatch(events) {\n  for (;;) {}\n}\n", "onBatch"),
    ("async function onBatch(events) {\n  const kept = [];\n  for (;;) kept.push('x'.repeat(1e5) + kept.length);\n}\n",
     "onBatch"),
    ("async function onTrack(event) {\n  for (;;) {}\n}\n", None),
], ids=["onBatch-timeout", "onBatch-memory", "per-event-timeout"])
def test_a_batch_a_limit_stops_names_onbatch_when_the_function_defines_it(engine, tmp_path, source, handler_name):
    # A batch stopped by the time or memory limit was made outside the sandbox's JavaScript with no handler, which the
    # output shows as '(per-event handlers)', though onBatch was the one that ran into the limit.
    (tmp_path / "stopped.js").write_text(source)
    assert engine.load(tmp_path / "stopped.js").ok
    result = engine.invoke([{"type": "track"}, {"type": "track"}], {})
    assert (result.event_type, result.handler_name) == ("batch", handler_name)
    assert result.outcome in ("timeout", "bad_request") and result.error.name in ("TimeoutError", "MemoryError")
    after = engine.invoke([{"type": "track"}], {})
    assert after.handler_name == handler_name


@pytest.mark.parametrize(("source", "outcome", "name"), [
    (("EventNotSupported.prototype.name = { toString() { throw 1; } };\n"
      "async function onTrack(event) {\n  throw new EventNotSupported('x');\n}\n"), "unsupported_event_type", "EventNotSupported"),
    (("RetryError.prototype.name = { toString() { throw 1; } };\n"
      "async function onTrack(event) {\n  throw new RetryError('x');\n}\n"), "retry", "RetryError"),
], ids=["EventNotSupported", "RetryError"])
def test_a_segment_error_whose_name_cannot_be_read_is_named_after_its_class(engine, tmp_path, source, outcome, name):
    # A probe: the outcome came from the class (unsupported_event_type) while the name fell back to `Error`; Node prints
    # such an error with no name at all (`: x`), String(error) and util.inspect throwing.
    (tmp_path / "named.js").write_text(source)
    assert engine.load(tmp_path / "named.js").ok
    result = engine.invoke({"type": "track"}, {})
    assert (result.outcome, result.error.name, result.error.message) == (outcome, name, "x")


@pytest.mark.parametrize("where", ["globalThis", "Object.prototype"])
def test_a_handler_whose_getter_throws_fails_the_event_with_the_getters_error(engine, tmp_path, where):
    # A probe: reading onTrack threw, and segtui reported the event as unsupported_event_type, where reading the handler
    # fails Segment's runtime with that error.
    (tmp_path / "getter.js").write_text(
        f"Object.defineProperty({where}, 'onTrack', {{ get() {{ throw new TypeError('g'); }} }});\n"
        "async function onIdentify(event) {\n  return 'identified';\n}\n")
    load = engine.load(tmp_path / "getter.js")
    assert load.ok
    track, identify = engine.invoke_many([{"type": "track"}, {"type": "identify"}], {})
    assert (track.outcome, track.error.name, track.error.message) == ("bad_request", "TypeError", "g")
    assert (identify.outcome, identify.return_value) == ("success", "identified")



FORGES_ITS_STACK = """
async function onTrack(event) {
  const error = new Error("forged");
  const file = /\\((.*):\\d+:\\d+\\)/.exec(error.stack)[1];
  if (event.digits) error.stack = "Error: forged\\n    at onTrack (" + file + ":" + "9".repeat(event.digits) + ":1)";
  throw error;
}
"""


def test_a_stack_the_handler_wrote_with_a_line_no_v8_could_give_places_its_error_nowhere(engine, tmp_path):
    # A probe: a frame of 500,000 digits crashed the sandbox as Python read the line (a `run` said Timeout, a replay
    # SandboxCrash), and one of 5,000 gave a line of 5,000 digits in the JSON output, which Python's json refuses.
    (tmp_path / "forged.js").write_text(FORGES_ITS_STACK)
    assert engine.load(tmp_path / "forged.js").ok
    results = list(engine.invoke_many([{"type": "track", "digits": digits} for digits in (500_000, 5_000, 0)], {}))
    assert [(result.outcome, result.error.message) for result in results] == [("bad_request", "forged")] * 3
    assert [(result.error.line, result.error.column) for result in results] == [(None, None), (None, None), (3, 17)]


# A custom inspect that logs the value it shows: Node's console.log throws as the recursion does, at once.
RECURSIVE_LOGS = {
    "without end": ("", "RangeError", "Maximum call stack size exceeded"),
    "until it throws": ("if (depth > 20) throw new Error('deep');", "Error", "deep"),
}


@pytest.mark.parametrize("how", list(RECURSIVE_LOGS), ids=list(RECURSIVE_LOGS))
def test_a_log_that_logs_itself_as_it_is_shown_fails_with_its_error_as_in_node(engine, tmp_path, how):
    # A probe: each nested console.log that threw was tried again (as at start), and so was every one inside that try:
    # twice the work per level, and the run timed out where Node's fails at once.
    stop, name, message = RECURSIVE_LOGS[how]
    (tmp_path / "recursive.js").write_text(
        "let depth = 0;\n"
        "const shown = { [Symbol.for('nodejs.util.inspect.custom')]() {\n"
        f"  depth++;\n  try {{\n    {stop}\n    console.log('inside', shown);\n    return 'shown';\n  }} finally {{\n    depth--;\n  }}\n}} }};\n"
        "async function onTrack() {\n  console.log(shown);\n  return 'logged';\n}\n")
    assert engine.load(tmp_path / "recursive.js").ok
    result = engine.invoke({"type": "track"}, {})
    assert (result.outcome, result.error and result.error.name, result.error and result.error.message) == (
        "bad_request", name, message)
