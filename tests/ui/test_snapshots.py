"""Screenshots of the main screen in its states; times are frozen, so they only change when the UI does.

Update them with `pytest tests/ui/test_snapshots.py --snapshot-update` and look at the report.
"""

from __future__ import annotations

from pathlib import Path

from segtui.invocation import Invocation, LogEntry
from segtui.masking import Masker
from segtui.records import RequestRecord
from segtui.ui.messages import RunFinished
from segtui.ui.screens.dialogs import ConflictDialog
from segtui.ui.session import RunRecord
from segtui.ui.views import build_run_view
from segtui.ui.widgets.request_inspector import RequestInspector
from ui.helpers import SIMPLE_HANDLER, screen_rows, wait_for_runs, wait_until

SIZE = (140, 40)

THROWS = """\
async function onTrack(event, settings) {
  const user = undefined;
  console.warn("about to read", event.userId);
  return user.name;
}
"""


async def _settled(pilot, runs: int) -> None:
    await wait_for_runs(pilot, runs, timeout=60)
    pilot.app.clear_notifications()
    await pilot.pause()


def test_success(snap_compare, make_app) -> None:
    async def run_before(pilot) -> None:
        await _settled(pilot, 1)

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_error(snap_compare, make_app) -> None:
    async def run_before(pilot) -> None:
        await _settled(pilot, 1)

    assert snap_compare(make_app(THROWS), terminal_size=SIZE, run_before=run_before)


def test_narrow(snap_compare, make_app) -> None:
    async def run_before(pilot) -> None:
        await _settled(pilot, 1)

    assert snap_compare(make_app(), terminal_size=(90, 40), run_before=run_before)


def _request(seq: int, method: str, url: str, status: int, body: str | None, answer: str) -> RequestRecord:
    return RequestRecord.from_json({
        "id": seq, "seq": seq, "method": method, "url": url,
        "headers": [["Content-Type", "application/json"], ["Authorization", "Basic c2VjcmV0Og=="],
                    ["Accept", "*/*"], ["User-Agent", "node-fetch/1.0 (+https://github.com/bitinn/node-fetch)"]],
        "body": body, "body_encoding": "utf-8" if body else None, "body_size": len(body or ""), "body_truncated": False,
        "response": {"status": status, "status_text": {200: "OK", 201: "Created", 429: "Too Many Requests"}[status],
                     "headers": [["Content-Type", "application/json"]], "body": answer, "body_encoding": "utf-8",
                     "body_size": len(answer), "body_truncated": False},
        "error": None, "duration_ms": 12.5, "source": "live",
    })


def test_requests(snap_compare, make_app) -> None:
    """A run with requests, shown through the same message a worker posts (URLs and bodies fixed)."""

    async def run_before(pilot) -> None:
        await _settled(pilot, 1)
        screen = pilot.app.main_screen
        invocation = Invocation(
            "handler.js", "track", "onTrack", "success", return_value={"id": "evt_1"},
            logs=[LogEntry("log", "posting Order Completed", "2026-01-01T12:00:00.000Z", 1),
                  LogEntry("warn", "rate limited, trying again", "2026-01-01T12:00:00.100Z", 3)],
            requests=[
                _request(2, "POST", "https://api.example.com/v1/events", 429, '{"name":"Order Completed"}',
                         '{"error":"slow down"}'),
                _request(4, "POST", "https://api.example.com/v1/events", 201, '{"name":"Order Completed"}',
                         '{"id":"evt_1","status":"stored"}'),
            ],
            duration_ms=30.0,
        )
        view = build_run_view(invocation, Masker(), "handler.js", SIMPLE_HANDLER)
        record = RunRecord(0, "track", "manual", invocation, pilot.app.clock.now(), event_payload={"type": "track"},
                           view=view, masker=Masker())
        screen.post_message(RunFinished(record))
        await pilot.pause()
        await pilot.press("f4", "l")
        pilot.app.clear_notifications()
        table = pilot.app.main_screen.query_one(RequestInspector).table
        await wait_until(pilot, lambda: table.row_count > 0 and 0 < table.virtual_size.width <= table.size.width,
                         what="the table filled for its width")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_suite(snap_compare, make_app) -> None:
    async def run_before(pilot) -> None:
        await _settled(pilot, 1)
        total = len([event for event in pilot.app.main_screen.picker.events if event.source.ok])
        await pilot.press("ctrl+t")
        await _settled(pilot, 1 + total)
        await wait_until(pilot, lambda: pilot.app.main_screen.status.running is None, what="the suite to end")
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_diff(snap_compare, make_app, workdir: Path) -> None:
    async def run_before(pilot) -> None:
        await _settled(pilot, 1)
        (workdir / "handler.js").write_text(
            SIMPLE_HANDLER.replace("ok: true", "ok: false").replace('"tracking"', '"tracked"'))
        await _settled(pilot, 2)
        await pilot.press("f8")
        await wait_until(pilot, lambda: "compared with" in str(pilot.app.main_screen.query_one("#diff-text").render()),
                         what="the diff")
        pilot.app.clear_notifications()
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SIZE, run_before=run_before)


