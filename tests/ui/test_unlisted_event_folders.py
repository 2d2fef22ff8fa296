"""A folder of events that may not be listed is a read-only entry in the picker: it says why, offers no edit or save."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support.file_modes import mode_bound
from support.watching_debugger import APP_WITH_NOTICES

PICKED = APP_WITH_NOTICES + """    async with app.run_test(size=(140, 40)) as pilot:
        screen = app.main_screen
        await pilot.press("f2", *"locked", "enter")
        for _ in range(600):
            if screen.selection.key.endswith("locked") and len(screen.history) and not screen.running:
                break
            await pilot.pause(0.05)
        await pilot.press("f3")
        await pilot.pause()
        editor = screen.event_editor
        before = editor.text_area.text
        await pilot.press("x", "ctrl+s")
        await pilot.pause(0.3)
        print("text:", before.strip())
        print("typed:", editor.text_area.text == before)
        print("buttons:", [button.id for button in editor.query("Button") if button.display])
        print("said:", " ".join(editor.run_input()[2].split()))
    print(*shown, sep="\\n")

asyncio.run(main())
"""


@pytest.fixture
def locked_events(tmp_path: Path):
    (tmp_path / "handler.js").write_text("async function onTrack(event) { return 1; }\n", encoding="utf-8")
    (tmp_path / "events" / "locked").mkdir(parents=True)
    (tmp_path / "events" / "a.json").write_text('{"type": "track", "event": "A"}', encoding="utf-8")
    (tmp_path / "events" / "locked" / "b.json").write_text('{"type": "track", "event": "B"}', encoding="utf-8")
    (tmp_path / "events" / "locked").chmod(0o000)
    yield tmp_path
    (tmp_path / "events" / "locked").chmod(0o700)


def test_a_folder_of_events_that_may_not_be_listed_is_read_only_and_says_why(locked_events: Path) -> None:
    # A review: the entry offered "Fix it in the Event JSON pane (F3)", F3 showed "// Permission denied", and saving
    # said "cannot write events/locked: Is a directory".
    wrapper = mode_bound(locked_events / "events" / "locked")
    done = subprocess.run([*wrapper, sys.executable, "-c", PICKED, str(locked_events)], capture_output=True, text=True,
                          timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    assert lines[:4] == [
        "text: // events/locked: cannot list this folder of events: Permission denied",
        "typed: True",
        "buttons: []",
        ("said: events/locked: cannot list this folder of events: Permission denied segtui may not list this folder, so "
        "the events in it cannot be shown or run until it may read the folder."),
    ], done.stdout + done.stderr[-3000:]
    assert [line for line in lines[4:] if "not saved" in line] == [
        "Event not saved: events/locked is a folder segtui may not list: there is nothing to save."], done.stdout
    assert sorted(path.name for path in (locked_events / "events").iterdir()) == ["a.json", "locked"]
