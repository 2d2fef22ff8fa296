"""Keys that reach a text field in one burst (a fast typist, a slow link, the app busy drawing) apply in typed order."""

from __future__ import annotations

from textual import events
from textual.widgets import Input

from segtui.ui.screens.settings import SettingsScreen
from segtui.ui.widgets.request_inspector import RequestInspector
from ui.helpers import SIMPLE_HANDLER, open_builder, wait_for_runs, wait_until


def burst(app, keys: list[str]) -> None:
    """Post keys as the terminal driver does when they arrive in one read: all queued before any is handled."""
    for key in keys:
        character = {"backspace": "\x7f", "tab": "\t", "enter": "\r"}.get(key, key if len(key) == 1 else None)
        app.post_message(events.Key(key, character))


async def test_a_burst_of_typing_after_f2_reaches_the_filter_whole(make_app) -> None:
    # A new user's trial in tmux: backspaces then "track" sent at once to the filter holding "order" left "ordertr":
    # the characters went in first and the backspaces, run from the app, took them back out.
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        typed = app.main_screen.picker.query_one("#event-filter", Input)
        await pilot.press("f2")
        burst(app, list("orderx") + ["backspace"])
        await wait_until(pilot, lambda: "x" not in typed.value, what="the backspace")
        await pilot.pause()
        assert typed.value == "order"
        assert app.focused is typed
        burst(app, ["backspace"] * 3 + list("track"))
        await wait_until(pilot, lambda: len(typed.value) == 7, what="every key of the burst")
        await pilot.pause()
        assert typed.value == "ortrack"


async def test_backspaces_past_the_filters_start_in_a_burst_take_nothing_typed_after_them(make_app) -> None:
    # A new user's trial in tmux at 80x24: F2 over the filter "ord", then backspace three times and "batch" at once,
    # left "bat": the backspaces past the filter's start went from the list to the app's bindings, which ran them in
    # the filter (focused by then) after the characters typed behind them.
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        typed = app.main_screen.picker.query_one("#event-filter", Input)
        await pilot.press("f2", "o", "r", "d")
        await pilot.press("f2")
        burst(app, ["backspace"] * 3 + list("batch"))
        await wait_until(pilot, lambda: len(typed.value) >= 3 and typed.value[:3] == "bat", what="the burst")
        await pilot.pause(0.2)
        assert typed.value == "batch"


async def test_a_burst_typed_into_a_settings_value_keeps_its_order(make_app) -> None:
    # The same race in the Settings Builder: "eu-wesr", backspace, "t" in one burst saved "eu-wesr", the backspace
    # run after the "t" typed behind it.
    app = make_app("async function onTrack(event, settings) { return settings.region; }", settings={"region": "eu"})
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        await open_builder(pilot)
        builder = app.screen
        field = builder.field(next(index for index, row in enumerate(builder.rows) if row.spec.name == "region"))
        field.focus()
        await pilot.pause()
        field.cursor_position = len(field.value)
        burst(app, list("-wesr") + ["backspace"] + list("t"))
        await wait_until(pilot, lambda: len(field.value) == len("eu-west"), what="every key of the burst")
        await pilot.pause()
        assert field.value == "eu-west"


async def test_keys_typed_right_after_a_key_that_moves_the_focus_go_where_it_moved(make_app) -> None:
    # A new user's trial in tmux: F2 then "track" at once typed "track" into the code editor, not the filter: the
    # focus moved only after the keys already queued had gone to the old place. F3, ctrl+g and F4 did the same.
    app = make_app("async function onTrack(event, settings) {\n  throw new Error('x');\n}\n")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        code = screen.code.editor.text
        typed = screen.picker.query_one("#event-filter", Input)
        app.post_message(events.Key("f2", None))
        burst(app, list("track"))
        await wait_until(pilot, lambda: len(typed.value) == 5 or screen.code.editor.text != code, what="the burst")
        assert (typed.value, screen.code.editor.text) == ("track", code)
        app.post_message(events.Key("escape", None))
        app.post_message(events.Key("f3", None))
        burst(app, list("{}"))
        area = screen.event_editor.text_area
        await wait_until(pilot, lambda: "{}" in area.text or screen.code.editor.text != code, what="the second burst")
        assert screen.code.editor.text == code
        app.post_message(events.Key("f3", None))
        app.post_message(events.Key("ctrl+g", None))
        burst(app, list("//"))
        await wait_until(pilot, lambda: screen.code.editor.text != code, what="the third burst")
        assert screen.code.editor.text.splitlines()[1] == "  throw //new Error('x');"  # at the error's column
        edited = screen.code.editor.text
        app.post_message(events.Key("f4", None))
        burst(app, ["l"])
        inspector = screen.query_one(RequestInspector)
        await wait_until(pilot, lambda: inspector.show_logs or screen.code.editor.text != edited, what="the l key")
        assert screen.code.editor.text == edited


