"""The command line's shared parts: the options every command takes, and how they become RunOptions."""

from __future__ import annotations

import argparse
import codecs
import json
import os
import re
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

from segtui.control_chars import json_visible
from segtui.errors import SegtuiInputError, quoted_line
from segtui.invocation import ErrorInfo
from segtui.kinds import KINDS
from segtui.plurals import plural
from segtui.process_title import MASK, given_to_settings, misgiven_setting, setting_name, setting_values
from segtui.protocol import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT_S, MAX_MEMORY_MB, MAX_TIMEOUT_S, MIN_TIMEOUT_S
from segtui.setup import RunOptions
from segtui.terminal import visible

if TYPE_CHECKING:
    from segtui.engine.engine import LoadResult
    from segtui.masking import Masker
    from segtui.ndjson import BadLine

SKIPS_SHOWN = 3
"""How many skipped files, or NDJSON lines, a command names on standard error, one line each, before it counts the rest."""


def add_skip_bad_lines(parser: argparse.ArgumentParser, verb: str) -> None:
    """The --skip-bad-lines option, said alike by every command that reads NDJSON; `verb` is what it does to the other
    lines (run, replay)."""
    parser.add_argument("--skip-bad-lines", action="store_true",
                        help=f"{verb} the other lines of an NDJSON file when some are no event (invalid JSON, not an "
                             "event object): each skipped line is said, with why, and counted in the summary; a line "
                             "of no Spec type is an event, run as Segment would: no handler, Unsupported Event Type "
                             "(default: refuse the file, naming its first bad line)")


class Parser(argparse.ArgumentParser):
    """argparse, but usage errors are bad input: exit code 2 with a one-line reason."""

    help_command = ""
    """The command that shows this parser's help, when `<prog> --help` does not."""
    commands: Mapping[str, argparse.ArgumentParser] = {}
    """The subcommands' parsers by name (set on the top-level parser)."""

    _optional_positionals: frozenset[str] = frozenset()
    """The metavars of this parser's positionals that may be left out (`EVENTS...`), as argparse's list of missing
    arguments names them too."""

    arguments: ClassVar[list[str]] = []
    """The arguments last given to a parser to parse (a subcommand's parser gets the rest of the command line's),
    whose setting values an error masks, with the process's own."""

    def add_argument(self, *args: Any, **kwargs: Any) -> argparse.Action:
        """argparse's, noting a positional that may be left out."""
        action = super().add_argument(*args, **kwargs)
        if not action.option_strings and action.nargs in ("*", "?"):
            self._optional_positionals = self._optional_positionals | {str(action.metavar or action.dest)}
        return action

    def parse_known_args(self, args: Sequence[str] | None = None,  # type: ignore[override]
                         namespace: argparse.Namespace | None = None) -> tuple[argparse.Namespace, list[str]]:
        if args is not None:
            Parser.arguments = list(args)
        return super().parse_known_args(args, namespace)

    def error(self, message: str) -> NoReturn:
        # argparse quotes the arguments it refuses, a setting's value with them (`--settin=apiKey=…` is ambiguous);
        # so does an unquoted value's rest (`--setting pass=correct horse` leaves `horse` unrecognized).
        unquoted = message.startswith("unrecognized arguments:")
        message = self._only_required(message)
        for value in sorted(setting_values([*Parser.arguments, *sys.argv[1:]], unquoted), key=len, reverse=True):
            for quoted in (value, repr(value)[1:-1]):  # repr's escapes: `got 'a\\b'`
                message = message.replace(quoted, MASK)
        raise SegtuiInputError(f"{message}{self._meant(message)} (see `{self.help_command or self.prog + ' --help'}`)")

    def _meant(self, message: str) -> str:
        """`; did you mean --setting?` for an unrecognized option close to one of this parser's (Python 3.11's
        argparse names none), or `--event FILE` for an event file given alone, else nothing."""
        import difflib

        if not message.startswith("unrecognized arguments:"):
            return ""
        words = message.split()[2:]
        if len(words) == 1 and words[0].endswith((".json", ".ndjson")) and "--event" in self._option_string_actions:
            return f"; did you mean --event {words[0]}?"  # `segtui run h.js order.json`, a new user's first try
        given = next((word.partition("=")[0] for word in message.split()[2:] if word.startswith("--")), "")
        options = [option for option in self._option_string_actions if option.startswith("--")]
        close = difflib.get_close_matches(given, options, n=1, cutoff=0.75) if given else []
        return f"; did you mean {close[0]}?" if close else ""

    def _only_required(self, message: str) -> str:
        """argparse's list of missing arguments without the optional positionals (`EVENTS...`) it names too."""
        head = "the following arguments are required: "
        if not message.startswith(head):
            return message
        names = [name for name in message.removeprefix(head).split(", ") if name not in self._optional_positionals]
        return head + ", ".join(names) if names else message


