"""Secrets in the TUI: every view of a run is masked with that run's secrets, and masking fails closed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.node_forms import node_forms
from textual.widgets import DataTable, Static

from segtui.errors import SegtuiInputError
from segtui.ui.screens.dialogs import CopyDialog, PathDialog
from segtui.ui.screens.settings import SettingsScreen
from ui.helpers import SIMPLE_HANDLER, error_text, record_notifications, wait_for_runs, wait_until

SIZE = (140, 40)
SCHEMA = [{"label": "API Key", "sensitive": True}, {"label": "Endpoint"}]

LEAKS = """\
async function onTrack(event, settings) {
  throw new Error("rejected key " + settings.apiKey);
}
"""

SENDS_KEY = """\
async function onTrack(event, settings) {
  console.log("using", settings.apiKey);
  const response = await fetch(settings.endpoint + "/json?key=" + settings.apiKey, {
    headers: { "X-Trace": "trace-" + settings.apiKey },
  });
  return response.status;
}
"""


async def test_error_headlines_are_masked_in_the_pane_the_suite_and_the_editor(make_app) -> None:
    app = make_app(LEAKS, "--setting", "apiKey=hunter2-secret", schema=SCHEMA)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert "Error: rejected key ••••••" in error_text(app)
        assert "hunter2" not in error_text(app)
        subtitle = app.main_screen.code.border_subtitle
        assert "rejected key ••••••" in subtitle and "hunter2" not in subtitle
        await pilot.press("ctrl+t")
        total = len([event for event in app.main_screen.picker.events if event.source.ok])
        await wait_for_runs(pilot, 1 + total, timeout=60)
        table = app.main_screen.query_one("SuiteTable", DataTable)
        assert "Error: rejected key ••••••" in table.details.values()
        cells = [str(cell) for row in range(table.row_count) for cell in table.get_row_at(row)]
        assert not any("hunter2" in cell for cell in [*cells, *table.details.values()])


async def diff_after_the_key_changes(pilot, workdir: Path, key: str) -> str:
    """F8's text once the first run has ended and the settings file gave apiKey `key` for a second."""
    app = pilot.app
    await wait_for_runs(pilot, 1)
    (workdir / "segtui.settings.json").write_text(json.dumps({"apiKey": key}))
    await wait_for_runs(pilot, 2)
    await pilot.press("f8")
    await wait_until(pilot, lambda: "compared with" in str(app.main_screen.query_one("#diff-text").render()),
                     what="the diff")
    return str(app.main_screen.query_one("#diff-text").render())


async def test_a_diff_is_masked_with_the_secrets_of_both_runs(make_app, workdir: Path) -> None:
    app = make_app(LEAKS, schema=SCHEMA, settings={"apiKey": "first-key-aaaa"})
    async with app.run_test(size=SIZE) as pilot:
        diff = await diff_after_the_key_changes(pilot, workdir, "second-key-bbbb")
        assert "rejected key ••••••" in diff
        assert "first-key" not in diff and "second-key" not in diff


SPELLS_KEY = """\
async function onTrack(event, settings) {
  console.log("key:\\n" + [...settings.apiKey].join("\\n"));
  return {letters: [...settings.apiKey]};
}
"""


async def test_a_diff_masks_a_secret_spelled_across_its_lines(make_app, workdir: Path) -> None:
    # A leak probe: F8 split each run's return value and logs into lines and masked each line alone, so a key returned
    # as its characters ([...key], masked as items in Callback Return) or logged one character a line showed whole.
    app = make_app(SPELLS_KEY, schema=SCHEMA, settings={"apiKey": "Qw3rTy9UiOp2Lk"})
    async with app.run_test(size=SIZE) as pilot:
        diff = await diff_after_the_key_changes(pilot, workdir, "Zx8vBn1mKl7Qw5")
        shown = [line[2:].strip() for line in diff.splitlines()]
        for key in ("Qw3rTy9UiOp2Lk", "Zx8vBn1mKl7Qw5"):
            spelled = {f'"{char}",' for char in key} | {f'"{char}"' for char in key} | {f"LOG   {char}" for char in key}
            assert not spelled & set(shown), f"the diff spells {key}"
        assert '-     "••••••",' in diff and '+     "••••••",' in diff, "a changed secret still shows as a change"


