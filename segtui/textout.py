"""Human-readable output of a run for the terminal: outcome banner, Callback Return, logs, requests."""

from __future__ import annotations

import json
from collections.abc import Callable

from pygments import highlight
from pygments.formatters import TerminalFormatter
from pygments.lexers import JsonLexer

from segtui.invocation import CRASHED, Invocation
from segtui.masking import NO_MASK, Masker
from segtui.records import RequestRecord

_RESET = "\x1b[0m"
_OUTCOME_COLOURS = {
    "success": "\x1b[1;32m", "unsupported_event_type": "\x1b[1;33m", "message_rejected": "\x1b[1;33m",
    "retry": "\x1b[1;35m", "timeout": "\x1b[1;31m", "bad_request": "\x1b[1;31m",
    CRASHED: "\x1b[1;37;45m",
}
# Every control character but tab and line feed, shown as an escape instead of acting on the terminal
# (a title-setting OSC, a line wipe, a clipboard write): C0, DEL and C1.
_CONTROLS = {code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0)) if code not in (0x09, 0x0A)}


def visible(text: str) -> str:
    """Text safe to print to a terminal: control characters escaped (`\\x1b`), so none acts on the terminal."""
    return text.translate(_CONTROLS)


_LEVEL_COLOURS = {"warn": "\x1b[33m", "error": "\x1b[31m", "debug": "\x1b[2m"}
_DIM, _BOLD = "\x1b[2m", "\x1b[1m"


class TextRenderer:
    """Renders invocations as text, with ANSI colours when `colour` is set."""

    def __init__(self, colour: bool) -> None:
        self.colour = colour

    def _paint(self, code: str, text: str) -> str:
        return f"{code}{text}{_RESET}" if self.colour and code else text

    def _json(self, value: object) -> str:
        text = visible(json.dumps(value, indent=2, ensure_ascii=False))
        return highlight(text, JsonLexer(), TerminalFormatter()).rstrip("\n") if self.colour else text

    def render(self, invocation: Invocation, title: str, masker: Masker = NO_MASK) -> str:
        """The whole report of one invocation under a title naming the event, masked, control characters escaped."""

        def shown(text: str) -> str:
            return visible(masker.text(text))

        mark = "✔" if invocation.ok else "‼" if invocation.crashed else "✖"
        handler = invocation.handler_name or "(per-event handlers)"
        lines = [
            self._paint(_OUTCOME_COLOURS.get(invocation.outcome, ""), f"{mark} {invocation.label}")
            + f"  {shown(title)} → {shown(handler)}  " + self._paint(_DIM, f"{invocation.duration_ms:.1f} ms"),
            "",
            self._paint(_BOLD, "Callback Return"),
        ]
        if invocation.error:
            lines.append(self._paint(_OUTCOME_COLOURS.get(invocation.outcome, ""), shown(invocation.error.headline())))
            lines += [f"  {shown(line.strip())}" for line in invocation.error.stack.splitlines()[1:]]
        else:
            lines.append(self._json(masker.data(invocation.return_value)))
        for item in invocation.items:
            lines.append(f"  {shown(str(item.event_type))}: {item.label}"
                         + (f" ({shown(item.error.headline())})" if item.error else ""))
        lines += ["", self._paint(_BOLD, "Raw Log Output")]
        lines += [self._log(entry, shown) for entry in invocation.logs] or [self._paint(_DIM, "(no logs)")]
        if invocation.logs_dropped:
            lines.append(self._paint(_DIM, f"… {invocation.logs_dropped} more log lines were not kept"))
        if invocation.requests:
            lines += ["", self._paint(_BOLD, "Requests")]
            lines += [self._request(record, shown) for record in masker.records(invocation.requests)]
        if invocation.notes:
            lines.append("")
            lines += [self._paint(_LEVEL_COLOURS["warn"], f"Note: {shown(note)}") for note in invocation.notes]
        return "\n".join(lines)

    def _log(self, entry, shown: Callable[[str], str]) -> str:
        time = entry.time[11:23] if len(entry.time) >= 23 else entry.time
        level = entry.level.upper().ljust(5)
        return (self._paint(_DIM, time) + " "
                + self._paint(_LEVEL_COLOURS.get(entry.level, ""), f"{level} {shown(entry.message)}"))

    def _request(self, record: RequestRecord, shown: Callable[[str], str]) -> str:
        response = record.response
        if response:
            status = f"{response.status} {response.status_text}".rstrip()
        else:
            status = f"failed: {record.error.message if record.error else 'no response'}"
        timing = f"  {record.duration_ms:.1f} ms"
        source = record.source
        answered = f"  [{source}]" if source and source != "live" else ""
        return shown(f"{record.method} {record.url} → {status}") + self._paint(_DIM, timing + answered)
