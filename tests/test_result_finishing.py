"""An exception while the sandbox finishes an event's result (segtui.sandbox.finished.result_text) is segtui's bug: that
event is answered at once as segtui's crash, and the run goes on; before, the event waited unanswered until the time limit
and was reported as a Timeout, and the exception reached the handler as a failed fetch of a later event."""

from __future__ import annotations

import io
import json

from segtui.invocation import CRASHED, Invocation
from segtui.protocol import ShownResults

SANDBOX_OPTIONS = {"timeout_s": 5}

HANDLER = """
async function onTrack(event, settings) {
  console.log("event", event.event);
  if (event.event !== "fetch") return 1;
  const response = await fetch(settings.base + "/text");
  return response.status;
}
"""


def _deep_event() -> str:
    """An event segtui's own reader would refuse (nested deeper than 1,000 levels) but the sandbox's protocol carries, over
    32 KB so that its replay notes parse it: Python's json gives up on its nesting (RecursionError) as the result is
    finished, the way it is when a fetch of the next event waits."""
    depth = 20_000
    return ('{"type":"track","event":"deep","properties":{"nested":' + "[" * depth + "]" * depth
            + ',"pad":"' + "x" * 40_000 + '"}}')


def test_a_result_segtui_fails_to_finish_is_its_crash_and_the_next_events_run(sandbox, loopback):
    assert sandbox.load("handler.js", HANDLER).ok
    events = [json.dumps({"type": "track", "event": "first"}), _deep_event(),
              json.dumps({"type": "track", "event": "fetch"}), json.dumps({"type": "track", "event": "fetch"})]
    out = io.StringIO()
    sandbox.invoke_many(events, json.dumps({"base": loopback.base}), out, ShownResults(reveal=False))

    replies = [json.loads(line) for line in out.getvalue().splitlines()]
    # A result written while a later fetch waits comes masked as shown (its `shown`), the others whole: which is a race.
    results = [Invocation.from_json("handler.js", data.get("shown") or data) for reply in replies
               for data in (reply if isinstance(reply, list) else [reply]) if "notice" not in data]
    assert [result.outcome for result in results] == ["success", CRASHED, "success", "success"]
    crashed = results[1]
    assert crashed.error is not None and crashed.error.name == "SandboxError"
    assert "RecursionError" in crashed.error.message and "bug in segtui" in crashed.error.message
    assert "Traceback" not in out.getvalue()
    assert [entry.message for entry in crashed.logs] == ["event deep"]  # what the handler logged is kept
    assert [result.return_value for result in results[2:]] == [200, 200]  # its fetch never saw segtui's exception
    assert [len(result.requests) for result in results[2:]] == [1, 1]
