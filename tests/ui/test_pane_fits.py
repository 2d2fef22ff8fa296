"""What the panes show where: the editor's share of a small terminal, the requests table's URL column, `(no logs)`."""

from __future__ import annotations

from pathlib import Path

import pytest

from segtui.ui.widgets.code_pane import CodePane
from segtui.ui.widgets.result_panes import RawLogOutput
from ui.helpers import wait_for_runs


def screen_rows(app) -> list[str]:
    """The text of each row of the screen, as drawn."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


SILENT = """\
async function onTrack(event, settings) {
  return 1;
}
"""


async def test_no_logs_is_said_at_the_top_of_the_raw_log_output_where_logs_start(make_app) -> None:
    app = make_app(SILENT)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        pane = app.main_screen.query_one(RawLogOutput)
        top = pane.content_region
        rows = screen_rows(app)
        assert "(no logs)" in rows[top.y][top.x:top.right]
