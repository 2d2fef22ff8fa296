"""Reading the network mode's files (mock rules, cassettes) as JSON or YAML, with errors that say where."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from yaml import Node

from segtui.errors import SegtuiInputError
from segtui.json_input import MAX_DEPTH, decode_json
from segtui.user_files import quotable, read_text_file

YAML_SUFFIXES = (".yaml", ".yml")
MAX_YAML_NODES = 100_000
"""A mock file is a list of rules: no real one comes near this; an alias bomb expands far past it."""
_NON_SPECIFIC_TAG = re.compile(r"(?<![^\s\[{,])!(?:<!>)?(?=[\s,\]}]|\Z)")
"""A `!` tag (perhaps one in a plain scalar: `a ! b`): on an empty value PyYAML reads null, libyaml an empty string.
libyaml also skips a BOM at the start of any line, where PyYAML reads one only at the file's start, and takes tabs
where PyYAML refuses them (`a:\tb`): such files are left to the pure loader."""


def read_data_file(path: Path, expected: str) -> Any:
    """Parse a `.yaml`/`.yml` file as YAML and anything else as JSON; `expected` describes the content."""
    path = Path(path)
    return parse_data_text(path, read_text_file(path, expected))


def parse_data_text(path: Path, text: str) -> Any:
    """Parse the text of the file `path` as `read_data_file` does: YAML for a `.yaml`/`.yml` file, else JSON."""
    if path.suffix.lower() not in YAML_SUFFIXES:
        return decode_json(text, str(path), quote=quotable(path))
    import yaml  # deferred: only YAML files need it

    # libyaml parses and composes in C: 6,000 rules read in 0.9 s rather than 3 s (constructing is Python either way),
    # 20,000 refused in 0.5 s rather than 10 s, counted from its parse events, uncomposed. A PyYAML built
    # without libyaml has no CSafeLoader: the pure loader reads every file then, and any file libyaml refuses (or whose
    # values the constructor fails on) is read again by it, so a broken file is told in the words users know.
    fast = getattr(yaml, "CSafeLoader", None)
    shape = _shape(text, MAX_DEPTH)
    if fast is not None and "\ufeff" not in text[1:] and "\t" not in text and not _NON_SPECIFIC_TAG.search(text):
        try:
            return _load_yaml(path, text, fast, shape)
        except SegtuiInputError:
            raise
        except Exception:  # noqa: BLE001, S110 - libyaml refused it, or it holds a lone surrogate (libyaml reads
            pass  # UTF-8) or a value the constructor fails on (2024-02-30): the pure loader reads it as it always did
    try:
        return _load_yaml(path, text, yaml.SafeLoader, (shape[0], None))  # its values counted as it composes them
    except yaml.YAMLError as error:
        raise yaml_error(path, text, error) from None
    except (ValueError, KeyError, IndexError, AttributeError, TypeError) as error:  # `2024-02-30`, `!!bool x`: a value
        # PyYAML's constructor fails on with a Python error rather than a YAMLError
        raise SegtuiInputError(f"{path}: invalid YAML: a value it cannot read as its type says "
                               f"({type(error).__name__}: {error})") from None


def _load_yaml(path: Path, text: str, loader_class: type, shape: tuple[bool, int | None]) -> Any:
    """The text's single document read by `loader_class`, refused when it nests too deep or holds too many values
    (`shape` is what `_shape` found of the text)."""
    deep = SegtuiInputError(f"{path}: the YAML nests lists or maps more than {MAX_DEPTH} levels deep; segtui reads up to "
                            f"{MAX_DEPTH}")
    loader = loader_class(text)  # the pure loader refuses a control character at once, before reading anything
    try:
        # Checked before composing: PyYAML composes a level a few calls deep, a deep file running out of stack, and
        # libyaml's composer recurses in C, where 100,000 levels crash the process.
        deeper, values = shape
        if deeper:
            raise deep
        if values is not None:  # one document, no anchor: as composed, as deep and as large as its events said
            expanded = written = values
            node = loader.get_single_node() if values <= MAX_YAML_NODES else None
        else:
            node = loader.get_single_node()
            if node is not None and _deeper_than(node, MAX_DEPTH):
                raise deep
            expanded, written = _expanded_size(node) if node is not None else (0, 0)
        if written > MAX_YAML_NODES:  # no alias needed: said to be one, the user looked for an alias that is not there
            raise SegtuiInputError(f"{path}: it holds more than {MAX_YAML_NODES:,} values (lists, maps and scalars); "
                                   "segtui refuses YAML that large (split the rules, or keep fewer)")
        if expanded > MAX_YAML_NODES:
            raise SegtuiInputError(f"{path}: its aliases expand to more than {MAX_YAML_NODES:,} values; "
                                   "segtui refuses YAML that large (write the rules out, or use fewer aliases)")
        return loader.construct_document(node) if node is not None else None
    except RecursionError:
        raise deep from None
    finally:
        loader.dispose()


def yaml_error(path: Path, text: str, error: Exception) -> SegtuiInputError:
    """PyYAML's error as bad input: where in the file, and what (a character YAML refuses is named by its code, as
    the file's text may hold a secret)."""
    import yaml  # deferred with the YAML reader

    if isinstance(error, yaml.reader.ReaderError):
        before = text[: error.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        return SegtuiInputError(f"{path}:{line}:{column}: invalid YAML: the character U+{error.character:04X} is not "
                                "allowed in YAML (a control character, or U+FFFE or U+FFFF); take it out or escape it "
                                "in a double-quoted string")
    mark = getattr(error, "problem_mark", None)
    where = f"{path}:{mark.line + 1}:{mark.column + 1}" if mark else str(path)
    problem = getattr(error, "problem", None) or "not valid YAML"
    return SegtuiInputError(f"{where}: invalid YAML: {problem}")


def _shape(text: str, limit: int) -> tuple[bool, int | None]:
    """Whether the text's lists and maps nest more than `limit` levels, read as parse events up to the first level past
    it (aliases aside: `_deeper_than` counts those), and how many values it holds when it is one document that parses
    and has no anchor (so none is shared or aliased; else None, and the composed nodes are counted).

    PyYAML's own scanner costs the square of a flow collection's depth (it looks at every open level for each token):
    refusing 5,000 levels took 7 s. libyaml's parser, which PyYAML's wheels carry, does the same in C in milliseconds;
    without it the pure parser still stops soon after the limit rather than at the end of the file. Counting here, a
    file of too many values is refused without composing it.
    """
    import yaml  # deferred with the YAML reader

    depth = -1  # levels below the root, as `_deeper_than` counts them
    values, documents, anchored = 0, 0, False
    try:
        for event in yaml.parse(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
            kind = type(event)
            if kind is yaml.DocumentStartEvent:
                documents += 1
            elif isinstance(event, yaml.NodeEvent):  # a list, a map, a scalar or an alias (which names its anchor)
                values += 1
                anchored = anchored or event.anchor is not None
                if kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
                    depth += 1
                    if depth > limit:
                        return True, None
            elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
                depth -= 1
    except (yaml.YAMLError, ValueError):
        return False, None  # not YAML: the full read says what is wrong, in PyYAML's words
    return False, None if anchored or documents != 1 else values


def _deeper_than(root: Node, limit: int) -> bool:
    """Whether lists and maps nest more than `limit` levels below the root (an alias counts as the node it names)."""
    import yaml  # deferred with the YAML reader

    stack, seen = [(root, 0)], set()
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        if id(node) in seen or not isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
            continue
        seen.add(id(node))
        children = [child for pair in node.value for child in pair] if isinstance(node, yaml.MappingNode) else node.value
        stack.extend((child, depth + 1) for child in children)
    return False


def _expanded_size(root: Node) -> tuple[int, int]:
    """How many values the document holds once every alias is expanded, counted without expanding any, and how many
    it holds as written (each aliased value once)."""
    import yaml  # deferred with the YAML reader

    def children(node: Node) -> list[Node]:
        if isinstance(node, yaml.MappingNode):
            return [child for pair in node.value for child in pair]
        return list(node.value) if isinstance(node, yaml.SequenceNode) else []

    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, counted_children = stack.pop()
        if counted_children:
            open_nodes.discard(id(node))
            sizes[id(node)] = min(1 + sum(sizes[id(child)] for child in children(node)), MAX_YAML_NODES + 1)
        elif id(node) in open_nodes:
            return MAX_YAML_NODES + 1, len(sizes)  # an alias inside its own anchor: endless once expanded
        elif id(node) not in sizes:
            open_nodes.add(id(node))
            stack.append((node, True))
            stack.extend((child, False) for child in children(node))
    return sizes[id(root)], len(sizes)
