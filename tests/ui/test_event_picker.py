"""The event picker scales: Spec samples first, an NDJSON file as one row that opens, typing filters."""

from __future__ import annotations

import json

import pytest
from textual.content import Content
from textual.widgets import Input, OptionList

from ui.helpers import SIMPLE_HANDLER, screen_rows, wait_for_runs, wait_until, watching, write


@pytest.fixture
def refund(workdir):
    """An event file beside the handler, in `events/`, that a filter for "refund" finds."""
    (workdir / "events").mkdir()
    (workdir / "events" / "refund.json").write_text(json.dumps({"type": "track", "event": "Order Refunded"}))


def rows(app) -> list[str]:
    return [str(option.prompt) for option in app.main_screen.picker.option_list.options]


async def test_a_big_ndjson_file_is_one_row_and_the_track_sample_stays_the_default(make_app, workdir) -> None:
    (workdir / "many.ndjson").write_text("".join(json.dumps({"type": "track", "event": f"E{n}"}) + "\n"
                                                 for n in range(200)))
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert screen.selection.key == "Spec samples:track"
        shown = rows(app)
        assert shown[0] == "Spec samples"
        assert shown.index("Beside the handler") > shown.index("Spec samples")
        assert "▸ many.ndjson  200 events" in shown
        assert len(shown) < 60  # not 200 lines above everything else
        option_list = screen.picker.option_list
        option_list.focus()
        fold = next(index for index, option in enumerate(option_list.options) if (option.id or "").startswith("file:"))
        option_list.highlighted = fold
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(rows(app)) > 200, what="the file to open")
        assert "▾ many.ndjson  200 events" in rows(app)
        await pilot.press("enter")
        await wait_until(pilot, lambda: len(rows(app)) < 60, what="the file to close")


async def test_typing_in_the_list_filters_it_and_escape_clears_the_filter(make_app, refund) -> None:
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        picker = app.main_screen.picker
        everything = len(rows(app))
        picker.option_list.focus()
        await pilot.press(*"refund")
        assert picker.query_one("#event-filter", Input).value == "refund"
        shown = [row for row in rows(app) if "refund" in row]
        assert shown and len(rows(app)) <= 4
        await pilot.press("down")
        assert isinstance(app.focused, OptionList)
        await pilot.press("enter")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.selection.key.endswith("events/refund.json")
        picker.query_one("#event-filter", Input).focus()
        await pilot.press("escape")
        assert picker.query_one("#event-filter", Input).value == ""
        assert len(rows(app)) == everything


async def test_enter_in_the_filter_runs_the_match_and_backspace_and_escape_work_from_the_list(make_app, refund) -> None:
    # A new user's trial: enter in the filter ran nothing and moved to the list, where escape and backspace did
    # nothing, so the filter could only grow.
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        picker = app.main_screen.picker
        typed = picker.query_one("#event-filter", Input)
        everything = len(rows(app))
        typed.focus()
        await pilot.press(*"refundx")
        await pilot.press("backspace", "enter")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.selection.key.endswith("events/refund.json")
        assert isinstance(app.focused, OptionList)
        await pilot.press("backspace")
        assert typed.value == "refun" and len(rows(app)) < everything
        picker.option_list.focus()
        await pilot.press("escape")
        assert (typed.value, len(rows(app))) == ("", everything)
        assert isinstance(app.focused, OptionList)


async def test_an_event_path_with_brackets_is_shown_as_it_is_not_read_as_markup(make_app, workdir) -> None:
    folder = workdir / "events" / "a["
    folder.mkdir(parents=True)
    (folder / "b].json").write_text(json.dumps({"type": "track", "event": "Bracketed", "userId": "u"}))
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:  # "[/b]" read as markup closed no tag, and segtui crashed
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        screen.selection.select(next(event.key for event in screen.picker.events if event.key.endswith("a[/b].json")))
        await pilot.press("f3")
        await wait_until(pilot, lambda: "Bracketed" in screen.event_editor.text_area.text, what="the event's JSON")
        assert Content.from_markup(screen.event_editor.border_title or "").plain == "Event: events/a[/b].json"
        screen.event_editor.text_area.text = "{}"  # its problem quotes the path too, in the label under the editor
        label = screen.event_editor.query_one("#event-validation")
        await wait_until(pilot, lambda: "✖" in str(label.render()), what="the JSON problem")
        assert "a[/b].json" in str(label.render())


