"""The suite table on a narrow terminal: the outcome gives up cells first, then Type goes past the right edge, and
only then the detail."""

from __future__ import annotations

from ui.helpers import record_notifications, screen_rows, wait_for_runs, wait_until

MIXED = """\
async function onTrack(event) { return { ok: true }; }
async function onIdentify(event) { throw new ValidationError("userId is required"); }
"""


async def suite_rows(make_app, size: tuple[int, int], maximize: bool) -> list[str]:
    """The screen's rows once the suite has run on MIXED at `size`, its table maximized when asked."""
    app = make_app(MIXED)
    async with app.run_test(size=size) as pilot:
        seen = record_notifications(app)
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: any(options.get("title") == "Suite" for _, options in seen), timeout=60,
                         what="the suite's toast")
        if maximize:
            await pilot.press("f7")
        app.clear_notifications()
        await pilot.pause()
        return screen_rows(app)


def table_row(rows: list[str], index: str) -> list[str]:
    """The words of the suite's row `index` (or its header, `#`): its screen row's right of the picker's frame."""
    return next(words for row in rows if (words := row.split("│")[-1].split()) and words[0] == index)


async def test_the_suite_shows_its_detail_at_100x30(make_app) -> None:
    # A probe at 100x30: the table left the detail 23 cells where it wanted 24, so it went past the edge and the
    # event's column grew to 23 cells, mostly blank; now the outcome gives up what the event and detail lack.
    rows = await suite_rows(make_app, (100, 30), maximize=False)
    assert table_row(rows, "#") == ["#", "Event", "Outcome", "Type", "Duration", "Detail"], rows
    assert table_row(rows, "2") == ["2", "identify", "Message", "Rejected", "identify", "1.0ms", "ValidationE…"], rows


async def test_the_suite_shows_the_whole_outcome_at_80x24(make_app) -> None:
    # At 80x24 the outcome was cut to 11 cells, with no detail to show for it; the table on main showed it whole.
    rows = await suite_rows(make_app, (80, 24), maximize=False)
    assert table_row(rows, "#") == ["#", "Event", "Outcome", "Duration"], rows
    assert table_row(rows, "3") == ["3", "page", "Unsupported", "Event", "Type", "1.0ms"], rows


async def test_the_suite_shows_duration_and_detail_at_60x15_maximized(make_app) -> None:
    # A trial at 60x15: the suite table, maximized, showed `# Event Outcome` only: the outcome was given 22 cells for
    # "Unsupported Event Type", and Type and Duration were past the right edge. Type goes past it first now.
    rows = await suite_rows(make_app, (60, 15), maximize=True)
    assert table_row(rows, "#") == ["#", "Event", "Outcome", "Duration", "Detail"], rows
    assert table_row(rows, "3") == ["3", "page", "Unsupported…", "1.0ms", "EventNotSup…"], rows
