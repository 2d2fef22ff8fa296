"""The core never imports Textual: the CLI's headless commands and any other front end can use it alone."""

import pkgutil
import subprocess
import sys

import segtui

UI_MODULES = ("segtui.ui", "segtui.commands.tui")


def core_modules() -> list[str]:
    """Every segtui module but the TUI's."""
    names = [info.name for info in pkgutil.walk_packages(segtui.__path__, "segtui.")]
    return [name for name in names if not name.startswith(UI_MODULES) and not name.endswith("__main__")]


def test_the_core_is_every_module_but_the_ui():
    modules = core_modules()
    assert {"segtui.engine.engine", "segtui.suite", "segtui.watcher", "segtui.request_exports", "segtui.commands.run"} <= set(modules)


def test_core_does_not_import_textual():
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules()!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
