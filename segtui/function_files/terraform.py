"""A Segment function as Segment's Git sync keeps it: one `resource "segment_function"` block in a `.tf` file.

Parsed with python-hcl2 (its parse tree knows where each attribute lies); written back by replacing the
characters of one attribute's value, so every other byte of the file stays as it was.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from segtui.cut_secrets import cut
from segtui.errors import SegtuiInputError
from segtui.function_files.hcl_strings import (
    HclStringError,
    Heredoc,
    decode_heredoc,
    decode_quoted,
    encode_heredoc,
    encode_quoted,
    heredoc_form,
)
from segtui.function_files.terraform_settings import format_settings, settings_schema
from segtui.json_input import MAX_DEPTH, DuplicateKey, given_twice, nesting_depth_exceeds, unique_object
from segtui.kinds import RESOURCE_TYPES, FunctionKind
from segtui.settings import Schema, SettingSpec
from segtui.user_files import check_not_device, write_bytes_atomic

if TYPE_CHECKING:
    from lark import Tree

RESOURCE = "segment_function"
_HEREDOCS = ("heredoc_template", "heredoc_template_trim")
_NOT_EXPRESSIONS = ("new_line_or_comment",)


class NoFunction(SegtuiInputError):
    """A `.tf` file holding no `segment_function` resource (another resource of the workspace, say)."""


@dataclass(frozen=True)
class Span:
    """Where an attribute's value lies in a file's text, as character offsets."""

    start: int
    end: int


@dataclass(frozen=True)
class TerraformFunction:
    """One `segment_function` resource: its code, settings, kind and names, and where code and settings lie."""

    path: Path
    code: str
    kind: FunctionKind
    resource_name: str
    display_name: str | None
    function_id: str | None
    """The function's id in Segment, from the `import` block naming this resource (Git sync writes one)."""
    schema: Schema
    code_span: Span
    code_form: Heredoc | None
    """The heredoc the code is written as, or None for a quoted string."""
    settings_span: Span | None
    indent: str
    """The indentation of the block's attributes."""
    block_end: int
    """Where the block's closing brace is."""

    @property
    def id(self) -> str:
        """The function's id: Segment's, else the resource's name."""
        return self.function_id or self.resource_name

    @property
    def title(self) -> str:
        """The name to show: the display name, else the id."""
        return self.display_name or self.id


@dataclass(frozen=True)
class _Text:
    """A file's text as read, and whether it began with a byte order mark (written back if so)."""

    text: str
    bom: bool


def _read(path: Path) -> _Text:
    check_not_device(path, f"a {RESOURCE} resource", pipe=False)  # read again on every save and reload
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SegtuiInputError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SegtuiInputError(f"{path} is a directory; expected a .tf file holding a {RESOURCE} resource") from None
    except OSError as error:
        raise SegtuiInputError(f"{path}: cannot read: {error.strerror}") from None
    bom = data.startswith(codecs.BOM_UTF8)
    try:
        return _Text(data[len(codecs.BOM_UTF8) if bom else 0:].decode("utf-8"), bom)
    except UnicodeDecodeError as error:
        raise SegtuiInputError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from None


def _write(path: Path, text: _Text) -> None:
    write_bytes_atomic((codecs.BOM_UTF8 if text.bom else b"") + text.text.encode("utf-8"), path, overwrite=True,
                       mode=None)


def read_function(path: Path) -> TerraformFunction:
    """The function a `.tf` file holds; a file with none, several, or bad HCL raises SegtuiInputError."""
    return parse_function(_read(path).text, path)


_HEREDOC_BODY = re.compile(r"(<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n).*?^([ \t]*\2[ \t]*)$", re.DOTALL | re.MULTILINE)
_LINE_COMMENT = re.compile(r"^[ \t]*(?:#|//).*$", re.MULTILINE)


def _structure(text: str) -> str:
    """The file's text without heredocs' bodies and whole-line comments, whose brackets and quotes are code and prose,
    not HCL's nesting (quoted strings are skipped by the nesting check itself)."""
    return _LINE_COMMENT.sub("", _HEREDOC_BODY.sub(lambda heredoc: heredoc.group(1) + heredoc.group(3), text))


def _parse_tree(text: str, path: Path) -> Tree[Any]:
    import hcl2  # deferred: only .tf files need it, and importing it takes a while
    from lark.exceptions import LarkError, UnexpectedInput

    if nesting_depth_exceeds(_structure(text)):  # the parser takes ~0.3 ms a level (200,000 levels: a minute)
        raise SegtuiInputError(f"{path}: nested too deeply for segtui to read (lists or objects more than {MAX_DEPTH} "
                               "levels deep)")
    try:
        tree: Tree[Any] = hcl2.parses_to_tree(text)
    except UnexpectedInput as error:
        raise SegtuiInputError(f"{path}:{error.line}:{error.column}: not valid HCL (Terraform's language)") from None
    except LarkError as error:
        raise SegtuiInputError(f"{path}: not valid HCL (Terraform's language): {error}") from None
    return tree


