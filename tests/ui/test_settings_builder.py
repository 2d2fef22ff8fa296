"""The Settings Builder: settings the handler reads are listed, declared by giving them a value, added, edited and
removed; saving writes segtui.json (keeping its other keys) and the owner-only values file, then runs again."""

from __future__ import annotations

import json
import shutil
import stat
import subprocess
from pathlib import Path

import pytest
from textual.widgets import Checkbox, Input, Select

from segtui.ui.screens.setting_editor import SettingEditor
from segtui.ui.screens.settings import SettingsScreen
from ui.helpers import (
    AIRTABLE,
    labels,
    open_builder,
    open_setting_form,
    record_notifications,
    remove_setting,
    showing,
    wait_for_runs,
    wait_until,
    write,
)

SIZE = (120, 40)


@pytest.fixture
def git_work_tree(workdir: Path) -> Path:
    """The work folder's parent made a Git work tree, as a repository of functions is."""
    if shutil.which("git") is None:
        pytest.skip("needs git")
    subprocess.run(["git", "init", "-q", str(workdir.parent)], check=True)
    return workdir.parent


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
        await open_setting_form(pilot)
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


async def test_with_no_schema_the_builder_lists_nothing_under_declared(make_app, workdir) -> None:
    # A new user's trial: with no segtui.json the note said "Nothing declares settings yet" and the implicit apiKey
    # was listed under "Declared" just below it.
    app = make_app("async function onTrack(event, settings) { return [settings.apiKey, settings.region]; }")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        titles = [str(title.render()) for title in builder.query(".settings-group")]
        assert titles == ["Declared when you save", "Used by the handler (not declared)"]
        assert str(builder.query_one(".dialog-note-wrap").render()).startswith("Nothing declares settings yet")


async def test_the_header_does_not_say_segtui_json_is_missing_when_it_holds_other_keys(make_app, workdir):
    # A probe: with segtui.json holding {"kind": "insert"} and no settings, the builder said "No segtui.json yet".
    write(workdir / "segtui.json", json.dumps({"kind": "insert"}))
    app = make_app("async function onTrack(event, settings) { return event; }")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        note = str(builder.query_one(".dialog-note-wrap").render())
        assert "No segtui.json" not in note and note.startswith("Nothing declares settings yet")


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


@pytest.mark.parametrize("size", [(60, 15), (80, 24)])
async def test_the_builders_buttons_fit_across_a_narrow_terminal(make_app, size) -> None:
    # A trial in tmux at 60x15: the buttons' row read "Add setting (ctrl+n)   Save (ctrl+s)     Cancel (", cut.
    app = make_app(AIRTABLE)
    async with app.run_test(size=size) as pilot:
        await wait_for_runs(pilot, 1)
        builder = await open_builder(pilot)
        await pilot.pause()
        inside = builder.query_one("#dialog").content_region
        for name in ("add", "save", "cancel"):
            button = builder.query_one(f"#{name}").region
            assert inside.x <= button.x and button.right <= inside.right, (name, button, inside)
