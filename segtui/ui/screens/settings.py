"""The Settings Builder: the handler's settings, declared or only read, with their values; add, edit, remove, save."""

from __future__ import annotations

import json
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Static, Switch

from segtui.errors import SegtuiInputError
from segtui.settings import Schema, SettingSpec, check_types
from segtui.settings_builder import DECLARED, GROUP_TITLES, USED, BuilderRow
from segtui.settings_secrets import named_secrets
from segtui.terminal import visible
from segtui.ui.screens.setting_editor import SettingEditor
from segtui.ui.widgets.safe_input import SafeInput

_PLACEHOLDERS = {"array": '["a", "b"]', "map": '{"key": "value"}', "string": "not set: type a value"}
"""What an empty input shows: its compact input has no border, so without a placeholder an unset value is blank space."""
HIDDEN = "••••••••"
"""What a set secret shows while hidden: always as long, so its length is not given away."""


def _hidden(row: BuilderRow) -> bool:
    """Whether a setting's value is shown as a password: a sensitive one, or one holding values under keys that look
    like secrets' (`{"private_key": …}` in a map), which segtui masks everywhere else."""
    return row.spec.holds_secret(row.value) or bool(named_secrets(row.value))


def _as_text(spec: SettingSpec, value: Any) -> str:
    if value is None:
        return ""
    if spec.type in ("array", "map") or not isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return value


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