def _subtrees(node: Tree[Any]) -> list[Tree[Any]]:
    from lark import Tree

    return [child for child in node.children if isinstance(child, Tree) and child.data not in _NOT_EXPRESSIONS]


def _source(node: Any, text: str) -> str:
    return text[node.meta.start_pos : node.meta.end_pos]


def _value_span(node: Tree[Any], text: str) -> Span:
    """Where an expression lies: a heredoc's ends at its closing marker (the parser's includes the line break)."""
    end = node.meta.end_pos
    if _subtrees(node) and _subtrees(node)[0].data in _HEREDOCS:
        end = node.meta.start_pos + len(text[node.meta.start_pos : end].rstrip("\r\n"))
    return Span(node.meta.start_pos, min(end, len(text)))


class _NotLiteral(Exception):
    """An expression that is not a plain value (a reference, a function call, arithmetic…)."""


def literal(node: Tree[Any], text: str) -> Any:
    """The value of an expression made only of strings, heredocs, booleans, null, numbers, lists and objects."""
    kind = node.data
    if kind == "expr_term" and len(_subtrees(node)) == 1:
        return literal(_subtrees(node)[0], text)
    if kind == "string":
        return decode_quoted(_source(node, text))
    if kind in _HEREDOCS:
        return decode_heredoc(_source(node, text).rstrip("\r\n"))
    if kind == "literal_value":
        return {"true": True, "false": False, "null": None}[_source(node, text)]
    if kind in ("int_lit", "float_lit"):
        return float(_source(node, text)) if kind == "float_lit" else int(_source(node, text))
    if kind == "tuple":
        return [literal(item, text) for item in _subtrees(node)]
    if kind == "object":
        return unique_object([_object_entry(entry, text) for entry in _subtrees(node)])  # as Terraform refuses it
    raise _NotLiteral(_source(node, text))


def _object_entry(entry: Tree[Any], text: str) -> tuple[str, Any]:
    key_node, value_node = _subtrees(entry)
    key = _source(key_node, text)
    return (decode_quoted(key) if key.startswith('"') else key), literal(value_node, text)


@dataclass(frozen=True)
class _Block:
    """A block of the file: its type, labels, attributes (name → value expression) and closing brace."""

    type: str
    labels: tuple[str, ...]
    attributes: dict[str, Tree[Any]]
    attribute_starts: dict[str, int]
    end: int


def _blocks(tree: Tree[Any], text: str, path: Path) -> list[_Block]:
    from lark import Token

    blocks = []
    for node in _subtrees(_subtrees(tree)[0]):
        if node.data != "block":
            continue
        parts = _subtrees(node)
        labels = tuple(decode_quoted(_source(part, text)) if part.data == "string" else _source(part, text)
                       for part in parts[1:-1])
        named = [(_source(_subtrees(item)[0], text), item) for item in _subtrees(parts[-1]) if item.data == "attribute"]
        attributes = dict(named)
        if len(attributes) < len(named):  # Terraform refuses it too ("Attribute redefined")
            twice = next(name for name, _ in named if sum(other == name for other, _ in named) > 1)
            raise SegtuiInputError(f"{path}: {twice} is set twice in the {_source(parts[0], text)} block")
        brace = next(child for child in reversed(node.children) if isinstance(child, Token) and child.type == "RBRACE")
        blocks.append(_Block(_source(parts[0], text), labels, {name: _subtrees(item)[-1] for name, item in attributes.items()},
                             {name: item.meta.start_pos for name, item in attributes.items()}, brace.start_pos or 0))
    return blocks


def _string(block: _Block, name: str, text: str, path: Path) -> str | None:
    """A string attribute's value (None when absent or null)."""
    node = block.attributes.get(name)
    if node is None:
        return None
    try:
        value = literal(node, text)
    except _NotLiteral:
        value = 0
    if value is not None and not isinstance(value, str):
        raise SegtuiInputError(f"{path}: {name} must be a string, got {cut(_source(node, text), 61)}")
    return value


def _plain(node: Tree[Any], text: str) -> Any:
    """The value of an expression that is a plain value, else None."""
    try:
        return literal(node, text)
    except _NotLiteral:
        return None


def _the_resource(blocks: list[_Block], path: Path) -> _Block:
    resources = [block for block in blocks if block.type == "resource" and block.labels[:1] == (RESOURCE,)]
    if not resources:
        raise NoFunction(f'{path}: segtui opens a .tf file holding one resource "{RESOURCE}" "…" {{ … }} block, '
                         "as Segment's Git sync writes; this file holds none")
    if len(resources) != 1:
        names = ", ".join(".".join(block.labels[1:2]) for block in resources)
        raise SegtuiInputError(f'{path}: segtui opens a .tf file holding one resource "{RESOURCE}" "…" {{ … }} '
                               f"block, as Segment's Git sync writes; this file holds {len(resources)} ({names})")
    return resources[0]


