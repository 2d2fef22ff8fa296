"""The summary `replay` and a `run` of several events end with: outcome counts, the failing events, the exit code.

Apart from the replay itself (segtui.replay), which a `run` never imports."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

from segtui import cut_secrets
from segtui.cut_secrets import ERROR_MOST, cut
from segtui.errors import EXIT_BAD_INPUT, EXIT_FAILED, EXIT_INTERNAL, EXIT_OK
from segtui.events import TYPE_MOST
from segtui.invocation import ACCEPTED_OUTCOMES, OUTCOMES, Invocation
from segtui.json_input import json_kind
from segtui.plurals import plural
from segtui.webhooks import is_request

if TYPE_CHECKING:
    from segtui.masking import Masker
    from segtui.ndjson import BadLine

LISTED_FAILURES = 20


@dataclass
class ReplayFailure:
    """A replayed event that failed: where it came from, what it was, and how it failed."""

    where: str
    event: str
    outcome: str
    error: str


class Described(Protocol):
    """What a summary names a failing event by: where it came from, and the event (parsed only for a failure)."""

    @property
    def where(self) -> str: ...

    @property
    def payload(self) -> object: ...


@dataclass
class ReplaySummary:
    """Outcome counts over a replay, the failing events (any outcome but success or a declared not supported),
    and apart from them the events under which segtui's sandbox crashed (segtui's failure, not the handler's)."""

    total: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: list[ReplayFailure] = field(default_factory=list)
    crashes: list[ReplayFailure] = field(default_factory=list)
    refusals: list[ReplayFailure] = field(default_factory=list)
    """The events for which the system would not let a sandbox start (a limit of the user's, ulimit)."""
    skipped: list[BadLine] = field(default_factory=list)
    """The lines not run, as not events (--skip-bad-lines)."""
    unknown_types: list[ReplayFailure] = field(default_factory=list)
    """The events of no Spec type (run under --skip-bad-lines): Segment calls no handler for them."""

    @property
    def unsuccessful(self) -> int:
        """How many events had an outcome other than success (or an insert function's drop), declared unsupported ones
        included (they set the exit code)."""
        return self.total - self.outcomes["success"] - self.outcomes["dropped"]

    def add(self, event: Described, invocation: Invocation) -> None:
        """Count one result: of a replay's event, or of one `segtui run` ran (an EventSource)."""
        self.total += 1
        self.outcomes[invocation.outcome] += 1
        if invocation.unknown_type_note is not None:  # the engine's note, read from the event
            self.unknown_types.append(ReplayFailure(event.where, describe_event(event.payload), invocation.outcome,
                                                    invocation.unknown_type_note))
        if invocation.outcome not in ACCEPTED_OUTCOMES:
            error = invocation.error.headline() if invocation.error else ""
            failure = ReplayFailure(event.where, describe_event(event.payload), invocation.outcome, error)
            kept = self.crashes if invocation.crashed else self.refusals if invocation.refused else self.failures
            kept.append(failure)


_PART_MOST = 120
"""The most characters of an event's name, messageId or URL that its description quotes."""


def describe_event(event: object) -> str:
    """A short description of an event: its type, its name for track/page/screen, and its messageId (a batch's: how
    many events it holds)."""
    if isinstance(event, list):
        return f"batch of {plural(len(event), 'event')}"
    if not isinstance(event, dict):
        return json_kind(event)
    # Each part cut: any may be a megabyte of the user's data, and a summary lists an event per line.
    if is_request(event):
        return f"{cut(str(event.get('method', 'POST')), TYPE_MOST)} {cut(str(event.get('url')), _PART_MOST)}"
    parts = [cut(str(event.get("type")), TYPE_MOST)]
    name = event.get("event") if event.get("type") == "track" else event.get("name")
    if isinstance(name, str) and name:
        parts.append(json.dumps(cut(name, _PART_MOST), ensure_ascii=False))
    if event.get("messageId"):
        parts.append(f"messageId={cut(str(event['messageId']), _PART_MOST)}")
    return " ".join(parts)


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
