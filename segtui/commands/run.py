"""`segtui run`: run one event, a batch, or an NDJSON stream through a handler and report the result."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segtui.commands.common import (
    add_engine_options,
    add_skip_bad_lines,
    check_load,
    import_meanwhile,
    run_options,
    say_skipped_lines,
    say_written,
    stdout_json,
    use_colour,
)
from segtui.durations import duration_text
from segtui.engine.engine import Engine
from segtui.engine.process import SandboxRefused
from segtui.errors import EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, SegtuiInputError
from segtui.events import EventSource, load_event_arg, load_event_file
from segtui.invocation import Invocation
from segtui.kinds import FunctionKind, input_noun
from segtui.limits import limit_notes
from segtui.plurals import plural
from segtui.records import RequestRecord
from segtui.request_files import DEFAULT_REQUEST, check_fits, load_request_arg
from segtui.setup import RunSetup, input_paths, prepare, refuse_inputs
from segtui.summaries import ReplaySummary, summary_text
from segtui.terminal import visible
from segtui.user_files import check_output_path, write_json_atomic

if TYPE_CHECKING:
    from segtui.masking import Masker
    from segtui.ndjson import BadLine
    from segtui.textout import TextRenderer

_SHOWING = ("segtui.masking", "segtui.shown_results", "segtui.textout")
"""What prints a result (masking, ~50-120 ms of CPU to import, and Rich): imported while the sandbox starts."""


def add_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Register `run` and its options."""
    parser = subparsers.add_parser(
        "run", help="run one event (or batch, or NDJSON) headlessly",
        description="Run an event (or a batch, or NDJSON events in order on one warm load) through HANDLER and print "
                    "its Callback Return, logs and requests. Exit 0 when every outcome is success (or an insert "
                    "function's drop), 1 otherwise, 2 for bad input, 3 when segtui's sandbox crashed.")
    add_engine_options(parser)
    given = parser.add_mutually_exclusive_group()
    given.add_argument("--event", metavar="EVENT",
                       help="a Spec type (track, identify, …, batch) or a file: JSON object, JSON array, or NDJSON")
    given.add_argument("--request", metavar="FILE",
                       help="for a source function: a request file ({method, url, headers, body}) or NDJSON of them, "
                            "or a bundled sample (webhook-json, form-urlencoded, get-query; default webhook-json)")
    parser.add_argument("--json", action="store_true", help="print one JSON object per event instead of text")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="ANSI colours (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)")
    parser.add_argument("--har", metavar="FILE", type=Path, help="write the run's requests as a HAR 1.2 file")
    add_skip_bad_lines(parser, "run")
    parser.set_defaults(handler_main=main)


def main(args: argparse.Namespace) -> int:
    """Run the events; exit 0 when every outcome is success, 1 otherwise, 2 for bad input, 3 when segtui's sandbox crashed."""
    engine = Engine()
    try:
        setup = prepare(run_options(args))
        with setup.errors_masked():
            return _run(args, setup, engine)
    finally:
        engine.close()


