"""Filling in the Settings Builder: a boolean's switch says its state in words; enter goes on to the next value."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, Label, Switch

from segtui.ui.screens.setting_editor import SettingEditor
from ui.helpers import open_builder, showing, wait_for_runs, wait_until

HANDLER = "async function onTrack(event, settings) { return settings.includeContext; }\n"


async def test_a_boolean_settings_switch_says_whether_it_is_on_and_saves_what_it_says(make_app, workdir: Path) -> None:
    # A new user's trial in tmux: an unset boolean showed as a 70-column dark bar, its knob navy on black, nothing
    # saying whether it was on or off.
    app = make_app(HANDLER, schema=[{"label": "Include Context", "type": "boolean"}], settings={})
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        await open_builder(pilot)
        switch = app.screen.field(0)
        state = app.screen.query_one("#state-0", Label)
        assert isinstance(switch, Switch) and app.focused is switch
        assert switch.size.width <= 12
        assert str(state.render()) == "off (not set)"
        await pilot.press("space")
        await pilot.pause()
        assert str(state.render()) == "on (true)"
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.shown.invocation.return_value is True
    assert json.loads((workdir / "segtui.settings.json").read_text()) == {"includeContext": True}


async def test_enter_in_a_value_goes_on_to_the_next_settings_value_then_to_save(make_app, workdir: Path) -> None:
    # A new user's trial in tmux: a value typed, then enter, did nothing at all; tab took three presses (past Edit…
    # and Remove) to reach the next value.
    app = make_app(HANDLER, schema=[{"label": "API Key", "sensitive": True}, {"label": "Include Context",
                                    "type": "boolean"}, {"label": "Region"}], settings={})
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        await open_builder(pilot)
        builder = app.screen
        await pilot.press("k", "1", "enter")
        await pilot.pause()
        assert builder.field(0).value == "k1" and app.focused is builder.field(1)
        builder.field(2).focus()
        await pilot.pause()
        await pilot.press("e", "u", "enter")
        await pilot.pause()
        assert builder.field(2).value == "eu" and app.focused is builder.query_one("#save")
        await pilot.press("enter")
        await wait_for_runs(pilot, 2)
    # the boolean left off was never set: it stays out of the file (it was written as false)
    assert json.loads((workdir / "segtui.settings.json").read_text()) == {"apiKey": "k1", "region": "eu"}


async def test_a_hidden_secret_is_neither_copied_nor_cut_while_a_shown_value_is(make_app, workdir: Path) -> None:
    # A probe in tmux: a key typed into its hidden field, selected and copied (ctrl+c), reached the terminal as OSC 52's
    # base64 (Textual's copy_to_clipboard keeps what it writes there as app.clipboard).
    secret = "Nw5Sx7Qa3Lp9Vb2Kd4Ty"
    app = make_app(HANDLER, schema=[{"label": "API Key", "sensitive": True}, {"label": "Region"}], settings={})
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        await pilot.press(*secret, "shift+home", "ctrl+c")
        await pilot.pause()
        await pilot.press("ctrl+x")
        await pilot.pause()
        assert builder.field(0).password and builder.field(0).value == secret
        assert secret not in app.clipboard
        builder.field(1).focus()
        await pilot.press("e", "u", "shift+home", "ctrl+c")
        await pilot.pause()
        assert app.clipboard == "eu"


async def test_the_form_of_a_setting_named_by_a_credential_hides_its_label_and_name(make_app, workdir: Path) -> None:
    # A probe in tmux: Edit… on a setting whose name and label are a pasted key showed both as text in the form (the
    # Builder's row and the form's title hid them).
    key = "sk_live_51HxYzAbCdEfGh12"
    app = make_app(HANDLER, schema=[{"label": key, "name": key}, {"label": "Region"}], settings={})
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        await open_builder(pilot)
        await pilot.click("#edit-0")
        await wait_until(pilot, lambda: showing(app, SettingEditor, "#name"), what="the setting editor")
        label, name = app.screen.query_one("#label", Input), app.screen.query_one("#name", Input)
        assert label.password and name.password and label.value == name.value == key
        name.value = ""
        await pilot.pause()
        drawn = app.export_screenshot()
        assert key not in drawn and "skLive" not in drawn and name.placeholder == "apiKey"
        await pilot.press("escape")
        await pilot.click("#edit-1")
        await wait_until(pilot, lambda: showing(app, SettingEditor, "#name"), what="the setting editor")
        assert not app.screen.query_one("#label", Input).password


async def test_saving_another_setting_leaves_an_unset_boolean_unset_and_a_set_one_as_it_was(make_app, workdir: Path) -> None:
    # A new user's trial: an unset boolean showed "off", so saving a region wrote "includeContext": false as well.
    schema = [{"label": "Include Context", "type": "boolean"}, {"label": "Dry Run", "type": "boolean"},
              {"label": "Debug", "type": "boolean"}, {"label": "Region"}]
    app = make_app(HANDLER, schema=schema, settings={"dryRun": False, "debug": True})
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        states = [str(builder.query_one(f"#state-{index}", Label).render()) for index in range(3)]
        assert states == ["off (not set)", "off (false)", "on (true)"]
        builder.field(3).focus()
        await pilot.press(*"eu", "ctrl+s")
        await wait_for_runs(pilot, 2)
        assert json.loads((workdir / "segtui.settings.json").read_text()) == {"dryRun": False, "debug": True, "region": "eu"}
        builder = await open_builder(pilot)
        builder.field(2).focus()
        await pilot.press("space", "ctrl+s")  # a set boolean switched off is saved as false
        await wait_for_runs(pilot, 3)
    assert json.loads((workdir / "segtui.settings.json").read_text()) == {"dryRun": False, "debug": False, "region": "eu"}


async def test_after_a_refused_save_an_unset_boolean_switched_on_and_off_is_saved_as_its_switch_says(make_app,
                                                                                                      workdir: Path) -> None:
    # A reviewer's trial: the refused save took the switch's "on" as the setting's value, so switched off again it
    # said "off (not set)" and the next save wrote false.
    app = make_app(HANDLER, schema=[{"label": "Include Context", "type": "boolean"}, {"label": "Tags", "type": "array"}],
                   settings={})
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        builder.field(0).focus()
        await pilot.press("space")
        builder.field(1).focus()
        await pilot.press(*'["a"', "ctrl+s")  # refused: not valid JSON
        await pilot.pause()
        assert app.screen is builder
        builder.field(0).focus()
        await pilot.press("space")
        await pilot.pause()
        assert str(builder.query_one("#state-0", Label).render()) == "off (not set)"
        builder.field(1).focus()
        await pilot.press("end", "]", "ctrl+s")
        await wait_for_runs(pilot, 2)
    assert json.loads((workdir / "segtui.settings.json").read_text()) == {"tags": ["a"]}
