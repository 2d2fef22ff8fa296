"""From options to a ready run setup: the handler checked, its settings resolved, its secrets known, the sandbox
configured. Plain data in and out: the command line and the TUI both build RunOptions and call `prepare`."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segtui.engine.network_check import check_network
from segtui.engine.process import SandboxDied
from segtui.errors import SegtuiInputError, UnexpectedError, unexpected_text
from segtui.function_files import is_terraform
from segtui.function_files.handler_code import folder_error, function_info, list_functions, read_code, sole_function
from segtui.invocation import Invocation, command_line_notes
from segtui.kinds import FunctionKind, defined_handlers, resolve_kind
from segtui.mock_rules import DEFAULT_MOCK_FILENAME, mock_file_there
from segtui.plurals import agreeing, plural
from segtui.protocol import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, NetworkOptions, SandboxConfig
from segtui.required_settings import check_required
from segtui.settings import (
    SCHEMA_FILENAME,
    Schema,
    load_schema,
    load_schema_document,
    resolve_settings,
    schema_path,
)
from segtui.settings_secrets import check_secret_sizes, sensitive_values
from segtui.user_files import link_note, real_path, user_path

if TYPE_CHECKING:
    # Masking's tables take ~50-120 ms to build: a command imports it while its sandbox starts (segtui.commands.common's
    # import_meanwhile), or where it first masks.
    from segtui.cassette import CassetteWriter
    from segtui.masking import Masker

DEFAULT_SETTINGS_FILENAME = "segtui.settings.json"


@dataclass
class RunOptions:
    """What a user chose for a run: the handler, where settings come from, limits and the network mode."""

    handler: str
    settings_file: Path | None = None
    setting_args: list[str] = field(default_factory=list)
    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_mb: int = DEFAULT_MEMORY_MB
    mock: str | None = None
    replay: str | None = None
    record: str | None = None
    offline: bool = False
    reveal_secrets: bool = False
    kind: str | None = None
    """--kind; None lets segtui.json or the handler's own functions decide (segtui.kinds.resolve_kind)."""


@dataclass
class RunSetup:
    """Everything a command needs to run events: the handler, its settings, secrets to mask, sandbox options."""

    handler: Path
    schema: Schema
    settings: dict[str, Any]
    secrets: list[str]
    config: SandboxConfig = field(default_factory=SandboxConfig)
    reveal: bool = False
    recording: CassetteWriter | None = None
    """With --record: the cassette segtui writes the runs' exchanges to."""
    mocked: int = 0
    """With --record: how many requests mock rules answered, which the cassette does not get."""
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Where each setting's value was given (segtui.settings.settings_sources)."""
    defined: frozenset[str] = frozenset()
    """The handlers (`onTrack`, `onRequest`, …) the handler's code defined at setup (kinds.defined_handlers' guess)."""

    @property
    def kind(self) -> FunctionKind:
        """The function's kind: destination, insert or source."""
        return self.config.kind

    def shown(self, masker: Masker) -> Masker:
        """What masks output shown to the user: nothing with --reveal-secrets.

        Goldens and reports, which are committed or uploaded, are masked whatever the flag.
        """
        from segtui.masking import NO_MASK

        return NO_MASK if self.reveal else masker

    @contextmanager
    def errors_masked(self) -> Iterator[None]:
        """Bad input found once the secrets are known is reported masked, unless --reveal-secrets: a syntax error or
        invalid JSON quotes a line of the file, which may hold one."""
        with masked_errors(self.secrets, reveal=self.reveal):
            yield

    def record(self, invocation: Invocation) -> None:
        """Keep a run's exchanges for the cassette (with --record), saving it when due; the notes of settings read
        without a value are worded for the command line (one the declarations leave out is noted as undeclared)."""
        if invocation.unset_settings or any(item.unset_settings for item in invocation.items):  # most runs: none
            declared = (spec.name for spec in self.schema.specs) if self.schema.declared else None
            command_line_notes(invocation, declared, declarations_name(self.handler))
        if self.recording is not None:
            self.mocked += sum(record.source == "mock" for record in invocation.requests)
            problem = self.recording.add(invocation.interactions)
            if problem:
                raise SegtuiInputError(f"cannot save the cassette {self.recording.path}: {problem}")

    def finish_recording(self) -> str | None:
        """Write the cassette a last time, and say what it got (None without --record); a cassette that cannot be
        written fails the command."""
        if self.recording is None:
            return None
        problem = self.recording.save()
        if problem:
            raise SegtuiInputError(f"cannot save the cassette {self.recording.path}: {problem}")
        added = len(self.recording.interactions) - self.recording.existing
        said = f"Recorded {plural(added, 'exchange')} to the cassette {self.recording.path}"
        if self.mocked:
            said += (f" ({plural(self.mocked, 'request')} answered by the mock rules of {self.config.network.mock} "
                     f"{agreeing(self.mocked, 'was', 'were')} not recorded)")
        return said


