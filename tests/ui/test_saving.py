"""Saving from the TUI: the handler through a symlink, events over their files or as new ones, edits on quit, HAR."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from textual.widgets import Input

from segtui.events import bundled_events_dir
from segtui.ui.screens.dialogs import PathDialog, QuitDialog
from segtui.ui.screens.settings import HIDDEN, SettingsScreen
from ui.helpers import SIMPLE_HANDLER, record_notifications, screen_rows, settle, wait_for_runs, wait_until

SIZE = (140, 40)

FETCHES = """\
async function onTrack(event, settings) {
  const response = await fetch(settings.endpoint + "/json");
  return response.status;
}
"""


async def test_ctrl_s_keeps_a_crlf_handlers_line_ends(make_app, workdir: Path) -> None:
    """Read with its line ends made `\n`, a CRLF handler (a Windows checkout) was saved back with every line changed."""
    app = make_app(SIMPLE_HANDLER.replace("\n", "\r\n"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        app.main_screen.code.editor.insert("// one more line\n", (0, 0))
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
    saved = (workdir / "handler.js").read_bytes()
    assert saved == ("// one more line\n" + SIMPLE_HANDLER).replace("\n", "\r\n").encode("utf-8")


async def test_ctrl_s_writes_through_a_symlinked_handler(make_app, workdir: Path) -> None:
    real = workdir / "src" / "real.js"
    real.parent.mkdir()
    real.write_text("")
    (workdir / "handler.js").symlink_to(real)
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        app.main_screen.code.editor.insert("// saved through the link\n", (0, 0))
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
    assert (workdir / "handler.js").is_symlink()
    assert real.read_text().startswith("// saved through the link\n")
    assert not [path for path in real.parent.iterdir() if path.name.endswith(".tmp")]


async def test_an_edited_event_file_is_saved_over_itself(make_app, workdir: Path) -> None:
    event_file = workdir / "events" / "signup.json"
    event_file.parent.mkdir()
    event_file.write_text(json.dumps({"type": "track", "event": "Signed Up"}))
    event_file.chmod(0o640)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert app.main_screen.selection.key.endswith("events/signup.json")
        await pilot.press("f3")
        app.main_screen.event_editor.text_area.load_text('{"type": "track", "event": "Renamed"}')
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert not isinstance(app.screen, PathDialog)
        assert json.loads(event_file.read_text()) == {"type": "track", "event": "Renamed"}
        assert stat.S_IMODE(event_file.stat().st_mode) == 0o640
        assert not app.main_screen.event_editor.dirty
        assert not [path for path in event_file.parent.iterdir() if path.name.startswith(".")]
        await settle(pilot, workdir)
        assert len(app.main_screen.history) == 2  # the save runs it again, once: the watcher sees no outside change


async def test_ctrl_s_on_an_event_file_whose_json_is_broken_says_why_it_did_not_save(make_app, workdir: Path) -> None:
    # A new user's trial: ctrl+s in the event editor, the JSON broken, did nothing and said nothing.
    event_file = workdir / "events" / "signup.json"
    event_file.parent.mkdir()
    event_file.write_text(json.dumps({"type": "track", "event": "Signed Up"}))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        notes = record_notifications(app)
        await pilot.press("f3")
        app.main_screen.event_editor.text_area.load_text('{"type": "track", oops}')
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: bool(notes), what="a notification")
    assert notes[0][0].startswith("Fix the event first: ") and notes[0][1]["severity"] == "error"
    assert json.loads(event_file.read_text()) == {"type": "track", "event": "Signed Up"}


async def test_a_bundled_sample_is_never_overwritten(make_app, workdir: Path) -> None:
    sample = bundled_events_dir() / "track.json"
    original = sample.read_bytes()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert app.main_screen.selection.key.endswith(":track")
        await pilot.press("f3")
        app.main_screen.event_editor.text_area.load_text('{"type": "track", "event": "Edited"}')
        await pilot.pause()
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, PathDialog), what="the save-as dialog")
        assert app.screen.title_text.startswith("The bundled samples are never overwritten.")
        assert app.screen.query_one(Input).value == "events/track-edited.json"
        await pilot.press("enter")
        await pilot.pause()
    assert sample.read_bytes() == original
    assert json.loads((workdir / "events" / "track-edited.json").read_text())["event"] == "Edited"


async def test_save_and_quit_saves_edited_events_as_new_files(make_app, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        editor = app.main_screen.event_editor
        await pilot.press("f3")
        editor.text_area.load_text('{"type": "track", "event": "Kept"}')
        await pilot.pause()
        identify = next(event.key for event in app.main_screen.picker.events if event.key.endswith(":identify"))
        app.main_screen.selection.select(identify)
        editor.text_area.load_text('{"type": "identify",')
        await pilot.pause()
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog), what="the quit dialog")
        items = app.screen.unsaved
        assert items == ["event track, edited: saved as a new file, events/track-edited.json",
                         ("event identify, edited: not a valid event, so saved as it is to a new file, "
                          "events/identify.unsaved.json, which no suite runs")]
        await pilot.press("s")
        await wait_until(pilot, lambda: not app.is_running, what="the app to exit")
    assert json.loads((workdir / "events" / "track-edited.json").read_text())["event"] == "Kept"
    assert (workdir / "events" / "identify.unsaved.json").read_text() == '{"type": "identify",'


async def test_save_and_quit_saves_an_edited_event_of_ones_own_over_its_file_as_ctrl_s_does(make_app, workdir: Path) -> None:
    # A probe: "Save and quit" wrote events/mine-edited.json beside the user's events/mine.json, which ctrl+s saves over.
    own = workdir / "events" / "mine.json"
    own.parent.mkdir()
    own.write_text('{"type": "track", "event": "Mine"}')
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert app.main_screen.selection.key.endswith("mine.json")
        await pilot.press("f3")
        app.main_screen.event_editor.text_area.load_text('{"type": "track", "event": "Mine, edited"}')
        await pilot.pause()
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog), what="the quit dialog")
        assert app.screen.unsaved == ["event events/mine.json, edited: saved over its file, events/mine.json"]
        await pilot.press("s")
        await wait_until(pilot, lambda: not app.is_running, what="the app to exit")
    assert json.loads(own.read_text())["event"] == "Mine, edited"
    assert sorted(path.name for path in own.parent.iterdir()) == ["mine.json"]


async def test_har_export_refuses_a_missing_folder_and_counts_requests(make_app, loopback, workdir: Path) -> None:
    app = make_app(FETCHES, "--setting", f"endpoint={loopback.base}", schema=[{"label": "Endpoint"}])
    notes = record_notifications(app)

    async def export(path: str) -> str:
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, PathDialog), what="the export dialog")
        app.screen.query_one(Input).value = path
        await pilot.press("enter")
        await wait_until(pilot, lambda: notes and notes[-1][1].get("title") in ("HAR", "HAR not exported"),
                         what="the export's notice")
        return notes.pop()[0]

    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f4")
        message = await export("missing/folder/run.har")
        assert "There is no folder missing/folder" in message
        assert not (workdir / "missing").exists()
        message = await export("run.har")
        assert message.startswith("Exported 1 request to run.har.")
        assert json.loads((workdir / "run.har").read_text())["log"]["entries"]
        message = await export("x" * 300 + ".har")
        assert message.count("cannot write") == 1 and "Could not write" not in message


async def test_settings_with_names_that_are_not_ids_and_a_fixed_length_mask(make_app, workdir: Path) -> None:
    schema = [{"label": "API Key", "name": "api.key", "sensitive": True}, {"label": "Region", "name": "region/eu"}]
    app = make_app(SIMPLE_HANDLER, "--reveal-secrets", schema=schema,
                   settings={"api.key": "a-rather-long-secret-value", "region/eu": "x"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), what="the settings screen")
        secret = app.screen.query_one("#setting-0", Input)
        assert secret.value == "" and secret.placeholder.startswith(HIDDEN + " ")
        app.screen.query_one("#reveal").value = True
        await pilot.pause()
        assert secret.value == "a-rather-long-secret-value" and not secret.password
        app.screen.query_one("#reveal").value = False
        await pilot.pause()
        assert secret.value == "" and secret.password
        app.screen.query_one("#setting-1", Input).value = "y"
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
    saved = json.loads((workdir / "segtui.settings.json").read_text())
    assert saved == {"api.key": "a-rather-long-secret-value", "region/eu": "y"}


async def test_the_settings_show_no_secret_without_reveal_secrets(make_app) -> None:
    app = make_app(SIMPLE_HANDLER, schema=[{"label": "API Key", "sensitive": True}], settings={"apiKey": "kept-secret-1"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), what="the settings screen")
        assert not app.screen.query("#reveal") and app.screen.query_one("#setting-0", Input).password


async def test_a_secret_typed_in_the_settings_replaces_the_old_one(make_app, workdir: Path) -> None:
    schema = [{"label": "API Key", "sensitive": True}]
    app = make_app(SIMPLE_HANDLER, schema=schema, settings={"apiKey": "old"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), what="the settings screen")
        app.screen.query_one("#setting-0", Input).focus()
        await pilot.press(*"new-one")
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
    assert json.loads((workdir / "segtui.settings.json").read_text()) == {"apiKey": "new-one"}


async def test_quitting_when_nothing_can_be_saved_offers_no_save_and_quit_key(make_app) -> None:
    # A user's day: the only edit could not be saved (then invalid JSON; now an emptied event), so the quit dialog
    # offered no "Save and quit" button, yet its footer still listed "s Save and quit" (pressing it did nothing).
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f3")
        app.main_screen.event_editor.text_area.load_text("  \n")
        await pilot.pause()
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog), what="the quit dialog")
        assert app.screen.unsaved == ["event track, edited: empty, so there is nothing to save"]
        await pilot.pause()
        footer = screen_rows(app)[-1]
        assert "Quit without saving" in footer and "Save and quit" not in footer, footer
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, QuitDialog) and app.is_running
        await pilot.press("d")
        await wait_until(pilot, lambda: not app.is_running, what="the app to exit")


async def test_an_edited_sample_request_is_saved_under_requests(make_app, workdir: Path) -> None:
    # A user's day with a source function: saving the edited webhook-json sample offered events/webhook-json-edited.json
    # beside the requests/ folder holding the user's own requests, under "Save the edited event", and without the note
    # that bundled samples are never overwritten; quitting would have saved it there too.
    app = make_app("async function onRequest(request) { Segment.track({ event: 'A', userId: 'u' }); }")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        editor = app.main_screen.event_editor
        assert editor.event is not None and editor.event.source.name == "webhook-json"
        await pilot.press("f3")
        editor.text_area.load_text('{"method": "POST", "url": "https://fn.example/", "body": {"a": 1}}')
        await pilot.pause()
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog), what="the quit dialog")
        assert app.screen.unsaved == ["request webhook-json, edited: saved as a new file, requests/webhook-json-edited.json"]
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, QuitDialog), what="the quit dialog to close")
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, PathDialog), what="the save-as dialog")
        assert app.screen.query_one(Input).value == "requests/webhook-json-edited.json"
        assert app.screen.title_text == ("The bundled samples are never overwritten. "
                                         "Save the edited request as a new file")
        await pilot.press("enter")
        await wait_until(pilot, lambda: (workdir / "requests" / "webhook-json-edited.json").exists(), what="the save")
