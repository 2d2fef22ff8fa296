"""Human-readable output of a run for the terminal: outcome banner, Callback Return, logs, requests."""

from __future__ import annotations

import json
from collections.abc import Callable

from rich.highlighter import JSONHighlighter
from rich.text import Text

from segtui.invocation import Invocation, LogEntry
from segtui.masking import NO_MASK, Masker
from segtui.records import RequestRecord
from segtui.terminal import LEVEL_STYLES, OUTCOME_STYLES, ansi, visible


class TextRenderer:
    """Renders invocations as text, with ANSI colours when `colour` is set."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def render(self, invocation: Invocation, title: str, masker: Masker = NO_MASK) -> str:
        """The whole report of one invocation under a title naming the event, masked, control characters escaped."""

        def shown(text: str) -> str:
            return visible(masker.text(text))

        outcome_style = OUTCOME_STYLES.get(invocation.outcome, "bold")
        mark = "✔" if invocation.ok else "‼" if invocation.crashed else "✖"
        handler = invocation.handler_name or "(per-event handlers)"
        report = Text.assemble((f"{mark} {invocation.label}", outcome_style), f"  {shown(title)} → {shown(handler)}  ",
                               (f"{invocation.duration_ms:.1f} ms", "dim"), "\n\n", ("Callback Return", "bold"), "\n")
        if invocation.error:
            report.append(shown(invocation.error.headline()), outcome_style)
            for line in invocation.error.stack.splitlines()[1:]:
                report.append(f"\n  {shown(line.strip())}")
        elif invocation.returned_undefined:
            report.append("undefined", "dim")
        else:
            report.append_text(JSONHighlighter()(Text(visible(json.dumps(masker.data(invocation.return_value), indent=2,
                                                                       ensure_ascii=False)))))
        for item in invocation.items:
            report.append(f"\n  {shown(str(item.event_type))}: {item.label}"
                          + (f" ({shown(item.error.headline())})" if item.error else ""))
        report.append("\n\nRaw Log Output", "bold")
        for entry in invocation.logs:
            report.append("\n").append_text(self._log(entry, shown))
        if not invocation.logs:
            report.append("\n(no logs)", "dim")
        if invocation.logs_dropped:
            report.append(f"\n… {invocation.logs_dropped} more log lines were not kept", "dim")
        if invocation.requests:
            report.append("\n\nRequests", "bold")
            for record in masker.records(invocation.requests):
                report.append("\n").append_text(self._request(record, shown))
        if invocation.notes:
            report.append("\n")
            for note in invocation.notes:
                report.append(f"\nNote: {shown(note)}", LEVEL_STYLES["warn"])
        return ansi(report, self.colour)

    @staticmethod
    def _log(entry: LogEntry, shown: Callable[[str], str]) -> Text:
        time = entry.time[11:23] if len(entry.time) >= 23 else entry.time
        return Text.assemble((time, "dim"), " ",
                             (f"{entry.level.upper().ljust(5)} {shown(entry.message)}", LEVEL_STYLES.get(entry.level, "")))

    @staticmethod
    def _request(record: RequestRecord, shown: Callable[[str], str]) -> Text:
        response = record.response
        if response:
            status = f"{response.status} {response.status_text}".rstrip()
        else:
            status = f"failed: {record.error.message if record.error else 'no response'}"
        answered = f"  [{record.source}]" if record.source != "live" else ""
        line = Text.assemble(shown(f"{record.method} {record.url} → {status}"),
                             (f"  {record.duration_ms:.1f} ms{answered}", "dim"))
        if record.note:  # a proxy it went through, a mock rule that nearly matched, a deadline
            line.append(f"\n    {shown(record.note)}", "dim")
        return line
