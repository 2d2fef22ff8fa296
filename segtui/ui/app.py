"""The segtui App: the main screen, the command palette, quitting safely. The work happens in MainScreen."""

from __future__ import annotations

import asyncio
import difflib
import gc
import sys
import threading
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.dom import DOMNode
from textual.notifications import SeverityLevel
from textual.screen import Screen

from segtui import stop_signals
from segtui.engine.engine import Engine
from segtui.errors import SegtuiInputError
from segtui.function_files.handler_code import UNSAVED_COPY
from segtui.kinds import request_words
from segtui.masking import Masker
from segtui.setup import masked_message
from segtui.terminal import visible
from segtui.ui.crash_report import MaskedCrashes
from segtui.ui.files import display_path, unique_path
from segtui.ui.keymap import keymap_clashes, keymap_editor_clashes, keymap_path, load_keymap
from segtui.ui.messages import WorkerFailed
from segtui.ui.screens.dialogs import ErrorDialog, QuitDialog
from segtui.ui.screens.main import MainScreen
from segtui.ui.screens.main_keys import MAIN_BINDINGS
from segtui.ui.session import Clock, TuiSetup
from segtui.ui.unsaved import UnsavedEdit, event_edits
from segtui.ui.widgets.code_pane import CodePane
from segtui.ui.widgets.editor_area import EditorArea
from segtui.ui.widgets.run_queue import RunQueue
from segtui.user_files import write_bytes_atomic

_COMMANDS = (
    ("Run the selected event", "Run it now with the editor's text (ctrl+r, F5)", "run_event"),
    ("Save the handler", "Write the handler to disk and run again (ctrl+s)", "save"),
    ("Pick an event", "Focus the event list (F2)", "pick_event"),
    ("Edit the event JSON", "Switch between the handler and the event's JSON (F3)", "toggle_event_editor"),
    ("Run the whole suite", "Run every event in the picker (ctrl+t)", "run_suite"),
    ("Show output", "The shown run's Callback Return and Raw Log Output (F6)", "show_tab('output-tab')"),
    ("Show requests", "The requests of the shown run (F4)", "show_tab('requests-tab')"),
    ("Settings", "Edit the handler's settings (ctrl+o)", "settings"),
    ("Diff with the previous run", "What changed since the previous run of this event (F8)", "show_tab('diff-tab')"),
    ("History", "This session's runs (F9)", "show_tab('history-tab')"),
    ("Go to the failing line", "Put the cursor where the run failed (ctrl+g)", "jump_to_error"),
    ("Help", "Keys and workflow (F1)", "help"),
)


def binding_ids() -> set[str]:
    """The ids of every key binding of the screens and widgets loaded (the app imports all of segtui's)."""
    ids: set[str] = set()
    classes: list[type] = [DOMNode]
    seen: set[type] = set()
    while classes:
        node = classes.pop()
        if node in seen:
            continue
        seen.add(node)
        classes.extend(node.__subclasses__())
        ids.update(binding.id for binding in vars(node).get("BINDINGS", []) if isinstance(binding, Binding) and binding.id)
    return ids


def screen_keys(bindings: Iterable[BindingType]) -> dict[str, str]:
    """Binding id → keys, of the bindings given that have an id."""
    return {binding.id: binding.key for binding in bindings if isinstance(binding, Binding) and binding.id}


