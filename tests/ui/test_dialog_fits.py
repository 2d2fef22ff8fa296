"""Dialogs on a small terminal: every button is in view, whole, however many items the dialog lists."""

from __future__ import annotations

import pytest
from textual.widgets import Button, Markdown

from segtui.ui.screens.dialogs import ConflictDialog, QuitDialog
from segtui.ui.screens.help import HelpScreen
from ui.helpers import SIMPLE_HANDLER, open_builder, wait_for_runs, wait_until


def _buttons_whole(app) -> list[str]:
    """The labels of the dialog's buttons drawn whole inside its frame, on the screen."""
    inside = app.screen.query_one("#dialog").content_region.intersection(app.screen.region)
    return [str(button.label) for button in app.screen.query(".dialog-buttons Button")
            if inside.contains_region(button.region) and button.content_region.width >= len(str(button.label))]


@pytest.mark.parametrize("edits", [1, 2])
async def test_the_quit_dialogs_buttons_are_whole_at_60x15(make_app, edits: int) -> None:
    # A new user's trial at 60x15: ctrl+q with an edited handler showed "Save and quit (s)  Quit without saving (d)  Ca",
    # Cancel cut off at the right; with an event edited too, the buttons went below the dialog's bottom edge.
    app = make_app()
    async with app.run_test(size=(60, 15)) as pilot:
        await wait_for_runs(pilot, 1)
        app.main_screen.code.editor.insert("// edited\n")
        if edits == 2:
            await pilot.press("f3")
            app.main_screen.event_editor.text_area.load_text('{"type": "track",')
        await pilot.pause()
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog), what="the quit dialog")
        await pilot.pause()
        assert len(app.screen.unsaved) == edits
        assert _buttons_whole(app) == ["Save and quit (s)", "Quit without saving (d)", "Cancel (esc)"]
        # What is lost can be scrolled into view above the buttons, not drawn under them (its note was, at 60x15).
        items = app.screen.query_one("#quit-items")
        assert items.region.bottom <= app.screen.query_one(".dialog-buttons").region.y
        items.scroll_end(animate=False)
        await pilot.pause()
        assert items.region.contains_region(app.screen.query_one("#quit-items .dialog-note").region)
        assert app.focused is app.screen.query_one("#save")  # Enter on opening saves, as before the items scrolled


async def test_enter_on_the_quit_dialog_saves_and_quits(make_app, workdir) -> None:
    app = make_app()
    async with app.run_test(size=(200, 60)) as pilot:
        await wait_for_runs(pilot, 1)
        app.main_screen.code.editor.insert("// kept\n")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog), what="the quit dialog")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "// kept" in (workdir / "handler.js").read_text(), what="the handler saved")


@pytest.mark.parametrize("reads", ["settings.apiKey", "[settings.apiKey, settings.region]"])
async def test_the_settings_builders_buttons_and_a_setting_are_in_view_at_60x15(make_app, reads: str) -> None:
    # A new user's trial at 60x15 with no segtui.json: the Builder showed its note and one input ("not set: type a
    # value"), not whose it was, and none of Add setting, Save or Cancel: they were drawn under its bottom edge.
    app = make_app(f"async function onTrack(event, settings) {{ return {reads}; }}")
    async with app.run_test(size=(60, 15)) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        assert _buttons_whole(app) == ["Add setting (ctrl+n)", "Save (ctrl+s)", "Cancel (esc)"]
        form = builder.query_one("#settings-form").region
        assert form.contains_region(builder.query_one(".setting").children[0].region)  # its label, above its input


async def test_the_conflict_dialogs_buttons_are_whole_at_60x15(make_app, workdir) -> None:
    # A new user's trial at 60x15: a change on disk under unsaved edits asked "Which version do you want to keep?" with
    # neither button in view (the footer still listed m and d).
    app = make_app()
    async with app.run_test(size=(60, 15)) as pilot:
        await wait_for_runs(pilot, 1)
        app.main_screen.code.editor.insert("// my unsaved edit\n", (0, 0))
        (workdir / "handler.js").write_text(SIMPLE_HANDLER + "// from another editor\n")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), what="the conflict dialog")
        await pilot.pause()
        assert _buttons_whole(app) == ["Keep my edits (m)", "Use the disk version (d)"]


@pytest.mark.parametrize("size", [(60, 15), (80, 24)])
async def test_the_conflict_dialog_shows_lines_of_the_diff_above_its_buttons(make_app, workdir, size) -> None:
    # A trial at 60x15: the dialog showed its title, its note and its buttons, and not one line of the diff; it gives
    # them its frames there, and keeps them at 80x24, where they cost two lines of the diff (a probe: it dropped them).
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_for_runs(pilot, 1)
        app.main_screen.code.editor.insert("// my unsaved edit\n", (0, 0))
        (workdir / "handler.js").write_text(SIMPLE_HANDLER + "".join(f"// line {n} from another editor\n" for n in range(30)))
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), what="the conflict dialog")
        await pilot.pause()
        diff = app.screen.query_one("#conflict-diff")
        shown = diff.content_region.intersection(app.screen.query_one("#dialog").content_region)
        assert shown.bottom <= app.screen.query_one(".dialog-buttons").region.y
        assert shown.height >= 6
        assert diff.max_scroll_y > 0  # the rest of the diff scrolls into view
        assert _buttons_whole(app) == ["Keep my edits (m)", "Use the disk version (d)"]
        framed = [diff.styles.border_top[0] != "", *(button.region.height == 3 for button in app.screen.query(Button))]
        assert framed == [size == (80, 24)] * 3


@pytest.mark.parametrize(("size", "first_row"), [((60, 15), 1), ((80, 24), 4)])
async def test_the_help_gives_a_short_terminal_its_rows(make_app, size: tuple[int, int], first_row: int) -> None:
    # A new user's trial at 60x15: F1 showed three blank rows under the frame's top edge, and nine rows of text in all,
    # in a dialog of 90% of the height; under 20 rows it now fills the height, its text right under the top edge.
    app = make_app()
    async with app.run_test(size=size) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help")
        await pilot.pause()
        dialog, text = app.screen.query_one("#dialog"), app.screen.query_one(Markdown)
        assert text.children[0].region.y - dialog.region.y == first_row
        if size[1] < 20:
            assert dialog.region.height >= size[1] - 1  # all but the footer's row
