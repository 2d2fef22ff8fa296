"""The suite table on a narrow terminal: its columns shrink, cut with an ellipsis, so every one but the detail fits."""

from __future__ import annotations

from ui.helpers import record_notifications, screen_rows, wait_for_runs, wait_until

MIXED = """\
async function onTrack(event) { return { ok: true }; }
async function onIdentify(event) { throw new ValidationError("userId is required"); }
"""


async def test_the_suite_shows_type_and_duration_at_60x15(make_app) -> None:
    # A trial at 60x15: the suite table, maximized, showed `# Event Outcome` only: the outcome was given 22 cells for
    # "Unsupported Event Type", and Type and Duration were past the right edge.
    app = make_app(MIXED)
    async with app.run_test(size=(60, 15)) as pilot:
        seen = record_notifications(app)
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: any(options.get("title") == "Suite" for _, options in seen), timeout=60,
                         what="the suite's toast")
        await pilot.press("f7")
        app.clear_notifications()
        await pilot.pause()
        rows = screen_rows(app)
        assert any(row.split() == ["#", "Event", "Outcome", "Type", "Duration"] for row in rows), rows
        page = next(row for row in rows if row.split()[:2] == ["3", "page"])
        assert page.split()[2:] == ["Unsupported", "E…", "page", "1.0ms"], page