def _settings_file(text: str) -> Path:
    """--settings's file; a setting given to it by mistake (`--settings apiKey=…`, process_title.misgiven_setting), or a
    text that names no file and has no file's shape (given_to_settings), is refused without its value, which may be a
    secret."""
    if misgiven_setting(text):
        if (name := setting_name(text)) is None:
            raise argparse.ArgumentTypeError("a JSON text (not shown: it may hold secrets), no file; --settings takes a file "
                                             "of settings: write them to one, or give each with --setting NAME=VALUE")
        raise argparse.ArgumentTypeError(f"{name}=…: no such file; --settings takes a file of settings, "
                                         "--setting one setting (NAME=VALUE; the value is not shown: it may be a secret)")
    if given_to_settings(text):
        raise argparse.ArgumentTypeError("no such file, and its name is not shown: it has no path and no file's ending, "
                                         "so it may be a secret (`--settings \"$API_KEY\"`); --settings takes a file of "
                                         "settings, --setting one setting (NAME=VALUE)")
    return Path(text)


def add_engine_options(parser: argparse.ArgumentParser) -> None:
    """The handler argument and the settings and limit options."""
    parser.add_argument("handler", metavar="HANDLER",
                        help="the function's .js file, or a .tf file of Segment's Git sync (a segment_function resource)")
    parser.add_argument("--kind", choices=KINDS, help="the kind of function (default: a .tf file's resource_type, "
                        "else \"kind\" in segtui.json, else source when HANDLER defines onRequest, else destination)")
    parser.add_argument("--settings", metavar="FILE", type=_settings_file,
                        help="a JSON object of setting name → value (default: segtui.settings.json beside the handler; "
                             "for a .tf file, <name>.settings.json beside it first)")
    parser.add_argument("--setting", metavar="NAME=VALUE", action="append", default=[],
                        help="one setting; repeat for more; overrides --settings. An array setting takes JSON (tags='[\"a\", \"b\"]') "
                             "or, when not JSON, its items separated by commas ('tags=Purchase,Order Completed')")
    parser.add_argument("--timeout", metavar="SECONDS", type=_timeout_s, default=DEFAULT_TIMEOUT_S,
                        help=f"time limit per load and per event (default {DEFAULT_TIMEOUT_S:g}, at least {MIN_TIMEOUT_S:g}, "
                             f"at most {MAX_TIMEOUT_S})")
    parser.add_argument("--memory", metavar="MB", type=_memory_mb, default=DEFAULT_MEMORY_MB,
                        help="memory limit: V8's heap, and what a load or run grows outside it (ArrayBuffers, Buffers; "
                             f"Linux) (default {DEFAULT_MEMORY_MB}, at least {MIN_MEMORY_MB}, at most {MAX_MEMORY_MB})")
    network = parser.add_argument_group("network (default: live requests)")
    network.add_argument("--mock", metavar="FILE", help="answer matching requests from mock rules (JSON or YAML)")
    network.add_argument("--replay", metavar="FILE", help="answer requests from a recorded cassette (matched by method and URL, "
                         "then by body, in recorded order)")
    network.add_argument("--record", metavar="FILE", help="go live and save every exchange to a cassette")
    network.add_argument("--offline", action="store_true", help="no request leaves the machine")
    network.add_argument("--reveal-secrets", action="store_true",
                         help="show sensitive settings and Authorization headers unmasked (local use only)")


MIN_MEMORY_MB = 16
"""--memory's least, in MB."""
_WHOLE = re.compile(r"[0-9]+")
_DECIMAL = re.compile(r"(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?")


def plain_number(text: str, whole: bool, expected: str, least: float, most: float, unit: str) -> float:
    """An option's number written in plain ASCII decimal (a whole one when `whole`) between `least` and `most`, else
    an argparse error: Python's int() and float() also take hex, underscores, nan, inf, signs and other scripts' digits."""
    written = text.strip()
    if not (_WHOLE if whole else _DECIMAL).fullmatch(written):
        raise argparse.ArgumentTypeError(f"expected {expected}, got {text!r}")
    value = float(written)  # any length of digits; an exponent past float's range gives 0 or inf, refused below
    if not least <= value <= most:
        raise argparse.ArgumentTypeError(f"must be at least {least:g} and at most {most:g}{unit}, got {written}")
    return value