async def test_a_broken_ndjson_file_beside_the_handler_is_listed_broken_not_dropped(make_app, workdir) -> None:
    # A probe: an NDJSON file beside the handler with a bad line vanished from the picker without a word.
    (workdir / "bad.ndjson").write_text(json.dumps({"type": "track"}) + "\n" + json.dumps({"type": "bogus"}) + "\n")
    (workdir / "package.json").write_text('{"name": "not events"}')
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        shown = rows(app)
        assert any("bad.ndjson" in row and "✖" in row for row in shown), shown
        assert not any("package.json" in row for row in shown)


async def test_an_event_json_problem_says_where_then_what_is_wrong_without_the_events_name(make_app, workdir) -> None:
    # A probe: at 120 columns the buttons beside the line hid the reason ("Expecting ',' delimiter") behind the path,
    # which the pane's title gives already.
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        editor = app.main_screen.event_editor
        await pilot.press("f3")
        editor.text_area.load_text('{"type": "track"\n "event": "x"}')
        label = editor.query_one("#event-validation")
        await wait_until(pilot, lambda: "✖" in str(label.render()), what="the JSON problem")
        # A new user's trial: at 140 columns "✖ invalid JSON: Expecting property name enclosed in" was all there was
        # room for, the line and column cut off after the long reason.
        assert str(label.render()).startswith("✖ line 2 col 2 · invalid JSON: Expecting ',' delimiter")
        editor.text_area.load_text('{\n  "type": "identify", oops\n}')
        await wait_until(pilot, lambda: "line 2 col 23" in str(label.render()), what="the second problem")
        shown = str(label.render())[:label.content_region.width]  # what the bar has room for
        assert shown.startswith("✖ line 2 col 23 · invalid JSON: Expecting")


async def test_a_file_in_a_folder_shows_its_own_name_before_its_folder(make_app, workdir) -> None:
    # A probe found the files of a webhook-examples/ folder cut to the same "webhook-examples/iss…" in the pane.
    (workdir / "sample_events").mkdir()
    for name in ("issue-closed", "issue-opened"):
        (workdir / "sample_events" / f"{name}.json").write_text(json.dumps({"type": "track", "event": name}))
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        shown = [row for row in rows(app) if "issue-" in row]
        assert [row.split()[1:] for row in shown] == [["issue-closed", "sample_events/"], ["issue-opened", "sample_events/"]]


async def test_a_broken_ndjson_file_says_which_line_is_wrong_when_picked(make_app, workdir) -> None:
    # A new user's trial: picking a broken NDJSON file said "many.ndjson:2:1: invalid JSON: Extra data", quoting a good
    # line (the editor parsed the whole file as one event), and sent them to fix it in the Event JSON pane, which
    # cannot save NDJSON; `segtui run` names the bad line.
    lines = [json.dumps({"type": "track", "event": f"E{n}"}) for n in range(3)] + ["{bad json"]
    (workdir / "many.ndjson").write_text("\n".join(lines) + "\n")
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        broken = next(event for event in screen.picker.events if not event.source.ok)
        screen.picker.post_message(screen.picker.EventSelected(broken))
        await wait_for_runs(pilot, 2)
        refused = screen.shown.refused or ""
        assert "many.ndjson:4:2: invalid JSON: Expecting property name" in refused, refused
        assert "Extra data" not in refused and "Event JSON pane" not in refused
        assert "Fix the file in your editor" in refused


async def test_an_event_too_long_to_highlight_is_edited_unhighlighted_and_a_short_one_highlighted(make_app, workdir) -> None:
    """Textual's highlighting costs ~115 bytes a character of one long line: a 20 MB event took the TUI to 2.7 GB."""
    from segtui.ui.widgets.code_pane import syntax_language

    (workdir / "events").mkdir()
    (workdir / "events" / "long.json").write_text(json.dumps(
        {"type": "track", "event": "Long", "properties": {"x": "y" * 2_000_000}}))
    (workdir / "events" / "short.json").write_text(json.dumps({"type": "track", "event": "Short"}))
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        area = screen.event_editor.text_area
        assert screen.event_editor.event.source.path.name == "long.json"  # the first event file, selected at start
        assert area.language is None
        for name, language in (("short.json", syntax_language("json")), ("long.json", None)):
            event = next(event for event in screen.picker.events if event.path and event.path.name == name)
            screen.selection.select(event.key)
            await pilot.pause()
            assert area.language == language, name
            assert json.loads(area.text) == json.loads((workdir / "events" / name).read_text())