@contextmanager
def masked_errors(secrets: list[str], *, reveal: bool) -> Iterator[None]:
    """SegtuiInputError or SandboxDied raised within (a dead sandbox's last words may quote a value), masked for these
    secrets unless `reveal`; any other exception but OSError (output that cannot be written) is a bug in segtui, said
    in one line as an UnexpectedError, masked too."""
    try:
        yield
    except (SegtuiInputError, SandboxDied) as error:
        if reveal or not secrets:
            raise
        from segtui.masking import Masker

        message = masked_message(str(error), Masker(secrets))
        if isinstance(error, SegtuiInputError):
            raise SegtuiInputError(message) from None
        error.args = (message,)
        raise
    except (OSError, UnexpectedError):
        raise
    except Exception as error:  # noqa: BLE001 - raised again, as UnexpectedError
        from segtui.masking import Masker

        shown = Masker(secrets).text if secrets and not reveal else str
        raise UnexpectedError(unexpected_text(error, shown)) from None


def masked_message(message: str, masker: Masker) -> str:
    """An error message masked whole (a secret may hold a newline: masked line by line, its first line was shown), then
    by line; a caret under a quoted line that masking changed is kept only where it still points at what it pointed at
    (before the first masked character), and only while the lines still stand where they stood."""
    lines = message.split("\n")
    masked = masker.text(message).split("\n")
    aligned = len(masked) == len(lines)  # else a secret spanning lines was masked: a quote's line is not known
    shown: list[str] = []
    for index, line in enumerate(masked):
        quoted = lines[index - 1] if aligned else ""
        moved = index and line.strip() == "^" and masked[index - 1] != quoted
        if moved and line.index("^") > len(os.path.commonprefix([quoted, masked[index - 1]])):
            continue  # the quote above was masked before the caret: it would point elsewhere
        shown.append(line)
    return "\n".join(shown)


def handler_path(text: str) -> Path:
    """The handler file, checked to exist and hold a function's code: a folder's only function, or an error listing the
    functions in it."""
    path = user_path(text)
    if not path.exists():
        raise SegtuiInputError(f"{text}: no such handler file{link_note(path)}")
    if path.is_dir():
        listing = list_functions(path)
        sole = sole_function(listing)
        if sole is None:
            raise folder_error(path, listing)
        path = sole
    read_code(path)
    return path


def default_settings_files(handler: Path) -> list[Path]:
    """Where a handler's settings values are looked for, first the one to create: `segtui.settings.json` beside it;
    for a `.tf` file, `<name>.settings.json` first, as a Git-sync folder holds many functions with their own settings."""
    shared = handler.parent / DEFAULT_SETTINGS_FILENAME
    return [handler.with_name(f"{handler.stem}.settings.json"), shared] if is_terraform(handler) else [shared]


