"""A `segment_function`'s `settings` list, in Segment's words, read as segtui's Schema and written as Git sync does."""

from __future__ import annotations

from typing import Any

from segtui.function_files.hcl_strings import encode_quoted
from segtui.settings import UNDECLARED, Schema, SettingSpec, declared_schema

WRITTEN_TYPES = {"string": "STRING", "boolean": "BOOLEAN", "array": "ARRAY", "map": "TEXT_MAP"}
_KEYS = ("description", "label", "name", "required", "sensitive", "type")


def settings_schema(items: Any, where: str) -> Schema:
    """The Schema a `settings` list declares (None, when the block has no `settings`, declares none)."""
    if items is None:
        return UNDECLARED
    if isinstance(items, list):
        items = [_as_declaration(item) for item in items]
    return declared_schema(items, where)


def _as_declaration(item: Any) -> Any:
    """A Segment setting object as `segtui.json` would hold it: nulls left out (its type, in Segment's words, is one
    `segtui.json` takes too)."""
    if not isinstance(item, dict):
        return item
    return {key: value for key, value in item.items() if value is not None}


def _value(value: str | bool) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return encode_quoted(value) if value else "null"


def format_settings(specs: list[SettingSpec], indent: str) -> str:
    """The `settings` list's value as Segment's Git sync writes it: one object per setting, keys sorted and aligned."""
    if not specs:
        return "[]"
    width = max(len(key) for key in _KEYS)
    lines = ["["]
    for spec in specs:
        values: dict[str, str | bool] = {"description": spec.description, "label": spec.label, "name": spec.name,
                                         "required": spec.required, "sensitive": spec.sensitive,
                                         "type": WRITTEN_TYPES[spec.type]}
        lines.append(f"{indent}  {{")
        lines += [f"{indent}    {key:<{width}} = {_value(values[key])}" for key in _KEYS]
        lines.append(f"{indent}  }},")
    lines.append(f"{indent}]")
    return "\n".join(lines)
