"""The debugger's one main screen: handler, event, results; it owns the runs and reacts to files changing."""

from __future__ import annotations

from functools import cached_property, partial

from textual import on
from textual.app import ComposeResult
from textual.binding import ActiveBinding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widgets import ContentSwitcher, TextArea

from segtui.engine.engine import Engine
from segtui.errors import SegtuiInputError
from segtui.events import EVENT_SUFFIXES, event_folders_beside
from segtui.function_files.handler_code import read_code
from segtui.settings import schema_path
from segtui.ui.event_selection import EventSelection
from segtui.ui.files import display_path
from segtui.ui.handler_settings import HandlerSettings
from segtui.ui.messages import (
    FilesChanged,
    MockRuleAdded,
    RunFinished,
    RunStarted,
    SuiteFinished,
    SuiteProgressed,
    SuiteStarted,
    WorkerFailed,
)
from segtui.ui.mock_file import MockFile
from segtui.ui.screens.help import HelpScreen
from segtui.ui.screens.main_keys import FOOTER_DROP_ORDER, MAIN_BINDINGS, PANE_KEYS, fillable, offered, say_requests
from segtui.ui.screens.settings import SettingsScreen
from segtui.ui.session import Clock, History, RunRecord, TuiSetup
from segtui.ui.widgets.code_pane import CodePane
from segtui.ui.widgets.event_editor import EventEditor, RequestEditor
from segtui.ui.widgets.event_picker import EventPicker
from segtui.ui.widgets.file_watcher import FileWatcher
from segtui.ui.widgets.footer_fit import SteadyFooter, fitted_footer
from segtui.ui.widgets.mock_reader import HeldRun, MockReader
from segtui.ui.widgets.mock_writer import MockWriter
from segtui.ui.widgets.request_inspector import RequestInspector
from segtui.ui.widgets.result_panes import ResultPanes
from segtui.ui.widgets.result_tabs import ResultTabs
from segtui.ui.widgets.run_queue import RunQueue
from segtui.ui.widgets.run_tables import RunSelected
from segtui.ui.widgets.status_line import StatusLine
from segtui.user_files import real_path

RUNNING_SHOWN_AFTER = 0.1
"""Seconds into a run before the panes and the status line say it is running: most runs (a save's) end sooner,
and the screen keeps still while they run instead of painting twice and taking the GIL from the worker."""


