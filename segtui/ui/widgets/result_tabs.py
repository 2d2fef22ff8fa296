"""The result tabs under the editor (Output, Requests, Suite, History, Diff): what each shows and which is in view."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import TabbedContent, TabPane

from segtui.ui.session import Clock, History, RunRecord
from segtui.ui.widgets.log_view import LogView
from segtui.ui.widgets.request_inspector import RequestInspector
from segtui.ui.widgets.result_panes import ResultPanes
from segtui.ui.widgets.run_tables import DiffView, HistoryTable, SuiteTable


class ResultTabs(Vertical):
    """The tabs, in a container (a subclass of TabbedContent loses its tab bar), filled as runs come."""

    def __init__(self, export_dir: Path, history: History, clock: Clock) -> None:
        super().__init__()
        self.export_dir = export_dir
        self.history = history
        self.clock = clock
        self.shown: RunRecord | None = None

    def compose(self) -> ComposeResult:
        with TabbedContent(id="bottom-tabs", initial="output-tab"):
            with TabPane("Output", id="output-tab"):
                yield ResultPanes(id="results")
            with TabPane("Requests", id="requests-tab"):
                yield RequestInspector(self.export_dir, id="requests")
            with TabPane("Suite", id="suite-tab"):
                yield SuiteTable(id="suite")
            with TabPane("History", id="history-tab"):
                yield HistoryTable(id="history")
            with TabPane("Diff", id="diff-tab"):
                yield DiffView(id="diff")

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#bottom-tabs", TabbedContent)

    @property
    def suite(self) -> SuiteTable:
        return self.query_one(SuiteTable)

    def show(self, record: RunRecord) -> None:
        """Show a run in the Output and Requests tabs, and in the Diff tab when it is in view."""
        self.shown = record
        self.query_one(ResultPanes).show(record, self.clock)
        self.query_one(RequestInspector).show(record, self.clock)
        if self.tabs.active == "diff-tab":
            self._update_diff()

    def show_running(self, event_name: str) -> None:
        self.query_one(ResultPanes).show_running(event_name)

    def add_run(self, record: RunRecord) -> None:
        """List a kept run in the History tab."""
        self.query_one(HistoryTable).add_run(record, self.clock)

    def switch_to(self, tab: str) -> None:
        """Bring a tab into view and move the focus there (focus left in a hidden tab would switch back)."""
        self.tabs.active = tab
        if tab == "diff-tab":
            self._update_diff()
        self._focus_target(tab).focus()

    def return_to_output(self) -> None:
        """Bring the Output tab back for a new run, moving the focus along only if it was in another tab."""
        tabs = self.tabs
        if tabs.active == "output-tab":
            return
        focused = self.app.focused
        if focused is not None and tabs in focused.ancestors:
            self.switch_to("output-tab")
        else:
            tabs.active = "output-tab"

    def _focus_target(self, tab: str) -> Widget:
        targets = {"output-tab": LogView, "requests-tab": RequestInspector, "suite-tab": SuiteTable,
                   "history-tab": HistoryTable, "diff-tab": DiffView}
        widget = self.query_one(targets[tab])
        return widget.table if isinstance(widget, RequestInspector) else widget

    def _update_diff(self) -> None:
        if self.shown is not None:
            self.query_one(DiffView).compare(self.shown, self.history.previous_of(self.shown))
