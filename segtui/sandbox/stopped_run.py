"""The reply for the event a limit stopped, and what ends a sandbox process whose V8 thread is stuck in a host call."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any, TextIO

from segtui.plurals import plural
from segtui.protocol import CANCELLED_MESSAGE, LoadReply, SandboxConfig

if TYPE_CHECKING:
    from segtui.sandbox.channel import HostChannel
    from segtui.sandbox.contexts import Runtime
    from segtui.sandbox.host import Host
    from segtui.sandbox.results import RunReplies

STUCK_GRACE_S = 0.3
"""How long a run stopped at a limit waits for the host call V8's thread is in to end before the call counts as stuck
(but see NETWORK_GRACE_S); this and the sandbox's other waits while it stops a run stay well within
protocol.STOP_BOUND_S, how long the engine then waits before it kills."""

NETWORK_GRACE_S = 1.5
"""The same for the network's host calls, which end by themselves 0.1 s past the run's deadline once the requests they
were given are issued: thousands at once on a busy machine may take longer than STUCK_GRACE_S, and such a call is busy,
not stuck (judged stuck, its sandbox was replaced and its note named a call that did end)."""

_ENDS_AT_DEADLINE = frozenset({"fetch", "fetch_wait", "fetch_abort"})
_STILL_SERVED = frozenset({"results"})
"""The host calls a stopped run is still served once its context is about to be freed (HostChannel.refuse_calls):
results.js's hand-over, never long, by which a run that finished meanwhile hands its last results over."""
_SALVAGE_S = 0.2


def stuck_grace(op: object) -> float:
    """How long host call `op` may go on once its run is stopped before it counts as stuck."""
    return NETWORK_GRACE_S if op in _ENDS_AT_DEADLINE else STUCK_GRACE_S


def stuck_call(channel: HostChannel | None, refuse: bool = False) -> str | None:
    """The host call a stopped run's V8 thread is stuck in, if any (HostChannel.stuck_in); with `refuse`, calls other
    than _STILL_SERVED are refused from then on, so that none starts once the context is judged free to be freed (a
    long one made then held that up: the sandbox was killed, and the run's logs lost)."""
    if channel is None:
        return None
    if refuse:
        channel.refuse_calls(but=_STILL_SERVED)
    return channel.stuck_in(stuck_grace)


CLOSE_GRACE_S = 1.0
"""How long a stopped run's context may take to be freed before V8's thread counts as held in code V8 cannot
interrupt (one fill of a huge array), which the free waits for: the event is then answered and the process ended."""


class ProcessEnds(Exception):
    """A run was stopped while V8's thread went on, in a host call that did not end or in code V8 cannot interrupt: its
    event is answered, and the process must now end (its context cannot be freed while V8's thread runs)."""


def held_note(reason: str) -> str:
    """The note of a run stopped at limit `reason` whose V8 thread went on in code V8 cannot interrupt."""
    past = {"timeout": "ran past the time limit", "cancelled": "was cancelled"}.get(reason, "grew past the memory limit")
    return (f"the handler {past} in code V8 could not interrupt: segtui answered the event with what the run had "
            "logged and requested, and replaced its sandbox process")


def stuck_note(call: str) -> str:
    """The note of a run stopped while V8's thread was inside host call `call`."""
    return (f"the run was stopped inside the host call {call}, which V8 cannot interrupt: segtui answered the event "
            "with what the run had logged and requested, and replaced its sandbox process")


def stopped_reply(reason: str, config: SandboxConfig, event_json: str, logs: dict[str, Any],
                  requests: list[dict[str, Any]], started: float, notes: list[str],
                  handlers: Collection[str], outside: bool = False) -> dict[str, Any]:
    """The result of the event stopped by the time ("timeout") or memory limit (`outside` V8's heap), or cancelled
    ("cancelled"): its logs and requests so far; `handlers`, those the loaded script defined (a batch stopped in its
    onBatch names it)."""
    from segtui.invocation import event_identity

    if reason == "timeout":
        outcome, error = "timeout", {"name": "TimeoutError", "message": config.timeout_message(), "stack": ""}
    elif reason == "cancelled":  # as segtui's own result of a run it cancelled, with the run's logs and requests
        outcome, error = "bad_request", {"name": "SandboxError", "message": CANCELLED_MESSAGE, "stack": ""}
    else:
        outcome, error = "bad_request", {"name": "MemoryError", "message": config.memory_message(outside), "stack": ""}
    event_type, handler_name = event_identity(json.loads(event_json), handlers)
    if logs.get("emitted_dropped"):
        dropped = f"{plural(logs['emitted_dropped'], 'more message')} the run emitted not kept (past what segtui keeps of a "
        notes = [*notes, dropped + "stopped run's)"]
    return {"event_type": event_type, "handler_name": handler_name, "outcome": outcome, "return": None,
            "error": error, "logs": logs["entries"], "logs_dropped": logs["dropped"], "emitted": logs["emitted"],
            "requests": requests, "duration_ms": (time.perf_counter() - started) * 1000, "sandbox_reset": True,
            "notes": notes}


