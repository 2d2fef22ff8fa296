"""The summary `replay` and a `run` of several events end with: outcome counts, the failing events, the exit code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from segtui import cut_secrets
from segtui.cut_secrets import ERROR_MOST
from segtui.errors import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_INTERNAL, EXIT_OK
from segtui.invocation import OUTCOMES
from segtui.plurals import plural
from segtui.replay import ReplayFailure, ReplaySummary

if TYPE_CHECKING:
    from segtui.masking import Masker

LISTED_FAILURES = 20


def summary_text(summary: ReplaySummary, headline: str, shown: Masker, noun: str = "events") -> str:
    """The summary under its `headline`: segtui's own words and counts, and each failing event and its error masked
    (a short secret masked in an outcome's name, `success`, would be told by where the mask stands)."""
    lines = [headline]
    for outcome in sorted(summary.outcomes, key=lambda name: OUTCOMES.index(name) if name in OUTCOMES else len(OUTCOMES)):
        lines.append(f"  {outcome:<24}{summary.outcomes[outcome]:>8}")
    lines += _listed(f"Failing {noun}", summary.failures, shown)
    lines += _listed(f"{noun.capitalize()} under which segtui's sandbox crashed (a bug in segtui, not in the handler)",
                     summary.crashes, shown)
    lines += _listed(f"{noun.capitalize()} for which the system refused to start a sandbox (its limit, ulimit)",
                     summary.refusals, shown)
    skipped = [ReplayFailure(line.where, "", "skipped", line.why) for line in summary.skipped]
    lines += _listed("Lines skipped as not events, not run (--skip-bad-lines)", skipped, shown, seen_all="", cut="")
    lines += _listed(f"{noun.capitalize()} of no Spec type, answered as Segment would: no handler, Unsupported Event Type",
                     summary.unknown_types, shown)
    if summary.unsuccessful:
        unsupported = summary.outcomes["unsupported_event_type"] - len(summary.unknown_types)
        listed = f" ({unsupported} of them of a type the handler does not support, not listed)" if unsupported else ""
        lines.append(f"{summary.unsuccessful} of {plural(summary.total, noun.removesuffix('s'))} did not succeed{listed}, "
                     f"so the exit code is {exit_code(summary)}")
    return "\n".join(lines)


def exit_code(summary: ReplaySummary) -> int:
    """3 when segtui's sandbox crashed, 2 when the system refused to start one (its limit), else 1 when an event did
    not succeed."""
    if summary.crashes:
        return EXIT_INTERNAL
    if summary.refusals:
        return EXIT_BAD_INPUT
    return EXIT_FAILED if summary.unsuccessful else EXIT_OK


def _listed(title: str, failures: list[ReplayFailure], shown: Masker,
            seen_all: str = " (use --json for every result)", cut: str = " …") -> list[str]:
    """One line per failure: an error's headline of several lines (a message's) is shown by its first, masked first
    (a secret may span the lines), at most ERROR_MOST characters of it, then `cut` (but after a first line cut, which
    ends in a cut already); past LISTED_FAILURES, how many more, and `seen_all`: where all are seen."""
    if not failures:
        return []
    lines = [f"{title} ({len(failures)}):"]
    for failure in failures[:LISTED_FAILURES]:
        first, *more = shown.text(failure.error).splitlines() or [failure.outcome]
        described = f"  {shown.text(failure.event)}" if failure.event else ""
        shortened = cut_secrets.cut(first, ERROR_MOST)
        lines.append(f"  {failure.where}{described}  → {shortened}{cut if more and shortened == first else ''}")
    if len(failures) > LISTED_FAILURES:
        lines.append(f"  … and {len(failures) - LISTED_FAILURES} more{seen_all}")
    return lines
