"""HCL's two forms of a string, read and written: a quoted string with its escapes, and a heredoc.

Terraform templates escape `${` as `$${` and `%{` as `%%{`; a quoted string also escapes quotes, backslashes
and control characters (as Go's hclwrite does: \\n \\r \\t, others as \\uXXXX); a heredoc has no backslash
escapes, and `<<-` strips the indent its lines share.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_ENCODED = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}
_HEREDOC_HEAD = re.compile(r"<<(-?)([A-Za-z][A-Za-z0-9._-]*)\r?\n")
_QUOTED_PIECES = re.compile(r"[^\\$%]+|\\u[0-9a-fA-F]{4}|\\U[0-9a-fA-F]{8}|\\.?|\$\$\{|%%\{|\$\{|%\{|[$%]", re.DOTALL)
"""A quoted string's body in pieces: plain text, an escape (or a bad one), a template sequence, a lone $ or %."""
_TEMPLATE_PIECES = re.compile(r"[^$%]+|\$\$\{|%%\{|\$\{|%\{|[$%]")
"""A heredoc's body in pieces: plain text, a template sequence, a lone $ or %."""


class HclStringError(ValueError):
    """A string segtui cannot take as literal text: a bad escape, or a Terraform interpolation or directive."""


def _template_piece(piece: str, before: list[str]) -> str:
    """The literal text of a piece of a template: `$${` and `%%{` are `${` and `%{`; `${` and `%{` are refused.

    `before` is the text decoded so far (the message counts its lines).
    """
    if piece in ("${", "%{"):
        what = "an interpolation" if piece[0] == "$" else "a template directive"
        line = "".join(before).count("\n") + 1
        raise HclStringError(f"line {line} of the code holds {what} ({piece}…}}), which only Terraform can "
                             f"evaluate; write it as {piece[0]}{piece} to mean the characters")
    return piece[1:] if piece in ("$${", "%%{") else piece


def _escaped(piece: str) -> str:
    """The character of a backslash escape (half of a surrogate pair for some `\\u` ones)."""
    if piece[1:] in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[piece[1:]]
    marker, digits = piece[1:2], piece[2:]
    if marker in ("u", "U") and digits:
        code = int(digits, 16)
        if code <= 0x10FFFF:
            return chr(code)
        raise HclStringError(f"bad escape {piece!r}: not a Unicode character")
    raise HclStringError(f"unknown escape {piece!r} (HCL knows \\n \\r \\t \\\" \\\\ \\uXXXX \\UXXXXXXXX)")


def _joined(parts: list[str]) -> str:
    """The decoded pieces as one string, `\\u` surrogate pairs made one character; a lone surrogate is refused."""
    text = "".join(parts)
    try:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError:
        raise HclStringError("a \\u escape of half a surrogate pair, which is not a Unicode character") from None


def decode_quoted(raw: str) -> str:
    """The text a quoted HCL string (quotes included) stands for."""
    parts: list[str] = []
    for piece in _QUOTED_PIECES.findall(raw[1:-1]):
        parts.append(_escaped(piece) if piece[0] == "\\" else _template_piece(piece, parts))
    return _joined(parts)


def _escape_templates(text: str) -> str:
    """`${` as `$${` and `%{` as `%%{`, so Terraform reads the characters rather than an interpolation."""
    return text.replace("${", "$${").replace("%{", "%%{")


def encode_quoted(text: str) -> str:
    """`text` as a quoted HCL string, escaped as Terraform writes it."""
    parts = []
    for char in _escape_templates(text):
        if char in _ENCODED:
            parts.append(_ENCODED[char])
        elif char.isprintable() or char == " ":
            parts.append(char)
        else:
            parts.append(f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}")
    return '"' + "".join(parts) + '"'


@dataclass(frozen=True)
class Heredoc:
    """A heredoc's form: its marker, whether it is `<<-` (indented), the indent of its lines and closing marker."""

    marker: str
    trim: bool
    indent: str
    closing_indent: str


def _split_lines(text: str) -> list[str]:
    """The lines of `text`, each with its line feed (HCL breaks lines at line feeds only)."""
    parts = text.split("\n")
    return [part + "\n" for part in parts[:-1]] + ([parts[-1]] if parts[-1] else [])


def _lines(raw: str) -> tuple[Heredoc, list[str]]:
    """A heredoc's form and its body lines (each with its line break)."""
    head = _HEREDOC_HEAD.match(raw)
    if head is None:
        raise HclStringError("not a heredoc")
    trim, marker = head.group(1) == "-", head.group(2)
    lines = _split_lines(raw[head.end():])
    closing = lines.pop() if lines else ""
    if closing.strip() != marker:
        raise HclStringError(f"the heredoc does not end with its marker {marker}")
    widths = [len(line) - len(line.lstrip(" ")) for line in lines if line.strip()]
    indent = " " * min(widths, default=0) if trim else ""
    return Heredoc(marker, trim, indent, closing[: len(closing) - len(closing.lstrip())]), lines


def heredoc_form(raw: str) -> Heredoc:
    """The form of a heredoc (from `<<` to its closing marker)."""
    return _lines(raw)[0]


def decode_heredoc(raw: str) -> str:
    """The text a heredoc (from `<<` to its closing marker) stands for."""
    form, lines = _lines(raw)
    text = "".join(line[min(len(form.indent), len(line) - len(line.lstrip(" "))):] for line in lines)
    parts: list[str] = []
    for piece in _TEMPLATE_PIECES.findall(text):
        parts.append(_template_piece(piece, parts))
    return "".join(parts)


def encode_heredoc(text: str, form: Heredoc) -> str:
    """`text` as a heredoc in `form` (another marker if a line of the text is the marker), ending with a line break.

    A heredoc cannot hold text without a final line break: one is added. When `<<-` would strip an indent the
    text has itself, the heredoc becomes a `<<` one, which keeps every space.
    """
    if not text.endswith("\n"):
        text += "\n"
    lines = _split_lines(_escape_templates(text))
    marker, number = form.marker, 1
    while any(line.strip() == marker for line in lines):
        number += 1
        marker = f"{form.marker}{number}"
    body = "".join(form.indent + line if line.strip() else line for line in lines)
    encoded = f"<<{'-' if form.trim else ''}{marker}\n{body}{form.closing_indent}{marker}"
    if form.trim and decode_heredoc(encoded) != text:
        return encode_heredoc(text, Heredoc(marker, False, "", ""))
    return encoded
