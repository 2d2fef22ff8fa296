"""`segtui replay`: stream many events through warm loads of a handler, as Segment's warm instances run them."""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segtui.commands.common import (
    add_engine_options,
    add_skip_bad_lines,
    check_load,
    import_meanwhile,
    plain_number,
    run_options,
    say_skipped_lines,
    stdout_json,
)
from segtui.cpu_quota import usable_cores
from segtui.durations import duration_text
from segtui.engine import launch
from segtui.engine.engine import Engine, LoadResult
from segtui.engine.process import SandboxDied, SandboxRefused
from segtui.errors import EXIT_FAILED, SegtuiInputError
from segtui.function_files.handler_code import read_code
from segtui.invocation import CRASHED, REFUSED
from segtui.kinds import input_noun
from segtui.limits import replay_notes
from segtui.plurals import plural
from segtui.replay import read_replay, replay
from segtui.result_notes import module_form_note
from segtui.setup import RunSetup, input_paths, prepare, refuse_inputs
from segtui.stop_signals import Stopped, whole
from segtui.summaries import ReplaySummary, exit_code, summary_text
from segtui.terminal import visible
from segtui.user_files import check_output_path, names_standard_stream

if TYPE_CHECKING:
    from segtui.masking import Masker
    from segtui.replay_output import OutputWriter

MAX_CONCURRENCY = 64
_PROGRESS_AFTER_S = 0.5
_PROGRESS_EVERY_S = 0.1


def add_parser(subparsers: argparse._SubParsersAction[Any]) -> None:
    """Register `replay` and its options."""
    parser = subparsers.add_parser(
        "replay", help="replay many events (NDJSON or a JSON array) through warm loads of a handler",
        description="Replay events through HANDLER loaded once per sandbox: module state and cache persist "
                    "between events, as in Segment's warm instances. Exit 0 when every event's outcome is "
                    "success (or an insert function's drop), 1 otherwise (unsupported_event_type included), 2 for "
                    "bad input, 3 when segtui's sandbox crashed.")
    add_engine_options(parser)
    parser.add_argument("file", metavar="FILE", type=Path, help="events as NDJSON (one per line) or a JSON array")
    parser.add_argument("--concurrency", metavar="N|auto", type=_concurrency, default=1,
                        help="run N sandboxes, each with its own warm load and module state; `auto`: one per "
                             "core this process may use (its CPU affinity, capped by a container's CPU quota) "
                             f"(default 1, at most {MAX_CONCURRENCY})")
    parser.add_argument("--json", action="store_true", help="print one JSON result per event (the `run --json` schema)")
    parser.add_argument("--out", metavar="FILE", type=Path,
                        help="write what the function sends on as NDJSON: an insert function's output events "
                             "(dropped events left out), a source function's emitted messages; `-` streams them to standard "
                             "output, the summary then going to standard error")
    parser.add_argument("--deterministic", action="store_true", help="freeze Date and seed Math.random and crypto per event")
    add_skip_bad_lines(parser, "replay")
    parser.add_argument("--progress", action=argparse.BooleanOptionalAction, default=None,
                        help="show a progress bar on stderr (default: when stderr is a terminal)")
    parser.set_defaults(handler_main=main)


def _concurrency(text: str) -> int:
    if text.strip().lower() == "auto":
        return min(usable_cores(), MAX_CONCURRENCY)
    return int(plain_number(text, True, "a whole number or auto", 1, MAX_CONCURRENCY, ""))


def main(args: argparse.Namespace) -> int:
    """Replay the file; exit 0 when every event succeeded, 1 otherwise, 2 for bad input, 3 when segtui's sandbox crashed."""
    # The CLI started one sandbox process before parsing; the others start now, while the events are checked.
    launch.start_early(args.concurrency - launch.started())
    setup = prepare(run_options(args))
    with setup.errors_masked():
        return _replay(args, setup)


