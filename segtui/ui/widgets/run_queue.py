"""The engine's runs, off the UI loop: one job or suite at a time, and a new one stops the one in progress."""

from __future__ import annotations

from textual import work
from textual.widget import Widget
from textual.worker import Worker, WorkerState, get_current_worker

from segtui.engine.engine import Engine
from segtui.ui.messages import RunFinished, RunStarted, SuiteFinished, SuiteProgressed, SuiteStarted, WorkerFailed
from segtui.ui.run_job import RunJob, execute, refused_record
from segtui.ui.session import Clock, RunRecord


class RunQueue(Widget):
    """Runs jobs in thread workers and posts RunStarted → RunFinished, SuiteStarted → SuiteProgressed… → SuiteFinished.

    Not shown. A stopped run posts nothing more, so a stale result never lands.
    """

    DEFAULT_CSS = "RunQueue { display: none; }"

    def __init__(self, engine: Engine, clock: Clock) -> None:
        super().__init__()
        self.engine = engine
        self.clock = clock

    @property
    def running(self) -> bool:
        """Whether a run or suite is in progress (one that was stopped does not count)."""
        return any(worker.node is self and worker.state in (WorkerState.PENDING, WorkerState.RUNNING)
                   for worker in self.workers)

    def stop(self) -> None:
        """Stop the run in progress at once: its worker posts nothing more, its sandbox is killed.

        The worker is marked first: a run the engine cancels ends at once, and must find itself cancelled.
        """
        if self.running:
            self.workers.cancel_node(self)
            self.engine.cancel()

    def run(self, job: RunJob) -> None:
        """Run one job (a refused one is reported without running)."""
        self.stop()
        if job.refused:
            self.post_message(RunFinished(refused_record(job, self.clock)))
        else:
            self._run(job)

    def run_suite(self, jobs: list[RunJob]) -> None:
        """Run every job in order, each on a fresh load of the handler."""
        self.stop()
        self._run_suite(jobs)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.post_message(WorkerFailed.of(event.worker))

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def _run(self, job: RunJob) -> None:
        worker = get_current_worker()
        if worker.is_cancelled:
            return
        self.post_message(RunStarted(job.event_name, job.trigger))
        record = execute(self.engine, job, self.clock)
        if not worker.is_cancelled:
            self.post_message(RunFinished(record))

    @work(thread=True, exclusive=True, group="engine", exit_on_error=False)
    def _run_suite(self, jobs: list[RunJob]) -> None:
        worker = get_current_worker()
        self.post_message(SuiteStarted([job.event_name for job in jobs]))
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
