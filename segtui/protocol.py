"""The wire protocol between segtui (segtui.engine) and its sandbox process (segtui.sandbox), in one place.

segtui writes JSON lines to the sandbox's stdin: first the SandboxConfig (never on the command line,
which every local user can read: it holds the secrets to mask), then commands. The sandbox answers
each with JSON lines on its stdout: Ready once it has started, a LoadReply per LoadCommand, and per
InvokeCommand one result per event, as lines holding one result object or an array of several (the
`segtui run --json` schema, read into segtui.invocation.Invocation).

NetworkOptions, `SandboxConfig.network`, is fetch's network mode:

    {"mock": "/abs/mock.yaml",      # answer matching requests from mock rules (JSON or YAML)
     "replay": "/abs/cassette.json", # answer from a cassette; unmatched requests fail
     "record": "/abs/cassette.json", # go live; the exchanges come back with the results for the cassette
     "offline": true,                # nothing leaves the machine; unanswered requests fail
     "secrets": ["…"],               # values masked in cassettes (sensitive settings), whatever --reveal-secrets says
     "mock_parsed": {"text": "…", "data": …}}  # the YAML mock file as segtui's process read it (mock_rules.parsed)

Every key is optional; `{}` is live. A request is answered by the first that applies: a mock
rule, then the replay cassette, then the offline refusal, then the network (recorded if asked).
"""

from __future__ import annotations

import json
import signal
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from segtui import wire_json
from segtui.errors import SegtuiInputError
from segtui.kinds import FunctionKind, check_kind
from segtui.user_files import real_path, user_path

DEFAULT_TIMEOUT_S = 5.0
MIN_TIMEOUT_S, MAX_TIMEOUT_S = 0.01, 3600
"""--timeout's bounds: under 10 ms a load or run times out on the time V8 takes to start one, not on the function."""
DEFAULT_MEMORY_MB = 256
MAX_MEMORY_MB = 1024
"""The largest memory limit segtui accepts: well below V8's own heap ceiling in the sandbox, which segtui.sandbox.v8
pins at 1.5 GB (past it V8 ends the process, so segtui's limit must act first)."""

_FILES = ("mock", "replay", "record")
_KEYS = (*_FILES, "offline", "secrets", "mock_parsed")


