"""Which settings a destination function reads, found statically in its JavaScript syntax tree.

Settings flow from each handler's second parameter through aliases, destructuring and calls to top-level functions;
uses whose names cannot be known (computed keys, spreads, unknown callees) are reported as dynamic, with no name.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from tree_sitter import Language, Node

HANDLERS = frozenset({"onTrack", "onIdentify", "onPage", "onScreen", "onGroup", "onAlias", "onDelete", "onBatch", "onRequest"})
SETTINGS_PARAMETER = 1  # every handler is called as `handler(event, settings)`, onBatch as `(events, settings)`, onRequest as `(request, settings)`

Position = tuple[int, int]
"""A 1-based (line, column), the column counted in characters."""
_Ancestors: TypeAlias = "tuple[Node, _Ancestors | None]"
"""A node's parent and the parent's ancestors, kept while walking: tree-sitter's `Node.parent` searches from the root."""

_FUNCTIONS = frozenset({"function_declaration", "generator_function_declaration", "function_expression",
                        "generator_function", "arrow_function", "method_definition"})
_BINDING_STATEMENTS = frozenset({"lexical_declaration", "variable_declaration", "expression_statement"})
_FALLBACKS = frozenset({"||", "??"})
"""`settings || {}` and `settings ?? {}` are still the settings object."""
_BINDINGS = {"variable_declarator": ("name", "value"), "assignment_expression": ("left", "right")}
"""Nodes that bind a target to a value, and the fields holding each."""
_ESCAPES = {"spread_element": None, "return_statement": None, "array": None, "pair": "value", "arrow_function": "body",
            "for_in_statement": "right"}
"""Parents (and the field, None for any) where the settings object escapes, so any name may be read."""


@dataclass(frozen=True)
class SettingRead:
    """One read of a named setting, at its key, reached from `handler`."""

    name: str
    line: int
    column: int
    handler: str


@dataclass(frozen=True)
class SettingsUse:
    """Every setting read in source order (a helper's reads once per handler reaching it), and where names are unknowable."""

    reads: tuple[SettingRead, ...] = ()
    dynamic: tuple[Position, ...] = ()

    @property
    def names(self) -> list[str]:
        """The distinct names read, in order of first read."""
        return list(dict.fromkeys(read.name for read in self.reads))


@dataclass
class _Scan:
    """What one function does with the settings it receives at one parameter."""

    reads: list[tuple[str, Position]] = field(default_factory=list)
    dynamic: list[Position] = field(default_factory=list)
    calls: list[tuple[Node, Node]] = field(default_factory=list)
    """Top-level functions it passes the settings to, each with the parameter receiving them."""


@functools.cache
def javascript_grammar() -> Language:
    """The JavaScript grammar, loaded on first use because importing tree_sitter slows every segtui start-up."""
    import tree_sitter
    import tree_sitter_javascript

    return tree_sitter.Language(tree_sitter_javascript.language())


def settings_use(source: str) -> SettingsUse:
    """The settings the handlers in `source` read; never raises: a syntax error only hides what it breaks."""
    from tree_sitter import Parser  # deferred with javascript_grammar; a Parser per call keeps threads apart

    data = source.encode("utf-8", "replace")
    analysis = _Analysis(data, Parser(javascript_grammar()).parse(data).root_node)
    reads: list[SettingRead] = []
    dynamic: set[Position] = set()
    for handler, function in analysis.functions.items():
        params = _params(function)
        if handler not in HANDLERS or len(params) <= SETTINGS_PARAMETER:
            continue
        todo, seen = [(function, params[SETTINGS_PARAMETER])], set()
        while todo:
            function, param = todo.pop()
            if param.id in seen:
                continue
            seen.add(param.id)
            scan = analysis.scan(function, param)
            reads += [SettingRead(name, line, column, handler) for name, (line, column) in scan.reads]
            dynamic.update(scan.dynamic)
            todo += scan.calls
    return SettingsUse(tuple(sorted(reads, key=lambda read: (read.line, read.column))), tuple(sorted(dynamic)))


