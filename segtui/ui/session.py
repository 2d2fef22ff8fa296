"""What the TUI keeps about a session: its setup, the runs it made, and how times are shown.

Plain data with no Textual import, so it can be tested and reused on its own.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from segtui.durations import duration_text
from segtui.engine.engine import LoadResult
from segtui.errors import SegtuiInputError
from segtui.event_files import EventFileCache
from segtui.events import EventSource, load_event_arg
from segtui.function_files.handler_code import FunctionInfo, function_info
from segtui.invocation import ACCEPTED_OUTCOMES, Invocation
from segtui.kinds import KIND_LABELS, input_noun
from segtui.log_times import local_log_time
from segtui.masking import NO_MASK, Masker
from segtui.request_files import check_fits, load_request_arg
from segtui.setup import RunOptions, RunSetup, default_settings_files, prepare, settings_file
from segtui.ui.catalog import given_files
from segtui.ui.views import RunView

HISTORY_SIZE = 200
"""Runs kept for browsing and diffs; older ones are forgotten."""
HISTORY_WEIGHT = 64_000_000
"""The most characters of run data (RunView.weight, and the events run) History keeps beyond the last two runs: a
handler returning a million keys held ~150 MB a run, and 200 runs of it would not fit in memory."""


@dataclass
class TuiSetup:
    """Everything the app starts from: the checked run setup plus where events and settings come from."""

    run: RunSetup
    settings_file: Path
    event_dirs: list[Path] = field(default_factory=list)
    initial_event: str | None = None
    initial_sources: list[EventSource] = field(default_factory=list)
    cli_settings: list[str] = field(default_factory=list)
    """The --setting arguments, applied over the settings file until the settings screen saves new values."""
    event_files_read: EventFileCache = field(default_factory=EventFileCache)
    """The event files as read at start (the --event file): the picker lists them from it, not reading them again."""

    @property
    def handler(self) -> Path:
        return self.run.handler

    @property
    def function(self) -> FunctionInfo:
        """The function the handler file holds, with the kind segtui runs it as."""
        return replace(function_info(self.handler), kind=self.run.kind)

    @property
    def event_files(self) -> list[Path]:
        """The user's event files given with --event (not a bundled sample), watched as the handler is."""
        return given_files(self.initial_sources)

    @property
    def kind_label(self) -> str:
        """The kind of function in Segment's words, for titles; empty for a destination function (the default)."""
        kind = self.run.kind
        return "" if kind == "destination" else KIND_LABELS[kind]

    @property
    def noun(self) -> str:
        """What the function runs, in words shown: a source function's `request`, else `event`."""
        return input_noun(self.run.kind)

    @property
    def network_mode(self) -> str:
        """The fetch mode of the sandbox config, in one word."""
        return self.run.config.network.mode

    @classmethod
    def of(cls, options: RunOptions, event: str | None = None, event_dirs: list[Path] | None = None) -> TuiSetup:
        """Check the handler, settings and events; bad input raises SegtuiInputError."""
        setup = prepare(options, require_settings=False)
        with setup.errors_masked():  # an event file's invalid JSON is quoted, and an event may hold a secret
            # A source function's sample requests by name too, as `segtui run --request` takes them.
            load = load_request_arg if setup.kind == "source" else load_event_arg
            files = EventFileCache(setup.config.memory_mb)
            sources = load(event, setup.config.memory_mb, files.load) if event else []
            check_fits(setup.kind, sources)
            for folder in event_dirs or []:
                if not folder.is_dir():
                    raise SegtuiInputError(f"--events {folder}: no such folder")
        settings = settings_file(setup.handler, options.settings_file) or default_settings_files(setup.handler)[0]
        return cls(setup, settings, list(event_dirs or []), event, sources, list(options.setting_args), files)


