"""`segtui HANDLER.js`: open the debugger on a handler (offering to create a missing one from the template)."""

from __future__ import annotations

import argparse
import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from segtui.commands.common import Parser, add_engine_options, run_options
from segtui.control_chars import visible
from segtui.errors import SegtuiInputError
from segtui.user_files import user_path

if TYPE_CHECKING:
    from segtui.ui.session import TuiSetup


def build_parser() -> argparse.ArgumentParser:
    parser = Parser(prog="segtui", description="Open the debugger on a Segment function (destination, insert or source).",
                     epilog="HANDLER may be a .tf file of Segment's Git sync, or a folder of them to pick one from. "
                            "Subcommands: segtui run … (headless). F1 in the app lists the keys.")
    parser.help_command = "segtui HANDLER.js --help"
    add_engine_options(parser)
    parser.add_argument("--event", metavar="EVENT",
                        help="the event selected first: a Spec type (track, identify, …, batch) or an event file "
                             "(for a source function, a request file or a sample request: webhook-json, …)")
    parser.add_argument("--events", metavar="DIR", type=Path, action="append", default=[],
                        help="a folder of event files to list in the picker; repeat for more")
    return parser


def offer_template(path: Path, kind: str | None = None) -> bool:
    """Ask on the terminal whether to create a missing handler from the template of its kind (--kind, else segtui.json's
    "kind" beside it, else a destination function); True when created."""
    from segtui.function_files import is_terraform
    from segtui.kinds import KIND_LABELS, resolve_kind
    from segtui.settings import load_schema_document
    from segtui.templates import handler_template

    if is_terraform(path):
        raise SegtuiInputError(f"{path}: no such file (segtui opens the .tf files Segment's Git sync writes; it "
                               "creates .js handlers only)")
    if not _on_a_terminal():  # the question would go into a pipe, or wait for no answer
        raise SegtuiInputError(f"{path}: no such handler file (run segtui in a terminal to create it from the template)")
    declared = load_schema_document(path).get("kind")
    chosen = resolve_kind(kind, declared, ())
    what = "onRequest" if chosen == "source" else "all seven handlers"
    # Unchosen, the kind is a destination function's: say how to get another's template.
    others = "" if kind or declared else "; for another kind, answer n and add --kind insert or --kind source"
    try:
        answer = input(visible(f"{path} does not exist. Create it from the {KIND_LABELS[chosen].lower()} template "
                               f"({what}{others})? [Y/n] "))
    except EOFError:  # ctrl+d: no
        print()
        return False
    if answer.strip().lower() not in ("", "y", "yes"):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(handler_template(chosen), encoding="utf-8")
    print(visible(f"Created {path}"))
    return True


def make_setup(args: argparse.Namespace) -> TuiSetup:
    """The app's setup from the command line; bad input raises SegtuiInputError."""
    from segtui.ui.session import TuiSetup

    return TuiSetup.of(run_options(args), args.event, list(args.events))


def pick_function(folder: Path) -> Path | None:
    """The function file chosen in the picker of a folder's functions (None when quit), or the folder's only one; none
    found raises."""
    from segtui.function_files.handler_code import folder_error, list_functions, sole_function
    from segtui.ui.function_picker import FunctionPicker

    listing = list_functions(folder)
    if not listing.functions:
        raise folder_error(folder, listing)
    return sole_function(listing) or FunctionPicker(folder, listing).run()


def _on_a_terminal() -> bool:
    """Whether standard input and output are both a terminal (either may be closed: `<&-`)."""
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stdout))


