"""Required settings left empty: named, with how to set them where the user is (a secret never on a command line)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from segtui.errors import SegtuiInputError
from segtui.settings import Schema, SettingSpec, secret_name


def _is_empty(value: Any) -> bool:
    """Whether a value leaves a required setting unset: missing, null, blank, [] or {}."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == [] or value == {}


def check_required(schema: Schema, values: dict[str, Any], *, file: Path | None = None, fix: str = "") -> None:
    """Raise SegtuiInputError naming every required setting that is empty, as Segment refuses such a run, then `fix`:
    how to set them (by default the command line's ways, in `file` or with --setting, a secret's in the file only)."""
    missing = [spec for spec in schema.specs if spec.required and _is_empty(values.get(spec.name))]
    if not missing:
        return
    plural = len(missing) > 1
    names = ", ".join(f"{spec.name} ({spec.label})" for spec in missing)
    raise SegtuiInputError(f"Missing required setting{'s' if plural else ''}: {names}.\n{fix or _how_to_set(missing, file)}")


def _how_to_set(missing: list[SettingSpec], file: Path | None) -> str:
    """How to set the `missing` settings from the command line: a secret in the settings file, as a command line stays
    in the shell's history (advising `--setting password=...` put it there)."""
    them = "them" if len(missing) > 1 else "it"
    where = f"in {file}" if file is not None else "in the settings file"
    secrets = [spec.name for spec in missing if spec.sensitive or secret_name(spec.name)]
    flags = " ".join(f"--setting {spec.name}=..." for spec in missing if spec.name not in secrets)
    if not secrets:
        return f"Set {them} with {flags}, or {where}."
    if not flags:
        return f"Set {them} {where} (not with --setting: a command line stays in the shell's history)."
    return (f"Set {them} {where}, or with {flags} ({', '.join(secrets)} in the file only: a command line stays in the "
            "shell's history).")
