"""Options every command shares (handler, settings, limits) and turning them into a ready run setup."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from segtui.cassette import CassetteWriter
from segtui.engine.network_check import check_network
from segtui.errors import SegtuiInputError
from segtui.events import read_text_file
from segtui.invocation import ErrorInfo, Invocation
from segtui.masking import NO_MASK, Masker
from segtui.protocol import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, NetworkOptions, SandboxConfig
from segtui.settings import Schema, check_required, load_schema, resolve_settings, schema_path, sensitive_values

DEFAULT_SETTINGS_FILENAME = "segtui.settings.json"


@dataclass
class RunSetup:
    """Everything a command needs to run events: the handler, its settings, secrets to mask, sandbox options."""

    handler: Path
    schema: Schema
    settings: dict
    secrets: list[str]
    config: SandboxConfig = field(default_factory=SandboxConfig)
    reveal: bool = False
    recording: CassetteWriter | None = None
    """With --record: the cassette segtui writes the runs' exchanges to."""

    def shown(self, masker: Masker) -> Masker:
        """What masks output shown to the user: nothing with --reveal-secrets.

        Goldens and reports, which are committed or uploaded, are masked whatever the flag.
        """
        return NO_MASK if self.reveal else masker

    def record(self, invocation: Invocation) -> None:
        """Keep a run's exchanges for the cassette (with --record), saving it when due."""
        if self.recording is not None:
            problem = self.recording.add(invocation.interactions)
            if problem:
                raise SegtuiInputError(f"cannot save the cassette {self.recording.path}: {problem}")

    def finish_recording(self) -> None:
        """Write the cassette a last time; a cassette that cannot be written fails the command."""
        problem = self.recording.save() if self.recording is not None else None
        if problem:
            raise SegtuiInputError(f"cannot save the cassette {self.recording.path}: {problem}")


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """The handler argument and the settings and limit options."""
    parser.add_argument("handler", metavar="HANDLER", help="the destination function's .js file")
    parser.add_argument("--settings", metavar="FILE", type=Path, help="a JSON object of setting name → value (default: segtui.settings.json beside the handler)")
    parser.add_argument("--setting", metavar="NAME=VALUE", action="append", default=[],
                        help="one setting; repeat for more; overrides --settings")
    parser.add_argument("--timeout", metavar="SECONDS", type=_positive_float, default=DEFAULT_TIMEOUT_S,
                        help=f"time limit per event (default {DEFAULT_TIMEOUT_S:g})")
    parser.add_argument("--memory", metavar="MB", type=_positive_int, default=DEFAULT_MEMORY_MB,
                        help=f"V8 heap limit (default {DEFAULT_MEMORY_MB})")
    network = parser.add_argument_group("network (default: live requests)")
    network.add_argument("--mock", metavar="FILE", help="answer matching requests from mock rules (JSON or YAML)")
    network.add_argument("--replay", metavar="FILE", help="answer requests from a recorded cassette")
    network.add_argument("--record", metavar="FILE", help="go live and save every exchange to a cassette")
    network.add_argument("--offline", action="store_true", help="no request leaves the machine")
    network.add_argument("--reveal-secrets", action="store_true",
                         help="show sensitive settings and Authorization headers unmasked (local use only)")


def _positive_float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, got {text!r}") from None
    if not 0 < value <= 3600:
        raise argparse.ArgumentTypeError(f"must be more than 0 and at most 3600 seconds, got {text}")
    return value


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 16:
        raise argparse.ArgumentTypeError(f"must be at least 16, got {text}")
    return value


def handler_path(text: str) -> Path:
    """The handler file, checked to exist and be UTF-8 text."""
    path = Path(text).expanduser()
    if not path.exists():
        raise SegtuiInputError(f"{text}: no such handler file")
    read_text_file(path, "the destination function's JavaScript")
    return path


def settings_file(handler: Path, given: Path | None) -> Path | None:
    """The settings values file: the one given, else `segtui.settings.json` beside the handler if it exists."""
    if given is not None:
        return given
    default = handler.parent / DEFAULT_SETTINGS_FILENAME
    return default if default.exists() else None


def prepare(args: argparse.Namespace, *, require_settings: bool = True) -> RunSetup:
    """Check the handler and settings and build the sandbox options; bad input raises SegtuiInputError."""
    path = handler_path(args.handler)
    schema = load_schema(path)
    settings = resolve_settings(schema, settings_file(path, args.settings), args.setting)
    if require_settings:
        check_required(schema, settings)
    secrets = sensitive_values(schema, settings)
    if args.record:
        inputs = [path, schema_path(path), settings_file(path, args.settings), args.mock, args.replay]
        refuse_inputs(args.record, "cassette", [Path(item) for item in inputs if item])
    config = SandboxConfig(timeout_s=args.timeout, memory_mb=args.memory, network=network_config(args, secrets))
    recording = CassetteWriter(args.record) if args.record else None
    return RunSetup(path, schema, settings, secrets, config, reveal=args.reveal_secrets, recording=recording)


def input_paths(args: argparse.Namespace, setup: RunSetup) -> list[Path]:
    """The files a run reads: handler, settings and their schema, and the network's files."""
    paths = [setup.handler, schema_path(setup.handler), settings_file(setup.handler, args.settings)]
    paths += [Path(getattr(args, key)) for key in ("mock", "replay", "record") if getattr(args, key)]
    return [path for path in paths if path is not None]


def refuse_inputs(output: Path, what: str, inputs: Iterable[Path | None]) -> None:
    """Refuse, before any work, an output file that is one of the run's inputs: writing it would destroy that input."""
    output = Path(output).expanduser()
    for path in inputs:
        if path is None:
            continue
        same = os.path.samefile(output, path) if output.exists() and Path(path).exists() else (
            output.resolve() == Path(path).expanduser().resolve())
        if same:
            raise SegtuiInputError(f"{output}: the {what} would overwrite {path}, an input of this run; "
                                   "give another file name")


def network_config(args: argparse.Namespace, secrets: list[str]) -> NetworkOptions:
    """The network options for the flags, checked: a bad mock file or cassette is bad input."""
    data = {key: getattr(args, key) for key in ("mock", "replay", "record") if getattr(args, key)}
    if args.offline:
        data["offline"] = True
    return check_network(NetworkOptions.from_json({**data, "secrets": secrets, "reveal_secrets": args.reveal_secrets}))


def syntax_error_message(filename: str, error: ErrorInfo) -> str:
    """`file:line:column: SyntaxError: message`, then the offending line with a caret under the column."""
    where = f"{filename}:{error.line}:{error.column}" if error.line else filename
    lines = [f"{where}: {error.headline()}"]
    if error.source_line:
        lines.append(f"    {error.source_line.expandtabs(1)}")  # one column per character, as the caret counts
        if error.column:
            lines.append("    " + " " * (error.column - 1) + "^")
    return "\n".join(lines)


def use_colour(choice: str) -> bool:
    """Whether to print ANSI colours for a --color choice."""
    return choice == "always" or (choice == "auto" and sys.stdout.isatty())
