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
_HIGH_SURROGATES = range(0xD800, 0xDC00)
_LOW_SURROGATES = range(0xDC00, 0xE000)


class HclStringError(ValueError):
    """A string segtui cannot take as literal text: a bad escape, or a Terraform interpolation or directive."""


def _template_char(text: str, index: int, before: list[str]) -> tuple[str, int]:
    """The literal text at `index` of a template and the index after it: `$${` and `%%{` are `${` and `%{`.

    `before` is the text decoded so far (a message counts its lines).
    """
    if text.startswith(("$${", "%%{"), index):
        return text[index + 1 : index + 3], index + 3
    if text.startswith(("${", "%{"), index):
        what = "an interpolation" if text[index] == "$" else "a template directive"
        line = "".join(before).count("\n") + 1
        raise HclStringError(f"line {line} of the code holds {what} ({text[index:index + 2]}…}}), which only "
                             f"Terraform can evaluate; write it as ${text[index:index + 2]} to mean the characters")
    return text[index], index + 1


def _unicode_escape(body: str, index: int) -> tuple[str, int]:
    """The character of a `\\uXXXX` or `\\UXXXXXXXX` escape starting at `index` (a pair for a surrogate pair)."""
    width = 4 if body[index + 1] == "u" else 8
    digits = body[index + 2 : index + 2 + width]
    if len(digits) != width or not all(c in "0123456789abcdefABCDEF" for c in digits):
        raise HclStringError(f"bad escape {body[index:index + 2 + width]!r}: expected {width} hex digits")
    code, end = int(digits, 16), index + 2 + width
    if code in _HIGH_SURROGATES and body.startswith("\\u", end):
        low = int(body[end + 2 : end + 6], 16) if re.fullmatch("[0-9a-fA-F]{4}", body[end + 2 : end + 6]) else 0
        if low in _LOW_SURROGATES:
            return chr(0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)), end + 6
    if code > 0x10FFFF or code in _HIGH_SURROGATES or code in _LOW_SURROGATES:
        raise HclStringError(f"bad escape {body[index:end]!r}: not a Unicode character")
    return chr(code), end


def decode_quoted(raw: str) -> str:
    """The text a quoted HCL string (quotes included) stands for."""
    body, index = raw[1:-1], 0
    parts: list[str] = []
    while index < len(body):
        if body[index] != "\\":
            char, index = _template_char(body, index, parts)
        elif body[index + 1 : index + 2] in _SIMPLE_ESCAPES:
            char, index = _SIMPLE_ESCAPES[body[index + 1]], index + 2
        elif body[index + 1 : index + 2] in ("u", "U"):
            char, index = _unicode_escape(body, index)
        else:
            raise HclStringError(f"unknown escape {body[index:index + 2]!r} (HCL knows \\n \\r \\t \\\" \\\\ \\uXXXX)")
        parts.append(char)
    return "".join(parts)


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
    index = 0
    parts: list[str] = []
    while index < len(text):
        char, index = _template_char(text, index, parts)
        parts.append(char)
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
