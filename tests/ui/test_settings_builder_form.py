"""The Settings Builder's form as a user meets it: placeholders, every field in view and the focus on small terminals,
toasts, asking before discarding a change, and revealing secrets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input

from segtui.commands.tui import build_parser, make_setup
from segtui.ui.app import SegtuiApp
from segtui.ui.screens.setting_editor import SettingEditor
from segtui.ui.screens.settings import SettingsScreen
from segtui.ui.session import FrozenClock
from segtui.ui.widgets.setting_row import setting_index
from ui.helpers import (
    AIRTABLE,
    SIMPLE_HANDLER,
    open_builder,
    open_setting_form,
    record_notifications,
    remove_setting,
    screen_rows,
    showing,
    wait_for_runs,
    wait_until,
    write,
)

SIZE = (120, 40)


async def test_a_new_settings_name_placeholder_is_the_name_its_label_gives(make_app) -> None:
    # A new user's trial: typing the label "Max Retries" left the name's placeholder at "apiKey", though leaving the
    # name empty declares "maxRetries".
    app = make_app(AIRTABLE)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await open_builder(pilot)
        await open_setting_form(pilot)
        name = app.screen.query_one("#name", Input)
        assert name.placeholder == "apiKey"
        await pilot.press(*"Max Retries")
        assert name.placeholder == "maxRetries" and name.value == ""


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_every_field_of_the_setting_form_comes_into_view_when_focused_on_a_small_terminal(make_app, size) -> None:
    # A new user's trial at 80x24: Required, Sensitive and Done lay below the form's bottom edge, and tab focused
    # them out of sight, so a secret could not be marked sensitive there but blind.
    app = make_app(AIRTABLE)
    async with app.run_test(size=size) as pilot:
        await wait_for_runs(pilot, 1)
        await open_builder(pilot)
        await open_setting_form(pilot)
        await pilot.press(*"Signing Secret")
        seen = []
        for _ in range(10):
            await pilot.press("tab")
            await pilot.pause()
            focused = app.screen.focused
            assert focused is not None
            placed = app.screen.find_widget(focused)
            assert placed.clip.contains_region(placed.region), f"{focused} is out of sight"
            seen.append(focused.id)
            if focused.id == "done":
                break
        assert {"required", "sensitive", "done"} <= set(seen), seen
        sensitive = app.screen.query_one("#sensitive", Checkbox)
        assert sensitive.value  # ticked by its name (test_setting_sensitive.py): untick, tick again, Done
        sensitive.focus()
        await pilot.press("space", "space", "ctrl+s")
        builder = app.screen
        assert isinstance(builder, SettingsScreen)
        assert any(row.spec.name == "signingSecret" and row.spec.sensitive for row in builder.rows)


async def test_a_value_given_with_setting_and_left_as_it_was_stays_out_of_the_file(make_app, workdir) -> None:
    # A probe: --setting keeps a key out of files, yet saving the Builder for another change wrote it into
    # segtui.settings.json. It goes on applying for the session; the file keeps what it had.
    (workdir / "segtui.settings.json").write_text(json.dumps({"apiKey": "from-the-file", "region": "eu"}))
    app = make_app("async function onTrack(event, settings) { return [settings.apiKey, settings.region, settings.token]; }",
                   "--setting", "apiKey=sk_live_Q7wZ3xR9tY2uV5pL8mN4", "--setting", "token=tok_given_only_here",
                   "--reveal-secrets")
    shown = record_notifications(app)  # as shown: an information toast is gone 3 s later, maybe before the run ends
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        builder.field(next(i for i, row in enumerate(builder.rows) if row.spec.name == "region")).value = "us"
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        # The save re-runs the event, and so may the file's change seen on disk: the run on the new settings is looked for.
        await wait_until(pilot, lambda: any(isinstance(run.invocation.return_value, list)
                                            and "us" in run.invocation.return_value for run in app.main_screen.history),
                         what="a run on the saved settings")
        notes = [message for message, _ in shown if message.startswith("Settings saved")]
        returned = next(run.invocation.return_value for run in app.main_screen.history
                        if isinstance(run.invocation.return_value, list) and "us" in run.invocation.return_value)
    assert json.loads((workdir / "segtui.settings.json").read_text()) == {"apiKey": "from-the-file", "region": "us"}
    assert [spec["label"] for spec in json.loads((workdir / "segtui.json").read_text())["settings"]] == \
        ["API Key", "region", "token"]  # declared: saving declares what the handler reads
    assert returned == ["sk_live_Q7wZ3xR9tY2uV5pL8mN4", "us", "tok_given_only_here"]
    assert len(notes) == 1 and "(apiKey, token from --setting left out of it)" in notes[0]


async def test_after_declaring_adding_or_removing_a_setting_typing_goes_to_that_setting(make_app, workdir) -> None:
    app = make_app(AIRTABLE, schema=[{"label": "API Key", "sensitive": True}, {"label": "Old One"}])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        used = next(i for i, row in enumerate(builder.rows) if row.spec.name == "tableName")
        builder.query_one(f"#edit-{used}").press()
        await wait_until(pilot, lambda: showing(app, SettingEditor, "#sensitive"), what="the setting editor")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is builder, what="the builder again")
        await pilot.press(*"Orders")
        await open_setting_form(pilot)
        await pilot.press(*"Region")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is builder and len(builder.rows) == 5, what="the new setting")
        await pilot.press(*"eu")
        await remove_setting(pilot, builder, "oldOne")
        removed_place_focused = app.focused is builder.field(1)
        values = {row.spec.name: builder.field(i).value for i, row in enumerate(builder.rows)}
    assert [row.spec.name for row in builder.rows] == ["apiKey", "tableName", "region", "appId"]
    assert values == {"apiKey": "", "tableName": "Orders", "region": "eu", "appId": ""}
    assert removed_place_focused


async def test_every_empty_value_shows_where_to_type_it(make_app) -> None:
    # A new user's trial: an unset string setting's input, borderless, was blank space beside its Declare… button.
    app = make_app(AIRTABLE, schema=[{"label": "API Key", "sensitive": True}, {"label": "Hosts", "type": "array"},
                                     {"label": "Region"}])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        empty = {row.spec.name: builder.field(i).placeholder for i, row in enumerate(builder.rows)}
    assert set(empty) == {"apiKey", "hosts", "region", "appId", "tableName"}
    assert all(placeholder.strip() for placeholder in empty.values()), empty


async def test_the_saved_toast_names_both_files_from_the_working_folder(workdir) -> None:
    # A new user's trial from the folder above the handler's: "Settings saved to segtui.json and
    # crm/segtui.settings.json" named a segtui.json that is not in the working folder.
    write(workdir / "crm" / "handler.js", "async function onTrack(event, settings) { return settings.region; }")
    setup = make_setup(build_parser().parse_args(["crm/handler.js"]))
    app = SegtuiApp(setup, clock=FrozenClock(), cursor_blink=False)
    shown = record_notifications(app)  # as shown: an information toast is gone 3 s later, maybe before the run ends
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        builder.field(next(i for i, row in enumerate(builder.rows) if row.spec.name == "region")).value = "eu"
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
    notes = [message for message, _ in shown if message.startswith("Settings saved")]
    assert notes == [f"Settings saved to {Path('crm', 'segtui.json')} and {Path('crm', 'segtui.settings.json')}"]


async def test_escape_after_a_change_asks_again_before_it_discards_it(make_app, workdir) -> None:
    # A new user's trial: a URL typed into a value, then escape (to leave the field, by habit), closed the Builder and
    # the URL was gone without a word.
    app = make_app(AIRTABLE, schema=[{"label": "App ID"}])
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is not builder, what="an unchanged form to close")
        builder = await open_builder(pilot)
        await pilot.press(*"app9")
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is builder
        assert [note.message for note in app._notifications][-1].startswith("Your changes are not saved")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is not builder, what="the second escape to close it")
    assert not (workdir / "segtui.settings.json").exists()


async def test_revealing_the_secrets_alone_is_no_change_to_ask_about(make_app) -> None:
    # A review: ticking Reveal secrets put a kept secret's text in its input, and escape then warned of changes not
    # saved where nothing would have been saved.
    app = make_app(AIRTABLE, "--reveal-secrets", schema=[{"label": "API Key", "sensitive": True}],
                   settings={"apiKey": "kept-secret-1"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        builder.query_one("#reveal", Checkbox).value = True
        await pilot.pause()
        assert builder.field(0).value == "kept-secret-1"
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is not builder, what="an unchanged form to close at the first escape")


async def test_a_setting_added_on_a_small_terminal_is_scrolled_into_view_with_the_focus(make_app) -> None:
    # A new user's trial at 80x24: ctrl+n, a label, ctrl+s; the new setting's value input had the focus but lay below
    # the builder's fold, so the value typed next went into a field the user could not see.
    schema = [{"label": f"Setting {n}", "description": f"What setting {n} is for."} for n in range(1, 4)]
    app = make_app(schema=schema, settings={f"setting{n}": "x" for n in range(1, 4)})
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        await open_builder(pilot)
        await open_setting_form(pilot)
        await pilot.press(*"Shop Domain", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen) and setting_index(app.focused) is not None
                         and app.screen.rows[setting_index(app.focused)].spec.name == "shopDomain",
                         what="the new setting's input to have the focus")
        field = app.screen.focused
        await wait_until(pilot, lambda: any(widget is field for widget in app.screen._compositor.visible_widgets)
                         and app.screen.region.contains_region(field.region), what="the new setting's input in view")


async def test_a_set_secrets_placeholder_fits_whole_at_80_columns_beside_its_buttons(make_app) -> None:
    # A new user's probe: at 80 columns, with enough settings for a scroll bar, "(set: type to replace it)" lost its
    # closing parenthesis: the Edit… and Remove buttons took 16 cells each whatever their labels.
    schema = [{"label": "API Key", "sensitive": True, "required": True}, *({"label": f"Other {n}"} for n in range(12))]
    app = make_app(SIMPLE_HANDLER, schema=schema, settings={"apiKey": "kept-secret-1"})
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = await open_builder(pilot)
        secret = screen.query_one("#setting-0", Input)
        assert secret.placeholder.endswith("(set: type to replace it)")
        assert len(secret.placeholder) <= secret.content_region.width
        assert any(row.rstrip("█│ ").endswith("Remove") and "(set: type to replace it)" in row
                   for row in screen_rows(app))


@pytest.mark.parametrize("size", [(60, 15), (80, 24)])
async def test_the_builder_opens_at_its_top_with_the_first_settings_name_in_view(make_app, size) -> None:
    # A new user's trial at 60x15: ctrl+o opened on the first value, "••••••••  (set: type to replace it", with its
    # name ("API Key *") and its group scrolled out of view above it (Textual centred the input it focused before the
    # layout settled).
    schema = [{"label": "API Key", "sensitive": True, "required": True}, {"label": "Project ID", "required": True},
              {"label": "Region"}]
    app = make_app(SIMPLE_HANDLER, schema=schema, settings={"apiKey": "mp_live_4f8a9c2e71d3b6a5", "projectId": "p-1"})
    async with app.run_test(size=size) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        await pilot.pause(0.1)
        form = builder.query_one("#settings-form")
        assert isinstance(builder.focused, Input) and setting_index(builder.focused) == 0
        assert form.scroll_y == 0
        assert any("API Key *" in row for row in screen_rows(app)), screen_rows(app)
