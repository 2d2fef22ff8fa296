"""The debugger's one main screen: handler, event, results; it owns the runs and the file watching."""

from __future__ import annotations

import asyncio
import re
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.reactive import reactive
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import ContentSwitcher, Footer, TabbedContent, TabPane, TextArea
from textual.worker import Worker, WorkerState, get_current_worker

from segtui.errors import SegtuiInputError
from segtui.events import save_event
from segtui.runtime.engine import Engine
from segtui.runtime.invocation import Invocation
from segtui.settings import (
    check_required,
    load_schema,
    mask_text,
    resolve_settings,
    save_settings,
    schema_path,
    sensitive_values,
)
from segtui.ui.catalog import PickableEvent, find_initial, gather_events, handler_event_folders
from segtui.ui.diff import diff_invocations
from segtui.ui.files import display_path, unique_path, write_text_atomic
from segtui.ui.messages import FilesChanged, RunFinished, RunStarted, SuiteFinished, SuiteProgressed, SuiteStarted
from segtui.ui.screens.dialogs import ConflictDialog, ErrorDialog, PathDialog
from segtui.ui.screens.help import HelpScreen
from segtui.ui.screens.settings import SettingsScreen
from segtui.ui.session import Clock, History, RunRecord, TuiSetup
from segtui.ui.views import build_run_view
from segtui.ui.widgets.code_pane import CodePane
from segtui.ui.widgets.event_editor import EventEditor
from segtui.ui.widgets.event_picker import EventPicker
from segtui.ui.widgets.request_inspector import RequestInspector
from segtui.ui.widgets.result_panes import ResultPanes
from segtui.ui.widgets.run_tables import DiffView, HistoryTable, RunSelected, SuiteTable
from segtui.ui.widgets.status_line import StatusLine

_RELOAD_PLAUSIBLE_MS = 10_000


@dataclass
class RunJob:
    """Everything a worker needs to run one event, copied off the UI so the worker touches no widget."""

    event_name: str
    trigger: str
    handler: Path
    source: str
    payload: object
    settings: dict
    secrets: list[str]
    refused: str | None = None
    reload_from: tuple[str, float] | None = None
    """Where a reload's clock starts: ("wall", file mtime) or ("mono", perf_counter at save)."""


