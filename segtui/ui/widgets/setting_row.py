"""One setting of the Settings Builder: its title, description, input, Edit and Remove buttons and error line."""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Button, Label, Switch

from segtui.errors import SegtuiInputError
from segtui.setting_types import fits
from segtui.settings import Schema, SettingSpec, check_types, closest_name
from segtui.settings_builder import DECLARED, GROUP_TITLES, UNUSED, USED, BuilderRow, declared_by_saving
from segtui.settings_secrets import credential_name, named_secrets
from segtui.terminal import visible
from segtui.ui.widgets.safe_input import SafeInput

PLACEHOLDERS = {"array": '["a", "b"]', "map": '{"key": "value"}', "string": "not set: type a value",
                "boolean": "true or false"}
"""What an empty input shows: its compact input has no border, so without a placeholder an unset value is blank space."""
HIDDEN = "••••••••"
"""What a set secret shows while hidden: always as long, so its length is not given away."""


def group_title(group: str, declared: bool) -> str:
    """A group's title in the Builder; with nothing `declared` yet, the settings it lists as declarations (the implicit
    apiKey, those added) are what saving declares: under "Declared" they contradicted the note above them."""
    return "Declared when you save" if group == DECLARED and not declared else GROUP_TITLES[group]


def hidden(row: BuilderRow) -> bool:
    """Whether a setting's value is shown as a password: a sensitive one, or one holding values under keys that look
    like secrets' (`{"private_key": …}` in a map) or another setting's secret, which segtui masks everywhere else."""
    return row.spec.holds_secret(row.value) or bool(named_secrets(row.value)) or row.holds_secrets


def as_text(spec: SettingSpec, value: Any) -> str:
    """A setting's value as its input shows it (as JSON when it is not a string, or not of its type)."""
    if value is None:
        return ""
    if spec.type in ("array", "map") or not isinstance(value, str) or not fits(value, spec.type):
        return json.dumps(value, ensure_ascii=False)
    return value


def parse(spec: SettingSpec, text: str) -> Any:
    """The value an input holds for its setting type; raises SegtuiInputError when it does not fit."""
    if spec.type == "string":
        return text
    if not text.strip():
        return None
    try:
        value = json.loads(text)
    except json.JSONDecodeError as error:
        raise SegtuiInputError(f"not valid JSON: {error.msg} (column {error.colno})") from None
    check_types(Schema((spec,), declared=True), {spec.name: value})
    return value


def changes(spec: SettingSpec, value: Any, text: str | bool) -> bool:
    """Whether an input's `text` changes the `value` its setting opened with: a text that does not fit its type does,
    unless it is that value's own (one of the wrong type, as the file has it)."""
    try:
        now = text if isinstance(text, bool) else parse(spec, text)
    except SegtuiInputError:
        return text != as_text(spec, value)
    return bool((None if now in (None, "") else now) != value)


def untouched(row: BuilderRow, text: str | bool) -> bool:
    """Whether an input's text is what its setting's value shows as (a secret's, hidden or revealed; a switch's state:
    off for an unset boolean), which saving keeps as the file has it, of the wrong type or absent too."""
    if isinstance(text, bool):
        return text == shown_text(row, None)
    return text in (shown_text(row, None), as_text(row.spec, row.value))


def shown_text(row: BuilderRow, draft: str | bool | None) -> str | bool:
    """What the setting's input holds: `draft` when something was typed, else its value (a switch's state; a set
    secret's nothing: its input shows the fixed-length mask; a boolean's of another type, as text to correct)."""
    if draft is not None:
        return draft
    if row.spec.type == "boolean" and (row.value is None or isinstance(row.value, bool)):
        return bool(row.value)
    return "" if hidden(row) else as_text(row.spec, row.value)


def setting_index(widget: Widget | None) -> int | None:
    """The index of the setting whose input `widget` is, if it is one."""
    name = widget.id if widget is not None else None
    return int(name.removeprefix("setting-")) if name and name.startswith("setting-") else None


def shown_name(name: str, revealing: bool) -> str:
    """A setting's name or label as the Builder shows it: hidden when it is a credential (a key pasted as the name)."""
    return HIDDEN if not revealing and credential_name(name) else name


def _type_problem(row: BuilderRow) -> str:
    """Why runs and saving refuse a declared setting's value, not of its type, as the values file (or --setting) gives
    it, or nothing."""
    if row.group != DECLARED:
        return ""
    try:
        check_types(Schema((row.spec,), declared=True), {row.spec.name: row.value})
    except SegtuiInputError as error:
        return f"{str(error).splitlines()[-1].strip(' -')}, so runs are refused: correct it here and save"
    return ""


CREDENTIAL_NAME = "its name looks like a credential (a key pasted as the name?): remove it, or rename it with Edit…"


def naming_problem(row: BuilderRow, declared: list[str] | None, schema_label: str, revealing: bool, *,
                   opening: bool = False) -> str:
    """Why a setting cannot be saved as it is, whatever its value: a value nothing uses that the settings `declared` in
    `schema_label` leave out (None: nothing declares any), which a run refuses (a typo of a declared name, most often:
    the closest is named), a name that is a credential, which saving would declare in a file kept in Git, or a declared
    setting's value that is not of its type; and, as the form is `opening`, why runs refuse the value of a setting the
    handler reads that they leave out (saving declares it)."""
    if declared is not None and (row.group == UNUSED or (opening and declared_by_saving(row))):
        hint = closest_name(row.spec.name, declared)
        near = f' (did you mean "{shown_name(hint, revealing)}"?)' if hint else ""
        fix = ("save to declare it as shown (Declare… to change how), or remove it" if row.group == USED
               else "remove it, or declare it with Edit…")
        return f"{schema_label} does not declare it{near}, so runs are refused while it is set: {fix}"
    if credential_name(row.spec.name) or credential_name(row.spec.label):
        return CREDENTIAL_NAME
    return _type_problem(row)


