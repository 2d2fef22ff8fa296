"""A handler's dynamic `import()` calls, pointed at the prelude's stand-in that fails them as Node 20's vm does.

Segment runs a function as a script, where `import()` has no loader: Node 20's vm rejects it with
`TypeError [ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING]`, where mini-racer's V8 rejects it with a bare "Not supported".
V8 offers no hook for it, so each call's `import` keyword becomes STAND_IN, a name of as many characters that
dynamic_import.js binds in the prelude: every line and column stays where it was (stacks, error positions). The
handler's file is renamed as it loads; what the Function constructor compiles at run time, by a host call. What
eval compiles is out of reach, but for the string literal a call to eval is given, which is renamed with its source.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tree_sitter import Node

STAND_IN = "\u0131mport"
"""The name dynamic_import.js binds: `import` with a dotless i, six UTF-16 units as `import` is."""
MAYBE = r"import[\s\ufeff]*[(/\\]"
"""What every source with a call to rename holds (dynamic_import.js tests the same pattern): the keyword, then white space,
a comment's `/` or the call's `(`, or in an eval'd literal a `\\` (an escaped `(` or white space). Only a plainly written
keyword is ever renamed, so no escape can stand for one; before it there may be one (`"\\nimport(…)"`), so no `\\b`."""
_MAYBE = re.compile(MAYBE)
_GLOBALS = (b"globalThis", b"global", b"window", b"self")
"""The names of the global object, whose `eval` is eval."""
_READS = ("call_expression", "parenthesized_expression", "sequence_expression", "arguments", "member_expression",
          "unary_expression", "binary_expression", "ternary_expression", "expression_statement", "return_statement")
"""The nodes under which eval, or a name of the global object, is only read: anywhere else (a declaration, a parameter,
an assignment's left side) the handler may bind it to its own function, whose strings then are its own."""


def script_source(source: str) -> str:
    """`source` with each dynamic `import(…)` call's keyword renamed STAND_IN; a source with none unchanged."""
    if not _MAYBE.search(source):
        return source  # most handlers: no grammar loaded, no parse
    data = source.encode("utf-8", "surrogatepass")
    try:
        starts = _import_keywords(data)
    except RecursionError:
        return source  # literals nested past Python's stack: left as written (their import() is V8's then)
    if not starts:
        return source
    pieces, at = [], 0
    for start in sorted(starts):
        pieces += [data[at:start], STAND_IN.encode("utf-8")]
        at = start + len("import")
    pieces.append(data[at:])
    return b"".join(pieces).decode("utf-8", "surrogatepass")


def _import_keywords(data: bytes) -> list[int]:
    """Where each `import` keyword of a dynamic import call starts in `data` (UTF-8), in the code and in the string
    literal an eval call is given (`eval("import('x')")`, which bundlers and TypeScript users write to keep their
    tools off an import(): V8 compiles it later, out of segtui's reach)."""
    # Deferred, as is the grammar: every load renames, but only a source that may hold a call parses; settings_reads'
    # import (~5 ms) was on the sandbox's path to building its first context (host_services imports this).
    from tree_sitter import Parser

    from segtui.settings_reads import javascript_grammar

    starts: list[int] = []
    evals: list[Node] = []  # the arguments of each call of eval
    own = False  # whether the code may bind eval, or a name of the global object, itself
    todo = [Parser(javascript_grammar()).parse(data).root_node]
    while todo:
        node = todo.pop()
        callee = node.child_by_field_name("function") if node.type == "call_expression" else None
        if callee is not None and callee.type == "import":
            starts.append(callee.start_byte)
        elif callee is not None and _is_eval(callee):
            evals.append(node)
        elif node.type in ("identifier", "shorthand_property_identifier_pattern") and (node.text == b"eval" or node.text in _GLOBALS):
            own = own or _bound(node)
        todo.extend(node.children)
    if not own:
        starts += [start for call in evals for start in _in_literal(call.child_by_field_name("arguments"))]
    return starts


def _is_eval(callee: Node) -> bool:
    """Whether a call's callee is eval: `eval`, `(0, eval)`, `(eval)` or `globalThis.eval` (or `global`'s, `window`'s,
    `self`'s), parenthesized as deep as it may be."""
    while True:
        if callee.type == "parenthesized_expression" and callee.named_children:
            inner = callee.named_children[-1]
            callee = inner.named_children[-1] if inner.type == "sequence_expression" and inner.named_children else inner
            continue
        awaited = callee.child_by_field_name("arguments") if callee.type == "call_expression" else None
        if awaited is not None and awaited.named_children and (callee.child_by_field_name("function") or awaited).text == b"await":
            callee = awaited.named_children[-1]  # `await (0, eval)(…)`, which the grammar reads as a call of `await`
            continue
        break
    if callee.type == "member_expression":
        owner, named = callee.child_by_field_name("object"), callee.child_by_field_name("property")
        return (owner is not None and owner.type == "identifier" and owner.text in _GLOBALS
                and named is not None and named.text == b"eval")
    return callee.type == "identifier" and callee.text == b"eval"


def _bound(name: Node) -> bool:
    """Whether the identifier `name` may be bound or assigned where it stands, rather than only read."""
    parent = name.parent
    if parent is None or parent.type in _READS:
        return parent is not None and parent.type == "member_expression" and parent.child_by_field_name("object") != name
    field = {"variable_declarator": "value", "assignment_expression": "right", "pair": "value"}.get(parent.type)
    return field is None or parent.child_by_field_name(field) != name


def _in_literal(arguments: Node | None) -> list[int]:
    """Where the import keywords of the code in a call's first argument start, when that is a string literal (or a
    template without substitutions) and each keyword is written plainly in it."""
    literal = arguments.named_children[0] if arguments is not None and arguments.named_children else None
    if literal is None or literal.type not in ("string", "template_string"):
        return []
    code, pieces = b"", []  # the literal's value, and where each plainly written piece of it lies in both
    for part in literal.named_children:
        if part.type == "string_fragment":
            pieces.append((len(code), part.start_byte, part.end_byte - part.start_byte))
            code += part.text or b""
        elif part.type == "escape_sequence":
            code += _unescaped((part.text or b"").decode("utf-8", "surrogatepass")).encode("utf-8", "surrogatepass")
        else:
            return []  # a template's substitution: its value is known only as it runs
    if b"import" not in code:
        return []
    return [raw + start - cooked for start in _import_keywords(code)
            for cooked, raw, length in pieces if cooked <= start and start + len("import") <= cooked + length]


_ESCAPED = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


def _unescaped(escape: str) -> str:
    """What one JavaScript escape sequence in a string literal stands for (a line continuation for nothing)."""
    body = escape[1:]
    if body[:1] in ("x", "u"):
        try:
            return chr(int(body[1:].strip("{}"), 16))
        except ValueError:
            return body
    if body[:1] in ("\r", "\n", "\u2028", "\u2029"):
        return ""
    return _ESCAPED.get(body, body)
