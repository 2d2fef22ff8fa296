"""`segtui FOLDER`: pick one of the functions a folder holds (a Git-sync repository's `functions/`) to open."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from segtui.control_chars import one_label, visible
from segtui.function_files.handler_code import FolderListing
from segtui.ui.files import display_path
from segtui.ui.widgets.footer_fit import SteadyFooter


def _padded(text: str, width: int) -> str:
    return text + " " * (width - cell_len(text))


class FunctionPicker(App[Path]):
    """Lists the functions found in a folder; Enter opens one (the app returns its file), ctrl+q opens none."""

    TITLE = "segtui"
    DEFAULT_CSS = """
    #picker-title { padding: 1 2 0 2; text-style: bold; }
    #picker-note { padding: 0 2 1 2; color: $text-muted; width: 100%; }
    #functions { height: 1fr; margin: 0 2; text-wrap: nowrap; text-overflow: ellipsis; }
    #problems { padding: 1 2; color: $error; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", id="picker.quit", tooltip="Quit without opening a function", priority=True),
    ]

    def __init__(self, folder: Path, listing: FolderListing) -> None:
        super().__init__()
        self.folder = folder
        self.listing = listing

    def compose(self) -> ComposeResult:
        yield Label(f"Functions in {one_label(display_path(self.folder))}", id="picker-title", markup=False)
        yield Label("Enter opens the function; its code opens in the editor, saving writes it back into its file.",
                    id="picker-note")
        # File names and titles may hold line feeds, tabs and escapes: each row is one line, its columns in cells.
        width = max(cell_len(one_label(info.title)) for info in self.listing.functions)
        id_width = max(cell_len(one_label(info.id)) for info in self.listing.functions)
        options = []
        for info in self.listing.functions:
            line = Text(_padded(one_label(info.title), width) + "  ", style="bold")
            line.append(f"{info.kind:<11}  ", style="cyan")
            where = info.path.relative_to(self.folder) if info.path.is_relative_to(self.folder) else display_path(info.path)
            shown = "" if info.path.stem == info.id else f"  {one_label(str(where))}"
            line.append(_padded(one_label(info.id), id_width if shown else 0) + shown, style="dim")
            options.append(Option(line, id=str(info.path)))
        yield OptionList(*options, id="functions")
        if self.listing.problems:
            yield Static(Text("Not listed:\n" + "\n".join(map(visible, self.listing.problems))), id="problems")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.exit(Path(event.option.id or ""))
