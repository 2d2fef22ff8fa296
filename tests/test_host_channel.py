"""A host call whose Python side fails outside the call's own handling (a bug in segtui) fails loudly in JS: the
handler gets an Error that says so, rather than its own call read back as the reply (a wrong value, or a run
that waits past its time limit)."""

from __future__ import annotations

import io
import json

import pytest
from support.http_server import Reply

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


WIDE_BODY = "é" + "\U0001f600" * 700_000 + "z"
"""A reply of 1.4 million UTF-16 code units, more than one chunk of the channel, of characters past U+FFFF."""


def test_a_reply_of_several_chunks_of_characters_past_u_ffff_arrives_whole(sandbox, loopback):
    # The reply is encoded a chunk at a time (a 20 MB reply no longer takes 40 MB more as UTF-16): each chunk must end
    # between characters, so no surrogate pair is split and none goes missing.
    loopback.routes["/wide"] = lambda received: Reply(body=WIDE_BODY.encode(), headers=[("Content-Type", "text/plain")])
    source = f"""
async function onTrack(event) {{
  const text = await (await fetch('{loopback.base}/wide')).text();
  return {{ length: text.length, first: text.slice(0, 3), last: text.slice(-3), whole: text === 'é' +
    '\\u{{1f600}}'.repeat(700000) + 'z' }};
}}
"""
    assert sandbox.load("handler.js", source).ok
    assert run(sandbox)["return"] == {"length": 1_400_002, "first": WIDE_BODY[:2], "last": WIDE_BODY[-2:], "whole": True}


@pytest.mark.parametrize("prefix", ["", "x"])
def test_a_character_past_uffff_split_between_a_calls_chunks_arrives_whole(sandbox, prefix):
    # A call's text crosses in chunks of 2**20 code units; with one prefix or the other, a chunk ends between an
    # emoji's halves. Each half decoded alone made two lone surrogates, and writing the result crashed the sandbox.
    source = "async function onTrack(event) { console.log(event.event + '😀'.repeat(600000)); return 1; }"
    assert sandbox.load("handler.js", source).ok
    out = io.StringIO()
    sandbox.invoke_many([json.dumps({"type": "track", "event": prefix})], "{}", out)
    [result] = [result for line in out.getvalue().splitlines() for result in json.loads(line)]
    assert result["outcome"] == "success", result["error"]
    [log] = result["logs"]
    assert log["message"].startswith(prefix + "😀😀")
    log["message"].encode("utf-8")  # no lone surrogate in it
