"""Spec event samples, and loading, validating, discovering and saving event files."""

import os
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from segtui.cut_secrets import cut
from segtui.errors import SegtuiInputError
from segtui.event_size import check_event_size
from segtui.json_input import decode_json, json_kind, json_lines
from segtui.protocol import DEFAULT_MEMORY_MB
from segtui.user_files import (
    file_size,
    link_note,
    quotable,
    read_text_file,
    real_path,
    skipped_folder,
    user_path,
    write_json_atomic,
)
from segtui.webhooks import REQUEST_FORM, REQUEST_KEYS, check_request, is_request, unwrapped

if TYPE_CHECKING:
    from segtui.ndjson import BadLine

SPEC_TYPES = ("identify", "track", "page", "screen", "group", "alias", "delete")
HANDLER_NAMES = {spec_type: "on" + spec_type.capitalize() for spec_type in SPEC_TYPES}
BATCH = "batch"
OWN_TYPES = frozenset((*SPEC_TYPES, BATCH, "request"))
"""The event types a result names that segtui gives (a batch's, a source function's request's): any other is the user's."""
EVENT_SUFFIXES = (".json", ".ndjson", ".jsonl")
NDJSON_SUFFIXES = (".ndjson", ".jsonl")
NOT_EVENT_FILES = frozenset({"segtui.json", "segtui.settings.json", "package.json", "package-lock.json", "tsconfig.json", "jsconfig.json"})
"""JSON files that live beside handlers but are never events (segtui.json is the settings schema, segtui.settings.json its values)."""
EVENT_FOLDERS = ("events", "sample_events", "requests", "webhook-examples")
"""Folders beside a handler whose event files belong to it (the TUI lists them, `segtui test` runs them);
`webhook-examples/` is where Segment's functions library keeps a source function's requests."""

TYPE_MOST = 60
"""The most characters of an unknown event type a message quotes (a type may be a megabyte)."""
_VALID_TYPES = ", ".join(SPEC_TYPES)
_FILE_FORMS = "a JSON event object, a JSON array of events (a batch), or NDJSON (one event per line)"


@dataclass
class EventSource:
    """One runnable input: a single event or a batch, named for display.

    A file that failed to load (from `discover_events`) has `payload` None and `error`
    set to the full message, so a picker can list it and show why it is broken.
    """

    name: str
    path: Path | None
    payload: dict[str, Any] | list[Any] | None
    kind: Literal["event", "batch", "request"]
    error: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the source loaded and can be run."""
        return self.error is None

    @property
    def where(self) -> str:
        """Where it came from, as a summary names a failing event: its name (`events.ndjson:2`)."""
        return self.name

    def event(self) -> dict[str, Any] | list[Any]:
        """The payload to run (asked only of a source that loaded)."""
        if self.payload is None:
            raise SegtuiInputError(self.error or f"{self.name} did not load")
        return self.payload


def bundled_events_dir() -> Path:
    """The bundled Spec samples: `segtui/sample_events` in a wheel, else the repository's `sample_events/`."""
    package_dir = Path(__file__).resolve().parent
    installed = package_dir / "sample_events"
    if installed.is_dir():
        return installed
    return package_dir.parent / "sample_events"


def developer_center_suite() -> list[EventSource]:
    """The eight events Segment's Developer Center test ran, in its order."""
    return discover_events([bundled_events_dir() / "developer-center"])


def type_hint(event_type: str) -> str:
    """` (did you mean "track"?)` for a type near a Spec type's name, else nothing."""
    import difflib  # here: only a typo's hint needs it
    hint = difflib.get_close_matches(event_type.lower(), SPEC_TYPES, n=1)
    return f' (did you mean "{hint[0]}"?)' if hint else ""


def handled_types(defined: Collection[str]) -> list[str]:
    """The Spec types whose handler (`onTrack`, …) a handler's code defines (`defined`: kinds.defined_handlers' guess),
    in SPEC_TYPES' order."""
    return [spec_type for spec_type, name in HANDLER_NAMES.items() if name in defined]


