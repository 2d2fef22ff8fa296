"""The engine's runs, off the UI loop: one job or suite at a time, and a new one stops the one in progress."""

from __future__ import annotations

import gc
from dataclasses import dataclass

from textual import work
from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState, get_current_worker

from segtui.engine.engine import Engine
from segtui.protocol import CANCELLED_MESSAGE
from segtui.ui.messages import (
    RunFinished,
    RunStarted,
    SuiteFinished,
    SuiteProgressed,
    SuiteRefused,
    SuiteStarted,
    WorkerFailed,
)
from segtui.ui.run_job import RunJob, execute, mock_checked, refused_record
from segtui.ui.session import Clock, RunRecord


class RunQueue(Widget):
    """Runs jobs in thread workers and posts RunStarted → RunFinished, SuiteStarted → SuiteProgressed… → SuiteFinished.

    Not shown. A stopped run posts nothing more, so a stale result never lands (one the user cancelled: its own). From a run's request until its
    result is painted, Python's cyclic collector waits (see _hold_collector).
    """

    DEFAULT_CSS = "RunQueue { display: none; }"

    @dataclass
    class SuiteChecked(Message):
        """A suite's mock file was read as rules: its `jobs` may run, unless `check` is not the last suite asked for."""

        jobs: list[RunJob]
        keys: list[str]
        check: int

    def __init__(self, engine: Engine, clock: Clock, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.engine = engine
        self.clock = clock
        self._holding = False
        """Whether this queue disabled the cyclic collector (it re-enables only what it disabled)."""
        self._requests = 0
        """Runs requested so far: a result releases the collector only if no run was requested after it."""
        self._release_at_frame: int | None = None
        """The run whose result the next frame paints (as counted by _requests), if one finished since the last frame."""
        self._stopped_by_user: list[Worker[None]] = []
        """The workers the user stopped last (escape): their run is posted once it has stopped."""
        self._suite_checks = 0
        """Suites asked for, and stops: a suite whose mock file check ends after another, a run or a stop is not run."""

    @property
    def running(self) -> bool:
        """Whether a run or suite is in progress (one that was stopped does not count, nor a suite's mock file check)."""
        busy = (WorkerState.PENDING, WorkerState.RUNNING)
        return any(worker.node is self and worker.group == "engine" and worker.state in busy for worker in self.workers)

    def stop(self, by_user: bool = False) -> None:
        """Stop the run in progress at once: its worker posts nothing more, its sandbox is killed; stopped `by_user`
        (escape), the run is stopped as a limit stops it, and posted as cancelled with what it logged until then.

        The worker is marked first: a run the engine cancels ends at once, and must find itself cancelled.
        """
        self._hold_collector(False)
        self._suite_checks += 1
        if self.running:
            self._stopped_by_user = [worker for worker in self.workers if by_user and worker.node is self
                                     and worker.state in (WorkerState.PENDING, WorkerState.RUNNING)]
            self.workers.cancel_node(self)
            self.engine.cancel(keep_logs=by_user)

    def run(self, job: RunJob) -> None:
        """Run one job (a refused one is reported without running)."""
        self.stop()
        self._requests += 1
        self._hold_collector(True)
        if job.refused:
            self.post_message(RunFinished(refused_record(job, self.clock), self._requests))
        else:
            self._run(job, self._requests)

    def _hold_collector(self, hold: bool) -> None:
        """Disable Python's cyclic collector, or enable it again; what fell due meanwhile runs at the next allocation.

        A full collection took 25–40 ms (over 100 under load) and now and then fell between a save and its result.
        """
        if hold and not self._holding and gc.isenabled():
            gc.disable()
            self._holding = True
        elif not hold and self._holding:
            self._holding = False
            gc.enable()

    def on_run_finished(self, message: RunFinished) -> None:
        """The next frame paints the result (the message bubbles on to the screen, which shows it); it releases the
        collector only if no run was requested after this one (a cancelled run's may come after the next began)."""
        self._release_at_frame = message.request

    def frame_shown(self) -> None:
        """A frame has gone to the terminal: release the collector if it painted the last run requested."""
        if self._release_at_frame is not None:
            self._hold_collector(self._release_at_frame != self._requests)
            self._release_at_frame = None

    def on_unmount(self) -> None:
        self._hold_collector(False)

    def run_suite(self, jobs: list[RunJob], keys: list[str]) -> None:
        """Run every job in order, each on a fresh load of the handler (`keys`: the picker's keys of their events), once
        a worker has read the mock file: a suite it refuses stops no run in progress."""
        self._suite_checks += 1
        self._check_suite(jobs, keys, self._suite_checks)

    @work(thread=True, exclusive=True, group="suite-check", exit_on_error=False)
    def _check_suite(self, jobs: list[RunJob], keys: list[str], check: int) -> None:
        refused = mock_checked(jobs[0]).refused if jobs else None
        if not get_current_worker().is_cancelled:
            self.post_message(SuiteRefused(refused) if refused else self.SuiteChecked(jobs, keys, check))

    def on_run_queue_suite_checked(self, message: SuiteChecked) -> None:
        """Stop the run in progress and run the suite, unless a run or a stop was asked for since it was."""
        message.stop()
        if message.check == self._suite_checks:
            self.stop()
            self._run_suite(message.jobs, message.keys)

    def on_suite_refused(self, message: SuiteRefused) -> None:
        self.notify(message.reason, severity="error", title="Suite not run", timeout=10)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self._hold_collector(False)
            self.post_message(WorkerFailed.of(event.worker))

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def _run(self, job: RunJob, request: int) -> None:
        """Run one job; one the user stopped (`stop`) is still posted, cancelled, with what it (or, stopped as it
        loaded, its top level) logged and requested until then, as a timeout is (one a new run or suite replaced: not)."""
        worker = get_current_worker()
        job = mock_checked(job)
        if worker.is_cancelled:
            return
        if job.refused:
            self.post_message(RunFinished(refused_record(job, self.clock), request))
            return
        self.post_message(RunStarted(job.event_name, job.trigger))
        record = execute(self.engine, job, self.clock)
        error = record.invocation.error
        stopped = error is not None and (error.name, error.message) == ("SandboxError", CANCELLED_MESSAGE)
        record.cancelled = worker.is_cancelled and stopped  # an escape as the run ended stopped nothing: it is shown whole
        if not worker.is_cancelled or worker in self._stopped_by_user:
            self.post_message(RunFinished(record, request))

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def _run_suite(self, jobs: list[RunJob], keys: list[str]) -> None:
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        self.post_message(SuiteStarted([job.event_name for job in jobs], keys))
        records: list[RunRecord] = []
        for index, job in enumerate(jobs, 1):
            if worker.is_cancelled:
                break
            self.post_message(RunStarted(job.event_name, "suite"))
            record = execute(self.engine, job, self.clock)
            if worker.is_cancelled:
                break
            records.append(record)
            self.post_message(SuiteProgressed(record, index, len(jobs)))
        self.post_message(SuiteFinished(records, len(jobs), stopped=worker.is_cancelled))
