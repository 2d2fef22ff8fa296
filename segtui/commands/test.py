"""`segtui test`: run a suite of events through a handler, each on a fresh load, and check them against goldens."""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from segtui.commands.common import (
    SKIPS_SHOWN,
    add_engine_options,
    add_skip_bad_lines,
    check_load,
    run_options,
    say_skipped_lines,
    say_written,
    stdout_json,
    use_colour,
)
from segtui.durations import duration_text
from segtui.engine.engine import Engine
from segtui.errors import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_INTERNAL, EXIT_OK, SegtuiInputError
from segtui.function_files.handler_code import read_code
from segtui.goldens import goldens_dir
from segtui.invocation import NO_HANDLER, OUTCOME_LABELS
from segtui.kinds import input_noun
from segtui.masking import Masker
from segtui.ndjson import every_line_skipped
from segtui.plurals import agreeing, plural
from segtui.reports import SuiteTotals, failure_details, json_report, junit_xml
from segtui.setup import RunSetup, input_paths, prepare, refuse_inputs
from segtui.suite import CaseResult, bundled_suite, collect_suite, run_suite, stale_goldens
from segtui.terminal import ansi, as_written, one_line, visible
from segtui.user_files import check_output_path, write_bytes_atomic

_GREEN, _RED, _YELLOW, _DIM, _BOLD = "green", "red", "yellow", "dim", "bold"


def add_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Register `test` and its options."""
    parser = subparsers.add_parser(
        "test", help="run a suite of events and check them against goldens (for CI)",
        description="Run events through HANDLER, each on a fresh load, and compare outcome, Callback Return "
                    "and requests with the goldens in <handler>.goldens/. Exit 0 when all pass, 1 when any "
                    "fails, 2 for bad input.")
    add_engine_options(parser)
    parser.add_argument("events", metavar="EVENTS", nargs="*",
                        help="Spec types, batch, developer-center, event files or folders, or events' names as "
                             "the table gives them (spec/track, events/order) "
                             "(default: Spec samples, Developer Center suite, batch, and event files beside HANDLER)")
    parser.add_argument("--events", dest="event_dirs", metavar="DIR", type=Path, action="append", default=[],
                        help="also run every event file under DIR; repeat for more")
    # `--event`, as `segtui run` takes it, was read as an abbreviation of --events: "track: no such folder of events".
    parser.add_argument("--event", action=_EventsAreArguments, help=argparse.SUPPRESS)
    parser.add_argument("--update", action="store_true", help="write each run as its event's golden")
    add_skip_bad_lines(parser, "run")
    parser.add_argument("--junit", metavar="FILE", type=Path, help="write a JUnit XML report")
    parser.add_argument("--json", action="store_true", help="print a JSON report instead of the table")
    parser.add_argument("--deterministic", action=argparse.BooleanOptionalAction, default=True,
                        help="freeze Date and seed Math.random and crypto per event (default: on)")
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto", help="ANSI colours (auto: on a terminal, unless NO_COLOR is set or TERM=dumb)")
    parser.set_defaults(handler_main=main, trailing_positionals="events")


class _EventsAreArguments(argparse.Action):
    """`segtui test … --event EVENT`: refused, saying that the suite's events are its arguments."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any,
                 option_string: str | None = None) -> None:
        parser.error("segtui test takes its events as arguments, without --event: segtui test HANDLER track "
                     "events/order.json (--events DIR adds a folder's)")


def main(args: argparse.Namespace) -> int:
    """Run the suite; exit 0 when every event passes, 1 when any fails, 2 for bad input or a sandbox the system refused,
    3 when segtui's sandbox crashed."""
    setup = prepare(run_options(args))
    with setup.errors_masked():
        return _test(args, setup)


