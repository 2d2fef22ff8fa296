"""Removing, adding and typing in the Settings Builder as a new user did on the webhook example: a removal is asked
first, the focus and the Builder's own footer stay after a removal or an addition, and the focused value stands out."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Footer, Static

from segtui.ui.screens.dialogs import ConfirmDialog
from segtui.ui.screens.setting_editor import SettingEditor
from ui.helpers import open_builder, screen_rows, showing, wait_for_runs, wait_until

SIZE = (120, 40)
WEBHOOK = Path(__file__).parents[2] / "examples" / "webhook"
BUILDER_KEYS = "^s Save settings  ^n Add setting  esc Cancel"


def webhook_app(make_app):
    return make_app((WEBHOOK / "handler.js").read_text(encoding="utf-8"),
                    schema=json.loads((WEBHOOK / "segtui.json").read_text(encoding="utf-8"))["settings"],
                    settings=json.loads((WEBHOOK / "segtui.settings.json").read_text(encoding="utf-8")))


async def test_remove_asks_first_and_the_builder_keeps_the_focus_and_its_keys_after_a_removal_and_an_addition(
        make_app, workdir) -> None:
    # A new user's trial: tab, tab and enter removed the required, sensitive API Key at once; then the footer showed
    # the main screen's keys (or none) while the Builder was still open, as after adding a setting.
    app = webhook_app(make_app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        assert app.focused is builder.field(0)
        await pilot.press("tab", "tab", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirmation")
        asked = " ".join(str(text.render()) for text in app.screen.query(Static))
        assert "Remove API Key?" in asked and "declared in segtui.json as required and sensitive" in asked
        await pilot.press("enter")  # Keep has the focus: a second enter does not remove it
        await wait_until(pilot, lambda: app.screen is builder, what="the builder again")
        assert [row.spec.name for row in builder.rows] == ["apiKey", "includeContext"]
        assert app.focused is builder.query_one("#remove-0")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDialog), what="the confirmation")
        await pilot.press("y")
        await wait_until(pilot, lambda: app.screen is builder and len(builder.rows) == 1, what="the removal")
        await pilot.pause()
        assert app.focused is builder.field(0), "the setting in the removed one's place has the focus"
        assert builder.query(Footer) and screen_rows(app)[-1].strip() == BUILDER_KEYS
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: showing(app, SettingEditor, "#label"), what="the add form")
        await pilot.press(*"Region", "ctrl+s")
        await wait_until(pilot, lambda: app.screen is builder and len(builder.rows) == 2, what="the new setting")
        await pilot.pause()
        assert app.focused is builder.field(1)
        assert builder.query(Footer) and screen_rows(app)[-1].strip() == BUILDER_KEYS
        await pilot.press(*"eu", "ctrl+s")
        await wait_for_runs(pilot, 2)
    assert [item["label"] for item in json.loads((workdir / "segtui.json").read_text())["settings"]] == [
        "Include Context", "Region"]
    assert json.loads((workdir / "segtui.settings.json").read_text()) == {"includeContext": False, "region": "eu"}


async def test_the_focused_value_stands_out_from_the_others(make_app) -> None:
    # A new user's trial: ctrl+o focused the set API key, its compact input marked by a 5% tint that did not show, so
    # what they typed next replaced the key without their seeing where it went.
    app = make_app(schema=[{"label": "API Key", "sensitive": True}, {"label": "Region"}],
                   settings={"apiKey": "k-123456789abc", "region": "eu"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        focused, other = builder.field(0), builder.field(1)
        assert app.focused is focused
        apart = [abs(a - b) for a, b in zip(focused.background_colors[1].rgb, other.background_colors[1].rgb)]
        assert max(apart) >= 40, apart



async def test_a_dialog_recomposed_keeps_one_footer_and_mounts_none_while_not_shown(make_app) -> None:
    # A reviewer's find: Dialog.recompose mounted a footer even when Textual's recompose had returned early, as it
    # does for a screen not shown (yet, or any more): mounting onto one not yet shown raised MountError.
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        dialog = ConfirmDialog("Remove it?", "Nothing is written until you save.", "Remove")
        await dialog.recompose()
        assert not dialog.query_children(Footer)
        await app.push_screen(dialog)
        await dialog.recompose()
        assert len(dialog.query_children(Footer)) == 1
        await dialog.dismiss(False)
        await wait_until(pilot, lambda: not dialog.is_attached, what="the dialog to close")
        await dialog.recompose()
        assert not dialog.query_children(Footer)