def removal_question(row: BuilderRow, schema_label: str, values_label: str, revealing: bool) -> tuple[str, str]:
    """Asking to remove a setting: what saving then loses, its declaration (said to be required or sensitive) and its
    value."""
    spec = row.spec
    marks = " and ".join(word for word, on in (("required", spec.required), ("sensitive", spec.sensitive)) if on)
    name = f"{shown_name(spec.label, revealing)} ({shown_name(spec.name, revealing)})"
    said = f"{name} is declared in {schema_label}{' as ' + marks if marks else ''}." if row.group == DECLARED else ""
    lost = [f"its declaration from {schema_label}"] if row.group == DECLARED else []
    lost += [f"its value from {values_label}"] if row.value is not None else []
    saving = f"Saving the settings then removes {' and '.join(lost)}." if lost else "Nothing of it is saved yet."
    text = f"{said} {saving} Nothing is written until you save (ctrl+s).".strip()
    return visible(f"Remove {shown_name(spec.label, revealing)}?"), visible(text)


def revealed(row: BuilderRow, text: str | bool, kept: bool, revealing: bool) -> tuple[str | bool, bool]:
    """What a secret's input holds, and whether its set value is kept hidden, once Reveal secrets is ticked
    (`revealing`) or unticked: a kept one shows its value, an untouched one goes back to the fixed-length mask."""
    stored = as_text(row.spec, row.value)
    if revealing and kept:
        return stored, False
    if not revealing and stored and text == stored:
        return "", True
    return text, kept


def setting_row(index: int, row: BuilderRow, text: str | bool, *, kept: bool, revealing: bool,
                problem: str = "") -> Widget:
    """The widgets of the setting at `index`, its input holding `text`; `kept` is a set secret left hidden, `revealing`
    whether secrets show as text, `problem` why its text does not fit its type."""
    spec = row.spec
    title = Text(visible(shown_name(spec.label, revealing)), style="bold")
    if spec.required:
        title.append(" *", style="bold red")
    details = [shown_name(spec.name, revealing), spec.type] + (["sensitive"] if spec.sensitive else [])
    if row.read_at:
        details.append(f"read at line {', '.join(map(str, row.read_at[:5]))}")
    title.append("  " + visible(" · ".join(details)), style="dim")
    description = ([Label(Text(visible(spec.description), style="dim italic"), classes="setting-description")]
                   if spec.description else [])
    return Vertical(
        Label(title), *description,
        Horizontal(*_inputs(index, row, text, kept=kept, revealing=revealing),
                   Button("Declare…" if row.group == USED else "Edit…", id=f"edit-{index}", compact=True),
                   Button("Remove", id=f"remove-{index}", compact=True), classes="setting-line"),
        problem_line(index, problem),
        classes="setting")


def problem_line(index: int, problem: str) -> Label:
    """The line under the setting at `index` saying why its text does not fit its type (none when it fits)."""
    line = Label(Text(problem, style="red"), id=f"error-{index}", classes="setting-error")
    line.display = bool(problem)
    return line


def switch_state(on: bool, unset: bool = False) -> str:
    """What a boolean setting's switch holds, in words and as the values file writes it (`unset`: nothing, not false)."""
    return "on (true)" if on else "off (not set)" if unset else "off (false)"


class BooleanField(Horizontal):
    """A boolean setting's switch with its state in words beside it (a switch alone, off, showed as a dark bar that
    said nothing); off, a setting that opened unset stays unset (saving another setting wrote false for it)."""

    def __init__(self, value: bool, index: int, unset: bool) -> None:
        super().__init__(classes="boolean-field")
        self.value, self.index, self.unset = value, index, unset

    def compose(self) -> ComposeResult:
        yield Switch(self.value, id=f"setting-{self.index}")
        yield Label(switch_state(self.value, self.unset), id=f"state-{self.index}", classes="switch-state")

    @on(Switch.Changed)
    def _switched(self, event: Switch.Changed) -> None:
        self.query_one(Label).update(switch_state(event.value, self.unset))


def _inputs(index: int, row: BuilderRow, text: str | bool, *, kept: bool, revealing: bool) -> list[Widget]:
    """The setting's input (with a boolean's, its state in words)."""
    spec = row.spec
    if spec.type == "boolean" and isinstance(text, bool):
        return [BooleanField(text, index, unset=row.value is None)]
    if hidden(row):
        hint = f"{HIDDEN}  (set: type to replace it)" if kept else PLACEHOLDERS.get(spec.type, "")
        return [SafeInput(str(text), id=f"setting-{index}", password=not revealing, placeholder=hint,
                          classes="-sensitive", compact=True)]
    return [SafeInput(str(text), id=f"setting-{index}", placeholder=PLACEHOLDERS.get(spec.type, ""), compact=True)]
