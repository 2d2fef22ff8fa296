"""The four types a setting is declared with, how a declaration may spell them, and which values fit each."""

from __future__ import annotations

from typing import Any

SETTING_TYPES = ("string", "boolean", "array", "map")
TYPE_NAMES = {
    "string": "a string",
    "boolean": "a boolean (true or false)",
    "array": 'an array of strings, written as JSON such as ["a", "b"] (with --setting also as a,b)',
    "map": 'a map of string to string, written as JSON such as {"key": "value"}',
}
"""Each type as an error about a value not of it names it."""


def spelled_type(value: object) -> object:
    """The type a declaration's `type` names: one of SETTING_TYPES in any case, or Segment's other spellings (its
    public API's and Terraform's `TEXT_MAP`); a value that is not a string as it is."""
    if not isinstance(value, str):
        return value
    return {"text_array": "array", "text_map": "map"}.get(value.lower(), value.lower())


def fits(value: Any, setting_type: str) -> bool:
    """Whether a value fits a setting type."""
    if setting_type == "string":
        return isinstance(value, str)
    if setting_type == "boolean":
        return isinstance(value, bool)
    if setting_type == "array":
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    return isinstance(value, dict) and all(isinstance(item, str) for item in value.values())


def comma_items(raw: str) -> list[str]:
    """A bare `a, b ,c` as the array of strings ["a", "b", "c"]: each item stripped, empty ones left out."""
    return [item.strip() for item in raw.split(",") if item.strip()]
