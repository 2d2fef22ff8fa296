"""A value for a name segtui.json does not declare (a typo in the settings file): the TUI opens anyway, refuses each
run naming the file it came from, and its Settings Builder flags the value until it is removed or declared."""

from __future__ import annotations

import json

import pytest
from textual.widgets import Checkbox, Input, Label

from segtui.settings import load_schema
from segtui.settings_secrets import sensitive_values
from segtui.ui.screens.setting_editor import SettingEditor
from ui.helpers import open_builder, remove_setting, screen_rows, showing, wait_for_runs, wait_until

SIZE = (120, 40)
HANDLER = "async function onTrack(event, settings) { return settings.region || 'none'; }\n"
SCHEMA = [{"label": "API Key", "required": True, "sensitive": True}, {"label": "Region"},
          {"label": "Signing Secret", "sensitive": True}]
TYPO = {"apiKey": "k-123456789abc", "reigon": "eu"}


def flag(builder, name: str) -> str:
    return str(builder.query_one(f"#error-{[row.spec.name for row in builder.rows].index(name)}", Label).render())


async def test_a_typo_in_the_settings_file_opens_the_tui_refusing_runs_and_the_builder_flags_it(make_app, workdir) -> None:
    # A new user's trial: "reigon" for "region" in segtui.settings.json stopped the TUI from opening at all, with an
    # error that did not name the file.
    app = make_app(HANDLER, schema=SCHEMA, settings=TYPO)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        refused = app.main_screen.shown.refused or ""
        assert 'unknown setting "reigon" in segtui.settings.json (did you mean "region"?)' in refused
        assert refused.endswith("Press ctrl+o to open the settings: remove it there, or declare it (Edit…).")
        builder = await open_builder(pilot)
        names = [row.spec.name for row in builder.rows]
        assert app.focused is builder.field(names.index("reigon")), "the value to fix has the focus"
        assert 'segtui.json does not declare it (did you mean "region"?)' in flag(builder, "reigon")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is builder, "saving waits until the value is removed or declared"
        assert json.loads((workdir / "segtui.settings.json").read_text()) == TYPO
        builder.field(names.index("region")).value = "eu"
        await remove_setting(pilot, builder, "reigon")
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        shown = app.main_screen.shown
        assert shown.refused is None and shown.invocation.return_value == "eu"
    assert json.loads((workdir / "segtui.settings.json").read_text()) == {"apiKey": "k-123456789abc", "region": "eu"}


async def test_a_value_flagged_as_undeclared_is_declared_with_edit_and_then_saved(make_app, workdir) -> None:
    app = make_app(HANDLER, schema=SCHEMA, settings=TYPO)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        builder.query_one(f"#edit-{[row.spec.name for row in builder.rows].index('reigon')}").press()
        await wait_until(pilot, lambda: showing(app, SettingEditor, "#label"), what="the setting editor")
        app.screen.query_one("#label", Input).value = "Reigon"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is builder, what="the builder again")
        await pilot.pause()
        assert flag(builder, "reigon") == ""
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.shown.refused is None
    assert [item["label"] for item in json.loads((workdir / "segtui.json").read_text())["settings"]] == [
        "API Key", "Region", "Signing Secret", "Reigon"]
    assert json.loads((workdir / "segtui.settings.json").read_text()) == TYPO


async def test_a_typo_given_with_setting_is_refused_as_given_with_setting(make_app) -> None:
    app = make_app(HANDLER, "--setting", "reigon=eu", schema=SCHEMA, settings={"apiKey": "k-123456789abc"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert 'unknown setting "reigon" given with --setting (did you mean' in (app.main_screen.shown.refused or "")


SECRET = "abcd1234efgh5678ijkl"
SECRET_SCHEMA = [{"label": "API Key", "sensitive": True}, {"label": "Region"}]
SECRET_TYPO = {"apiKye": SECRET, "region": "eu"}
"""A secret under a misspelt sensitive name: `apiKye` looks like no secret's name, but is a typo of `apiKey`."""


async def test_a_secret_under_a_typo_of_a_sensitive_name_stays_hidden_and_is_declared_sensitive(make_app, workdir) -> None:
    # A reviewer's find: the Builder showed the value in clear, and Edit… offered to declare it not sensitive.
    app = make_app(HANDLER, schema=SECRET_SCHEMA, settings=SECRET_TYPO)
    assert SECRET in sensitive_values(load_schema(workdir / "handler.js"), SECRET_TYPO), "masked everywhere"
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        typo = [row.spec.name for row in builder.rows].index("apiKye")
        assert builder.field(typo).password
        assert not any(SECRET in line for line in screen_rows(app))
        await pilot.press("tab", "enter")
        await wait_until(pilot, lambda: showing(app, SettingEditor, "#sensitive"), what="the setting editor")
        assert app.screen.query_one("#sensitive", Checkbox).value


async def test_a_flagged_value_declared_as_drafted_is_saved(make_app, workdir) -> None:
    # A reviewer's find: Edit… then Done with nothing changed in the form moved the value to Declared, but saving said
    # "Nothing changed" and wrote nothing, so runs stayed refused.
    app = make_app(HANDLER, schema=SECRET_SCHEMA, settings=SECRET_TYPO)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        await pilot.press("tab", "enter")
        await wait_until(pilot, lambda: showing(app, SettingEditor, "#sensitive"), what="the setting editor")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is builder, what="the builder again")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is builder, "a declaration is a change: escape warns first"
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        shown = app.main_screen.shown
        assert shown.refused is None and shown.invocation.return_value == "eu"
    declared = json.loads((workdir / "segtui.json").read_text())["settings"]
    assert declared[2] == {"label": "apiKye", "type": "string", "sensitive": True}
    assert json.loads((workdir / "segtui.settings.json").read_text()) == SECRET_TYPO


READER = "async function onTrack(event, settings) { return settings.tableName + settings.region; }\n"


@pytest.mark.parametrize("declare", [True, False], ids=["declare", "save"])
async def test_a_value_the_handler_reads_but_nothing_declares_is_marked_and_declared_by_saving(make_app, workdir,
                                                                                             declare) -> None:
    # A reviewer's find: runs refused `tableName` naming Edit…, but the Builder did not mark it, its button was
    # Declare…, and Declare… then Done then ctrl+s said "Nothing changed".
    app = make_app(READER, schema=[{"label": "Region"}], settings={"tableName": "t1", "region": "eu"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        refused = app.main_screen.shown.refused or ""
        assert 'unknown setting "tableName" in segtui.settings.json' in refused
        assert refused.endswith("remove it there, or declare it (Declare…).")
        builder = await open_builder(pilot)
        assert app.focused is builder.field([row.spec.name for row in builder.rows].index("tableName"))
        assert "segtui.json does not declare it, so runs are refused" in flag(builder, "tableName")
        if declare:
            await pilot.press("tab", "enter")
            await wait_until(pilot, lambda: showing(app, SettingEditor, "#label"), what="the setting editor")
            await pilot.press("ctrl+s")
            await wait_until(pilot, lambda: app.screen is builder, what="the builder again")
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        shown = app.main_screen.shown
        assert shown.refused is None and shown.invocation.return_value == "t1eu"
    assert [item["label"] for item in json.loads((workdir / "segtui.json").read_text())["settings"]] == [
        "Region", "tableName"]
