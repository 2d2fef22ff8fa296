"""A boolean setting in the Settings Builder: a switch of its own size with its state in words beside it."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Label, Switch

from segtui.ui.screens.settings import SettingsScreen
from ui.helpers import wait_for_runs, wait_until

HANDLER = "async function onTrack(event, settings) { return settings.includeContext; }\n"


async def test_a_boolean_settings_switch_says_whether_it_is_on_and_saves_what_it_says(make_app, workdir: Path) -> None:
    # A new user's trial in tmux: an unset boolean showed as a 70-column dark bar, its knob navy on black, nothing
    # saying whether it was on or off.
    app = make_app(HANDLER, schema=[{"label": "Include Context", "type": "boolean"}], settings={})
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), what="the settings builder")
        await pilot.pause()
        switch = app.screen.field(0)
        state = app.screen.query_one("#state-0", Label)
        assert isinstance(switch, Switch) and app.focused is switch
        assert switch.size.width <= 12
        assert str(state.render()) == "off (false)"
        await pilot.press("space")
        await pilot.pause()
        assert str(state.render()) == "on (true)"
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.shown.invocation.return_value is True
    assert json.loads((workdir / "segtui.settings.json").read_text()) == {"includeContext": True}
