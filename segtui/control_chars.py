"""Characters that act on a terminal instead of showing, and text with them escaped or left out; imports nothing of
segtui, so that the error messages (segtui.errors) can use it too."""

from __future__ import annotations

import os
import re
from collections.abc import Iterable

# Every control character but tab and line feed, shown as an escape instead of acting on the terminal
# (a title-setting OSC, a line wipe, a clipboard write): C0, DEL and C1 (\r, \v, \f and \x85 among them, which
# break a line as a line feed does). And the bidirectional formatting characters, which reorder what follows them
# on the line (U+202E makes a line read differently from what it holds: "Trojan Source"), with the line and
# paragraph separators, which break a line for a reader of Unicode text (a log viewer, str.splitlines).
_BIDI = (0x061C, 0x200E, 0x200F, 0x2028, 0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A))
# And a surrogate, which text holds alone only (a handler's '\ud800'): no terminal shows one, and Textual's editors,
# which encode their text as UTF-8, crashed on one (a Callback Return holding it ended the TUI).
_SURROGATES = range(0xD800, 0xE000)
_CONTROLS = {
    **{code: f"\\x{code:02x}" for code in (*range(0x20), *range(0x7F, 0xA0)) if code not in (0x09, 0x0A)},
    **{code: f"\\u{code:04x}" for code in (*_BIDI, *_SURROGATES)},
}
_LEFT_OUT = dict.fromkeys(_CONTROLS)
_JSON_ESCAPES = {code: f"\\u{code:04x}" for code in _CONTROLS}


def _ranges(codes: Iterable[int]) -> str:
    """A regular expression's character class body for `codes`, each run of consecutive ones written as a range: one
    escape per character (the 2,048 surrogates among them) took ~10-15 ms to compile, in every process segtui starts,
    before it forks its sandbox."""
    spans: list[list[int]] = []
    for code in sorted(codes):
        if spans and code == spans[-1][1] + 1:
            spans[-1][1] = code
        else:
            spans.append([code, code])
    return "".join(f"\\U{first:08x}" if first == last else f"\\U{first:08x}-\\U{last:08x}" for first, last in spans)


CONTROL_RUNS = re.compile(f"([{_ranges(_CONTROLS)}]+)")
"""A run of the characters `visible` escapes, as the group a `split` keeps."""


_named: tuple[str, ...] = ()
"""The user's names (the command line's paths, event and setting names) that hold a line feed, longest first."""


def note_user_names(paths: Iterable[str], names: Iterable[str] = ()) -> None:
    """Note the command line's paths and names (an event's or setting's name, never a setting's value), so that
    `visible` writes each line feed inside one, in any form segtui shows it (a path as given, absolute, its name, stem
    or folder; a name as given), as `\\n`: one name, one line."""
    global _named  # one command line a process (or a test's call of cli.main)
    forms = set(names)
    for path in (path for path in paths if "\n" in path and "\0" not in path):
        for form in (path, os.path.normpath(path), os.path.abspath(path), os.path.realpath(path)):
            name = os.path.basename(form)
            forms.update((form, name, os.path.splitext(name)[0], os.path.dirname(form)))
    _named = tuple(sorted((form for form in forms if "\n" in form and form.strip("\n")), key=len, reverse=True))


def one_line(name: str) -> str:
    """A name segtui found itself (a file's, an event's) with its line feeds written `\\n`, so that it shows on one line
    (`visible` escapes the other line breaks)."""
    return name.replace("\n", "\\n")


def visible(text: str) -> str:
    """Text safe to print to a terminal: control characters escaped (`\\x1b`, `\\u202e`), so none acts on the terminal,
    and the line feeds inside the user's names (note_user_names) too, so that none fakes a line of segtui's own."""
    if _named and "\n" in text:
        for name in _named:
            text = text.replace(name, one_line(name))
    return text.translate(_CONTROLS)


def one_label(text: str) -> str:
    """Text for a one-line label (a picker's row, a pane's title): `visible`, with its line feeds and tabs written
    `\\n` and `\\t` too, so that a name holding one neither breaks the label in two nor moves the columns after it."""
    return visible(text).replace("\n", "\\n").replace("\t", "\\t")


def json_visible(text: str) -> str:
    """JSON text safe to print to a terminal: each character `visible` escapes written as its JSON escape (`\\u009b`),
    which a JSON reader reads as the same character (a JSON writer escapes the C0 ones itself, not DEL, C1 or bidi).

    Looked for before a translate, which maps each character through a table (~40 ns each for text that is not all
    ASCII: a replay's result line, with a mask's dots in it, took ~60 µs, which doubled the CLI's CPU per event). ASCII
    text can hold only DEL of those, which a replace finds at memory speed; other text that is all printable holds none
    of them (each is a control or format character), which `isprintable` tells at ~5 ns a character.
    """
    if text.isascii():
        return text.replace("\x7f", "\\u007f")
    return text if text.isprintable() else text.translate(_JSON_ESCAPES)


def without_controls(text: str) -> str:
    """Text with the characters `visible` escapes left out: for a view that lays text out in cells, where each of them
    takes none, so that leaving them out moves nothing (an editor's cursor) while an escape would."""
    return text.translate(_LEFT_OUT)