@dataclass
class RunRecord:
    """One run of one event as the TUI shows it: the invocation plus how and when it came about."""

    number: int
    event_name: str
    trigger: str
    invocation: Invocation
    started_at: datetime
    load: LoadResult | None = None
    reload_ms: float | None = None
    refused: str | None = None
    """Why segtui did not run the event at all (missing required setting, invalid event JSON)."""
    event_payload: object = None
    view: RunView | None = None
    """The invocation made ready for display (masked), built in the worker."""
    masker: Masker = NO_MASK
    """Masks the secrets this run had wherever it is shown or exported (nothing with --reveal-secrets)."""
    reveal: bool = False
    """Whether the session runs with --reveal-secrets: requests are shown and exported unmasked."""
    shared_masker: Masker = NO_MASK
    """Masks this run's secrets, in every form, whatever --reveal-secrets says: for a file users share (a mock rule)."""
    event_weight: int = 0
    """About how many characters `event_payload` is as JSON."""
    cancelled: bool = False
    """Whether the user cancelled the run: it is kept with what it logged and requested until then."""

    @property
    def load_failed(self) -> bool:
        """Whether the handler's own top level failed (a sandbox that crashed while loading is segtui's failure, and
        one the user cancelled as it loaded is Cancelled)."""
        return (self.load is not None and not self.load.ok and not self.cancelled
                and not (self.invocation.crashed or self.invocation.refused))

    @property
    def ok(self) -> bool:
        return self.refused is None and not self.load_failed and self.invocation.ok

    @property
    def outcome_word(self) -> str:
        """What the run came to, in the words every table, toast and status line use."""
        if self.refused:
            return "Not run"
        if self.cancelled:
            return "Cancelled"
        if self.load_failed:
            return "Load failed"
        return self.invocation.label

    @property
    def as_expected(self) -> bool:
        """Whether Segment would be content: a success (a batch's every item too), or an event type the handler declares
        unsupported."""
        return (self.refused is None and not self.load_failed and self.invocation.outcome in ACCEPTED_OUTCOMES
                and not self.invocation.failed_items)


class History:
    """The session's runs, oldest first, bounded."""

    def __init__(self, size: int = HISTORY_SIZE, weight: int = HISTORY_WEIGHT) -> None:
        self.size = size
        self.weight = weight
        self.runs: list[RunRecord] = []
        self._count = 0

    def next_number(self) -> int:
        self._count += 1
        return self._count

    def add(self, record: RunRecord) -> None:
        """Keep `record`, forgetting the oldest runs past `size` or past HISTORY_WEIGHT (the last two stay, for F8)."""
        self.runs.append(record)
        del self.runs[: -self.size]
        while len(self.runs) > 2 and self.held() > self.weight:
            del self.runs[0]

    def held(self) -> int:
        """About how many characters of data the runs hold: their views, and their events, each event once however
        many runs ran it (runs of an event not edited in between share it)."""
        events = {id(run.event_payload): run.event_weight for run in self.runs if run.event_payload is not None}
        return sum(run.view.weight for run in self.runs if run.view) + sum(events.values())

    def __iter__(self) -> Iterator[RunRecord]:
        return iter(self.runs)

    def __len__(self) -> int:
        return len(self.runs)

    def get(self, number: int) -> RunRecord | None:
        return next((run for run in self.runs if run.number == number), None)

    def previous_of(self, record: RunRecord) -> RunRecord | None:
        """The last run of the same event before this one (what a diff compares against)."""
        earlier = [run for run in self.runs if run.event_name == record.event_name and run.number < record.number]
        return earlier[-1] if earlier else None


class Clock:
    """Where the TUI reads the time and how it prints durations; tests swap in a FrozenClock."""

    def now(self) -> datetime:
        return datetime.now().astimezone()

    def monotonic(self) -> float:
        return time.perf_counter()

    def wall(self) -> float:
        return time.time()

    def duration(self, ms: float | None) -> str:
        """A duration as segtui writes one everywhere (`11.9ms`, `1.01s`), or nothing when there is none."""
        return "" if ms is None else duration_text(ms)

    def clock_time(self, moment: datetime) -> str:
        return moment.strftime("%H:%M:%S")

    def log_time(self, iso: str) -> str:
        """A log entry's ISO-8601 UTC time as local HH:MM:SS.mmm."""
        return local_log_time(iso)


class FrozenClock(Clock):
    """A clock whose every reading is the same, so screenshots of the app are stable."""

    def __init__(self, moment: datetime | None = None) -> None:
        self.moment = moment or datetime(2026, 1, 1, 12, 0, 0).astimezone()

    def now(self) -> datetime:
        return self.moment

    def duration(self, ms: float | None) -> str:
        return "" if ms is None else "1.0ms"

    def log_time(self, iso: str) -> str:
        return "12:00:00.000"