async def test_an_events_folder_made_while_segtui_runs_is_listed_and_watched(make_app, workdir) -> None:
    # A new user's trial: `mkdir requests` and request files written there while segtui ran never reached the picker.
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        await watching(pilot)
        (workdir / "events").mkdir()
        (workdir / "events" / "refund.json").write_text(json.dumps({"type": "track", "event": "Order Refunded"}))
        await wait_until(pilot, lambda: any("refund" in row for row in rows(app)), what="the new folder's event")
        (workdir / "events" / "signup.json").write_text(json.dumps({"type": "track", "event": "Signed Up"}))
        await wait_until(pilot, lambda: any("signup" in row for row in rows(app)), what="a later event in it")


async def test_typing_a_filter_highlights_its_first_match_not_the_event_selected_before(make_app, workdir) -> None:
    # A new user's trial: with events/identify-no-email.json selected, F2, "identify" and enter ran that file again,
    # not the identify sample listed first.
    (workdir / "events").mkdir()
    (workdir / "events" / "identify-no-email.json").write_text(json.dumps({"type": "identify", "userId": "u1"}))
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        assert app.main_screen.selection.key.endswith("identify-no-email.json")
        await pilot.press("f2", *"identify", "enter")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.selection.key.endswith(":identify")


async def test_f2_then_typing_starts_a_new_filter_instead_of_adding_to_the_last(make_app, workdir) -> None:
    # A new user's trial: F2, "identify", enter, then later F2, "track": the filter read "identifytrack" and matched
    # nothing.
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        typed = app.main_screen.picker.query_one("#event-filter", Input)
        await pilot.press("f2", *"identify", "enter")
        await wait_for_runs(pilot, 2)
        await pilot.press("f3", "f3", "f2", *"group")
        assert typed.value == "group"
        await pilot.press("f3", "f2", "down", "enter")  # the list filtered before is still there to pick from
        await wait_for_runs(pilot, 3)
        assert app.main_screen.selection.key.endswith("05-group-workspace.json")
        await pilot.press("f3", "f2", "backspace")
        assert typed.value == ""


async def test_picking_the_event_being_edited_again_keeps_its_edits(make_app) -> None:
    # A new user's trial in tmux: the track sample edited in F3, then F2, "track", enter (to run it) showed the
    # sample's JSON again: the edits were gone, without a word.
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert screen.selection.key == "Spec samples:track"
        await pilot.press("f3")
        area = screen.event_editor.text_area
        row = next(index for index, line in enumerate(area.text.splitlines()) if line.strip().startswith('"event"'))
        area.select_line(row)
        await pilot.press(*'  "event": "Kept",', "enter")
        edited = area.text
        await pilot.press("f2", *"track")
        await wait_until(pilot, lambda: screen.picker.query_one("#event-filter", Input).value == "track",
                         what="the filter")
        await pilot.press("enter")
        await wait_for_runs(pilot, 2)
        assert area.text == edited
        assert screen.history.runs[-1].invocation.return_value == {"ok": True, "event": "Kept"}
        assert screen.history.runs[-1].event_name == "track (edited)"


@pytest.mark.parametrize("size", [(80, 24), (100, 30)])
async def test_an_event_json_problem_is_shown_whole_on_a_small_terminal(make_app, size) -> None:
    # A new user's trial at 80×24: the bar beside Save as… / Reset showed "✖ line 7 col 3 ·" and cut the reason off
    # (a valid event showed "✔" alone), the label wrapping onto a second row the one-row bar hid.
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=size) as pilot:
        await wait_for_runs(pilot, 1)
        editor = app.main_screen.event_editor
        await pilot.press("f3")
        label = editor.query_one("#event-validation")
        await wait_until(pilot, lambda: "✔" in str(label.render()), what="the event checked")
        await pilot.pause()
        assert "valid track event" in drawn(app, label)
        editor.text_area.load_text('{"type": "track"\n "event": "x"}')
        await wait_until(pilot, lambda: "✖" in str(label.render()), what="the JSON problem")
        await pilot.pause()
        assert "line 2 col 2 · invalid JSON: Expecting ',' delimiter" in drawn(app, label)
        # The buttons as wide as their labels: the message takes two rows of the editor at most, not four.
        assert label.region.height <= 2 and editor.text_area.size.height >= 3