async def test_raw_log_output_masks_a_secret_logged_a_character_a_message(make_app) -> None:
    # A leak probe: each message was masked alone, so `for (const c of key) console.log(c)` showed the key read down.
    from segtui.ui.widgets.log_view import LogView

    source = "async function onTrack(event, settings) { for (const c of settings.apiKey) console.log(c); }"
    app = make_app(source, schema=SCHEMA, settings={"apiKey": "Qw3rTy9UiOp2Lk"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert [line.text for line in app.main_screen.query_one(LogView).lines] == ["••••••"] * 14


async def test_the_notes_under_the_return_are_masked_and_escaped(make_app) -> None:
    # A leak probe: a setting read without a value is noted by the name the handler read, which was shown as it was.
    source = ("async function onTrack(event, settings) { settings[settings.apiKey];"
              " settings['\\x1b]0;' + settings.apiKey + '\\x07']; return 1; }")
    app = make_app(source, schema=SCHEMA, settings={"apiKey": "Qw3rTy9UiOp2Lk"})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        note = str(app.main_screen.query_one("#return-note", Static).render())
        assert "settings.•••••• was read but has no value" in note
        assert "Qw3rTy9UiOp2Lk" not in note and "\x1b" not in note and "\\x1b" in note


async def test_the_settings_file_in_an_events_folder_is_not_listed_as_an_event_to_open(make_app, workdir) -> None:
    # A leak probe: `--settings events/dev.settings.json` listed that file as a broken event, and F3 showed its secrets;
    # so did a values file of any name given with --settings.
    (workdir / "events").mkdir()
    (workdir / "events" / "refund.json").write_text(json.dumps({"type": "track", "event": "Refunded"}))
    for name in ("dev.settings.json", "values.json"):
        (workdir / "events" / name).write_text(json.dumps({"apiKey": "Qw3rTy9UiOp2Lk"}))
        app = make_app(SIMPLE_HANDLER, "--settings", f"events/{name}", schema=SCHEMA)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_runs(pilot, 1)
            listed = [event.key for event in app.main_screen.picker.events]
            assert any(key.endswith("events/refund.json") for key in listed)
            assert not any(key.endswith(name) for key in listed), listed
        (workdir / "events" / name).unlink()


async def test_an_earlier_run_is_shown_and_exported_with_its_own_secrets(make_app, loopback, workdir: Path) -> None:
    app = make_app(SENDS_KEY, schema=SCHEMA, settings={"apiKey": "first-secret-aaa", "endpoint": loopback.base})
    copied: list[str] = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        (workdir / "segtui.settings.json").write_text(
            json.dumps({"apiKey": "second-secret-bbb", "endpoint": loopback.base}))
        await wait_for_runs(pilot, 2)
        assert app.engine.config.network.secrets == ["second-secret-bbb"]
        await pilot.press("f9")
        history = app.main_screen.query_one("HistoryTable", DataTable)
        history.move_cursor(row=1)
        await pilot.press("enter")
        assert app.main_screen.shown.number == 1
        await pilot.press("f4")
        await pilot.pause()
        inspector = app.main_screen.query_one("RequestInspector")
        assert "first-secret" not in inspector.detail_plain
        assert "key=••••••" in inspector.detail_plain
        table = inspector.table
        assert not any("first-secret" in str(cell) for cell in table.get_row_at(0))
        await pilot.press("l")
        assert not any("first-secret" in str(table.get_row_at(row)[-1]) for row in range(table.row_count))
        await pilot.press("c")
        assert copied and "first-secret" not in copied[-1] and "trace-••••••" in copied[-1]
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, PathDialog), what="the export dialog")
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(workdir.glob("*.har")), what="the HAR file")
        har = next(workdir.glob("*.har")).read_text()
        assert "first-secret" not in har and "••••••" in har


TAGGED = """\
async function onTrack(event, settings) {
  const response = await fetch(settings.endpoint + "/json?tag=" + settings.tag + "&key=" + settings.apiKey);
  return response.status;
}
"""