def declarations_name(handler: Path) -> str:
    """The file that declares a function's settings, as a note names it: a `.tf` file's settings list, else segtui.json."""
    return f"the settings list of {handler.name}" if is_terraform(handler) else SCHEMA_FILENAME


def settings_file(handler: Path, given: Path | None) -> Path | None:
    """The settings values file: the one given, else the first of the default files beside the handler that exists."""
    if given is not None:
        return given
    return next((path for path in default_settings_files(handler) if path.exists()), None)


def mock_file(handler: Path, given: str | None) -> str | None:
    """The mock rules file: the one given, else `segtui.mock.yaml` beside the handler if there is one (readable or not:
    mock_file_there)."""
    if given:
        return given
    default = handler.parent / DEFAULT_MOCK_FILENAME
    return str(default) if mock_file_there(default) else None


def prepare(options: RunOptions, *, require_settings: bool = True) -> RunSetup:
    """Check the handler and settings and build the sandbox options; bad input raises SegtuiInputError. Without
    `require_settings` (the TUI, which refuses each run itself and flags them in its Settings Builder), a required
    setting left empty, a value for a name segtui.json does not declare and a value of the wrong type are let through."""
    path = handler_path(options.handler)
    options = replace(options, mock=mock_file(path, options.mock))
    schema = load_schema(path)
    settings, sources = resolve_settings(schema, settings_file(path, options.settings_file), options.setting_args,
                                         lenient=not require_settings, pipe=options.settings_file is not None,
                                         memory_mb=options.memory_mb)
    if require_settings:
        check_required(schema, settings, file=settings_file(path, options.settings_file) or default_settings_files(path)[0])
    secrets = sensitive_values(schema, settings)
    check_secret_sizes(secrets)
    with masked_errors(secrets, reveal=options.reveal_secrets):  # a bad mock file or cassette quotes its text
        if options.record:
            inputs = [path, schema_path(path), settings_file(path, options.settings_file), options.mock, options.replay]
            refuse_inputs(Path(options.record), "cassette", [Path(item) for item in inputs if item])
        function = function_info(path)
        configured = function.kind if function.named else load_schema_document(path).get("kind")
        defined = frozenset(defined_handlers(read_code(path)))
        kind = resolve_kind(options.kind, configured, defined)
        config = SandboxConfig(options.timeout_s, options.memory_mb, network_options(options, secrets), kind=kind)
        recording = None
        if options.record:
            from segtui.cassette import CassetteWriter

            recording = CassetteWriter(options.record)
    return RunSetup(path, schema, settings, secrets, config, reveal=options.reveal_secrets, recording=recording,
                    sources=sources, defined=defined)


def input_paths(options: RunOptions, setup: RunSetup) -> list[Path]:
    """The files a run reads: handler, settings and their schema, and the network's files (the default mock file too)."""
    paths = [setup.handler, schema_path(setup.handler), settings_file(setup.handler, options.settings_file)]
    paths += [Path(file) for file in (setup.config.network.mock, options.replay, options.record) if file]
    return [path for path in paths if path is not None]


def refuse_inputs(output: Path, what: str, inputs: Iterable[Path | None]) -> None:
    """Refuse, before any work, an output file that is one of the run's inputs: writing it would destroy that input."""
    output = user_path(output)
    for path in inputs:
        if path is None:
            continue
        same = os.path.samefile(output, path) if output.exists() and Path(path).exists() else (
            real_path(output) == real_path(user_path(path)))
        if same:
            raise SegtuiInputError(f"{output}: the {what} would overwrite {path}, an input of this run; "
                                   "give another file name")


def network_options(options: RunOptions, secrets: list[str]) -> NetworkOptions:
    """The network options for the flags, checked: a bad mock file or cassette is bad input."""
    data = {key: getattr(options, key) for key in ("mock", "replay", "record") if getattr(options, key)}
    if options.offline:
        data["offline"] = True
    return check_network(NetworkOptions.from_json({**data, "secrets": secrets}))


