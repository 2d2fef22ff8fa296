"""The Settings Builder never saves over a settings file or segtui.json edited elsewhere since it opened (or left invalid
before): a new user's trial lost a key and endpoint typed into segtui.settings.json by hand, and left with a trailing
comma, to the Builder's next save of the values read before."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.input_files import pipe_in_place
from textual.widgets import Input

from segtui.ui.screens.settings import SettingsScreen
from ui.helpers import open_builder, record_notifications, settle, wait_for_runs, wait_until, watching

SIZE = (120, 40)
HANDLER = "async function onTrack(event, settings) { return settings.region || null; }\n"
SCHEMA = [{"label": "API Key", "sensitive": True}, {"label": "Region"}]



def region_field(builder: SettingsScreen) -> Input:
    field = builder.field(next(i for i, row in enumerate(builder.rows) if row.spec.name == "region"))
    assert isinstance(field, Input)
    return field


BROKEN_VALUES = '{"apiKey": "k-by-hand-2", "region": "eu",}'


@pytest.mark.parametrize(("when", "file", "text", "said"), [
    ("before", "segtui.settings.json", BROKEN_VALUES, "segtui.settings.json:1:42: invalid JSON"),
    ("while", "segtui.settings.json", BROKEN_VALUES, "segtui.settings.json:1:42: invalid JSON"),
    ("while", "segtui.settings.json", '{"apiKey": "k-by-hand-2", "region": "eu"}',
     "segtui.settings.json changed on disk since the settings opened"),
    ("while", "segtui.json", json.dumps({"settings": [*SCHEMA, {"label": "Tier"}]}),
     "segtui.json changed on disk since the settings opened"),
], ids=["values-broken-before", "values-broken-while", "values-changed-while", "schema-changed-while"])
async def test_a_file_edited_elsewhere_is_not_saved_over_and_the_form_keeps_what_was_typed(
        make_app, workdir: Path, when: str, file: str, text: str, said: str) -> None:
    app = make_app(HANDLER, schema=SCHEMA, settings={"apiKey": "k1", "region": "us"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await watching(pilot)
        if when == "before":
            (workdir / file).write_text(text)
            await settle(pilot, workdir)
        notes = record_notifications(app)
        builder = await open_builder(pilot)
        if when == "while":
            (workdir / file).write_text(text)
            await settle(pilot, workdir)
        region_field(builder).value = "ap"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any(options.get("title") == "Settings not saved" for _, options in notes),
                         what="the refusal")
        assert app.screen is builder and region_field(builder).value == "ap"
        refusal = next(message for message, options in notes if options.get("title") == "Settings not saved")
        assert said in refusal and "k-by-hand-2" not in refusal
        assert (workdir / file).read_text() == text


async def test_a_values_file_put_back_as_it_was_read_is_saved_over(make_app, workdir: Path) -> None:
    app = make_app(HANDLER, schema=SCHEMA, settings={"apiKey": "k1", "region": "us"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await watching(pilot)
        values = workdir / "segtui.settings.json"
        values.write_text(BROKEN_VALUES)
        await settle(pilot, workdir)
        builder = await open_builder(pilot)
        values.write_text(json.dumps({"region": "us", "apiKey": "k1"}))
        await settle(pilot, workdir)
        region_field(builder).value = "ap"
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        assert not isinstance(app.screen, SettingsScreen)
        assert app.main_screen.shown.invocation.return_value == "ap"
    assert json.loads(values.read_text()) == {"apiKey": "k1", "region": "ap"}


async def test_a_settings_file_made_a_named_pipe_while_watched_is_refused_and_the_app_goes_on(
        make_app, workdir: Path) -> None:
    # Reading it again waited for ever on the app's own loop for a writer: no key, no run, no quit.
    app = make_app(HANDLER, schema=SCHEMA, settings={"apiKey": "k1", "region": "us"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await watching(pilot)
        notes = record_notifications(app)
        with pipe_in_place(workdir / "segtui.settings.json"):
            await wait_until(pilot, lambda: any(options.get("title") == "Settings not reloaded" for _, options in notes),
                             what="the refusal")
        refusal = next(message for message, options in notes if options.get("title") == "Settings not reloaded")
        assert "segtui.settings.json is a named pipe, not a file" in refusal
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 2)

