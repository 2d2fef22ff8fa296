"""Edit the handler's settings: typed inputs, required ones marked, sensitive ones masked."""

from __future__ import annotations

import json
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static, Switch

from segtui.errors import SegtuiInputError
from segtui.settings import Schema, SettingSpec, check_types

_PLACEHOLDERS = {"array": '["a", "b"]', "map": '{"key": "value"}', "string": ""}
HIDDEN = "••••••••"
"""What a set secret shows while hidden: always as long, so its length is not given away."""


def _as_text(spec: SettingSpec, value: Any) -> str:
    if value is None:
        return ""
    if spec.type in ("array", "map"):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _parse(spec: SettingSpec, text: str) -> Any:
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


class SettingsScreen(ModalScreen[dict | None]):
    """A form of the declared settings; returns the new values, or None when cancelled."""

    HELP = """\
## Settings
The settings the handler receives as its second argument, as declared in `segtui.json`
beside it. Required settings are marked `*` (a run is refused while one is empty);
sensitive ones are masked here and everywhere segtui shows output (a set secret shows as
a fixed-length mask: leave it empty to keep it, type to replace it, *Reveal secrets* and
clear it to remove it). **ctrl+s** saves them to the settings file and runs again.
"""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save settings", id="settings.save", tooltip="Save to the settings file"),
        Binding("escape", "cancel", "Cancel", id="settings.cancel"),
    ]

    def __init__(self, schema: list[SettingSpec], values: dict, path_label: str) -> None:
        super().__init__()
        self.schema = schema
        self.values = dict(values)
        self.path_label = path_label
        self.kept = {index for index, spec in enumerate(schema) if spec.sensitive and self.values.get(spec.name)}
        """Sensitive fields left empty while hidden: saving keeps their values."""

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -wide"):
            yield Label("Settings", classes="dialog-title")
            yield Label(Text(f"Saved to {self.path_label}. Required settings are marked *.", style="dim"))
            with VerticalScroll(id="settings-form"):
                if not self.schema:
                    yield Static("This handler declares no settings (segtui.json has an empty list).")
                for index, spec in enumerate(self.schema):
                    yield from self._field(index, spec)
            with Horizontal(classes="dialog-buttons"):
                if any(spec.sensitive for spec in self.schema):
                    yield Checkbox("Reveal secrets", id="reveal", compact=True)
                yield Button("Save (ctrl+s)", id="save", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def _field(self, index: int, spec: SettingSpec) -> ComposeResult:
        title = Text(spec.label, style="bold")
        if spec.required:
            title.append(" *", style="bold red")
        title.append(f"  {spec.name} · {spec.type}" + (" · sensitive" if spec.sensitive else ""), style="dim")
        with Vertical(classes="setting"):
            yield Label(title)
            if spec.description:
                yield Label(Text(spec.description, style="dim italic"), classes="setting-description")
            value = self.values.get(spec.name)
            if spec.type == "boolean":
                yield Switch(bool(value), id=f"setting-{index}")
            elif spec.sensitive:
                placeholder = f"{HIDDEN}  (set: type to replace it)" if index in self.kept else _PLACEHOLDERS.get(spec.type, "")
                yield Input("", id=f"setting-{index}", password=True, placeholder=placeholder, classes="-sensitive")
            else:
                yield Input(_as_text(spec, value), id=f"setting-{index}", placeholder=_PLACEHOLDERS.get(spec.type, ""))
            yield Label("", id=f"error-{index}", classes="setting-error")

    def on_mount(self) -> None:
        first = self.query("Input, Switch").first() if self.query("Input, Switch") else None
        if first is not None:
            first.focus()

    def field(self, index: int) -> Input | Switch:
        """The input of the setting at `index` in the schema."""
        return self.query_one(f"#setting-{index}")

    @on(Input.Changed, ".-sensitive")
    def _typed(self, event: Input.Changed) -> None:
        if event.value:
            self.kept.discard(int(event.input.id.removeprefix("setting-")))

    @on(Checkbox.Changed, "#reveal")
    def _reveal(self, event: Checkbox.Changed) -> None:
        """Show the secrets as text, or hide them again (untouched ones go back to the fixed-length mask)."""
        for index, spec in enumerate(self.schema):
            if not spec.sensitive:
                continue
            field = self.field(index)
            field.password = not event.value
            stored = _as_text(spec, self.values.get(spec.name))
            if event.value and index in self.kept:
                field.value = stored
            elif not event.value and stored and field.value == stored:
                self.kept.add(index)
                field.value = ""

    def collect(self) -> dict | None:
        """The form's values, or None after marking the fields that do not fit their type."""
        values = dict(self.values)
        ok = True
        for index, spec in enumerate(self.schema):
            widget = self.field(index)
            error = self.query_one(f"#error-{index}", Label)
            error.update("")
            if index in self.kept:
                continue
            if isinstance(widget, Switch):
                values[spec.name] = widget.value
                continue
            try:
                value = _parse(spec, widget.value)
            except SegtuiInputError as problem:
                error.update(Text(str(problem).splitlines()[-1].strip(" -"), style="red"))
                ok = False
                continue
            if value in (None, "") and spec.name in values:
                values.pop(spec.name)
            elif value not in (None, ""):
                values[spec.name] = value
        return values if ok else None

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        values = self.collect()
        if values is not None:
            self.dismiss(values)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