def _check_type(event: dict[str, Any], unknown_types: bool) -> None:
    """Raise unless the event's `type` is one of the Spec types (or, given `unknown_types`, any string: Segment calls
    no handler for an event of another type, and answers EventNotSupported)."""
    if "type" not in event and any(key in event for key in REQUEST_KEYS):  # a source function's request, but for "url"
        raise SegtuiInputError(f'the request has no "url"; a source function\'s request is {REQUEST_FORM} '
                               f'(a Spec event has a "type": {_VALID_TYPES})')
    if list(event) == ["payload"]:  # Segment's webhook form of a request, but for what its payload holds
        inner = event["payload"]
        got = "an object holding neither" if isinstance(inner, dict) else json_kind(inner)
        raise SegtuiInputError('a request written as Segment\'s webhook examples write one, {"payload": {"headers": {…}, '
                               f'"body": {{…}}}}}}, needs its "payload" to be an object holding "headers" or "body", got {got}')
    if "type" not in event:
        raise SegtuiInputError(f'the event has no "type"; valid types: {_VALID_TYPES}')
    event_type = event["type"]
    if not isinstance(event_type, str):
        raise SegtuiInputError(f'"type" must be a string, got {json_kind(event_type)}; valid types: {_VALID_TYPES}')
    if event_type not in SPEC_TYPES and not unknown_types:
        raise SegtuiInputError(f'unknown event type "{cut(event_type, TYPE_MOST)}"{type_hint(event_type)}; valid types: '
                               f'{_VALID_TYPES}')


def validate_event(payload: Any, *, unknown_types: bool = False) -> None:
    """Raise SegtuiInputError unless `payload` is an event object, a non-empty array of them (a batch), or a source
    function's request (segtui.webhooks); given `unknown_types`, an event's type may be any string (_check_type).

    Only what dispatch needs is checked (an object with a Spec `type`); handlers see
    anything else as sent, as on Segment.
    """
    if is_request(payload):
        check_request(payload)
        return
    if isinstance(payload, dict):
        _check_type(payload, unknown_types)
        return
    if not isinstance(payload, list):
        raise SegtuiInputError(
            f"an event must be a JSON object (or an array of objects for a batch), got {json_kind(payload)}"
        )
    if not payload:
        raise SegtuiInputError("the batch is empty; a batch is an array of one or more event objects")
    for index, item in enumerate(payload, 1):
        if not isinstance(item, dict):
            raise SegtuiInputError(f"batch item {index} is {json_kind(item)}, not an event object")
        try:
            _check_type(item, unknown_types)
        except SegtuiInputError as error:
            raise SegtuiInputError(f"batch item {index}: {error}") from None


def _validated(payload: Any, name: str, unknown_types: bool = False) -> Any:
    """Return `payload` after validate_event (a request as Segment's webhook examples write one in segtui's form,
    segtui.webhooks.unwrapped), prefixing any error with `name`."""
    try:
        payload = unwrapped(payload)
        validate_event(payload, unknown_types=unknown_types)
    except SegtuiInputError as error:
        raise SegtuiInputError(f"{name}: {error}") from None
    return payload


def parse_event_text(text: str, name: str) -> dict[str, Any] | list[Any]:
    """Parse and validate one event (or batch) typed into an editor; errors give `name:line:column`."""
    if not text.strip():
        raise SegtuiInputError(f"{name} is empty; expected a JSON event object or an array of events")
    payload: dict[str, Any] | list[Any] = _validated(decode_json(text, name), name)
    return payload


def _source(name: str, path: Path | None, payload: dict[str, Any] | list[Any]) -> EventSource:
    """Wrap a validated payload, its kind following its shape."""
    kind: Literal["event", "batch", "request"] = "batch" if isinstance(payload, list) else "request" if is_request(payload) else "event"
    return EventSource(name=name, path=path, payload=payload, kind=kind)


def _looks_like_ndjson(text: str) -> bool:
    """Whether the first non-blank line is a complete JSON object on its own."""
    first = next(line for line in json_lines(text) if line.strip())
    try:
        return isinstance(decode_json(first, ""), dict)
    except SegtuiInputError:
        return False