class MainScreen(Screen[None]):
    """Edit the handler, pick an event, see what the run did; every save runs again."""

    BINDINGS = MAIN_BINDINGS
    FOOTER_DROP_ORDER = FOOTER_DROP_ORDER

    shown: reactive[RunRecord | None] = reactive(None, init=False, always_update=True, repaint=False)
    """The run the panes show; its watcher fans it out to the panes, which repaint themselves (not the whole screen)."""

    def __init__(self, setup: TuiSetup, engine: Engine, clock: Clock) -> None:
        super().__init__()
        self.setup, self.engine, self.clock = setup, engine, clock
        self.handler = setup.handler
        self.settings = HandlerSettings.from_setup(setup)
        self.history = History()
        self._starting: RunStarted | None = None
        """The run that started last, until it ends."""
        self._cancel_offered = False
        self.mock_file = MockFile(self.settings)
        self._initial_text = read_code(self.handler)
        if setup.run.kind == "source":
            say_requests(self, frozenset({"event_json", "save"}))

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield EventPicker(id="events")
            with Vertical(id="work"):
                with ContentSwitcher(id="top", initial="code-pane"):
                    yield CodePane(self.handler, self._initial_text, self.setup.function, id="code-pane")
                    editor = RequestEditor if self.setup.run.kind == "source" else EventEditor
                    yield editor(self.handler.parent, id="event-editor", shown=self.settings.shown_text)
                yield ResultTabs(self.handler.parent, self.history, self.clock, self.setup.noun)
        yield StatusLine(id="status")
        yield SteadyFooter()
        yield RunQueue(self.engine, self.clock, id="run-queue")
        yield MockWriter()
        yield MockReader(self.mock_file)
        files = [self.handler, self.settings.file, schema_path(self.handler), self.mock_file.path, *self.setup.event_files]
        yield FileWatcher(files, [*self.setup.event_dirs, *event_folders_beside(self.handler)], [self.handler.parent])

    @property
    def code(self) -> CodePane:
        return self.query_one(CodePane)

    @property
    def event_editor(self) -> EventEditor:
        return self.query_one(EventEditor)

    @property
    def picker(self) -> EventPicker:
        return self.query_one(EventPicker)

    @property
    def status(self) -> StatusLine:
        return self.query_one(StatusLine)

    @property
    def results(self) -> ResultTabs:
        return self.query_one(ResultTabs)

    @cached_property
    def selection(self) -> EventSelection:
        return EventSelection(self.setup, self.picker, self.event_editor)

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        """The keys, with those the footer has no room for hidden from it (they still work), the palette's key too."""
        return fitted_footer(self, super().active_bindings, self.FOOTER_DROP_ORDER)

    def on_resize(self) -> None:
        self.refresh_bindings()

    @property
    def running(self) -> bool:
        """Whether a run or suite is in progress."""
        return self.query_one(RunQueue).running

    def on_mount(self) -> None:
        self.status.set_state(network=self.setup.network_mode, clock=self.clock)
        self.selection.start()
        self.code.editor.focus()
        self._apply_blink()
        self.query_one(MockReader).read(MockReader.START, HeldRun("start"))  # the first run, once the baseline is read

    def _apply_blink(self) -> None:
        if not getattr(self.app, "cursor_blink", True):
            for area in self.query(TextArea):
                area.cursor_blink = False

    @on(EventPicker.EventSelected)
    def _event_selected(self, message: EventPicker.EventSelected) -> None:
        if self.selection.select(message.event.key):
            self.request_run(f"{self.setup.noun} picked")

    @on(EventEditor.Saved)
    def _event_saved(self, message: EventEditor.Saved) -> None:
        # Run as an edit from outside runs it (the watcher sees no change from the editor's); a new file is watched too.
        self.selection.saved(message.path)
        self.query_one(FileWatcher).watch_also(message.path)
        self.request_run(f"{self.setup.noun} saved")

    def request_run(self, trigger: str, reload_from: tuple[str, float] | None = None,
                    source: str | None = None) -> None:
        """Run the selected event on `source` (else the editor's text) in a worker; a run in progress is stopped."""
        name, payload, refused = self.event_editor.run_input()
        job = self.settings.job(name, trigger, self.code.text if source is None else source, payload, refused,
                                reload_from)
        self.results.follow_new_run()
        self.query_one(RunQueue).run(job)

    def _keep(self, record: RunRecord) -> None:
        record.number = self.history.next_number()
        self.history.add(record)
        self.results.add_run(record)

    @on(RunStarted)
    def _run_started(self, message: RunStarted) -> None:
        self._starting = message
        self.set_timer(RUNNING_SHOWN_AFTER, partial(self._show_running, message, self.clock.monotonic()))

    def _show_running(self, started: RunStarted, since: float) -> None:
        """Say that a run is going (started at `since`), unless it ended (or another started) since."""
        if self._starting is started:
            self.results.show_running(started.event_name)
            self.status.set_state(running=started.event_name, dirty=self.code.dirty, since=since,
                                  limit_s=self.settings.config.timeout_s)
            self._offer_cancel(True)

    @on(RunFinished)
    def _run_finished(self, message: RunFinished) -> None:
        self._starting = None
        # The result paints first (the editor's new text costs as much again), the editor's text in the next frame; the
        # status line's refresh makes sure a frame follows even when the result looks as before.
        self.code.release_after_frame()
        self.status.refresh()
        self._keep(message.record)
        self.shown = message.record
        self._offer_cancel(False)

    @on(SuiteStarted)
    def _suite_started(self, message: SuiteStarted) -> None:
        self.selection.suite = message.keys
        self.results.suite.start(message.names)
        self.results.switch_to("suite-tab")

    @on(SuiteProgressed)
    def _suite_progressed(self, message: SuiteProgressed) -> None:
        self._starting = None
        self._keep(message.record)
        self.results.suite.add_result(message.record, message.index, self.clock)
        self.status.set_state(running=f"suite {message.index}/{message.total}" if message.index < message.total else "")

    @on(SuiteFinished)
    def _suite_finished(self, message: SuiteFinished) -> None:
        shown = self.results.suite.finish(message.records, message.total, message.stopped, self.selection.in_suite())
        self._offer_cancel(False)
        if not message.stopped:
            self.status.set_state(running="")
            if shown is not None:
                self.shown = self.selection.suite_result(message.records, shown)

    def watch_shown(self, record: RunRecord | None) -> None:
        if record is None:
            return
        self.results.show(record)
        latest = self.history.runs[-1] if self.history.runs else record
        self.status.set_state(record=record, dirty=self.code.dirty, past=record is not latest)
        error = record.invocation.error if not record.refused else None
        failed = record.invocation.outcome not in ("unsupported_event_type", "dropped")  # DropEvent drops: no failure
        if error and error.line and failed and record.view is not None:
            self.code.mark_error(error.line, error.column, record.view.headline)
        else:
            self.code.mark_error(None, None)

    @on(RunSelected)
    def _run_selected(self, message: RunSelected) -> None:
        record = self.history.get(message.number)
        if record is None:
            self.notify("That run is no longer kept in the history", severity="warning")
            return
        self.shown = record
        self.results.switch_to("output-tab")

    def stop_watching(self) -> None:
        self.query_one(FileWatcher).stop()

    @on(FilesChanged)
    def _files_changed(self, message: FilesChanged) -> None:
        settings_files = {real_path(schema_path(self.handler)), real_path(self.settings.file)}
        mock_changed = self.mock_file.path in message.paths
        rerun = bool(message.paths & settings_files) and self._reload_settings()
        event_paths = {path for path in message.paths if path.suffix in EVENT_SUFFIXES} - settings_files
        if event_paths:
            rerun |= self.selection.files_changed(event_paths)
        version = self.code.disk_changed() if real_path(self.handler) in message.paths else None
        if self.code.saved_text is None:  # removed from disk: the editor's text is unsaved now
            self.status.set_state(dirty=self.code.dirty)
        held = HeldRun("save", ("wall", version.mtime), version.text) if version is not None else None
        held = held or (HeldRun("file changed") if rerun else None)
        if mock_changed:  # the run waits for the rules, read in a worker (MockReader.Changed starts it)
            self.query_one(MockReader).read("file changed", held)
        elif held is not None:
            self.request_run(held.trigger, held.reload_from, held.source)
        if version is not None:
            self.code.hold(version)

    @on(RequestInspector.MockRequested)
    def _mock_requested(self, message: RequestInspector.MockRequested) -> None:
        self.query_one(MockWriter).add(message.run, message.record, self.mock_file.path)

    @on(MockRuleAdded)
    def _mock_rule_added(self, message: MockRuleAdded) -> None:
        """Run again with the new rule (and the file it went to, if it is new), unless the watcher already did."""
        where = f"{'a new ' if message.rule.created else ''}{display_path(message.rule.path)}"
        self.notify(f"Rule {message.rule.number} added to {where}; running again.", title="Mocked", timeout=6)
        self.query_one(MockReader).read("mock rule added")  # runs again unless the watcher saw the new rule first

    @on(MockReader.Changed)
    def _mock_changed(self, message: MockReader.Changed) -> None:
        self.status.set_state(network=self.settings.config.network.mode)
        self.request_run(message.run.trigger, message.run.reload_from, message.run.source)

    @on(CodePane.Reloaded)
    @on(EventEditor.Reloaded)
    def _file_reloaded(self) -> None:
        self.status.set_state(dirty=self.code.dirty)
        self.request_run("reload")

    def _reload_settings(self) -> bool:
        """Read the schema and settings file again; True when what a run gets changed."""
        try:
            return self.settings.reload()
        except SegtuiInputError as error:
            self.notify(str(error), severity="error", title="Settings not reloaded", timeout=10)
            return False

    def _offer_cancel(self, offered: bool) -> None:
        """Show or hide the cancel key: only a run still going after RUNNING_SHOWN_AFTER changes the footer, as
        rebuilding it costs more than a quick run (a save's re-run would otherwise paint twice as late)."""
        if offered != self._cancel_offered:
            self._cancel_offered = offered
            self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel_run":  # offered by run events, not by the worker's state, which ends a moment later
            return self._cancel_offered
        if action == "toggle_full_event":
            return self.query_one(ResultPanes).check_action(action, parameters)
        if parameters and action in PANE_KEYS:
            return offered(action, parameters[0], self.query_one("#top", ContentSwitcher).current, self.maximized)
        return True

    def action_run_event(self) -> None:
        """Run the selected event once the focused widget has taken the keys typed before ctrl+r (a priority key)."""
        (self.focused or self).call_later(self.request_run, "manual")

    def action_cancel_run(self) -> None:
        """Stop the run (or suite) in progress; the panes keep the previous result, dimmed, until the run is back."""
        started = self._starting
        self.query_one(RunQueue).stop(by_user=True)
        self._starting = None
        self.code.release()
        if started is not None:
            self.results.show_cancelled(started.event_name)
        self.status.set_state(running="", dirty=self.code.dirty, cancelled=started.event_name if started else None)
        self._offer_cancel(False)

    def watch_maximized(self) -> None:
        self.refresh_bindings()  # f7's footer key: "Maximize", or "Restore" while a pane fills the screen

    def action_toggle_full_event(self) -> None:
        self.query_one(ResultPanes).action_toggle_full_event()

    def action_toggle_maximize(self, restore: bool = False) -> None:
        """Fill the screen with the focused pane, or restore the layout (`restore` only picks f7's footer label)."""
        if self.maximized is not None:
            self.minimize()
        elif self.focused is not None and (pane := fillable(self.focused)) is not None:
            self.maximize(pane)

    def action_save(self, pane: str = "code-pane") -> None:
        started = self.clock.monotonic()
        if pane == "event-editor":  # ctrl+s saves what the top pane shows (the footer says which)
            self.event_editor.action_save_event()
        elif self.code.save():
            self.status.set_state(dirty=False)
            self.request_run("save", reload_from=("mono", started))

    def action_pick_event(self) -> None:
        self.picker.take_focus()

    def action_toggle_event_editor(self, to: str = "") -> None:
        """Show `to` ("code-pane" or "event-editor") in the top pane, focused, or the other one; F3 offers the other."""
        switcher = self.query_one("#top", ContentSwitcher)
        switcher.current = to or ("code-pane" if switcher.current == "event-editor" else "event-editor")
        self.set_focus(self.code.editor if switcher.current == "code-pane" else self.event_editor.text_area)
        self.refresh_bindings()

    def action_show_tab(self, tab: str) -> None:
        """Show a results tab: "output-tab", "requests-tab", "diff-tab" or "history-tab"."""
        self.results.switch_to(tab)

    def action_jump_to_error(self) -> None:
        self.action_toggle_event_editor("code-pane")
        if not self.code.jump_to_error():
            self.notify("The shown run has no failing line in the handler", timeout=3)

    def action_run_suite(self) -> None:
        events = self.results.suite.runnable(self.picker.events)
        if not events:
            self.notify(f"No {self.event_editor.noun}s to run", severity="warning")
            return
        jobs = [self.settings.job(event.source.name, "suite", self.code.text, event.source.event()) for event in events]
        if refused := next((job.refused for job in jobs if job.refused), None):
            self.notify(refused, severity="error", title="Suite not run", timeout=10)
            return
        self.query_one(RunQueue).run_suite(jobs, [event.key for event in events])

    def action_settings(self) -> None:
        def saved(result: tuple[str, bool] | None) -> None:
            if result is None:
                return
            said, warns = result
            self.notify(said, severity="warning" if warns else "information", timeout=15 if warns else 3)
            self.request_run("settings")

        settings = self.settings
        self.app.push_screen(SettingsScreen(settings.rows(self.code.text), settings.save, display_path(settings.file),
                                              schema_path(self.handler).name, declared=settings.schema.declared,
                                              reveal=settings.reveal), saved)

    def action_help(self) -> None:
        self.app.push_screen(HelpScreen.for_focus(self.app, self.active_bindings.values(), requests=self.setup.run.kind == "source"))

    @on(WorkerFailed)
    def _worker_failed(self, message: WorkerFailed) -> None:
        self._starting = None
        self.status.set_state(running="", dirty=self.code.dirty)
        self._offer_cancel(False)  # the message goes on to the app, which shows the failure

    @on(TextArea.Changed, "#code-editor")
    def _code_edited(self) -> None:
        self.status.set_state(dirty=self.code.dirty)