def _replay(args: argparse.Namespace, setup: RunSetup) -> int:
    """The file replayed once the settings are known: what the command prints, and its exit code."""
    events = read_replay(args.file, setup.kind, setup.config.memory_mb, skip_bad_lines=args.skip_bad_lines)
    if events.skipped:  # said masked: a reason may quote what its line holds
        from segtui.masking import Masker

        say_skipped_lines(events.skipped, setup.shown(Masker(setup.secrets)))
    out_path = args.out
    if args.out:
        if setup.kind == "destination":
            raise SegtuiInputError("--out writes what an insert function passes on or a source function emits; "
                                   "a destination function sends nothing on (use --json for its results)")
        stream = names_standard_stream(args.out)
        if stream == "standard output" and args.json:
            raise SegtuiInputError(f"--out {args.out} and --json would both write to standard output; "
                                   "give --out a file name, or leave out --json")
        if stream == "standard output":
            out_path = None  # streamed as results come; the summary goes to standard error
        else:
            check_output_path(args.out, "output file")
            refuse_inputs(args.out, "output file", [*input_paths(run_options(args), setup), args.file])
    setup.config.deterministic = args.deterministic
    source = read_code(setup.handler)
    engines = [Engine(setup.config) for _ in range(min(args.concurrency, max(events.count, 1)))]
    import_meanwhile("segtui.masking", "segtui.shown_results")  # ~50-120 ms of CPU, while the sandboxes load
    try:
        with ThreadPoolExecutor(len(engines)) as pool:
            loads = list(pool.map(lambda engine: _warm(engine, setup.handler, source), engines))
        launch.discard()  # more than there are events
        failed = next((loaded for loaded in loads if not loaded.ok), None)
        if failed:
            check_load(setup.handler, failed)
        shown = setup.shown(engines[0].masker())
        if failed and failed.outcome == CRASHED:  # said as the command line says any crash, masked (setup.masked_errors)
            raise SandboxDied(SandboxDied.CRASHED, failed.failure().message)
        if failed and failed.outcome == REFUSED:  # the system's limit, said as the command line says bad input
            raise SandboxRefused(failed.failure().message)
        if failed:
            print(_top_level_failure(setup.handler, failed, shown), file=sys.stderr)
            return EXIT_FAILED
        show_progress = sys.stderr.isatty() if args.progress is None else args.progress
        progress = _Progress(events.count) if show_progress else None
        summary = ReplaySummary(skipped=events.skipped)
        started = time.perf_counter()
        out = None
        if args.out:
            from segtui.replay_output import OutputWriter

            out = OutputWriter(out_path, shown, private=setup.reveal)
        from segtui.shown_results import json_line

        try:
            for event, invocation in replay(engines, events, setup.settings, events.count):
                with whole():  # the count said if Ctrl-C stops the replay is that of the lines written
                    summary.add(event, invocation)
                    setup.record(invocation)
                    if args.json:
                        invocation.notes += replay_notes(event.text, invocation)
                        sys.stdout.write(stdout_json(json_line(invocation, shown)) + "\n")
                    if out:
                        out.add(invocation)
                    if progress:
                        progress.update(summary.total)
        except (KeyboardInterrupt, Stopped):
            _say_stopped(summary.total, events.count, f"{input_noun(setup.kind)}s", out)
            raise
        sys.stdout.flush()
        elapsed = time.perf_counter() - started
        if progress:
            progress.clear()
    finally:
        for engine in engines:
            engine.close()
    recorded = setup.finish_recording()
    if out:
        out.save()
    report = _summary_text(summary, args.file, setup.handler, elapsed, len(engines), shown,
                           f"{input_noun(setup.kind)}s")
    if out:
        report += f"\nWrote {plural(out.count, 'message' if setup.kind == 'source' else 'event')} to {out.where}"
    if recorded:
        report += f"\n{recorded}"
    print(visible(report), file=sys.stderr if args.json or (out and not out.path) else sys.stdout)
    return exit_code(summary)


def _say_stopped(done: int, total: int, noun: str, out: OutputWriter | None) -> None:
    """Say, on standard error, how far a replay stopped by Ctrl-C or a signal got, and that its --out file, written
    only once a replay ends, was left as it was."""
    left = f"; {visible(out.where)} was not written (it is written when the replay ends)" if out and out.path else ""
    print(f"segtui: stopped with {done} of {total} {noun} run{left}", file=sys.stderr, flush=True)


def _top_level_failure(handler: Path, failed: LoadResult, shown: Masker) -> str:
    """Why no event was replayed: the top level's error, its stack, and what it logged before it failed, masked."""
    from segtui.log_masking import masked_messages
    from segtui.textout import TextRenderer  # rich: only a failed load needs it

    error = failed.failure()
    lines = [f"segtui: the top level of {handler} failed, so no event was replayed:", shown.text(error.headline()),
             *error.stack_lines(shown.text)]
    if failed.top_level_logs:
        lines += ["Its logs before it failed:",
                  *(TextRenderer.log_line(entry, message).plain for entry, message in
                    zip(failed.top_level_logs, masked_messages(shown, [entry.message for entry in failed.top_level_logs])))]
    if failed.top_level_dropped:
        lines.append(f"… {plural(failed.top_level_dropped, 'more log line')} not kept")
    if note := module_form_note(error):
        lines.append(f"Note: {note}")
    return visible("\n".join(lines).rstrip())


def _warm(engine: Engine, handler: Path, source: str) -> LoadResult:
    engine.start()
    return engine.load(handler, source)


def _summary_text(summary: ReplaySummary, file: Path, handler: Path, elapsed: float, sandboxes: int, shown: Masker,
                  noun: str = "events") -> str:
    """The summary a replay ends with, under a headline of what was replayed, how fast and on how many sandboxes."""
    rate = f"{summary.total / elapsed:,.0f} {noun}/s" if elapsed > 0 else "-"
    headline = (f"Replayed {plural(summary.total, noun.removesuffix('s'))} from {file} through {handler} in "
                f"{duration_text(elapsed * 1000)} ({rate}, {plural(sandboxes, 'sandbox', 'sandboxes')})")
    return summary_text(summary, headline, shown, noun)


class _Progress:
    """A one-line progress bar on stderr, shown once a replay has run for half a second."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.started = time.perf_counter()
        self.drawn_at = 0.0
        self.shown = False

    def update(self, done: int) -> None:
        now = time.perf_counter()
        if now - self.started < _PROGRESS_AFTER_S or (now - self.drawn_at < _PROGRESS_EVERY_S and done < self.total):
            return
        self.drawn_at = now
        self.shown = True
        fraction = done / self.total if self.total else 1.0
        filled = int(30 * fraction)
        rate = done / (now - self.started)
        eta = (self.total - done) / rate if rate else 0.0
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {done}/{self.total} events  "
                         f"{rate:,.0f}/s  ETA {eta:.0f} s ")
        sys.stderr.flush()

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\x1b[2K")
            sys.stderr.flush()
