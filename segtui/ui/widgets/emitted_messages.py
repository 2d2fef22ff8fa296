"""A source function's Emitted messages, in emit order, with the requests it sent between them."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from segtui.ui.session import RunRecord
from segtui.ui.views import request_status

MAX_ROWS = 2_000
"""The most messages and requests listed; a line counts the rest."""


def emitted_text(record: RunRecord) -> Text:
    """Each emitted message (its call, its JSON, what Segment would reject) and each request, in the order they happened."""
    view = record.view
    invocation = record.invocation
    messages = view.emitted if view else []
    # A message follows the logs and fetch calls made before it; a request, the logs before it and its own fetch call.
    order = [((line.seq, line.fetches + 0.5), "m", index) for index, line in enumerate(messages)]
    order += [((request.seq, request.fetch), "r", index) for index, request in enumerate(invocation.requests)]
    order.sort()
    text = Text()
    for (_, kind, index) in order[:MAX_ROWS]:
        if text:
            text.append("\n")
        if kind == "r":
            request = invocation.requests[index]
            text.append(record.masker.text(f"  ↳ {request.method} {request.url} → {request_status(request)}"), "dim")
            continue
        line = messages[index]
        mark, style = ("✖", "bold red") if line.problems else ("●", "bold")
        text.append(f"{mark} {index + 1}. ", style).append(line.headline, "bold")
        text.append(f"\n   {line.json}")
        for problem in line.problems:
            text.append(f"\n   ✖ {problem}", "red")
    if len(order) > MAX_ROWS:
        text.append(f"\n… {len(order) - MAX_ROWS:,} more not listed", "dim")
    if not messages:
        text.append(("\n" if text else "") + "(no messages emitted)", "dim")
    return text


class EmittedMessages(Vertical):
    """What the source function sent to Segment with `Segment.track(…)` and the others."""

    HELP = """\
## Emitted messages
Each message the source function emitted with `Segment.track/identify/group/page/screen/alias/set`,
in emit order, as Segment would build it: its call, its JSON, and in red what Segment would reject
(a track needs an `event`; messages need a `userId` or `anonymousId` …). The requests the function
sent are listed between them (↳), where they happened.
"""

    count = 0
    """How many messages the run shown emitted."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="emitted-scroll"):
            yield Static("", id="emitted-list")

    def on_mount(self) -> None:
        self.border_title = "Emitted messages"

    def show(self, record: RunRecord) -> None:
        """List the run's messages and requests."""
        messages = record.view.emitted if record.view else []
        self.count = len(messages)
        self.border_title = f"Emitted messages ({self.count})"
        self.query_one("#emitted-list", Static).update(emitted_text(record))
        self.query_one("#emitted-scroll", VerticalScroll).scroll_home(animate=False)
