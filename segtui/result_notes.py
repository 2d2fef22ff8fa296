"""The notes the engine adds to a result that no handler took, or whose top level failed: a handler named in another
case, none defined, an event of no Spec type, a global of another kind of function, Node's module form."""

from __future__ import annotations

import json
from collections.abc import Collection
from functools import lru_cache
from typing import TYPE_CHECKING

from segtui.cut_secrets import cut
from segtui.events import HANDLER_NAMES, SPEC_TYPES, TYPE_MOST, type_hint
from segtui.plurals import agreeing

if TYPE_CHECKING:
    from segtui.invocation import ErrorInfo, Invocation
    from segtui.kinds import FunctionKind

NODE_MODULE_NAMES = ("exports", "module", "require")
"""Node's CommonJS names, which a function file written as a Node module (or in the retired
`exports.processEvents = …` form of source functions) uses and Segment's plain script does not have."""


def module_form_note(error: ErrorInfo | None) -> str | None:
    """The note for a top level that failed on a CommonJS name (`exports is not defined`): how Segment wants handlers."""
    undefined = {f"{name} is not defined" for name in NODE_MODULE_NAMES}
    if error is None or error.name != "ReferenceError" or error.message not in undefined:
        return None
    return ("Segment runs the function file as a plain script, without Node's require, module or exports: define the "
            "handlers as top-level functions (async function onRequest(request, settings) for a source function, "
            "onTrack(event, settings) and the others for a destination or insert function); a source function written "
            "as exports.processEvents = … is the old form, and Segment's source functions must define onRequest")


_KIND_GLOBALS: dict[str, FunctionKind] = {"DropEvent": "insert", "Segment": "source"}
"""Globals that Segment pre-loads for one kind of function only: an insert function's DropEvent, a source function's
Segment (its track, identify, set …)."""


def other_kind_note(error: ErrorInfo | None, kind: FunctionKind) -> str | None:
    """The note for a handler that failed on a global only another kind of function has (`DropEvent is not defined`
    in a destination function): the kind to run it as, and how to say so."""
    if error is None or error.name != "ReferenceError":
        return None
    for name, wanted in _KIND_GLOBALS.items():
        if error.message == f"{name} is not defined" and wanted != kind:
            article = "an" if kind == "insert" else "a"
            return (f"{name} exists only in {wanted} functions, and this one runs as {article} {kind} function: run it with "
                    f"--kind {wanted}, or set \"kind\": \"{wanted}\" in segtui.json beside it")
    return None


def unknown_type_note(invocation: Invocation, event_json: str) -> str | None:
    """The note for an event object whose `type` is a string but no Spec type (--skip-bad-lines runs one): Segment calls
    no handler for it, so its outcome says nothing of the code. Decided from the event, not the result's type: a batch's
    result is typed "batch" too, and an event object typed "batch" (or "request") is no batch."""
    if invocation.outcome != "unsupported_event_type" or invocation.kind == "source" or invocation.event_type in SPEC_TYPES:
        return None
    event = json.loads(event_json)  # read again only for an event no handler took of no Spec type, or such a batch
    event_type = event.get("type") if isinstance(event, dict) else None
    if not isinstance(event_type, str) or event_type in SPEC_TYPES:
        return None
    return (f'"{cut(event_type, TYPE_MOST)}" is no Spec type{type_hint(event_type)}: Segment calls no handler for it and '
            "answers EventNotSupported")


def no_handler_note(invocation: Invocation, handlers: Collection[str]) -> str | None:
    """The note for an event a function that defines no handler at all did not take (an empty file, a draft)."""
    if invocation.outcome != "unsupported_event_type" or handlers:
        return None
    names = ", ".join([*HANDLER_NAMES.values(), "onBatch"])
    return f"the function defines no handler ({names}): Segment answers every event with EventNotSupported"


def misnamed_handler_note(source: str, invocation: Invocation, handlers: Collection[str]) -> str | None:
    """The note for an event no handler took while the code names its handler in another case (`ontrack`, `OnTrack`):
    Segment calls a handler by its exact name, so such a function never runs."""
    name = invocation.handler_name
    if invocation.outcome != "unsupported_event_type" or not name or name in handlers:
        return None
    near = [word for word in _handler_spellings(source).get(name.lower(), ()) if word != name]
    if not near:
        return None
    defined = f"{', '.join(near)} {agreeing(len(near), 'is', 'are')}"
    return f"{name} is not defined, but {defined}: Segment calls a handler by its exact name, {name}"


@lru_cache(maxsize=4)
def _handler_spellings(source: str) -> dict[str, list[str]]:
    """The names the code's top level declares (functions, variables) that are a handler's name in any case, sorted, by
    that name in lower case (read once per code, as a replay's events each ask); a word in a comment or a string is none."""
    names = {name.lower() for name in (*HANDLER_NAMES.values(), "onBatch", "onRequest")}
    spellings: dict[str, list[str]] = {}
    for word in sorted(set(_declared_names(source))):
        if word.lower() in names:
            spellings.setdefault(word.lower(), []).append(word)
    return spellings


def _declared_names(source: str) -> list[str]:
    """The names of the functions and variables the top level of `source` declares (what a syntax error breaks left out)."""
    from tree_sitter import Parser  # deferred with javascript_grammar, which slows start-up

    from segtui.settings_reads import javascript_grammar  # here: a run that needs no note builds none of its records

    root = Parser(javascript_grammar()).parse(source.encode("utf-8", "replace")).root_node
    found = []
    for node in root.named_children:
        declared = node.named_children if node.type in ("lexical_declaration", "variable_declaration") else [node]
        for item in declared:
            name = item.child_by_field_name("name") if item.type in _DECLARATIONS else None
            if name is not None and name.type == "identifier":
                found.append((name.text or b"").decode("utf-8", "replace"))
    return found


_DECLARATIONS = ("function_declaration", "generator_function_declaration", "class_declaration", "variable_declarator")
