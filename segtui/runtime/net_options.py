"""The network mode of a sandbox: `SandboxConfig.network`, a JSON-able dict, checked into plain data.

    {"mock": "/abs/mock.yaml",      # answer matching requests from mock rules (JSON or YAML)
     "replay": "/abs/cassette.json", # answer from a cassette; unmatched requests fail
     "record": "/abs/cassette.json", # go live and save every exchange to a cassette
     "offline": true,                # nothing leaves the machine; unanswered requests fail
     "secrets": ["…"],               # values masked in cassettes (sensitive settings)
     "reveal_secrets": false}        # write cassettes unmasked

Every key is optional; `{}` is live. A request is answered by the first that applies: a mock
rule, then the replay cassette, then the offline refusal, then the network (recorded if asked).
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass, field
from pathlib import Path

from segtui.errors import SegtuiInputError

_FILES = ("mock", "replay", "record")
_KEYS = (*_FILES, "offline", "secrets", "reveal_secrets")


@dataclass
class NetworkOptions:
    """How fetch reaches the network; file paths are absolute, as the sandbox process may run elsewhere."""

    mock: str | None = None
    replay: str | None = None
    record: str | None = None
    offline: bool = False
    secrets: list[str] = field(default_factory=list)
    reveal_secrets: bool = False

    @classmethod
    def from_json(cls, data: dict | None) -> NetworkOptions:
        """Check a `SandboxConfig.network` dict; raises SegtuiInputError naming the problem."""
        data = data or {}
        if not isinstance(data, dict):
            raise SegtuiInputError("the network options must be a JSON object")
        for key in data:
            if key not in _KEYS:
                hint = difflib.get_close_matches(str(key), _KEYS, n=1)
                suggestion = f' (did you mean "{hint[0]}"?)' if hint else ""
                raise SegtuiInputError(f'unknown network option "{key}"{suggestion}; options: {", ".join(_KEYS)}')
        options = cls()
        for key in _FILES:
            value = data.get(key)
            if value is not None:
                if not isinstance(value, str) or not value:
                    raise SegtuiInputError(f'the network option "{key}" must be a file path')
                setattr(options, key, str(Path(value).expanduser().resolve()))
        for key in ("offline", "reveal_secrets"):
            if not isinstance(data.get(key, False), bool):
                raise SegtuiInputError(f'the network option "{key}" must be true or false')
            setattr(options, key, data.get(key, False))
        secrets = data.get("secrets", [])
        if not isinstance(secrets, list) or not all(isinstance(item, str) for item in secrets):
            raise SegtuiInputError('the network option "secrets" must be a list of strings')
        options.secrets = [item for item in secrets if item]
        if options.record and options.replay:
            raise SegtuiInputError("--record and --replay cannot be used together: record goes live, replay never does")
        if options.record and options.offline:
            raise SegtuiInputError("--record and --offline cannot be used together: there would be nothing to record")
        return options

    def to_json(self) -> dict:
        """The options as a `SandboxConfig.network` dict."""
        return {key: value for key, value in asdict(self).items() if value not in (None, False, [])}

    @property
    def mode(self) -> str:
        """A one-word summary for display: replay, record, offline, mock or live."""
        if self.replay:
            return "replay"
        if self.record:
            return "record"
        if self.offline:
            return "offline"
        return "mock" if self.mock else "live"
