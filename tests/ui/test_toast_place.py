"""Toasts (notifications) sit above the status line and the footer: neither is hidden while a toast is up."""

from __future__ import annotations

import pytest
from textual.widgets import Footer
from textual.widgets._toast import Toast

from segtui.ui.widgets.status_line import StatusLine
from ui.helpers import screen_rows, wait_for_runs, wait_until


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_a_toast_leaves_the_status_line_and_the_footer_readable(make_app, size) -> None:
    # A new user's trial: the run's status was under the toast that came with it, unreadable until the toast went.
    app = make_app()
    async with app.run_test(size=size, notifications=True) as pilot:
        await wait_for_runs(pilot, 1)
        status = app.main_screen.query_one(StatusLine)
        before = screen_rows(app)[status.region.y]
        app.notify("Saved events/order.json", title="Do you want to quit?")
        await wait_until(pilot, lambda: bool(app.screen.query(Toast)), what="the toast", timeout=10)
        await pilot.pause()
        toasts = [toast.region for toast in app.screen.query(Toast)]
        footer = app.main_screen.query_one(Footer).region
        assert all(toast.bottom <= status.region.y for toast in toasts), (toasts, status.region, footer)
        assert screen_rows(app)[status.region.y] == before, "the status line reads as it did"
        assert "Do you want to quit?" in "\n".join(screen_rows(app)[:status.region.y])
