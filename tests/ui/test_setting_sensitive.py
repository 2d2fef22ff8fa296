"""The setting form's Sensitive box follows the name, as segtui.json judges a declaration silent on it, until the user
ticks or unticks it: only the user's own choice is written (segtui.ui.screens.setting_editor)."""

from __future__ import annotations

import json

from textual.widgets import Checkbox, Input, Label

from segtui.settings import load_schema
from ui.helpers import open_setting_form, screen_rows, wait_for_runs, wait_until
from ui.test_settings_builder import AIRTABLE, SIZE, open_builder


async def add_setting(pilot, label: str, untick: bool = False) -> None:
    """Add a setting through the form by typing its label, unticking Sensitive if asked."""
    app = pilot.app
    builder = app.screen
    await open_setting_form(pilot)
    await pilot.press(*label)
    sensitive = app.screen.query_one("#sensitive", Checkbox)
    await wait_until(pilot, lambda: sensitive.value, what="Sensitive ticked by the name")
    if untick:
        await pilot.click("#sensitive")
        await wait_until(pilot, lambda: not sensitive.value, what="Sensitive unticked")
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: app.screen is builder, what="the builder again")
    await pilot.pause()


async def test_a_new_setting_is_written_sensitive_as_its_box_showed_it_and_an_untick_is_written_too(make_app,
                                                                                                   workdir) -> None:
    # A review: the box started unticked whatever the name, so adding "API Key" wrote "sensitive": false, and its
    # value was shown from then on. A new user's trial: "Signing Secret" added with its box left ticked by the name
    # was listed as sensitive but written with no "sensitive", which Segment reads as not sensitive.
    app = make_app(AIRTABLE, schema=[{"label": "App ID"}, {"label": "Auth Token"}])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        await add_setting(pilot, "Signing Secret")
        listed = next(str(label.render()) for label in builder.query(Label) if "signingSecret" in str(label.render()))
        await add_setting(pilot, "Webhook Secret", untick=True)
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
    assert listed.endswith("signingSecret · string · sensitive")
    saved = json.loads((workdir / "segtui.json").read_text())["settings"]
    # A declaration the user wrote silent on it stays so: its name judges it.
    assert {item["label"]: item.get("sensitive") for item in saved} == {"App ID": None, "Auth Token": None,
                                                                         "Signing Secret": True,
                                                                         "Webhook Secret": False}
    specs = {spec.name: spec.sensitive for spec in load_schema(workdir / "handler.js").specs}
    assert specs == {"appId": False, "authToken": True, "signingSecret": True, "webhookSecret": False}


async def test_the_required_and_sensitive_boxes_read_ticked_or_not_without_colour(make_app) -> None:
    # A new user's trial: both boxes showed ▐X▌ whether ticked or not, told apart by a colour their terminal showed alike.
    app = make_app(AIRTABLE)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await open_builder(pilot)
        await open_setting_form(pilot)
        await pilot.press(*"Signing Secret")
        await wait_until(pilot, lambda: app.screen.query_one("#sensitive", Checkbox).value, what="Sensitive ticked")
        await pilot.pause()
        before = "\n".join(screen_rows(app))
        await pilot.click("#required")
        await wait_until(pilot, lambda: app.screen.query_one("#required", Checkbox).value, what="Required ticked")
        await pilot.pause()
        after = "\n".join(screen_rows(app))
    assert "▐ ▌ Required" in before and "▐✓▌ Sensitive" in before
    assert "▐✓▌ Required" in after


async def test_the_sensitive_box_follows_a_label_ending_with_a_credentials_noun_as_segtui_json_judges_it(make_app) -> None:
    # A review: segtui.json judges `Client Secret` over the name `cs` sensitive, by its label, while the form unticked it.
    app = make_app(AIRTABLE)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await open_builder(pilot)
        await open_setting_form(pilot)
        sensitive = app.screen.query_one("#sensitive", Checkbox)
        ticks = []
        for label, name in (("Client Secret", "cs"), ("Key Events", "conversions")):
            app.screen.query_one("#label", Input).value = label
            app.screen.query_one("#name", Input).value = name
            await pilot.pause()
            ticks.append(sensitive.value)
    assert ticks == [True, False]
