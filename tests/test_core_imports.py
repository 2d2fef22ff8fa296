"""The core never imports Textual: the CLI's headless commands and any other front end can use it alone."""

import subprocess
import sys

CORE_MODULES = [
    "segtui.runtime.engine", "segtui.runtime.sandbox", "segtui.runtime.worker", "segtui.events",
    "segtui.settings", "segtui.commands.run", "segtui.cli",
]


def test_core_does_not_import_textual():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
