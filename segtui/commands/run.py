"""`segtui run`: run one event, a batch, or an NDJSON stream through a handler and report the result."""

from __future__ import annotations

import argparse
import json
import sys

from segtui.commands.common import RunSetup, add_engine_options, prepare
from segtui.errors import SegtuiInputError
from segtui.events import load_event_arg
from segtui.runtime.engine import Engine
from segtui.runtime.invocation import ErrorInfo, Invocation
from segtui.settings import mask_text
from segtui.textout import TextRenderer


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register `run` and its options."""
    parser = subparsers.add_parser("run", help="run one event (or batch, or NDJSON) headlessly")
    add_engine_options(parser)
    parser.add_argument("--event", metavar="EVENT", required=True,
                        help="a Spec type (track, identify, …, batch) or a file: JSON object, JSON array, or NDJSON")
    parser.add_argument("--json", action="store_true", help="print one JSON object per event instead of text")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="ANSI colours")
    parser.set_defaults(handler_main=main)


def main(args: argparse.Namespace) -> int:
    """Run the events; exit 0 when every outcome is success, 1 otherwise, 2 for bad input."""
    engine = Engine()
    try:
        setup = prepare(args)
        sources = load_event_arg(args.event)
        engine.reconfigure(setup.config)
        engine.start()
        loaded = engine.load(setup.handler)
        if loaded.syntax_error:
            raise SegtuiInputError(_syntax_message(str(setup.handler), loaded.error))
        if loaded.ok:
            results = engine.invoke_many([source.payload for source in sources], setup.settings)
        else:
            results = iter([Invocation(str(setup.handler), None, "(top level)", "bad_request", error=loaded.error)])
        failed = False
        renderer = TextRenderer(_colour(args.color))
        for source, invocation in zip(sources, results):
            failed |= not invocation.ok
            _emit(setup, invocation, source.name, args.json, renderer)
        return 1 if failed else 0
    finally:
        engine.close()


def _emit(setup: RunSetup, invocation: Invocation, title: str, as_json: bool, renderer: TextRenderer) -> None:
    if as_json:
        text = json.dumps(invocation.to_json(), ensure_ascii=False)
    else:
        text = renderer.render(invocation, title) + "\n"
    print(mask_text(text, setup.secrets), flush=True)


def _syntax_message(filename: str, error: ErrorInfo) -> str:
    where = f"{filename}:{error.line}:{error.column}" if error.line else filename
    lines = [f"{where}: {error.headline()}"]
    if error.source_line:
        lines.append(f"    {error.source_line}")
        if error.column:
            lines.append("    " + " " * (error.column - 1) + "^")
    return "\n".join(lines)


def _colour(choice: str) -> bool:
    return choice == "always" or (choice == "auto" and sys.stdout.isatty())
