"""JavaScript's code alone: its comments, strings, template literals and regular expressions blanked, in one pass.

A tokenizer-lite, for guesses made from a handler's text before it loads (kinds.defined_handlers): each pattern is
possessive and each piece of code is looked at once, so hostile text (an unclosed comment, a template of 100,000 `${`
deep) takes a time that grows with its length. A `/` divides after an operand (a name, a number, a string, a template,
a regular expression, `)` or `]`, an object literal's `}`, a postfix `++`), else it starts a regular expression (after
an operator, `(`, a block's `}`, a keyword such as `return`, or `if (…)`); a wrong guess can blank a template's text as
code or code as a regular expression, and a template then opened or closed out of turn can swallow the code after it."""

from __future__ import annotations

import re

_CODE = re.compile(r"[^'\"`/{}()]++")
"""A run of code holding nothing that may start a comment, a string, a template or a regular expression, nor a brace or
a parenthesis."""
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
_KEYWORD_END = re.compile(r"(?<![\w$.])(?:return|typeof|instanceof|in|of|new|delete|void|throw|case|do|else|yield"
                          r"|await|if|while|for|with)$")
"""A keyword ending a piece of code, after which an operand, not a division, is expected (tried on its last 12
characters: the longest keyword and what precedes it)."""
_NAME_END = re.compile(r"[\w$\]]")
"""The last character of a name, a number or an index: an operand."""
_CONTROL = ("if", "while", "for", "with")
"""Keywords whose parenthesis a statement follows, so a `/` after its `)` starts a regular expression."""
_OBJECT_AFTER = frozenset("(,=:[?!&|+-*%<~^")
"""The last character of code before a `{` that opens an object literal (an expression), not a block."""
_TEMPLATE, _OBJECT, _BLOCK = "`", "o", "b"
"""What an open brace opened: a template's substitution (`${`), an object literal or a block."""
_NOT_NEWLINE = re.compile(r"[^\n]")


def code_only(source: str) -> str:
    """`source` with every comment, string, template literal's text and regular expression replaced by spaces (their
    line feeds kept, so lines stay where they are), and the code as it is (a template's `${…}` is code)."""
    pieces: list[str] = []
    braces: list[str] = []  # per open brace: _TEMPLATE for a template's `${`, _OBJECT or _BLOCK
    parens: list[bool] = []  # per open parenthesis: whether it follows if, while, for or with
    operand, last, word = False, "", ""  # an operand ended the code so far; its last character; a keyword ending it
    at, end = 0, len(source)
    while at < end:
        if code := _CODE.match(source, at):
            pieces.append(code[0])
            at = code.end()
            operand, last, word = _after_code(code[0], operand, last, word)
            continue
        char = source[at]
        if char in "(){":
            pieces.append(char)
            at += 1
            if char == "(":
                parens.append(word in _CONTROL)
            elif char == "{":
                braces.append(_OBJECT if not operand and (last in _OBJECT_AFTER or word not in ("", "do", "else"))
                              else _BLOCK)
            operand, last, word = char == ")" and not (parens.pop() if parens else False), char, ""
        elif char == "}" and braces and braces[-1] == _TEMPLATE:
            braces.pop()
            at = _template(source, at + 1, braces, pieces, "}")
            operand, last, word = _after_template(source, at)
        elif char == "}":
            pieces.append(char)
            at += 1
            operand, last, word = bool(braces) and braces.pop() == _OBJECT, char, ""
        elif char == "`":
            at = _template(source, at + 1, braces, pieces, "`")
            operand, last, word = _after_template(source, at)
        elif skipped := _SKIPPED.match(source, at):
            pieces.append(_NOT_NEWLINE.sub(" ", skipped[0]))
            at = skipped.end()
            if char != "/":  # a string; a comment changes nothing
                operand, last, word = True, char, ""
        elif operand:  # a division
            pieces.append(char)
            at += 1
            operand, last, word = False, char, ""
        else:
            regex = _REGEX.match(source, at)
            assert regex is not None  # the pattern matches a lone `/`
            pieces.append(_NOT_NEWLINE.sub(" ", regex[0]))
            at = regex.end()
            operand, last, word = True, char, ""
    return "".join(pieces)


def _after_code(code: str, operand: bool, last: str, word: str) -> tuple[bool, str, str]:
    """What the code so far ends with once `code` follows it: an operand or not, its last character, a keyword."""
    tail = code.rstrip()
    if tail.endswith(("++", "--")):  # postfix after an operand (an operand follows a prefix one)
        tail = tail[:-2].rstrip()
        if not tail:
            return operand, last, word
    if not tail:  # space alone
        return operand, last, word
    if not _NAME_END.match(tail[-1]):
        return False, tail[-1], ""
    keyword = _KEYWORD_END.search(tail[-12:])
    return keyword is None, tail[-1], keyword[0] if keyword else ""


def _after_template(source: str, at: int) -> tuple[bool, str, str]:
    """What the code ends with where a template's text stopped at `at`: a substitution's `${` opened, else an operand."""
    opened = source.startswith("${", at - 2)
    return not opened, "{" if opened else "`", ""


def _template(source: str, at: int, braces: list[str], pieces: list[str], opened: str) -> int:
    """Blank a template's text from `at` (just after its `opened` character, ` or the } closing a substitution) to its
    end or its next `${`, where code resumes (a brace marked as a template's); where the scan goes on."""
    text = _TEMPLATE_TEXT.match(source, at)
    assert text is not None  # the pattern matches the empty text
    stop = text.end()
    closing = source[stop:stop + 2]
    if closing.startswith("`"):
        stop += 1
    elif closing == "${":
        braces.append(_TEMPLATE)
        stop += 2
    pieces.append(_NOT_NEWLINE.sub(" ", opened + source[at:stop]))
    return stop
