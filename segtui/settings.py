"""Settings: the schema a handler declares, the values a run uses, and masking of sensitive ones.

The schema lives in `segtui.json` beside the handler, as Segment's Settings Builder would
hold it: `{"settings": [{"label": "API Key", "name": "apiKey", "type": "string",
"description": "…", "required": true, "sensitive": true}, …]}`. Values are a JSON object
of name → value, from a settings file, with `--setting name=value` arguments on top.
"""

import functools
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from segtui.credential_shapes import shown_name
from segtui.errors import SegtuiInputError
from segtui.event_size import check_settings_size, check_text_size
from segtui.function_files import is_terraform
from segtui.json_input import MAX_DEPTH, decode_json, json_kind, nesting_depth_exceeds, strict_loads
from segtui.key_like import credential_like
from segtui.label_names import camel_case
from segtui.protocol import DEFAULT_MEMORY_MB
from segtui.secret_names import judged_sensitive, password_like, secret_name
from segtui.setting_types import SETTING_TYPES, TYPE_NAMES, comma_items, fits, spelled_type
from segtui.settings_lines import settings_line_structure
from segtui.user_files import file_size, quotable, read_text_file, write_json_atomic

SCHEMA_FILENAME = "segtui.json"
_SETTING_KEYS = ("label", "name", "type", "description", "required", "sensitive")
_SCHEMA_KEYS = frozenset(("settings", "kind", *_SETTING_KEYS))
"""The names of segtui.json's own keys: the only ones a broken line of it shows (settings_lines)."""
_VALUES_FORM = 'a JSON object of setting name → value, such as {"apiKey": "…"}'


@dataclass(frozen=True)
class SettingSpec:
    """One declared setting: what Segment's Settings Builder records for it."""

    label: str
    name: str
    type: str = "string"
    description: str = ""
    required: bool = False
    sensitive: bool = False
    judged: bool = field(default=False, compare=False)
    """Whether the declaration was silent on `sensitive`, so that its name or label judged it (`judged_sensitive`),
    and its name judges each value too."""

    def holds_secret(self, value: object) -> bool:
        """Whether this setting's value is masked: a sensitive one (silent on it, one `judged_sensitive`), or, judged by
        name, one that looks like a key under a name about data or about a secret (`secret_name`); declared not
        sensitive, one that looks like a key or a password under a secret's name (Git sync and Segment's API write
        `sensitive = false` for every setting not ticked so) or, a text, under a secret's label only."""
        if self.sensitive:
            return True
        if secret_name(self.name, value):
            return self.judged or credential_like(value) or password_like(self.name, value)
        # Only the label, prose, may name one (`Key Events`, `Token Endpoint`): a text under it that reads as a key or a
        # password is one, a list, a map, a number or a URL is not.
        return (isinstance(value, str) and secret_name(self.label, value) and not any(char.isspace() for char in value)
                and (credential_like(value) or password_like(self.label, value)))


IMPLICIT_API_KEY = SettingSpec(
    label="API Key",
    name="apiKey",
    description="The implicit setting every Developer Center subscription had.",
    sensitive=True,
)
"""The schema used when a handler declares no settings: Segment's default `apiKey`, sensitive, optional."""

@dataclass(frozen=True)
class Schema:
    """The settings a handler declares, and whether a `segtui.json` declares them.

    Without one (or without its "settings" key) the handler has Segment's implicit `apiKey`, and
    any other name a run is given is accepted as it is; with one, a name it does not declare is a typo.
    """

    specs: tuple[SettingSpec, ...]
    declared: bool

    def spec(self, name: str) -> SettingSpec | None:
        """The declared setting called `name`, if any."""
        return next((spec for spec in self.specs if spec.name == name), None)

    def is_sensitive(self, name: str, value: object = None) -> bool:
        """Whether a setting's values are masked: as declared, else when its name (with its value) looks like a
        secret's or, declared settings given, like a typo of a sensitive one's (`apiKye` for `apiKey`)."""
        spec = self.spec(name)
        if spec is not None:
            return spec.holds_secret(value)
        sensitive = [spec.name for spec in self.specs if spec.sensitive] if self.declared else []
        return secret_name(name, value) or closest_name(name, sensitive) is not None


UNDECLARED = Schema((IMPLICIT_API_KEY,), declared=False)

def schema_path(handler_path: Path) -> Path:
    """Where the schema of a handler (a file, or the folder holding it) lives: a `.tf` file holds its own."""
    handler_path = Path(handler_path)
    if is_terraform(handler_path):
        return handler_path
    folder = handler_path if handler_path.is_dir() else handler_path.parent
    return folder / SCHEMA_FILENAME