async def test_new_secrets_reach_the_sandbox_that_masks_the_cassette(make_app, loopback, workdir: Path) -> None:
    app = make_app(TAGGED, "--record", "cassette.json", schema=[*SCHEMA, {"label": "Tag"}],
                   settings={"apiKey": "old-secret-111", "endpoint": loopback.base, "tag": "first"})
    cassette = workdir / "cassette.json"
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), what="the settings screen")
        app.screen.query_one("#setting-0").value = "new-secret-222"
        app.screen.query_one("#setting-2").value = "second"
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.shown.invocation.outcome == "success"
        await wait_until(pilot, lambda: cassette.exists() and "tag=second" in cassette.read_text(),
                         what="the second run's exchange in the cassette")
        assert "tag=second&key=••••••" in cassette.read_text()
        assert "new-secret-222" not in cassette.read_text()


async def test_curl_says_secrets_are_masked_and_how_to_reveal_them(make_app, loopback, monkeypatch) -> None:
    monkeypatch.delenv("TMUX", raising=False)
    monkeypatch.delenv("STY", raising=False)
    app = make_app(SENDS_KEY, schema=SCHEMA, settings={"apiKey": "hunter2-secret", "endpoint": loopback.base})
    copied: list[str] = []
    app.copy_to_clipboard = copied.append
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f4", "c")
        await pilot.pause()
        assert copied and "hunter2" not in copied[0]
        message = next(message for message, options in notes if options.get("title") == "curl")
        assert "Copied to the clipboard" in message
        assert "masked" in message and "--reveal-secrets" in message


async def test_inside_tmux_curl_is_also_shown_to_copy_by_hand(make_app, loopback, monkeypatch) -> None:
    monkeypatch.setenv("TMUX", "/tmp/tmux-0/default,1,0")
    app = make_app(SENDS_KEY, schema=SCHEMA, settings={"apiKey": "hunter2-secret", "endpoint": loopback.base})
    app.copy_to_clipboard = lambda text: None
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f4", "c")
        await wait_until(pilot, lambda: isinstance(app.screen, CopyDialog), what="the copy dialog")
        dialog = app.screen
        assert dialog.query_one("#copy-text").text.startswith("curl ")
        assert "hunter2" not in dialog.text
        notes = " ".join(str(note.render()) for note in dialog.query(".dialog-note"))
        assert "set-clipboard on" in notes and "--reveal-secrets" in notes
        await pilot.press("escape")
        assert not isinstance(app.screen, CopyDialog)


async def test_reveal_secrets_copies_curl_unmasked(make_app, loopback, monkeypatch) -> None:
    monkeypatch.delenv("TMUX", raising=False)
    app = make_app(SENDS_KEY, "--reveal-secrets", schema=SCHEMA,
                   settings={"apiKey": "hunter2-secret", "endpoint": loopback.base})
    copied: list[str] = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f4", "c")
        await pilot.pause()
        assert "key=hunter2-secret" in copied[0]


HARD_SECRET = "sk a~b*c!d'e(f)g\"h\\i+j=k&l é"

HARD_LEAKER = """\
async function onTrack(event, settings) {
  const k = settings.apiKey;
  console.log("key", k, {[k]: k});
  await fetch(settings.endpoint + "/json?" + new URLSearchParams({client_secret: k}) + "&e=" + encodeURIComponent(k)
              + "&x=" + escape(k), {method: "POST", body: JSON.stringify({k, [k]: true}),
                                    headers: {"X-Api-Key": k, Authorization: "Bearer " + k}});
  return {[k]: k, nested: JSON.stringify({k})};
}
"""


