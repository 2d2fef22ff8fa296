"""A handler's dynamic `import()` calls, pointed at the prelude's stand-in that fails them as Node 20's vm does.

Segment runs a function as a script, where `import()` has no loader: Node 20's vm rejects it with
`TypeError [ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING]`, where mini-racer's V8 rejects it with a bare "Not supported".
V8 offers no hook for it, so each call's `import` keyword becomes STAND_IN, a name of as many characters that
dynamic_import.js binds in the prelude: every line and column stays where it was (stacks, error positions). The
handler's file is renamed as it loads; what the Function constructor compiles at run time, by a host call. What
eval compiles is out of reach, but for the string literal a call to eval is given, which is renamed with its source.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from segtui.settings_reads import javascript_grammar

if TYPE_CHECKING:
    from tree_sitter import Node

STAND_IN = "\u0131mport"
"""The name dynamic_import.js binds: `import` with a dotless i, six UTF-16 units as `import` is."""
_MAYBE = "import"
"""In every source with a call to rename (not as a word: in an eval'd literal it may follow an escape, `"\\nimport(…)"`)."""


def script_source(source: str) -> str:
    """`source` with each dynamic `import(…)` call's keyword renamed STAND_IN; a source with none unchanged."""
    if _MAYBE not in source:
        return source  # most handlers: no grammar loaded, no parse
    data = source.encode("utf-8", "surrogatepass")
    starts = _import_keywords(data)
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
    from tree_sitter import Parser  # deferred with javascript_grammar, which slows start-up

    starts: list[int] = []
    todo = [Parser(javascript_grammar()).parse(data).root_node]
    while todo:
        node = todo.pop()
        callee = node.child_by_field_name("function") if node.type == "call_expression" else None
        if callee is not None and callee.type == "import":
            starts.append(callee.start_byte)
        elif callee is not None and _is_eval(callee):
            starts += _in_literal(node.child_by_field_name("arguments"))
        todo.extend(node.children)
    return starts


def _is_eval(callee: Node) -> bool:
    """Whether a call's callee is eval: `eval`, `(0, eval)`, `(eval)` or `globalThis.eval`."""
    if callee.type == "parenthesized_expression" and callee.named_children:
        inner = callee.named_children[-1]
        return _is_eval(inner.named_children[-1] if inner.type == "sequence_expression" else inner)
    awaited = callee.child_by_field_name("arguments") if callee.type == "call_expression" else None
    if awaited is not None and awaited.named_children and (callee.child_by_field_name("function") or awaited).text == b"await":
        return _is_eval(awaited.named_children[-1])  # `await (0, eval)(…)`, which the grammar reads as a call of `await`
    named = callee.child_by_field_name("property") if callee.type == "member_expression" else callee
    return named is not None and named.type in ("identifier", "property_identifier") and named.text == b"eval"


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