async def test_keys_handed_to_the_event_list_before_the_focus_moved_still_reach_the_filter(make_app) -> None:
    # In tmux, F2 then "pagex" left "p" in the filter: the first key moved the focus to the filter, and the keys the
    # app had already handed to the list were dropped, the list no longer having the focus when it handled them.
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        picker = app.main_screen.picker
        typed = picker.query_one("#event-filter", Input)
        await pilot.press("f2", "t")
        await wait_until(pilot, lambda: app.focused is typed, what="the focus in the filter")
        for key in "rack":  # as the app hands a key to the focused widget: a forwarded key is not handed on again
            picker.option_list._forward_event(events.Key(key, key))
        await wait_until(pilot, lambda: typed.value == "track", timeout=5, what="every key in the filter")


async def test_characters_typed_right_after_ctrl_o_reach_the_first_setting(make_app) -> None:
    # A new user's trial in tmux: ctrl+o then '["A"]' at once opened the Settings Builder with nothing typed anywhere.
    app = make_app("async function onTrack(event, settings) { return settings.region; }", settings={"region": "eu"},
                   schema=[{"label": "Region"}])
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        code = app.main_screen.code.editor.text
        app.post_message(events.Key("ctrl+o", None))
        burst(app, list("us-1"))
        await wait_until(pilot, lambda: isinstance(app.screen, SettingsScreen), what="the settings builder")
        builder = app.screen
        field = builder.field(next(index for index, row in enumerate(builder.rows) if row.spec.name == "region"))
        await wait_until(pilot, lambda: field.value == "us-1", timeout=5, what="the characters in the first value")
        assert app.main_screen.code.editor.text == code


async def test_ctrl_r_right_after_a_burst_in_the_event_editor_runs_the_whole_edit(make_app) -> None:
    # A new user's trial in tmux: a line of the event retyped, then ctrl+r at once, ran what the JSON was halfway
    # through the typing ("Not run: invalid JSON"): the run took the last checked text, not the typed one.
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        await pilot.press("f3")
        area = screen.event_editor.text_area
        row = next(index for index, line in enumerate(area.text.splitlines()) if line.strip().startswith('"event"'))
        area.select_line(row)
        await pilot.pause()
        burst(app, list('"event": "Typed Fast",'))
        app.post_message(events.Key("ctrl+r", None))
        await wait_for_runs(pilot, 2)
        record = screen.history.runs[-1]
        assert record.refused is None
        assert record.invocation.return_value == {"ok": True, "event": "Typed Fast"}


async def test_ctrl_r_right_after_a_burst_in_the_code_editor_runs_the_whole_edit(make_app) -> None:
    # The same race in the handler's editor: the run took the code before the last keys typed reached the editor.
    app = make_app("async function onTrack(event, settings) {\n  return 1;\n}\n")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        editor = screen.code.editor
        editor.move_cursor((1, len("  return 1")))
        await pilot.pause()
        burst(app, list("23456789"))
        app.post_message(events.Key("ctrl+r", None))
        await wait_for_runs(pilot, 2)
        assert screen.history.runs[-1].invocation.return_value == 123456789


async def test_characters_typed_right_after_tab_in_a_form_go_to_the_field_tab_moved_to(make_app) -> None:
    # A new user's trial in tmux: in the Settings Builder, tab three times (past Edit… and Remove) then "/v2" at once
    # went into the API key above, masked, not into the endpoint: tab moved the focus only once the app had handed the
    # characters queued behind it to the old field. Shift+tab the same, back.
    app = make_app("async function onTrack(event, settings) { return settings.endpoint; }",
                   settings={"apiKey": "k1", "endpoint": "http://h"},
                   schema=[{"label": "API Key", "sensitive": True}, {"label": "Endpoint"}])
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        await open_builder(pilot)
        builder = app.screen
        key, endpoint = builder.field(0), builder.field(1)
        assert app.focused is key
        burst(app, ["tab"] * 3 + ["end", *"/v2"])
        await wait_until(pilot, lambda: "/v2" in endpoint.value or key.value != "", what="the burst")
        assert (key.value, endpoint.value) == ("", "http://h/v2")
        burst(app, ["shift+tab"] * 3 + list("k2"))
        await wait_until(pilot, lambda: key.value != "" or "k2" in endpoint.value, what="the second burst")
        assert (key.value, endpoint.value) == ("k2", "http://h/v2")
        burst(app, [*"3", "enter", "end", *"/v3"])  # enter goes on to the next value, as tab does
        await wait_until(pilot, lambda: "/v3" in key.value + endpoint.value, what="the third burst")
        assert (key.value, endpoint.value) == ("k23", "http://h/v2/v3")