def need_terminal() -> None:
    """Refuse, as bad input, to open a screen without a terminal on standard input and output: it would draw into the
    file or pipe and wait for ever for keys that never come. On one, draw in UTF-8.

    The screen is drawn with box-drawing characters, on the stream Textual writes to (standard error), whose encoding
    is the locale's: under LC_ALL=C without UTF-8 mode (PYTHONUTF8=0) or PYTHONIOENCODING=ascii every border came out
    as `\\u256d` escapes. A terminal that is not UTF-8 is rare whatever the locale says; the escapes are useless on any.
    """
    if not _on_a_terminal():
        raise SegtuiInputError("segtui HANDLER opens the interactive debugger, which needs a terminal (standard input "
                               "or output is not one); run headlessly with `segtui run HANDLER --event EVENT`, "
                               "`segtui test` or `segtui replay`")
    # Textual draws the screen on standard error: redirected (`2>log`, `2>/dev/null`) the screen went into the file
    # and the terminal stayed blank, reading keys for a screen nobody saw; closed (`2>&-`), it drew nowhere at all.
    if sys.__stderr__ is None or not sys.__stderr__.isatty():
        refused = SegtuiInputError("segtui HANDLER draws the interactive debugger on standard error, which is not a "
                                   "terminal (redirected or closed); start it without redirecting standard error, or "
                                   "run headlessly with `segtui run HANDLER --event EVENT`, `segtui test` or "
                                   "`segtui replay`")
        print(f"segtui: error: {refused}", file=sys.stdout, flush=True)  # on the terminal: `2>/dev/null` said nothing
        raise refused
    # A terminal that says it is dumb (Emacs' M-x shell, some IDE consoles) moves no cursor and draws no colour: the
    # screen came out as a stream of escape sequences, and keys echoed into it.
    if os.environ.get("TERM") == "dumb":
        raise SegtuiInputError("segtui HANDLER draws the interactive debugger with cursor movement and colours, which "
                               "this terminal (TERM=dumb) cannot show; run it in a terminal emulator, or run headlessly "
                               "with `segtui run HANDLER --event EVENT`, `segtui test` or `segtui replay`")
    # The screen's size is the terminal's own, asked of it at the start and again at every resize: Textual measures it
    # with shutil.get_terminal_size, which takes COLUMNS and LINES first. Exported (a shell's profile, a script, an
    # IDE), they were a size the window no longer had, or never had: the screen was drawn past its edges and kept that
    # size through every resize. They describe output to pipes; no part of the app reads them.
    for name in ("COLUMNS", "LINES"):
        os.environ.pop(name, None)
    if isinstance(sys.__stderr__, io.TextIOWrapper):
        # Errors escaped, as segtui.cli left them: a lone surrogate (a file name's byte that is not UTF-8) raised in
        # Textual's writer thread, which ended, and the screen hung.
        sys.__stderr__.reconfigure(encoding="utf-8", errors="backslashreplace")


def keep_textual_logs_off(reveal: bool) -> None:
    """Unless secrets are revealed, turn off Textual's log file (TEXTUAL_LOG) and its devtools console (TEXTUAL=devtools),
    saying so: they get every message of the app as Python shows it, a run's settings, results and requests unmasked.
    Called before Textual is imported, which reads them once."""
    features = os.environ.get("TEXTUAL", "").split(",")
    devtools = [feature for feature in features if feature.strip().lower() == "devtools"]
    if reveal or not (os.environ.get("TEXTUAL_LOG") or devtools):
        return
    os.environ.pop("TEXTUAL_LOG", None)
    os.environ["TEXTUAL"] = ",".join(feature for feature in features if feature not in devtools)
    print("segtui: Textual's log (TEXTUAL_LOG) and devtools are off: they would get the session's secrets unmasked; "
          "with --reveal-secrets they are on", file=sys.stderr)


def main(argv: list[str]) -> int:
    """Parse the arguments and run the app; returns the exit code."""
    args = build_parser().parse_args(argv)
    keep_textual_logs_off(args.reveal_secrets)
    handler = user_path(args.handler)
    if handler.is_dir():
        need_terminal()
        chosen = pick_function(handler)
        if chosen is None:
            return 0
        args.handler = str(chosen)
    elif not handler.exists() and not offer_template(handler, args.kind):
        return 0
    setup = make_setup(args)
    need_terminal()
    from segtui.ui.app import SegtuiApp

    app = SegtuiApp(setup)
    app.run()
    return app.return_code or 0
