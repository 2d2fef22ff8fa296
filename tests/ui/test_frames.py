"""What a run's result costs the screen: its frame repaints only what changed, and the cyclic collector waits."""

from __future__ import annotations

import gc
from pathlib import Path

from textual.content import Content
from textual.widgets import TextArea

from segtui.ui.widgets.run_queue import RunQueue
from ui.helpers import SIMPLE_HANDLER, wait_for_runs, wait_until

SIZE = (140, 40)


def count_refreshes(widget) -> list[tuple]:
    """The calls to `widget.refresh` from now on (each still refreshes)."""
    calls: list[tuple] = []
    refresh = widget.refresh

    def counted(*args, **kwargs):
        calls.append(args)
        return refresh(*args, **kwargs)

    widget.refresh = counted
    return calls


async def test_a_result_that_marks_no_error_leaves_the_code_pane_unpainted(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        refreshed = count_refreshes(app.main_screen.code)
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 2)
        assert refreshed == [], "repainting the pane (its borders) repaints the editor in it too"


async def test_a_failing_line_shows_in_the_pane_border_as_thrown_and_goes_again(make_app, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        code = app.main_screen.code
        (workdir / "handler.js").write_text(SIMPLE_HANDLER.replace("return {", "throw new Error('[b]boom[/x]'); return {"))
        await wait_until(pilot, lambda: code.error is not None, what="the error mark")
        shown = Content.from_markup(code.border_subtitle or "").plain  # what the border shows
        assert shown == "✖ line 3: Error: [b]boom[/x] · ctrl+g jumps there", "as thrown, not read as markup"
        (workdir / "handler.js").write_text(SIMPLE_HANDLER)
        await wait_until(pilot, lambda: code.border_subtitle == "" and code.error is None, what="the mark to go")
        assert code.border_title == "handler.js"


async def test_startup_objects_are_frozen_while_the_app_runs(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert gc.get_freeze_count() > 0, "a full collection would walk all of Textual again, holding up a frame"
    assert gc.get_freeze_count() == 0


async def test_the_collector_waits_from_a_save_until_its_result_is_painted(make_app, workdir: Path) -> None:
    app = make_app()
    frames: list[tuple[str, bool]] = []
    shown_frame = app.post_display_hook

    def record_frame() -> None:
        frames.append((app.main_screen.query_one("#return-value", TextArea).text, gc.isenabled()))
        shown_frame()

    app.post_display_hook = record_frame  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await wait_until(pilot, gc.isenabled, what="the collector after the first result")
        (workdir / "handler.js").write_text(SIMPLE_HANDLER.replace("ok: true", "ok: 'saved'"))
        await wait_for_runs(pilot, 2)
        await wait_until(pilot, gc.isenabled, what="the collector after the result")
    painted = next(enabled for value, enabled in frames if "saved" in value)
    assert not painted, "the frame with the new result is painted before any collection"


async def test_a_cancelled_run_or_a_suite_gives_the_collector_back(make_app) -> None:
    app = make_app(SIMPLE_HANDLER.replace('console.log("tracking", event.event);', "while (true) {}"), timeout=120)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.main_screen
        await wait_until(pilot, lambda: screen.running, what="the spinning run")
        assert not gc.isenabled()
        screen.action_cancel_run()
        assert gc.isenabled()
        screen.action_run_event()  # runs once the focused widget has taken the keys before it
        await wait_until(pilot, lambda: not gc.isenabled(), what="the collector held for the new run")
        screen.query_one(RunQueue).run_suite([], [])  # it stops the run once its mock file check ends, in a worker
        await wait_until(pilot, gc.isenabled, what="the collector given back as the suite stops the run")
    assert gc.isenabled()


async def test_a_toast_shows_a_message_as_written_brackets_and_all(make_app) -> None:
    """Toasts quote file names and handler errors: Textual must not read them as markup (an unmatched tag crashed it)."""
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await wait_for_runs(pilot, 1)
        app.main_screen.code.notify("Saved events/a[/b].json [b]as is", title="Event [/x] saved")
        await wait_until(pilot, lambda: bool(app.screen.query("Toast")), what="the toast")
        shown = app.screen.query_one("Toast").render().plain
        assert shown == "Event [/x] saved\nSaved events/a[/b].json [b]as is"


def shown_text(app) -> str:
    """The text of every Static on the screen in front."""
    return " ".join(str(static.render()) for static in app.screen.query("Static"))


async def test_dialogs_show_file_names_and_unsaved_items_as_written(make_app) -> None:
    """A file name like `a[/b].js` in the conflict or quit dialog is text, not markup (an unmatched tag crashed it)."""
    from segtui.ui.screens.dialogs import ConflictDialog, QuitDialog

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        app.push_screen(ConflictDialog("a[/b].js", "mine", "disk"))
        await wait_until(pilot, lambda: "changed on disk" in shown_text(app), what="the conflict dialog")
        assert "a[/b].js changed on disk" in shown_text(app)
        app.pop_screen()
        app.push_screen(QuitDialog(["events/[b]x[/b].json: the edited event"]))
        await wait_until(pilot, lambda: "Quit" in shown_text(app), what="the quit dialog")
        assert "• events/[b]x[/b].json: the edited event" in shown_text(app)
