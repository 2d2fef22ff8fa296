"""`replay --json`'s lines as a whole `segtui replay` process prints them: the sandbox sends its results whole to segtui
(a pipe between segtui's own processes), which masks each line as `segtui run --json` does (segtui.shown_results)."""

from __future__ import annotations

import json
from pathlib import Path

from support.cli import segtui
from support.http_server import Reply

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
SCHEMA = {"settings": [{"name": "apiKey", "label": "API key", "type": "string", "sensitive": True},
                       {"name": "endpoint", "label": "Endpoint", "type": "string"}]}


def _echo(received) -> Reply:
    return Reply(body=received.body, headers=[("Content-Type", "application/json")])


def _replayed(folder: Path, port: int, *options: str, count: int = 24) -> tuple[list[str], str]:
    """The lines `segtui replay --json` prints for `count` events through HANDLER (each fetching the loopback), and
    its standard error."""
    (folder / "handler.js").write_text(HANDLER, encoding="utf-8")
    (folder / "segtui.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    (folder / "settings.json").write_text(json.dumps({"endpoint": f"http://127.0.0.1:{port}", "apiKey": SECRET}),
                                          encoding="utf-8")
    (folder / "events.ndjson").write_text("".join(
        json.dumps({"type": "track", "event": "E", "messageId": f"m{n}", "properties": {"n": n}}) + "\n"
        for n in range(count)), encoding="utf-8")
    done = segtui("replay", "handler.js", "events.ndjson", "--settings", "settings.json", "--json", *options, cwd=folder)
    assert done.returncode == 1, done.stdout + done.stderr  # the rejected events fail the replay
    return done.stdout.splitlines(), done.stderr


def test_replayed_lines_are_masked_in_segtui(loopback, tmp_path):
    loopback.routes["/echo"] = _echo
    lines, summary = _replayed(tmp_path, loopback.port)
    assert len(lines) == 24
    text = "\n".join([*lines, summary])
    assert SECRET not in text and SECRET[3:] not in text, "a secret reached a replayed line"
    results = [json.loads(line) for line in lines]
    assert [result["outcome"] for result in results[:4]] == ["success", "success", "success", "message_rejected"]
    assert results[3]["error"]["line"] is not None, results[3]["error"]
    assert [entry["message"] for entry in results[0]["logs"]] == ["sending m0 with sk_l"]
    assert all(len(result["requests"]) == 1 for result in results)


def test_with_reveal_the_replayed_lines_keep_the_secrets(loopback, tmp_path):
    loopback.routes["/echo"] = _echo
    lines, _ = _replayed(tmp_path, loopback.port, "--reveal-secrets", count=6)
    assert len(lines) == 6 and all(f"Bearer {SECRET}" in line for line in lines)


def test_a_line_is_what_json_dumps_writes_of_the_masked_result():
    # json_line writes with json's C encoder made once (a CPython internal, which this checks is still there, as
    # CPython's build has it): the same text as json.dumps, floats and all.
    import platform

    from segtui import shown_results
    from segtui.invocation import Invocation
    from segtui.masking import Masker
    from segtui.shown_results import json_line, masked_invocation

    assert shown_results._chunks is not None or platform.python_implementation() != "CPython"

    masker = Masker([SECRET])
    value = {"floats": [0.1, 1e16, 1e-7, -0.0, 123456789.123, float("inf"), float("nan")], "big": 2**70,
             "text": f"é\u2028\x00🙂 {SECRET}", "nested": [{"a": None, "b": True}], "empty": {}}
    invocation = Invocation("h.js", "track", "onTrack", "success", return_value=value, duration_ms=1.23456)
    assert json_line(invocation, masker) == json.dumps(masked_invocation(masker, invocation), ensure_ascii=False)
    assert SECRET not in json_line(invocation, masker)