def _timeout_s(text: str) -> float:
    return plain_number(text, False, "a number of seconds such as 5 or 0.5", MIN_TIMEOUT_S, MAX_TIMEOUT_S, " seconds")


def _memory_mb(text: str) -> int:
    return int(plain_number(text, True, "a whole number of MB", MIN_MEMORY_MB, MAX_MEMORY_MB,
                            " MB (V8's heap in segtui's sandbox holds 1.5 GB in all)"))


def run_options(args: argparse.Namespace) -> RunOptions:
    """The RunOptions the engine options on a command line give."""
    return RunOptions(args.handler, args.settings, list(args.setting), args.timeout, args.memory, args.mock,
                      args.replay, args.record, args.offline, args.reveal_secrets, args.kind)


def check_load(handler: Path, loaded: LoadResult) -> None:
    """Refuse, as bad input, a handler that does not parse or whose functions contradict its kind."""
    if loaded.syntax_error:
        raise SegtuiInputError(syntax_error_message(str(handler), loaded.failure()))
    if loaded.kind_error:
        raise SegtuiInputError(loaded.failure().message)


def syntax_error_message(filename: str, error: ErrorInfo) -> str:
    """`file:line:column: SyntaxError: message`, then the offending line with a caret under the column."""
    where = f"{filename}:{error.line}:{error.column}" if error.line else filename
    lines = [f"{where}: {error.headline()}"]
    if error.source_line:
        lines.append(quoted_line(error.source_line, error.column))
    return "\n".join(lines)


def use_colour(choice: str) -> bool:
    """Whether to print ANSI colours for a --color choice: `auto` colours a terminal, unless NO_COLOR is set
    (no-color.org) or it is a dumb one (`TERM=dumb`, which shows escape sequences as text)."""
    if choice != "auto":
        return choice == "always"
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


_NOT_ASCII = re.compile(r"[^\x00-\x7f]")


def stdout_json(text: str) -> str:
    """The JSON text `text` as standard output can carry it and a terminal shows it: the characters that act on a
    terminal (DEL, C1, bidi) as JSON escapes, and every non-ASCII one too unless standard output is UTF-8
    (`PYTHONIOENCODING=latin-1`, an ASCII locale), where they would be written as latin-1 bytes or Python escapes."""
    text = json_visible(text)
    encoding = getattr(sys.stdout, "encoding", None) or "utf-8"
    if codecs.lookup(encoding).name == "utf-8":
        return text
    return _NOT_ASCII.sub(lambda char: json.dumps(char[0])[1:-1], text)


def say_skipped_lines(lines: Sequence[BadLine], shown: Masker) -> None:
    """Say on standard error the first SKIPS_SHOWN NDJSON lines skipped as no event (`where: why`, `shown` masked, then
    cut to its first line), then how many more (a file of thousands would flood the terminal)."""
    for line in lines[:SKIPS_SHOWN]:
        print(f"segtui: skipped {visible(shown.text(line.said).splitlines()[0])}", file=sys.stderr)
    if len(lines) > SKIPS_SHOWN:
        print(f"segtui: … and {plural(len(lines) - SKIPS_SHOWN, 'more bad line')} skipped (--skip-bad-lines)",
              file=sys.stderr)


def say_written(lines: Sequence[str | None], *, to_stderr: bool) -> None:
    """Say what the command wrote besides its results (a cassette, a HAR file, a report), each line given: on standard
    error under --json, which keeps standard output JSON."""
    for line in lines:
        if line:
            print(visible(line), file=sys.stderr if to_stderr else sys.stdout)


def import_meanwhile(*modules: str) -> None:
    """Import `modules` on a thread of their own, while the command waits on its sandbox's start (its main thread then
    holds no lock of Python's, and sandbox processes are forked before): masking's tables, ~50-120 ms of CPU, then
    cost a `segtui run` nothing. A module the command imports before the thread has is waited for, as any import."""
    import importlib
    import threading

    def load() -> None:
        try:
            for name in modules:
                importlib.import_module(name)
        except Exception:  # noqa: BLE001 - the command's own import of it fails again, and says so as segtui does
            return

    # Not a daemon: the interpreter's exit waits for it. A daemon thread still importing as a command ended early (its
    # sandbox refused under `ulimit -v`) was stopped by finalization inside a native extension's import, and the process
    # ended with SIGABRT and "FATAL: exception not rethrown" (seen once in the test suite, under load).
    threading.Thread(target=load, name="segtui-imports").start()
