"""The requests of a run against a real loopback server: table, detail, logs between, curl, HAR, bounds."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.http_server import Reply
from textual.widgets import DataTable, Static, TextArea

from segtui.ui.screens.dialogs import CopyDialog, PathDialog
from ui.helpers import record_notifications, screen_rows, wait_for_runs, wait_until

SIZE = (150, 40)

POSTS = """\
async function onTrack(event, settings) {
  console.log("sending", event.event);
  const response = await fetch(settings.endpoint + "/events", {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: "Bearer " + settings.apiKey },
    body: JSON.stringify({ name: event.event }),
  });
  console.log("got", response.status);
  const again = await fetch(settings.endpoint + "/status");
  return { first: await response.json(), second: again.status };
}
"""

BIG = """\
async function onTrack(event, settings) {
  const response = await fetch(settings.endpoint + "/big?bytes=10485760");
  const text = await response.text();
  return text.length;
}
"""


SCHEMA = [{"label": "API Key", "sensitive": True}, {"label": "Endpoint"}]


@pytest.fixture
def server(loopback):
    """The loopback server, answering POST /events with 201 and JSON."""
    loopback.routes["/events"] = lambda received: Reply(
        201, b'{"received": true, "items": [1, 2, 3]}', [("Content-Type", "application/json")])
    loopback.url = loopback.base
    return loopback


async def test_requests_are_listed_in_order_with_a_detail_view(make_app, server, workdir: Path) -> None:
    app = make_app(POSTS, "--setting", f"endpoint={server.url}", "--setting", "apiKey=topsecret", schema=SCHEMA)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert [(received.method, received.path) for received in server.take()] == [("POST", "/events"), ("GET", "/status")]
        await pilot.press("f4")
        await pilot.pause()
        table = app.main_screen.query_one("#request-table", DataTable)
        assert table.row_count == 2
        first = [str(cell) for cell in table.get_row_at(0)]
        assert first[1:3] == ["POST", "201 Created"]
        assert first[5].endswith("/events")
        detail = app.main_screen.query_one("RequestInspector").detail_plain
        assert f"POST {server.url}/events" in detail
        assert "Request headers" in detail and "Response body" in detail
        assert "topsecret" not in detail
        assert '"received": true' in detail
        await pilot.press("l")
        assert table.row_count == 4
        assert [str(table.get_row_at(row)[1]) for row in range(4)] == ["log", "POST", "log", "GET"]
        assert table.cursor_row == 1
        await pilot.press("down", "down")
        detail = app.main_screen.query_one("RequestInspector").detail_plain
        assert f"GET {server.url}/status" in detail


async def test_copy_as_curl_and_export_har(make_app, server, workdir: Path) -> None:
    app = make_app(POSTS, "--setting", f"endpoint={server.url}", "--setting", "apiKey=topsecret", schema=SCHEMA)
    copied = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f4", "c")
        assert copied and copied[0].startswith("curl -X POST")
        assert "topsecret" not in copied[0]
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, PathDialog), what="the export dialog")
        await pilot.press("enter")
        await pilot.pause()
        har = json.loads(next(workdir.glob("*.har")).read_text())
        assert har["log"]["version"] == "1.2"
        assert [entry["request"]["method"] for entry in har["log"]["entries"]] == ["POST", "GET"]


async def test_a_10_mb_response_keeps_the_ui_bounded(make_app, server) -> None:
    app = make_app(BIG, "--setting", f"endpoint={server.url}", timeout=30, schema=SCHEMA)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1, timeout=60)
        assert "Success" in str(app.main_screen.query_one("#outcome", Static).render())
        await pilot.press("f4")
        detail = app.main_screen.query_one("RequestInspector").detail_plain
        assert len(detail) < 300_000
        assert "only the first part is kept" in detail or "the rest is not shown" in detail


@pytest.mark.parametrize("size", [(80, 24), (150, 42)])
async def test_the_requests_table_fits_its_width(make_app, server, size) -> None:
    app = make_app(POSTS, "--setting", f"endpoint={server.url}", "--setting", "apiKey=topsecret", schema=SCHEMA)
    async with app.run_test(size=size) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f4")
        await pilot.pause()
        table = app.main_screen.query_one("#request-table", DataTable)
        assert table.size.width <= app.main_screen.query_one("RequestInspector").size.width
        assert table.virtual_size.width <= table.scrollable_content_region.width
        assert [str(cell) for cell in table.get_row_at(0)][1:3] == ["POST", "201 Created"]


async def test_the_curl_to_copy_by_hand_shows_from_its_start_all_of_it_selected(make_app, workdir, monkeypatch) -> None:
    # A new user's trial in tmux at 100x30: the curl dialog opened scrolled to the end of a long body
    # (`…"occurred_at":"2024-05-14T16:41:55.052Z"}'`), the `curl -X POST https://…` it starts with out of sight.
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    (workdir / "mock.yaml").write_text("- url: https://api.example.com/v1/events\n  status: 202\n")
    app = make_app('async function onTrack(event) { await fetch("https://api.example.com/v1/events", '
                   '{method: "POST", body: JSON.stringify({rows: Array.from({length: 60}, (_, i) => ({id: i}))})}); }',
                   "--mock", "mock.yaml", "--offline")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f4", "c")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyDialog), what="the copy dialog")
        await pilot.pause()
        area = app.screen.query_one("#copy-text", TextArea)
        assert area.virtual_size.height > area.size.height  # it scrolls
        assert area.scroll_offset.y == 0 and area.selected_text == area.text
        assert any("curl -X POST" in row for row in screen_rows(app))


SECRET_IN_HEAD = """\
async function onTrack(event, settings) {
  await fetch(settings.endpoint + "/reason", { headers: { "X-Reason": "Denied " + settings.apiKey } });
  await fetch(settings.endpoint + "/method", { method: settings.apiKey.toUpperCase() });
  return "sent";
}
"""


@pytest.mark.parametrize("width", [150, 60, 200])
async def test_the_requests_table_masks_a_secret_in_a_method_or_a_reason_phrase(make_app, loopback, width) -> None:
    # A probe: the table showed a method the handler made of a key, and a reason phrase a server echoed it in, as they
    # were (the detail beside them masked both), at every width.
    key = "Zq8vK2mP9xL4wR7t"
    loopback.routes["/reason"] = lambda received: Reply(status=403, reason=dict(received.headers)["X-Reason"])
    app = make_app(SECRET_IN_HEAD, "--setting", f"endpoint={loopback.base}", "--setting", f"apiKey={key}", schema=SCHEMA)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert [received.method for received in loopback.take()] == ["GET", key.upper()], "what the handler sent"
        await pilot.press("f4")
        await pilot.resize_terminal(width, 40)
        await pilot.pause()
        table = app.main_screen.query_one("#request-table", DataTable)
        rows = [[str(cell) for cell in table.get_row_at(row)] for row in range(table.row_count)]
        assert [row[1:3] for row in rows] == [["GET", "403 Denied ••••••"], ["••••••", "200 OK"]]
        drawn = "\n".join(screen_rows(app)).lower()
        assert key.lower()[:6] not in drawn, drawn


async def test_copying_or_mocking_a_request_of_a_run_that_sent_none_says_it_sent_none(make_app) -> None:
    # A new user's trial: c and m on the requests tab of a run that sent none said "Select a request first", with no
    # request there to select (h said "This run sent no requests to export").
    app = make_app("async function onTrack(event) {\n  return 1;\n}\n")
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f4")
        await pilot.pause()
        await pilot.press("c", "m")
        await wait_until(pilot, lambda: len(notes) >= 2, what="two notes")
        assert [message for message, _ in notes] == ["This run sent no requests to copy", "This run sent no requests to mock"]