def _run(args: argparse.Namespace, setup: RunSetup, engine: Engine) -> int:
    """The events run once the settings are known: what the command prints, and its exit code."""
    bad_lines: list[BadLine] | None = [] if args.skip_bad_lines else None
    sources = _inputs(args, setup.kind, setup.config.memory_mb, bad_lines)
    if bad_lines:  # said masked: a reason may quote what its line holds
        from segtui.masking import Masker

        say_skipped_lines(bad_lines, setup.shown(Masker(setup.secrets)))
    if args.har:
        check_output_path(args.har, "HAR file")
        refuse_inputs(args.har, "HAR file", [*input_paths(run_options(args), setup), *(source.path for source in sources)])
    engine.reconfigure(setup.config)
    import_meanwhile(*_SHOWING)
    engine.start()
    from segtui.textout import TextRenderer

    # Made before the handler runs: it imports what reports need (Rich when coloured); a --json run renders none.
    renderer = None if args.json else TextRenderer(use_colour(args.color), setup.kind)
    loaded = engine.load(setup.handler)
    check_load(setup.handler, loaded)
    started = time.perf_counter()
    # The Masker (~5 ms for a short secret) is made while the sandbox runs the first events: their results need it.
    results = engine.invoke_many([source.event() for source in sources], setup.settings, meanwhile=engine.masker)
    summary = ReplaySummary(skipped=bad_lines or [])
    failed = crashed = False
    refusal = ""
    requests: list[RequestRecord] = []
    for source, invocation in zip(sources, results):
        failed |= not invocation.ok
        crashed |= invocation.crashed
        refusal = refusal or invocation.refusal
        invocation.notes += limit_notes(source.event(), invocation)
        requests += invocation.requests
        setup.record(invocation)
        summary.add(source, invocation)
        _emit(invocation, source, renderer, setup.shown(engine.masker()))
    if len(sources) > 1 or summary.skipped:  # as `replay` ends: one event's result is its own summary
        noun = input_noun(setup.kind)
        headline = (f"Ran {plural(len(sources), noun)} from {args.request or args.event} through "
                    f"{setup.handler} in {duration_text((time.perf_counter() - started) * 1000)}")
        print(visible(summary_text(summary, headline, setup.shown(engine.masker()), f"{noun}s")),
              file=sys.stderr if args.json else sys.stdout, flush=True)
    written = [setup.finish_recording()]
    if args.har:
        from segtui.request_exports import to_har  # only --har needs it

        write_json_atomic(to_har(requests, setup.shown(engine.masker())), args.har, overwrite=True, mode=0o600)
        written.append(f"Wrote {plural(len(requests), 'request')} to the HAR file {args.har}")
    say_written(written, to_stderr=args.json)
    if crashed:
        print("segtui: internal error: segtui's sandbox crashed during this run (the result says how); "
              "this is a bug in segtui, not in the handler", file=sys.stderr)
        return EXIT_INTERNAL
    if refusal:  # the system's limit, said as the command line says bad input (exit 2)
        raise SandboxRefused(refusal)
    return EXIT_FAILED if failed else EXIT_OK


def _inputs(args: argparse.Namespace, kind: FunctionKind, memory_mb: int, bad_lines: list[BadLine] | None) -> list[EventSource]:
    """The events (or a source function's requests) the command line names, checked to fit the function's kind; given
    `bad_lines`, an NDJSON line that is no event is said there and left out (a file of nothing else is refused)."""
    def load(path: Path, name: str | None) -> list[EventSource]:
        loaded = load_event_file(path, name, memory_mb, bad_lines)
        if not loaded and bad_lines:
            from segtui.ndjson import every_line_skipped  # only --skip-bad-lines has skipped lines

            raise every_line_skipped(str(path), bad_lines, "run")
        return loaded

    if args.request is not None and kind != "source":
        raise SegtuiInputError(f"--request {args.request}: a request is for a source function (one that defines "
                               f"onRequest); a {kind} function runs Spec events: give --event")
    if args.request is not None or (kind == "source" and args.event is None):
        sources = load_request_arg(args.request or DEFAULT_REQUEST, memory_mb, load)
    elif args.event is None:
        raise SegtuiInputError("give --event EVENT: a Spec type (track, identify, …, batch) or an event file")
    else:
        sources = load_event_arg(args.event, memory_mb, load)
    check_fits(kind, sources)
    return sources


def _emit(invocation: Invocation, source: EventSource, renderer: TextRenderer | None, masker: Masker) -> None:
    from segtui.shown_results import json_line

    if renderer is None:  # --json
        text = stdout_json(json_line(invocation, masker))
    else:
        text = renderer.render(invocation, source.name, masker, source.event()) + "\n"
    print(text, flush=True)
