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
