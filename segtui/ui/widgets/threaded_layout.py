"""A widget's layout for a new width worked out on a thread when it is too slow for the UI loop (a long log, a big
return value): a newer layout makes an older one's result never land, and a failure is reported, not kept silent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

from textual.message import Message
from textual.worker import Worker, WorkerState, get_current_worker

from segtui.ui.messages import WorkerFailed

if TYPE_CHECKING:
    from textual.widget import Widget

AT_ONCE_ROWS = 400
"""Rows (or lines) laid out on the UI loop when the text or the width changes, more than a tall terminal shows: more
are laid out on a thread, as wrapping what a run keeps at most took Rich or Textual seconds (~2 s for a log of 10,000
lines at 40 columns, ~0.3 s per width for a 5,000-line return value, several widths a resize)."""


class ThreadedLayout:
    """For a widget (listed before it): `lay_out_on_thread` runs a layout off the UI loop and hands its result to
    `laid_out` on the UI loop; its failure goes to the app's error dialog (WorkerFailed) and to `layout_failed`."""

    _layout = 0
    """Which layout is current: a thread working out an earlier one gives up, and its result is dropped."""
    _layout_worker: Worker[None] | None = None
    """The worker laying out the current layout, if one does: an earlier one's failure is no longer this widget's."""

    def new_layout(self) -> None:
        """Begin a layout: what a thread is still laying out for an earlier one never lands."""
        self._layout += 1
        self._layout_worker = None

    def lay_out_on_thread(self, work: Callable[[Callable[[], bool]], object], name: str) -> None:
        """Begin a layout worked out by `work(stale)` on a thread; `stale()` says it is no longer wanted (a newer layout
        began, the widget was removed, the app is ending), when its result is dropped."""
        self.new_layout()
        layout = self._layout
        widget = cast("Widget", self)

        def run() -> None:
            worker = get_current_worker()

            def stale() -> bool:
                return layout != self._layout or worker.is_cancelled

            result = work(stale)
            if not stale():  # a message: thread-safe, and it never waits on the UI loop
                widget.post_message(ThreadedLayout.LaidOut(layout, result))

        self._layout_worker = widget.run_worker(run, name=name, thread=True, group="layout", exclusive=True,
                                                exit_on_error=False)

    @dataclass
    class LaidOut(Message):
        """A layout worked out on a thread."""

        layout: int
        result: object

    def on_threaded_layout_laid_out(self, message: LaidOut) -> None:
        message.stop()
        if message.layout == self._layout:
            self.laid_out(message.result)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """The current layout's failure, shown by the widget and reported: the widget kept what it showed before, in
        silence (an earlier layout's is dropped with its result: it said the rest of a newer log was not shown)."""
        if event.worker is self._layout_worker and event.state == WorkerState.ERROR:
            error = event.worker.error
            self.layout_failed(f"{type(error).__name__}: {error}" if error else "unknown error")
            cast("Widget", self).app.post_message(WorkerFailed.of(event.worker))  # to the app: no run is stopped

    def laid_out(self, result: object) -> None:
        """Show the current layout's result from the thread."""
        raise NotImplementedError

    def layout_failed(self, error: str) -> None:
        """Show that the layout failed (`error` as `Type: message`)."""
        raise NotImplementedError
