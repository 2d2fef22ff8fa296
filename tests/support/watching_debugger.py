"""A script that opens the debugger on handler.js in the folder it is given (a real Textual app, driven by Pilot),
saves the handler, and prints `reloaded` once the editor shows the saved text, then each notice shown (`title: text`):
run in a process of its own, limited as a test needs (file modes, inotify limits)."""

APP_WITH_NOTICES = """
import asyncio, os, sys
from pathlib import Path
from segtui.commands.tui import build_parser, make_setup
from segtui.ui.app import SegtuiApp
from segtui.ui.session import FrozenClock
from segtui.ui.widgets.file_watcher import FileWatcher

async def main():
    os.chdir(sys.argv[1])
    app = SegtuiApp(make_setup(build_parser().parse_args(["handler.js"])), clock=FrozenClock(), cursor_blink=False)
    shown = []
    notify = app.notify

    def keep(message, **options):
        shown.append(f"{options.get('title')}: {message}")
        notify(message, **options)

    app.notify = keep
"""
"""The start of a script's `main`: the debugger on handler.js in the folder it is given, each notice kept in `shown`."""

DEBUGGER = APP_WITH_NOTICES + """    async with app.run_test(size=(140, 40)) as pilot:
        await asyncio.wait_for(app.main_screen.query_one(FileWatcher).watching.wait(), 60)
        Path("handler.js").write_text("async function onTrack(event) { return 2; }\\n")
        for _ in range(600):
            if "return 2" in app.main_screen.code.text:
                print("reloaded", flush=True)
                break
            await pilot.pause(0.05)
        await pilot.pause(0.5)
    print(*shown, sep="\\n")

asyncio.run(main())
"""
