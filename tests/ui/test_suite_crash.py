"""The Suite tab's row of an event under which segtui's sandbox crashed: its whole outcome, its columns aligned."""

from __future__ import annotations

import os

from support.http_server import Reply
from support.processes import crash_sandboxes

from ui.helpers import screen_rows, wait_for_runs, wait_until

CRASHER = """
async function onTrack(event, settings) {
  if (event.event === 'Crash') await fetch(settings.base + '/crash');
  return { event: event.event };
}
"""


def _crash_row(row: str) -> bool:
    """Whether a screen row is the crash's in the suite table (its name may be cut; the status line names it too)."""
    return "events/b-crash" in row and "run #" not in row


async def test_a_crashed_suite_row_shows_its_whole_outcome_under_its_heading(make_app, workdir, loopback) -> None:
    # A probe: the column was as wide as "Unsupported Event Type", and the row read "Sandbox Crashed (segtu".
    def crash(_received) -> Reply:
        assert crash_sandboxes(os.getpid()) == 1  # the sandbox running this event, as a fault in V8 would end it
        return Reply(body=b"too late")

    loopback.routes["/crash"] = crash
    (workdir / "events").mkdir()
    (workdir / "events" / "b-crash.json").write_text('{"type": "track", "event": "Crash"}')
    app = make_app(CRASHER, "--setting", f"base={loopback.base}")
    async with app.run_test(size=(140, 50)) as pilot:  # every row of the suite in view
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: "Sandbox Crashed (segtui bug)" in {run.outcome_word for run in app.main_screen.history}
                         and not app.main_screen.running, what="the suite to run the crashing event and end")
        await wait_until(pilot, lambda: any(_crash_row(row) for row in screen_rows(app)), what="the crash's row")
        rows = screen_rows(app)
        header = next(row for row in rows if "Outcome" in row and "Detail" in row)
        crashed = next(row for row in rows if _crash_row(row))
        outcome, kind = header.index("Outcome"), header.index("Type")
        assert crashed[outcome:].startswith("Sandbox Crashed (segtui bug)"), crashed
        assert crashed[kind:].startswith("track"), (header, crashed)
