"""The keys README lists are the keys the app binds, and F1 lists the bindings in force, remapped ones included."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from support.input_files import pipe_in_place
from textual import events
from textual.widgets import Markdown

from segtui.ui.app import SegtuiApp
from segtui.ui.screens.help import HelpScreen
from segtui.ui.screens.main import MainScreen
from ui.helpers import record_notifications, screen_rows, wait_for_runs, wait_until, write

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_keys() -> set[str]:
    section = README.read_text(encoding="utf-8").split("## Keys", 1)[1].split("\n## ", 1)[0]
    keys = set()
    for row in section.splitlines():
        cells = [cell.strip() for cell in row.strip().strip("|").split("|")]
        if len(cells) < 2 or cells[0] in ("key", "---"):
            continue
        for cell in cells[0::2]:
            keys.update(key.strip().lower() for key in cell.split(" / ") if key.strip())
    return keys


def bound_keys() -> set[str]:
    keys = {SegtuiApp.COMMAND_PALETTE_BINDING}
    for binding in [*SegtuiApp.BINDINGS, *MainScreen.BINDINGS]:
        keys.update(key.strip() for key in binding.key.split(","))
    return keys


def test_readmes_key_table_is_the_apps_bindings():
    assert readme_keys() == bound_keys()


async def test_f1_lists_the_bindings_in_force_with_the_users_remapping(make_app, tmp_path, monkeypatch) -> None:
    keymap = tmp_path / "keymap.json"
    keymap.write_text(json.dumps({"run": "ctrl+e"}))
    monkeypatch.setenv("SEGTUI_KEYMAP", str(keymap))
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+e")
        await wait_for_runs(pilot, 2)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help screen")
        shown = app.screen.query_one(Markdown).source
        run_row = next(line for line in shown.splitlines() if "Run the selected event" in line)
        assert "**^e**" in run_row and "f5" not in run_row.lower()
        for description in ("Save the handler and run again", "Pick the event to run", "Quit"):
            assert re.search(rf"\| .+ \| {re.escape(description)}", shown), description


async def test_f1_lists_segtuis_own_keys_before_the_editors_cursor_keys(make_app) -> None:
    # A new user's trial at 80x24: F1 in the editor listed some forty of TextArea's keys (cursor up, page right,
    # select word left, …) two rows each before ctrl+r, F2 or ctrl+q, the keys a newcomer opens help to find.
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help screen")
        rows = [line for line in app.screen.query_one(Markdown).source.splitlines() if line.startswith("| **")]
        where = {what: next(i for i, row in enumerate(rows) if what in row)
                 for what in ("Run the selected event", "Pick the event to run", "Quit", "Cursor up", "Start of file")}
        assert max(where["Run the selected event"], where["Pick the event to run"], where["Quit"]) < where["Cursor up"]
        assert where["Quit"] < where["Start of file"]


def test_a_keymap_naming_no_key_is_refused_saying_which(tmp_path):
    # A probe: {"run": "not a key!!"} was applied, taking ctrl+r and F5 away and showing "not a key!! Run" in the footer.
    from segtui.errors import SegtuiInputError
    from segtui.ui.keymap import KeymapFile, load_keymap

    keymap = tmp_path / "keymap.json"
    keymap.write_text(json.dumps({"suite": "ctrl+u", "run": "ctrl+enter, not a key!!"}))
    with pytest.raises(SegtuiInputError, match="run: 'not a key!!' is not a key"):
        load_keymap(KeymapFile(keymap, named=True))
    keymap.write_text(json.dumps({"run": "ctrl+enter,f5", "save": "ctrl+shift+s", "help": "question_mark,?"}))
    assert load_keymap(KeymapFile(keymap, named=True))["help"] == "question_mark,?"


def test_a_named_pipe_as_the_keymap_in_the_config_folder_is_refused(tmp_path, monkeypatch):
    # Read as the app mounts, it waited for ever for a writer: a blank screen no key could leave.
    from segtui.errors import SegtuiInputError
    from segtui.ui.keymap import keymap_path, load_keymap

    monkeypatch.delenv("SEGTUI_KEYMAP", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    (tmp_path / "segtui").mkdir()
    with pipe_in_place(tmp_path / "segtui" / "keymap.json"), pytest.raises(SegtuiInputError, match="is a named pipe"):
        load_keymap(keymap_path())


def test_keymap_path_says_whether_segtui_keymap_named_it_and_that_decides_a_pipe(tmp_path, monkeypatch):
    # Whether a pipe was taken was worked out again from the environment as the file was read, beside keymap_path.
    from segtui.errors import SegtuiInputError
    from segtui.ui.keymap import KeymapFile, keymap_path, load_keymap

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    monkeypatch.setenv("SEGTUI_KEYMAP", str(tmp_path / "mine.json"))
    assert keymap_path() == KeymapFile(tmp_path / "mine.json", named=True)
    monkeypatch.delenv("SEGTUI_KEYMAP")
    found = keymap_path()
    assert found == KeymapFile(tmp_path / "segtui" / "keymap.json", named=False)
    (tmp_path / "segtui").mkdir()
    monkeypatch.setenv("SEGTUI_KEYMAP", str(found.path))
    with pipe_in_place(found.path), pytest.raises(SegtuiInputError, match="is a named pipe"):
        load_keymap(found)
    with pipe_in_place(found.path), pytest.raises(SegtuiInputError, match="invalid JSON"):
        load_keymap(KeymapFile(found.path, named=True))  # read: what the pipe gave (nothing) is no JSON


@pytest.mark.parametrize(("keys", "kind"), [(5, "a number"), (["f5", "ctrl+r"], "an array"), (None, "null")])
def test_a_keymap_entry_that_is_no_string_is_refused_naming_it(tmp_path, keys, kind):
    # A new user's probe: {"suite": 5} was refused as "expected a JSON object of binding id → keys", which it was.
    from segtui.errors import SegtuiInputError
    from segtui.ui.keymap import KeymapFile, load_keymap

    keymap = tmp_path / "keymap.json"
    keymap.write_text(json.dumps({"run": "f5", "suite": keys}))
    with pytest.raises(SegtuiInputError) as raised:
        load_keymap(KeymapFile(keymap, named=True))
    assert str(raised.value) == f'{keymap}: suite: expected its keys as a string, such as "f5" or "ctrl+r,f5", got {kind}'


async def test_a_keymap_id_no_binding_has_is_warned_of_and_the_rest_applied(make_app, tmp_path, monkeypatch) -> None:
    # A probe: {"runn": "f5"} was ignored without a word.
    keymap = tmp_path / "keymap.json"
    keymap.write_text(json.dumps({"runn": "f5", "run": "ctrl+e"}))
    monkeypatch.setenv("SEGTUI_KEYMAP", str(keymap))
    app = make_app()
    notes = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        await wait_until(pilot, lambda: notes, what="the keymap's warning")
        message, options = notes[0]
        assert "no key binding has the id 'runn' (did you mean \"run\"?); the others are applied." in message
        assert options.get("severity") == "warning"
        await pilot.press("ctrl+e")
        await wait_for_runs(pilot, 2)


async def test_keys_typed_in_a_burst_edit_in_the_order_they_were_typed(make_app) -> None:
    # A burst (keys arriving while the app's loop is busy, say drawing a run's result): Textual ran a bound key such as
    # backspace only once it had bubbled up to the app, after the characters typed behind it (textual#6605).
    app = make_app("async function onTrack(event) { /*abcd*/\n  return 1;\n}\n")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        for editor, line, typed in [(screen.code.editor, 0, "//Z"), (screen.event_editor.text_area, 1, '"x",')]:
            editor.focus()
            end = len(editor.document.get_line(line))
            editor.move_cursor((line, end))
            await pilot.pause()
            expected = editor.document.get_line(line)[:-9] + typed
            for key in ["backspace"] * 9 + ["left", "right"] + list(typed):
                app.post_message(events.Key(key, key if len(key) == 1 else None))
            await wait_until(pilot, lambda editor=editor, line=line, expected=expected:
                             editor.document.get_line(line) == expected, timeout=5)


async def test_ctrl_home_and_ctrl_end_go_to_the_start_and_end_of_the_file(make_app) -> None:
    # Textual's TextArea binds neither: a new user found no way to the top of a long handler but scrolling.
    app = make_app("async function onTrack(event) {\n  return 1;\n}\n// last line")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_runs(pilot, 1)
        editor = app.main_screen.code.editor
        editor.focus()
        editor.move_cursor((1, 3))
        await pilot.press("ctrl+end")
        assert editor.cursor_location == editor.document.end == (3, 12)
        await pilot.press("ctrl+home")
        assert editor.cursor_location == (0, 0)
        await pilot.press("ctrl+shift+end")
        assert editor.selected_text == editor.text
        await pilot.press("ctrl+end", "ctrl+shift+home")
        assert editor.selected_text == editor.text and editor.cursor_location == (0, 0)


async def test_enter_keeps_the_indentation_of_the_line_it_breaks(make_app) -> None:
    # A new user's trial: writing a handler in segtui, each enter put the cursor at column 0, to indent by hand.
    app = make_app("async function onTrack(event) {\n  if (event.userId) {\n\treturn 1;\n  }\n}\n")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_runs(pilot, 1)
        editor = app.main_screen.code.editor
        editor.focus()
        editor.move_cursor((1, len(editor.document.get_line(1))))
        await pilot.press("enter", *"x;")
        editor.move_cursor((3, len(editor.document.get_line(3))))
        await pilot.press("enter", *"y;", "home", "enter")
        assert editor.text.splitlines()[1:6] == ["  if (event.userId) {", "  x;", "\treturn 1;", "\t", "\ty;"]


async def test_a_keymap_giving_a_key_already_bound_warns_of_the_clash(make_app, tmp_path, monkeypatch) -> None:
    # A new user's trial: {"run": "ctrl+t"} took the suite's key without a word; the footer dropped "^t Suite" and
    # the suite could only be run from the palette.
    keymap = tmp_path / "keymap.json"
    keymap.write_text(json.dumps({"run": "ctrl+t", "suite": "ctrl+u", "save": "ctrl+o"}))
    monkeypatch.setenv("SEGTUI_KEYMAP", str(keymap))
    app = make_app()
    notes = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        await wait_until(pilot, lambda: notes, what="the keymap's warning")
        assert [message.split(": ", 1)[1] for message, _ in notes] == [
            "ctrl+o is the key of 'save' and 'settings', and only one of them can run: give the other another key.",
            ("ctrl+u, given to 'suite', is the editors' key to delete to line start: in the code and event editors it "
             "does that instead; give 'suite' another key to use it there.")]
        assert notes[0][1].get("severity") == "warning"


async def test_a_keymap_giving_a_binding_an_editors_key_warns_unless_the_binding_has_priority(make_app, tmp_path,
                                                                                            monkeypatch) -> None:
    # A new user's trial with the README's own example, {"suite": "ctrl+u"}: in the code editor, where the focus starts,
    # ctrl+u deleted to the line's start and ran no suite, without a word. "run" has priority: ctrl+e runs there.
    keymap = tmp_path / "keymap.json"
    keymap.write_text(json.dumps({"suite": "ctrl+l,ctrl+k", "run": "ctrl+e"}))
    monkeypatch.setenv("SEGTUI_KEYMAP", str(keymap))
    app = make_app()
    notes = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        await wait_until(pilot, lambda: notes, what="the keymap's warning")
        assert [message.split(": ", 1)[1] for message, _ in notes] == [
            ("ctrl+k, given to 'suite', is the editors' key to delete to line end: in the code and event editors it "
             "does that instead; give 'suite' another key to use it there.")]


async def test_the_footer_offers_f3_back_to_the_code_from_the_event_editor(make_app) -> None:
    # A new user's trial: in the event editor the footer still read "f3 Event JSON", and nothing said how to get back
    # to the handler's code.
    app = make_app("async function onTrack(event) { throw new Error('x'); }\n")
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen

        def f3() -> str:
            return screen.active_bindings["f3"].binding.description

        assert f3() == "Event JSON"
        await pilot.press("f3")
        assert screen.query_one("#top").current == "event-editor" and f3() == "Code"
        await pilot.press("f3")
        assert screen.query_one("#top").current == "code-pane" and f3() == "Event JSON"
        await pilot.press("f3", "ctrl+g")
        assert screen.query_one("#top").current == "code-pane" and f3() == "Event JSON"


async def test_f1_in_an_editor_says_how_tab_and_escape_work_there_and_they_do(make_app) -> None:
    # A new user's trial in tmux: tab, pressed to move on from the code, indented it (five tabs in the handler before
    # it was noticed); F1 listed shift+tab but neither what tab does there nor that escape leaves the editor.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        for editor, toggle in ((screen.code.editor, None), (screen.event_editor.text_area, "f3")):
            if toggle:
                await pilot.press(toggle)
            await wait_until(pilot, lambda editor=editor: app.focused is editor, what="the editor focused")
            await pilot.press("f1")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help screen")
            shown = app.screen.query_one(Markdown).source
            assert "**tab** indents here: **escape** leaves the" in shown
            await pilot.press("escape")
            await wait_until(pilot, lambda: isinstance(app.screen, MainScreen), what="the help closed")
            text = editor.text
            await pilot.press("tab")
            assert editor.text != text and app.focused is editor
            await pilot.press("escape")
            assert app.focused is not editor
            editor.focus()
            await pilot.press("ctrl+z")


async def test_f1_in_the_suite_says_it_does_not_check_goldens_and_what_does(make_app) -> None:
    # A new user with goldens written by `segtui test --update` ran ctrl+t and looked for pass/fail in vain.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: not app.main_screen.running and app.main_screen.results.suite.display,
                         what="the suite")
        app.main_screen.results.suite.focus()
        await pilot.press("f1")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), what="the help screen")
        assert "`segtui test HANDLER` in a terminal checks each run against the goldens" in \
            app.screen.query_one(Markdown).source


async def test_a_key_dropped_for_room_comes_back_when_a_later_drop_left_room_for_it(make_app) -> None:
    # A new user's trial at 100 columns: the event editor's footer ended in eleven blank cells but had no "f3 Code",
    # dropped before the wider "^\ Reset event" whose leaving made room for it; in Requests, "f2 Events" likewise.
    app = make_app("async function onTrack(event) { await fetch('http://127.0.0.1:9/'); }\n", "--offline")
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_runs(pilot, 1)

        def footer() -> str:
            return screen_rows(app)[-1]

        await pilot.press("f3")
        await wait_until(pilot, lambda: "Save event" in footer(), what="the event editor's footer")
        assert "f3 Code" in footer() and "^\\ Reset event" not in footer()
        assert footer().rstrip().endswith("^p palette")
        await pilot.press("f3", "f4")
        await wait_until(pilot, lambda: "Copy as curl" in footer(), what="the requests' footer")
        assert "f2 Events" in footer() and footer().rstrip().endswith("^p palette")


async def test_the_palette_offers_one_help_segtuis(make_app) -> None:
    # A new user's trial: ctrl+p, "keys" found "Help: Keys and workflow (F1)" and Textual's "Keys", a side panel
    # listing some forty of the editor's cursor keys before ctrl+r, and squeezing the panes.
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        titles = [command.title for command in app.get_system_commands(app.main_screen)]
        assert "Help" in titles and "Keys" not in titles


async def test_a_dialogs_footer_lists_its_own_keys_not_the_main_screens(make_app) -> None:
    # A new user's trial: with the settings open the footer still read "^r Run  f2 Events  f1 Help", none of which did
    # anything there, and said nothing of ctrl+n or ctrl+s.
    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)

        def footer() -> str:
            return screen_rows(app)[-1]

        for key, shown in (("ctrl+o", "^s Save settings  ^n Add setting  esc Cancel"), ("f1", "esc Close")):
            await pilot.press(key)
            await wait_until(pilot, lambda shown=shown: shown in footer(), what=f"the footer after {key}")
            assert "Run" not in footer() and "f2 Events" not in footer()
            await pilot.press("escape")
            await wait_until(pilot, lambda: "^r Run" in footer(), what="the main screen's footer again")


async def test_the_suite_says_which_event_files_it_leaves_out_as_unreadable(make_app, workdir) -> None:
    # A new user's trial: with events/bad.json (invalid JSON) and events/odd.json (an unknown type) beside the handler,
    # ctrl+t ran the others and ended "19 events: …" without a word of the two (`segtui test` refuses the suite).
    write(workdir / "events" / "bad.json", '{"type": "track" "event": "x"}')
    write(workdir / "events" / "odd.json", '{"type": "purchase"}')
    write(workdir / "events" / "good.json", '{"type": "track", "event": "fine"}')
    app = make_app()
    notes = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: not app.main_screen.running and app.main_screen.results.suite.display,
                         what="the suite")
        said = [message for message, options in notes if options.get("title") == "Suite"]
        assert any("2 event files could not be read and are not run: events/bad.json, events/odd.json (" in message for message in said), said


async def test_ctrl_c_says_in_plain_words_which_key_quits(make_app):
    # A new user's trial: the toast read `Press [b]ctrl+q[/b] to quit the app`, Textual's markup shown as text.
    app = make_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        shown = record_notifications(app)
        await pilot.press("f6", "ctrl+c")  # in the output, not the editor (where ctrl+c copies)
        await wait_until(pilot, lambda: bool(shown))
        assert shown == [("Press ctrl+q to quit the app", {"title": "Do you want to quit?"})]
