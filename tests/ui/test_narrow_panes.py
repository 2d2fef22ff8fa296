"""The result panes on small terminals: each pane keeps a readable width (one at a time, under a strip of tabs, where
side by side they would be a few cells wide), and resizing brings the usual layout back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Tabs

from segtui.ui.widgets.log_view import LogView
from ui.helpers import SIMPLE_HANDLER, screen_rows, wait_for_runs, wait_until, write

INSERT = """\
async function onTrack(event, settings) {
  console.log("tracking", event.event);
  event.properties = { tier: "gold" };
  return event;
}
"""

SOURCE = """\
async function onRequest(request, settings) {
  console.log("tracking", request.json().id);
  Segment.track({ event: "Order Completed", userId: "u1" });
}
"""

KINDS = {
    # kind: (handler, what each pane shows when in view: Callback Return, Raw Log Output, Emitted messages)
    "destination": (SIMPLE_HANDLER, ("✔ Success", "tracking", None)),
    "insert": (INSERT, ("✔ Success", "tracking", None)),
    "source": (SOURCE, ("✔ Success", "tracking evt_1", "Segment.track(")),
}
PANES = ("#callback-return", "#raw-log-output", "#emitted-messages")


def _app(make_app, workdir: Path, kind: str):
    if kind == "insert":
        write(workdir / "segtui.json", json.dumps({"kind": "insert"}))
    if kind == "source":
        write(workdir / "requests" / "order.json", json.dumps({
            "method": "POST", "url": "https://hooks.example/", "headers": {"Content-Type": "application/json"},
            "body": {"id": "evt_1"}}))
    write(workdir / "events" / "track.json", json.dumps({"type": "track", "event": "Order Completed", "userId": "u1"}))
    return make_app(KINDS[kind][0], "--offline")


def _shown(app) -> list[str]:
    """The result panes in view (selector), left to right, top to bottom."""
    panes = [app.main_screen.query_one(selector) for selector in PANES]
    return [f"#{pane.id}" for pane in sorted((pane for pane in panes if pane.display and pane.region.area),
                                             key=lambda pane: (pane.region.y, pane.region.x))]


def _pane_text(app, selector: str) -> str:
    """What the pane shows inside its border, a line a row."""
    region = app.main_screen.query_one(selector).content_region
    rows = screen_rows(app)[region.y:region.bottom]
    return "\n".join(row[region.x:region.right] for row in rows)


@pytest.mark.parametrize("kind", sorted(KINDS))
@pytest.mark.parametrize("size", [(50, 16), (60, 20), (80, 24), (100, 30)])
async def test_every_result_pane_can_be_read_on_a_small_terminal(make_app, workdir: Path, kind: str, size) -> None:
    # A probe: at 60x20 a source function's three panes were 6 cells wide each, its outcome "✔ Succes" above "s".
    app = _app(make_app, workdir, kind)
    async with app.run_test(size=size) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f6")
        expected = [(selector, text) for selector, text in zip(PANES, KINDS[kind][1], strict=True) if text]
        seen: set[str] = set()
        for _ in range(len(expected)):
            await pilot.pause()
            for selector, text in expected:
                if selector in _shown(app):
                    pane = app.main_screen.query_one(selector)
                    assert pane.region.width >= 24, (selector, pane.region)
                    await wait_until(pilot, lambda s=selector, t=text: t in _pane_text(app, s), what=f"{text} in {selector}")
                    seen.add(selector)
            await pilot.press("right")  # the next pane, where they are shown one at a time
        assert seen == {selector for selector, _ in expected}


async def test_resizing_moves_between_side_by_side_stacked_and_one_at_a_time(make_app, workdir: Path) -> None:
    app = _app(make_app, workdir, "destination")
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        both = ["#callback-return", "#raw-log-output"]
        assert _shown(app) == both
        panes = [app.main_screen.query_one(selector).region for selector in both]
        assert panes[0].y == panes[1].y and panes[0].right <= panes[1].x  # side by side
        await pilot.resize_terminal(60, 20)
        await wait_until(pilot, lambda: _shown(app) == ["#callback-return"], what="one pane at a time")
        results = app.main_screen.query_one("#results").region
        assert app.main_screen.query_one("#callback-return").region.width == results.width
        await pilot.resize_terminal(90, 40)  # narrow and tall: stacked, each as wide as the tab
        await wait_until(pilot, lambda: _shown(app) == both, what="both panes again")
        panes = [app.main_screen.query_one(selector).region for selector in both]
        assert panes[0].x == panes[1].x and panes[0].bottom <= panes[1].y and panes[0].height >= 6
        await pilot.resize_terminal(140, 40)
        await wait_until(pilot, lambda: _shown(app) == both and app.main_screen.query_one("#callback-return").region.y
                         == app.main_screen.query_one("#raw-log-output").region.y, what="side by side again")
        assert "✔ Success" in _pane_text(app, "#callback-return") and "tracking" in _pane_text(app, "#raw-log-output")


async def test_a_source_functions_emitted_messages_come_back_beside_the_others_on_a_wide_terminal(make_app,
                                                                                              workdir: Path) -> None:
    app = _app(make_app, workdir, "source")
    async with app.run_test(size=(60, 20)) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f6", "right", "right")
        await wait_until(pilot, lambda: _shown(app) == ["#emitted-messages"], what="the emitted messages alone")
        await pilot.resize_terminal(140, 40)
        await wait_until(pilot, lambda: _shown(app) == list(PANES), what="the three panes side by side")
        assert len({app.main_screen.query_one(selector).region.y for selector in PANES}) == 1
        assert 'Segment.track("Order Completed")' in _pane_text(app, "#emitted-messages")


async def test_the_focus_stays_in_view_when_the_terminal_narrows_and_widens(make_app, workdir: Path) -> None:
    app = _app(make_app, workdir, "destination")
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f6")  # the log
        assert isinstance(app.focused, LogView)
        await pilot.resize_terminal(60, 20)
        await wait_until(pilot, lambda: _shown(app) == ["#raw-log-output"], what="the log alone")
        assert isinstance(app.focused, LogView)
        assert "tracking" in _pane_text(app, "#raw-log-output")
        await pilot.press("f6")  # the strip of tabs, which a wide terminal hides: the focus goes back to the log
        assert isinstance(app.focused, Tabs)
        await pilot.resize_terminal(140, 40)
        await wait_until(pilot, lambda: len(_shown(app)) == 2, what="both panes again")
        assert isinstance(app.focused, LogView)


@pytest.mark.parametrize("size", [(60, 15), (60, 24)])
async def test_every_result_tab_is_in_view_at_60_columns(make_app, size: tuple[int, int]) -> None:
    # A new user's trial: at 60 columns the strip read "Output  Requests  Suite  History  D", Diff cut off with no sign.
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_for_runs(pilot, 1)
        strip = app.main_screen.query_one("#bottom-tabs").query_one(Tabs)
        tabs = list(strip.query("Tab"))
        assert [str(tab.label) for tab in tabs] == ["Output", "Requests", "Suite", "History", "Diff"]
        assert all(strip.content_region.contains_region(tab.region) for tab in tabs)
        row = screen_rows(app)[tabs[0].region.y]
        assert all(str(tab.label) in row for tab in tabs), row
