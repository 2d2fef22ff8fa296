"""The one place segtui reads and writes a handler's JavaScript, whatever file holds it: a `.js` file, or a `.tf`
file's `code` (Segment's Git sync), so every command and the TUI take either wherever they take a handler."""

from __future__ import annotations

import codecs
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from segtui.control_chars import one_line
from segtui.errors import SegtuiInputError
from segtui.event_size import SHARE
from segtui.function_files import TERRAFORM_SUFFIX, is_terraform
from segtui.kinds import KIND_LABELS, FunctionKind, defined_handlers, resolve_kind
from segtui.plurals import plural
from segtui.protocol import MAX_MEMORY_MB
from segtui.settings import load_schema_document
from segtui.user_files import file_size, read_text_file, skipped_folder, write_bytes_atomic

if TYPE_CHECKING:
    from segtui.function_files.terraform import TerraformFunction


_MB = 1024 * 1024
MAX_CODE_BYTES = MAX_MEMORY_MB * _MB // SHARE
"""The most bytes of a function's file segtui reads, as an event may take of the largest memory limit: V8 holds the
code and all it compiles to, and no larger file could load (55 MB of code ran out of the default 256 MB)."""


def read_code(path: Path | str) -> str:
    """The handler's JavaScript; an unreadable file (or a `.tf` file without one function) raises SegtuiInputError, as
    does one too big to load, before it is read (an 8 GB file was read whole, for ever)."""
    path = Path(path)
    size = file_size(path)
    if size > MAX_CODE_BYTES:
        raise SegtuiInputError(f"{path} is {size / _MB:,.1f} MB; segtui loads a function's file of up to "
                               f"{MAX_CODE_BYTES // _MB:,} MB, a quarter of the largest memory limit (--memory "
                               f"{MAX_MEMORY_MB}): V8 could not hold a bigger one's code")
    if is_terraform(path):
        from segtui.function_files.terraform import read_function  # deferred: it imports the HCL parser

        return read_function(path).code
    # Never a pipe: the handler is read again on every save and reload, and a named pipe with no writer (mkfifo) waits
    # for one for ever. Line ends as written: the editor saves a CRLF file's back as CRLF, not every line changed.
    return read_text_file(path, "the function's JavaScript", pipe=False, line_ends=True)


def save_code(path: Path, code: str) -> str:
    """Write the handler's JavaScript atomically (a symlink's target, permission bits kept); returns what the file
    now holds, which for a `.tf` heredoc may differ from `code` by a final line break."""
    if is_terraform(path):
        from segtui.function_files.terraform import write_code  # deferred: it imports the HCL parser

        return write_code(path, code)
    write_bytes_atomic((codecs.BOM_UTF8 if _starts_with_bom(path) else b"") + code.encode("utf-8"), path,
                       overwrite=True, mode=None)
    return code


def _starts_with_bom(path: Path) -> bool:
    """Whether the file opens with a UTF-8 byte order mark, which its code was read without and a save keeps."""
    try:
        if not path.is_file():  # never opened otherwise: a named pipe would wait for a writer
            return False
        with path.open("rb") as file:
            return file.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8
    except OSError:
        return False


@dataclass(frozen=True)
class FunctionInfo:
    """What a handler file says of its function beyond the code: its kind, a name to show, and its id."""

    path: Path
    kind: FunctionKind
    title: str
    id: str
    """Segment's id of the function (a `.tf` file's import block gives it), else the resource's or file's name."""
    named: bool = False
    """Whether the file names the function (a `.tf` file does; a `.js` file's title is its file name)."""

    @property
    def subject(self) -> str:
        """The function's name and kind, as a title shows them beside the file's name (a `.js` file's name is its title:
        only its kind is shown, and nothing for a destination function)."""
        if self.named:
            return f"{self.title} · {self.kind} function"
        return "" if self.kind == "destination" else KIND_LABELS[self.kind]


def function_info(path: Path) -> FunctionInfo:
    """The kind and name of the function in a handler file (a `.js` file's kind is decided by segtui.setup: this says
    destination)."""
    if is_terraform(path):
        from segtui.function_files.terraform import read_function  # deferred: it imports the HCL parser

        return _info(read_function(path))
    return FunctionInfo(path, "destination", path.name, path.stem)


def _info(function: TerraformFunction) -> FunctionInfo:
    return FunctionInfo(function.path, function.kind, function.title, function.id, named=True)


@dataclass(frozen=True)
class FolderListing:
    """The functions a folder holds, and the `.tf` files that could not be read as one."""

    functions: list[FunctionInfo]
    problems: list[str]


def _terraform_files(folder: Path) -> list[Path]:
    """The `.tf` files under `folder`, sorted, not looking into hidden folders (.terraform, .git) or node_modules."""
    found = []
    for root, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if not skipped_folder(name)]
        found += [Path(root) / name for name in files if name.lower().endswith(TERRAFORM_SUFFIX)]
    return sorted(found)