class _Analysis:
    """One parsed file: its top-level functions and, cached, what each does with settings at each parameter."""

    def __init__(self, data: bytes, root: Node) -> None:
        self.data = data
        self.functions = self._top_level_functions(root)
        self._scans: dict[int, _Scan] = {}

    def scan(self, function: Node, param: Node) -> _Scan:
        """The settings uses of `function` given the settings object as its parameter `param`."""
        key = param.id
        if key not in self._scans:
            scan = self._scans[key] = _Scan()
            body = function.child_by_field_name("body")
            if param.type == "assignment_pattern":  # `settings = {}`
                param = param.child_by_field_name("left") or param
            if param.type == "identifier" and body is not None:
                self._walk(body, frozenset({_text(param)}), (function, None), scan)
            elif param.type == "object_pattern":
                self._destructure(param, scan)
            elif param.type != "identifier":
                scan.dynamic.append(self._pos(param))
        return self._scans[key]

    def _top_level_functions(self, root: Node) -> dict[str, Node]:
        """Functions bound to a name at top level, in source order; anywhere if syntax errors may have nested them."""
        functions: dict[str, Node] = {}
        todo = list(reversed(root.named_children))
        while todo:
            node = todo.pop()
            if root.has_error or node.type in _BINDING_STATEMENTS or node.type == "ERROR":
                todo += reversed(node.named_children)
            name, value = map(node.child_by_field_name, _BINDINGS[node.type]) if node.type in _BINDINGS else (
                node.child_by_field_name("name"), node)
            if name is not None and name.type == "identifier" and value is not None and value.type in _FUNCTIONS:
                functions[_text(name)] = value
        return functions

    def _walk(self, root: Node, aliases: frozenset[str], up: _Ancestors | None, scan: _Scan) -> None:
        """Record every use of the aliases under `root`, following scopes (iterative: deep code must not overflow)."""
        stack = [(root, aliases, up)]
        while stack:
            node, aliases, up = stack.pop()
            if node.type in ("identifier", "shorthand_property_identifier"):
                if _text(node) in aliases:
                    self._use(node, up, scan)
                continue
            if node.type in _FUNCTIONS:
                aliases = aliases.difference(*map(_bound_names, _params(node)))
            children = node.named_children
            aliases, up = self._declare(children, aliases), (node, up)
            if aliases:
                stack += [(child, aliases, up) for child in children]

    def _declare(self, statements: list[Node], aliases: frozenset[str]) -> frozenset[str]:
        """The aliases after the declarations among `statements`: `const s = settings` adds one, others shadow."""
        bindings = [binding for statement in statements if statement.type in _BINDING_STATEMENTS
                    for binding in statement.named_children if binding.type in _BINDINGS]
        for binding in bindings:
            target, value = map(binding.child_by_field_name, _BINDINGS[binding.type])
            if target is not None and target.type == "identifier" and value is not None and _is_alias(value, aliases):
                aliases = aliases | {_text(target)}
            elif target is not None and binding.type == "variable_declarator":
                aliases = aliases - _bound_names(target)
        return aliases

    def _use(self, node: Node, up: _Ancestors | None, scan: _Scan) -> None:
        """Record what the expression around one reference to the settings object does with it."""
        if node.type == "shorthand_property_identifier":  # `{ settings }`: passed on inside an object
            scan.dynamic.append(self._pos(node))
            return
        value = node
        while up is not None and _passes_on(up[0], value):
            value, up = up
        if up is None:
            return
        parent, kind = up[0], up[0].type
        if kind in ("member_expression", "subscript_expression") and parent.child_by_field_name("object") == value:
            self._key(parent.child_by_field_name("property") or parent.child_by_field_name("index"), scan)
        elif kind in _BINDINGS and parent.child_by_field_name(_BINDINGS[kind][1]) == value:
            target = parent.child_by_field_name(_BINDINGS[kind][0])
            if target is not None and target.type == "object_pattern":
                self._destructure(target, scan)
            elif target is None or target.type != "identifier":
                scan.dynamic.append(self._pos(node))
        elif kind == "arguments":
            self._call(parent, up[1][0] if up[1] else None, value, node, scan)
        elif kind in _ESCAPES:
            escape = _ESCAPES[kind]
            if escape is None or parent.child_by_field_name(escape) == value:
                scan.dynamic.append(self._pos(node))

    def _call(self, arguments: Node, call: Node | None, value: Node, node: Node, scan: _Scan) -> None:
        """Follow settings passed to a top-level function into its parameter; passing them elsewhere is dynamic."""
        function = None
        callee = call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
        if callee is not None and callee.type == "identifier":
            function = self.functions.get(_text(callee))
        values = [child for child in arguments.named_children if child.type != "comment"]
        index, params = values.index(value), _params(function) if function is not None else []
        if function is None or index >= len(params) or any(v.type == "spread_element" for v in values[:index]):
            scan.dynamic.append(self._pos(node))
        else:
            scan.calls.append((function, params[index]))

    def _destructure(self, pattern: Node, scan: _Scan) -> None:
        """Record the top-level keys of an object pattern taken from the settings object."""
        for child in pattern.named_children:
            if child.type == "object_assignment_pattern":
                child = child.child_by_field_name("left") or child
            if child.type == "shorthand_property_identifier_pattern":
                scan.reads.append((_text(child), self._pos(child)))
            elif child.type == "pair_pattern":
                self._key(child.child_by_field_name("key"), scan)
            elif child.type == "rest_pattern":
                scan.dynamic.append(self._pos(child))

    def _key(self, key: Node | None, scan: _Scan) -> None:
        """Record a property key as a read when it is a constant name, else as a dynamic use."""
        if key is None:
            return
        if key.type == "computed_property_name" and key.named_children:
            key = key.named_children[0]
        if key.type == "property_identifier":
            scan.reads.append((_text(key), self._pos(key)))
        elif key.type == "string" or (key.type == "template_string" and all(
                child.type != "template_substitution" for child in key.named_children)):
            scan.reads.append(("".join(map(_text, key.named_children)), self._pos(key, 1)))
        else:
            scan.dynamic.append(self._pos(key))

    def _pos(self, node: Node, shift: int = 0) -> Position:
        """The 1-based line and character column where `node` starts, `shift` characters on."""
        line, byte_column = node.start_point
        before = self.data[node.start_byte - byte_column : node.start_byte].decode("utf-8", "replace")
        return line + 1, len(before) + 1 + shift


