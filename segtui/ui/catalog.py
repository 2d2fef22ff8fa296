"""The events the picker offers, gathered from disk: beside the handler, under --events, bundled.

No Textual import.
"""

from __future__ import annotations

import os
import stat
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path

from segtui.errors import SegtuiInputError
from segtui.event_files import Loader
from segtui.event_size import EventTooBig
from segtui.events import (
    BATCH,
    NDJSON_SUFFIXES,
    SPEC_TYPES,
    EventSource,
    bundled_events_dir,
    developer_center_suite,
    discover_events,
    event_folders_beside,
    is_beside_event_file,
    load_event_file,
    unsaved_copy,
)
from segtui.kinds import FunctionKind
from segtui.request_files import DEFAULT_REQUEST, bundled_requests_dir, fits, sample_requests
from segtui.ui.files import display_path
from segtui.user_files import real_path

BESIDE = "Beside the handler"
SAMPLES = "Spec samples"
SAMPLE_REQUESTS = "Sample requests"
SUITE = "Developer Center suite"
GIVEN = "--event"


@dataclass
class PickableEvent:
    """An event source as the picker lists it: under a group, with a key unique in the session."""

    key: str
    group: str
    source: EventSource
    in_place: bool = False
    """Whether edits may be saved over the event's file: it holds this event alone and is not a bundled sample."""

    @property
    def event_type(self) -> str:
        if not self.source.ok:
            return "broken"
        if self.source.kind == "batch":
            return "batch"
        payload = self.source.payload
        if self.source.kind == "request" and isinstance(payload, dict):
            return str(payload.get("method", "POST")).upper()
        return str(payload.get("type", "?")) if isinstance(payload, dict) else "?"

    @cached_property
    def unlisted_folder(self) -> bool:
        """Whether this entry is a folder of events that may not be listed (it stands for the events in it)."""
        return not self.source.ok and self.source.path is not None and os.path.isdir(self.source.path)

    @cached_property
    def path(self) -> Path | None:
        """The event's file, links followed (resolved once: a picker may list thousands)."""
        return real_path(self.source.path) if self.source.path else None


def _pickable(group: str, sources: list[EventSource], editable: bool = True, keyed: str = "") -> list[PickableEvent]:
    """The group's events, keyed `GROUP:NAME` (`keyed` instead of the group, when two groups share a label)."""
    events = [PickableEvent(f"{keyed or group}:{source.name}", group, source) for source in sources]
    if editable:
        per_file = Counter(event.path for event in events if event.path)
        bundled = real_path(bundled_events_dir())
        for event in events:
            event.in_place = _own_file(event, per_file, bundled)
    return events


def _own_file(event: PickableEvent, per_file: Counter[Path], bundled: Path) -> bool:
    """Whether the event is its file's only one, in a file the user owns (not one of the bundled samples)."""
    if event.path is None or event.path.suffix in NDJSON_SUFFIXES or per_file[event.path] != 1 or event.unlisted_folder:
        return False
    return not event.path.is_relative_to(bundled)


def _beside(handler: Path, load: Loader) -> list[EventSource]:
    """Event files directly beside the handler that load (other JSON there, such as settings, is skipped), and NDJSON
    files there that do not, listed broken: NDJSON holds nothing but events."""
    sources: list[EventSource] = []
    for path in sorted(handler.parent.iterdir()):
        if not is_beside_event_file(path):
            continue
        try:
            sources.extend(load(path, None))
        except SegtuiInputError as error:
            if path.suffix in NDJSON_SUFFIXES or isinstance(error, EventTooBig):
                sources.append(EventSource(name=path.name, path=path, payload=None, kind="event", error=str(error)))
    for folder in event_folders_beside(handler):
        sources += [replace(source, name=f"{folder.name}/{source.name}") for source in discover_events([folder], load)]
    return sources


def _folder_name(folder: Path) -> str:
    """A --events folder's name as the picker's group says it: `--events .` (no name of its own) was the group "/"."""
    return folder.name or real_path(folder).name or str(folder)


def _fitting(sources: list[EventSource], kind: FunctionKind) -> list[EventSource]:
    """The sources a function of this kind runs: requests for a source function, events for the others."""
    return [source for source in sources if not source.ok or fits(kind, source)]


_SAMPLE_ORDER = ("track", *(name for name in SPEC_TYPES if name != "track"), BATCH)
"""Track first: the event most handlers are written for."""


def _samples() -> list[EventSource]:
    sources = []
    paths = bundled_events_dir().glob("*.json")
    order = {name: index for index, name in enumerate(_SAMPLE_ORDER)}
    for path in sorted(paths, key=lambda path: (order.get(path.stem, len(order)), path.stem)):
        try:
            sources += [replace(source, name=path.stem) for source in load_event_file(path)]
        except SegtuiInputError as error:
            sources.append(EventSource(path.stem, path, None, "event", str(error)))
    return sources


