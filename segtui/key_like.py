"""Whether a text looks like a random key rather than a name: shared by the settings' rules and the process title,
which masks a setting's name that is one before the rest of segtui is imported (this module imports only `re`)."""

from __future__ import annotations

import re

LETTER_WORD = re.compile("[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+")
"""A run of letters of one word of a camelCase or snake_case text (`APIKey`: `API`, `Key`)."""


def credential_like(value: object) -> bool:
    """Whether a value (or a text in a list or map of them) looks like a random key, not a name: 12 characters or more
    without a space whose letters come in words of under 3 on average (random case: Azure's `primaryKey`, `Hq3kV+8p…`)
    or between 3 runs of digits (2 in one run of letters and digits with a capital: `LRXW4VQCJ2Z5KPM3`); a name
    (`properties.email`, `customerLifetimeValue`, `utm_campaign_2024`, `hunter2hunter2`) has neither."""
    if isinstance(value, (list, dict)):
        return any(credential_like(item) for item in (value.values() if isinstance(value, dict) else value))
    if not isinstance(value, str) or len(value) < 12 or any(char.isspace() for char in value):
        return False
    letters, digit_runs = LETTER_WORD.findall(value), len(re.findall("[0-9]+", value))
    return ((bool(letters) and sum(map(len, letters)) < 3 * len(letters)) or digit_runs >= 3
            or (digit_runs == 2 and value.isalnum() and not value.islower()))