@dataclass
class NetworkOptions:
    """How fetch reaches the network; file paths are absolute, as the sandbox process may run elsewhere."""

    mock: str | None = None
    replay: str | None = None
    record: str | None = None
    offline: bool = False
    secrets: list[str] = field(default_factory=list)
    mock_parsed: dict[str, Any] | None = None
    """The YAML mock file's text and the data segtui's process read from it (`mock_rules.parsed`): the sandbox parses the
    file only if its text has changed since, and never imports YAML (~15-20 ms of its start) otherwise."""

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> NetworkOptions:
        """Check a `SandboxConfig.network` dict; raises SegtuiInputError naming the problem."""
        data = data or {}
        if not isinstance(data, dict):
            raise SegtuiInputError("the network options must be a JSON object")
        for key in data:
            if key not in _KEYS:
                import difflib  # here: only a typo's hint needs it
                hint = difflib.get_close_matches(str(key), _KEYS, n=1)
                suggestion = f' (did you mean "{hint[0]}"?)' if hint else ""
                raise SegtuiInputError(f'unknown network option "{key}"{suggestion}; options: {", ".join(_KEYS)}')
        options = cls()
        for key in _FILES:
            value = data.get(key)
            if value is not None:
                if not isinstance(value, str) or not value:
                    raise SegtuiInputError(f'the network option "{key}" must be a file path')
                path = user_path(value)
                if key != "record" and path.is_fifo():
                    # The sandbox reads these itself, and a mock file again whenever it changes: a pipe gives its
                    # bytes once (and `/dev/fd/N` names another process's descriptor once resolved).
                    raise SegtuiInputError(f"{value} is a pipe: the --{key} file must be a regular file, "
                                           "which segtui reads again as it runs")
                setattr(options, key, str(real_path(path)))
        if not isinstance(data.get("offline", False), bool):
            raise SegtuiInputError('the network option "offline" must be true or false')
        options.offline = data.get("offline", False)
        secrets = data.get("secrets", [])
        if not isinstance(secrets, list) or not all(isinstance(item, str) for item in secrets):
            raise SegtuiInputError('the network option "secrets" must be a list of strings')
        options.secrets = [item for item in secrets if item]
        parsed = data.get("mock_parsed")
        if parsed is not None and not (isinstance(parsed, dict) and isinstance(parsed.get("text"), str) and "data" in parsed):
            raise SegtuiInputError('the network option "mock_parsed" must be an object of "text" and "data"')
        options.mock_parsed = parsed
        if options.record and options.replay:
            raise SegtuiInputError("--record and --replay cannot be used together: record goes live, replay never does")
        if options.record and options.offline:
            raise SegtuiInputError("--record and --offline cannot be used together: there would be nothing to record")
        return options

    def to_json(self) -> dict[str, Any]:
        """The options as a `SandboxConfig.network` dict."""
        # Fields as they are, not asdict's deep copy: mock_parsed may hold a mock file's data of 100,000 values.
        return {item.name: value for item in fields(self) if (value := getattr(self, item.name)) not in (None, False, [])}

    @property
    def mode(self) -> str:
        """Every active mode, in the order a request meets them: `mock + offline`, `live + record → c.yaml`."""
        modes = ["mock"] if self.mock else []
        modes.append("replay" if self.replay else "offline" if self.offline else "live")
        if self.record:
            modes.append(f"record → {Path(self.record).name}")
        return " + ".join(modes)


@dataclass
class SandboxConfig:
    """How handlers run: time and memory limits, the network mode for fetch, deterministic clocks, the function's kind."""

    timeout_s: float = DEFAULT_TIMEOUT_S
    memory_mb: int = DEFAULT_MEMORY_MB
    network: NetworkOptions = field(default_factory=NetworkOptions)
    deterministic: bool = False
    kind: FunctionKind = "destination"

    def to_json(self) -> dict[str, Any]:
        """The config as a JSON-ready dict."""
        return {**{item.name: getattr(self, item.name) for item in fields(self)}, "network": self.network.to_json()}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SandboxConfig:
        """Rebuild a config sent by `to_json`."""
        return cls(float(data["timeout_s"]), int(data["memory_mb"]), NetworkOptions.from_json(data.get("network")),
                   bool(data.get("deterministic", False)), check_kind(data.get("kind", "destination"), "the sandbox config"))

    def timeout_message(self) -> str:
        """What a run stopped by the time limit says, as Segment words it."""
        return f"Task timed out after {self.timeout_s:.2f} seconds"

    def memory_message(self, outside: bool = False) -> str:
        """What a run stopped by the memory limit says: by V8's heap limit, or `outside` it, by the watch on the whole
        process (segtui.sandbox.resident_watch) or a host call refused."""
        if outside:
            return (f"the sandbox's memory exceeded the memory limit of {self.memory_mb} MB (buffers count: ArrayBuffers, "
                    "Buffers and WebAssembly memory, held outside the JavaScript heap, as well as the heap)")
        return f"JavaScript heap exceeded the memory limit of {self.memory_mb} MB"


@dataclass(frozen=True)
class LoadCommand:
    """Evaluate a handler's top level in a fresh context."""

    filename: str
    source: str


@dataclass(frozen=True)
class InvokeCommand:
    """Run events (each JSON text) in order on the loaded handler, with the settings' JSON."""

    events: list[str]
    settings: str


Command = LoadCommand | InvokeCommand


