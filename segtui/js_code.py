"""JavaScript's code alone: its comments, strings, template literals and regular expressions blanked, in one pass.

A tokenizer-lite, for guesses made from a handler's text before it loads (kinds.defined_handlers): each pattern is
possessive, so hostile text (an unclosed comment, a template of 100,000 `${` deep) takes a time that grows with its
length. A `/` starts a regular expression where an operand is expected (after an operator, a bracket or a keyword such
as `return`), else it divides; a wrong guess blanks at most the rest of its line (neither spans lines).
"""

from __future__ import annotations

import re

_CODE = re.compile(r"[^'\"`/{}]++")
"""A run of code holding nothing that may start a comment, a string, a template or a regular expression, nor a brace."""
_SKIPPED = re.compile(
    r"//[^\n]*+"
    r"|/\*(?:[^*]++|\*(?!/))*+(?:\*/)?"
    r"|'(?:[^'\\\n]++|\\[\s\S])*+'?"
    r'|"(?:[^"\\\n]++|\\[\s\S])*+"?')
"""A comment (an unclosed one runs to the end), or a string (an unclosed one runs to the end of its line)."""
_REGEX = re.compile(r"/(?:[^/\\\[\n]++|\\.|\[(?:[^\]\\\n]++|\\.)*+\]?)*+/?[A-Za-z]*+")
"""A regular expression literal, from its `/` to its flags (an unclosed one runs to the end of its line)."""
_TEMPLATE_TEXT = re.compile(r"(?:[^`\\$]++|\\[\s\S]|\$(?!\{))*+")
"""A template literal's text up to its end (`) or its next substitution (${)."""
_OPERAND_FOLLOWS = re.compile(
    r"(?:^|[(,=:\[!&|?{};+\-*%<>~^]|\b(?:return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield"
    r"|await))\s*+$")
"""The end of the code before a `/` where an operand, not a division, is expected (tried on its last 16 characters)."""
_NOT_NEWLINE = re.compile(r"[^\n]")


def code_only(source: str) -> str:
    """`source` with every comment, string, template literal's text and regular expression replaced by spaces (their
    line feeds kept, so lines stay where they are), and the code as it is (a template's `${…}` is code)."""
    pieces: list[str] = []
    braces: list[bool] = []  # per open brace: True where it opened a template's `${`
    at, end = 0, len(source)
    while at < end:
        if code := _CODE.match(source, at):
            pieces.append(code[0])
            at = code.end()
            continue
        char = source[at]
        if char == "{":
            braces.append(False)
            pieces.append(char)
            at += 1
        elif char == "}" and braces and braces[-1]:
            braces.pop()
            at = _template(source, at + 1, braces, pieces, "}")
        elif char == "}":
            if braces:
                braces.pop()
            pieces.append(char)
            at += 1
        elif char == "`":
            at = _template(source, at + 1, braces, pieces, "`")
        else:
            skipped = _SKIPPED.match(source, at)
            if skipped is None and _OPERAND_FOLLOWS.search("".join(pieces[-4:])[-16:]):
                skipped = _REGEX.match(source, at)
            if skipped is None:  # a division
                pieces.append(char)
                at += 1
            else:
                pieces.append(_NOT_NEWLINE.sub(" ", skipped[0]))
                at = skipped.end()
    return "".join(pieces)


def _template(source: str, at: int, braces: list[bool], pieces: list[str], opened: str) -> int:
    """Blank a template's text from `at` (just after its `opened` character, ` or the } closing a substitution) to its
    end or its next `${`, where code resumes (a brace marked as a template's); where the scan goes on."""
    text = _TEMPLATE_TEXT.match(source, at)
    assert text is not None  # the pattern matches the empty text
    stop = text.end()
    closing = source[stop:stop + 2]
    if closing.startswith("`"):
        stop += 1
    elif closing == "${":
        braces.append(True)
        stop += 2
    pieces.append(_NOT_NEWLINE.sub(" ", opened + source[at:stop]))
    return stop
