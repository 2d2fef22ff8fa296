"""Replay for `segtui replay`: many events streamed through warm sandboxes, and a summary of what happened.

Plain core: no printing, no Textual; the command renders the plain dataclasses returned here.
"""

from __future__ import annotations

import json
import queue
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from segtui.engine.engine import Engine
from segtui.errors import SegtuiInputError
from segtui.event_size import check_event_size, event_limit_bytes
from segtui.events import NDJSON_SUFFIXES, validate_event
from segtui.invocation import Invocation
from segtui.json_input import decode_json, json_kind, json_lines
from segtui.kinds import FunctionKind
from segtui.ndjson import BadLine, check_line_object, every_line_skipped, ndjson_lines
from segtui.protocol import DEFAULT_MEMORY_MB
from segtui.user_files import quotable, read_text_file, user_path
from segtui.webhooks import REQUEST_FORM, is_request

# Events a sandbox of several takes at a time: a share large enough that the round trip per share costs
# little, small enough that each sandbox takes many shares, so that they finish at about the same time. A
# replay too short for 16 shares each takes one event at a time, so that every sandbox gets some (slow events
# are where a few sandboxes pay); _UNKNOWN_SHARE when the count is not known.
_UNKNOWN_SHARE, _MAX_SHARE, _SHARES_EACH = 8, 64, 16


@dataclass
class ReplayEvent:
    """One event of a replay: where it came from (`file:line` or `file[index]`) and its JSON text, sent to the sandbox as is."""

    where: str
    text: str

    @cached_property
    def payload(self) -> dict[str, Any]:
        """The event, parsed when first asked for: a replay only needs it to describe a failure."""
        event: dict[str, Any] = json.loads(self.text)
        return event


@dataclass
class ReplayInput:
    """A validated replay file, read again lazily when iterated so long replays stay small in memory.

    `text` holds what was read when the path cannot be read again: a pipe (`<(…)`, /dev/stdin) gives its
    bytes once, to the check.
    """

    path: Path
    count: int
    ndjson: bool
    text: str | None = None
    skipped: list[BadLine] = field(default_factory=list)
    """The NDJSON lines left out (--skip-bad-lines), each with why: read again, they are passed over."""

    def __iter__(self) -> Iterator[ReplayEvent]:
        if not self.ndjson:
            text = self.text if self.text is not None else self.path.read_text(encoding="utf-8-sig")
            events = json.loads(text)
            yield from (ReplayEvent(f"{self.path}[{index}]", json.dumps(event)) for index, event in enumerate(events))
            return
        with self._lines() as lines:
            bad = {failure.where for failure in self.skipped}
            for number, line in enumerate(lines, 1):
                if line.strip() and not (bad and f"{self.path}:{number}" in bad):
                    yield ReplayEvent(f"{self.path}:{number}", line.strip())

    def _lines(self) -> AbstractContextManager[Iterable[str]]:
        if self.text is not None:
            return nullcontext(json_lines(self.text))
        return self.path.open(encoding="utf-8-sig", newline="\n")


def read_replay(path: Path, kind: FunctionKind = "destination", memory_mb: int = DEFAULT_MEMORY_MB, *,
                skip_bad_lines: bool = False) -> ReplayInput:
    """Check a replay file (NDJSON, or a JSON array of events, or of requests for a source function) from end to end;
    bad input raises SegtuiInputError, an event too big to run under `--memory memory_mb` too (check_event_size),
    except, with `skip_bad_lines`, an NDJSON line that is no event (not one too big), kept with why in the input's `skipped`."""
    path = user_path(path)
    text = read_text_file(path, "NDJSON (one event per line) or a JSON array of events")
    stripped = text.lstrip()
    if not stripped:
        raise SegtuiInputError(f"{path} is empty; expected NDJSON (one event per line) or a JSON array of events")
    if stripped.startswith("[") and path.suffix not in NDJSON_SUFFIXES:
        events = decode_json(text, str(path), quote=quotable(path))
        if not events:
            raise SegtuiInputError(f"{path} is an empty array; expected events to replay")
        measured = len(text) > event_limit_bytes(memory_mb)  # a file within the limit holds no event past it
        for index, event in enumerate(events):
            _check_replay_event(event, f"{path}[{index}]", kind)
            if measured:
                check_event_size(len(json.dumps(event)), f"The event at {path}[{index}]", memory_mb)
        return ReplayInput(path, len(events), ndjson=False, text=_kept(path, text))
    if stripped.partition("\n")[0].strip() == "{" and path.suffix not in NDJSON_SUFFIXES:
        # A lone brace is no NDJSON line: the file is one event written over several lines, which NDJSON's reading
        # refused at its first line ("Expecting property name") where a trailing comma later on may be the fault.
        decode_json(text, str(path), quote=quotable(path))
        raise SegtuiInputError(f"{path} is one JSON event over several lines; replay takes NDJSON (one event per line) "
                               f"or a JSON array of events: put it in [ ], or run it alone with `segtui run HANDLER "
                               f"--event {path}`")
    skipped: list[BadLine] | None = [] if skip_bad_lines else None
    def check(event: object, where: str) -> None:
        check_line_object(event, where)
        _check_replay_event(event, where, kind, skip_bad_lines)

    checked = ndjson_lines(text, path, memory_mb, check, skipped)
    count = sum(1 for _ in checked)
    if not count and skipped:  # masked whole where said
        raise every_line_skipped(str(path), skipped, "replay")
    return ReplayInput(path, count, ndjson=True, text=_kept(path, text), skipped=skipped or [])


