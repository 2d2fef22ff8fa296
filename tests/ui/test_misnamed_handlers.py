"""The TUI says when a handler is named in the wrong case (`ontrack`): Segment never calls it."""

from __future__ import annotations

from ui.helpers import screen_rows, wait_for_runs


async def test_the_tui_shows_the_note_under_the_callback_return(make_app) -> None:
    app = make_app("async function ontrack(event) { return 1; }\n")
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        shown = "\n".join(screen_rows(app))
        assert "Unsupported Event Type" in shown and "onTrack is not defined, but ontrack is" in shown
