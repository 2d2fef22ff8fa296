"""A new version of the handler in the editor: one edit of what differs, shown with its run's result, never lost."""

from __future__ import annotations

import random
from pathlib import Path

from textual.app import App, ComposeResult
from textual.widgets import TextArea

from segtui.ui.screens.dialogs import ConflictDialog, QuitDialog
from segtui.ui.widgets.code_pane import FileVersion, swap_text, syntax_language
from ui.helpers import SIMPLE_HANDLER, record_notifications, wait_for_runs, wait_until, watching

SIZE = (140, 40)
EXAMPLE = (Path(__file__).parents[2] / "examples" / "webhook" / "handler.js").read_text(encoding="utf-8")


class OneEditor(App):
    def compose(self) -> ComposeResult:
        yield TextArea.code_editor("", language=syntax_language("javascript"), id="swapped")
        yield TextArea.code_editor("", language=syntax_language("javascript"), id="loaded")


def highlights(area: TextArea) -> dict:
    """Each line's highlights, in an order that does not depend on how the syntax tree was built."""
    return {row: (sorted(spans, key=repr), list(dict.fromkeys(name for *_, name in spans)))
            for row, spans in area._highlights.items() if spans}


async def test_swapping_text_gives_what_loading_it_gives() -> None:
    cases = [("", "a"), ("abc", ""), ("one\ntwo\n", "one\nthree\n"), ("x\n", "x\n\n"), ("é😀b", "é😀c"),
             ("a\r\nb", "a\nb\n"), ("a\nb", "a\u2028b"), (EXAMPLE, EXAMPLE.replace("POST", "PUT"))]
    async with OneEditor().run_test() as pilot:
        swapped, loaded = pilot.app.query_one("#swapped", TextArea), pilot.app.query_one("#loaded", TextArea)
        for old, new in cases:
            swapped.load_text(old)
            swap_text(swapped, new)
            loaded.load_text(new)
            assert swapped.text == loaded.text
            assert highlights(swapped) == highlights(loaded)
            assert not swapped.history.undo_stack


async def test_swapping_random_edits_of_a_handler_keeps_text_and_highlighting_exact() -> None:
    chance = random.Random(7)
    text = EXAMPLE
    async with OneEditor().run_test() as pilot:
        swapped, loaded = pilot.app.query_one("#swapped", TextArea), pilot.app.query_one("#loaded", TextArea)
        swapped.load_text(text)
        for _ in range(60):
            start = chance.randrange(len(text) + 1)
            piece = EXAMPLE[chance.randrange(len(EXAMPLE)):][: chance.randrange(40)]
            text = text[:start] + piece + text[start + chance.randrange(30):]
            swap_text(swapped, text)
            loaded.load_text(text)
            assert swapped.text == text
            assert highlights(swapped) == highlights(loaded)


async def test_a_save_elsewhere_shows_in_the_editor_with_its_result(make_app, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        new = SIMPLE_HANDLER.replace("ok: true", "ok: 'saved'")
        (workdir / "handler.js").write_text(new)
        await wait_for_runs(pilot, 2)
        code = app.main_screen.code
        await wait_until(pilot, lambda: code.editor.text == new, what="the editor to show the save")
        assert not code.dirty and not code.has_class("-dirty")
        assert not code.editor.history.undo_stack


async def test_a_save_elsewhere_paints_its_result_first_and_the_editor_text_in_the_next_frame(make_app, workdir: Path) -> None:
    app = make_app()
    frames: list[tuple[str, str]] = []
    shown_frame = app.post_display_hook

    def record_frame() -> None:
        screen = app.main_screen
        frames.append((screen.query_one("#return-value", TextArea).text, screen.code.editor.text))
        shown_frame()

    app.post_display_hook = record_frame  # type: ignore[method-assign]
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        new = SIMPLE_HANDLER.replace("ok: true", "ok: 'saved'")
        (workdir / "handler.js").write_text(new)
        await wait_for_runs(pilot, 2)
        await wait_until(pilot, lambda: app.main_screen.code.editor.text == new, what="the editor to show the save")
    first = next(index for index, (value, _) in enumerate(frames) if "saved" in value)
    assert frames[first][1] == SIMPLE_HANDLER, "the frame with the new result paints no editor change"
    assert any(editor == new for _, editor in frames[first + 1:])


async def test_a_held_version_is_shown_when_the_pane_is_read(make_app) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        code = app.main_screen.code
        new = SIMPLE_HANDLER + "// from another editor\n"
        code.hold(FileVersion(new, 0.0))
        assert code.editor.text == SIMPLE_HANDLER
        assert code.text == new
        assert code.editor.text == new and not code.dirty


async def test_typing_before_a_held_version_is_shown_asks_which_to_keep(make_app, workdir: Path) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        code = app.main_screen.code
        code.hold(FileVersion(SIMPLE_HANDLER + "// from another editor\n", 0.0))
        code.editor.insert("// typed meanwhile\n", (0, 0))
        mine = code.editor.text
        code.release()
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), what="the conflict dialog")
        await pilot.press("m")
        await pilot.pause()
        assert code.editor.text == mine and code.dirty
        assert (workdir / "handler.js").read_text() == SIMPLE_HANDLER


