"""The command line: `segtui HANDLER` opens the debugger; subcommands run the same engine headlessly.

A headless command starts its sandbox process before anything else, so the rest of segtui is
imported inside the functions here, once that process is on its way.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
from typing import TYPE_CHECKING

from segtui import __version__, control_chars, core_dumps, process_title, stop_signals
from segtui.engine import launch

if TYPE_CHECKING:
    import argparse

    from segtui.commands.common import Parser

SUBCOMMANDS = ("run", "test", "replay")
_OWN_OPTIONS = ("-h", "--help", "--version")
"""The options of `segtui` itself; any other leading option is the debugger's (`segtui --offline HANDLER`)."""
_NOT_PATHS = ("--kind", "--timeout", "--memory", "--concurrency", "--color")
"""The options whose value is no path (nor a name): noted as given, never cut into a folder and a file's name."""


def build_parser(only: str | None = None) -> Parser:
    """The parser with every subcommand (or just `only`) registered by its module's `add_parser`.

    A command line naming its subcommand needs only that one: each imports what it runs.
    """
    from segtui.commands.common import Parser

    parser = Parser(prog="segtui", description="A local debugger for Segment functions (destination, insert and source). "
                     "`segtui HANDLER.js` opens the debugger on a handler (`segtui HANDLER.js --help` for its "
                     "options); the commands below run the same engine headlessly.")
    parser.add_argument("--version", action="version", version=f"segtui {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=Parser)
    for name in (only,) if only in SUBCOMMANDS else SUBCOMMANDS:
        importlib.import_module(f"segtui.commands.{name}").add_parser(subparsers)
    parser.commands = subparsers.choices
    return parser


def _parse(parser: Parser, argv: list[str]) -> argparse.Namespace:
    """Parse, letting a command's trailing positionals (`test`'s EVENTS) also come after its options."""
    args, extras = parser.parse_known_args(argv)
    trailing = getattr(args, "trailing_positionals", None)
    if extras and trailing is not None and not any(extra.startswith("-") for extra in extras):
        getattr(args, trailing).extend(extras)
    elif extras:
        # The subcommand's own parser, so that the error points at its help.
        parser.commands.get(args.command, parser).error(f"unrecognized arguments: {' '.join(extras)}")
    return args


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run the command, and turn bad input into a message and exit code 2.

    Without `argv`, as the `segtui` command and `python -m segtui` call it, the process exits next.
    """
    if argv is None:
        # Before any sandbox is forked: each shows the command line it was forked with, and inherits the limit.
        process_title.hide_settings(sys.orig_argv)
        core_dumps.forbid()
        stop_signals.raise_on_stop()
        try:
            return _main(sys.argv[1:], own_process=True)
        except KeyboardInterrupt:
            # Ctrl-C outside a command's own handling: while segtui imports or ends the sandboxes it started early
            # (those left are ended at exit, launch.discard).
            return 130
        except stop_signals.Stopped as stopped:  # the commands' cleanup has ended their sandboxes on the way here
            return stopped.code
        finally:
            # Nothing is left to collect: the interpreter's last garbage collections would walk every
            # object segtui imported (~15 ms of a `segtui run`); frozen, they are skipped.
            gc.freeze()
    return _main(argv, own_process=False)


def _main(argv: list[str], own_process: bool) -> int:
    _note_names(argv)
    if argv and argv[0] in SUBCOMMANDS and not {"-h", "--help"} & set(argv):
        # Every headless command runs at least one sandbox: starting it now overlaps its start-up (V8, the
        # prelude) with segtui's own imports and its reading of the handler, settings and events. segtui's own
        # process forks it, with nothing of segtui imported yet; a caller's process (a test) starts a new one.
        launch.start_first(fork=own_process)
    try:
        return _run(argv)
    finally:
        launch.discard()


def _note_names(argv: list[str]) -> None:
    """Note the command line's paths and names for `visible` (control_chars.note_user_names): a setting's name but
    never its value, which the handler's own text (a log, an error) may hold."""
    paths: list[str] = []
    names: list[str] = []
    option = ""
    for word in argv:
        flag, equals, value = word.partition("=") if word.startswith("--") else (option, "=", word)
        option = "" if equals else flag
        if not equals:
            continue
        if flag == "--setting":
            names.append(value.partition("=")[0])
        elif len(flag) > 2 and any(name.startswith(flag) for name in _NOT_PATHS):
            names.append(value)
        else:
            paths.append(value)
    control_chars.note_user_names(paths, names)


def _run(argv: list[str]) -> int:
    from segtui.errors import EXIT_BAD_INPUT, EXIT_FAILED

    stdout_closed = _open_closed_streams()
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure"):
            # A handler can log a lone surrogate; print it escaped rather than fail.
            stream.reconfigure(errors="backslashreplace")
    code = _command(argv)
    if stdout_closed and code != EXIT_BAD_INPUT:
        print("segtui: error: could not write its output: standard output is closed", file=sys.stderr)
        return max(code, EXIT_FAILED)
    return code


def _late_command(argv: list[str]) -> str | None:
    """The command named after options that should follow it (`segtui --offline run …`), if one is: a word that is a
    command's name and no file's."""
    if not argv or not argv[0].startswith("-") or argv[0] in _OWN_OPTIONS:
        return None
    return next((word for word in argv if word in SUBCOMMANDS and not os.path.exists(word)), None)


def _mistyped_command(argv: list[str]) -> str | None:
    """The command a first word seems a typo of (`segtui tset HANDLER`), when it is no file and names none (no `.js`,
    no folder), which would otherwise be taken for a handler: "unrecognized arguments: HANDLER", or an offer to create
    a handler named `tset`."""
    word = argv[0] if argv else ""
    if not word or word in SUBCOMMANDS or word.startswith("-") or "." in word or os.sep in word or os.path.exists(word):
        return None
    import difflib  # only for such a word: a command's run imports nothing it does not need (test_run_imports)

    return next(iter(difflib.get_close_matches(word, SUBCOMMANDS, n=1, cutoff=0.6)), None)


def _drop_output() -> None:
    """Point standard output at the null device, so that what is still buffered goes nowhere (left as it is when no
    file can be opened: too many are)."""
    with contextlib.suppress(OSError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _open_closed_streams() -> bool:
    """Give a standard stream closed before segtui started (`>&-`) the null device, so that printing to it (None) does
    not raise; True when standard output was one, whose output is then lost."""
    closed = sys.stdout is None
    for name in ("stdout", "stderr"):
        if getattr(sys, name) is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115 - kept open for the process
    return closed


def _command(argv: list[str]) -> int:
    from segtui.control_chars import visible
    from segtui.engine.process import SandboxDied
    from segtui.errors import EXIT_FAILED, EXIT_INTERNAL, SegtuiInputError

    try:
        late = _late_command(argv)
        if late:
            raise SegtuiInputError(f"the command comes first, its options after it: segtui {late} HANDLER … "
                                   f"(see `segtui {late} --help`)")
        mistyped = _mistyped_command(argv)
        if mistyped:
            raise SegtuiInputError(f"{argv[0]}: no such command or handler file; did you mean `segtui {mistyped}`? "
                                   "(see `segtui --help`)")
        if argv and argv[0] not in SUBCOMMANDS and argv[0] not in _OWN_OPTIONS:
            opened: int = importlib.import_module("segtui.commands.tui").main(argv)
            return opened
        args = _parse(build_parser(argv[0] if argv else None), argv)
        if args.command is None:
            raise SegtuiInputError("no command given; `segtui HANDLER.js` opens the debugger, "
                                   "`segtui run HANDLER.js --event track` runs one event (see `segtui --help`)")
        code: int = args.handler_main(args)
        return code
    except SegtuiInputError as error:
        # Escaped here, where every message is printed: many quote what the user gave (a file's line, an event type).
        # A setting given without --setting would be quoted as a file or an unknown argument: never its value.
        return _bad_input(str(error), argv)
    except SandboxDied as died:
        print(f"segtui: internal error: {visible(str(died))}", file=sys.stderr)
        return EXIT_INTERNAL
    except BrokenPipeError:
        # The reader (e.g. `| head`) has gone: stop quietly, and keep Python from complaining at exit.
        _drop_output()
        return EXIT_FAILED
    except OSError as error:
        if error.errno is None:  # not the system's refusal to write (a TimeoutError, an SSL error): a bug, said as one
            return _internal_error(error)
        if error.filename is not None:
            # A path the system refused, whichever check met it first: Python 3.11's Path.exists() and is_file() raise
            # where a folder on the way may not be searched (another user's home kept by sudo, a locked-down share).
            # Every input and output file was said as "could not write its output: Permission denied", naming none.
            name = error.filename if isinstance(error.filename, int) else os.fsdecode(error.filename)
            return _bad_input(f"{name}: {error.strerror}", argv)  # a name too long to be a path may be a setting's
        # Output that cannot be written (a full disk, `> /dev/full`); what is still buffered goes nowhere.
        _drop_output()
        print(f"segtui: error: could not write its output: {error.strerror}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        return 130
    except Exception as error:  # noqa: BLE001 - a bug in segtui: one line, never a traceback with the settings in its frames
        return _internal_error(error)


def _bad_input(message: str, argv: list[str]) -> int:
    """Say bad input in one line, escaped, with any setting given without --setting masked where it is quoted."""
    from segtui.control_chars import visible
    from segtui.errors import EXIT_BAD_INPUT

    print(f"segtui: error: {visible(process_title.without_stray_settings(message, argv))}", file=sys.stderr)
    return EXIT_BAD_INPUT


def _internal_error(error: Exception) -> int:
    """Say a bug in segtui in one line: masked when raised where the run's secrets were known (setup.masked_errors, an
    UnexpectedError), else with its message left out."""
    from segtui.control_chars import visible
    from segtui.errors import EXIT_INTERNAL, UnexpectedError, unexpected_text

    said = str(error) if isinstance(error, UnexpectedError) else unexpected_text(error, None)
    print(f"segtui: internal error: {visible(said)}; this is a bug in segtui, not in the function: please report "
          "it with the command that led to it", file=sys.stderr)
    return EXIT_INTERNAL
