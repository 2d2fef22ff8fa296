"""Appends mock rules off the UI loop and says how it went with a message."""

from __future__ import annotations

from pathlib import Path

from textual import work
from textual.widget import Widget
from textual.worker import Worker, WorkerState

from segtui.errors import SegtuiInputError
from segtui.records import RequestRecord
from segtui.ui.exports import mock_request
from segtui.ui.messages import MockRuleAdded, MockRuleRefused, WorkerFailed
from segtui.ui.session import RunRecord


class MockWriter(Widget):
    """Not shown: writes a rule answering a request to a mock file in a thread, then posts MockRuleAdded or
    MockRuleRefused (which it shows as a toast)."""

    DEFAULT_CSS = "MockWriter { display: none; }"

    @work(thread=True, exclusive=True, exit_on_error=False, name="adding a mock rule")
    def add(self, run: RunRecord, record: RequestRecord, target: Path) -> None:
        """Append to `target` a rule answering `record` as it was answered, masked with the run's secrets."""
        try:
            self.post_message(MockRuleAdded(mock_request(run, record, target)))
        except SegtuiInputError as error:
            self.post_message(MockRuleRefused(str(error)))

    def on_mock_rule_refused(self, message: MockRuleRefused) -> None:
        self.notify(message.reason, severity="error", title="Not mocked", timeout=10)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.post_message(WorkerFailed.of(event.worker))
