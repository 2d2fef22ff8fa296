"""Suites for `segtui test`: which events to test, and verdicts against their goldens.

Plain core: no printing, no Textual. `collect_suite` and `run_suite` return plain
dataclasses the command and the reports render.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path
from typing import Any

from segtui import goldens
from segtui.cassette import is_cassette
from segtui.engine.engine import Engine, LoadResult
from segtui.errors import SegtuiInputError
from segtui.event_size import EventTooBig
from segtui.events import (
    BATCH,
    NDJSON_SUFFIXES,
    SPEC_TYPES,
    EventSource,
    developer_center_suite,
    discover_events,
    event_folders_beside,
    is_beside_event_file,
    load_event_arg,
    load_event_file,
    unsaved_copy,
)
from segtui.invocation import ACCEPTED_OUTCOMES, Invocation
from segtui.kinds import FunctionKind, input_noun
from segtui.limits import limit_notes
from segtui.ndjson import BadLine
from segtui.protocol import DEFAULT_MEMORY_MB
from segtui.request_files import check_fits, sample_request_names, sample_requests
from segtui.user_files import real_path, user_path
from segtui.webhooks import is_request

DEVELOPER_CENTER = "developer-center"


@dataclass
class SuiteEvent:
    """One event of a suite: its name (also the key of its golden), the payload, and the file it came from."""

    name: str
    payload: dict[str, Any] | list[Any]
    path: Path | None = None


@dataclass
class Suite:
    """The events to test, and notes about files beside the handler that were skipped as not events."""

    events: list[SuiteEvent]
    skipped: list[str] = field(default_factory=list)
    bad_lines: list[BadLine] = field(default_factory=list)
    """The NDJSON lines left out as no event (--skip-bad-lines)."""


def bundled_suite(kind: FunctionKind = "destination") -> list[SuiteEvent]:
    """The events every handler is tested with: the seven Spec samples, the Developer Center suite, the mixed batch;
    for a source function, the sample webhook requests."""
    if kind == "source":
        return [SuiteEvent(f"sample-requests/{source.name}", source.event(), source.path) for source in sample_requests()]
    return [*_spec_samples(SPEC_TYPES), *_developer_center(), *_spec_samples((BATCH,))]


def _spec_samples(names: Iterable[str]) -> list[SuiteEvent]:
    events = []
    for name in names:
        (source,) = load_event_arg(name)
        events.append(SuiteEvent(f"spec/{name}", source.event(), source.path))
    return events


def _developer_center() -> list[SuiteEvent]:
    return [SuiteEvent(f"{DEVELOPER_CENTER}/{Path(source.name).stem}", source.event(), source.path)
            for source in developer_center_suite()]


def collect_suite(handler: Path, selectors: list[str], event_dirs: list[Path], skip: Iterable[Path] = (),
                  kind: FunctionKind = "destination", memory_mb: int = DEFAULT_MEMORY_MB, *,
                  skip_bad_lines: bool = False) -> Suite:
    """The events `segtui test` runs, each named for its golden; bad selectors or event files raise SegtuiInputError.

    With no selectors: the bundled suite, then the event files directly beside the handler
    (files there that are not events are skipped with a note; cassettes and `skip`, the run's inputs, silently), then those in its `events/`,
    `sample_events/`, `requests/` and `webhook-examples/` folders (as the TUI's picker lists them), then those under
    `event_dirs`. Selectors replace the default set and may be Spec types, `batch`,
    `developer-center`, event files or folders, or the names this suite gives events; `event_dirs` still add to them. A source function's suite holds
    requests instead (the bundled samples, and request files found the same way); files of the other sort are left out.
    An event too big to run under `--memory memory_mb` raises (check_event_size), beside the handler too.
    """
    collector = _Collector(handler, {real_path(path) for path in skip}, kind, memory_mb, skip_bad_lines)
    if selectors:
        for selector in selectors:
            collector.add_selector(selector)
    else:
        collector.add(bundled_suite(kind))
        collector.add_own_events()
    for directory in event_dirs:
        collector.add_folder(Path(directory))
    return Suite(collector.events, collector.skipped, [line for lines in (collector.bad_lines or {}).values() for line in lines])


class _Collector:
    """Gathers suite events once per file, names them, and refuses two events with one golden name."""

    def __init__(self, handler: Path, skip: set[Path], kind: FunctionKind, memory_mb: int,
                 skip_bad_lines: bool) -> None:
        self.kind = kind
        self.memory_mb = memory_mb
        self.bad_lines: dict[Path, list[BadLine]] | None = {} if skip_bad_lines else None
        """The NDJSON lines that are no event, skipped, by file (its real path), kept once however often the file is
        read; None: such a line is refused."""
        self.handler = handler
        self.folder = handler.parent
        self.home = real_path(self.folder)
        self.skip = skip
        self.seen = set(skip)
        self.names: dict[str, str] = {}
        self.events: list[SuiteEvent] = []
        self.skipped: list[str] = []
        self._own: list[SuiteEvent] | None = None
        self._own_bad_lines: dict[Path, list[BadLine]] = {}
        self._own_error: SegtuiInputError | None = None

    def add(self, events: Iterable[SuiteEvent]) -> None:
        for event in events:
            if is_request(event.payload) != (self.kind == "source"):
                continue
            origin = str(event.path) if event.path else event.name
            if self.names.get(event.name) == origin:
                continue
            if event.name in self.names:
                raise SegtuiInputError(f"two {input_noun(self.kind)}s would share the golden {event.name!r}: "
                                       f"{self.names[event.name]} and {origin}; rename one of them")
            self.names[event.name] = origin
            self.events.append(event)

    def add_selector(self, selector: str) -> None:
        bundled = {event.name: event for event in bundled_suite(self.kind)}
        if self.kind == "source" and selector in sample_request_names():
            self.add([bundled[f"sample-requests/{selector}"]])
        elif selector in SPEC_TYPES or selector == BATCH:
            self.add(_spec_samples((selector,)))
        elif selector == DEVELOPER_CENTER:
            self.add(_developer_center())
        elif selector in bundled:
            self.add([bundled[selector]])
        elif user_path(selector).is_dir():
            self.add_folder(user_path(selector))
        elif not user_path(selector).exists() and (named := self._own_events_named(selector)):
            self.add(named)
        else:
            path = user_path(selector)
            try:
                sources = load_event_arg(selector, self.memory_mb, self.load)
            except SegtuiInputError as error:
                if self._own_error is None or path.exists():
                    raise
                raise SegtuiInputError(f"{error}\nThe events beside the handler, whose names may be given too, were "
                                       f"read only up to one that is no event: {self._own_error}") from None
            check_fits(self.kind, sources)
            if self._first_visit(path):
                self.add(self._named(sources, self._key(path, real_path(path).parent.parent)))

    def add_own_events(self) -> None:
        """The event files beside the handler, then those in the event folders beside it."""
        self.add_beside_handler()
        for folder in event_folders_beside(self.handler):
            self.add_folder(folder)

    def _own_events_named(self, name: str) -> list[SuiteEvent]:
        """The events beside the handler that the default suite names `name` (as its table and goldens name them: an
        NDJSON file's name gives all its lines), so a row's name selects it as its file's path does.

        They are read once for every name. A file among them that cannot be read ends the reading, and is named only if
        the name is found nowhere (a name it would not have given is no error of that file's)."""
        if self._own is None:
            own = _Collector(self.handler, self.skip, self.kind, self.memory_mb, self.bad_lines is not None)
            try:
                own.add_own_events()
            except SegtuiInputError as error:
                self._own_error = error
            self._own, self._own_bad_lines = own.events, own.bad_lines or {}
        named = [event for event in self._own if name == event.name
                 or (event.path is not None and event.path.suffix in NDJSON_SUFFIXES and name == event.name.rpartition("/")[0])]
        for path in dict.fromkeys(real_path(event.path) for event in named if event.path is not None):
            self._keep_bad_lines(path, self._own_bad_lines.get(path, []))
        return named

    def load(self, path: Path, name: str | None = None) -> list[EventSource]:
        """load_event_file, keeping the NDJSON lines skipped as no event (--skip-bad-lines) once per file."""
        if self.bad_lines is None:
            return load_event_file(path, name, self.memory_mb)
        found: list[BadLine] = []
        sources = load_event_file(path, name, self.memory_mb, found)
        self._keep_bad_lines(real_path(path), found)
        return sources

    def _keep_bad_lines(self, path: Path, lines: list[BadLine]) -> None:
        if self.bad_lines is not None:
            self.bad_lines.setdefault(path, lines)

    def add_folder(self, directory: Path) -> None:
        root = real_path(directory).parent
        for path, group in groupby(discover_events([directory], self.load), key=lambda source: source.path):
            sources = list(group)
            if goldens.is_golden_file(path) or not self._first_visit(path) or self._unsaved(path):
                continue
            if not sources[0].ok:
                raise SegtuiInputError(sources[0].error)
            self.add(self._named(sources, self._key(path, root)))

    def add_beside_handler(self) -> None:
        for path in sorted(self.folder.iterdir()):
            if (not is_beside_event_file(path) or goldens.is_golden_file(path) or not self._first_visit(path)
                    or self._unsaved(path)):
                continue
            try:
                sources = self.load(path)
            except EventTooBig:
                raise
            except SegtuiInputError as error:
                if not is_cassette(path):
                    self.skipped.append(f"not an event, skipped: {str(error).splitlines()[0]}")
                continue
            self.add(self._named(sources, self._key(path, self.home)))

    def _unsaved(self, path: Path) -> bool:
        """Whether a file found in a folder is an edit a crash, a stop or a quit kept, which the user never saved: left out,
        saying so (named as an EVENTS argument, it runs)."""
        unsaved = unsaved_copy(path)
        if unsaved:
            self.skipped.append(f"{path}: an edit segtui kept unsaved on a crash, a stop or a quit, skipped (save it under "
                                "another name to run it)")
        return unsaved

    def _first_visit(self, path: Path) -> bool:
        resolved = real_path(path)
        if resolved in self.seen:
            return False
        self.seen.add(resolved)
        return True

    def _key(self, path: Path, root: Path) -> str:
        """The file's path without suffix, relative to the handler's folder if inside it, else to `root`."""
        resolved = real_path(path)
        base = self.home if resolved.is_relative_to(self.home) else root
        return resolved.relative_to(base).with_suffix("").as_posix()

    @staticmethod
    def _named(sources: list[EventSource], key: str) -> list[SuiteEvent]:
        """One event per source; NDJSON lines become `key/LINE`."""
        ndjson = len(sources) > 1 or any(source.path and source.path.suffix in NDJSON_SUFFIXES for source in sources)
        return [SuiteEvent(f"{key}/{source.name.rsplit(':', 1)[1]}" if ndjson else key, source.event(), source.path)
                for source in sources]


@dataclass
class CaseResult:
    """One event's verdict: whether it passed, why not, the diff against its golden, and the run itself."""

    event: SuiteEvent
    invocation: Invocation
    passed: bool
    golden: Path
    written: str = ""
    reason: str = ""
    """Why it failed, in segtui's words, with what the handler made in it masked."""
    diff: str = ""
    has_golden: bool = False
    """Whether the event has a golden: one the run was compared with, or written from it (without, only its outcome was
    judged)."""

    @property
    def crashed(self) -> bool:
        """Whether segtui's sandbox crashed under the run: an error of segtui's, not a failure of the handler."""
        return self.invocation.crashed

    @property
    def refused(self) -> bool:
        """Whether the system would not let a sandbox start for the run (its limit): neither segtui's error nor the
        handler's failure."""
        return self.invocation.refused


def run_suite(engine: Engine, handler: Path, source: str, events: Iterable[SuiteEvent], settings: dict[str, Any], *,
              update: bool = False, check: Callable[[LoadResult], None] | None = None) -> Iterator[CaseResult]:
    """Run each event on a fresh load of the handler, as Segment's editor does, and judge it against its golden.

    With `update`, each run becomes its event's golden (`written` says "created" or
    "updated" when the file changed) and passes. A run under which segtui's sandbox crashed, or for which the system
    refused to start one, is an error, never a golden: it says nothing of the handler. `check` is given the first
    event's load before its run is judged, and may raise to end the suite before any result (a handler that does not
    parse); a later load that fails is that event's failure, as any run's.
    """
    for event in events:
        loaded, invocation = _run_fresh(engine, handler, source, event.payload, settings)
        if check is not None:
            check(loaded)
            check = None
        path = goldens.golden_path(handler, event.name)
        if invocation.crashed or invocation.refused:
            kept = "its golden was not updated" if update else "it was not compared with its golden"
            why = (f"segtui's sandbox crashed while running {event.name}, a bug in segtui" if invocation.crashed
                   else invocation.refusal)
            yield CaseResult(event, invocation, False, path, reason=f"{why}; {kept}")
            continue
        actual = goldens.expectation(invocation, engine.masker())
        unreadable = False
        try:
            expected = goldens.load_golden(path)
        except SegtuiInputError as broken:
            if not update:
                yield CaseResult(event, invocation, False, path, reason="its golden cannot be read; fix or delete it, "
                                 f"or run with --update:\n{engine.masker().text(str(broken))}")
                continue
            expected, unreadable = None, True
        if update:
            written = ""
            if unreadable or expected is None or not goldens.agrees(expected, actual):
                written = "updated" if unreadable or expected is not None else "created"
                goldens.write_golden(handler, event.name, actual)
            yield CaseResult(event, invocation, True, path, written=written, has_golden=True)
        elif expected is None:
            reason = _unexpected(invocation, engine.masker().text)
            yield CaseResult(event, invocation, not reason, path, reason=reason)
        else:
            difference = goldens.diff(expected, actual, path, engine.masker())
            yield CaseResult(event, invocation, not difference, path,
                             reason="differs from its golden" if difference else "", diff=difference, has_golden=True)


def _unexpected(invocation: Invocation, masked: Callable[[str], str]) -> str:
    """Why a run with no golden fails: its outcome, or the batch items Segment would not deliver, their errors `masked`
    ("" when it passes)."""
    if invocation.outcome not in ACCEPTED_OUTCOMES:
        return f"{invocation.label} with no golden to expect it"
    failed = invocation.failed_items
    if not failed:
        return ""
    shown = [f"item {number}, {item.item_line(masked)}" for number, item in failed[:_ITEMS_SHOWN]]
    if len(failed) > _ITEMS_SHOWN:
        shown.append(f"and {len(failed) - _ITEMS_SHOWN} more")
    return (f"{invocation.label}, but {len(failed)} of {len(invocation.items)} batch items failed, with no golden to"
            f" expect it:\n" + "\n".join(shown))


_ITEMS_SHOWN = 5


def _run_fresh(engine: Engine, handler: Path, source: str, payload: dict[str, Any] | list[Any],
               settings: dict[str, Any]) -> tuple[LoadResult, Invocation]:
    loaded, invocation = engine.run_fresh(handler, source, payload, settings)
    invocation.notes += limit_notes(payload, invocation)
    return loaded, invocation


def stale_goldens(handler: Path, events: Iterable[SuiteEvent]) -> list[Path]:
    """Golden files of this handler that no event of the suite uses."""
    folder = goldens.goldens_dir(handler)
    used = {goldens.golden_path(handler, event.name) for event in events}
    return sorted(path for path in folder.rglob(f"*{goldens.GOLDEN_SUFFIX}") if path not in used)
