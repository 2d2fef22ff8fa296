"""The outbound requests of a run: a table in order, logs between them on request, and a detail view."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Group
from rich.syntax import Syntax
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from segtui.runtime.invocation import Invocation
from segtui.ui.session import Clock
from segtui.ui.views import human_size, pretty_body, request_size, request_status


_URL_WIDTH = 32
"""URLs longer than this are shortened in the table (the detail shows them whole)."""


def _status_style(record: dict) -> str:
    response = record.get("response")
    if not response:
        return "bold red"
    status = response.get("status") or 0
    return "green" if status < 300 else "yellow" if status < 400 else "red"


class RequestInspector(Horizontal):
    """Requests table on the left, the selected request's headers and bodies on the right."""

    HELP = """\
## Requests
Every request the handler sent, in order: method, URL, status, duration and response size.
**l** shows the log lines printed before each request between the rows. Select a row to
see its request and response headers and bodies. **c** copies it as a curl command,
**h** exports the whole run as a HAR file (opens in browser dev tools).
"""

    BINDINGS = [
        Binding("l", "toggle_logs", "Logs between", id="requests.logs", tooltip="Show the logs printed before each request"),
        Binding("c", "copy_curl", "Copy as curl", id="requests.curl", tooltip="Copy the selected request as a curl command"),
        Binding("h", "export_har", "Export HAR", id="requests.har", tooltip="Save the run's requests as a HAR file"),
    ]

    class CurlRequested(Message):
        """The user asked for the selected request as curl."""

        def __init__(self, record: dict) -> None:
            super().__init__()
            self.record = record

    class HarRequested(Message):
        """The user asked to export the shown run as HAR."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.invocation: Invocation | None = None
        self.show_logs = False
        self.mask: Callable[[str], str] = lambda text: text
        self.mask_record: Callable[[dict], dict] = lambda record: record
        self.clock = Clock()
        self.selected: int | None = None
        self.detail_plain = ""
        """The detail view's text without styles."""

    def compose(self) -> ComposeResult:
        table = DataTable(id="request-table", cursor_type="row", zebra_stripes=True)
        table.add_columns("#", "Method", "URL", "Status", "Duration", "Size")
        yield table
        with VerticalScroll(id="request-detail-scroll"):
            yield Static("Select a request to see its headers and bodies.", id="request-detail")

    @property
    def table(self) -> DataTable:
        return self.query_one("#request-table", DataTable)

    def show(self, invocation: Invocation | None, clock: Clock, mask: Callable[[str], str],
             mask_record: Callable[[dict], dict] = lambda record: record) -> None:
        self.invocation = invocation
        self.mask_record = mask_record
        self.clock = clock
        self.mask = mask
        self.selected = None
        self._fill()
        requests = invocation.requests if invocation else []
        self.border_title = f"Requests ({len(requests)})"
        if requests:
            self._show_detail(0)
        else:
            self.query_one("#request-detail", Static).update(
                Text("This run sent no requests." if invocation else "No run yet.", style="dim"))

    def _fill(self) -> None:
        table = self.table
        table.clear()
        invocation = self.invocation
        if invocation is None:
            return
        rows: list[tuple[int, str, object]] = [(record.get("seq", index), "r", index)
                                               for index, record in enumerate(invocation.requests)]
        if self.show_logs:
            rows += [(entry.seq, "l", index) for index, entry in enumerate(invocation.logs[:2000])]
        rows.sort(key=lambda row: (row[0], row[1] == "r"))
        for _seq, kind, index in rows:
            if kind == "l":
                entry = invocation.logs[index]
                message = self.mask(entry.message.split("\n", 1)[0])[:200]
                table.add_row("", Text(entry.level, style="dim"), Text(message, style="dim italic"), "", "", "",
                              key=f"l{index}")
                continue
            record = invocation.requests[index]
            url = self.mask(str(record.get("url", "")))
            if len(url) > _URL_WIDTH:
                url = url[: _URL_WIDTH - 12] + "…" + url[-11:]
            table.add_row(
                str(index + 1), str(record.get("method", "")), url,
                Text(request_status(record), style=_status_style(record)),
                self.clock.duration(record.get("duration_ms")), human_size(request_size(record)),
                key=f"r{index}",
            )

    def action_toggle_logs(self) -> None:
        self.show_logs = not self.show_logs
        self._fill()
        if self.selected is not None:
            self.table.move_cursor(row=self.table.get_row_index(f"r{self.selected}"))
        self.notify("Logs shown between requests" if self.show_logs else "Logs hidden", timeout=2)

    @on(DataTable.RowHighlighted, "#request-table")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        key = event.row_key.value or ""
        if key.startswith("r"):
            self._show_detail(int(key[1:]))

    def _show_detail(self, index: int) -> None:
        self.selected = index
        record = self.mask_record(self.invocation.requests[index])
        detail = self._detail(record)
        self.detail_plain = "\n".join(part.code if isinstance(part, Syntax) else part.plain
                                       for part in detail.renderables)
        self.query_one("#request-detail", Static).update(detail)

    def _detail(self, record: dict) -> Group:
        mask = self.mask
        parts: list = [Text.assemble((str(record.get("method", "")), "bold"), " ", mask(str(record.get("url", ""))))]
        response = record.get("response")
        summary = Text.assemble(("→ " + request_status(record), _status_style(record)), "  ",
                                (self.clock.duration(record.get("duration_ms")), "dim"))
        error = record.get("error")
        if error:
            message = error.get("message") if isinstance(error, dict) else error
            summary.append(f"\n{mask(str(message))}", style="red")
        if record.get("source") and record.get("source") != "live":
            summary.append(f"\nanswered by: {record['source']}", style="cyan")
        if record.get("note"):
            summary.append(f"\n{record['note']}", style="dim")
        parts.append(summary)
        parts += self._section("Request headers", record.get("headers"))
        parts += self._body("Request body", record.get("body"), record)
        if response:
            parts += self._section("Response headers", response.get("headers"))
            parts += self._body("Response body", response.get("body"), response)
        return Group(*parts)

    def _section(self, title: str, headers: object) -> list:
        text = Text()
        if isinstance(headers, dict):
            items = list(headers.items())
        elif isinstance(headers, list):
            items = [tuple(item) if not isinstance(item, dict) else (item.get("name"), item.get("value"))
                     for item in headers]
        else:
            items = []
        for name, value in items:
            text.append(f"  {name}: ", style="bold")
            text.append(self.mask(str(value)) + "\n")
        if not items:
            text.append("  (none)\n", style="dim")
        return [Text(f"\n{title}", style="bold underline"), text]

    def _body(self, title: str, body: object, owner: dict) -> list:
        parts: list = [Text(f"\n{title}", style="bold underline")]
        if owner.get("body_truncated"):
            parts.append(Text(f"  (only the first part is kept: {human_size(owner.get('body_size'))} in all)",
                              style="yellow"))
        if owner.get("body_encoding") == "base64":
            parts.append(Text(f"  (binary, {human_size(owner.get('body_size'))})", style="dim"))
            return parts
        bounded, is_json = pretty_body(body)
        if not bounded.text:
            parts.append(Text("  (empty)", style="dim"))
            return parts
        text = self.mask(bounded.text)
        if is_json:
            parts.append(Syntax(text, "json", theme="monokai", background_color="default", word_wrap=True))
        else:
            parts.append(Text(text))
        if bounded.note:
            parts.append(Text(bounded.note, style="yellow"))
        return parts

    def action_copy_curl(self) -> None:
        if self.invocation is None or self.selected is None:
            self.notify("Select a request first", severity="warning")
            return
        self.post_message(self.CurlRequested(self.invocation.requests[self.selected]))

    def action_export_har(self) -> None:
        if self.invocation is None or not self.invocation.requests:
            self.notify("This run sent no requests to export", severity="warning")
            return
        self.post_message(self.HarRequested())
