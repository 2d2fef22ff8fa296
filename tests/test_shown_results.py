"""`replay --json`'s results masked in the sandbox while a fetch waits (segtui.shown_results): the same lines segtui
makes itself, masked the same way, and only what a replay's summary needs besides them."""

from __future__ import annotations

import json
from pathlib import Path

from support.http_server import Reply

from segtui.engine.engine import Engine
from segtui.protocol import NetworkOptions, SandboxConfig, ShownResults
from segtui.replay import read_replay, replay
from segtui.shown_results import json_line

SECRET = "sk_live_9fQ2mZ81xWq"
HANDLER = """
async function onTrack(event, settings) {
  console.log("sending", event.messageId, "with", settings.apiKey.slice(0, 4));
  const response = await fetch(settings.endpoint + "/echo?n=" + event.properties.n, {
    method: "POST",
    headers: { Authorization: "Bearer " + settings.apiKey, "Content-Type": "application/json" },
    body: JSON.stringify({ id: event.messageId, key: settings.apiKey, n: event.properties.n }),
  });
  if (event.properties.n % 4 === 3) throw new ValidationError("rejected " + event.messageId + " " + settings.apiKey);
  if (event.properties.n % 4 === 2) return undefined;
  return { status: response.status, echoed: await response.text() };
}
"""
TIMES = ("duration_ms", "started_at", "offset_ms", "wait_ms", "time")


def _timeless(value: object) -> object:
    """A result's JSON without what differs from run to run (how long things took, and when)."""
    if isinstance(value, dict):
        return {key: _timeless(item) for key, item in value.items() if key not in TIMES}
    if isinstance(value, list):
        return [_timeless(item) for item in value]
    return value


def _replayed(folder: Path, port: int, shown: ShownResults | None, count: int = 24) -> tuple[list, Engine]:
    """Replay `count` events through HANDLER on one engine, the sandbox making lines as `shown` says."""
    handler = folder / "handler.js"
    handler.write_text(HANDLER, encoding="utf-8")
    events = folder / "events.ndjson"
    events.write_text("".join(json.dumps({"type": "track", "event": "E", "messageId": f"m{n}", "properties": {"n": n}})
                              + "\n" for n in range(count)), encoding="utf-8")
    engine = Engine(SandboxConfig(network=NetworkOptions(secrets=[SECRET])))
    engine.start()
    assert engine.load(handler).ok
    settings = {"endpoint": f"http://127.0.0.1:{port}", "apiKey": SECRET}
    try:
        return [invocation for _, invocation in replay([engine], read_replay(events), settings, shown=shown)], engine
    finally:
        engine.close()


def _echo(received) -> Reply:
    return Reply(body=received.body, headers=[("Content-Type", "application/json")])


def test_lines_the_sandbox_makes_are_the_lines_segtui_makes(loopback, tmp_path):
    loopback.routes["/echo"] = _echo
    passed, engine = _replayed(tmp_path, loopback.port, ShownResults())
    made, _ = _replayed(tmp_path, loopback.port, None)
    masker = engine.masker()
    assert all(invocation.shown is None for invocation in made)
    # Those written while the next event's fetch waited come made; the last of a chunk, and any results.js handed over
    # on its 10 ms timer, are made by segtui.
    assert any(invocation.shown is not None for invocation in passed), "no result was made in the sandbox"
    for by_sandbox, by_segtui in zip(passed, made, strict=True):
        assert _timeless(json.loads(json_line(by_sandbox, masker))) == _timeless(json.loads(json_line(by_segtui, masker)))
        assert (by_sandbox.outcome, by_sandbox.event_type, by_sandbox.handler_name) == (
            by_segtui.outcome, by_segtui.event_type, by_segtui.handler_name)
        assert (by_sandbox.error and by_sandbox.error.headline()) == (by_segtui.error and by_segtui.error.headline())
    lines = "\n".join(json_line(invocation, masker) for invocation in passed)
    assert SECRET not in lines and SECRET[3:] not in lines, "a secret reached a line the sandbox made"
    rejected = json.loads(json_line(passed[3], masker))
    assert rejected["outcome"] == "message_rejected" and rejected["error"]["line"] is not None, rejected["error"]
    assert [entry["message"] for entry in json.loads(json_line(passed[0], masker))["logs"]] == ["sending m0 with sk_l"]


def test_with_reveal_the_sandbox_leaves_the_secrets_in(loopback, tmp_path):
    loopback.routes["/echo"] = _echo
    passed, _ = _replayed(tmp_path, loopback.port, ShownResults(reveal=True), count=6)
    shown = [json.dumps(invocation.shown) for invocation in passed if invocation.shown is not None]
    assert shown, "no result was made in the sandbox"
    assert all(f"Bearer {SECRET}" in line for line in shown)
