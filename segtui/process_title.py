"""segtui's command line as `ps` and /proc show it, with each --setting value masked: a forked sandbox shares it."""

from __future__ import annotations

MASK = "********"
OPTION = "--setting"


def _masked_setting(setting: str) -> str:
    name, equals, _value = setting.partition("=")
    return f"{name}={MASK}" if equals else MASK


def masked(argv: list[str]) -> list[str] | None:
    """`argv` with the value of each `--setting NAME=VALUE` (or `--setting=NAME=VALUE`) masked; None when it has none."""
    shown: list[str] = []
    value_next = False
    for token in argv:
        if value_next:
            token, value_next = _masked_setting(token), False
        elif token.startswith(f"{OPTION}="):
            token = f"{OPTION}={_masked_setting(token[len(OPTION) + 1:])}"
        else:
            value_next = token == OPTION
        shown.append(token)
    return shown if shown != argv else None


def setting_values(argv: list[str], unquoted: bool = False) -> list[str]:
    """The values of the --setting options in `argv`, however the option is written (`--setting N=V`, `--setting=N=V`,
    or argparse's abbreviations such as `--sett N=V`); with `unquoted`, also the words after each that start no option,
    as a value with spaces left unquoted leaves them (`--setting pass=correct horse staple`)."""
    values: list[str] = []
    value_next = trailing = False
    for token in argv:
        option, equals, rest = token.partition("=")
        if value_next:
            values.append(token.partition("=")[2] or token)
            value_next, trailing = False, unquoted
        elif len(option) >= 4 and OPTION.startswith(option):  # `--se` onwards: argparse takes a unique prefix
            if equals:
                values.append(rest.partition("=")[2] or rest)
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