async def test_every_tui_view_and_export_hides_the_secret_in_every_encoding(make_app, loopback, workdir) -> None:
    app = make_app(HARD_LEAKER, schema=SCHEMA, settings={"apiKey": HARD_SECRET, "endpoint": loopback.base})
    copied: list[str] = []
    app.copy_to_clipboard = copied.append
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert app.main_screen.shown.invocation.outcome == "success"
        assert json.dumps(HARD_SECRET, ensure_ascii=False)[1:-1].encode() in loopback.take()[0].body
        view = app.main_screen.shown.view
        shown = [view.return_json.text, *(line.text for line in view.logs.lines)]
        await pilot.press("f4")
        await pilot.pause()
        shown.append(app.main_screen.query_one("RequestInspector").detail_plain)
        await pilot.press("c")
        await pilot.pause()
        shown += copied
        await pilot.press("h")
        await wait_until(pilot, lambda: isinstance(app.screen, PathDialog), what="the export dialog")
        await pilot.press("enter")
        await wait_until(pilot, lambda: any(workdir.glob("*.har")), what="the HAR file")
        shown.append(next(workdir.glob("*.har")).read_text())
    assert "••••••" in shown[0] and "••••••" in shown[-1]
    for text in shown:
        for form in node_forms(HARD_SECRET):
            assert form not in text


QUOTED_KEY = "sk_live_Q7wZ3xR9tY2uV5pL8mN4"


def broken_event(workdir: Path) -> Path:
    """An event file whose invalid JSON is on the line holding the secret, which the error quotes."""
    path = workdir / "events" / "broken.json"
    path.parent.mkdir(exist_ok=True)
    path.write_text('{"type": "track", "event": "x",\n "context": {"apiKey": "' + QUOTED_KEY + '", }\n}\n')
    return path


def test_an_invalid_event_file_given_at_start_is_reported_masked(make_app, workdir: Path) -> None:
    # A probe: `segtui handler.js --event events/broken.json` quoted the line holding the key; `segtui run` masked it.
    broken_event(workdir)
    with pytest.raises(SegtuiInputError) as raised:
        make_app(SIMPLE_HANDLER, "--event", "events/broken.json", schema=SCHEMA, settings={"apiKey": QUOTED_KEY})
    message = str(raised.value)
    assert '"apiKey": "••••••"' in message
    assert "Q7wZ3xR9" not in message


async def test_a_refused_run_quotes_the_invalid_event_masked(make_app, workdir: Path) -> None:
    # A probe: picking an event file whose invalid JSON held the key showed it in Callback Return ("Not run").
    broken_event(workdir)
    app = make_app(SIMPLE_HANDLER, schema=SCHEMA, settings={"apiKey": QUOTED_KEY})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        screen.selection.select(next(event.key for event in screen.picker.events if event.key.endswith("broken.json")))
        screen.request_run("event picked")
        await wait_for_runs(pilot, 2)
        assert screen.history.runs[-1].refused
        assert "invalid JSON" in error_text(app) and '"apiKey": "••••••"' in error_text(app)
        assert "Q7wZ3xR9" not in error_text(app)
        assert "Q7wZ3xR9" not in (screen.history.runs[-1].refused or "")


async def test_an_invalid_mock_file_is_quoted_masked_in_the_pane_and_the_suite_toast(make_app, workdir: Path) -> None:
    # A probe: a mock rule answering the URL the key is sent in, made invalid JSON: "Not run" and "Suite not run" quoted
    # the line with the key.
    (workdir / "mock.json").write_text("[]")
    app = make_app(SIMPLE_HANDLER, "--mock", "mock.json", schema=SCHEMA, settings={"apiKey": QUOTED_KEY})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        (workdir / "mock.json").write_text(
            '[{"url": "https://api.example.com/v1?api_key=' + QUOTED_KEY + '", "status": 200,}]')
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: "invalid JSON" in error_text(app), what="the refused run")
        assert "api_key=••••••" in error_text(app) and "Q7wZ3xR9" not in error_text(app)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: any(note.title == "Suite not run" for note in app._notifications),
                         what="the suite's refusal")
        toast = next(note.message for note in app._notifications if note.title == "Suite not run")
        assert "api_key=••••••" in toast and "Q7wZ3xR9" not in toast


async def test_toasts_are_masked(make_app) -> None:
    app = make_app(SIMPLE_HANDLER, schema=SCHEMA, settings={"apiKey": QUOTED_KEY})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        app.notify(f"could not read {QUOTED_KEY}", title=f"about {QUOTED_KEY}")
        await wait_until(pilot, lambda: len(app._notifications) > 0, what="the toast")
        note = next(iter(app._notifications))
        assert note.message == "could not read ••••••" and note.title == "about ••••••"
