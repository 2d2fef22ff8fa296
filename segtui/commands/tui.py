"""`segtui HANDLER.js`: open the debugger on a handler (offering to create a missing one from the template)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from segtui.commands.common import DEFAULT_SETTINGS_FILENAME, add_engine_options, prepare, settings_file
from segtui.errors import SegtuiInputError
from segtui.events import load_event_arg

if TYPE_CHECKING:
    from segtui.ui.session import TuiSetup


def build_parser() -> argparse.ArgumentParser:
    from segtui.cli import _Parser

    parser = _Parser(prog="segtui", description="Open the debugger on a destination function.",
                     epilog="Subcommands: segtui run … (headless). F1 in the app lists the keys.")
    add_engine_options(parser)
    parser.add_argument("--event", metavar="EVENT",
                        help="the event selected first: a Spec type (track, identify, …, batch) or an event file")
    parser.add_argument("--events", metavar="DIR", type=Path, action="append", default=[],
                        help="a folder of event files to list in the picker; repeat for more")
    _add_network_options(parser)
    return parser


def _add_network_options(parser: argparse.ArgumentParser) -> None:
    """The fetch modes: the shared helper `segtui run` uses when there is one, else the same four flags."""
    try:
        from segtui.commands.common import add_network_options
    except ImportError:
        network = parser.add_argument_group("network")
        network.add_argument("--mock", metavar="FILE", help="answer matching requests from mock rules (JSON or YAML)")
        network.add_argument("--replay", metavar="FILE", help="answer requests from a recorded cassette")
        network.add_argument("--record", metavar="FILE", help="go live and save every exchange to a cassette")
        network.add_argument("--offline", action="store_true", help="no request leaves the machine")
        return
    add_network_options(parser)


def _network_config(args: argparse.Namespace, secrets: list[str]) -> dict | None:
    """The `SandboxConfig.network` dict for the flags, checked (bad mock files and cassettes are bad input)."""
    try:
        from segtui.commands.common import network_config
    except ImportError:
        pass
    else:
        return network_config(args)
    from segtui.runtime.network import check_network

    data = {key: getattr(args, key, None) for key in ("mock", "replay", "record")}
    data = {key: value for key, value in data.items() if value}
    if getattr(args, "offline", False):
        data["offline"] = True
    if not data:
        return None
    data["secrets"] = secrets
    return check_network(data).to_json()


def offer_template(path: Path) -> bool:
    """Ask on the terminal whether to create a missing handler from the template; True when created."""
    from segtui.templates import handler_template

    if not sys.stdin.isatty():
        raise SegtuiInputError(f"{path}: no such handler file (run segtui in a terminal to create it from the template)")
    answer = input(f"{path} does not exist. Create it from the template (all seven handlers)? [Y/n] ")
    if answer.strip().lower() not in ("", "y", "yes"):
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(handler_template(), encoding="utf-8")
    print(f"Created {path}")
    return True


def make_setup(args: argparse.Namespace) -> TuiSetup:
    """Check the handler, settings and events named on the command line; bad input raises SegtuiInputError."""
    from segtui.ui.session import TuiSetup

    setup = prepare(args, require_settings=False)
    network = _network_config(args, setup.secrets)
    if network:
        setup.config.network = network
    sources = load_event_arg(args.event) if args.event else []
    for folder in args.events:
        if not folder.is_dir():
            raise SegtuiInputError(f"--events {folder}: no such folder")
    return TuiSetup(
        run=setup,
        settings_file=settings_file(setup.handler, args.settings) or setup.handler.parent / DEFAULT_SETTINGS_FILENAME,
        event_dirs=list(args.events),
        initial_event=args.event,
        initial_sources=sources,
        cli_settings=list(args.setting),
    )


def main(argv: list[str]) -> int:
    """Parse the arguments and run the app; returns the exit code."""
    args = build_parser().parse_args(argv)
    handler = Path(args.handler).expanduser()
    if not handler.exists() and not offer_template(handler):
        return 0
    setup = make_setup(args)
    from segtui.ui.app import SegtuiApp

    app = SegtuiApp(setup)
    app.run()
    return app.return_code or 0