def _load_ndjson(text: str, path: Path, name: str, memory_mb: int, bad_lines: "list[BadLine] | None") -> list[EventSource]:
    """One source per non-blank line, named `name:LINE`; every line must be an event object, within check_event_size,
    else it is refused, or, given `bad_lines`, one that is no event (not one too big) kept there and left
    out, and one of a type no Spec type's kept: it is an event, which Segment answers with EventNotSupported."""
    from segtui.ndjson import check_line_object, ndjson_lines  # an NDJSON file's only (its dataclass, ~1 ms)

    def event_of(event: Any, where: str) -> dict[str, Any] | list[Any]:
        check_line_object(event, where)
        payload: dict[str, Any] | list[Any] = _validated(event, where, unknown_types=bad_lines is not None)
        return payload

    return [_source(f"{name}:{number}", path, event)
            for number, event in ndjson_lines(text, path, memory_mb, event_of, bad_lines)]


def load_event_file(path: Path, name: str | None = None, memory_mb: int = DEFAULT_MEMORY_MB,
                    bad_lines: "list[BadLine] | None" = None) -> list[EventSource]:
    """Load a file holding one event, one batch (a JSON array) or NDJSON (one source per line; given `bad_lines`, one
    that is no event is kept there and left out).

    NDJSON is recognised by a `.ndjson`/`.jsonl` suffix, or by a first line that is a whole
    JSON object followed by more JSON. `name` defaults to the file's name. A file (else an NDJSON line) too big to
    run under `--memory memory_mb` is refused before it is read (check_event_size).
    """
    path = Path(path)
    name = name or path.name
    if path.suffix not in NDJSON_SUFFIXES:
        check_event_size(file_size(path), str(path), memory_mb)
    text = read_text_file(path, _FILE_FORMS)
    if not text.strip():
        raise SegtuiInputError(f"{path} is empty; expected {_FILE_FORMS}")
    if path.suffix in NDJSON_SUFFIXES:
        return _load_ndjson(text, path, name, memory_mb, bad_lines)
    try:
        payload = decode_json(text, str(path), quote=quotable(path))
    except SegtuiInputError:
        if _looks_like_ndjson(text):
            return _load_ndjson(text, path, name, memory_mb, bad_lines)
        raise
    # An event of no Spec type is run as Segment would under --skip-bad-lines, as replay runs a one-line .json file
    return [_source(name, path, _validated(payload, str(path), bad_lines is not None and isinstance(payload, dict)))]


def load_event_arg(arg: str, memory_mb: int = DEFAULT_MEMORY_MB,
                   load: Callable[[Path, str | None], list[EventSource]] | None = None) -> list[EventSource]:
    """Resolve a command-line event argument: a Spec type or `batch` (bundled samples) or a file path, read by `load`
    (an EventFileCache's, so that the TUI's listing does not read it again) or else load_event_file.

    Type names win over files of the same name; write `./track` for a file called `track`.
    """
    if arg in SPEC_TYPES or arg == BATCH:
        path = bundled_events_dir() / f"{arg}.json"
        return [replace(source, name=arg) for source in load_event_file(path)]
    path = user_path(arg)
    if not path.exists():
        names = ", ".join((*SPEC_TYPES, BATCH))
        import difflib  # here: only a typo's hint needs it
        hint = difflib.get_close_matches(arg.lower(), (*SPEC_TYPES, BATCH), n=1)
        suggestion = f' Did you mean "{hint[0]}"?' if hint else ""
        raise SegtuiInputError(
            f"{arg}: no such file{link_note(path)}.{suggestion} Give a path to a file holding {_FILE_FORMS}, or a bundled sample: {names}"
        )
    return load(path, None) if load else load_event_file(path, memory_mb=memory_mb)