def _parse_setting_spec(item: Any, where: str) -> SettingSpec:
    """Check one schema entry and build its SettingSpec, deriving `name` from `label` when absent."""
    if not isinstance(item, dict):
        raise SegtuiInputError(f"{where} must be an object with at least a label, got {json_kind(item)}")
    for key in item:
        if key not in _SETTING_KEYS:
            raise SegtuiInputError(f'{where}: unknown key {_typo(key, _SETTING_KEYS)}; keys: {", ".join(_SETTING_KEYS)}')
    label = item.get("label")
    if not isinstance(label, str) or not label.strip():
        raise SegtuiInputError(f'{where}: "label" must be a non-empty string')
    where = f'{where} ({shown_name(label) if _LABEL.fullmatch(label) else "its label not shown"})'
    name = item.get("name", camel_case(label))
    if not isinstance(name, str) or not name:
        raise SegtuiInputError(f'{where}: "name" must be a non-empty string (give one; none derives from this label)')
    setting_type = spelled_type(item.get("type", "string"))
    if not isinstance(setting_type, str) or setting_type not in SETTING_TYPES:
        raise SegtuiInputError(f'{where}: unknown type {_typo(item.get("type"), SETTING_TYPES)}; types: {", ".join(SETTING_TYPES)} '
                               "(or Segment's STRING, BOOLEAN, ARRAY, TEXT_MAP)")
    description = item.get("description", "")
    if not isinstance(description, str):
        raise SegtuiInputError(f'{where}: "description" must be a string')
    for flag in ("required", "sensitive"):
        if not isinstance(item.get(flag, False), bool):
            raise SegtuiInputError(f'{where}: "{flag}" must be true or false')
    return SettingSpec(
        label=label,
        name=name,
        type=setting_type,
        description=description,
        required=item.get("required", False),
        # Silent on it (Segment's default, not sensitive, would leave a key shown): judged by its name and its label.
        sensitive=item.get("sensitive", judged_sensitive(name, label)),
        judged="sensitive" not in item,
    )


_WORDS = re.compile("[A-Za-z_]{1,40}")
_LABEL = re.compile(r"[A-Za-z][A-Za-z ._()/&'-]{0,79}")
"""A label an error names its setting by (`API Key`): words of letters; any other text may be a credential pasted there,
and the setting's place names it."""
_NOT_SHOWN = "(not shown: no word, nor close to a known one)"


def _quotable(text: str, hint: str | None) -> bool:
    """Whether an unknown name (a key, a type, a setting's) may be quoted: a typo of a known one (`hint`), or words of
    letters (`number`, `api_key`); any other text in that place may be a credential pasted there, which no rule tells
    from a name (`AKIAIOSFODNN7EXAMPLE`)."""
    return hint is not None or _WORDS.fullmatch(text) is not None


def _typo(text: object, known: Iterable[str]) -> str:
    """An unknown key or type as an error quotes it (`_quotable`), with the known one it is a typo of."""
    if not isinstance(text, str):
        return f"({json_kind(text)})"
    hint = closest_name(text, known)
    if not _quotable(text, hint):
        return _NOT_SHOWN
    return shown_name(text) + (f' (did you mean "{hint}"?)' if hint else "")


def load_schema(handler_path: Path) -> Schema:
    """The settings a handler declares in the `segtui.json` beside it (a `.tf` file's in its own `settings`).

    With no such file, or a file without a "settings" key, the handler gets Segment's
    implicit `apiKey` (sensitive, not required) and undeclared names are accepted;
    `"settings": []` declares none at all.
    """
    if is_terraform(handler_path):
        from segtui.function_files.terraform import read_function  # deferred: that module builds on this one

        return read_function(Path(handler_path)).schema
    document = load_schema_document(handler_path)
    if "settings" not in document:
        return UNDECLARED
    return declared_schema(document["settings"], str(schema_path(handler_path)))


def declared_schema(items: Any, where: str) -> Schema:
    """The Schema a list of settings declares (each an object as `segtui.json` holds it), checked."""
    if not isinstance(items, list):
        raise SegtuiInputError(f'{where}: "settings" must be an array of settings, got {json_kind(items)}')
    specs = [_parse_setting_spec(item, f"{where}: settings[{index}]") for index, item in enumerate(items)]
    names = [spec.name for spec in specs]
    duplicates = sorted({name for name in names if names.count(name) > 1})
    if duplicates:
        masked = secrets_masker(Schema(tuple(specs), declared=True), {})  # a name may be a key pasted as the name
        raise SegtuiInputError(f"{where}: settings declared more than once: {', '.join(map(masked, duplicates))}")
    return Schema(tuple(specs), declared=True)