def write_line(out: TextIO, message: dict[str, Any]) -> None:
    """Write one reply to segtui as a JSON line."""
    out.write(json.dumps(message) + "\n")


def write_stopped(run: RunReplies, reply: dict[str, Any]) -> None:
    """Write the stopped event's reply, once, under the run's lock, as V8's thread writes results (one stuck in a host
    call still lives), waiting for it no longer than STUCK_GRACE_S should that thread hold it."""
    held = run.lock.acquire(timeout=STUCK_GRACE_S)
    try:
        if not run.stop_written:
            run.stop_written = True
            write_line(run.out, reply)
            run.out.flush()
    finally:
        if held:
            run.lock.release()


def last_reply(run: RunReplies, config: SandboxConfig, drain: Callable[[], None], logs: Callable[[], dict[str, Any]],
               records: Callable[[], tuple[list[dict[str, Any]], str | None]]) -> None:
    """Answer the load in progress, or the running event, with its logs (and requests) so far before the process ends
    past the memory limit in code V8 could not stop (it ended with no answer: the logs and records were lost); the
    results committed before it (`drain`) go first. The lock is waited for no longer than STUCK_GRACE_S."""
    if not run.lock.acquire(timeout=STUCK_GRACE_S):
        return
    try:
        if run.load_out is not None and run.load_failure is not None:
            run.load_out.write(run.load_failure())
            run.load_out.flush()
            return
        drain()
        if not run.waiting:
            return
        requests, unrecorded = records()
        reply = stopped_reply("memory", config, run.events[run.answered], logs(), requests, run.timeline.last,
                              [unrecorded] if unrecorded else [], run.handlers, outside=True)
        write_stopped(run, {**reply, "process_ends": True})
    finally:
        run.lock.release()


def salvage_logs(runtime: Runtime | None) -> dict[str, Any] | None:
    """The logs (and a source function's emitted messages) of a run stopped by a limit, when its context is idle
    enough to hand them over; else None (its `known_logs` are what it keeps)."""
    try:
        if runtime is not None:
            from segtui.sandbox.contexts import json_text  # contexts builds V8's first context as it is imported

            taken = json.loads(json_text(runtime.take_logs(timeout=_SALVAGE_S)))
            return {**taken["logs"], "emitted": taken["emitted"]}
    except Exception:  # noqa: BLE001, S110 - a context still spinning or out of memory keeps the rest of its logs
        pass
    return None


def known_logs(runtime: Runtime | None, host: Host, kept: dict[str, Any] | None = None) -> dict[str, Any]:
    """A stopped run's logs as of its last fetch and those console.js mirrored since, read without V8's thread; or those
    `kept` as the run was stopped, before its context (and the mirror with it) was let go."""
    if kept is not None:
        return kept
    mirrored, emitted, dropped, emitted_dropped = runtime.mirrored_logs() if runtime is not None else ([], [], 0, 0)
    return {"entries": host.logs_before_fetch + mirrored, "dropped": dropped, "emitted": host.emitted_before_fetch + emitted,
            "emitted_dropped": emitted_dropped}


def late_logs(salvaged: dict[str, Any] | None, late: dict[str, Any]) -> dict[str, Any]:
    """The logs of a run that finished while it was being stopped: those taken from its console meanwhile
    (`salvaged`), which its result no longer holds, then its result's, numbered on after them."""
    before, emitted_before = (salvaged["entries"], salvaged["emitted"]) if salvaged else ([], [])
    after = max([int(entry.get("seq", 0)) for entry in before] or [0])
    return {"entries": before + [{**entry, "seq": int(entry.get("seq", 0)) + after} for entry in late["logs"]],
            "dropped": (salvaged["dropped"] if salvaged else 0) + late["logs_dropped"],
            "emitted": emitted_before + late.get("emitted", [])}


def top_level_logs(runtime: Runtime | None, host: Host) -> dict[str, Any]:
    """The logs a top level that failed (threw, or hit a limit) wrote before it failed, as a LoadReply keeps them: read
    where console.js mirrors them, with no call into the context, which would run its promises on after it failed."""
    logs = known_logs(runtime, host)
    return {"logs": logs["entries"], "logs_dropped": logs["dropped"]}


def load_failure(name: str, message: str, secret_forms: list[str] | None, kept: dict[str, Any]) -> LoadReply:
    """The reply of a load stopped at a limit (its error's `name` and `message`), with what it `kept` (its logs)."""
    error = {"name": name, "message": message, "stack": "", "line": None, "column": None, "source_line": "", "syntax": False}
    return LoadReply(False, error=error, secret_forms=secret_forms or [], **kept)


def reload_failure(loaded: LoadReply) -> dict[str, Any]:
    """The result of an event whose handler failed to load again (a limit had dropped its context): the load's error,
    with what its top level logged."""
    from segtui.invocation import TOP_LEVEL  # the sandbox has no other use for invocation's imports

    return {"outcome": "bad_request", "return": None, "error": loaded.error, "logs": loaded.logs,
            "logs_dropped": loaded.logs_dropped, "requests": [], "handler_name": TOP_LEVEL,
            "process_ends": loaded.process_ends}