def _code(block: _Block, text: str, path: Path) -> tuple[str, Span, Heredoc | None]:
    node = block.attributes.get("code")
    if node is None:
        raise SegtuiInputError(f"{path}: the {RESOURCE} resource has no code")
    span = _value_span(node, text)
    raw = text[span.start : span.end]
    try:
        string = isinstance(_plain(node, text), str)  # `"a" + "b"` starts with a quote, but is no string
        if string and raw.startswith('"'):
            return decode_quoted(raw), span, None
        if string and raw.startswith("<<"):
            return decode_heredoc(raw), span, heredoc_form(raw)
    except HclStringError as error:
        raise SegtuiInputError(f"{path}: the code cannot be read: {error}") from None
    raise SegtuiInputError(f"{path}: code = {cut(raw.strip(), 61)} is not a string; segtui reads the code written in the file "
                           "(a quoted string or a heredoc). For code = file(\"…\"), open that .js file instead")


def parse_function(text: str, path: Path) -> TerraformFunction:
    """The function in a `.tf` file's text."""
    try:
        return _parse_function(text, path)
    except HclStringError as error:
        raise SegtuiInputError(f"{path}: {error}") from None
    except DuplicateKey as error:  # `sensitive = true` then `sensitive = false` would be read by its last
        raise given_twice(str(path), str(error)) from None
    except RecursionError:  # the parser and `literal` walk the tree by recursion
        raise SegtuiInputError(f"{path}: nested too deeply for segtui to read (a list or object thousands of "
                               "levels deep)") from None


def _parse_function(text: str, path: Path) -> TerraformFunction:
    blocks = _blocks(_parse_tree(text, path), text, path)
    block = _the_resource(blocks, path)
    code, code_span, form = _code(block, text, path)
    resource_type = _string(block, "resource_type", text, path)
    if resource_type not in RESOURCE_TYPES:
        known = ", ".join(RESOURCE_TYPES)
        raise SegtuiInputError(f"{path}: resource_type is {resource_type or 'missing'}; segtui knows {known}")
    settings = block.attributes.get("settings")
    try:
        schema = settings_schema(literal(settings, text) if settings is not None else None, str(path))
    except (_NotLiteral, HclStringError) as error:
        raise SegtuiInputError(f"{path}: settings must be a list of plain values ({error})") from None
    target = f"{RESOURCE}.{block.labels[1]}" if len(block.labels) > 1 else None
    imports = [item for item in blocks if item.type == "import" and "to" in item.attributes
               and _source(item.attributes["to"], text) == target]
    code_start = block.attribute_starts["code"]
    return TerraformFunction(
        path=path, code=code, kind=RESOURCE_TYPES[resource_type], resource_name=".".join(block.labels[1:2]),
        display_name=_string(block, "display_name", text, path),
        function_id=_string(imports[0], "id", text, path) if imports else None, schema=schema,
        code_span=code_span, code_form=form,
        settings_span=_value_span(settings, text) if settings is not None else None,
        indent=text[text.rfind("\n", 0, code_start) + 1 : code_start], block_end=block.end)


def _replaced(text: _Text, span: Span, value: str) -> _Text:
    return _Text(text.text[: span.start] + value + text.text[span.end :], text.bom)


def write_code(path: Path, code: str) -> str:
    """Write `code` into the `.tf` file's code attribute, every other byte kept; returns the code the file holds.

    A heredoc stays a heredoc (and holds a final line break, which it cannot go without); the file is read again
    first, so edits made to it since it was opened are kept, and checked after, so a write that would not read
    back as `code` is refused.
    """
    current = _read(path)
    function = parse_function(current.text, path)
    if code == function.code:
        return code
    form = function.code_form
    updated = _replaced(current, function.code_span, encode_heredoc(code, form) if form else encode_quoted(code))
    try:
        written = parse_function(updated.text, path).code
    except SegtuiInputError as error:  # python-hcl2 cannot read a `$${` that no `}` follows in a quoted string
        raise SegtuiInputError(f"{path}: not saved: with this code the file would not read back ({error})") from None
    if written != (code if form is None or code.endswith("\n") else code + "\n"):
        raise SegtuiInputError(f"{path}: not saved: the code would not read back as written (a bug in segtui)")
    _write(path, updated)
    return written


def write_settings(path: Path, specs: list[SettingSpec]) -> bool:
    """Write the settings list into the `.tf` file as Segment's Git sync formats it, every other byte kept, unless it
    reads the same already; whether it was written."""
    current = _read(path)
    function = parse_function(current.text, path)
    if function.settings_span is not None and function.schema.specs == tuple(specs):
        return False
    settings = format_settings(specs, function.indent)
    if function.settings_span is not None:
        updated = _replaced(current, function.settings_span, settings)
    else:
        line_start = current.text.rfind("\n", 0, function.block_end) + 1
        at_line_start = not current.text[line_start : function.block_end].strip()
        where = line_start if at_line_start else function.block_end
        line = f"{function.indent}settings = {settings}\n"
        updated = _replaced(current, Span(where, where), line if at_line_start else "\n" + line)
    if parse_function(updated.text, path).schema.specs != tuple(specs):
        raise SegtuiInputError(f"{path}: not saved: the settings would not read back as written (a bug in segtui)")
    _write(path, updated)
    return True
