"""The Settings Builder: the handler's settings, declared or only read, with their values; add, edit, remove, save.

Only a page of settings is mounted at a time (more on demand, or those a search finds): thousands of rows of widgets
would take the terminal tens of seconds to lay out. What each row's input holds is kept by row, mounted or not.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Label, Static, Switch

from segtui.errors import SegtuiInputError
from segtui.settings import SettingSpec
from segtui.settings_builder import DECLARED, USED, BuilderRow, as_saved
from segtui.settings_secrets import credential_name
from segtui.terminal import visible
from segtui.ui.focus import focus_now
from segtui.ui.screens.dialogs import ConfirmDialog
from segtui.ui.screens.modal import Dialog
from segtui.ui.screens.setting_editor import SettingEditor
from segtui.ui.screens.settings_help import SETTINGS_HELP
from segtui.ui.widgets.safe_input import SafeInput
from segtui.ui.widgets.setting_row import (
    HIDDEN,
    changes,
    group_title,
    hidden,
    naming_problem,
    parse,
    removal_question,
    revealed,
    setting_index,
    setting_row,
    shown_name,
    shown_text,
    untouched,
)
from segtui.ui.widgets.tick_box import TickBox

__all__ = ["HIDDEN", "PAGE", "SettingsScreen"]

PAGE = 25
"""How many settings the form mounts at first, and how many more each "Show more" adds."""
SEARCH_PAUSE = 0.25
"""Seconds of no typing in the search box before the form shows what it finds: each search mounts a page anew."""


class SettingsScreen(Dialog[tuple[str, bool] | None]):
    """The Settings Builder; saves the rows with `save` and returns what it said (and whether it warns), or None when
    nothing was saved. A save refused (a file changed on disk meanwhile) keeps the form open with what was typed."""

    HELP = SETTINGS_HELP
    AUTO_FOCUS = ""  # on_mount focuses: Textual's focus, before the layout, centred the first value, its name hidden
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save settings", id="settings.save", tooltip="Save segtui.json and the values"),
        Binding("ctrl+n", "add", "Add setting", id="settings.add"),
        Binding("escape", "cancel", "Cancel", id="settings.cancel"),
        Binding("enter", "next_setting", "Next setting", id="settings.next", show=False, priority=True),
    ]

    def __init__(self, rows: list[BuilderRow], save: Callable[[list[BuilderRow]], tuple[str, bool]], path_label: str,
                 schema_label: str = "segtui.json", *, declared: bool = True, reveal: bool = False) -> None:
        super().__init__()
        self.rows, self.save = rows, save
        self.reveal = reveal
        """Whether the session runs with --reveal-secrets: only then can the form show secrets as text."""
        self.declared = declared
        """Whether the declarations' file exists (without it, saving writes one)."""
        self.opened_with = [(row.spec, row.value, row.group) for row in rows]
        """The rows as the form opened: saving them unchanged (none declared since) writes nothing."""
        self.path_label = path_label
        self.schema_label = schema_label
        """The file the declarations are saved to: segtui.json, or the function's .tf file."""
        self.kept = {id(row) for row in rows if hidden(row) and row.value}
        """Sensitive settings left empty while hidden: saving keeps their values."""
        self.touched: set[int] = set()
        """The rows whose text the user changed: saving takes their text even if typed back as it was (`untouched`)."""
        self.texts: dict[int, str | bool] = {}
        """What each row's input held when it was last unmounted or the form rebuilt, by row."""
        self.revealing = False
        """Whether secrets show as text (only with --reveal-secrets)."""
        self.problems = {id(row): problem for row in rows if (problem := self._naming_problem(row, opening=True))}
        """Why a row cannot be saved as it is (its text does not fit its type, say), by row, as the last save found."""
        self.find = ""
        """The search the form's settings are narrowed to (with more than a page of them)."""
        self.limit = PAGE
        """How many of the settings found the form mounts."""
        self.mounted: list[int] = []
        """The indexes in `rows` of the settings mounted, in order."""
        self._group: str | None = None
        self._search_timer: Timer | None = None
        self.warned = False

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog", classes="dialog -wide -builder"):
            yield Label("Settings", classes="dialog-title")
            where = (f"Declared in {self.schema_label}" if self.declared
                     else f"Nothing declares settings yet: saving declares these in {self.schema_label}")
            yield Label(Text(f"{where}; values saved to {self.path_label}. Required settings are marked *.", style="dim"),
                        classes="dialog-note-wrap")
            if self._paged:
                yield SafeInput(self.find, id="settings-find", compact=True,
                                placeholder=f"Find one of the {len(self.rows):,} settings by name or label")
            with VerticalScroll(id="settings-form") as form:
                form.can_focus = False  # tab goes from the search box to the first setting, not to the list around it
                yield from self._form()
            with Horizontal(classes="dialog-buttons"):
                if self.reveal and any(hidden(row) for row in self.rows):
                    yield TickBox("Reveal secrets", self.revealing, id="reveal", compact=True)
                yield Button("Add setting (ctrl+n)", id="add", compact=True)
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    @property
    def _paged(self) -> bool:
        return len(self.rows) > PAGE

    def _found(self) -> list[int]:
        """The indexes of the settings the search finds (all of them without one)."""
        words = self.find.casefold().split() if self._paged else []
        return [index for index, row in enumerate(self.rows)
                if all(word in f"{row.spec.name} {row.spec.label}".casefold() for word in words)]

    def _form(self) -> list[Widget]:
        """The form's widgets: the first `limit` settings found, under their groups' titles, then "Show more"."""
        found = self._found()
        self.mounted, self._group = [], None
        if not self.rows:
            return [Static("No settings yet: add one (ctrl+n), or read one in the handler (settings.name).")]
        if not found:
            return [Static(f"No setting's name or label holds {visible(self.find)!r}.", markup=False)]
        return [*self._settings(found[:self.limit]), *self._more(len(found) - self.limit)]

    def _settings(self, indexes: list[int]) -> list[Widget]:
        """The widgets of the settings at `indexes`, each group's first under its title; recorded as mounted."""
        widgets: list[Widget] = []
        for index in indexes:
            row = self.rows[index]
            if row.group != self._group:
                self._group = row.group
                widgets.append(Label(group_title(row.group, self.declared), classes="settings-group"))
            widgets.append(setting_row(index, row, shown_text(row, self.texts.get(id(row))), kept=id(row) in self.kept,
                                       revealing=self.revealing, problem=self.problems.get(id(row), "")))
        self.mounted.extend(indexes)
        return widgets

    def _more(self, rest: int) -> list[Widget]:
        return [Button(f"Show {min(rest, PAGE)} more ({rest:,} not shown; or find one above)", id="more", compact=True)
                ] if rest > 0 else []

    @on(Button.Pressed, "#more")
    async def _show_more(self, event: Button.Pressed) -> None:
        """Mount the next page of the settings found, and focus the first of them."""
        event.stop()
        found = self._found()
        start = len(self.mounted)
        self.limit = start + PAGE
        form = self.query_one("#settings-form", VerticalScroll)
        await form.mount_all(self._settings(found[start:self.limit]), before=event.button)
        await event.button.remove()
        await form.mount_all(self._more(len(found) - self.limit))
        focus_now(self.field(self.mounted[start]))

    @on(Input.Changed, "#settings-find")
    def _search_typed(self, event: Input.Changed) -> None:
        """Search once typing pauses (SEARCH_PAUSE)."""
        event.stop()
        if self._search_timer is not None:
            self._search_timer.stop()
        self._search_timer = self.set_timer(SEARCH_PAUSE, partial(self._search, event.value))

    async def _search(self, text: str) -> None:
        """Show the settings whose name or label holds every word of `text`."""
        self._capture()
        self.find, self.limit = text, PAGE
        form = self.query_one("#settings-form", VerticalScroll)
        await form.remove_children()
        await form.mount_all(self._form())

    def on_mount(self) -> None:
        """Focus the first setting to fix (a value segtui.json leaves out, say), else the first setting, its row in view."""
        if fields := [*(self.field(at) for at in self.mounted if id(self.rows[at]) in self.problems), *self.query("Input, Switch")]:
            focus_now(fields[0], within="setting")  # its row, its name too, in view once a short terminal's layout settles

    def _naming_problem(self, row: BuilderRow, opening: bool = False) -> str:
        """Why a row cannot be saved as it is or, as the form is `opening`, why runs refuse its value (naming_problem)."""
        declared = [other.spec.name for other in self.rows if other.group == DECLARED] if self.declared else None
        return naming_problem(row, declared, self.schema_label, self.revealing, opening=opening)

    def _changed(self) -> bool:
        """Whether saving would save other than what the form opened with (what `collect` would take, not taking it)."""
        if len(self.rows) != len(self.opened_with):
            return True
        for index, (row, (spec, value, group)) in enumerate(zip(self.rows, self.opened_with, strict=True)):
            if (row.spec, row.group) != (spec, group):
                return True
            if id(row) in self.kept or (index not in self.mounted and id(row) not in self.texts):
                continue
            text = self._text(index)  # one the user did not touch is the file's value, of the wrong type too
            if (id(row) in self.touched or not untouched(row, text)) and changes(row.spec, value, text):
                return True
        return False

    def field(self, index: int) -> Input | Switch:
        """The input of the setting at `index` (mounted)."""
        widget = self.query_one(f"#setting-{index}")
        if not isinstance(widget, (Input, Switch)):
            raise TypeError(f"setting {index} has no input")
        return widget

    def _capture(self) -> None:
        """Keep what every mounted input holds, so that rebuilding the form loses nothing typed."""
        for index in self.mounted:
            self.texts[id(self.rows[index])] = self.field(index).value

    def _text(self, index: int) -> str | bool:
        """What the input of the setting at `index` holds, mounted or not."""
        if index in self.mounted:
            return self.field(index).value
        row = self.rows[index]
        return shown_text(row, self.texts.get(id(row)))

    async def _rebuild(self, focus: int | None = None) -> None:
        """Rebuild the form, focusing the input of the row at `focus` (the one just added, edited or in a removed
        one's place) when it is shown, so what is typed next goes to that setting, not to the first."""
        await self.recompose()
        if focus is not None and self.rows and (at := min(focus, len(self.rows) - 1)) in self.mounted:
            field = self.field(at)
            focus_now(field)
            field.call_after_refresh(field.scroll_visible, animate=False)  # the focus scrolled before the new layout
        else:
            self.on_mount()

    def on_key(self, event: events.Key) -> None:
        """A character typed right after ctrl+o, handed to this screen before its first input had the focus, goes to
        that input (a character typed into an input never comes here: the input takes it)."""
        if isinstance(self.focused, Input) and event.is_printable and event.character:
            event.stop()
            self.focused.replace(event.character, *self.focused.selection)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        """Note a setting's text changed from what it opened with (a secret's typed over its hidden value)."""
        if (index := setting_index(event.input)) is None:
            return
        if event.value and event.input.has_class("-sensitive"):
            self.kept.discard(id(self.rows[index]))
        if not untouched(self.rows[index], event.value):
            self.touched.add(id(self.rows[index]))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Enter goes on to the next setting from a setting's value only (elsewhere it presses, or searches)."""
        return action != "next_setting" or (isinstance(self.focused, Input) and setting_index(self.focused) is not None)

    def action_next_setting(self) -> None:
        """Go on to the next setting's value, past its Edit… and Remove (after the last, to Save), as enter arrives:
        keys typed right after it go there (run from the input, enter moved the focus only after they had arrived)."""
        at = self.mounted.index(setting_index(self.focused) or 0)
        focus_now(self.field(self.mounted[at + 1]) if at + 1 < len(self.mounted) else self.query_one("#save", Button))

    @on(Checkbox.Changed, "#reveal")
    def _reveal(self, event: Checkbox.Changed) -> None:
        """Show the secrets as text, or hide them again (untouched ones go back to the fixed-length mask)."""
        self.revealing = event.value
        for index, row in enumerate(self.rows):
            if not hidden(row) or row.spec.type == "boolean":
                continue
            text, kept = revealed(row, self._text(index), id(row) in self.kept, event.value)
            (self.kept.add if kept else self.kept.discard)(id(row))
            if index not in self.mounted:
                self.texts[id(row)] = text
                continue
            field = self.query_one(f"#setting-{index}", Input)
            with field.prevent(Input.Changed):  # not the user's change: the text shown or hidden again
                field.password, field.value = not event.value, str(text)

    @on(Button.Pressed, "#add")
    def action_add(self) -> None:
        self._edit(None, SettingSpec(label="", name=""), "Add a setting")

    def _edit(self, row: BuilderRow | None, spec: SettingSpec, title: str) -> None:
        taken = {other.spec.name for other in self.rows if other is not row}

        async def edited(new: SettingSpec | None) -> None:
            if new is None:
                return
            self._capture()
            target = BuilderRow(new, DECLARED) if row is None else row
            if row is None:
                self.rows.append(target)
            elif new.type != row.spec.type:
                self.texts.pop(id(row), None)
                row.value = None
            target.spec, target.group = new, DECLARED
            self.problems.pop(id(target), None)
            self.rows.sort(key=lambda item: item.group != DECLARED)
            if self.rows.index(target) not in self._found()[:self.limit]:
                self.find, self.limit = new.name, PAGE
            await self._rebuild(self.rows.index(target))

        hidden = not self.revealing and bool(credential_name(spec.name) or credential_name(spec.label))
        self.app.push_screen(SettingEditor(spec, taken, title, hidden=hidden), edited)

    @on(Button.Pressed)
    async def _row_button(self, event: Button.Pressed) -> None:
        name = event.button.id or ""
        if not name.startswith(("edit-", "remove-")):
            return
        action, index = name.rsplit("-", 1)
        row = self.rows[int(index)]
        if action == "edit":
            name = shown_name(row.spec.name, self.revealing)
            self._edit(row, row.spec, f"Declare {name}" if row.group == USED else f"Edit {name}")
            return
        question = removal_question(row, self.schema_label, self.path_label, self.revealing)
        self.app.push_screen(ConfirmDialog(*question, "Remove"), partial(self._remove, row, int(index)))

    async def _remove(self, row: BuilderRow, index: int, confirmed: bool | None) -> None:
        """Remove a setting once confirmed, focusing the one in its place."""
        if not confirmed:
            return
        self._capture()
        self.rows.remove(row)
        await self._rebuild(index)

    def collect(self) -> list[BuilderRow] | None:
        """Copies of the rows with the form's values (a refused save changes none of the rows'), or None after marking
        the settings whose text or value does not fit their type, shown or not, hidden or not (those unshown in a toast)."""
        self.problems.clear()
        copies = [replace(row) for row in self.rows]
        for index, row in enumerate(self.rows):
            if index in self.mounted:
                self._show_problem(index, "")
            if id(row) in self.kept or (index not in self.mounted and id(row) not in self.texts):
                continue  # a set secret left hidden, or a setting never shown: its value stays as it was
            text = self._text(index)
            if id(row) not in self.touched and untouched(row, text):
                continue  # its value stays as the file gives it (checked below, as every value)
            try:
                value = text if isinstance(text, bool) else parse(row.spec, text)
            except SegtuiInputError as problem:
                self.problems[id(row)] = visible(str(problem).splitlines()[-1].strip(" -"))
                if index in self.mounted:
                    self._show_problem(index, self.problems[id(row)])
                continue
            copies[index].value = None if value in (None, "") else value
        for index, row in enumerate(self.rows):
            if id(row) not in self.problems and (naming := self._naming_problem(copies[index])):
                self.problems[id(row)] = naming
                if index in self.mounted:
                    self._show_problem(index, naming)
        unseen = [shown_name(row.spec.name, self.revealing) for index, row in enumerate(self.rows)
                  if id(row) in self.problems and index not in self.mounted]
        if self.problems:  # said under each shown; those not shown are named
            self.notify(f"{', '.join(map(visible, unseen[:5]))}{' …' if len(unseen) > 5 else ''}: find them above to "
                        "fix them." if unseen else "Fix what is said in red first.", severity="error", title="Not saved")
        return None if self.problems else copies

    def _show_problem(self, index: int, problem: str) -> None:
        """Say under the mounted setting at `index` why its text does not fit its type, or nothing."""
        line = self.query_one(f"#error-{index}", Label)
        line.update(Text(problem, style="red"))
        line.display = bool(problem)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if (rows := self.collect()) is None:
            return
        if as_saved(rows, self.declared) == self.opened_with:
            self.notify("Nothing changed, so nothing was saved.", title="Settings", timeout=3)
            self.dismiss(None)
            return
        try:
            said = self.save(rows)
        except SegtuiInputError as error:
            self.notify(str(error), severity="error", title="Settings not saved", timeout=10)
            return
        self.dismiss(said)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        """Close without saving; with changes made, only when asked twice, so a habitual escape loses nothing typed."""
        if not self.warned and self._changed():
            self.warned = True
            self.notify("Your changes are not saved: escape again discards them, ctrl+s saves them.",
                        title="Settings", severity="warning", timeout=6)
            return
        self.dismiss(None)