def _test(args: argparse.Namespace, setup: RunSetup) -> int:
    """The suite run once the settings are known: what the command prints, and its exit code."""
    if args.junit:
        check_output_path(args.junit, "JUnit report")
    suite = collect_suite(setup.handler, args.events, args.event_dirs, skip=input_paths(run_options(args), setup),
                          kind=setup.kind, memory_mb=setup.config.memory_mb, skip_bad_lines=args.skip_bad_lines)
    if not suite.events:
        given = [str(item) for item in [*args.events, *args.event_dirs]]
        noun = input_noun(setup.kind)
        if suite.bad_lines:  # why there is nothing to run: each line was skipped as no event
            raise every_line_skipped(", ".join(given) or "the event files", suite.bad_lines, "run")
        raise SegtuiInputError(f"no {noun}s found in {', '.join(given)}" if given
                               else f"no {noun}s to run; give {noun} files as EVENTS, or --events DIR")
    if args.junit:
        refuse_inputs(args.junit, "JUnit report", [*input_paths(run_options(args), setup), *(event.path for event in suite.events),
                                                   *goldens_dir(setup.handler).rglob("*")])
    skipped = setup.shown(Masker(setup.secrets))  # a file's problem may quote what it holds (its "type")
    for note in suite.skipped[:SKIPS_SHOWN]:
        print(f"segtui: {visible(skipped.text(note))}", file=sys.stderr)
    if len(suite.skipped) > SKIPS_SHOWN:  # a folder of settings and outputs beside the handler is no list of errors
        print(f"segtui: … and {plural(len(suite.skipped) - SKIPS_SHOWN, 'more file')} beside the handler skipped (not "
              "events; name the events to run as EVENTS to leave them out)", file=sys.stderr)
    say_skipped_lines(suite.bad_lines, skipped)
    setup.config.deterministic = args.deterministic
    source = read_code(setup.handler)
    engine = Engine(setup.config)
    try:
        engine.start()
        table: _Table | None = None
        started = time.perf_counter()
        results = []
        # A handler that does not parse is refused at the first event's load: before any row, the table's head too.
        for result in run_suite(engine, setup.handler, source, suite.events, setup.settings, update=args.update,
                                check=lambda loaded: check_load(setup.handler, loaded)):
            results.append(result)
            setup.record(result.invocation)
            shown = setup.shown(engine.masker())
            if table is None:
                table = _Table(suite.events, use_colour(args.color), shown, quiet=args.json)
            table.masker = shown
            table.row(result)
        duration_s = time.perf_counter() - started
        masker = engine.masker()
    finally:
        engine.close()
    written = [setup.finish_recording()]
    if args.junit:
        write_bytes_atomic(junit_xml(setup.handler, results, duration_s, masker).encode("utf-8"), args.junit,
                           overwrite=True)
        written.append(f"Wrote the JUnit report to {args.junit}")
    if args.json:
        print(stdout_json(json_report(setup.handler, results, duration_s, masker, len(suite.bad_lines))))
        say_written(written, to_stderr=True)
    else:
        assert table is not None  # made at the first event's row; a suite holds one event at least
        stale = [] if args.events else stale_goldens(setup.handler, suite.events)
        bundled = set() if args.events else {event.name for event in bundled_suite(setup.kind)}
        table.finish(results, SuiteTotals.of(results, duration_s), setup.handler, stale,
                     input_noun(setup.kind), written, sum(not result.passed and result.event.name in bundled
                                                          for result in results), len(suite.bad_lines))
    if any(result.crashed for result in results):
        return EXIT_INTERNAL
    if any(result.refused for result in results):  # the system's limit, as bad input
        return EXIT_BAD_INPUT
    return EXIT_OK if all(result.passed for result in results) else EXIT_FAILED


_OUTCOME_WIDTH = max(len(label) for label in OUTCOME_LABELS.values())
"""The OUTCOME column's width: its longest label's ("Sandbox Not Started (system limit)"), so every row aligns."""