class SegtuiApp(MaskedCrashes, App[int]):
    """A local debugger for Segment functions: destination, insert and source."""

    TITLE = "segtui"
    # Textual declares these as attributes (not ClassVar), so they are overridden as such.
    CSS_PATH = ["app.tcss", "dialogs.tcss"]  # noqa: RUF012 (dialogs.tcss: the dialogs and the Settings Builder)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (120, "-wide")]  # noqa: RUF012
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]  # noqa: RUF012
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Quit (asks first when there are unsaved edits)", priority=True),
    ]

    def __init__(self, setup: TuiSetup, *, engine: Engine | None = None, clock: Clock | None = None,
                 cursor_blink: bool = True) -> None:
        super().__init__()
        self.setup = setup
        self.engine = engine or Engine(setup.run.config)
        self.clock = clock or Clock()
        self.cursor_blink = cursor_blink
        self.main_screen = MainScreen(setup, self.engine, self.clock)
        self.stopping = False
        """Whether a signal (SIGTERM, SIGHUP) has the TUI stopping: another one then does nothing more."""
        if setup.kind_label:
            self.title = f"segtui · {setup.kind_label}"

    def post_display_hook(self) -> None:
        try:  # by id, which Textual caches: this runs after every frame
            code = self.main_screen.query_one("#code-pane", CodePane)
            runs = self.main_screen.query_one("#run-queue", RunQueue)
        except NoMatches:  # before the screen is composed, or once it is gone
            return
        code.frame_shown()
        runs.frame_shown()

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Show a toast as plain text with control characters escaped: toasts quote file names, handler errors and
        events, which Textual would read as markup (an unmatched `[/x]` in one crashed the app) and would write to the
        terminal raw (an OSC sets its title); widgets' `notify` comes here with markup on, ignored. Masked unless
        --reveal-secrets, as every output is: a toast may quote a line of an invalid file (a mock file, an event), or a
        value a message names."""
        if not self.setup.run.reveal:
            masker = self.crash_masker()
            message, title = masked_message(message, masker), masker.text(title)
        super().notify(visible(message), title=visible(title), severity=severity, timeout=timeout, markup=False)

    def action_help_quit(self) -> None:
        """Ctrl+C, which quits nothing here: say which key quits, as Textual's own does, but in plain text (its
        message is markup, which `notify` shows as it is)."""
        keys = [key for key, active in self.active_bindings.items() if active.binding.action in ("quit", "app.quit")]
        if keys:
            self.notify(f"Press {keys[0]} to quit the app", title="Do you want to quit?")

    def on_load(self) -> None:
        # Before the terminal is put in the app's modes, and through the event loop, which runs `_stopped` between
        # messages: the command's handler (stop_signals) would raise in whatever the loop was doing (Textual starting
        # its driver) and leave the terminal in the app's modes.
        loop = asyncio.get_running_loop()
        for signum in stop_signals.SIGNALS:
            loop.add_signal_handler(signum, self._stopped, signum)

    def on_mount(self) -> None:
        where = keymap_path()
        try:
            keymap = load_keymap(where)
        except SegtuiInputError as error:
            self.notify(str(error), severity="error", title="Keymap not applied", timeout=10)
            return
        if where is None:  # no config folder, so no keymap
            return
        self.set_keymap(keymap)
        bindings = [binding for binding in [*self.BINDINGS, *MAIN_BINDINGS] if isinstance(binding, Binding)]
        editor_keys = {key: held[0].description or held[0].action.replace("_", " ")
                       for key, held in EditorArea._merge_bindings().key_to_bindings.items()}
        priority = {binding.id for binding in bindings if binding.priority and binding.id}
        for clash in [*keymap_clashes(keymap, screen_keys(bindings)), *keymap_editor_clashes(keymap, editor_keys, priority)]:
            self.notify(f"{where.path}: {clash}.", severity="warning", title="Keymap", timeout=10)
        known = binding_ids()
        for binding in sorted(set(keymap) - known):
            hint = difflib.get_close_matches(binding, sorted(known), n=1)
            self.notify(f"{where.path}: no key binding has the id {binding!r}" + (f' (did you mean "{hint[0]}"?)'
                        if hint else "") + "; the others are applied.", severity="warning", title="Keymap", timeout=10)

    def on_ready(self) -> None:
        # What startup built (Textual, its styles, the widgets) lasts as long as the app: a full collection walking it
        # again took ~100 ms, holding up whatever frame it fell in (a save's result). Unfrozen when the app ends.
        gc.freeze()

    def get_default_screen(self) -> Screen[Any]:
        return self.main_screen

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        say = request_words if self.setup.run.kind == "source" else str  # a source function's inputs are requests
        if isinstance(screen, MainScreen):
            for title, help_text, action in _COMMANDS:
                yield SystemCommand(say(title), say(help_text), lambda action=action: screen.run_action(action))
            yield SystemCommand("Copy request as curl", "The selected request as a curl command (F4, then c)",
                                lambda: self._on_requests("copy_curl"))
            yield SystemCommand("Export run as HAR", "The shown run's requests as a HAR file (F4, then h)",
                                lambda: self._on_requests("export_har"))
            yield SystemCommand("Mock the selected request", "Add a rule answering it to the mock file and run "
                                "again (F4, then m)", lambda: self._on_requests("mock_request"))
            yield SystemCommand(say("Save event"), say("Save the edited event JSON over its file, or as a new one for a "
                                                       "sample"), lambda: screen.event_editor.action_save_event())
            yield SystemCommand(say("Save event as new file"), say("Save the edited event JSON under a new name"),
                                lambda: screen.event_editor.action_save_event_as())
            yield SystemCommand(say("Reset event"), say("Discard edits to the event JSON"),
                                lambda: screen.event_editor.reset())
            yield SystemCommand("Toggle logs between requests", "Show the logs printed before each request",
                                lambda: self._on_requests("toggle_logs"))
        for command in super().get_system_commands(screen):
            if command.title == "Keys":  # Textual's keys panel, the editor's cursor keys first: "Help" (F1) says more
                continue
            if command.title == "Quit":  # Textual's says "as soon as possible"; segtui's asks about unsaved edits first
                command = SystemCommand("Quit", say("Quit segtui, asking first when the handler or an event has unsaved "
                                            "edits"), self.action_quit)
            yield command

    def _on_requests(self, action: str) -> None:
        inspector = self.main_screen.query_one("RequestInspector")
        self.main_screen.action_show_tab("requests-tab")
        self.call_later(inspector.run_action, action)

    async def action_quit(self) -> None:
        """Quit, asking first when edits would be lost."""
        unsaved = self._unsaved()
        if not unsaved:
            self._quit_now()
            return

        def chosen(choice: str | None) -> None:
            said = [] if choice == "discard" else self._save_unsaved(shown) if choice == "save" else None
            if said is not None:
                self._quit_now("\n".join(said) or None)

        can_save = any(item.saveable for item in unsaved)
        shown = [str(item) for item in unsaved]
        self.push_screen(QuitDialog(shown, can_save=can_save), chosen)

    def _unsaved(self) -> list[UnsavedEdit]:
        """What quitting now would lose, and what "Save and quit" would do with each."""
        screen = self.main_screen
        how = "removed from disk" if screen.code.saved_text is None else "edited"
        items = [UnsavedEdit(f"{screen.handler.name}, {how}", "saved")] if screen.code.dirty else []
        return items + event_edits(screen.handler.parent, screen.event_editor.unsaved(), screen.event_editor.noun)

    def _save_unsaved(self, shown: list[str]) -> list[str] | None:
        """Save what can be saved, deciding where each edit goes again just before writing (a file changed while the
        dialog was open is not overwritten); what was saved otherwise than `shown` said, and each edit saved as it was
        typed, or None (after saying why) when something could not be saved."""
        screen = self.main_screen
        if screen.code.dirty and not screen.code.save():
            return None
        items = event_edits(screen.handler.parent, screen.event_editor.unsaved(), screen.event_editor.noun)
        for item in items:
            try:
                item.save()
            except SegtuiInputError as error:
                self.notify(str(error), severity="error", title="Event not saved")
                return None
        # An edit kept as it was typed is said on exit too: it is no event, and the picker does not select it at start.
        return [f"Saved otherwise than the quit dialog said: your {item}." if str(item) not in shown else f"Your {item}."
                for item in items if str(item) not in shown or item.text is not None]

    def crash_masker(self) -> Masker:
        """Every secret of the session, masked whatever --reveal-secrets says: a crash report is shared to be read."""
        screen = self.main_screen
        return self.engine.masker(also=[*self.setup.run.secrets, *screen.settings.secrets])

    @on(WorkerFailed)
    def _worker_failed(self, message: WorkerFailed) -> None:
        """Show a worker's failure to report, masked as a crash report is (the main screen has stopped its run)."""
        details = masked_message(message.details, self.crash_masker())
        self.push_screen(ErrorDialog(f"segtui failed unexpectedly in {message.name}", details))

    def keep_edits(self, folder: Path | None = None) -> list[str]:
        """The handler's unsaved text as `NAME.unsaved.js` in `folder` (None: beside it; a `.tf` function's code too,
        which is JavaScript: a `.tf` file holding it would break Terraform on the folder), and each edited event as a
        new file there."""
        screen = self.main_screen
        if not screen.is_mounted:  # failed before the editors were built: nothing was edited
            return []
        kept = []
        folder = folder or screen.handler.parent
        if screen.code.dirty:
            handler = screen.handler
            path = unique_path(folder / f"{handler.stem}{UNSAVED_COPY}")
            write_bytes_atomic(screen.code.text.encode("utf-8", "surrogatepass"), path, overwrite=False)
            kept.append(f"Your unsaved edits of {handler.name} are in {display_path(path)}.")
        # A crash saves nothing over a file: each edited event goes to a new one.
        edits = [replace(edit, in_place=False) for edit in screen.event_editor.unsaved()]
        for item in event_edits(folder, edits, screen.event_editor.noun, kept=True):
            if item.target is not None:
                item.save()
                kept.append(f"Your {item.what} is in {display_path(item.target)}.")
        return kept

    def _quit_now(self, message: str | None = None) -> None:
        self.main_screen.stop_watching()
        self.exit(0, message=message)

    def _stopped(self, signum: int) -> None:
        """SIGTERM or SIGHUP (the terminal closed): stop once the main screen is built, as its queue runs what is
        posted to it only after its widgets are mounted (exiting sooner removed widgets whose on_mount was still to
        run, which then failed to find their children); once only, so the edits are kept once, exiting with the code
        of the first signal."""
        if self.stopping:
            return
        self.stopping = True
        self.main_screen.call_later(self._stop_now, signum)

    def _stop_now(self, signum: int) -> None:
        """Keep the unsaved edits in new files, as a crash does, and exit with 128 + the signal's number (on_unmount
        ends the sandbox)."""
        kept = self.keep_edits_somewhere()
        self.main_screen.stop_watching()
        self.exit(0, return_code=stop_signals.exit_code(signum), message="\n".join(kept) or None)

    def on_unmount(self) -> None:
        gc.unfreeze()
        loop = asyncio.get_running_loop()
        for signum in stop_signals.SIGNALS:
            loop.remove_signal_handler(signum)
        # A run in progress holds the engine's lock until its time limit: stop it at once (cancel takes no
        # lock and kills the sandbox process), then close the engine off the UI thread.
        self.engine.cancel()
        threading.Thread(target=self.engine.close, daemon=True).start()
        recording = self.setup.run.recording
        if recording is not None and (problem := recording.save()):
            print(visible(f"segtui: could not save the cassette {recording.path}: {problem}"), file=sys.stderr)
