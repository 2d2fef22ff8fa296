"""An event file that holds a secret of the session, shown in the Event JSON pane (F3): masked as every other view of
the TUI is unless --reveal-secrets, read-only, its runs given the file's event, and its file never written with a mask."""

from __future__ import annotations

import json
from pathlib import Path

from segtui.masking import MASK
from ui.helpers import record_notifications, screen_rows, wait_for_runs, wait_until

SCHEMA = [{"label": "API Key", "sensitive": True}]
KEY = "hunter2-secret-Zq9"
COMPARES = """\
async function onTrack(event, settings) {
  return { same: event.properties.key === settings.apiKey };
}
"""


def write_event(workdir: Path) -> Path:
    path = workdir / "withkey.json"
    path.write_text(json.dumps({"type": "track", "event": "E", "properties": {"key": KEY}}, indent=2) + "\n")
    return path


async def open_event_json(pilot) -> None:
    await wait_for_runs(pilot, 1)
    await pilot.press("f3")
    await wait_until(pilot, lambda: pilot.app.main_screen.event_editor.display, what="the event editor")
    await pilot.pause()


async def test_an_event_holding_a_secret_is_masked_read_only_and_never_saved_masked(make_app, workdir: Path) -> None:
    path = write_event(workdir)
    before = path.read_bytes()
    app = make_app(COMPARES, "--event", "withkey.json", schema=SCHEMA, settings={"apiKey": KEY})
    async with app.run_test(size=(140, 40)) as pilot:
        await open_event_json(pilot)
        editor = app.main_screen.event_editor
        assert KEY not in editor.text_area.text and MASK in editor.text_area.text
        assert not any(KEY in row for row in screen_rows(app))
        assert editor.text_area.read_only
        notes = record_notifications(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert any("not saved" in options.get("title", "") for _, options in notes), notes
        assert path.read_bytes() == before, "the file keeps the user's own secret"
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.shown.invocation.return_value == {"same": True}, "the run got the file's event"


async def test_with_reveal_secrets_the_event_shows_its_secret_and_is_editable(make_app, workdir: Path) -> None:
    write_event(workdir)
    app = make_app(COMPARES, "--event", "withkey.json", "--reveal-secrets", schema=SCHEMA, settings={"apiKey": KEY})
    async with app.run_test(size=(140, 40)) as pilot:
        await open_event_json(pilot)
        editor = app.main_screen.event_editor
        assert KEY in editor.text_area.text and not editor.text_area.read_only
