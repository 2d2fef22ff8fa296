"""Reports of a `segtui test` run for CI: JUnit XML (one testcase per event) and one JSON document.

Both are built from the run's CaseResults with secrets masked; durations appear here,
never in goldens.
"""

from __future__ import annotations

import json
import re
import socket
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

from segtui.goldens import error_headline
from segtui.log_masking import masked_messages
from segtui.masking import Masker
from segtui.shown_results import masked_invocation
from segtui.suite import CaseResult

# Characters XML 1.0 cannot hold (control characters a handler may log, lone surrogates).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass
class SuiteTotals:
    """How many events ran, passed, failed (the handler's doing), crashed (segtui's) or were refused a sandbox (the
    system's limit), had a golden written, and the wall time."""

    total: int
    passed: int
    failed: int
    written: int
    duration_s: float
    crashed: int = 0
    refused: int = 0

    @classmethod
    def of(cls, results: list[CaseResult], duration_s: float) -> SuiteTotals:
        """Count the results."""
        passed = sum(result.passed for result in results)
        written = sum(bool(result.written) for result in results)
        crashed = sum(result.crashed for result in results)
        refused = sum(result.refused and not result.crashed for result in results)
        return cls(len(results), passed, len(results) - passed - crashed - refused, written, duration_s, crashed, refused)


def failure_details(result: CaseResult, masker: Masker) -> str:
    """Why a case failed: the reason and the golden diff (masked where they are made: segtui.suite, segtui.goldens.diff)
    or the error with its stack, masked; the paths segtui names are the user's."""
    lines = [result.reason]
    if result.diff:
        lines.append(result.diff.rstrip("\n"))
        lines.append(f"an intended change? accept it with --update (rewrites {result.golden})")
    elif result.invocation.error:
        error = result.invocation.error
        lines.append(error_headline(error, masker))
        lines += [f"  {line.strip()}" for line in error.stack_lines(masker.text)]
    if not result.diff and not result.crashed and not result.refused and (result.invocation.error or result.invocation.items):
        lines.append(f"accept this outcome with --update (writes {result.golden})")
    return "\n".join(lines)


def junit_xml(handler: Path, results: list[CaseResult], duration_s: float, masker: Masker) -> str:
    """The run as JUnit XML: one testsuite for the handler, one testcase per event, failures with their details."""
    totals = SuiteTotals.of(results, duration_s)
    counts = {"tests": str(totals.total), "failures": str(totals.failed), "errors": str(totals.crashed + totals.refused), "skipped": "0",
              "time": f"{duration_s:.3f}"}
    root = ElementTree.Element("testsuites", {"name": "segtui test", **counts})
    suite = ElementTree.SubElement(root, "testsuite", {
        "name": _xml_text(str(handler)), **counts,
        "timestamp": datetime.now(UTC).replace(microsecond=0, tzinfo=None).isoformat(),
        "hostname": socket.gethostname(),
    })
    for result in results:
        invocation = result.invocation
        case = ElementTree.SubElement(suite, "testcase", {
            "name": _xml_text(result.event.name), "classname": _xml_text(f"segtui.{handler.stem}"),
            "time": f"{invocation.duration_ms / 1000:.3f}",
        })
        if result.event.path:
            case.set("file", _xml_text(str(result.event.path)))
        if not result.passed:
            failure = ElementTree.SubElement(case, "error" if result.crashed or result.refused else "failure", {
                "message": _xml_text(f"{invocation.label}: {result.reason}"),
                "type": invocation.outcome,
            })
            failure.text = _xml_text(failure_details(result, masker))
        if invocation.logs:
            messages = masked_messages(masker, [entry.message for entry in invocation.logs])
            logs = "\n".join(f"{entry.level.upper()} {message}" for entry, message in zip(invocation.logs, messages))
            ElementTree.SubElement(case, "system-out").text = _xml_text(masker.text(logs))
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def _xml_text(text: str) -> str:
    """Text safe for XML 1.0: characters it cannot hold are written as `\\xNN` or `\\uNNNN` escapes."""
    return _NOT_XML.sub(lambda match: ascii(match.group())[1:-1], text)


def json_report(handler: Path, results: list[CaseResult], duration_s: float, masker: Masker, skipped_lines: int = 0) -> str:
    """The run as one JSON document: totals (with the NDJSON lines skipped as no event, --skip-bad-lines), then per
    event its verdict, golden, diff and the full result."""
    totals = SuiteTotals.of(results, duration_s)
    report: dict[str, Any] = {
        "handler": str(handler),
        "passed": totals.failed == 0 and totals.crashed == 0 and totals.refused == 0,
        "summary": {"total": totals.total, "passed": totals.passed, "failed": totals.failed, "crashed": totals.crashed,
                    "refused": totals.refused, "skipped_lines": skipped_lines,
                    "written": totals.written, "duration_ms": round(duration_s * 1000, 3)},
    }
    # The paths and the event's name are the user's, and segtui's own: masked, a short secret that one spells
    # (`handler`) would be told by where the mask stands. A reason and a diff are masked where they are made.
    report["results"] = [{
        "event": result.event.name,
        "file": str(result.event.path) if result.event.path else None,
        "golden": str(result.golden),
        "passed": result.passed,
        "crashed": result.crashed,
        "refused": result.refused,
        "written": result.written or None,
        "reason": result.reason or None,
        "diff": result.diff or None,
        "result": masked_invocation(masker, result.invocation),
    } for result in results]
    return json.dumps(report, indent=2, ensure_ascii=False)
