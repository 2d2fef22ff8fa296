"""Options of one sandbox, plain data that crosses to the worker process as JSON."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

DEFAULT_TIMEOUT_S = 5.0
DEFAULT_MEMORY_MB = 256


@dataclass
class SandboxConfig:
    """How handlers run: time and memory limits, and the network mode for fetch."""

    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_mb: int = DEFAULT_MEMORY_MB
    # fetch's network mode: {"mock", "replay", "record", "offline", "secrets", "reveal_secrets"}, all optional;
    # `{}` is live. Documented and checked by segtui.runtime.net_options.NetworkOptions.
    network: dict = field(default_factory=dict)
    deterministic: bool = False

    def to_json(self) -> dict:
        """The config as a JSON-ready dict."""
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> SandboxConfig:
        """Rebuild a config sent by `to_json`."""
        return cls(**data)

    def timeout_message(self) -> str:
        """What a run stopped by the time limit says, as Segment words it."""
        return f"Task timed out after {self.timeout_s:.2f} seconds"

    def memory_message(self) -> str:
        """What a run stopped by the memory limit says."""
        return f"JavaScript heap exceeded the memory limit of {self.memory_mb} MB"