@dataclass(frozen=True)
class LoadReply:
    """Whether the top level ran: the handlers it defines, or the error (with `syntax`); and every form of the
    config's secrets, as the sandbox's JavaScript encodes them (segtui.masking)."""

    ok: bool
    handlers: list[str] = field(default_factory=list)
    load_ms: float = 0.0
    error: dict[str, Any] | None = None
    secret_forms: list[str] = field(default_factory=list)
    logs: list[dict[str, Any]] = field(default_factory=list)
    """A failed load's: the logs its top level wrote before it failed (console.js's entries), then how many it dropped."""
    logs_dropped: int = 0
    process_ends: bool = False
    """The sandbox process ends after this reply (its top level was stopped in code V8 cannot interrupt)."""


def encode(message: SandboxConfig | Command | LoadReply) -> str:
    """One message as a JSON line (the config as json writes it: a user's options fill it)."""
    if isinstance(message, SandboxConfig):
        return json.dumps(message.to_json()) + "\n"
    return wire_json.dumps({"op": type(message).__name__, **asdict(message)}) + "\n"


def encode_line(message: SandboxConfig | Command) -> bytes:
    """`encode`'s line as UTF-8, made without the copies of text encoded after (what segtui writes to a sandbox)."""
    if isinstance(message, SandboxConfig):
        return encode(message).encode("utf-8")
    return wire_json.dump_line({"op": type(message).__name__, **asdict(message)})


def decode_command(line: str) -> Command:
    """A command line, as the sandbox reads it."""
    data = wire_json.loads(line)
    op = data.pop("op")
    if op == "LoadCommand":
        return LoadCommand(**data)
    return InvokeCommand(**data)


def decode_reply(line: str | bytes) -> LoadReply | dict[str, Any] | list[dict[str, Any]]:
    """A reply line, as segtui reads it: a LoadReply, the Ready mark (`{"ready": true}`), or results' JSON."""
    data = wire_json.loads(line)
    if isinstance(data, dict) and data.get("op") == "LoadReply":
        del data["op"]
        return LoadReply(**data)
    results: dict[str, Any] | list[dict[str, Any]] = data
    return results


READY = '{"ready": true}\n'
"""The sandbox's first line: it has started."""

NOTICE = b'{"notice": '
"""How a line starts that tells segtui where the sandbox stands, between its answers (`notice`), so that segtui's wait
for an answer follows the sandbox's own clock: "preparing" and "prepared" (before its first load, the sandbox makes the
secrets' forms and a cassette's Masker: segtui's own work, waited for apart from the load's time; a cancel meanwhile
cancels the load), "loading" (the handler is loaded again before the next event: a load's time), "running" (that
event's time limit starts now), "stopping timeout", "stopping memory" or "stopping cancelled" (a run is being stopped
at that limit, or as segtui asked with CANCEL_SIGNAL: its answer comes within STOP_BOUND_S; a sandbox that dies after
"stopping memory" died of the handler's memory)."""

CANCEL_SIGNAL = signal.SIGUSR1
"""What segtui sends a sandbox to stop its run as a limit does, answered with what the run logged and requested so far
(the user cancelled it); a sandbox that does not say it is stopping soon after is killed."""
CANCELLED_MESSAGE = "the run was cancelled"
"""The error message of a run the user cancelled (a SandboxError), however it was stopped."""


def notice(what: str) -> str:
    """A NOTICE line."""
    return f'{{"notice": "{what}"}}\n'


def notice_of(line: bytes) -> str | None:
    """What a NOTICE line says; None for any other line (one broken after its start is a reply segtui cannot read)."""
    if not line.startswith(NOTICE):
        return None
    try:
        what = json.loads(line)["notice"]
    except (ValueError, KeyError, TypeError):
        return None
    return what if isinstance(what, str) else None


STOP_BOUND_S = 6.0
"""How long segtui waits for a stopped event's answer after "stopping" before it kills the sandbox: the sandbox's own
bounded waits while it stops a run (segtui.sandbox.stopped_run: the call in progress judged twice, the logs taken, the
context's free, the reply's lock) come to about 4.5 s at most; the rest is for a machine so busy that those threads wait for a CPU."""
