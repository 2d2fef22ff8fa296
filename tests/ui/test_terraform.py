"""A Git-sync `.tf` function in the TUI: opened, edited and saved back into its file, reloaded on an outside edit,
its settings edited in the Builder, and a folder's functions picked from."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import hcl2
import pytest
from hcl2.utils import SerializationOptions

from segtui.commands.tui import build_parser, make_setup
from segtui.function_files.handler_code import list_functions
from segtui.function_files.terraform import read_function
from segtui.ui.app import SegtuiApp
from segtui.ui.function_picker import FunctionPicker
from segtui.ui.screens.settings import SettingsScreen
from segtui.ui.session import FrozenClock
from ui.helpers import remove_setting, screen_rows, showing, wait_for_runs, wait_until, watching

SIZE = (140, 40)
FIXTURE = Path(__file__).parents[1] / "fixtures" / "git_sync"
QUOTED = "dfn_6a1f0e2d3c4b5a6978877665.tf"
INSERT = "ifnd_6a1f0e2d3c4b5a6978877666.tf"


@pytest.fixture
def functions(workdir: Path) -> Path:
    """The Git-sync fixture's functions folder, as the working folder."""
    shutil.copytree(FIXTURE, workdir, dirs_exist_ok=True)
    return workdir / "functions"


def open_app(path: Path, *args: str) -> SegtuiApp:
    parsed = build_parser().parse_args([str(path), "--timeout", "5", *args])
    return SegtuiApp(make_setup(parsed), clock=FrozenClock(), cursor_blink=False)


def hcl2_code(path: Path) -> str:
    """The code python-hcl2 reads from a quoted string, escaped `${` and `%{` unescaped as Terraform does."""
    document = hcl2.loads(path.read_text(encoding="utf-8"),
                          serialization_options=SerializationOptions(strip_string_quotes=True))
    (block,) = document["resource"][0]["segment_function"].values()
    return str(block["code"]).replace("$${", "${").replace("%%{", "%{")


async def test_a_tf_function_opens_saves_into_its_file_and_reloads_an_outside_edit(functions: Path) -> None:
    path = functions / QUOTED
    (functions / "dfn_6a1f0e2d3c4b5a6978877665.settings.json").write_text('{"region": "eu"}')
    # Textual's editor breaks lines at U+2028 too (and joins them with \n): left out of this code.
    path.write_text(path.read_text(encoding="utf-8").replace(" \\u2028", ""), encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    function = read_function(path)
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        code = screen.code
        assert code.editor.text == function.code
        assert code.border_title == f"{QUOTED} · Escapes Everywhere · destination function"
        assert screen.history.runs[-1].invocation.return_value["label"] == "Order Completed for eu"

        code.editor.insert('// a "quoted" ${edit}\n', (0, 0))
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        edited = '// a "quoted" ${edit}\n' + function.code
        assert hcl2_code(path) == edited and not code.dirty
        text = path.read_text(encoding="utf-8")
        assert text[: function.code_span.start] == before[: function.code_span.start]
        assert text.endswith(before[function.code_span.end :])
        assert '"// a \\"quoted\\" $${edit}\\n' in text

        await watching(pilot)
        path.write_text(text.replace("return { label,", "return { outside: true, label,"), encoding="utf-8")
        await wait_until(pilot, lambda: "outside: true" in code.editor.text, what="the outside edit in the editor")
        await wait_for_runs(pilot, 3)
        assert screen.history.runs[-1].invocation.return_value["outside"] is True
        assert not code.dirty


async def test_an_insert_function_runs_as_an_insert_function(functions: Path) -> None:
    app = open_app(functions / INSERT)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert app.main_screen.code.border_title == f"{INSERT} · Marker · insert function"
        assert app.main_screen.shown.invocation.kind == "insert"
        app.main_screen.code.editor.load_text("async function onTrack(event) {\n  return 1;\n}")  # no final line break
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        assert app.main_screen.code.editor.text == "async function onTrack(event) {\n  return 1;\n}\n"
        assert not app.main_screen.code.dirty
    assert "  code = <<-EOT\nasync function onTrack(event) {\n  return 1;\n}\nEOT\n" in (functions / INSERT).read_text()


async def test_the_settings_builder_writes_the_tf_files_settings_list(functions: Path) -> None:
    path = functions / QUOTED
    values = functions / "dfn_6a1f0e2d3c4b5a6978877665.settings.json"
    values.write_text('{"region": "eu"}')
    code_before = read_function(path).code
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("ctrl+o")
        await wait_until(pilot, lambda: showing(app, SettingsScreen, "#setting-0"), what="the Builder")
        assert "Declared in dfn_6a1f0e2d3c4b5a6978877665.tf" in str(app.screen.query_one(".dialog-note-wrap").render())
        await remove_setting(pilot, app.screen, app.screen.rows[2].spec.name)
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
    function = read_function(path)
    assert [spec.name for spec in function.schema.specs] == ["region", "apiKey", "headers"]
    assert function.code == code_before
    assert json.loads(values.read_text()) == {"region": "eu"}
    assert '      label       = "Headers"\n      name        = "headers"\n' in path.read_text(encoding="utf-8")


async def test_the_folder_picker_returns_the_chosen_function(functions: Path) -> None:
    picker = FunctionPicker(functions, list_functions(functions))
    async with picker.run_test(size=SIZE) as pilot:
        await pilot.press("down", "enter")
    assert picker.return_value == functions / INSERT
    quitter = FunctionPicker(functions, list_functions(functions))
    async with quitter.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+q")
    assert quitter.return_value is None


async def test_a_tf_functions_unsaved_code_is_kept_as_javascript_not_as_a_tf_file(functions: Path) -> None:
    # A new user's trial in tmux: SIGTERM with an edit of a .tf function unsaved wrote its JavaScript code to
    # dfn_….unsaved.tf, a file Terraform reads with the folder's others, and fails on.
    path = functions / QUOTED
    app = open_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        app.main_screen.code.editor.insert("// not saved yet\n", (0, 0))
        await pilot.pause()
        kept = app.keep_edits()
    assert kept == [f"Your unsaved edits of {QUOTED} are in functions/{path.stem}.unsaved.js."]
    assert (functions / f"{path.stem}.unsaved.js").read_text().startswith("// not saved yet\n// Escapes of every kind")
    assert not list(functions.glob("*.unsaved*.tf"))


async def test_the_folder_picker_keeps_one_row_a_function_and_its_whole_note_at_60_columns(functions: Path) -> None:
    # A look in tmux at 60x20: each function took two rows (its id wrapped under it) and the note lost its end.
    listing = list_functions(functions)
    picker = FunctionPicker(functions, listing)
    async with picker.run_test(size=(60, 20)) as pilot:
        await pilot.pause()
        rows = screen_rows(picker)
        assert any(row.strip() == "saving writes it back into its file." for row in rows), rows
        listed = [row for row in rows if "▊ " in row and row.split("▊ ", 1)[1].strip(" ▎")]
        assert len(listed) == len(listing.functions), rows
        assert all(info.title in row for info, row in zip(listing.functions, listed, strict=True)), rows
