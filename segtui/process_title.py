"""segtui's command line as `ps` and /proc show it, with each --setting value masked: a forked sandbox shares it."""

from __future__ import annotations

import os
import re

MASK = "********"
_FILE_LIKE = re.compile(r"[/\\]|\.(?:[cm]?js|tf|json|ndjson|jsonl|ya?ml|cassette|har|xml)$", re.IGNORECASE)
"""A path, or a name ending as the files segtui reads and writes do."""
OPTION = "--setting"
FILE_OPTION = "--settings"


def _is_option(option: str) -> bool:
    """Whether an option (the part of an argument before any `=`) is --setting as argparse reads it: whole, or a
    prefix of it from `--se` on (argparse takes a unique prefix; one --settings shares is refused, but only once
    parsed, after the process title is set)."""
    return len(option) >= 4 and OPTION.startswith(option)


def misgiven_setting(value: str) -> bool:
    """Whether a value given to --settings (a file) is a setting instead (`--settings apiKey=…`), or the settings' JSON
    itself (`--settings '{"apiKey": "…"}'`): NAME=VALUE, or JSON text, that names no file."""
    return ("=" in value or _json_text(value)) and not os.path.exists(value)


def given_to_settings(value: str) -> bool:
    """Whether a value given to --settings is no file's name and may be a secret: a setting or JSON text
    (misgiven_setting), or a text that names no file and has no file's shape (`--settings "$API_KEY"`)."""
    return misgiven_setting(value) or not (_FILE_LIKE.search(value) or os.path.exists(value))


def _json_text(value: str) -> bool:
    """Whether an argument is JSON text (settings given inline: an object, an array or a string), which no part of may
    be shown."""
    return value.lstrip()[:1] in ("{", "[", '"')


def setting_name(setting: str) -> str | None:
    """The NAME of a `NAME=VALUE` argument; None for a value alone, or JSON text (whose first `=` may stand in a value:
    `{"password": "…", "url": "?a=b"}`)."""
    return None if "=" not in setting or _json_text(setting) else setting.partition("=")[0]


def stray_setting(token: str) -> bool:
    """Whether an argument that is no option is a setting given without --setting (`segtui test h.js apiKey=…`, or as
    another option's value, `--settings "$API_KEY"`): NAME=VALUE, or a credential alone, that names no file, which
    segtui would quote as a file or an unknown argument."""
    return not token.startswith("-") and (misgiven_setting(token) or _lone_key(token))


def _lone_key(token: str) -> bool:
    """Whether an argument is a credential alone that names no file, and no path a user mistyped (a Git sync function's
    `dfn_66c7….tf` is shaped as a key: a path, or a name ending as segtui's files do, is left as it is), nor text with
    control characters, which no key holds and which a message shows escaped."""
    return token.isprintable() and not _FILE_LIKE.search(token) and _name(token) == MASK and not os.path.exists(token)


def stray_shown(token: str) -> str:
    """A stray setting (stray_setting) as the title and messages show it: its value masked, and its name when that is
    a credential (a credential alone: masked whole)."""
    return f"{_name(name)}={MASK}" if (name := setting_name(token)) is not None else MASK


def _given(token: str) -> str:
    """What an argument gives: an option's value after its `=` (`--settings=VALUE`), else the argument itself."""
    return token.partition("=")[2] if token.startswith("--") else token


def without_stray_settings(message: str, argv: list[str]) -> str:
    """`message` with each stray setting of `argv` it quotes shown masked (stray_shown), also with repr's escapes, as
    argparse's `invalid choice: '…'` quotes it."""
    for given in sorted((given for given in map(_given, argv) if stray_setting(given)), key=len, reverse=True):
        for quoted in (given, repr(given)[1:-1]):
            message = message.replace(quoted, stray_shown(given))
    return message


def _read_as_settings(argv: list[str]) -> list[str]:
    """`argv` with each --settings given no file's name (given_to_settings) read as --setting: a setting by mistake is
    meant as one, and a text that may be a secret is masked as a setting's value is."""
    read = list(argv)
    for index, token in enumerate(argv):
        option, equals, rest = token.partition("=")
        if option == FILE_OPTION and (given_to_settings(rest) if equals else
                                      index + 1 < len(argv) and given_to_settings(argv[index + 1])):
            read[index] = OPTION + equals + rest
    return read


def _secrets(setting: str) -> list[str]:
    """The value of `NAME=VALUE` (the whole argument when it has no `=`), and its name when that is a credential."""
    name = setting_name(setting)
    value = setting.partition("=")[2] if name is not None else ""
    return [value or setting, *([name] if name is not None and value and _name(name) == MASK else [])]


def _name(name: str) -> str:
    """A setting's name as the title shows it: masked too when it is a credential (a key pasted as the name)."""
    from segtui.credential_shapes import credential_named  # imports only `re`: the title is set before segtui's imports

    return MASK if credential_named(name) else name


def masked(argv: list[str]) -> list[str] | None:
    """`argv` with the value of each --setting option masked (`NAME=VALUE`, `--setting=NAME=VALUE`, abbreviated or
    not, or given to --settings by mistake) and of each stray setting (stray_setting), and its name when that is a
    credential; None when it has none."""
    shown: list[str] = []
    value_next = False
    read = _read_as_settings(argv)
    for index, token in enumerate(read):
        option, equals, rest = token.partition("=")
        if value_next:
            name = setting_name(token)
            token, value_next = f"{_name(name)}={MASK}" if name is not None else MASK, False
        elif _is_option(option) and equals:
            name = setting_name(rest)
            token = f"{option}={_name(name)}={MASK}" if name is not None else f"{option}={MASK}"
        elif stray_setting(_given(token)):
            token = f"{option}={stray_shown(rest)}" if token.startswith("--") else stray_shown(token)
        else:
            value_next = _is_option(token)
        shown.append(FILE_OPTION + token.removeprefix(OPTION) if read[index] != argv[index] else token)
    return shown if shown != argv else None


def setting_values(argv: list[str], unquoted: bool = False) -> list[str]:
    """The values of the --setting options in `argv` (and their names that are credentials), however the option is
    written (`--setting N=V`, `--setting=N=V`, argparse's abbreviations such as `--sett N=V`, or `--settings N=V` by
    mistake); with `unquoted`, also
    the words after each that start no option, as a value with spaces left unquoted leaves them (`--setting pass=correct
    horse staple`)."""
    values: list[str] = []
    value_next = trailing = False
    for token in _read_as_settings(argv):
        option, equals, rest = token.partition("=")
        if value_next:
            values += _secrets(token)
            value_next, trailing = False, unquoted
        elif _is_option(option):
            if equals:
                values += _secrets(rest)
                trailing = unquoted
            else:
                value_next = True
        elif trailing and not token.startswith("-"):
            values.append(token)
        else:
            trailing = False
    return [value for value in values if value]


def hide_settings(argv: list[str]) -> None:
    """Show this process (and what it forks from now on) by `argv` with its settings masked, keeping its name."""
    shown = masked(argv)
    if shown is None:
        return
    import setproctitle

    name = setproctitle.getthreadtitle()
    # An argument that is not UTF-8 reaches Python as surrogate escapes, which setproctitle cannot encode: such
    # bytes show as U+FFFD.
    setproctitle.setproctitle(" ".join(shown).encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
    # setproctitle also renames the process after the title's first 15 bytes; it keeps its own name.
    setproctitle.setthreadtitle(name)
