"""Reading a text's base64 back the way a person would, to check what masking left readable."""

import base64
import re


def read_back(text: str, shortest: int) -> str:
    """Every run of base64 of `shortest` characters or more in the text, decoded from each character a quantum may
    start at, as Latin-1 text (one line per reading)."""
    decoded = []
    for run in re.finditer(rf"[A-Za-z0-9+/_-]{{{shortest},}}", text):
        for shift in range(4):
            part = run.group()[shift:]
            part = part[: len(part) - len(part) % 4] if len(part) % 4 == 1 else part
            data = base64.b64decode(part.replace("-", "+").replace("_", "/") + "=" * (-len(part) % 4))
            decoded.append(data.decode("latin-1"))
    return "\n".join(decoded)