def _event_files(root: Path) -> list[tuple[tuple[str, ...], Path, Path, str | None]]:
    """The visible event files under `root` (not in a hidden folder or node_modules, not_event_name), as (relative
    parts, path, path with links followed, None), sorted by relative path, and each folder that cannot be listed as
    (its parts, it, it, why). Links to folders are not followed, as rglob does not; one directory listing per folder: a
    folder of thousands of events is listed again on every change."""
    real_root = real_path(root)
    found: list[tuple[tuple[str, ...], Path, Path, str | None]] = []
    folders: list[tuple[Path, tuple[str, ...]]] = [(root, ())]
    while folders:
        folder, parts = folders.pop()
        try:
            with os.scandir(folder) as listing:
                entries = list(listing)
        except OSError as error:
            # Said, not skipped: a folder of events that may not be read (another user's, mode 000) was left out in
            # silence, and `segtui test` passed in CI without running the events in it.
            found.append((parts, folder, folder, f"{folder}: cannot list this folder of events: {error.strerror}"))
            continue
        for entry in entries:
            relative = (*parts, entry.name)
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                if not skipped_folder(entry.name):  # as the watcher skips it: a file there would never reload
                    folders.append((folder / entry.name, relative))
            elif os.path.splitext(entry.name)[1] in EVENT_SUFFIXES and not not_event_name(entry.name) and entry.is_file():
                path = folder / entry.name
                resolved = real_path(path) if entry.is_symlink() else real_root.joinpath(*relative)
                found.append((relative, path, resolved, None))
    return sorted(found, key=lambda item: item[0])


def not_event_name(name: str) -> bool:
    """Whether a JSON file's name is one never holding events: a known non-event file's, a settings values file's
    (`<name>.settings.json`, as a Git-sync folder keeps one per function) or Terraform's JSON (`.tfvars.json`,
    `.tf.json`), whose secrets the event editor would show."""
    return name in NOT_EVENT_FILES or name.endswith((".settings.json", ".tfvars.json", ".tf.json"))


UNSAVED_EVENT = ".unsaved.json"
"""How the file of an edited event a crash, a stop or a quit kept ends (`events/track.unsaved.json`,
`track.unsaved-2.json`): the user never saved it, so it is listed, to open, but no suite runs it."""


_UNSAVED_NAME = re.compile(r".+\.unsaved(?:-\d+)?\.json")
"""The name of an UNSAVED_EVENT file, a second one numbered as unique_path numbers it."""


def unsaved_copy(path: Path | None) -> bool:
    """Whether an event file is segtui's copy of an edit a crash, a stop or a quit kept (UNSAVED_EVENT)."""
    return path is not None and _UNSAVED_NAME.fullmatch(path.name) is not None


def is_beside_event_file(path: Path) -> bool:
    """Whether a file directly beside a handler may hold events: an event suffix, visible, and not settings."""
    return path.suffix in EVENT_SUFFIXES and not not_event_name(path.name) and not path.name.startswith(".") and path.is_file()


def event_folders_beside(handler: Path) -> list[Path]:
    """The `EVENT_FOLDERS` beside a handler that exist."""
    return [handler.parent / name for name in EVENT_FOLDERS if (handler.parent / name).is_dir()]


def discover_events(dirs: list[Path], load: Callable[[Path, str | None], list[EventSource]] = load_event_file
                    ) -> list[EventSource]:
    """Every event file under the folders (recursively, sorted by relative path), broken ones included.

    A file that fails to load becomes one EventSource with `error` set and `payload` None,
    so a UI can list it with its message; a folder that does not exist raises. Names are
    paths relative to their folder, prefixed with the folder's name when several are given.
    `load` reads one file: an EventFileCache's reads only the files that changed since it last did.
    """
    sources: list[EventSource] = []
    seen: set[Path] = set()
    for directory in map(Path, dirs):
        if directory.is_file():
            raise SegtuiInputError(f"{directory}: is a file, not a folder of events; give a file as EVENTS instead")
        if not directory.is_dir():
            raise SegtuiInputError(f"{directory}: no such folder of events")
        for parts, path, resolved, problem in _event_files(directory):
            if resolved in seen:
                continue
            seen.add(resolved)
            relative = "/".join(parts) or "."
            name = f"{directory.name}/{relative}" if len(dirs) > 1 else relative
            if problem is not None:
                sources.append(EventSource(name=name, path=path, payload=None, kind="event", error=problem))
                continue
            try:
                sources.extend(load(path, name))
            except SegtuiInputError as error:
                sources.append(EventSource(name=name, path=path, payload=None, kind="event", error=str(error)))
    return sources


def save_event(payload: dict[str, Any] | list[Any], path: Path, *, overwrite: bool = False) -> Path:
    """Validate an event (or batch) and save it as pretty JSON, atomically, never replacing a file unless asked.

    A file saved over keeps its permission bits.
    """
    _validated(payload, str(path))
    return write_json_atomic(payload, path, overwrite=overwrite, mode=None)
