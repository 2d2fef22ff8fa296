"""How deep a text's syntax tree nests, as tree-sitter (Textual's highlighter) parses it."""

from __future__ import annotations

import functools
from typing import Any


@functools.cache
def _parser(language: str) -> Any:
    """A tree-sitter parser of `language` ("javascript" or "json"), from the grammar package Textual highlights with."""
    import importlib

    import tree_sitter

    grammar = importlib.import_module("tree_sitter_javascript" if language == "javascript" else "tree_sitter_json")
    return tree_sitter.Parser(tree_sitter.Language(grammar.language()))


def nests_deeper(language: str, text: str, limit: int) -> bool:
    """Whether `text`'s syntax tree nests more than `limit` levels deep (its walk stops there)."""
    cursor = _parser(language).parse(text.encode("utf-8", "surrogatepass")).walk()
    depth = 0
    while True:
        if cursor.goto_first_child():
            depth += 1
            if depth > limit:
                return True
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return False
            depth -= 1
