"""The TUI writes no control character of the user's to the terminal: the editors, the syntax error, the toasts."""

from __future__ import annotations

from textual.widgets import OptionList, Static, TextArea

from segtui.commands.tui import build_parser, make_setup
from segtui.ui.app import SegtuiApp
from segtui.ui.session import FrozenClock
from segtui.ui.widgets.code_pane import CodeEditor
from ui.helpers import screen_rows, wait_for_runs, wait_until

RAW = "\x1b]0;TITLE\x07\x1b[2J\u202e"
CONTROLS = {"\x1b", "\x07", "\u202e"}
HANDLER = f"// a comment: {RAW}\nasync function onTrack(event) {{ return 1; }}\n\"{RAW}\n"


async def test_a_handler_holding_control_characters_shows_none_raw(make_app) -> None:
    app = make_app(HANDLER)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        await wait_for_runs(pilot, 1)
        editor = app.main_screen.query_one(CodeEditor)
        shown = "".join(segment.text for y in range(editor.size.height) for segment in editor.render_line(y))
        assert "a comment:" in shown and not CONTROLS & set(shown)
        error = str(app.main_screen.query_one("#error", Static).render())
        assert "\\x1b[2J" in error and not CONTROLS & set(error)
        app.notify(f"event file {RAW}", title=RAW)
        await wait_until(pilot, lambda: bool(app.screen.query("Toast")), what="the toast")
        text = app.screen.query_one("Toast").render().plain
        assert "\\x1b" in text and not CONTROLS & set(text)


async def test_an_event_file_whose_name_holds_control_characters_shows_them_escaped(make_app, workdir) -> None:
    (workdir / "events").mkdir()
    (workdir / "events" / f"odd{RAW}.json").write_text('{"type": "track", "event": "A"}')
    app = make_app(HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        picker = app.main_screen.picker
        event = next(event for event in picker.events if "odd" in event.key)
        shown = str(picker.query_one(OptionList).get_option(event.key).prompt)
        app.main_screen.selection.select(event.key)
        await pilot.pause()
        title = str(app.main_screen.event_editor.border_title)
        for text in (shown, title):
            assert "odd\\x1b" in text and not CONTROLS & set(text), text


async def test_a_handler_whose_name_holds_control_characters_titles_its_pane_escaped(workdir) -> None:
    (workdir / f"odd{RAW}.js").write_text(HANDLER)
    app = SegtuiApp(make_setup(build_parser().parse_args([f"odd{RAW}.js"])), clock=FrozenClock(), cursor_blink=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        title = str(app.main_screen.code.border_title)
        assert "odd\\x1b" in title and not CONTROLS & set(title), title


async def test_settings_whose_declaration_and_value_hold_control_characters_show_none_raw(make_app, workdir) -> None:
    """segtui.json's labels, names and descriptions reached the status line and the Settings Builder raw (a required
    one missing cleared the screen; opening ctrl+o on a value holding an OSC set the terminal's title)."""
    from textual.widgets import Input, Label

    from segtui.ui.screens.settings import SettingsScreen

    schema = [{"label": f"Key {RAW}", "name": f"key{RAW}", "type": "string", "required": True, "description": RAW},
              {"label": "Other", "name": "other", "type": "string"}]
    app = make_app(HANDLER, schema=schema, settings={"other": f"value{RAW}"})
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for_runs(pilot, 1)
        status = str(app.main_screen.status.render())
        assert "Missing required setting: key\\x1b" in status and not CONTROLS & set(status), status
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), what="the settings builder")
        await pilot.pause()
        labels = "".join(str(label.render()) for label in app.screen.query(Label))
        assert "Key \\x1b" in labels and not CONTROLS & set(labels)
        field = next(field for field in app.screen.query(Input) if field.value.startswith("value"))
        assert field.value == f"value{RAW}", "the value is kept as it was read"
        shown = "".join(segment.text for segment in field.render_line(0))
        assert "value" in shown and not CONTROLS & set(shown)


NAME = "odd\nline\tx\x1b[2J"
"""A file's name with a line feed, a tab and an escape: each label shows it `odd\\nline\\tx\\x1b[2J`, on one line."""
SHOWN = "odd\\nline\\tx\\x1b[2J"


def _raw(rows: list[str]) -> set[str]:
    return {"\n", "\t", "\x1b"} & set("".join(rows))


async def test_the_function_picker_lists_names_holding_line_feeds_tabs_and_escapes_one_a_row(tmp_path) -> None:
    # A probe: a handler named so took three rows, its tab moved the columns after it, its escape reached the terminal.
    from segtui.function_files.handler_code import list_functions
    from segtui.ui.function_picker import FunctionPicker

    for name in ("plain.js", f"{NAME}.js"):
        (tmp_path / name).write_text(HANDLER)
    picker = FunctionPicker(tmp_path, list_functions(tmp_path))
    async with picker.run_test(size=(100, 24)) as pilot:
        await pilot.pause()
        rows = screen_rows(picker)
        odd = [row for row in rows if "odd" in row]
        assert len(odd) == 1 and f"{SHOWN}.js" in odd[0] and not _raw(rows), rows
        plain = next(row for row in rows if "plain.js" in row)
        assert plain.index("destination") == odd[0].index("destination"), rows


async def test_an_event_file_and_handler_named_with_a_line_feed_show_one_line_in_every_label(workdir) -> None:
    (workdir / "events").mkdir()
    (workdir / "events" / f"{NAME}.json").write_text('{"type": "track", "event": "A"}')
    (workdir / f"{NAME}.js").write_text(HANDLER)
    app = SegtuiApp(make_setup(build_parser().parse_args([f"{NAME}.js"])), clock=FrozenClock(), cursor_blink=False)
    async with app.run_test(size=(160, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        event = next(event for event in app.main_screen.picker.events if "odd" in event.key)
        app.main_screen.selection.select(event.key)
        app.main_screen.request_run("picked")
        await wait_for_runs(pilot, 2)
        await pilot.pause()
        rows = screen_rows(app)
        assert not _raw(rows), rows
        # The code pane's and the event editor's titles, the picker's row, Callback Return's outcome line, the status line.
        assert sum(SHOWN in row for row in rows) >= 4, rows
        assert str(app.main_screen.code.border_title) == f"{SHOWN}.js"
        assert str(app.main_screen.event_editor.border_title) == f"Event: events/{SHOWN}.json"


async def test_a_return_logs_and_requests_holding_lone_surrogates_show_them_escaped(make_app) -> None:
    # A probe in tmux: a handler returning {'\ud800': 1} crashed the TUI (the Callback Return's editor encodes its text
    # as UTF-8, which refuses a lone surrogate); a log or a request URL holding one reached the terminal raw.
    app = make_app("async function onTrack(event) {\n  console.log('log \\ud800');\n"
                   "  return { ['\\ud800']: '\\udc00', pair: '\\ud83d\\ude00' };\n}\n")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        value = app.main_screen.query_one("#return-value", TextArea)
        assert value.text == '{\n  "\\ud800": "\\udc00",\n  "pair": "\U0001f600"\n}'
        assert any("log \\ud800" in line for line in screen_rows(app))
