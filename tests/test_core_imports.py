"""The core never imports Textual: the CLI's headless commands and any other front end can use it alone."""

import ast
import pkgutil
import subprocess
import sys
from pathlib import Path

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


def test_only_the_engine_imports_the_sandbox():
    # A review: segtui.encrypted_keys (a Masker's) imported segtui.sandbox's key reading and host services inside a
    # function, which no import at start-up shows: every import statement is read, wherever it stands.
    root = Path(segtui.__file__).parent
    found = []
    for path in root.rglob("*.py"):
        if path.relative_to(root).parts[0] in ("sandbox", "engine"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            found += [f"{path.relative_to(root)}: {name}" for name in names if name.startswith("segtui.sandbox")]
    assert found == []
