"""The footer's keys fit the terminal at every width: none cut at its edge or drawn under the palette's key."""

from __future__ import annotations

from itertools import pairwise

import pytest
from textual.command import CommandPalette
from textual.widgets import Footer, Markdown
from textual.widgets._footer import FooterKey

from segtui.ui.screens.help import HelpScreen
from ui.helpers import screen_rows, wait_for_runs, wait_until


@pytest.mark.parametrize("size", [(40, 12), (36, 12), (30, 12), (80, 24), (120, 40)])
async def test_the_footer_keys_are_whole_and_apart_at_every_width(make_app, size) -> None:
    # A user's probe at 40x12: the footer read " ^r Run  ^s Save  f1 Help  ^▏^p palette", its Quit key cut under the
    # palette's: the keys left once all that may be dropped were dropped still did not fit.
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_for_runs(pilot, 1)
        for focus in ("f2", "f3", "f6"):
            await pilot.press(focus)
            await pilot.pause()
            keys = sorted((key.region.x, key.region.right, key.key_display) for key in
                          app.main_screen.query_one(Footer).query(FooterKey) if key.display)
            assert keys and keys[-1][1] <= size[0], (focus, keys)
            assert all(left[1] <= right[0] for left, right in pairwise(keys)), (focus, keys)
            footer = screen_rows(app)[-1]
            assert all(f" {display} " in footer or f"▏{display} palette" in footer for _, _, display in keys), footer
        await pilot.press("ctrl+p")  # its key still works where the footer has no room for it
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), what="the command palette")


async def test_f1_lists_the_palette_key_where_the_footer_has_no_room_for_it(make_app) -> None:
    # A review: at 30 columns the palette's key was taken out of the screen's bindings, which F1 lists too: its help
    # no longer said how to open the command palette.
    app = make_app()
    async with app.run_test(size=(30, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        assert "palette" not in screen_rows(app)[-1]
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help screen")
        assert "| Open the command palette |" in app.screen.query_one(Markdown).source


async def test_the_footer_keeps_its_keys_while_they_are_the_same_and_draws_them_anew_when_they_change(make_app) -> None:
    # Textual's footer mounted and styled every key anew on each focus change and each refresh_bindings, the same keys
    # too: about a tenth of a flow test's time.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        footer = app.main_screen.query_one(Footer)
        keys, shown = list(footer.query(FooterKey)), screen_rows(app)[-1]
        assert keys and "f7 Maximize" in shown, shown
        app.main_screen.refresh_bindings()
        for _ in range(3):
            await pilot.pause()
        assert [id(key) for key in footer.query(FooterKey)] == [id(key) for key in keys]
        assert screen_rows(app)[-1] == shown
        await pilot.press("f7")
        await wait_until(pilot, lambda: "f7 Restore" in screen_rows(app)[-1], what="f7's key saying Restore")
        assert not {id(key) for key in footer.query(FooterKey)} & {id(key) for key in keys}
