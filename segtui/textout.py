"""Human-readable output of a run for the terminal: outcome banner, Callback Return, logs, requests."""

from __future__ import annotations

import json
from collections.abc import Callable

# Imported with the rest, not when an error comes: a run whose sandbox has used up the open files (`ulimit -n`) could
# not then open bounded_text.py, and its report said so in place of the limit it met (test_resource_limits).
from segtui.bounded_text import bound_headline
from segtui.durations import duration_text
from segtui.indented_json import indented_json
from segtui.invocation import NO_HANDLER, Invocation, LogEntry
from segtui.kinds import FunctionKind
from segtui.log_masking import masked_messages
from segtui.log_times import local_log_time
from segtui.masking import NO_MASK, Masker
from segtui.mock_misses import MISSED
from segtui.plurals import plural
from segtui.records import RequestRecord
from segtui.styled_text import Styled
from segtui.terminal import LEVEL_STYLES, OUTCOME_STYLES, ansi, visible

_CHANGE_STYLES = {"added": "green", "removed": "red", "changed": "yellow"}
MAX_HIGHLIGHTED_CHARS = 1_000_000
"""A longer Callback Return is printed unhighlighted: a span per token cost ~1 GB and ~15 s for a 20 MB return."""


class TextRenderer:
    """Renders invocations as text, with ANSI colours when `colour` is set."""

    def __init__(self, colour: bool, kind: FunctionKind = "destination") -> None:
        self.colour = colour
        # Whatever this run's reports can need is imported here, made before the sandbox runs (segtui.commands.run):
        # a handler that uses up the open files (`ulimit -n`) leaves none to open a module with when its report comes,
        # which then said so in place of the limit it met (test_resource_limits). Rich only when coloured, an insert's
        # changes only for an insert function (each costs a plain run of another kind ~1-20 ms: test_run_imports).
        if colour:  # a report in little, rendered coloured once to import all that Rich imports only as it renders
            sample = Styled.assemble(("✔ success", OUTCOME_STYLES["success"]), ("dim", "dim"),
                                     ("warn", LEVEL_STYLES["warn"])).append_json('{"a": [1, true, null, "b"]}')
            ansi(sample.rich(), colour=True)
        if kind == "insert":
            import segtui.event_diff  # noqa: F401 - render's import of it then opens no file

    def render(self, invocation: Invocation, title: str, masker: Masker = NO_MASK, event: object = None) -> str:
        """The whole report of one invocation under a title naming the event, masked, control characters escaped.

        An insert function's report lists how it changed `event`, the input; a source function's its emitted messages.
        """

        def shown(text: str) -> str:
            return visible(masker.text(text))

        outcome_style = OUTCOME_STYLES.get(invocation.outcome, "bold")
        mark = "✔" if invocation.ok else "‼" if invocation.crashed or invocation.refused else "✖"
        handler = invocation.handler_name or (NO_HANDLER if invocation.unknown_type_note is not None else "(per-event handlers)")
        # The event's name and the handler's are the user's and segtui's, never the handler's output: a short secret
        # masked in them (`track`) would be told by where the mask stands.
        report = Styled.assemble((f"{mark} {invocation.label}", outcome_style), f"  {visible(title)} → {visible(handler)}  ",
                               (duration_text(invocation.duration_ms), "dim"), "\n\n", ("Callback Return", "bold"), "\n")
        if invocation.outcome == "dropped":
            report.append("Dropped: filtered at destination, "
                          f"{'no event is' if isinstance(event, list) else 'the event is not'} passed on", outcome_style)
            if invocation.error:
                report.append("\n").append_text(_headline(shown(invocation.error.headline()), ""))
            elif invocation.drop_reason:
                report.append(f"\n{invocation.drop_reason}")
        elif invocation.error:
            report.append_text(_headline(shown(invocation.error_headline()), outcome_style))
            for line in invocation.error.stack_lines(masker.text):
                report.append(f"\n  {visible(line.strip())}")
        elif invocation.returned_undefined:
            report.append("undefined", "dim")
        else:
            if invocation.kind == "insert" and event is not None:
                from segtui.event_diff import change_summary, event_changes  # an insert's only (imported in __init__)

                changes = event_changes(masker.data(event), masker.data(invocation.return_value))
                report.append(f"Output event{'s' if isinstance(event, list) else ''}: {change_summary(changes)}\n", "bold")
                for change in changes:
                    report.append(visible(change.line()) + "\n", _CHANGE_STYLES[change.kind])
            returned = visible(indented_json(masker.data(invocation.return_value)))
            if self.colour and len(returned) <= MAX_HIGHLIGHTED_CHARS:
                report.append_json(returned)
            else:
                report.append(returned)
        for item in invocation.items:
            report.append(f"\n  {visible(item.item_line(masker.text))}")
        if invocation.kind == "source":
            report.append_text(self._emitted(invocation, masker))
        report.append("\n\nRaw Log Output", "bold")
        for entry, message in zip(invocation.logs, masked_messages(masker, [entry.message for entry in invocation.logs])):
            report.append("\n").append_text(self.log_line(entry, visible(message)))
        if not invocation.logs:
            report.append("\n(no logs)", "dim")
        if invocation.logs_dropped:
            report.append(f"\n… {plural(invocation.logs_dropped, 'more log line')} not kept", "dim")
        if invocation.requests:
            report.append("\n\nRequests", "bold")
            records = masker.records(invocation.requests)
            missed = sum(f"{MISSED}; " in (record.note or "") for record in records)
            if missed > 1:  # said once, not under each request
                report.append(f"\n{missed} requests matched no mock rule; under each, the rule that came closest and what differs:", "dim")
            for record in records:
                note = record.note.replace(f"{MISSED}; ", "", 1) if missed > 1 and record.note else record.note
                report.append("\n").append_text(self._request(record, shown, note))
        if invocation.notes:
            report.append("\n")
            for note in invocation.notes:
                report.append(f"\nNote: {shown(note)}", LEVEL_STYLES["warn"])
        return ansi(report.rich(), colour=True) if self.colour else report.plain

    @staticmethod
    def _emitted(invocation: Invocation, masker: Masker) -> Styled:
        """The Emitted messages section: each message's call, its JSON, and what Segment would reject in it."""
        section = Styled("\n\nEmitted messages", "bold")
        if not invocation.emitted:
            section.append("\n(none)", "dim")
        for index, item in enumerate(invocation.emitted, 1):
            section.append(f"\n{index}. {visible(masker.text(item.headline()))}", "bold")
            section.append(f"  {visible(json.dumps(masker.data(item.message), ensure_ascii=False))}")
            for problem in item.problems:
                section.append(f"\n   ✖ {problem}", "red")
        return section

    @staticmethod
    def log_line(entry: LogEntry, message: str) -> Styled:
        """One console call as Raw Log Output shows it: its local time, level and `message` (its message masked)."""
        return Styled.assemble((local_log_time(entry.time), "dim"), " ",
                             (f"{entry.level.upper().ljust(5)} {message}", LEVEL_STYLES.get(entry.level, "")))

    @staticmethod
    def _request(record: RequestRecord, shown: Callable[[str], str], note: str | None) -> Styled:
        response = record.response
        if response:
            status = f"{response.status} {response.status_text}".rstrip()
        else:
            status = f"failed: {record.error.message if record.error else 'no response'}"
        answered = f"  [{record.source}]" if record.source != "live" else ""
        line = Styled.assemble(shown(f"{record.method} {record.url} → {status}"),
                             (f"  {duration_text(record.duration_ms)}{answered}", "dim"))
        if note:  # a proxy it went through, a mock rule that nearly matched, a deadline
            line.append(f"\n    {shown(note)}", "dim")
        return line


def _headline(headline: str, style: str) -> Styled:
    """An error's masked headline as the report shows it: cut as the TUI's error pane cuts it (a message may be a
    megabyte), with a note saying how much was cut."""
    bounded = bound_headline(headline)
    return Styled.assemble((bounded.text, style), *([("\n" + bounded.note, "dim")] if bounded.note else []))