class _Table:
    """Prints one row per event as it finishes, then the failures' details and a summary."""

    def __init__(self, events: list[Any], colour: bool, masker: Masker, *, quiet: bool) -> None:
        self.colour = colour
        self.masker = masker
        self.quiet = quiet
        # In terminal cells, as printed: a wide character (CJK, emoji) takes two, an escaped one several.
        self.width = max(cell_len(self._name(event)) for event in events)
        if not quiet:
            header = f"{'':6}{'EVENT':<{self.width}}  {'HANDLER':<11} {'OUTCOME':<{_OUTCOME_WIDTH}} {'DURATION':>9}  REQUESTS"
            self._print(self._paint(_BOLD, header))

    @staticmethod
    def _name(event: Any) -> str:
        return as_written(visible(one_line(event.name)), sys.stdout)

    def _paint(self, style: str, text: str) -> str:
        return ansi(Text(text, style=style), self.colour)

    def _print(self, text: str) -> None:
        print(text, flush=True)

    def row(self, result: CaseResult) -> None:
        """One finished event."""
        if self.quiet:
            return
        invocation = result.invocation
        if result.crashed or result.refused:
            status = self._paint(f"{_RED} {_BOLD}", "ERR ")
        elif not result.passed:
            status = self._paint(_RED, "FAIL")
        elif result.written:
            status = self._paint(_YELLOW, "NEW " if result.written == "created" else "UPD ")
        else:
            status = self._paint(_GREEN, "PASS")
        # The event's name, the handler's and the paths are the user's and segtui's, never the handler's output: a short
        # secret masked in them (`track`) would be told by where the mask stands.
        handler = visible(invocation.handler_name or (NO_HANDLER if invocation.unknown_type_note is not None else "-"))
        duration = duration_text(invocation.duration_ms)
        name = self._name(result.event)
        name += " " * (self.width - cell_len(name))
        self._print(f"{status}  {name}  {handler:<11} {invocation.label:<{_OUTCOME_WIDTH}} "
                    f"{duration:>9}  {len(invocation.requests)}")

    def finish(self, results: list[CaseResult], totals: SuiteTotals, handler: Path, stale: list[Path],
               noun: str = "event", written: Sequence[str | None] = (), bundled_failed: int = 0,
               bad_lines: int = 0) -> None:
        """The details of each failure, stale goldens, the files written besides (`say_written`), and the summary line,
        which ends with what to do next (of `bundled_failed` failures of segtui's own samples, how to leave them out)."""
        for result in results:
            if not result.passed:
                self._print("\n" + self._paint(_BOLD, f"── {visible(one_line(result.event.name))} ──"))
                self._print(self._diff_colours(visible(failure_details(result, self.masker))))
        self._notes(results)
        if stale:
            self._print("\n" + self._paint(_DIM, f"{plural(len(stale), 'golden')} {agreeing(len(stale), 'matches', 'match')} no event of this suite:"))
            for path in stale:
                self._print(self._paint(_DIM, f"  {visible(one_line(str(path)))}"))
        say_written(written, to_stderr=False)
        parts = [f"{totals.passed} passed"]
        if totals.failed:
            parts.append(self._paint(_RED, f"{totals.failed} failed"))
        if totals.crashed:
            parts.append(self._paint(f"{_RED} {_BOLD}", f"{totals.crashed} crashed segtui's sandbox (a bug in segtui)"))
        if totals.refused:
            parts.append(self._paint(f"{_RED} {_BOLD}", f"{totals.refused} could not start a sandbox (the system's limit)"))
        if bad_lines:
            parts.append(self._paint(_YELLOW, f"{plural(bad_lines, 'bad line')} skipped (--skip-bad-lines)"))
        if totals.written:
            parts.append(f"{plural(totals.written, 'golden')} written to {visible(str(goldens_dir(handler)))}")
        self._print(f"\n{plural(totals.total, noun)}: " + ", ".join(parts) + f" in {duration_text(totals.duration_s * 1000)}")
        if bundled_failed:  # a JSON-only source function fails the form and query samples, run though nobody asked
            self._print(self._paint(_DIM, f"{bundled_failed} of the failures {agreeing(bundled_failed, 'is', 'are')} "
                                          f"segtui's own sample {noun}s, run when no EVENTS are given: name your own "
                                          f"(segtui test {visible(str(handler))} {noun}s/) to run only those, or "
                                          "--update to keep what the samples give as goldens"))
        unchecked = sum(result.passed and not result.has_golden for result in results)
        if unchecked:  # "16 passed" read as checked against goldens, when there were none to compare with
            self._print(self._paint(_DIM, f"{unchecked} passed with no golden to compare with: only "
                                          f"{'their' if unchecked > 1 else 'its'} outcome was checked. --update writes "
                                          f"goldens to {visible(str(goldens_dir(handler)))} (review and commit them)"))

    def _notes(self, results: list[CaseResult]) -> None:
        """The runs' notes, passed ones' too, each once with the events it was made for (`onTrack is not defined, but
        ontrack is` passed every track event as a declared "not supported", without a word)."""
        events: dict[str, list[str]] = {}
        for result in results:
            for note in dict.fromkeys(result.invocation.notes):
                events.setdefault(note, []).append(visible(one_line(result.event.name)))
        for note, names in events.items():
            more = f" and {len(names) - 1} more" if len(names) > 1 else ""
            self._print("\n" + self._paint(_YELLOW, f"Note ({names[0]}{more}): {visible(self.masker.text(note))}"))

    def _diff_colours(self, text: str) -> str:
        if not self.colour:
            return text
        lines = []
        for line in text.splitlines():
            if line.startswith(("+++", "---")):
                lines.append(self._paint(_BOLD, line))
            elif line.startswith("+"):
                lines.append(self._paint(_GREEN, line))
            elif line.startswith("-"):
                lines.append(self._paint(_RED, line))
            elif line.startswith("@@"):
                lines.append(self._paint(_DIM, line))
            else:
                lines.append(line)
        return "\n".join(lines)
