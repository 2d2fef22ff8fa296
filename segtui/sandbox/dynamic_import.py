"""A handler's dynamic `import()` calls, pointed at the prelude's stand-in that fails them as Node 20's vm does.

Segment runs a function as a script, where `import()` has no loader: Node 20's vm rejects it with
`TypeError [ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING]`, where mini-racer's V8 rejects it with a bare "Not supported".
V8 offers no hook for it, so each call's `import` keyword becomes STAND_IN, a name of as many characters that
dynamic_import.js binds in the prelude: every line and column stays where it was (stacks, error positions). The
handler's file is renamed as it loads; what the Function constructor compiles at run time, by a host call.
"""

from __future__ import annotations

import re

from segtui.settings_reads import javascript_grammar

STAND_IN = "\u0131mport"
"""The name dynamic_import.js binds: `import` with a dotless i, six UTF-16 units as `import` is."""
_MAYBE = re.compile(r"\bimport\b")


def script_source(source: str) -> str:
    """`source` with each dynamic `import(…)` call's keyword renamed STAND_IN; a source with none unchanged."""
    if not _MAYBE.search(source):
        return source  # most handlers: no grammar loaded, no parse
    from tree_sitter import Parser  # deferred with javascript_grammar, which slows start-up

    data = source.encode("utf-8", "surrogatepass")
    starts: list[int] = []
    todo = [Parser(javascript_grammar()).parse(data).root_node]
    while todo:
        node = todo.pop()
        callee = node.child_by_field_name("function") if node.type == "call_expression" else None
        if callee is not None and callee.type == "import":
            starts.append(callee.start_byte)
        todo.extend(node.children)
    if not starts:
        return source
    pieces, at = [], 0
    for start in sorted(starts):
        pieces += [data[at:start], STAND_IN.encode("utf-8")]
        at = start + len("import")
    pieces.append(data[at:])
    return b"".join(pieces).decode("utf-8", "surrogatepass")
