"""F8's diff of runs whose error or return value is huge shows each line cut, so the UI lays out little."""

from __future__ import annotations

import pytest
from textual.widgets import Static

from ui.helpers import wait_for_runs, wait_until

HUGE = """\
async function onTrack(event) {
  throw new Error("run " + Math.random() + " " + "x".repeat(1024 * 1024));
}
async function onIdentify(event) {
  return { run: Math.random(), big: "y".repeat(1024 * 1024) };
}
"""


@pytest.mark.parametrize(("event", "section"), [("track", "Outcome"), ("identify", "Callback Return")])
async def test_a_diff_of_megabyte_lines_shows_them_cut(make_app, event, section) -> None:
    # A probe: a 1 MB error message in both runs made the diff 2 MB of text, which Textual wrapped on the UI's loop
    # (held for seconds when F8 opened it, and again at each resize).
    app = make_app(HUGE, "--event", event)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        app.main_screen.request_run("again")
        await wait_for_runs(pilot, 2)
        await pilot.press("f8")
        diff = app.main_screen.query_one("#diff-text", Static)
        await wait_until(pilot, lambda: "compared with run #1" in str(diff.render())[:100], what="the diff")
        await pilot.pause()
        text = str(diff.render())
        assert f"\n{section}\n" in text and "more characters not shown" in text, text[:2000]
        assert len(text) < 10_000 and diff.size.height < 100
