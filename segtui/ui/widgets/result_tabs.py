"""The result tabs under the editor (Output, Requests, Suite, History, Diff): what each shows and which is in view."""

from __future__ import annotations

from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import TabbedContent, TabPane

from segtui.ui.focus import focus_now
from segtui.ui.session import Clock, History, RunRecord
from segtui.ui.widgets.request_inspector import RequestInspector
from segtui.ui.widgets.result_panes import ResultPanes
from segtui.ui.widgets.run_tables import HISTORY_ROWS, DiffView, HistoryTable, SuiteTable, history_row

RUN_TABS = ("output-tab", "requests-tab", "diff-tab")
"""The tabs that show the shown run, and so the next one."""


class ResultTabs(Vertical):
    """The tabs, in a container (a subclass of TabbedContent loses its tab bar), filled as runs come.

    Requests and History are filled when they come into view: filling them lays out the whole screen, which would
    delay painting the run's result.
    """

    def __init__(self, export_dir: Path, history: History, clock: Clock, noun: str = "event") -> None:
        super().__init__()
        self.noun = noun
        """What the function runs, in words shown: `event`, or a source function's `request`."""
        self.export_dir = export_dir
        self.history = history
        self.clock = clock
        self.shown: RunRecord | None = None
        self._stale: set[str] = set()
        """Tabs that do not show the shown run yet."""
        self._unlisted: list[tuple[object, ...]] = []
        """The rows of runs kept since the History tab was last in view, oldest first (no more than it lists): rows,
        not the runs, which History forgets past its bound (a run can hold hundreds of MB)."""

    def compose(self) -> ComposeResult:
        with TabbedContent(id="bottom-tabs", initial="output-tab"):
            with TabPane("Output", id="output-tab"):
                yield ResultPanes(self.noun, id="results")
            with TabPane("Requests", id="requests-tab"):
                yield RequestInspector(self.export_dir, id="requests")
            with TabPane("Suite", id="suite-tab"):
                yield SuiteTable(self.noun, id="suite")
            with TabPane("History", id="history-tab"):
                yield HistoryTable(self.noun, id="history")
            with TabPane("Diff", id="diff-tab"):
                yield DiffView(self.noun, id="diff")

    @property
    def tabs(self) -> TabbedContent:
        return self.query_one("#bottom-tabs", TabbedContent)

    @property
    def suite(self) -> SuiteTable:
        return self.query_one(SuiteTable)

    def show(self, record: RunRecord) -> None:
        """Show a run in the Output tab now, and in the Requests and Diff tabs when they are (or come) in view."""
        self.shown = record
        self._dim_previous(False)
        self.query_one(ResultPanes).show(record, self.clock)
        self._stale = {"requests-tab", "diff-tab"}
        self._fill(self.tabs.active)

    def show_running(self, event_name: str) -> None:
        self.query_one(ResultPanes).show_running(event_name)
        self._dim_previous(True)

    def show_cancelled(self, event_name: str) -> None:
        self.query_one(ResultPanes).show_cancelled(event_name)
        self._dim_previous(True)

    def _dim_previous(self, dim: bool) -> None:
        """Dim the Requests and Diff tabs while they show the previous run (one going, or cancelled), as Output is."""
        for widget in (self.query_one(RequestInspector), self.query_one(DiffView)):
            widget.set_class(dim, "-running")

    def add_run(self, record: RunRecord) -> None:
        """List a kept run in the History tab (when it is next in view)."""
        self._unlisted = [*self._unlisted[-(HISTORY_ROWS - 1):], history_row(record, self.clock)]
        self._fill(self.tabs.active)

    def switch_to(self, tab: str) -> None:
        """Bring a tab into view and move the focus there (focus left in a hidden tab would switch back)."""
        self.tabs.active = tab
        self._fill(tab)
        focus_now(self._focus_target(tab))

    def follow_new_run(self) -> None:
        """Keep a tab that shows the run in view for a new run (Output, Requests, Diff: a user watching a request
        while editing its fetch sees the next one there); from Suite or History bring the Output tab back, moving
        the focus along only if it was in another tab."""
        tabs = self.tabs
        if tabs.active in RUN_TABS:
            return
        focused = self.app.focused
        if focused is not None and tabs in focused.ancestors:
            self.switch_to("output-tab")
        else:
            tabs.active = "output-tab"

    def _focus_target(self, tab: str) -> Widget:
        targets: dict[str, type[Widget]] = {"output-tab": ResultPanes, "requests-tab": RequestInspector,
                                            "suite-tab": SuiteTable, "history-tab": HistoryTable, "diff-tab": DiffView}
        widget: Widget = self.query_one(targets[tab])
        if isinstance(widget, ResultPanes):
            return widget.focus_target
        return widget.table if isinstance(widget, RequestInspector) else widget

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id is not None:
            self._fill(event.pane.id)

    def _fill(self, tab: str) -> None:
        """Bring the tab in view up to date with the shown run and the history."""
        if tab == "history-tab" and self._unlisted:
            self.query_one(HistoryTable).add_runs(self._unlisted)
            self._unlisted = []
        if tab not in self._stale or self.shown is None:
            return
        self._stale.discard(tab)
        if tab == "requests-tab":
            self.query_one(RequestInspector).show(self.shown, self.clock)
        else:
            self.query_one(DiffView).compare(self.shown, self.history.previous_of(self.shown))