def _params(function: Node) -> list[Node]:
    """The parameter nodes of a function, arrow or method."""
    single = function.child_by_field_name("parameter")
    if single is not None:
        return [single]
    params = function.child_by_field_name("parameters")
    return [child for child in params.named_children if child.type != "comment"] if params is not None else []


def _bound_names(pattern: Node) -> set[str]:
    """The variable names a parameter or declaration pattern binds (not its keys or default values)."""
    names, todo = set(), [pattern]
    while todo:
        node = todo.pop()
        if node.type in ("identifier", "shorthand_property_identifier_pattern"):
            names.add(_text(node))
        elif node.type in ("assignment_pattern", "object_assignment_pattern", "pair_pattern"):
            todo += [child for child in map(node.child_by_field_name, ("left", "value")) if child is not None]
        elif node.type in ("object_pattern", "array_pattern", "rest_pattern"):
            todo += node.named_children
    return names


def _passes_on(parent: Node, child: Node) -> bool:
    """Whether `parent` is the settings object when `child` is: parentheses, or `child` with a `|| {}` fallback."""
    operator = parent.child_by_field_name("operator")
    return parent.type == "parenthesized_expression" or (parent.type == "binary_expression" and operator is not None
                                                         and operator.type in _FALLBACKS
                                                         and parent.child_by_field_name("left") == child)


def _is_alias(value: Node, aliases: frozenset[str]) -> bool:
    """Whether `value` is the settings object: an alias, maybe parenthesised or with a `|| {}` fallback."""
    while value.named_children and _passes_on(value, inner := value.child_by_field_name("left") or value.named_children[0]):
        value = inner
    return value.type == "identifier" and _text(value) in aliases


def _text(node: Node) -> str:
    """The source text of `node`."""
    return (node.text or b"").decode("utf-8", "replace")
