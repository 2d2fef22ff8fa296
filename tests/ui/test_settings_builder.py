"""The Settings Builder: settings the handler reads are listed, declared by giving them a value, added, edited and
removed; saving writes segtui.json (keeping its other keys) and the owner-only values file, then runs again."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Label, Select

from segtui.commands.tui import build_parser, make_setup
from segtui.ui.app import SegtuiApp
from segtui.ui.screens.setting_editor import SettingEditor
from segtui.ui.screens.settings import SettingsScreen
from segtui.ui.session import FrozenClock
from segtui.ui.widgets.setting_row import setting_index
from ui.helpers import (
    SIMPLE_HANDLER,
    open_builder,
    record_notifications,
    remove_setting,
    screen_rows,
    showing,
    wait_for_runs,
    wait_until,
    write,
)

SIZE = (120, 40)
AIRTABLE = """\
async function send(event, settings) {
  return `https://api.airtable.com/v0/${settings.appId}/${settings.tableName || 'Events'}`;
}
async function onTrack(event, cfg) { return send(event, cfg); }
"""


def labels(screen) -> list[str]:
    return [str(label.render()) for label in screen.query(Label)]



async def test_an_app_made_not_to_blink_blinks_no_input_on_any_screen(make_app) -> None:
    """The snapshot tests' app blinks no cursor: an input of the settings builder still blinked, so its snapshot,
    taken past the blink's half second on a busy machine, lacked the cursor and failed."""
    app = make_app(schema=[{"label": "API Key", "sensitive": True}], settings={"apiKey": "a-secret"})
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        assert app.main_screen.query(Input) and not any(field.cursor_blink for field in app.main_screen.query(Input))
        screen = await open_builder(pilot)
        assert screen.query(Input) and not any(field.cursor_blink for field in screen.query(Input))


async def test_a_setting_the_handler_reads_is_listed_and_saving_a_value_declares_it_and_runs(make_app, workdir) -> None:
    app = make_app(AIRTABLE)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert app.main_screen.shown.invocation.return_value == "https://api.airtable.com/v0/undefined/Events"
        assert any("settings.appId was read but has no value" in note for note in app.main_screen.shown.invocation.notes)
        builder = await open_builder(pilot)
        shown = labels(builder)
        assert "Used by the handler (not declared)" in shown
        used = shown[shown.index("Used by the handler (not declared)"):]
        assert any(text.startswith("appId") and "read at line 2" in text for text in used)
        assert any(text.startswith("tableName") for text in used)
        index = next(i for i, row in enumerate(builder.rows) if row.spec.name == "appId")
        builder.field(index).value = "app123"
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.shown.invocation.return_value == "https://api.airtable.com/v0/app123/Events"
    schema = json.loads((workdir / "segtui.json").read_text())
    assert schema["settings"] == [{"label": "API Key", "type": "string",
                                   "description": "The implicit setting every Developer Center subscription had.",
                                   "sensitive": True},
                                  {"label": "appId", "type": "string"}]
    values_file = workdir / "segtui.settings.json"
    assert json.loads(values_file.read_text()) == {"appId": "app123"}
    assert stat.S_IMODE(values_file.stat().st_mode) == 0o600


async def test_settings_are_added_edited_and_removed_and_other_keys_are_kept(make_app, workdir: Path) -> None:
    app = make_app(AIRTABLE, schema=[{"label": "App ID"}, {"label": "Old One"}], settings={"appId": "a1", "oldOne": "x"})
    document = json.loads((workdir / "segtui.json").read_text())
    (workdir / "segtui.json").write_text(json.dumps({**document, "owner": "team-data"}))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: showing(app, SettingEditor, "#sensitive"), what="the setting editor")
        app.screen.query_one("#label", Input).value = "Region Code"
        app.screen.query_one("#type", Select).value = "string"
        app.screen.query_one("#required", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is builder and any(row.spec.name == "regionCode" for row in builder.rows),
                         what="the new setting")
        await pilot.pause()
        builder.field(next(i for i, row in enumerate(builder.rows) if row.spec.name == "regionCode")).value = "eu"
        await remove_setting(pilot, builder, "oldOne")
        edit = next(i for i, row in enumerate(builder.rows) if row.spec.name == "appId")
        builder.query_one(f"#edit-{edit}").press()
        await wait_until(pilot, lambda: showing(app, SettingEditor, "#sensitive"), what="the setting editor")
        app.screen.query_one("#description", Input).value = "The Airtable base"
        app.screen.query_one("#sensitive", Checkbox).value = True
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: app.screen is builder, what="the builder again")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
    saved = json.loads((workdir / "segtui.json").read_text())
    assert saved["owner"] == "team-data"
    assert saved["settings"] == [
        {"label": "App ID", "description": "The Airtable base", "sensitive": True},  # its type was left to the default
        {"label": "Region Code", "type": "string", "required": True},
    ]
    assert json.loads((workdir / "segtui.settings.json").read_text()) == {"appId": "a1", "regionCode": "eu"}


