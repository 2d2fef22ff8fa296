"""The sandbox process: reads JSON commands on stdin, answers one JSON line each on its own stdout.

V8 can kill its whole process on some out-of-memory paths, so it lives here and not in segtui itself.
"""

from __future__ import annotations

import gc
import json
import os
import queue
import signal
import sys
import threading
from collections.abc import Iterator
from typing import TYPE_CHECKING, TextIO, cast

import segtui.sandbox.runtime_zone  # first of segtui's: V8 reads the zone and locale it sets when it starts
import segtui.sandbox.thread_stacks  # before any thread starts: each gets a stack that V8's limit fits in
import segtui.sandbox.v8_first  # noqa: F401 - starts V8 and evaluates the prelude, which the other imports overlap
from segtui.sandbox.contexts import SpareBuild

if TYPE_CHECKING:
    import io

    from segtui.sandbox.sandbox import Sandbox

# How long without a command before the worker counts as idle and builds its spare context.
_IDLE_S = 0.03


def _protocol_streams() -> tuple[TextIO, TextIO]:
    """Keep a private copy of stdout for replies and point fd 1 at stderr, so stray output cannot corrupt them.

    All are UTF-8, as segtui's ends of the pipes are (segtui.engine.launch), whatever this process's locale: started
    under LC_ALL=C without UTF-8 mode (PYTHONUTF8=0) it read its commands as ASCII, and crashed on the first non-ASCII
    text; under a latin-1 locale it would have read them garbled.
    """
    for stream in (sys.stdin, sys.stderr):
        cast("io.TextIOWrapper", stream).reconfigure(encoding="utf-8")
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return sys.stdin, replies


def serve() -> None:
    """Read the config (the first line on stdin, never the command line: it holds secrets), then answer commands until stdin closes."""
    from segtui import core_dumps

    core_dumps.forbid()  # before the secrets come: started by a caller other than segtui's command, it has its limit
    commands, replies = _protocol_streams()
    # segtui may start this process before it knows the config (`segtui.engine.launch`): V8 starts and the
    # first context evaluates the prelude meanwhile.
    first_context = SpareBuild(first=True)
    # The rest of the sandbox (the protocol, the network stack) is imported meanwhile, rather than before V8
    # starts or once the config has come: segtui sends it only when it has read its options, settings and events.
    import segtui.json_input  # sets this process's limits for reading deep JSON and long numbers
    import segtui.sandbox.host  # noqa: F401 - what Sandbox imports first
    from segtui import wire_json
    from segtui.protocol import CANCEL_SIGNAL, READY, LoadCommand, SandboxConfig, decode_command, encode
    from segtui.sandbox.sandbox import Sandbox
    from segtui.sandbox.stopped_run import ProcessEnds

    wire_json.prepare()
    first = commands.readline()
    if not first:
        os._exit(0)
    sandbox = Sandbox(SandboxConfig.from_json(json.loads(first)), first=first_context)
    # segtui's cancel: the run's watch stops it as at a limit, answering with its logs so far (one between runs: none).
    signal.signal(CANCEL_SIGNAL, lambda _signum, _frame: sandbox.host.cancel())

    def reply(text: str) -> None:
        replies.write(text)
        replies.flush()

    # READY once V8 runs: V8 that cannot start (too little address space under `ulimit -v`) ends this process before
    # it, where segtui says why, whatever the machine's timing; not during the first load, as a crash.
    first_context.wait()
    # What the sandbox holds from here on (its modules, V8's wrappers, the config) lives as long as it does: frozen, the
    # collector's passes skip it. A handler that starts thousands of requests at once keeps their exchanges alive until
    # its result is written: passes over them and all of this took ~1.4 s of a 5,000-request event, frozen ~0.6 s.
    gc.freeze()
    reply(READY)
    for command in map(decode_command, _commands(commands, sandbox)):  # the line is not held while its command runs
        if isinstance(command, LoadCommand):
            gc.unfreeze()  # what the last load left may be garbage now: collected as usual
            loaded = sandbox.load(command.filename, command.source, replies)
            reply(encode(loaded))
            gc.freeze()  # what this load left (the handler's context, its secrets' forms) lives until the next one
            if loaded.process_ends:  # V8's thread cannot be stopped: segtui starts a fresh sandbox
                os._exit(0)
        else:
            try:
                sandbox.invoke_many(command.events, command.settings, replies)
            except ProcessEnds:
                # Its event is answered (marked so that segtui replaces this process); V8's thread cannot be stopped.
                os._exit(0)


def _commands(stream: TextIO, sandbox: Sandbox) -> Iterator[str]:
    """The command lines, forever: the process ends when the stream closes; whenever none comes for a moment, the
    sandbox builds its spare context."""
    lines: queue.Queue[str] = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)
            del line  # not held while the command runs: an event's line may be tens of MB
        # segtui closes stdin once every reply is in, and the kernel closes it when segtui's process ends however it
        # ends (SIGKILL included): this thread then ends the process at once, whatever the main thread and V8's are
        # running (a handler's endless loop), instead of it living on alone. It waits for neither, and holds the GIL
        # only for this call (V8 runs with the GIL released). That skips V8's and Python's teardown too, which would
        # add 50-100 ms to every run; nothing is lost, as the sandbox writes no file.
        os._exit(0)

    threading.Thread(target=read, name="commands", daemon=True).start()
    while True:
        yield _next_line(lines, sandbox)  # no local name holds the line while its command runs


def _next_line(lines: queue.Queue[str], sandbox: Sandbox) -> str:
    """The next command line; the sandbox builds its spare context first if none comes for a moment."""
    try:
        return lines.get(timeout=_IDLE_S)
    except queue.Empty:
        sandbox.prepare_spare()
        return lines.get()