def test_short_and_narrow(snap_compare, make_app) -> None:
    """80×24: the editor gets the larger share, the result panes sit side by side, the footer keeps the keys that fit."""

    async def run_before(pilot) -> None:
        await _settled(pilot, 1)

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


LONG_LOG = """\
async function onTrack(event, settings) {
  console.log("a long line: " + "word ".repeat(40) + "end of the long line");
  return fetch("https://api.example.com/v1/collections/orders/events?include=properties").then(() => 1);
}
"""


def test_wide_requests(snap_compare, make_app, workdir: Path) -> None:
    """150×42: every column of the requests table fits."""
    (workdir / "mock.json").write_text('[{"prefix": "https://api.example.com/v1/", "status": 200}]')

    async def run_before(pilot) -> None:
        await _settled(pilot, 1)
        await pilot.press("f4")
        # The tab's layout, then the table's resize, then its fill for that width: a few frames on a busy machine.
        url = "https://api.example.com/v1/collections/orders/events?include=properties"
        for _ in range(3):  # drawn, and still so a few frames later: the layout has settled
            # In the table's row, with its size: the detail pane below shows the whole URL from the start.
            await wait_until(pilot, lambda: any(url in row and "0 bytes" in row for row in screen_rows(pilot.app)),
                             what="the table's row drawn with its whole URL")
            await pilot.pause(0.05)

    app = make_app(LONG_LOG, "--mock", "mock.json")
    assert snap_compare(app, terminal_size=(150, 42), run_before=run_before)


def test_wrapped_logs(snap_compare, make_app, workdir: Path) -> None:
    """150×42: a long log line wraps under its text instead of being cut."""
    (workdir / "mock.json").write_text('[{"prefix": "https://api.example.com/v1/", "status": 200}]')

    async def run_before(pilot) -> None:
        await _settled(pilot, 1)

    assert snap_compare(make_app(LONG_LOG, "--mock", "mock.json"), terminal_size=(150, 42), run_before=run_before)


def test_conflict_dialog(snap_compare, make_app, workdir: Path) -> None:
    async def run_before(pilot) -> None:
        await _settled(pilot, 1)
        pilot.app.main_screen.code.editor.insert("// my unsaved edit\n", (0, 0))
        (workdir / "handler.js").write_text(SIMPLE_HANDLER + "// from another editor\n")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConflictDialog), what="the conflict dialog")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(150, 42), run_before=run_before)


def test_conflict_dialog_on_a_short_terminal(snap_compare, make_app, workdir: Path) -> None:
    """80×24: the diff scrolls so the dialog's buttons stay in view."""

    async def run_before(pilot) -> None:
        await _settled(pilot, 1)
        pilot.app.main_screen.code.editor.insert("// my unsaved edit\n", (0, 0))
        (workdir / "handler.js").write_text(SIMPLE_HANDLER.replace("tracking", "tracked") + "// from another editor\n")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConflictDialog), what="the conflict dialog")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=(80, 24), run_before=run_before)


def test_settings_on_a_short_terminal(snap_compare, make_app) -> None:
    """80×24: a set secret shows as a fixed-length mask, and the buttons stay in view."""
    schema = [{"label": "API Key", "required": True, "sensitive": True, "description": "Sent as Basic auth."},
              {"label": "Region", "description": "Where the data lives."},
              {"label": "Include Context", "type": "boolean"}]

    async def run_before(pilot) -> None:
        await _settled(pilot, 1)
        await pilot.press("ctrl+o")
        await pilot.pause()

    app = make_app(SIMPLE_HANDLER, schema=schema, settings={"apiKey": "a-secret-of-some-length", "region": "eu"})
    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
