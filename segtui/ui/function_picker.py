"""`segtui FOLDER`: pick one of the functions a folder holds (a Git-sync repository's `functions/`) to open."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Label, OptionList, Static
from textual.widgets.option_list import Option

from segtui.function_files.handler_code import FolderListing
from segtui.ui.files import display_path


class FunctionPicker(App[Path]):
    """Lists the functions found in a folder; Enter opens one (the app returns its file), ctrl+q opens none."""

    TITLE = "segtui"
    DEFAULT_CSS = """
    #picker-title { padding: 1 2 0 2; text-style: bold; }
    #picker-note { padding: 0 2 1 2; color: $text-muted; }
    #functions { height: 1fr; margin: 0 2; }
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
        yield Label(f"Functions in {display_path(self.folder)}", id="picker-title", markup=False)
        yield Label("Enter opens the function; its code opens in the editor, saving writes it back into its file.",
                    id="picker-note")
        width = max(len(info.title) for info in self.listing.functions)
        id_width = max(len(info.id) for info in self.listing.functions)
        options = []
        for info in self.listing.functions:
            line = Text(f"{info.title:<{width}}  ", style="bold")
            line.append(f"{info.kind:<11}  ", style="cyan")
            where = info.path.relative_to(self.folder) if info.path.is_relative_to(self.folder) else display_path(info.path)
            line.append(info.id if info.path.stem == info.id else f"{info.id:<{id_width}}  {where}", style="dim")
            options.append(Option(line, id=str(info.path)))
        yield OptionList(*options, id="functions")
        if self.listing.problems:
            yield Static("Not listed:\n" + "\n".join(self.listing.problems), id="problems", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.exit(Path(event.option.id or ""))
