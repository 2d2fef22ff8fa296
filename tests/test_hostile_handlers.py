"""A hostile handler that changes what segtui dispatches to, or what it reads back, mid-run: each later event sees what
Node's runtime would."""

from __future__ import annotations

ENGINE_OPTIONS = {"timeout_s": 5}

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