class SettingsScreen(ModalScreen[list[BuilderRow] | None]):
    """The Settings Builder; returns the rows to save (declarations and values), or None when cancelled."""

    HELP = """\
## Settings
The settings the handler receives as its second argument. **Declared** ones are in `segtui.json`
beside the handler (or in a `.tf` file's `settings` list); **used by the handler** lists those the handler reads (segtui finds them in
its code) that nobody declared; then values that nothing uses. Required settings are marked `*`
(a run is refused while one is empty); sensitive ones are masked here and everywhere segtui shows
output (a set secret shows as a fixed-length mask: leave it empty to keep it, type to replace it; started with
--reveal-secrets, **Reveal secrets** shows them as text).

**Add setting** declares a new one; **Edit** changes a declaration (label, name, type,
description, required, sensitive); **Remove** drops it and its value. **ctrl+s** saves
`segtui.json` (or the `.tf` file's settings) and the values file (creating them if needed) and runs the event again; a setting
the handler reads gets declared as soon as it has a value. **escape** closes without saving (after something changed, a
second escape).
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save settings", id="settings.save", tooltip="Save segtui.json and the values"),
        Binding("ctrl+n", "add", "Add setting", id="settings.add"),
        Binding("escape", "cancel", "Cancel", id="settings.cancel"),
    ]

    def __init__(self, rows: list[BuilderRow], path_label: str, schema_label: str = "segtui.json", *,
                 declared: bool = True, reveal: bool = False) -> None:
        super().__init__()
        self.rows = rows
        self.reveal = reveal
        """Whether the session runs with --reveal-secrets: only then can the form show secrets as text."""
        self.declared = declared
        """Whether the declarations' file exists (without it, saving writes one)."""
        self.opened_with = [(row.spec, row.value) for row in rows]
        """The rows as the form opened: saving them unchanged writes nothing."""
        self.path_label = path_label
        self.schema_label = schema_label
        """The file the declarations are saved to: segtui.json, or the function's .tf file."""
        self.kept = {id(row) for row in rows if _hidden(row) and row.value}
        """Sensitive settings left empty while hidden: saving keeps their values."""
        self.texts: dict[int, str | bool] = {}
        """What each row's input held when the form was last rebuilt, by row."""
        self.shown_first: list[tuple[SettingSpec, str | bool]] | None = None
        """Each setting and what its input held when the form first showed: escape asks again when they differ."""
        self.warned = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -wide -builder"):
            yield Label("Settings", classes="dialog-title")
            where = (f"Declared in {self.schema_label}" if self.declared
                     else f"No {self.schema_label} yet: saving writes one declaring these settings")
            yield Label(Text(f"{where}; values saved to {self.path_label}. Required settings are marked *.", style="dim"),
                        classes="dialog-note-wrap")
            with VerticalScroll(id="settings-form"):
                if not self.rows:
                    yield Static("No settings yet: add one (ctrl+n), or read one in the handler (settings.name).")
                shown_group = None
                for index, row in enumerate(self.rows):
                    if row.group != shown_group:
                        shown_group = row.group
                        yield Label(GROUP_TITLES[row.group], classes="settings-group")
                    yield from self._field(index, row)
            with Horizontal(classes="dialog-buttons"):
                if self.reveal and any(_hidden(row) for row in self.rows):
                    yield Checkbox("Reveal secrets", id="reveal", compact=True)
                yield Button("Add setting (ctrl+n)", id="add", compact=True)
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def _field(self, index: int, row: BuilderRow) -> ComposeResult:
        spec = row.spec
        title = Text(visible(spec.label), style="bold")
        if spec.required:
            title.append(" *", style="bold red")
        details = [spec.name, spec.type] + (["sensitive"] if spec.sensitive else [])
        if row.read_at:
            details.append(f"read at line {', '.join(map(str, row.read_at[:5]))}")
        title.append("  " + visible(" · ".join(details)), style="dim")
        with Vertical(classes="setting"):
            yield Label(title)
            if spec.description:
                yield Label(Text(visible(spec.description), style="dim italic"), classes="setting-description")
            with Horizontal(classes="setting-line"):
                yield from self._input(index, row)
                yield Button("Declare…" if row.group == USED else "Edit…", id=f"edit-{index}", compact=True)
                yield Button("Remove", id=f"remove-{index}", compact=True)
            yield Label("", id=f"error-{index}", classes="setting-error")

    def _input(self, index: int, row: BuilderRow) -> ComposeResult:
        spec = row.spec
        draft = self.texts.get(id(row))
        if spec.type == "boolean":
            yield Switch(bool(row.value) if draft is None else bool(draft), id=f"setting-{index}")
        elif _hidden(row):
            hint = f"{HIDDEN}  (set: type to replace it)" if id(row) in self.kept else _PLACEHOLDERS.get(spec.type, "")
            yield SafeInput(str(draft or ""), id=f"setting-{index}", password=True, placeholder=hint, classes="-sensitive",
                            compact=True)
        else:
            text = _as_text(spec, row.value) if draft is None else str(draft)
            yield SafeInput(text, id=f"setting-{index}", placeholder=_PLACEHOLDERS.get(spec.type, ""), compact=True)

    def on_mount(self) -> None:
        fields = self.query("Input, Switch")
        if fields:
            self.set_focus(fields.first())
        if self.shown_first is None:
            self.shown_first = self._form()

    def _form(self) -> list[tuple[SettingSpec, str | bool]]:
        return [(row.spec, self.field(index).value) for index, row in enumerate(self.rows)]

    def field(self, index: int) -> Input | Switch:
        """The input of the setting at `index`."""
        widget = self.query_one(f"#setting-{index}")
        if not isinstance(widget, (Input, Switch)):
            raise TypeError(f"setting {index} has no input")
        return widget

    def _capture(self) -> None:
        """Keep what every input holds, so that rebuilding the form loses nothing typed."""
        for index, row in enumerate(self.rows):
            widget = self.field(index)
            self.texts[id(row)] = widget.value

    async def _rebuild(self, focus: int | None = None) -> None:
        """Rebuild the form, focusing the input of the row at `focus` (the one just added, edited or in a removed
        one's place), so what is typed next goes to that setting, not to the first."""
        await self.recompose()
        if focus is not None and self.rows:
            self.field(min(focus, len(self.rows) - 1)).focus()
        else:
            self.on_mount()

    def on_key(self, event: events.Key) -> None:
        """A character typed right after ctrl+o, handed to this screen before its first input had the focus, goes to
        that input (a character typed into an input never comes here: the input takes it)."""
        if isinstance(self.focused, Input) and event.is_printable and event.character:
            event.stop()
            self.focused.replace(event.character, *self.focused.selection)

    @on(Input.Changed, ".-sensitive")
    def _typed(self, event: Input.Changed) -> None:
        if event.value:
            self.kept.discard(id(self.rows[int((event.input.id or "").removeprefix("setting-"))]))

    @on(Checkbox.Changed, "#reveal")
    def _reveal(self, event: Checkbox.Changed) -> None:
        """Show the secrets as text, or hide them again (untouched ones go back to the fixed-length mask)."""
        for index, row in enumerate(self.rows):
            if not _hidden(row) or row.spec.type == "boolean":
                continue
            field = self.query_one(f"#setting-{index}", Input)
            field.password = not event.value
            stored = _as_text(row.spec, row.value)
            if event.value and id(row) in self.kept:
                field.value = stored
            elif not event.value and stored and field.value == stored:
                self.kept.add(id(row))
                field.value = ""

    def action_add(self) -> None:
        self._edit(None, SettingSpec(label="", name=""), "Add a setting")

    def _edit(self, row: BuilderRow | None, spec: SettingSpec, title: str) -> None:
        taken = {other.spec.name for other in self.rows if other is not row}

        async def edited(new: SettingSpec | None) -> None:
            if new is None:
                return
            self._capture()
            if row is None:
                self.rows.append(BuilderRow(new, DECLARED))
            else:
                if new.type != row.spec.type:
                    self.texts.pop(id(row), None)
                    row.value = None
                row.spec, row.group = new, DECLARED
            edited_row = self.rows[-1] if row is None else row
            self.rows.sort(key=lambda item: item.group != DECLARED)
            await self._rebuild(next(i for i, item in enumerate(self.rows) if item is edited_row))

        self.app.push_screen(SettingEditor(spec, taken, title), edited)

    @on(Button.Pressed, "#add")
    def _add_pressed(self) -> None:
        self.action_add()

    @on(Button.Pressed)
    async def _row_button(self, event: Button.Pressed) -> None:
        name = event.button.id or ""
        if not name.startswith(("edit-", "remove-")):
            return
        action, index = name.rsplit("-", 1)
        row = self.rows[int(index)]
        if action == "edit":
            self._edit(row, row.spec, f"Declare {row.spec.name}" if row.group == USED else f"Edit {row.spec.name}")
            return
        self._capture()
        self.rows.remove(row)
        await self._rebuild(int(index))

    def collect(self) -> list[BuilderRow] | None:
        """The rows with the form's values, or None after marking the fields that do not fit their type."""
        ok = True
        for index, row in enumerate(self.rows):
            widget = self.field(index)
            error = self.query_one(f"#error-{index}", Label)
            error.update("")
            if id(row) in self.kept:
                continue
            if isinstance(widget, Switch):
                row.value = widget.value
                continue
            try:
                value = _parse(row.spec, widget.value)
            except SegtuiInputError as problem:
                error.update(Text(visible(str(problem).splitlines()[-1].strip(" -")), style="red"))
                ok = False
                continue
            row.value = None if value in (None, "") else value
        return self.rows if ok else None

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        rows = self.collect()
        if rows is None:
            return
        if [(row.spec, row.value) for row in rows] == self.opened_with:
            self.notify("Nothing changed, so nothing was saved.", title="Settings", timeout=3)
            self.dismiss(None)
            return
        self.dismiss(rows)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving; with changes made, only when asked twice, so a habitual escape loses nothing typed."""
        if self._form() != self.shown_first and not self.warned:
            self.warned = True
            self.notify("Your changes are not saved: escape again discards them, ctrl+s saves them.",
                        title="Settings", severity="warning", timeout=6)
            return
        self.dismiss(None)