def drawn(app, widget) -> str:
    """The text drawn in the visible part of a widget's region of the screen, its rows joined by spaces."""
    placed = app.screen.find_widget(widget)
    region = placed.region.intersection(placed.clip)
    lines = screen_rows(app)[region.y:region.bottom]
    return " ".join(line[region.x:region.right].strip() for line in lines)


async def test_a_sources_requests_take_the_room_their_short_methods_leave(make_app, workdir) -> None:
    # A new user's trial at 80x24: a source's rows read "POST     webhook-js…", the method padded to the width of
    # "identify" though no request has a type that long, and every name was cut.
    write(workdir / "requests" / "order-created.json", json.dumps({"method": "POST", "url": "https://hooks.example/"}))
    app = make_app("async function onRequest(request) {}\n", "--offline")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        shown = "\n".join(screen_rows(app))
        assert "│ POST webhook-json " in shown and "│ GET  get-query " in shown
        assert "│ POST order-created " in shown



async def test_a_source_functions_ndjson_file_of_requests_counts_requests(make_app, workdir) -> None:
    # A user's day with a source function: an NDJSON file of requests beside it was listed "▸ all.ndjson  3 events".
    request = {"method": "POST", "url": "https://fn.example/", "body": {"a": 1}}
    write(workdir / "all.ndjson", "".join(json.dumps(request) + "\n" for _ in range(3)))
    app = make_app("async function onRequest(request) {}")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        assert "▸ all.ndjson  3 requests" in rows(app)


async def test_two_events_folders_of_one_name_are_listed_apart_and_pick_their_own_files(make_app, workdir) -> None:
    # A new user's probe: --events a/events --events b/events failed at start-up with Textual's DuplicateIds.
    for folder in ("a", "b"):
        write(workdir / folder / "events" / "x.json", json.dumps({"type": "track", "event": f"from-{folder}"}))
    app = make_app(SIMPLE_HANDLER, "--events", str(workdir / "a" / "events"), "--events", str(workdir / "b" / "events"),
                   "--events", str(workdir / "b" / "events"))
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        listed = [event for event in screen.picker.events if event.source.name == "x.json"]
        assert [(event.group, event.source.payload["event"]) for event in listed] == [
            ("a/events/", "from-a"), ("b/events/", "from-b"), ("b/events/", "from-b")]
        assert len({event.key for event in listed}) == 3
        screen.selection.select(listed[1].key)
        await wait_until(pilot, lambda: "from-b" in screen.event_editor.text_area.text, what="b's event to be shown")


async def test_a_filter_highlights_the_event_it_names_before_one_matched_by_its_track_events_name(make_app, workdir) -> None:
    # A new user's trial: F2, "order" and enter ran the track sample (its event is "Order Completed"), listed first, not
    # events/order.json, the event the filter named; the track sample's live request went to the user's API.
    (workdir / "events").mkdir()
    (workdir / "events" / "a-first.json").write_text(json.dumps({"type": "identify", "userId": "u1"}))
    (workdir / "events" / "order.json").write_text(json.dumps({"type": "track", "event": "Checkout", "userId": "u1"}))
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        assert app.main_screen.selection.key.endswith("a-first.json")
        await pilot.press("f2", *"order", "enter")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.selection.key.endswith("events/order.json")
        await pilot.press("f2", *"completed", "enter")  # matched only by its track event's name: still the first match
        await wait_for_runs(pilot, 3)
        assert app.main_screen.selection.key.endswith(":track")


async def test_the_working_folder_given_as_events_is_listed_under_its_name(make_app, workdir) -> None:
    # A new user's trial: `segtui new.js --events .` listed the folder's events under the group "/". (A file beside the
    # handler is listed under "Beside the handler" only: one in a folder of its own is the folder's.)
    write(workdir / "more" / "order.json", json.dumps({"type": "track", "event": "Order Completed"}))
    app = make_app(SIMPLE_HANDLER, "--events", ".")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        groups = {event.group for event in app.main_screen.picker.events if event.source.name == "more/order.json"}
        assert f"{workdir.resolve().name}/" in groups and "/" not in groups
        assert f"{workdir.resolve().name}/" in rows(app)