def _kept(path: Path, text: str) -> str | None:
    """The text read, when `path` could not give it again (a pipe); None for a regular file, read again lazily."""
    return None if path.is_file() else text


def _check_replay_event(event: object, where: str, kind: FunctionKind, unknown_types: bool = False) -> None:
    """Raise unless `event` is one event (or a source function's request) this function's replay runs; given
    `unknown_types` (--skip-bad-lines), an event of no Spec type is one: Segment answers it with EventNotSupported."""
    if not isinstance(event, dict):
        shape = "an array (a batch)" if isinstance(event, list) else json_kind(event)
        raise SegtuiInputError(f"{where}: each replayed event must be an event object, got {shape}")
    if kind == "source" and not is_request(event):
        raise SegtuiInputError(f"{where}: a source function replays requests ({REQUEST_FORM}), not events")
    if kind != "source" and is_request(event):
        raise SegtuiInputError(f"{where}: a request is for a source function; a {kind} function replays Spec events")
    try:
        validate_event(event, unknown_types=unknown_types)
    except SegtuiInputError as error:
        raise SegtuiInputError(f"{where}: {error}") from None


def replay(engines: list[Engine], events: Iterable[ReplayEvent], settings: dict[str, Any],
           count: int | None = None) -> Iterator[tuple[ReplayEvent, Invocation]]:
    """Run events through engines that each hold a warm load, yielding results in input order.

    One engine runs them in order; with several, each takes the next share of events as soon as
    it is free (`count`, the number of events when known, sizes the shares), so module state is
    per engine, as with Segment's warm instances.
    """
    if len(engines) == 1:
        yield from _run_warm(engines[0], ((event, event.text) for event in events), settings)
        return
    share = _UNKNOWN_SHARE if count is None else max(1, min(_MAX_SHARE, count // (len(engines) * _SHARES_EACH)))
    yield from _replay_many(engines, iter(events), settings, share)


Tag = TypeVar("Tag")


def _run_warm(engine: Engine, items: Iterable[tuple[Tag, str]], settings: dict[str, Any],
              batch: int = 256) -> Iterator[tuple[Tag, Invocation]]:
    """Run payloads (JSON text) on the engine's warm load, pairing each result with the tag that came with its payload."""
    pulled: deque[Tag] = deque()

    def payloads() -> Iterator[str]:
        for tag, payload in items:
            pulled.append(tag)
            yield payload

    for invocation in engine.invoke_many_json(payloads(), settings, batch=batch):
        yield pulled.popleft(), invocation


def _replay_many(engines: list[Engine], events: Iterator[ReplayEvent], settings: dict[str, Any],
                 share: int) -> Iterator[tuple[ReplayEvent, Invocation]]:
    lock = threading.Lock()
    stop = threading.Event()
    results: queue.Queue[tuple[int, ReplayEvent, Invocation] | BaseException | None] = queue.Queue()
    numbered = enumerate(events)

    def take() -> Iterator[tuple[tuple[int, ReplayEvent], str]]:
        while not stop.is_set():
            with lock:
                item = next(numbered, None)
            if item is None:
                return
            yield item, item[1].text

    def work(engine: Engine) -> None:
        try:
            for (number, event), invocation in _run_warm(engine, take(), settings, batch=share):
                results.put((number, event, invocation))
        except BaseException as error:  # noqa: BLE001 - handed to the consuming thread, which raises it
            results.put(error)
        finally:
            results.put(None)

    threads = [threading.Thread(target=work, args=(engine,), daemon=True) for engine in engines]
    for thread in threads:
        thread.start()
    waiting: dict[int, tuple[ReplayEvent, Invocation]] = {}
    following, running = 0, len(threads)
    try:
        while running:
            item = results.get()
            if item is None:
                running -= 1
                continue
            if isinstance(item, BaseException):
                raise item
            number, event, invocation = item
            waiting[number] = (event, invocation)
            while following in waiting:
                yield waiting.pop(following)
                following += 1
    finally:
        stop.set()
        if running:
            # Left early (Ctrl-C, a failure, or the reader went away): the runs still in progress end now, and no
            # engine starts another event or replaces a sandbox the interrupt killed.
            for engine in engines:
                engine.cancel()
