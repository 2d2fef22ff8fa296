"""The outbound requests of a run: a table in order, logs between them on request, and a detail view."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from rich.console import Group
from rich.syntax import Syntax
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Static

from segtui.bounded_text import human_size
from segtui.errors import SegtuiInputError
from segtui.invocation import Invocation
from segtui.log_masking import masked_messages
from segtui.plurals import plural
from segtui.records import Body, RequestRecord
from segtui.terminal import visible
from segtui.ui.exports import MASKED_NOTE, clipboard_doubt, curl_command, export_har, har_path
from segtui.ui.files import display_path, file_stem, unique_path
from segtui.ui.screens.dialogs import CopyDialog, PathDialog
from segtui.ui.session import Clock, RunRecord
from segtui.ui.views import pretty_body, request_size, request_status
from segtui.ui.widgets.table_widths import column_width

_COLUMNS = ("#", "Method", "Status", "Duration", "Size", "URL")
_MIN_URL_WIDTH = 8
"""The narrowest the URL column gets; it comes last and takes the room left, cut to fit (the detail shows it whole)."""
SIDE_BY_SIDE_FROM = 140
"""The inspector's width from which the detail sits beside the table; narrower, it goes under it, so the table has the
whole width and its URL column the room the other columns leave."""


def _fit_url(url: str, width: int) -> str:
    """A URL in `width` characters: whole, else without its scheme, else that cut at the end with an ellipsis."""
    if len(url) <= width:
        return url
    bare = url.split("://", 1)[-1]
    return bare if len(bare) <= width else bare[: width - 1] + "…"


def _status_style(record: RequestRecord) -> str:
    if record.response is None:
        return "bold red"
    status = record.response.status
    return "green" if status < 300 else "yellow" if status < 400 else "red"


class _RequestTable(DataTable[Any]):
    """The requests table; its rows are cut again to each new width it gets (its own, not only the tab's)."""

    def on_resize(self) -> None:
        inspector = self.parent
        if isinstance(inspector, RequestInspector):
            self.call_after_refresh(inspector.refit)


class RequestInspector(Horizontal):
    """The requests table, and the selected request's headers and bodies beside it (below it on a narrow tab)."""

    HELP = """\
## Requests
Every request the handler sent, in order: method, status, duration, response size and URL.
**l** shows the log lines printed before each request between the rows. Select a row to
see its request and response headers and bodies. **c** copies it as a curl command,
**h** exports the whole run as a HAR file (opens in browser dev tools). **m** mocks it: a rule
answering it as it was answered (a placeholder when it got no answer) is appended to the mock
file (`--mock`, else `segtui.mock.yaml` beside the handler), secrets masked, and the event runs again.
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("l", "toggle_logs", "Logs between", id="requests.logs", tooltip="Show the logs printed before each request"),
        Binding("c", "copy_curl", "Copy as curl", id="requests.curl", tooltip="Copy the selected request as a curl command"),
        Binding("h", "export_har", "Export HAR", id="requests.har", tooltip="Save the run's requests as a HAR file"),
        Binding("m", "mock_request", "Mock this", id="requests.mock",
                tooltip="Add a mock rule answering the selected request as it was answered, then run again"),
    ]

    @dataclass
    class MockRequested(Message):
        """The user asked for a mock rule answering `record` (of `run`) as it was answered."""

        run: RunRecord
        record: RequestRecord

    def __init__(self, export_dir: Path, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.export_dir = export_dir
        """Where HAR files are offered to be saved (the handler's folder)."""
        self.run: RunRecord | None = None
        self.show_logs = False
        self.clock = Clock()
        self.selected: int | None = None
        self._filled_width = -1
        """The width the table was last filled for."""
        self.detail_plain = ""
        """The detail view's text without styles."""

    def compose(self) -> ComposeResult:
        yield _RequestTable(id="request-table", cursor_type="row", zebra_stripes=True)
        with VerticalScroll(id="request-detail-scroll"):
            yield Static("Select a request to see its headers and bodies.", id="request-detail")

    def on_mount(self) -> None:
        self._fill()

    @property
    def table(self) -> DataTable[Any]:
        return self.query_one("#request-table", DataTable)

    @property
    def invocation(self) -> Invocation | None:
        return self.run.invocation if self.run else None

    def mask(self, text: str) -> str:
        """Text of the shown run with that run's secrets masked."""
        return visible(self.run.masker.text(text) if self.run else text)

    def masked(self, record: RequestRecord) -> RequestRecord:
        """A request record fit to show: masked with its run's secrets (left as is with --reveal-secrets)."""
        return self.run.masker.record(record) if self.run is not None else record

    def show(self, run: RunRecord | None, clock: Clock) -> None:
        """Show a run's requests, keeping the selected request's number when the run made that many (a user watching
        the third request while editing its fetch sees the next run's third)."""
        kept = self.selected
        self.run = run
        self.clock = clock
        self.selected = None
        self._fill()
        requests = self.invocation.requests if self.invocation else []
        self.border_title = f"Requests ({len(requests)})"
        if requests:
            index = kept if kept is not None and kept < len(requests) else 0
            self.table.move_cursor(row=self.table.get_row_index(f"r{index}"), animate=False)
            self._show_detail(index)
        else:
            self.query_one("#request-detail", Static).update(
                Text("This run sent no requests." if run else "No run yet.", style="dim"))

    def on_resize(self) -> None:
        self.set_class(self.size.width < SIDE_BY_SIDE_FROM, "-stacked")  # the table's resize then fills it again

    def refit(self) -> None:
        """Fill the table again for its new width, keeping the selected request."""
        if self.invocation is None or not self.invocation.requests:
            return
        if self.table.scrollable_content_region.width == self._filled_width:
            return  # filled for this width already
        self._fill()
        if self.selected is not None:
            self.table.move_cursor(row=self.table.get_row_index(f"r{self.selected}"), animate=False)

    def _fill(self) -> None:
        table = self.table
        table.clear(columns=True)
        rows = self._rows(self.invocation) if self.invocation is not None else []
        self._filled_width = table.scrollable_content_region.width
        widths = [column_width(label, [cells[column] for _, cells in rows]) for column, label in enumerate(_COLUMNS)]
        url_width = max(_MIN_URL_WIDTH, self._filled_width - sum(widths[:-1]) - 2 * len(_COLUMNS) - 1)
        for key, cells in rows:
            if key.startswith("r"):
                cells[-1] = Text(_fit_url(cells[-1].plain, url_width))
            else:
                cells[-1].truncate(url_width, overflow="ellipsis")
        widths[-1] = column_width(_COLUMNS[-1], [cells[-1] for _, cells in rows])  # the URLs as cut
        for label, width in zip(_COLUMNS, widths):  # given widths (table_widths)
            table.add_column(label, width=width)
        for key, cells in rows:
            table.add_row(*cells, key=key)

    def _rows(self, invocation: Invocation) -> list[tuple[str, list[Any]]]:
        """The table's rows in order (requests, and logs between them when shown), URLs not yet cut to fit."""
        order: list[tuple[int, str, int]] = [(record.seq, "r", index)
                                             for index, record in enumerate(invocation.requests)]
        if self.show_logs:
            order += [(entry.seq, "l", index) for index, entry in enumerate(invocation.logs[:2000])]
        order.sort(key=lambda row: (row[0], row[1] == "r"))
        shown_logs = invocation.logs[:2000] if self.show_logs else []
        messages = masked_messages(self.run.masker, [entry.message for entry in shown_logs]) if self.run else []
        rows = []
        for _seq, kind, index in order:
            if kind == "l":
                entry = invocation.logs[index]
                message = visible(messages[index] if self.run else entry.message).split("\n", 1)[0][:200]
                rows.append((f"l{index}", ["", Text(entry.level, style="dim"), "", "", "",
                                           Text(message, style="dim italic")]))
                continue
            record = invocation.requests[index]  # its method and reason phrase are the handler's or a server's too
            url = self.mask(record.url)
            rows.append((f"r{index}", [str(index + 1), self.mask(record.method),
                                       Text(self.mask(request_status(record)), style=_status_style(record)),
                                       self.clock.duration(record.duration_ms),
                                       human_size(request_size(record)), Text(url)]))
        return rows

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
        if self.invocation is None:
            return
        self.selected = index
        detail = self._detail(self.masked(self.invocation.requests[index]))
        self.detail_plain = "\n".join(part.code if isinstance(part, Syntax) else part.plain if isinstance(part, Text)
                                       else str(part) for part in detail.renderables)
        self.query_one("#request-detail", Static).update(detail)

    def _detail(self, record: RequestRecord) -> Group:
        mask = self.mask
        parts: list[Any] = [Text.assemble((record.method, "bold"), " ", mask(record.url))]
        response = record.response
        summary = Text.assemble(("→ " + request_status(record), _status_style(record)), "  ",
                                (self.clock.duration(record.duration_ms), "dim"))
        if record.error is not None:
            summary.append(f"\n{mask(record.error.message)}", style="red")
        if record.source != "live":
            rule = f" rule {record.mock_rule}" if record.source == "mock" and record.mock_rule is not None else ""
            summary.append(f"\nanswered by: {record.source}{rule}", style="cyan")
        if record.note:
            summary.append(f"\n{mask(record.note)}", style="dim")
        parts.append(summary)
        parts += self._section("Request headers", record.headers)
        parts += self._body("Request body", record)
        if response is not None:
            parts += self._section("Response headers", response.headers)
            parts += self._body("Response body", response)
        return Group(*parts)

    def _section(self, title: str, items: list[list[str]]) -> list[Any]:
        text = Text()
        for name, value in items:
            text.append(f"  {name}: ", style="bold")
            text.append(self.mask(str(value)) + "\n")
        if not items:
            text.append("  (none)\n", style="dim")
        return [Text(f"\n{title}", style="bold underline"), text]

    def _body(self, title: str, owner: Body) -> list[Any]:
        parts: list[Any] = [Text(f"\n{title}", style="bold underline")]
        if owner.body_truncated:
            parts.append(Text(f"  (only the first part is kept: {human_size(owner.body_size)} in all)", style="yellow"))
        if owner.body_encoding == "base64":
            parts.append(Text(f"  (binary, {human_size(owner.body_size)})", style="dim"))
            return parts
        bounded, is_json = pretty_body(owner.body)
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
        """Copy the selected request as curl, masked; a dialog shows it too when the clipboard may not receive it."""
        if self.run is None or self.selected is None:
            self._say_none_selected("copy")
            return
        try:
            command = curl_command(self.run, self.run.invocation.requests[self.selected])
        except SegtuiInputError as error:
            self.notify(str(error), severity="error", title="Not copied")
            return
        self.app.copy_to_clipboard(command)
        notes = [] if self.run.reveal else [MASKED_NOTE]
        doubt = clipboard_doubt()
        if doubt:
            self.app.push_screen(CopyDialog("The request as curl", command, [
                f"Sent to the clipboard, but it may not arrive: {doubt} Select the command below to copy it by hand.",
                *notes]))
        else:
            self.notify("\n".join(["Copied to the clipboard.", *notes]), title="curl", timeout=6)

    def _say_none_selected(self, verb: str) -> None:
        """Warn that no request is selected to `verb`, or, when the run sent none, that there is none to select."""
        sent = self.run is not None and bool(self.run.invocation.requests)
        self.notify("Select a request first" if sent else f"This run sent no requests to {verb}", severity="warning")

    def action_export_har(self) -> None:
        """Ask where to save the shown run's requests as HAR, and save them there (masked)."""
        run = self.run
        if run is None or not run.invocation.requests:
            self.notify("This run sent no requests to export", severity="warning")
            return
        default = unique_path(self.export_dir / f"{file_stem(run.event_name, 'run')}-run{run.number}.har")

        def chosen(path_text: str | None) -> None:
            if not path_text:
                return
            try:
                path = har_path(path_text)
                export_har(run, path)
            except SegtuiInputError as error:
                self.notify(str(error), severity="error", title="HAR not exported", timeout=8)
                return
            done = f"Exported {plural(len(run.invocation.requests), 'request')} to {display_path(path)}."
            self.notify(done if run.reveal else f"{done}\n{MASKED_NOTE}", title="HAR", timeout=6)

        self.app.push_screen(PathDialog("Export the run's requests as HAR", display_path(default), "Export"), chosen)

    def action_mock_request(self) -> None:
        """Ask for a rule answering the selected request as it was answered (the screen owns the mock file)."""
        run = self.run
        if run is None or self.selected is None:
            self._say_none_selected("mock")
            return
        record = run.invocation.requests[self.selected]
        if record.source == "mock":
            self.notify(f"Rule {record.mock_rule} of the mock file answers it already: edit it there.",
                        severity="warning", title="Mocked already")
            return
        self.post_message(self.MockRequested(run, record))
