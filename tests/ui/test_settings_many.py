"""The Settings Builder with many settings: it mounts a page of them at a time (a search or "Show more" brings the
others), and saving keeps what was typed into settings no longer shown and every value never shown."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Button, Input

from segtui.ui.screens.settings import PAGE, SettingsScreen
from ui.helpers import open_builder, wait_for_runs, wait_until

SIZE = (120, 40)
COUNT = 3 * PAGE + 5
HANDLER = "async function onTrack(event, settings) { return [settings.setting7, settings.setting77, settings.list130]; }"


def schema() -> list[dict]:
    return [{"label": f"Setting {index}", "type": "string"} for index in range(COUNT)] + [
        {"label": "List 130", "type": "array"}, {"label": "Flag", "type": "boolean"}]



async def find(pilot, builder: SettingsScreen, text: str, shown: int) -> None:
    builder.query_one("#settings-find", Input).value = text
    await wait_until(pilot, lambda: len(builder.query(".setting")) == shown and builder.find == text,
                     what=f"{shown} settings found by {text!r}")
    await pilot.pause()


def index_of(builder: SettingsScreen, name: str) -> int:
    return next(index for index, row in enumerate(builder.rows) if row.spec.name == name)


async def test_many_settings_mount_a_page_and_a_search_or_show_more_brings_the_others(make_app, workdir: Path) -> None:
    app = make_app(HANDLER, schema=schema(), settings={"setting7": "seven", f"setting{COUNT - 1}": "last"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        assert len(builder.query(".setting")) == PAGE
        assert builder.field(7).value == "seven"
        assert not builder.query(f"#setting-{PAGE}")
        builder.field(7).value = "SEVEN"
        await find(pilot, builder, "setting 77", 1)
        builder.field(index_of(builder, "setting77")).value = "seventy-seven"
        await find(pilot, builder, "", PAGE)
        assert builder.field(7).value == "SEVEN"
        builder.query_one("#more", Button).press()
        await wait_until(pilot, lambda: builder.query(f"#setting-{PAGE}") and builder.field(PAGE).has_focus,
                         what="the next page, its first setting focused")
        assert len(builder.query(".setting")) == 2 * PAGE and builder.query("#more")
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.shown.invocation.return_value == ["SEVEN", "seventy-seven", None]
    assert json.loads((workdir / "segtui.settings.json").read_text()) == {  # the switch never shown not set to false
        "setting7": "SEVEN", "setting77": "seventy-seven", f"setting{COUNT - 1}": "last"}


async def test_a_value_that_does_not_fit_in_a_setting_no_longer_shown_refuses_the_save_and_names_it(make_app,
                                                                                                   workdir: Path) -> None:
    app = make_app(HANDLER, schema=schema())
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        await find(pilot, builder, "list", 1)
        builder.field(index_of(builder, "list130")).value = "[1, 2"
        await find(pilot, builder, f"setting {COUNT - 1}", 1)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any("list130" in str(note.message) for note in app._notifications),
                         what="the toast naming the setting")
        assert app.screen is builder
        await find(pilot, builder, "list", 1)
        problem = builder.query_one(f"#error-{index_of(builder, 'list130')}")
        assert "not valid JSON" in str(problem.render()) and problem.region.height > 0  # shown, not just set
        builder.field(index_of(builder, "list130")).value = '["a"]'
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.shown.invocation.return_value == [None, None, ["a"]]