class MainScreen(Screen):
    """Edit the handler, pick an event, see what the run did; every save runs again."""

    BINDINGS = [
        Binding("ctrl+r,f5", "run_event", "Run", id="run", tooltip="Run the selected event"),
        Binding("ctrl+s", "save", "Save", id="save", tooltip="Save the handler and run again"),
        Binding("f2", "pick_event", "Events", id="events", tooltip="Pick the event to run"),
        Binding("f3", "toggle_event_editor", "Event JSON", id="event_json", tooltip="Edit the selected event"),
        Binding("ctrl+t", "run_suite", "Suite", id="suite", tooltip="Run every event in the picker"),
        Binding("f4", "show_requests", "Requests", id="requests", tooltip="The requests of the shown run"),
        Binding("ctrl+o", "settings", "Settings", id="settings", tooltip="Edit the handler's settings"),
        Binding("f8", "show_diff", "Diff", id="diff", tooltip="What changed since the previous run of this event"),
        Binding("f9", "show_history", "History", id="history", tooltip="This session's runs"),
        Binding("ctrl+g", "jump_to_error", "Go to error", id="jump_to_error", show=False,
                tooltip="Put the cursor on the line that failed"),
        Binding("f1", "help", "Help", id="help", tooltip="Help for the focused pane and every key"),
    ]

    shown: reactive[RunRecord | None] = reactive(None, init=False, always_update=True)
    """The run the panes show; its watcher fans it out to every pane."""

    def __init__(self, setup: TuiSetup, engine: Engine, clock: Clock) -> None:
        super().__init__()
        self.setup = setup
        self.engine = engine
        self.clock = clock
        self.handler = setup.handler
        self.schema = list(setup.run.schema)
        self.settings = dict(setup.run.settings)
        self.secrets = list(setup.run.shown_secrets)
        self.cli_settings = list(setup.cli_settings)
        self.history = History()
        self.selected_key: str | None = None
        self.event_edits: dict[str, str] = {}
        self.conflict_open = False
        self.running = False
        self._stop_watching = asyncio.Event()
        self._initial_text = self.handler.read_text(encoding="utf-8")

    # ----- layout

    def compose(self) -> ComposeResult:
        with Horizontal(id="body"):
            yield EventPicker(id="events")
            with Vertical(id="work"):
                with ContentSwitcher(id="top", initial="code-pane"):
                    yield CodePane(self.handler.name, self._initial_text, id="code-pane")
                    yield EventEditor(id="event-editor")
                with TabbedContent(id="bottom-tabs", initial="output-tab"):
                    with TabPane("Output", id="output-tab"):
                        yield ResultPanes(id="results")
                    with TabPane("Requests", id="requests-tab"):
                        yield RequestInspector(id="requests")
                    with TabPane("Suite", id="suite-tab"):
                        yield SuiteTable(id="suite")
                    with TabPane("History", id="history-tab"):
                        yield HistoryTable(id="history")
                    with TabPane("Diff", id="diff-tab"):
                        yield DiffView(id="diff")
        yield StatusLine(id="status")
        yield Footer()

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

    def on_mount(self) -> None:
        self.status.set_state(network=self.setup.network_mode, clock=self.clock)
        events = self._gather()
        initial = find_initial(events, self.setup.initial_event, self.setup.initial_sources)
        self.picker.set_events(events, initial)
        if initial is not None:
            self._select(initial, run=False)
        self.code.editor.focus()
        self._apply_blink()
        self._watch()
        self.request_run("start")

    def _apply_blink(self) -> None:
        if not getattr(self.app, "cursor_blink", True):
            for area in self.query("TextArea"):
                area.cursor_blink = False

    # ----- events

    def _gather(self) -> list[PickableEvent]:
        return gather_events(self.handler, self.setup.event_dirs, self.setup.initial_sources)

    def _select(self, key: str, *, run: bool = True) -> None:
        editor = self.event_editor
        if editor.event is not None and editor.dirty:
            self.event_edits[editor.event.key] = editor.text_area.text
        elif editor.event is not None:
            self.event_edits.pop(editor.event.key, None)
        event = self.picker.get(key)
        if event is None:
            return
        self.selected_key = key
        editor.load(event)
        if key in self.event_edits:
            editor.text_area.load_text(self.event_edits[key])
            editor.validate()
        self.picker.highlight(key)
        if run:
            self.request_run("event picked")

    @on(EventPicker.EventSelected)
    def _event_selected(self, message: EventPicker.EventSelected) -> None:
        self._select(message.event.key)

    def _refresh_events(self) -> None:
        events = self._gather()
        keys = {event.key for event in events}
        selected = self.selected_key if self.selected_key in keys else find_initial(events, None, [])
        self.picker.set_events(events, selected)
        if selected is not None and self.event_editor.event is not None:
            current = self.picker.get(selected)
            if current is not None and not self.event_editor.dirty:
                self.event_editor.load(current)
            self.selected_key = selected

    # ----- running

    def _event_payload(self) -> tuple[str, object, str | None]:
        """The selected event's name, its payload (edited or as loaded), and why it cannot run (or None)."""
        editor = self.event_editor
        event = editor.event
        if event is None:
            return "(no event)", None, "No event selected: pick one on the left (F2)."
        name = event.source.name + (" (edited)" if editor.dirty else "")
        if editor.error:
            return name, None, f"The event JSON is not valid, so it was not run:\n{editor.error}\nFix it in the Event JSON tab (F3)."
        return name, editor.payload, None

    def _job(self, trigger: str, event_name: str, payload: object, refused: str | None,
             reload_from: tuple[str, float] | None = None) -> RunJob:
        if refused is None:
            try:
                check_required(self.schema, self.settings)
            except SegtuiInputError as error:
                refused = f"{error}\nPress ctrl+o to open the settings."
        return RunJob(event_name, trigger, self.handler, self.code.text, payload, dict(self.settings),
                      list(self.secrets), refused, reload_from)

    def request_run(self, trigger: str, reload_from: tuple[str, float] | None = None) -> None:
        """Run the selected event with the editor's current text, in a worker."""
        name, payload, refused = self._event_payload()
        job = self._job(trigger, name, payload, refused, reload_from)
        if job.refused:
            record = RunRecord(0, name, trigger, Invocation(str(self.handler), None, None, "bad_request"),
                               self.clock.now(), refused=job.refused, event_payload=payload)
            self.post_message(RunFinished(record))
            return
        if self.running:
            # A newer run supersedes one still going (a busy loop, a slow request): stop it now.
            self.engine.cancel()
        self._run(job)

    def _execute(self, job: RunJob) -> RunRecord:
        """Load the handler fresh (as Segment's editor runs each test on a new instance) and run the event."""
        started_at = self.clock.now()
        load = self.engine.load(job.handler, job.source)
        event_type = job.payload.get("type") if isinstance(job.payload, dict) else "batch"
        if load.ok:
            invocation = self.engine.invoke(job.payload, job.settings)
        else:
            invocation = Invocation(str(job.handler), event_type, "(top level)", "bad_request", error=load.error)
        view = build_run_view(invocation, job.secrets, str(job.handler), job.source)
        record = RunRecord(0, job.event_name, job.trigger, invocation, started_at, load=load,
                           event_payload=job.payload, view=view)
        record.reload_ms = self._reload_ms(job.reload_from)
        return record

    def _reload_ms(self, origin: tuple[str, float] | None) -> float | None:
        if origin is None:
            return None
        kind, start = origin
        elapsed = (self.clock.wall() - start) if kind == "wall" else (self.clock.monotonic() - start)
        elapsed_ms = elapsed * 1000
        return elapsed_ms if 0 <= elapsed_ms < _RELOAD_PLAUSIBLE_MS else None

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def _run(self, job: RunJob) -> None:
        worker = get_current_worker()
        self.post_message(RunStarted(job.event_name, job.trigger))
        record = self._execute(job)
        if not worker.is_cancelled:
            self.post_message(RunFinished(record))

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def _run_suite(self, jobs: list[RunJob]) -> None:
        worker = get_current_worker()
        self.post_message(SuiteStarted([job.event_name for job in jobs]))
        records = []
        for index, job in enumerate(jobs, 1):
            if worker.is_cancelled:
                break
            self.post_message(RunStarted(job.event_name, "suite"))
            record = self._execute(job)
            records.append(record)
            self.post_message(SuiteProgressed(record, index, len(jobs)))
        self.post_message(SuiteFinished(records))

    def _keep(self, record: RunRecord) -> None:
        record.number = self.history.next_number()
        self.history.add(record)
        self.query_one(HistoryTable).add_run(record, self.clock)

    @on(RunStarted)
    def _run_started(self, message: RunStarted) -> None:
        self.running = True
        self.query_one(ResultPanes).show_running(message.event_name)
        self.status.set_state(running=message.event_name)

    @on(RunFinished)
    def _run_finished(self, message: RunFinished) -> None:
        self.running = False
        self._keep(message.record)
        self.shown = message.record

    @on(SuiteStarted)
    def _suite_started(self, message: SuiteStarted) -> None:
        self.query_one(SuiteTable).start(message.names)
        self._show_tab("suite-tab", self.query_one(SuiteTable))

    @on(SuiteProgressed)
    def _suite_progressed(self, message: SuiteProgressed) -> None:
        self._keep(message.record)
        self.query_one(SuiteTable).add_result(message.record, message.index, self.clock)
        self.status.set_state(running=f"suite {message.index}/{message.total}" if message.index < message.total else "")

    @on(SuiteFinished)
    def _suite_finished(self, message: SuiteFinished) -> None:
        self.running = False
        records = message.records
        self.status.set_state(running="")
        if records:
            self.shown = records[-1]
        counts = Counter(record.invocation.label for record in records)
        summary = ", ".join(f"{count} {label}" for label, count in counts.most_common())
        expected = counts["Success"] + counts["Unsupported Event Type"]
        self.notify(f"{len(records)} events: {summary}",
                    severity="information" if expected == len(records) else "warning", title="Suite")

    def watch_shown(self, record: RunRecord | None) -> None:
        if record is None:
            return
        self.query_one(ResultPanes).show(record, self.clock)
        self.query_one(RequestInspector).show(record.invocation, self.clock, self.mask, self.mask_record)
        self.status.set_state(record=record, dirty=self.code.dirty)
        error = record.invocation.error if not record.refused else None
        if error and error.line:
            self.code.mark_error(error.line, error.column, error.headline())
        else:
            self.code.mark_error(None, None)
        if self.query_one("#bottom-tabs", TabbedContent).active == "diff-tab":
            self._update_diff()

    def mask(self, text: str) -> str:
        return mask_text(text, self.secrets)

    def mask_record(self, record: dict) -> dict:
        """A request record fit to show: secrets and credential headers masked."""
        try:
            from segtui.recorder import mask_record

            return mask_record(record, self.secrets)
        except (ImportError, KeyError, TypeError):
            return record

    @on(RunSelected)
    def _run_selected(self, message: RunSelected) -> None:
        record = self.history.get(message.number)
        if record is None:
            self.notify("That run is no longer kept in the history", severity="warning")
            return
        self.shown = record
        self._show_tab("output-tab", self.code.editor)

    def _update_diff(self) -> None:
        record = self.shown
        view = self.query_one(DiffView)
        if record is None:
            return
        previous = self.history.previous_of(record)
        if previous is None:
            view.show(f"Run #{record.number} · {record.event_name}", None)
            return
        self._compute_diff(record, previous)

    @work(thread=True, exclusive=True, group="diff", exit_on_error=False)
    def _compute_diff(self, record: RunRecord, previous: RunRecord) -> None:
        sections = diff_invocations(previous.invocation, record.invocation)
        if self.secrets:
            for section in sections:
                section.lines = [(tag, self.mask(line)) for tag, line in section.lines]
        title = f"Run #{record.number} compared with run #{previous.number} · {record.event_name}"
        self.app.call_from_thread(self.query_one(DiffView).show, title, sections)

    # ----- files

    @work(exclusive=True, group="watch", exit_on_error=False)
    async def _watch(self) -> None:
        from segtui.watcher import watch_changes

        files = [self.handler, self.setup.settings_file, schema_path(self.handler)]
        folders = [*self.setup.event_dirs, *handler_event_folders(self.handler)]
        async for paths in watch_changes(files, folders, [self.handler.parent], stop_event=self._stop_watching):
            self.post_message(FilesChanged(paths))

    def stop_watching(self) -> None:
        self._stop_watching.set()

    @on(FilesChanged)
    def _files_changed(self, message: FilesChanged) -> None:
        paths = message.paths
        handler = self.handler.resolve()
        rerun = False
        if schema_path(self.handler).resolve() in paths or self.setup.settings_file.resolve() in paths:
            rerun |= self._reload_settings()
        event_paths = {path for path in paths if path.suffix in (".json", ".ndjson", ".jsonl")} - {
            schema_path(self.handler).resolve(), self.setup.settings_file.resolve()}
        if event_paths:
            rerun |= self._events_changed(event_paths)
        if handler in paths:
            self._handler_changed()
        elif rerun:
            self.request_run("file changed")

    def _handler_changed(self) -> None:
        try:
            disk = self.handler.read_text(encoding="utf-8")
            mtime = self.handler.stat().st_mtime
        except FileNotFoundError:
            self.notify(f"{self.handler.name} was removed from disk. The editor keeps its text: ctrl+s writes it back.",
                        severity="warning", title="Handler removed", timeout=10)
            return
        except (OSError, UnicodeDecodeError) as error:
            self.notify(f"Cannot read {self.handler.name}: {error}", severity="error")
            return
        code = self.code
        if disk == code.saved_text:
            return
        if code.dirty and disk != code.text:
            self._ask_conflict(disk)
            return
        code.replace_text(disk)
        self.request_run("save", reload_from=("wall", mtime))

    def _ask_conflict(self, disk: str) -> None:
        if self.conflict_open:
            return
        self.conflict_open = True

        def resolved(choice: str | None) -> None:
            self.conflict_open = False
            try:
                latest = self.handler.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                latest = disk
            if choice == "disk":
                self.code.replace_text(latest)
                self.request_run("reload")
            else:
                self.code.mark_saved(latest)
                self.status.set_state(dirty=self.code.dirty)
                self.notify("Kept your edits; the file on disk is unchanged until you save (ctrl+s).", timeout=5)

        self.app.push_screen(ConflictDialog(self.handler.name, self.code.text, disk), resolved)

    def _reload_settings(self) -> bool:
        """Read the schema and settings file again; True when what a run gets changed."""
        settings_file = self.setup.settings_file
        try:
            schema = load_schema(self.handler)
            values = resolve_settings(schema, settings_file if settings_file.exists() else None, self.cli_settings)
        except SegtuiInputError as error:
            self.notify(str(error), severity="error", title="Settings not reloaded", timeout=10)
            return False
        if schema == self.schema and values == self.settings:
            return False
        self.schema, self.settings = schema, values
        self.secrets = sensitive_values(schema, values)
        return True

    def _events_changed(self, paths: set[Path]) -> bool:
        selected = self.picker.get(self.selected_key)
        self._refresh_events()
        if selected is None or selected.path not in paths:
            return False
        if self.event_editor.dirty:
            self.notify(f"{selected.source.name} changed on disk; your edits to it are kept (Reset shows the file).",
                        severity="warning", timeout=8)
            return False
        return True

    # ----- actions

    def action_run_event(self) -> None:
        self.request_run("manual")

    def action_save(self) -> None:
        started = self.clock.monotonic()
        text = self.code.text
        try:
            write_text_atomic(self.handler, text)
        except OSError as error:
            self.notify(f"Could not save {self.handler.name}: {error.strerror or error}", severity="error")
            return
        self.code.mark_saved(text)
        self.request_run("save", reload_from=("mono", started))

    def action_pick_event(self) -> None:
        self.picker.option_list.focus()

    def action_toggle_event_editor(self) -> None:
        switcher = self.query_one("#top", ContentSwitcher)
        if switcher.current == "event-editor":
            switcher.current = "code-pane"
            self.code.editor.focus()
        else:
            switcher.current = "event-editor"
            self.event_editor.text_area.focus()

    def _show_tab(self, tab: str, focus: Widget) -> None:
        """Switch the lower tabs and move the focus there (focus left in a hidden tab would switch back)."""
        self.query_one("#bottom-tabs", TabbedContent).active = tab
        focus.focus()

    def action_show_requests(self) -> None:
        self._show_tab("requests-tab", self.query_one(RequestInspector).table)

    def action_show_diff(self) -> None:
        self._show_tab("diff-tab", self.query_one(DiffView))
        self._update_diff()

    def action_show_history(self) -> None:
        self._show_tab("history-tab", self.query_one(HistoryTable))

    def action_jump_to_error(self) -> None:
        self.query_one("#top", ContentSwitcher).current = "code-pane"
        if not self.code.jump_to_error():
            self.notify("The shown run has no failing line in the handler", timeout=3)

    def action_run_suite(self) -> None:
        events = [event for event in self.picker.events if event.source.ok]
        if not events:
            self.notify("No events to run", severity="warning")
            return
        jobs = [self._job("suite", event.source.name, event.source.payload, None) for event in events]
        refused = next((job.refused for job in jobs if job.refused), None)
        if refused:
            self.notify(refused, severity="error", title="Suite not run", timeout=10)
            return
        self._run_suite(jobs)

    def action_settings(self) -> None:
        def saved(values: dict | None) -> None:
            if values is None:
                return
            try:
                save_settings(self.setup.settings_file, values)
            except SegtuiInputError as error:
                self.notify(str(error), severity="error", title="Settings not saved")
                return
            self.cli_settings = []
            self.settings = values
            self.secrets = sensitive_values(self.schema, values)
            self.notify(f"Settings saved to {display_path(self.setup.settings_file)}", timeout=3)
            self.request_run("settings")

        self.app.push_screen(SettingsScreen(self.schema, self.settings, display_path(self.setup.settings_file)), saved)

    def action_help(self) -> None:
        focused = self.app.focused
        text = ""
        node = focused
        while node is not None and not text:
            text = getattr(node, "HELP", "") or ""
            node = node.parent
        self.app.push_screen(HelpScreen(text))

    @on(EventEditor.SaveRequested)
    def _save_event_as(self) -> None:
        editor = self.event_editor
        if editor.payload is None:
            self.notify(f"Fix the event first: {editor.error.splitlines()[0] if editor.error else ''}", severity="error")
            return
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", Path(editor.event.source.name).stem).strip("-") or "event"
        default = unique_path(self.handler.parent / "events" / f"{stem}-edited.json")
        payload = editor.payload

        def chosen(path_text: str | None) -> None:
            if not path_text:
                return
            path = Path(path_text).expanduser()
            if not path.is_absolute() and not path_text.startswith("."):
                path = Path.cwd() / path
            try:
                save_event(payload, path)
            except SegtuiInputError as error:
                self.notify(str(error), severity="error", title="Event not saved")
                return
            self.notify(f"Saved {display_path(path)}", timeout=3)
            self.event_edits.pop(editor.event.key, None)
            self.event_editor.original = self.event_editor.text_area.text
            events = self._gather()
            match = next((event for event in events if event.path == path.resolve()), None)
            self.picker.set_events(events, match.key if match else self.selected_key)
            if match is not None:
                self._select(match.key, run=False)

        self.app.push_screen(PathDialog("Save the edited event as a new file", display_path(default)), chosen)

    @on(RequestInspector.CurlRequested)
    def _copy_curl(self, message: RequestInspector.CurlRequested) -> None:
        from segtui.recorder import to_curl

        command = to_curl(message.record, secrets=self.secrets)
        self.app.copy_to_clipboard(command)
        self.notify(f"Copied to the clipboard:\n{command[:300]}", title="curl", timeout=6)

    @on(RequestInspector.HarRequested)
    def _export_har(self) -> None:
        record = self.shown
        if record is None:
            return
        stem = re.sub(r"[^A-Za-z0-9_-]+", "-", record.event_name).strip("-") or "run"
        default = unique_path(self.handler.parent / f"{stem}-run{record.number}.har")

        def chosen(path_text: str | None) -> None:
            if not path_text:
                return
            from segtui.events import write_json_atomic
            from segtui.recorder import to_har

            path = Path(path_text).expanduser()
            try:
                write_json_atomic(to_har(record.invocation.requests, secrets=self.secrets), path, overwrite=True)
            except SegtuiInputError as error:
                self.notify(f"Could not write {path}: {error}", severity="error")
                return
            self.notify(f"Exported {len(record.invocation.requests)} requests to {display_path(path)}", timeout=4)

        self.app.push_screen(PathDialog("Export the run's requests as HAR", display_path(default), "Export"), chosen)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.running = False
            self.status.set_state(running="")
            error = event.worker.error
            details = "".join(traceback.format_exception(error)) if error else "unknown error"
            self.app.push_screen(ErrorDialog(f"segtui failed unexpectedly in {event.worker.name or 'a worker'}", details))

    @on(TextArea.Changed, "#code-editor")
    def _code_edited(self) -> None:
        self.status.set_state(dirty=self.code.dirty)

    def unsaved_items(self) -> list[str]:
        """What quitting now would lose."""
        items = []
        if self.code.dirty:
            items.append(f"{self.handler.name}: unsaved edits")
        editor = self.event_editor
        edited = dict(self.event_edits)
        if editor.event is not None and editor.dirty:
            edited[editor.event.key] = editor.text_area.text
        items += [f"event {key.split(':', 1)[-1]}: edited JSON not saved to a file" for key in edited]
        return items
