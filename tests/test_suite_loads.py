"""`segtui test` loads the handler once per event: each event sees its own load's top level, and no load runs for none."""

import json

from support.cli import segtui

TOP_LEVEL = """
console.log("top level");
const warm = fetch("{base}/warm").then((response) => response.text());
async function onTrack(event) {{ return {{ event: event.event, warm: await warm }}; }}
"""


def test_every_event_has_its_own_top_levels_request_and_no_other_load_sends_one(tmp_path, loopback):
    (tmp_path / "handler.js").write_text(TOP_LEVEL.format(base=loopback.base), encoding="utf-8")
    for name in ("first", "second"):
        (tmp_path / f"{name}.json").write_text(json.dumps({"type": "track", "event": name}), encoding="utf-8")
    done = segtui("test", "handler.js", "first.json", "second.json", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    results = [case["result"] for case in json.loads(done.stdout)["results"]]
    # Each event holds its own load's top-level request and no other load's.
    assert [[request["url"] for request in result["requests"]] for result in results] == [[f"{loopback.base}/warm"]] * 2
    assert [[entry["message"] for entry in result["logs"]] for result in results] == [["top level"]] * 2
    assert [received.path for received in loopback.take()] == ["/warm", "/warm"]


def test_a_handler_that_does_not_parse_is_refused_before_the_table_is_printed(tmp_path):
    (tmp_path / "handler.js").write_text("async function onTrack( {\n", encoding="utf-8")
    done = segtui("test", "handler.js", "track", "identify", cwd=tmp_path)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.startswith("segtui: error: handler.js:1:") and "SyntaxError" in done.stderr
