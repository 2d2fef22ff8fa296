"""Headers whose values are credentials, masked whatever they hold (a token from an earlier response too)."""

from __future__ import annotations

import functools
import re

CREDENTIAL_HEADER = re.compile(
    r"(^|-)authorization$|^(set-)?cookie$|api[-_]?key|secret|password|signature$|token|credential"
    # An auth word of its own (X-Auth, X-Custom-Auth, X-Auth-Key, X-Auth-Email) and keys named for what they open
    # (Ocp-Apim-Subscription-Key, X-Access-Key, X-App-Key); not any "-Key" (Idempotency-Key is no secret).
    r"|(^|[-_])auth([-_]|$)|(subscription|access|private|client|app|application|account|server|license|master)[-_]?key",
    re.IGNORECASE,
)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9-]*) +\S")


@functools.lru_cache(maxsize=1024)
def is_credential_header(name: str) -> bool:
    """Whether a header of this name holds a credential (names repeat from request to request, so it is cached)."""
    return CREDENTIAL_HEADER.search(name) is not None


def masked_credential(name: str, value: str, mask: str) -> str:
    """A credential header's value masked whole, keeping an Authorization header's scheme (`Bearer ••••••`)."""
    scheme = _SCHEME.match(value) if name.lower().endswith("authorization") else None
    return f"{scheme.group(1)} {mask}" if scheme else mask
