"""A secret that holds quotes or backslashes as quoting writers other than JSON give it: util.inspect's double- or
backtick-quoted strings (and Python's repr), CSV's and SQL's doubled quotes, a shell's `'\\''`, quotes escaped by hand.

JSON's escapes and util.inspect's single-quoted form come from the sandbox (secret_forms.js); each form here differs
from the secret only where the secret holds one of these characters, so an ordinary secret gets none.
"""

from __future__ import annotations

import re

_QUOTING = re.compile(r"""["'\\\x00-\x1f\x7f-\x9f]""")
"""What a form here changes: a secret without any of these gets no form."""
_CONTROL = re.compile(r"[\\\x00-\x1f\x7f-\x9f]")
_NAMED = {"\\": "\\\\", "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def _inspect_escaped(match: re.Match[str]) -> str:
    """util.inspect's escape of a backslash or a control character inside a quoted string."""
    char = match.group()
    return _NAMED.get(char) or f"\\x{ord(char):02X}"


def quoted_forms(secret: str) -> list[str]:
    """The secret's quoted forms that differ from it: util.inspect's when the string it shows holds a `'` (quoted with
    `"` or a backtick, so only backslashes and control characters are escaped: `{ k: "it's\\\\x" }`), CSV's `""` and
    SQL's or YAML's `''`, a shell's `'\\''` and `'"'"'`, and quotes escaped without their backslashes
    (`.replace(/"/g, '\\\\"')`)."""
    if not _QUOTING.search(secret):
        return []
    forms = {_CONTROL.sub(_inspect_escaped, secret), secret.replace('"', '""'), secret.replace("'", "''"),
             secret.replace("'", "'\\''"), secret.replace("'", "'\"'\"'"), secret.replace('"', '\\"'),
             secret.replace("'", "\\'")}
    forms.discard(secret)
    return sorted(forms)
