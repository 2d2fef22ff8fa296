"""Edit one setting's declaration: label, name, type, description, required, sensitive."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Label, Select

from segtui.label_names import camel_case
from segtui.secret_names import judged_sensitive
from segtui.setting_types import SETTING_TYPES
from segtui.settings import SettingSpec
from segtui.terminal import visible
from segtui.ui.screens.modal import Dialog
from segtui.ui.widgets.safe_input import SafeInput
from segtui.ui.widgets.setting_row import HIDDEN
from segtui.ui.widgets.tick_box import TickBox


class SettingEditor(Dialog[SettingSpec | None]):
    """A form of one declaration; returns the edited SettingSpec, or None when cancelled."""

    HELP = """\
## Setting
How `segtui.json` declares the setting, as Segment's Settings Builder does: the **label** users
see, the **name** the handler reads (`settings.name`; by default the label in camelCase), its
**type**, a description, whether a run needs it (**required**) and whether it is a secret
(**sensitive**: masked everywhere segtui shows or writes it).
"""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Done", id="setting.save"),
        Binding("escape", "cancel", "Cancel", id="setting.cancel"),
    ]

    def __init__(self, spec: SettingSpec, taken: set[str], title: str = "Setting", *, hidden: bool = False) -> None:
        super().__init__()
        self.spec = spec
        self.hidden = hidden
        """Whether the label and name show as passwords: a credential (a key pasted as the name), secrets not revealed;
        typing replaces them, as a set secret's value is replaced."""
        self.taken = taken
        """Names other settings already have."""
        self.title_text = title
        self.judging = spec.judged or not spec.name
        """Whether Sensitive follows the name and label, as a declaration silent on it is judged (SettingSpec.judged): a
        new setting's, or one declared so, until the user ticks or unticks it."""
        self._judged_value = spec.sensitive
        self._judged_name = spec.name, spec.label
        """The name and label the box was last ticked for: the fields' first Changed messages, which may come after a
        tick of the user's, judge nothing anew."""

    def compose(self) -> ComposeResult:
        spec = self.spec
        with VerticalScroll(classes="dialog"):  # a short terminal scrolls the focused field into view
            yield Label(self.title_text, classes="dialog-title")
            yield Label("Label")
            yield SafeInput(spec.label, id="label", placeholder="API Key", password=self.hidden)
            yield Label("Name (what the handler reads)")
            yield SafeInput(spec.name, id="name", placeholder=self._name_placeholder(spec.label), password=self.hidden)
            yield Label("Type")
            yield Select([(kind, kind) for kind in SETTING_TYPES], value=spec.type, allow_blank=False, id="type")
            yield Label("Description")
            yield SafeInput(spec.description, id="description")
            with Horizontal(classes="dialog-buttons"):
                yield TickBox("Required", spec.required, id="required", compact=True)
                yield TickBox("Sensitive", spec.sensitive, id="sensitive", compact=True)
            yield Label("", id="setting-problem", classes="setting-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Done (ctrl+s)", id="done", variant="primary")
                yield Button("Cancel (esc)", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#label", Input).focus()

    @on(Input.Changed, "#label")
    def _label_changed(self, message: Input.Changed) -> None:
        """The name's placeholder follows the label: left empty, the name is the label in camelCase."""
        self.query_one("#name", Input).placeholder = self._name_placeholder(message.value)
        self._judge()

    def _name_placeholder(self, label: str) -> str:
        """What the name shows left empty: the label in camelCase, unless the label is hidden."""
        return "apiKey" if self.hidden else camel_case(label.strip()) or "apiKey"

    @on(Input.Changed, "#name")
    def _judge(self) -> None:
        """While Sensitive follows the name, tick it as the name and label judge it (judged_sensitive)."""
        named = self._setting_name(), self.query_one("#label", Input).value.strip()
        if self.judging and named != self._judged_name:
            self._judged_name, self._judged_value = named, judged_sensitive(*named)
            self.query_one("#sensitive", Checkbox).value = self._judged_value

    @on(Checkbox.Changed, "#sensitive")
    def _sensitive_changed(self, message: Checkbox.Changed) -> None:
        if message.value != self._judged_value:  # the user's own tick (the name's come with the value it judged)
            self.judging = False

    def _setting_name(self) -> str:
        """The name typed, else the one the label derives."""
        return self.query_one("#name", Input).value.strip() or camel_case(self.query_one("#label", Input).value.strip())

    def edited(self) -> SettingSpec | None:
        """The declaration the form describes, or None after saying what is missing."""
        label = self.query_one("#label", Input).value.strip()
        name = self._setting_name()
        problem = ""
        if not label:
            problem = "A setting needs a label."
        elif not name:
            problem = "Give a name: none derives from this label."
        elif name in self.taken:
            problem = f'Another setting is already named "{HIDDEN if self.hidden else name}".'
        self.query_one("#setting-problem", Label).update(Text(visible(problem), style="red"))
        if problem:
            return None
        sensitive = self.query_one("#sensitive", Checkbox).value  # a tick not yet heard of (_sensitive_changed) counts
        return SettingSpec(label=label, name=name, type=str(self.query_one("#type", Select).value),
                           description=self.query_one("#description", Input).value.strip(),
                           required=self.query_one("#required", Checkbox).value,
                           sensitive=sensitive, judged=self.judging and sensitive == self._judged_value)

    @on(Button.Pressed, "#done")
    def action_save(self) -> None:
        spec = self.edited()
        if spec is not None:
            self.dismiss(spec)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
