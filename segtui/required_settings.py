"""Required settings left empty: named, with how to set them where the user is (a secret never on a command line)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from segtui.errors import SegtuiInputError
from segtui.secret_names import judged_sensitive
from segtui.settings import Schema, SettingSpec, secrets_masker


def _is_empty(value: Any) -> bool:
    """Whether a value leaves a required setting unset: missing, null, blank, [] or {}."""
    if isinstance(value, str):
        return not value.strip()
    return value is None or value == [] or value == {}


def check_required(schema: Schema, values: dict[str, Any], *, file: Path | None = None, fix: str = "",
                   masked: Callable[[str], str] | None = None) -> None:
    """Raise SegtuiInputError naming every required setting that is empty, as Segment refuses such a run, then `fix`:
    how to set them (by default the command line's ways, in `file` or with --setting, a secret's in the file only);
    `masked` masks the values' secrets (settings.secrets_masker's, given by a caller that keeps one)."""
    missing = [spec for spec in schema.specs if spec.required and _is_empty(values.get(spec.name))]
    if not missing:
        return
    plural = len(missing) > 1
    masked = masked or secrets_masker(schema, values)  # a name or label may be a credential: a key pasted as the name
    names = ", ".join(f"{masked(spec.name)} ({masked(spec.label)})" for spec in missing)
    raise SegtuiInputError(f"Missing required setting{'s' if plural else ''}: {names}.\n"
                           f"{fix or _how_to_set(missing, file, masked)}")


def _how_to_set(missing: list[SettingSpec], file: Path | None, masked: Callable[[str], str]) -> str:
    """How to set the `missing` settings from the command line: a secret in the settings file, as a command line stays
    in the shell's history (advising `--setting password=...` put it there), also one whose name or label names a secret
    (`judged_sensitive`: `Client Secret` over `cs`) or whose name is a credential, `masked`."""
    them = "them" if len(missing) > 1 else "it"
    where = f"in {file}" if file is not None else "in the settings file"
    secret = [spec.sensitive or judged_sensitive(spec.name, spec.label) or masked(spec.name) != spec.name for spec in missing]
    secrets = [masked(spec.name) for spec, hidden in zip(missing, secret, strict=True) if hidden]
    flags = " ".join(f"--setting {spec.name}=..." for spec, hidden in zip(missing, secret, strict=True) if not hidden)
    if not secrets:
        return f"Set {them} with {flags}, or {where}."
    if not flags:
        return f"Set {them} {where} (not with --setting: a command line stays in the shell's history)."
    return (f"Set {them} {where}, or with {flags} ({', '.join(secrets)} in the file only: a command line stays in the "
            "shell's history).")