_HANDLER_NAME = re.compile(rb"\bon(?:Track|Identify|Page|Screen|Group|Alias|Delete|Batch|Request)\b")
_SCANNED_BYTES = 1 << 20


def _names_a_handler(path: Path) -> bool:
    """Whether a `.js` file names one of Segment's handlers (in its first megabyte): a jest.config.js or a
    bundler's config beside the functions does not."""
    try:
        with path.open("rb") as file:
            return _HANDLER_NAME.search(file.read(_SCANNED_BYTES)) is not None
    except OSError:
        return True  # listed, so that opening it says what is wrong


UNSAVED_COPY = ".unsaved.js"
"""How the copy of a handler's unsaved code kept on a crash or a stop ends (`handler.unsaved.js`, `handler.unsaved-2.js`
when that is taken; a `.tf` function's code is JavaScript too)."""
_UNSAVED_COPY = re.compile(r"(.+)\.unsaved(?:-\d+)?\.js")


def _unsaved_copy(path: Path) -> bool:
    """Whether a `.js` file is segtui's copy of the unsaved code of a handler still beside it: not a function of its own
    (listed, it made a folder of one function one to pick from)."""
    match = _UNSAVED_COPY.fullmatch(path.name)
    return match is not None and any((path.parent / f"{match[1]}{suffix}").is_file() for suffix in (".js", TERRAFORM_SUFFIX))


def _handlers_in(folder: Path) -> list[Path]:
    """The `.js` files directly in `folder` that name a handler, else all of them (a folder's config files left out
    when some do); copies of unsaved code left out."""
    scripts = [path for path in sorted(folder.glob("*.js")) if path.is_file() and not _unsaved_copy(path)]
    return [path for path in scripts if _names_a_handler(path)] or scripts


def _function_folders(folder: Path) -> list[Path]:
    """The handlers one folder down, a folder per function as Segment's functions library and the bundled examples keep
    them: each subfolder's `.js` files that name a handler (hidden folders and node_modules skipped)."""
    try:
        subfolders = sorted(path for path in folder.iterdir() if path.is_dir() and not skipped_folder(path.name))
    except OSError:
        return []  # unreadable: found as having no function, as glob finds no .js file in it
    return [path for subfolder in subfolders for path in sorted(subfolder.glob("*.js"))
            if path.is_file() and not _unsaved_copy(path) and _names_a_handler(path)]


def _listed(path: Path, folder: Path) -> FunctionInfo:
    """A `.js` handler as `folder` lists it: titled by its path there (`webhook/handler.js`), of the kind opening it
    gives (segtui.json's "kind", else a source when it defines onRequest; destination when its files cannot say)."""
    try:
        kind = resolve_kind(None, load_schema_document(path).get("kind"), defined_handlers(read_code(path)))
    except SegtuiInputError:
        kind = "destination"
    return replace(function_info(path), kind=kind, title=path.relative_to(folder).as_posix())


def list_functions(folder: Path) -> FolderListing:
    """The `.js` handlers directly in `folder`, else those of its subfolders, then the `segment_function` resources
    in the `.tf` files under it (hidden folders such as .terraform skipped)."""
    from segtui.function_files.terraform import NoFunction, read_function  # deferred: it imports the HCL parser

    functions = [_listed(path, folder) for path in _handlers_in(folder) or _function_folders(folder)]
    problems = []
    for path in _terraform_files(folder):
        try:
            function = read_function(path)
        except NoFunction:
            continue  # another resource of the workspace
        except SegtuiInputError as error:
            problems.append(str(error))
            continue
        functions.append(_info(function))
    return FolderListing(functions, problems)


def sole_function(listing: FolderListing) -> Path | None:
    """The function of a folder that holds just one (and no `.tf` file segtui could not read): nothing to choose."""
    return listing.functions[0].path if len(listing.functions) == 1 and not listing.problems else None


def folder_error(folder: Path, listing: FolderListing | None = None) -> SegtuiInputError:
    """Why a folder is not a handler: the functions found in it (`listing`, when already made) or that there are none."""
    listing = listing or list_functions(folder)
    if not listing.functions:
        problems = "".join(f"\n  {one_line(problem)}" for problem in listing.problems)
        return SegtuiInputError(f"{folder} is a folder with no function in it (a .js handler, or a .tf file of "
                                f"Segment's Git sync under it){problems}")
    width = max(len(one_line(str(info.path))) for info in listing.functions)
    rows = "".join(f"\n  {one_line(str(info.path)):<{width}}  {info.kind:<11}  {one_line(info.title)} ({one_line(info.id)})"
                   for info in listing.functions)
    return SegtuiInputError(f"{folder} is a folder of {plural(len(listing.functions), 'function')}; give one of them:{rows}")
