"""One run of one event as a worker performs it: a job copied off the UI, run on the engine, kept as a RunRecord.

No Textual import.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from segtui.cassette import CassetteWriter
from segtui.control_chars import visible
from segtui.engine.engine import Engine
from segtui.errors import SegtuiInputError
from segtui.invocation import Invocation
from segtui.limits import event_sizes, limit_notes
from segtui.masking import NO_MASK, Masker
from segtui.mock_rules import MockFile
from segtui.protocol import SandboxConfig
from segtui.setup import masked_message
from segtui.ui.session import Clock, RunRecord
from segtui.ui.views import build_run_view

RELOAD_PLAUSIBLE_MS = 10_000
"""A reload time above this is a clock mix-up (an old file time), not a measurement, and is not shown."""


@dataclass
class RunJob:
    """Everything a worker needs to run one event, copied off the UI so the worker touches no widget."""

    event_name: str
    trigger: str
    handler: Path
    source: str
    payload: dict[str, Any] | list[Any] | None
    settings: dict[str, Any]
    config: SandboxConfig
    reveal: bool = False
    recording: CassetteWriter | None = None
    """With --record: the cassette that keeps each run's exchanges."""
    refused: str | None = None
    reload_from: tuple[str, float] | None = None
    """Where a reload's clock starts: ("wall", file mtime) or ("mono", perf_counter at save)."""
    masker: Callable[[], Masker] = lambda: NO_MASK
    """The Masker of the sensitive settings the job was made with (HandlerSettings.masker_for), which masks a refusal
    quoting the mock file: made (once for them) only then."""
    mock: MockFile | None = None
    """The session's rules of the mock file `config` names, which the worker reads again once the file changed."""


def shown_refusal(refused: str, masker: Masker) -> str:
    """Why a run is refused, masked by `masker` (NO_MASK under --reveal-secrets): the invalid JSON of an event or of the
    mock file is quoted, and either may hold a secret; the reason is shown in the panes, the status line, the tables
    and toasts."""
    return visible(masked_message(refused, masker) if masker else refused)


def mock_checked(job: RunJob) -> RunJob:
    """The job, refused when its mock file cannot be read as rules: parsed here, in the worker (on the UI loop a
    large YAML file froze the app), so a run shows why rather than its requests failing as if the network had."""
    if job.refused or job.mock is None:
        return job
    try:
        job.mock.refresh()
    except SegtuiInputError as error:
        refused = f"{error}\nFix the mock file: the next save of it runs again."
        return replace(job, refused=shown_refusal(refused, job.masker()))
    return job


def refused_record(job: RunJob, clock: Clock) -> RunRecord:
    """The record of a job segtui would not run (a missing setting, invalid event JSON)."""
    invocation = Invocation(str(job.handler), None, None, "bad_request")
    return RunRecord(0, job.event_name, job.trigger, invocation, clock.now(), refused=job.refused,
                     event_payload=job.payload, reveal=job.reveal,
                     event_weight=0 if job.payload is None else sum(event_sizes(job.payload)))


def execute(engine: Engine, job: RunJob, clock: Clock) -> RunRecord:
    """Load the handler fresh (as Segment's editor runs each test on a new instance) and run the event, in one step."""
    started_at = clock.now()
    if engine.config != job.config:
        engine.reconfigure(job.config)
    if job.payload is None:
        raise ValueError(f"{job.event_name} has no event to run: {job.refused}")
    load, invocation = engine.run_fresh(job.handler, job.source, job.payload, job.settings)
    sizes = event_sizes(job.payload)
    invocation.notes += limit_notes(job.payload, invocation, sizes)
    if job.recording is not None and (problem := job.recording.add(invocation.interactions)):
        invocation.notes.append(f"segtui could not save the cassette {job.recording.path}: {problem}")
    shared_masker = engine.masker()
    masker = NO_MASK if job.reveal else shared_masker
    view = build_run_view(invocation, masker, str(job.handler), job.source, job.payload)
    record = RunRecord(0, job.event_name, job.trigger, invocation, started_at, load=load, event_payload=job.payload,
                       view=view, masker=masker, reveal=job.reveal, shared_masker=shared_masker, event_weight=sum(sizes))
    record.reload_ms = reload_ms(job.reload_from, clock)
    return record


def reload_ms(origin: tuple[str, float] | None, clock: Clock) -> float | None:
    """Milliseconds from a save to now, or None when unknown or implausible."""
    if origin is None:
        return None
    kind, start = origin
    elapsed = (clock.wall() - start) if kind == "wall" else (clock.monotonic() - start)
    elapsed_ms = elapsed * 1000
    return elapsed_ms if 0 <= elapsed_ms < RELOAD_PLAUSIBLE_MS else None