def load_schema_document(handler_path: Path) -> dict[str, Any]:
    """The whole `segtui.json` beside a handler as a JSON object (empty when there is none); found, never named, it
    is never a named pipe, which has no writer and would be waited on for ever."""
    path = schema_path(handler_path)
    text = read_text_file(path, 'a JSON object such as {"settings": [...]}', pipe=False) if path.exists() else ""
    if not text.strip():
        return {}
    # A key twice is refused (a JSON reader keeps the last, silently); a bad line is quoted as its structure only, as
    # a settings file's is (settings_lines): it may hold a sensitive setting's value.
    document = decode_json(text, str(path), quote=quotable(path), unique_keys=True, names=_SCHEMA_KEYS,
                           veil=functools.partial(settings_line_structure, names=_SCHEMA_KEYS))
    if not isinstance(document, dict):
        raise SegtuiInputError(f'{path} must hold a JSON object such as {{"settings": [...]}}, got {json_kind(document)}')
    return document


def load_settings_file(path: Path, schema: Schema = UNDECLARED, *, pipe: bool = True, memory_mb: int = DEFAULT_MEMORY_MB) -> dict[str, Any]:
    """Read a settings file: a JSON object of setting name → value; a broken line is quoted showing only the names
    `schema` declares. `pipe` takes a named pipe (one the user named, `--settings <(…)`), not one segtui found; a file
    too big for `memory_mb` is refused unread, a pipe (no size before) once read (check_settings_size)."""
    check_settings_size(file_size(path := Path(path)), str(path), memory_mb)
    check_text_size(text := read_text_file(path, _VALUES_FORM, pipe=pipe), str(path), memory_mb, check_settings_size)
    if not text.strip():
        raise SegtuiInputError(f"{path} is empty; expected {_VALUES_FORM}")
    # A settings file holds secrets: its line is quoted only as its structure, and only when it may be quoted at all.
    # A setting given twice is refused (a JSON reader keeps the last, silently), named only when declared or words.
    names = frozenset(spec.name for spec in schema.specs)
    values = decode_json(text, str(path), quote=quotable(path), unique_keys=True,
                         names=lambda key: key in names or _quotable(key, None),
                         veil=functools.partial(settings_line_structure, names=names))
    if not isinstance(values, dict):
        raise SegtuiInputError(f"{path}: expected {_VALUES_FORM}, got {json_kind(values)}")
    return values


def parse_setting_args(args: Iterable[str], schema: Schema = UNDECLARED) -> dict[str, Any]:
    """Parse `name=value` arguments: the value as JSON when that fits the declared type, else the raw string.

    `apiKey=123` stays the string "123", `enabled=true` is a boolean for a boolean setting,
    `tags=["a"]` an array, as is `tags=a,Order Completed` (not JSON) for an array setting; an undeclared name is
    typed by its JSON value (`count=5` is a number, `appId=app1` a string). Later arguments win.
    """
    types = {spec.name: spec.type for spec in schema.specs}
    values: dict[str, Any] = {}
    for arg in args:
        name, equals, raw = arg.partition("=")
        name = name.strip()
        # The argument is not repeated: one without "=" may well be a secret given without its name.
        if not equals:
            raise SegtuiInputError('--setting expects name=value, got an argument with no "=" (not shown: it may be a secret)')
        if not name:
            raise SegtuiInputError('--setting expects name=value, got one with no name before "="')
        if nesting_depth_exceeds(raw):
            raise SegtuiInputError(f"--setting {name}: the JSON nests arrays or objects more than {MAX_DEPTH} levels deep; "
                                   f"segtui reads up to {MAX_DEPTH} (the value is not shown: it may be a secret)")
        declared = types.get(name)
        try:
            parsed = strict_loads(raw)
        except ValueError:  # not JSON (NaN too), or digits past what segtui reads: the text itself
            # A bare `a,b` for an array; a broken JSON array is kept, for the type check to say so. Valid JSON (null:
            # unset; "a,b", true, 1.50: the wrong type) is never split.
            parsed = comma_items(raw) if declared == "array" and not raw.lstrip().startswith("[") else raw
        # JSON of the wrong shape for a boolean, array or map is kept, so the type check can say what is wrong.
        values[name] = parsed if declared is None or declared != "string" or fits(parsed, declared) else raw
    return values


def _type_problem(spec: SettingSpec, value: Any, masked: Callable[[str], str], source: str = "") -> str | None:
    """Describe why a value does not fit its setting, or None when it fits (null counts as unset); the setting's name
    and label and a map's key it names are `masked`, as each may be a secret (a key pasted as the name, a map of token →
    account); `source` says where the value was given."""
    if value is None or fits(value, spec.type):
        return None
    label = f" ({masked(spec.label)})" if spec.label != spec.name else ""  # not `"enabled" (enabled)`
    shown = f'setting "{masked(spec.name)}"{label}{source} must be {TYPE_NAMES[spec.type]}'
    if spec.type == "array" and isinstance(value, list):
        index, item = next((i, item) for i, item in enumerate(value, 1) if not isinstance(item, str))
        return f"{shown}; item {index} is {json_kind(item)}"
    if spec.type == "map" and isinstance(value, dict):
        index, key, item = next((i, key, item) for i, (key, item) in enumerate(value.items(), 1) if not isinstance(item, str))
        # A map's key may be a credential (a map of token → account) that no rule tells from a name: only words are quoted.
        which = f'"{masked(key)}"' if _quotable(key, None) else f"the value of key {index} (not shown: no word)"
        return f"{shown}; {which} is {json_kind(item)}"
    return f"{shown}, got {json_kind(value)}"