async def test_links_in_a_loop_beside_the_handler_or_as_it_leave_saves_seen(make_app, workdir: Path) -> None:
    """A link that leads to itself (Path.resolve() raises RuntimeError for it on Python 3.11) planted beside the
    handler, as the handler, the settings or the mock file neither ends the watch nor crashes the screen."""
    app = make_app()
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        for name in ("loop.json", "segtui.settings.json", "segtui.mock.yaml", "segtui.json"):
            (workdir / name).symlink_to(name)
        handler = workdir / "handler.js"
        handler.unlink()
        handler.symlink_to(handler.name)
        await wait_until(pilot, lambda: any(note.startswith("Cannot read handler.js") for note, _ in notes),
                         what="the editor to say it cannot read the handler")
        for name in ("loop.json", "segtui.settings.json", "segtui.mock.yaml", "segtui.json", "handler.js"):
            (workdir / name).unlink()
        new = SIMPLE_HANDLER.replace("ok: true", "ok: 'back'")
        handler.write_text(new)
        await wait_until(pilot, lambda: app.main_screen.code.editor.text == new, what="the editor to show the save")
        await wait_for_runs(pilot, 2)


async def test_a_handler_removed_from_disk_is_unsaved_so_quitting_asks_and_can_write_it_back(make_app, workdir) -> None:
    # A new user's trial in tmux: handler.js moved away while open, "the editor keeps its text: ctrl+s writes it back",
    # then ctrl+q quit at once, asking nothing: the editor held the only copy.
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await watching(pilot)
        notes = record_notifications(app)
        (workdir / "handler.js").unlink()
        await wait_until(pilot, lambda: any(options.get("title") == "Handler removed" for _, options in notes),
                         what="the removal to be seen")
        assert app.main_screen.code.dirty and "● unsaved edits" in str(app.main_screen.status.render())
        await pilot.press("ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitDialog), what="the quit dialog")
        assert app.screen.unsaved == ["handler.js, removed from disk: saved"]
        await pilot.press("s")
        await wait_until(pilot, lambda: not app.is_running, what="the app to exit")
    assert (workdir / "handler.js").read_text() == SIMPLE_HANDLER


async def test_a_handler_removed_then_written_again_unedited_is_taken_without_asking(make_app, workdir) -> None:
    # A new user's trial in tmux: handler.js removed (rm, a branch switched) then written again with other code; the
    # editor, never edited, asked which to keep as if it held "your edits". Edited after the removal, it still asks.
    app = make_app(SIMPLE_HANDLER)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await watching(pilot)
        notes = record_notifications(app)
        handler = workdir / "handler.js"
        handler.unlink()
        await wait_until(pilot, lambda: any(options.get("title") == "Handler removed" for _, options in notes),
                         what="the removal to be seen")
        new = SIMPLE_HANDLER.replace("ok: true", "ok: 'back'")
        handler.write_text(new)
        await wait_until(pilot, lambda: app.main_screen.code.editor.text == new, what="the editor to take the file")
        await wait_for_runs(pilot, 2)
        assert not isinstance(app.screen, ConflictDialog) and not app.main_screen.code.dirty
        handler.unlink()
        await wait_until(pilot, lambda: app.main_screen.code.saved_text is None, what="the second removal to be seen")
        app.main_screen.code.editor.insert("// mine\n", (0, 0))
        handler.write_text(SIMPLE_HANDLER)
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictDialog), what="the conflict dialog")


async def test_a_handler_nesting_deeper_than_highlighting_bears_is_edited_unhighlighted(make_app, workdir: Path) -> None:
    # Textual's highlight query on a handler of 70,000 `1+` (a syntax tree as deep, 140 KB) ran for minutes with nothing
    # on screen. Past MAX_HIGHLIGHTED_DEPTH a handler is shown unhighlighted; one as long but shallow stays highlighted,
    # and a save elsewhere that makes it shallow highlights it again.
    deep = "async function onTrack(event, settings) { return " + "1+" * 30_000 + "1; }\n"
    shallow = "".join(f"const value{index} = {{ n: {index}, text: 'x' }};\n" for index in range(900)) + SIMPLE_HANDLER
    assert len(shallow) > len(deep) / 2 > 20_000
    app = make_app(deep)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        editor = app.main_screen.code.editor
        assert editor.language is None and editor.text == deep
        (workdir / "handler.js").write_text(shallow)
        await wait_until(pilot, lambda: editor.text == shallow, what="the editor to show the save")
        assert editor.language == syntax_language("javascript") is not None