async def test_an_undeclared_setting_that_looks_secret_is_masked_until_declared_otherwise(make_app, workdir) -> None:
    source = "async function onTrack(event, settings) { console.log(settings.clientSecret); return 1; }"
    app = make_app(source, settings={"clientSecret": "shh-0123456789"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert [line.text for line in app.main_screen.shown.view.logs.lines] == ["••••••"]
        builder = await open_builder(pilot)
        row = next(row for row in builder.rows if row.spec.name == "clientSecret")
        assert row.spec.sensitive and row.group == "used"
        field = builder.field(builder.rows.index(row))
        assert field.password and field.value == ""


async def test_a_map_holding_a_secret_under_a_secret_looking_key_is_hidden_in_the_builder(make_app, workdir) -> None:
    # A probe: {"creds": {"private_key": …}} showed whole in the builder's field, masked everywhere else.
    source = "async function onTrack(event, settings) { console.log(settings.creds); return 1; }"
    app = make_app(source, settings={"creds": {"user": "bob", "private_key": "PKxyz123456789"}, "region": "eu"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        row = next(row for row in builder.rows if row.spec.name == "creds")
        field = builder.field(builder.rows.index(row))
        assert field.password and field.value == "" and "PKxyz123456789" not in str(builder.query_one("#settings-form").render())
        region = builder.field(next(index for index, row in enumerate(builder.rows) if row.spec.name == "region"))
        assert region.value == "eu" and not region.password
        region.value = "us"
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
    saved = json.loads((workdir / "segtui.settings.json").read_text())
    assert saved["creds"]["private_key"] == "PKxyz123456789" and saved["region"] == "us"


async def test_a_setting_holding_another_settings_secret_or_a_credential_by_its_shape_is_hidden(make_app, workdir):
    # A probe: the builder showed `{"nested": <the apiKey>}` and `["Bearer …"]` whole, masked everywhere else.
    source = "async function onTrack(event, settings) { return settings.extra; }"
    values = {"apiKey": "Sk9QzXw7LmP3vR8tY2bN", "extra": {"nested": "Sk9QzXw7LmP3vR8tY2bN"}, "copy": "x-Sk9QzXw7LmP3vR8tY2bN",
              "extraHeaders": ["a", "Bearer Tk5551234567890abcd"], "region": "eu"}
    app = make_app(source, settings=values)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        form = str(builder.query_one("#settings-form").render())
        names = [row.spec.name for row in builder.rows]
        for name in ("extra", "copy", "extraHeaders"):
            field = builder.field(names.index(name))
            assert field.password and field.value == "", name
        assert "Sk9QzXw7" not in form and "Tk5551234" not in form
        assert builder.field(names.index("region")).value == "eu"


async def test_saving_an_unchanged_form_writes_nothing_and_the_header_says_when_there_is_no_schema(make_app, workdir):
    # A probe: ctrl+o then ctrl+s wrote a segtui.json declaring every setting, after which any other --setting was
    # refused as a typo; the dialog already said "Declared in segtui.json" when there was none.
    source = "async function onTrack(event, settings) { return [settings.apiKey, settings.region]; }"
    app = make_app(source, settings={"apiKey": "k-123456789", "region": "eu"})
    values = (workdir / "segtui.settings.json").read_text()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        note = str(builder.query_one(".dialog-note-wrap").render())
        assert note.startswith("Nothing declares settings yet: saving declares these in segtui.json; values saved to")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not isinstance(app.screen, SettingsScreen), what="the builder to close")
        await pilot.pause()
        assert len(app.main_screen.history) == 1  # no run: nothing changed
    assert not (workdir / "segtui.json").exists()
    assert (workdir / "segtui.settings.json").read_text() == values


async def test_the_header_does_not_say_segtui_json_is_missing_when_it_holds_other_keys(make_app, workdir):
    # A probe: with segtui.json holding {"kind": "insert"} and no settings, the builder said "No segtui.json yet".
    write(workdir / "segtui.json", json.dumps({"kind": "insert"}))
    app = make_app("async function onTrack(event, settings) { return event; }")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        note = str(builder.query_one(".dialog-note-wrap").render())
        assert "No segtui.json" not in note and note.startswith("Nothing declares settings yet")


@pytest.fixture
def git_work_tree(workdir: Path) -> Path:
    """The work folder's parent made a Git work tree, as a repository of functions is."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    subprocess.run(["git", "init", "-q", str(workdir.parent)], check=True)
    return workdir.parent


@pytest.mark.parametrize("ignored", [False, True], ids=["not-ignored", "ignored"])
async def test_saving_secrets_into_a_git_work_tree_that_would_commit_them_warns(make_app, workdir, git_work_tree,
                                                                               ignored) -> None:
    # A probe: the Builder wrote the key (given with --setting, or typed) into segtui.settings.json inside a Git work
    # tree, where `git add .` commits it, without a word.
    if ignored:
        (workdir.parent / ".gitignore").write_text("segtui.settings.json\n")
    app = make_app("async function onTrack(event, settings) { return settings.region; }",
                   "--setting", "apiKey=sk_live_placeholder", "--setting", "region=eu")
    shown = record_notifications(app)  # as shown: an information toast is gone 3 s later, maybe before the run ends
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        builder.field(next(i for i, row in enumerate(builder.rows) if row.spec.name == "region")).value = "us"
        builder.field(next(i for i, row in enumerate(builder.rows) if row.spec.name == "apiKey")).value = \
            "sk_live_Q7wZ3xR9tY2uV5pL8mN4"
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
    notes = [(message, options) for message, options in shown if message.startswith("Settings saved")]
    assert json.loads((workdir / "segtui.settings.json").read_text())["apiKey"] == "sk_live_Q7wZ3xR9tY2uV5pL8mN4"
    assert len(notes) == 1
    [(message, options)] = notes
    assert "left out" not in message  # typed over the --setting value: saved as asked
    if ignored:
        assert options["severity"] == "information" and "Git" not in message
    else:
        assert options["severity"] == "warning"
        assert "holds secrets and Git does not ignore it: add segtui.settings.json to .gitignore" in message


async def test_a_new_settings_name_placeholder_is_the_name_its_label_gives(make_app) -> None:
    # A new user's trial: typing the label "Max Retries" left the name's placeholder at "apiKey", though leaving the
    # name empty declares "maxRetries".
    app = make_app(AIRTABLE)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await open_builder(pilot)
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: showing(app, SettingEditor, "#label"), what="the setting editor")
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
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: showing(app, SettingEditor, "#sensitive"), what="the setting editor")
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
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: showing(app, SettingEditor, "#sensitive"), what="the setting editor")
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


async def test_a_setting_named_by_a_credential_is_hidden_and_not_declared_in_segtui_json(make_app, workdir) -> None:
    # A leak probe: a key pasted as a setting's name showed as the row's title, and saving declared it in segtui.json,
    # a file kept in Git; once declared, every output showed it again.
    key = "sk_live_51HxYzAbCdEfGh12"
    app = make_app(AIRTABLE, settings={key: "1", "appId": "app1"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        assert key not in "\n".join(labels(builder))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is builder, "the form stays open, nothing typed lost"
        assert not (workdir / "segtui.json").exists()
        assert any("looks like a credential" in text for text in labels(builder))
        assert key not in "\n".join(labels(builder))
        await remove_setting(pilot, builder, key)
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: (workdir / "segtui.json").exists(), what="the save")
        assert key not in (workdir / "segtui.json").read_text() + (workdir / "segtui.settings.json").read_text()


async def test_a_setting_added_on_a_small_terminal_is_scrolled_into_view_with_the_focus(make_app) -> None:
    # A new user's trial at 80x24: ctrl+n, a label, ctrl+s; the new setting's value input had the focus but lay below
    # the builder's fold, so the value typed next went into a field the user could not see.
    schema = [{"label": f"Setting {n}", "description": f"What setting {n} is for."} for n in range(1, 4)]
    app = make_app(schema=schema, settings={f"setting{n}": "x" for n in range(1, 4)})
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        await open_builder(pilot)
        await pilot.press("ctrl+n")
        await wait_until(pilot, lambda: showing(app, SettingEditor, "Input"), what="the add form")
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