def secrets_masker(schema: Schema, values: dict[str, Any]) -> Callable[[str], str]:
    """Masks the secrets of settings `values` (segtui.settings_secrets), the declared names and labels that are
    credentials among them, in a text an error quotes, whatever --reveal-secrets says: the error is read before the
    run, and the user has the file."""
    from segtui.masking import Masker  # deferred: segtui.settings_secrets imports this module
    from segtui.settings_secrets import sensitive_values

    return Masker(sensitive_values(schema, values)).text


def closest_name(name: str, names: Iterable[str]) -> str | None:
    """The name among `names` that `name` is most likely a typo of, if one is close."""
    import difflib  # here: only a typo's hint needs it

    hint = difflib.get_close_matches(name, list(names), n=1)
    return hint[0] if hint else None


def check_types(schema: Schema, values: dict[str, Any], sources: dict[str, tuple[str, ...]] | None = None,
                masked: Callable[[str], str] | None = None) -> None:
    """Raise SegtuiInputError listing every value of the wrong type and, when `segtui.json` declares the settings, every
    name it does not declare (a typo, named with the closest declared name); each named with where it was given, as
    `sources` says (`settings_sources`); what it quotes of a value is masked as every output is (`masked`: a kept one)."""
    masker = functools.cache(lambda: masked or secrets_masker(schema, values))  # made only for a problem to report
    by_name = {spec.name: spec for spec in schema.specs}
    sources = sources or {}
    problems = []
    for name, value in values.items():
        spec = by_name.get(name)
        if spec is None and not schema.declared:
            continue
        if spec is None:
            hint = closest_name(name, by_name)
            suggestion = f' (did you mean "{masker()(hint)}"?)' if hint else ""
            declared = ", ".join(masker()(declared) for declared in by_name) or "none"
            given = " and ".join(sources.get(name, ()))
            shown = f'"{masker()(name)}"' if _quotable(name, hint) else _NOT_SHOWN
            problems.append(
                f'unknown setting {shown}{" " + given if given else ""}{suggestion}; declared: {declared} '
                f"(declare settings in {SCHEMA_FILENAME} beside the handler, or in the settings list of a .tf file)"
            )
            continue
        source = sources.get(name, ())[-1:]  # the value that counts: --setting's over the file's
        problem = _type_problem(spec, value, lambda key: masker()(key), "".join(f" {where}" for where in source))
        if problem:
            problems.append(problem)
    if problems:
        raise SegtuiInputError("Invalid settings:\n" + "\n".join(f"  - {problem}" for problem in problems))


def settings_sources(settings_file: Path | None, on_file: Iterable[str], given: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Where each setting's value was given, as an error says it: in the settings file, with --setting, or both (the
    last is the value that counts)."""
    sources: dict[str, tuple[str, ...]] = {name: (f"in {settings_file}",) for name in on_file}
    for name in given:
        sources[name] = (*sources.get(name, ()), "given with --setting")
    return sources


def resolve_settings(schema: Schema, settings_file: Path | None, args: Iterable[str], *, lenient: bool = False,
                     pipe: bool = True, memory_mb: int = DEFAULT_MEMORY_MB) -> tuple[dict[str, Any], dict[str, tuple[str, ...]]]:
    """The values for a run, the settings file (if any) with `--setting` arguments over them, type-checked, and where
    each was given; with `lenient`, a name the schema does not declare and a value of the wrong type are kept for the
    caller to flag (the TUI's Settings Builder, runs refused) rather than refused; `pipe`, `memory_mb`: load_settings_file."""
    on_file = load_settings_file(settings_file, schema, pipe=pipe, memory_mb=memory_mb) if settings_file else {}
    given = parse_setting_args(args, schema)
    sources = settings_sources(settings_file, on_file, given)
    values = {**on_file, **given}
    if not lenient:
        check_types(schema, values, sources)
    return values, sources


def save_settings(path: Path, values: dict[str, Any]) -> Path:
    """Write settings values as pretty JSON atomically, readable only by the owner as they may hold secrets."""
    return write_json_atomic(values, path, overwrite=True, mode=0o600)
