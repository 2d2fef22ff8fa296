"""The handler's settings as the next run gets them, and the sandbox config that masks their secrets.

No Textual import.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from segtui.cassette import CassetteWriter
from segtui.control_chars import one_label, visible
from segtui.errors import SegtuiInputError
from segtui.masking import NO_MASK, Masker
from segtui.mock_rules import MockFile as MockRules
from segtui.protocol import SandboxConfig
from segtui.required_settings import check_required
from segtui.setting_types import fits
from segtui.settings import (
    Schema,
    check_types,
    load_schema,
    load_settings_file,
    parse_setting_args,
    resolve_settings,
    schema_path,
)
from segtui.settings_builder import DECLARED, USED, BuilderRow, builder_rows, save_builder
from segtui.settings_reads import settings_use
from segtui.settings_secrets import sensitive_values
from segtui.ui.files import display_path
from segtui.ui.run_job import RunJob, shown_refusal
from segtui.ui.session import TuiSetup
from segtui.user_files import committed_by_git, real_path


@dataclass
class HandlerSettings:
    """Schema, values and secrets of the handler; `config` carries the secrets the sandbox masks cassettes with."""

    handler: Path
    file: Path
    schema: Schema
    values: dict[str, Any]
    config: SandboxConfig
    reveal: bool = False
    recording: CassetteWriter | None = None
    cli: tuple[str, ...] = ()
    """The --setting arguments, applied over the settings file; saving the Builder drops those whose values it changed."""
    opened: tuple[Schema, dict[str, Any]] | None = None
    """The schema and values the Settings Builder was last opened on: saving must not overwrite a change made since."""
    _masker: tuple[list[str], Masker] | None = field(default=None, repr=False, compare=False)
    """The last Masker made of the secrets, with them (one of a PEM key takes ~0.3-1 s to make): `masker`."""
    _making: threading.Lock = field(default_factory=threading.Lock, repr=False, compare=False)
    """Held while that Masker is made: the UI loop and a run's worker may both ask for it."""
    _mock_rules: MockRules | None = field(default=None, repr=False, compare=False)
    """The mock file's rules as the runs' workers last read them (run_job.mock_checked), kept while its path is."""
    sources: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Where each value was given (segtui.settings.settings_sources): a refusal names the file that holds a typo."""

    @classmethod
    def from_setup(cls, setup: TuiSetup) -> HandlerSettings:
        run = setup.run
        return cls(setup.handler, setup.settings_file, run.schema, dict(run.settings), run.config, run.reveal,
                   run.recording, tuple(setup.cli_settings), sources=run.sources)

    def use_mock(self, path: Path | None) -> None:
        """Answer requests from the mock file `path` from the next run on (a new segtui.mock.yaml, say), or live again."""
        # The earlier file's parse goes with it (mock_parsed): the sandbox would only have compared it with the new text.
        network = replace(self.config.network, mock=str(real_path(path)) if path else None, mock_parsed=None)
        self.config = replace(self.config, network=network)

    @property
    def secrets(self) -> list[str]:
        """Every sensitive value: what cassettes, goldens and reports mask whatever --reveal-secrets says."""
        return sensitive_values(self.schema, self.values)

    def job(self, event_name: str, trigger: str, source: str, payload: dict[str, Any] | list[Any] | None, refused: str | None = None,
            reload_from: tuple[str, float] | None = None) -> RunJob:
        """A run of `payload` on `source` with these settings, refused (saying how to fix it) while a value is given for
        a name segtui.json does not declare (as `segtui run` refuses it) or one required is empty (the worker refuses
        it while the mock file cannot be read: run_job.mock_checked)."""
        if refused is None:
            try:
                check_types(self.schema, self.values, self.sources, self._masked)
            except SegtuiInputError as error:
                refused = f"{error}\nPress ctrl+o to open the settings: {self._fixes(source)}."
        if refused is None:
            try:
                check_required(self.schema, self.values, fix="Press ctrl+o to open the settings.",
                               masked=self._masked)
            except SegtuiInputError as error:
                refused = str(error)
        # The name is what the panes, the status line and the tables show of the run: a file's name may hold a line feed.
        return RunJob(one_label(event_name), trigger, self.handler, source, payload, dict(self.values), self.config,
                      self.reveal, self.recording, None if refused is None else shown_refusal(refused, self.masker()),
                      reload_from, self.masker_for(self.secrets), self._rules())

    def masker(self) -> Masker:
        """The Masker of the secrets, NO_MASK under --reveal-secrets; made only when asked for (a run that is not
        refused never asks), on the UI loop or in a run's worker."""
        return NO_MASK if self.reveal else self._secrets_masker()

    def masker_for(self, secrets: list[str]) -> Callable[[], Masker]:
        """What makes the Masker of `secrets` (a job's, as it was made) when called: a refusal made later in a run's
        worker masks the secrets of its run, not those the settings have by then."""
        reveal = self.reveal
        return lambda: NO_MASK if reveal else self._secrets_masker(secrets)

    def _masked(self, text: str) -> str:
        """`text` with the secrets masked whatever --reveal-secrets says, as a settings error masks them."""
        return self._secrets_masker().text(text)

    def _secrets_masker(self, secrets: list[str] | None = None) -> Masker:
        """The Masker of `secrets` (else the settings' secrets) whatever --reveal-secrets says, made again only when
        they change.

        Used on the UI loop (an event's text, a refusal) and by a run's worker at once (a refusal quoting the mock
        file): a Masker's memories are dicts each call updates whole, its work bound is per thread (a context variable),
        as for the engine's Masker, which the panes and the workers share too."""
        secrets = self.secrets if secrets is None else secrets
        if not secrets:
            return NO_MASK
        with self._making:
            if self._masker is None or self._masker[0] != secrets:
                self._masker = (secrets, Masker(secrets))
            return self._masker[1]

    def _rules(self) -> MockRules | None:
        """The mock file's rules, read and checked by a run's worker (again only once the file changed)."""
        mock = self.config.network.mock
        if mock is not None and (self._mock_rules is None or self._mock_rules.path != Path(mock)):
            self._mock_rules = MockRules(mock)
        return self._mock_rules if mock is not None else None

    def shown_text(self, text: str) -> str:
        """A user's file's text as the TUI shows it (an event in its editor): its secrets masked unless --reveal-secrets."""
        return self.masker().text(text)

    def _fixes(self, source: str) -> str:
        """What to do in the Settings Builder about the values runs refuse: one of the wrong type gets a value of its
        type; one for a name segtui.json does not declare is removed, or declared."""
        specs = {name: self.schema.spec(name) for name in self.values}
        fixes = []
        if any(spec is not None and value is not None and not fits(value, spec.type)
               for spec, value in zip(specs.values(), self.values.values(), strict=True)):
            fixes.append("give it a value of its type there (the file keeps the one it has until you save)")
        if self.schema.declared and None in specs.values():
            fixes.append(f"remove it there, or declare it ({self._declaring(source)})")
        return "; ".join(fixes)

    def _declaring(self, source: str) -> str:
        """The Builder's button that declares the values segtui.json leaves out: Declare… on a setting the handler
        reads, Edit… on a value nothing uses."""
        if not self.schema.declared:
            return "Edit…"
        read = set(settings_use(source).names)
        buttons = {"Declare…" if name in read else "Edit…" for name in self.values if self.schema.spec(name) is None}
        return " or ".join(sorted(buttons or {"Edit…"}, reverse=True))

    def _read(self) -> tuple[Schema, dict[str, Any], dict[str, tuple[str, ...]]]:
        """The schema, the values and where each was given, as the files on disk give them now. Bad files raise
        SegtuiInputError; a name segtui.json does not declare and a value of the wrong type are kept, for runs to refuse
        and the Builder to flag. A named pipe is refused: read again, it would wait for a writer that never comes."""
        schema = load_schema(self.handler)
        return schema, *resolve_settings(schema, self.file if self.file.exists() else None, list(self.cli),
                                         lenient=True, pipe=False, memory_mb=self.config.memory_mb)

    def reload(self) -> bool:
        """Read the schema and settings file again; True when what a run gets changed. Bad files raise SegtuiInputError."""
        schema, values, self.sources = self._read()
        if schema == self.schema and values == self.values:
            return False
        self.schema, self.values = schema, values
        self._update_config()
        return True

    def rows(self, source: str) -> list[BuilderRow]:
        """The Settings Builder's rows for the handler's current source."""
        self.opened = (self.schema, dict(self.values))
        return builder_rows(self.schema, self.values, settings_use(source))

    def save(self, rows: list[BuilderRow]) -> tuple[str, bool]:
        """Write segtui.json and the values file from the Builder; what to say, and whether it warns: a values file
        holding secrets that Git does not ignore is one `git add .` shares.

        A value given with --setting and left as it was stays out of the file (the file keeps what it had) and goes on
        applying for this session: --setting keeps a key out of files, and saving for another change must not write it.
        """
        self._check_unchanged_on_disk()
        given = parse_setting_args(self.cli, self.schema) if self.cli else {}
        on_file = (load_settings_file(self.file, self.schema, memory_mb=self.config.memory_mb)
                   if given and self.file.exists() else {})
        kept = {row.spec.name for row in rows if row.spec.name in given and row.value == given[row.spec.name]}
        declared = save_builder(self.handler, [_without_given(row, on_file) if row.spec.name in kept else row
                                               for row in rows], self.file)
        self.cli = tuple(arg for arg in self.cli if arg.partition("=")[0].strip() in kept)
        self.reload()
        schema = f"{display_path(schema_path(self.handler))} and " if declared else ""
        saved = f"Settings saved to {schema}{display_path(self.file)}"
        if kept:
            saved += f" ({_names(kept)} from --setting left out of it)"
        if self.secrets and committed_by_git(self.file):
            return (f"{saved}. It holds secrets and Git does not ignore it: add {self.file.name} to .gitignore, or a "
                    "commit of this folder shares them."), True
        return saved, False

    def _check_unchanged_on_disk(self) -> None:
        """Refuse to save over a settings file or schema edited elsewhere since the Builder opened (or left invalid
        before): the Builder's rows hold the values read before that edit, and saving them would throw it away."""
        try:
            now = self._read()[:2]
        except SegtuiInputError as error:
            raise SegtuiInputError(f"{error}\nFix that file first: saving now would overwrite it.") from None
        if self.opened is not None and now != self.opened:
            changed = display_path(self.file) if now[0] == self.opened[0] else display_path(schema_path(self.handler))
            raise SegtuiInputError(f"{changed} changed on disk since the settings opened: saving would overwrite that "
                                   "change. Press escape twice, then ctrl+o to edit the settings as they are now.")

    def _update_config(self) -> None:
        self.config = replace(self.config, network=replace(self.config.network, secrets=self.secrets))


def _without_given(row: BuilderRow, on_file: dict[str, Any]) -> BuilderRow:
    """A row whose value came from --setting as saved: declared, with the value the file had (none if it had none)."""
    return replace(row, value=on_file.get(row.spec.name), group=DECLARED if row.group == USED else row.group)


def _names(names: set[str]) -> str:
    shown = sorted(visible(name) for name in names)
    return ", ".join(shown[:3]) + (f" and {len(shown) - 3} more" if len(shown) > 3 else "")