def gather_events(handler: Path, event_dirs: list[Path], given: list[EventSource] | None = None,
                  kind: FunctionKind = "destination", load: Loader = load_event_file) -> list[PickableEvent]:
    """Every event the picker lists, in groups: the Spec samples, beside the handler, each --events folder (but files
    listed beside the handler: `--events .` is the handler's folder), the suite.

    A source function's picker lists requests instead: the sample webhook requests, then the request files beside the
    handler and under --events; files of the other sort are left out (broken files stay, to say why). `load` reads an
    event file of the user's (an EventFileCache's, to read only those that changed).
    """
    source = kind == "source"
    events = _pickable(SAMPLE_REQUESTS if source else SAMPLES, sample_requests() if source else _samples(), editable=False)
    events += _pickable(BESIDE, _fitting(_beside(handler, load), kind))
    beside = {event.path for event in events if event.group == BESIDE}
    names = Counter(_folder_name(folder) for folder in event_dirs)
    for number, folder in enumerate(event_dirs, 1):
        name = _folder_name(folder)
        group = f"{name}/" if names[name] == 1 else f"{display_path(folder)}/"
        keyed = group if names[name] == 1 else f"{group}#{number}"  # the same folder may be given twice
        try:
            found = [source for source in discover_events([folder], load)  # once (--events . listed them twice)
                     if source.path is None or real_path(source.path) not in beside]
            events += _pickable(group, _fitting(found, kind), keyed=keyed)
        except SegtuiInputError as error:
            events.append(PickableEvent(f"{keyed}:", group, EventSource(str(folder), folder, None, "event", str(error))))
    if not source:
        events += _pickable(SUITE, developer_center_suite(), editable=False)
    known = {event.path for event in events if event.path}
    extra = [source for source in _reread(given or [], load) if source.path is None or real_path(source.path) not in known]
    return _unique_keys(_pickable(GIVEN, extra)) + events


def _unique_keys(events: list[PickableEvent]) -> list[PickableEvent]:
    """The events, a key two share (files of one name in two folders, saved there in turn) made unique by its file's
    path, then by its place (a review: the picker crashed on the twin key)."""
    names = Counter(event.key for event in events)
    for event in events:
        if names[event.key] > 1 and event.path is not None:
            event.key = f"{GIVEN}:{event.path.parent}/{event.source.name}"
    keys = Counter(event.key for event in events)
    for number, event in enumerate(events):
        if keys[event.key] > 1:
            event.key = f"{event.key}#{number}"
    return events


def given_files(given: list[EventSource]) -> list[Path]:
    """The user's files among the --event sources (not a bundled sample, nor a pipe), each once: watched and read
    again."""
    bundled = (real_path(bundled_events_dir()), real_path(bundled_requests_dir()))
    return list(dict.fromkeys(source.path for source in given if source.path is not None and _rereadable(source.path)
                              and not any(real_path(source.path).is_relative_to(folder) for folder in bundled)))


def _rereadable(path: Path) -> bool:
    """Whether a --event file may be read again: not a pipe or device, which gives what it holds once (a review:
    `--event <(…)` was read empty, and a named pipe blocked the UI); a missing one is, to drop out as removed."""
    try:
        return stat.S_ISREG(path.stat().st_mode)
    except OSError:
        return True


def _reread(given: list[EventSource], load: Loader) -> list[EventSource]:
    """The --event sources as their file holds them now, not as at start (an edit, in segtui or outside, shows); a
    file that no longer loads is listed broken, saying why, and a removed one no more, as a removed file beside the
    handler (the editor keeps what it showed)."""
    files = given_files(given)
    sources = [source for source in given if source.path not in files]
    for path in files:
        if not path.exists():  # removed, or a link to a removed file
            continue
        try:
            sources += load(path, None)
        except SegtuiInputError as error:
            sources.append(EventSource(path.name, path, None, "event", str(error)))
    return sources


def find_initial(events: list[PickableEvent], given: str | None, given_sources: list[EventSource],
                 handled: Sequence[str] = ()) -> str | None:
    """The key to select first: the --event argument, else the first event file of its own beside the handler (one
    the user wrote for it; a line of an NDJSON file never is, nor an edit a crash, a stop or a quit kept), else the
    track sample (a source's JSON webhook one), or when the code has no onTrack but `handled` types' handlers, the
    first of their samples (a handler with onIdentify alone opened on "Unsupported Event Type")."""
    if given_sources:
        first = given_sources[0]
        if given in SPEC_TYPES or given == BATCH:
            match = next((e for e in events if e.group == SAMPLES and e.source.name == given), None)
            if match:
                return match.key
        path = real_path(first.path) if first.path else None
        match = next((e for e in events if e.path == path and e.source.name.endswith(first.name.split("/")[-1])), None)
        if match is None:
            match = next((e for e in events if e.path == path), None)
        if match:
            return match.key
    for candidate in [e for e in events if e.group == BESIDE and e.source.ok and e.source.path is not None
                      and e.source.path.suffix not in NDJSON_SUFFIXES and not unsaved_copy(e.source.path)] + [
            e for e in events if (e.group, e.source.name) in ((SAMPLES, _first_sample(handled)), (SAMPLE_REQUESTS, DEFAULT_REQUEST))]:
        return candidate.key
    return events[0].key if events else None


def _first_sample(handled: Sequence[str]) -> str:
    """The Spec sample to start on: track, unless the code handles other types and not track (the first of them:
    events.handled_types lists them in SPEC_TYPES' order)."""
    return "track" if not handled or "track" in handled else handled[0]
