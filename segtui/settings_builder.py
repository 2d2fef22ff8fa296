"""The Settings Builder's model: the settings a handler declares, those it reads that nobody declared, values
nothing uses, and saving them all back to `segtui.json` (or a `.tf` file) and the values file. Plain core: no Textual.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from segtui.function_files import is_terraform
from segtui.label_names import camel_case
from segtui.masking import Masker
from segtui.secret_names import judged_sensitive
from segtui.setting_types import spelled_type
from segtui.settings import (
    Schema,
    SettingSpec,
    load_schema_document,
    save_settings,
    schema_path,
)
from segtui.settings_reads import SettingsUse
from segtui.settings_secrets import named_secrets, sensitive_values
from segtui.user_files import write_json_atomic

DECLARED, USED, UNUSED = "declared", "used", "unused"
GROUP_TITLES = {
    DECLARED: "Declared",
    USED: "Used by the handler (not declared)",
    UNUSED: "Values nothing uses",
}


@dataclass
class BuilderRow:
    """One setting as the Builder lists it: its declaration (or a draft of one), its group, its value."""

    spec: SettingSpec
    group: str
    value: Any = None
    read_at: tuple[int, ...] = field(default_factory=tuple)
    """Lines where the handler reads it."""
    holds_secrets: bool = False
    """Whether its value holds a secret of the settings (another setting's too), which segtui masks everywhere else."""


def _type_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "map"
    return "string"


def draft(name: str, value: Any, schema: Schema) -> SettingSpec:
    """The declaration the Builder proposes for an undeclared setting: typed by its value, sensitive if it looks secret
    (by its name, or by what it holds: `{"private_key": …}`, a `Bearer …` or `sk_live_…` value)."""
    sensitive = schema.is_sensitive(name, value) or bool(named_secrets(value))
    return SettingSpec(label=name, name=name, type=_type_of(value), sensitive=sensitive)


def builder_rows(schema: Schema, values: dict[str, Any], use: SettingsUse) -> list[BuilderRow]:
    """Declared settings, then those the handler reads that nobody declared, then values nothing uses."""
    lines: dict[str, list[int]] = {}
    for read in use.reads:  # a helper's read is one per handler that calls it: each line is listed once
        if read.line not in lines.setdefault(read.name, []):
            lines[read.name].append(read.line)
    declared = {spec.name for spec in schema.specs}
    rows = [BuilderRow(spec, DECLARED, values.get(spec.name), tuple(lines.get(spec.name, ()))) for spec in schema.specs]
    rows += [BuilderRow(draft(name, values.get(name), schema), USED, values.get(name), tuple(lines[name]))
             for name in use.names if name not in declared]
    rows += [BuilderRow(draft(name, value, schema), UNUSED, value)
             for name, value in values.items() if name not in declared and name not in lines]
    masker = Masker(sensitive_values(schema, values))
    for row in rows:
        row.holds_secrets = bool(masker) and row.value is not None and masker.data(row.value) != row.value
    return rows


def declaration(spec: SettingSpec, before: dict[str, Any] | None = None) -> dict[str, Any]:
    """A setting as `segtui.json` holds it: label and name, then only what differs from the defaults; written over
    its declaration `before`, whose keys keep their order, spelling and explicit defaults where they still hold."""
    before = before or {}
    item: dict[str, Any] = {"label": spec.label}
    if "name" in before or spec.name != camel_case(spec.label):
        item["name"] = spec.name
    if spelled_type(before.get("type")) == spec.type:
        item["type"] = before["type"]  # "STRING", as Segment's API writes it, stays so
    elif not before or spec.type != "string":
        item["type"] = spec.type
    if spec.description or "description" in before:
        item["description"] = spec.description
    if spec.required or "required" in before:
        item["required"] = spec.required
    # A declaration silent on it stays so while its name or label judges it (SettingSpec.judged); a new one is written
    # as the form showed it ticked (Segment reads silence as not sensitive), and an explicit `false` is kept, or written
    # when the user unticked a setting its name or label would judge sensitive.
    if (not spec.judged or not before) and (spec.sensitive or "sensitive" in before or judged_sensitive(spec.name, spec.label)):
        item["sensitive"] = spec.sensitive
    return {key: item[key] for key in [*before, *item] if key in item}


def declared_by_saving(row: BuilderRow) -> bool:
    """Whether saving declares a setting the handler reads that nobody declared: it does once it has a value."""
    return row.group == USED and row.value not in (None, "")


def as_saved(rows: list[BuilderRow], declared: bool) -> list[tuple[SettingSpec, Any, str]]:
    """Each row's declaration, value and group as saving leaves them, which the Builder compares with the rows as it
    opened: with settings `declared`, a value the handler reads is declared (runs refuse it until then); without, it
    counts as no change (saving would write a segtui.json that makes every other name a typo)."""
    return [(row.spec, row.value, DECLARED if declared and declared_by_saving(row) else row.group) for row in rows]


def saved(rows: list[BuilderRow]) -> tuple[list[SettingSpec], dict[str, Any]]:
    """What saving the rows declares and sets: every row but a setting the handler reads that has no value yet
    (it stays listed, undeclared, until it gets one)."""
    kept = [row for row in rows if row.group != USED or declared_by_saving(row)]
    values = {row.spec.name: _as_declared(row.spec, row.value) for row in kept if row.value is not None}
    return [row.spec for row in kept], values


def _as_declared(spec: SettingSpec, value: Any) -> Any:
    """A value as its declared type holds it: a number declared a string is saved as its text (Segment's settings
    have no number type; kept a number, the values file would no longer load against the schema just saved)."""
    if spec.type == "string" and isinstance(value, (int, float)) and not isinstance(value, bool):
        return json.dumps(value)
    return value


def save_builder(handler: Path, rows: list[BuilderRow], values_file: Path) -> bool:
    """Write the schema (atomically: `segtui.json`, keeping every other key it had, or a `.tf` file's settings list)
    where its declarations changed, and the values file (owner-only); whether the schema was written."""
    specs, values = saved(rows)
    if is_terraform(handler):
        from segtui.function_files.terraform import write_settings  # deferred: it imports the HCL parser

        written = write_settings(handler, specs)
    else:
        document = load_schema_document(handler)
        declared = document.get("settings")
        before = {_declared_name(item): item for item in declared or [] if isinstance(item, dict)}
        document["settings"] = [declaration(spec, before.get(spec.name)) for spec in specs]
        # A value's change alone leaves the file as the user wrote it (its layout, its spacing), as the .tf file is left.
        written = not schema_path(handler).exists() or document["settings"] != declared
        if written:
            write_json_atomic(document, schema_path(handler), overwrite=True, mode=None)
    save_settings(values_file, values)
    return written


def _declared_name(item: dict[str, Any]) -> object:
    """The name a `segtui.json` declaration gives its setting, as load_schema reads it."""
    label = item.get("label")
    return item.get("name", camel_case(label) if isinstance(label, str) else None)
