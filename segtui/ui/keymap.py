"""The user's key remapping: binding id → keys, read from a JSON file (Textual's keymap). No Textual import."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from segtui.errors import SegtuiInputError
from segtui.json_input import decode_json, json_kind
from segtui.user_files import read_text_file, user_path


@dataclass(frozen=True)
class KeymapFile:
    """Where the user's keymap is read from, and whether `$SEGTUI_KEYMAP` named it: only a file named so may be a named
    pipe; one found in the config folder has no writer, and the app's start would wait for ever on it, its screen blank."""

    path: Path
    named: bool


def keymap_path() -> KeymapFile | None:
    """`$SEGTUI_KEYMAP`, else `keymap.json` in segtui's config folder (`$XDG_CONFIG_HOME/segtui`, ~/.config/segtui);
    None when there is no config folder (no home folder to find).

    The config folder is absolute or none: a relative XDG_CONFIG_HOME is invalid (the XDG spec says to ignore it), and
    with no home `~/.config` stayed as written; either was looked for in whatever folder segtui was started in, so a
    project's own folder could rebind the user's keys.
    """
    given = os.environ.get("SEGTUI_KEYMAP")
    if given:
        return KeymapFile(user_path(given), named=True)
    xdg = os.environ.get("XDG_CONFIG_HOME", "")
    config = Path(xdg) if os.path.isabs(xdg) else user_path("~/.config")
    return KeymapFile(config / "segtui" / "keymap.json", named=False) if config.is_absolute() else None


_KEY = re.compile(r"(?:(?:ctrl|shift|alt|meta|super|hyper)\+)*(?:[A-Za-z0-9_]+|[^\s,+])")
"""A key as Textual names one: modifiers, then a key's name (`f5`, `enter`, `question_mark`) or a character."""


def load_keymap(keymap: KeymapFile | None) -> dict[str, str]:
    """The remapping a file holds (`{"run": "ctrl+enter,f5"}`); none when there is no file; bad input (a key Textual
    cannot name, which would take the binding's keys away and show as its footer's key) raises."""
    if keymap is None:
        return {}
    path = keymap.path
    try:
        if not path.exists():
            return {}
    except OSError as error:  # a config folder that may not be searched: another user's, as `sudo -u` keeps HOME
        raise SegtuiInputError(f"{path}: cannot read: {error.strerror}") from None
    text = read_text_file(path, 'a JSON object of binding id → keys, such as {"run": "f5"}', pipe=keymap.named)
    data = decode_json(text, str(path))
    if not isinstance(data, dict):
        raise SegtuiInputError(f'{path}: expected a JSON object of binding id → keys, such as {{"run": "f5"}}')
    for binding, keys in data.items():
        if not isinstance(keys, str):  # it said the file was no JSON object of binding id → keys, which it was
            raise SegtuiInputError(f'{path}: {binding}: expected its keys as a string, such as "f5" or "ctrl+r,f5", '
                                   f"got {json_kind(keys)}")
        wrong = next((key for key in keys.split(",") if not _KEY.fullmatch(key.strip())), None)
        if wrong is not None:
            raise SegtuiInputError(f"{path}: {binding}: {wrong.strip()!r} is not a key; write keys as Textual names them, "
                                   'such as "f5", "ctrl+r" or "ctrl+shift+up", several separated by commas')
    return data


def keymap_clashes(keymap: dict[str, str], defaults: dict[str, str]) -> list[str]:
    """Each key a remapping leaves to two bindings of one screen (`defaults`: binding id → its keys), where only one
    of them can run: `{"run": "ctrl+t"}` took the suite's key without a word, and the suite had no key left."""
    holders: dict[str, list[str]] = {}
    for binding, given in defaults.items():
        for key in dict.fromkeys(key.strip() for key in keymap.get(binding, given).split(",") if key.strip()):
            holders.setdefault(key, []).append(binding)
    return [f"{key} is the key of {' and '.join(repr(binding) for binding in bindings)}, and only one of them can "
            "run: give the other another key" for key, bindings in holders.items() if len(bindings) > 1]


def keymap_editor_clashes(keymap: dict[str, str], editor_keys: dict[str, str], priority: set[str]) -> list[str]:
    """Each key a remapping gives a binding without priority that the editors bind too (`editor_keys`: key → what it
    does there): `{"suite": "ctrl+u"}` deleted to the line's start in the code editor, where the focus starts."""
    return [f"{key}, given to {binding!r}, is the editors' key to {editor_keys[key].lower()}: in the code and event "
            f"editors it does that instead; give {binding!r} another key to use it there"
            for binding, keys in keymap.items() if binding not in priority
            for key in dict.fromkeys(key.strip() for key in keys.split(",")) if key in editor_keys]
