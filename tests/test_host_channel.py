"""A host call whose Python side fails outside the call's own handling (a bug in segtui) fails loudly in JS: the
handler gets an Error that says so, rather than its own call read back as the reply (a wrong value, or a run
that waits past its time limit)."""

from __future__ import annotations

import io
import json

from segtui.sandbox.sandbox import Sandbox

HANDLER = """
async function onTrack(event) {
  try {
    return { got: crypto.randomBytes(4).length };
  } catch (error) {
    return { caught: String(error.message) };
  }
}
"""


def run(sandbox: Sandbox) -> dict:
    out = io.StringIO()
    sandbox.invoke_many([json.dumps({"type": "track", "event": "E"})], "{}", out)
    [result] = [result for line in out.getvalue().splitlines() for result in json.loads(line)]
    return result


def test_a_reply_the_host_cannot_encode_reaches_the_handler_as_an_error_naming_segtui(sandbox):
    serve = sandbox.host.handle
    broken = False

    def handle(op: str, payload: object) -> object:
        # A value no JSON writer takes stands for any bug past the call's handler: here, in writing its reply.
        return object() if broken and op == "crypto.random" else serve(op, payload)

    sandbox.host.handle = handle  # type: ignore[method-assign]
    assert sandbox.load("handler.js", HANDLER).ok
    assert run(sandbox)["return"] == {"got": 4}
    broken = True
    result = run(sandbox)
    assert result["outcome"] == "success"
    caught = result["return"]["caught"]
    assert "segtui's host failed to answer a call (TypeError:" in caught
    assert "a bug in segtui" in caught
    # The next call is served as before: nothing of the failed one is left in the channel.
    broken = False
    assert run(sandbox)["return"] == {"got": 4}
