"""The setting form's Sensitive box follows the name, as segtui.json judges a declaration silent on it, until the user
ticks or unticks it: only the user's own choice is written (segtui.ui.screens.setting_editor)."""

from __future__ import annotations

import json

from textual.widgets import Checkbox

from segtui.settings import load_schema
from segtui.ui.screens.setting_editor import SettingEditor
from ui.helpers import showing, wait_for_runs, wait_until
from ui.test_settings_builder import AIRTABLE, SIZE, open_builder


async def add_setting(pilot, label: str, untick: bool = False) -> None:
    """Add a setting through the form by typing its label, unticking Sensitive if asked."""
    app = pilot.app
    builder = app.screen
    await pilot.press("ctrl+n")
    await wait_until(pilot, lambda: showing(app, SettingEditor, "#sensitive"), what="the setting editor")
    await pilot.press(*label)
    sensitive = app.screen.query_one("#sensitive", Checkbox)
    await wait_until(pilot, lambda: sensitive.value, what="Sensitive ticked by the name")
    if untick:
        await pilot.click("#sensitive")
        await wait_until(pilot, lambda: not sensitive.value, what="Sensitive unticked")
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: app.screen is builder, what="the builder again")
    await pilot.pause()


async def test_a_new_setting_named_like_a_secret_is_ticked_and_only_an_untick_is_written(make_app, workdir) -> None:
    # A review: the box started unticked whatever the name, so adding "API Key" wrote "sensitive": false, and its
    # value was shown from then on.
    app = make_app(AIRTABLE, schema=[{"label": "App ID"}])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await open_builder(pilot)
        await add_setting(pilot, "API Key")
        await add_setting(pilot, "Webhook Secret", untick=True)
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
    saved = json.loads((workdir / "segtui.json").read_text())["settings"]
    assert {item["label"]: item.get("sensitive") for item in saved} == {"App ID": None, "API Key": None,
                                                                         "Webhook Secret": False}
    specs = {spec.name: spec.sensitive for spec in load_schema(workdir / "handler.js").specs}
    assert specs == {"appId": False, "apiKey": True, "webhookSecret": False}
