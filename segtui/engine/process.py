"""One sandbox process, as segtui sees it: started with its config on stdin, written to, read from, and why it died."""

from __future__ import annotations

import io
import os
import select
import signal
import subprocess
import threading
import time
from collections import deque
from typing import Any

from segtui import wire_json
from segtui.cut_secrets import cut
from segtui.engine import launch
from segtui.errors import SegtuiInputError
from segtui.protocol import (
    CANCEL_SIGNAL,
    CANCELLED_MESSAGE,
    STOP_BOUND_S,
    Command,
    LoadReply,
    SandboxConfig,
    decode_reply,
    encode_line,
    notice_of,
)

_READ_SIZE = 1 << 16
"""The most of a reply read at a time."""

# How long past the time limit a sandbox may take to answer, or to say it is stopping the run (protocol.notice) before
# it is killed: a healthy one says so within milliseconds of the limit, and then has protocol.STOP_BOUND_S to answer.
# One whose Python cannot run, or that cannot free a context stuck in V8 code no interrupt reaches (a single huge
# allocation), is killed, so the run still ends within seconds of its limit. The grace is for a machine so busy that
# the sandbox's watching thread waits that long for a CPU (0.75 s was passed under load, and the run lost its logs).
GRACE_S = 2.0
LOAD_GRACE_S = 2.0  # a load may first wait for the spare context to be built
PREPARE_BOUND_S = 300.0
"""How long a sandbox may take to prepare its masking before its first load (protocol.notice "preparing": the secrets'
forms, a cassette's Masker; a few private keys take seconds, and MAX_SECRETS bounds them), which is segtui's own work
and not the handler's: only a sandbox that is stuck takes longer."""
CANCEL_GRACE_S = GRACE_S
"""How long a sandbox asked to stop its run (`ask_to_stop`) has to say it is stopping, or to answer, before it is killed:
its watching thread looks every 50 ms; a load, or a sandbox between runs, never says so. As long as GRACE_S, for the
same busy machine: killed, the run loses what it logged."""


class SandboxDied(Exception):
    """The sandbox process ended or stopped answering: `kind` says how, the message why."""

    CRASHED = "crashed"
    """It died by a signal or exited without answering: a bug in segtui (or V8), never the handler's outcome."""
    OUT_OF_MEMORY = "out_of_memory"
    """V8 ended the process because the handler's memory ran out."""
    UNSTOPPABLE = "unstoppable"
    """It ran past the time limit in code V8 could not interrupt, and was killed."""
    REFUSED = "refused"
    """The system would not let it start or live (SandboxRefused)."""
    CANCELLED = "cancelled"
    """It was killed as segtui's cancel asked (`ask_to_stop`) while it prepared its masking: no handler code had run."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class SandboxRefused(SandboxDied, SegtuiInputError):
    """The system would not let a sandbox process start or live (too few file descriptors, too little address space
    under `ulimit -v`): the user's limit, bad input where a command stops on it, a run's outcome (REFUSED) where a run
    shows it."""

    def __init__(self, message: str) -> None:
        super().__init__(SandboxDied.REFUSED, message)


class SandboxProcess:
    """One sandbox process and the threads that read its output."""

    def __init__(self, config: SandboxConfig, started: launch.Child | None = None) -> None:
        """Start a sandbox process, or take over one `started` early (segtui.engine.launch), and send it `config`."""
        self.process: launch.Child = started or launch.popen()
        assert self.process.stdin and self.process.stdout and self.process.stderr  # all three are pipes
        self.stdin, self.stdout, self.stderr_pipe = self.process.stdin, self.process.stdout, self.process.stderr
        assert isinstance(self.stdin, io.TextIOWrapper)  # text pipes, both the started and the forked process's
        self._commands = self.stdin.buffer
        """stdin's bytes: commands go as UTF-8 lines (protocol.encode_line)."""
        # Replies are read here, on the thread that waits for them, rather than by a thread of their own handing
        # each line over (a wake-up and a switch of Python's lock per line): the sandbox's commands have a reader
        # of their own, so neither side can block the other on a full pipe.
        self._replies = select.poll()
        self._replies.register(self.stdout.fileno(), select.POLLIN)
        self._read: bytearray = bytearray()
        self._lines: deque[bytes] = deque()
        self._ended = False
        self.stopping: str | None = None
        """The limit the sandbox said it is stopping a run at, until it answers that run."""
        self.preparing = False
        """Whether the sandbox said it is preparing its masking (protocol.notice), until it says it is done."""
        self._cancelled = False
        """Whether it was killed as a cancel asked while it prepared (`_kill_unless_stopping`)."""
        self.replies = 0
        """How many replies have been read."""
        self.sent = 0
        """How many messages have been written."""
        self.timeout_s = config.timeout_s
        self.stderr: deque[str] = deque(maxlen=40)
        self._stderr_reader = threading.Thread(target=self._read_stderr, daemon=True)
        self._stderr_reader.start()
        # The config (which holds the secrets to mask) goes on stdin: a command line is visible to every local user.
        self.send(config)
        wire_json.prepare()  # while the sandbox starts, rather than when the first command is written

    def _read_stderr(self) -> None:
        for line in self.stderr_pipe:
            self.stderr.append(line.rstrip("\n"))

    def send(self, message: SandboxConfig | Command) -> None:
        """Write one message to the process (a dead one raises SandboxDied)."""
        try:
            self._commands.write(encode_line(message))
            self._commands.flush()
            self.sent += 1
        except (BrokenPipeError, OSError) as error:
            raise self.death() from error

    def receive(self, timeout: float) -> LoadReply | dict[str, Any] | list[dict[str, Any]]:
        """The next reply; one that does not come within `timeout` (the process is then killed) raises SandboxDied.
        The sandbox's notices (protocol.NOTICE) move that deadline as its own clock goes."""
        deadline = time.monotonic() + timeout
        while True:
            if self._lines:
                what = notice_of(self._lines[0])
                if what is None:
                    break
                self._lines.popleft()
                deadline = self._deadline_after(what, deadline)
                continue
            if self._ended:
                raise self.death()
            left = deadline - time.monotonic()
            if left <= 0 or not self._replies.poll(left * 1000):
                self.kill()
                if self.preparing:
                    raise SandboxDied(SandboxDied.CRASHED, f"segtui's sandbox took over {PREPARE_BOUND_S:g} s to "
                                      "prepare the masking of the sensitive settings' secrets, so segtui stopped it")
                if self.stopping == "memory":
                    raise SandboxDied(SandboxDied.OUT_OF_MEMORY, "the handler grew past the memory limit in code V8 "
                                      "could not interrupt, so segtui restarted its sandbox to stop it")
                raise SandboxDied(SandboxDied.UNSTOPPABLE, "the handler ran past the time limit in code V8 could not "
                                  "interrupt, so segtui restarted its sandbox to stop it")
            data = os.read(self.stdout.fileno(), _READ_SIZE)
            self._ended = not data
            self._read += data
            if b"\n" in data:  # a long line's earlier parts are only added to, never split again
                *lines, self._read = self._read.split(b"\n")
                self._lines.extend(map(bytes, lines))
        self.stopping = None
        self.replies += 1
        try:
            return decode_reply(self._lines.popleft())
        except (ValueError, RecursionError) as error:  # a bug in segtui's sandbox: its protocol broke, so it ends
            self.kill()
            raise SandboxDied(SandboxDied.CRASHED, (
                f"segtui's sandbox sent a reply segtui could not read ({type(error).__name__}: {cut(str(error), 201)}). This "
                "is a bug in segtui, not in your function: please report it with the handler and the event. A fresh "
                "sandbox runs the next event.")) from None

    def _deadline_after(self, what: str, deadline: float) -> float:
        """The wait's deadline once the sandbox has said `what` (protocol.notice)."""
        now = time.monotonic()
        if what == "preparing":
            self.preparing = True
            return max(deadline, now + PREPARE_BOUND_S)
        if what == "prepared":  # the load's own wait starts now
            self.preparing = False
            return now + self.timeout_s + LOAD_GRACE_S
        if what == "loading":
            return max(deadline, now + self.timeout_s + LOAD_GRACE_S)
        if what == "running":
            return now + self.timeout_s + GRACE_S
        self.stopping = what.removeprefix("stopping ")
        return max(deadline, now + STOP_BOUND_S)

    def death(self) -> SandboxDied:
        """Why the process ended without answering."""
        if self._cancelled:
            return SandboxDied(SandboxDied.CANCELLED, CANCELLED_MESSAGE)
        try:
            code: int | None = self.process.wait(timeout=2)
        except subprocess.TimeoutExpired:
            self.kill()
            code = self.process.returncode
        self._stderr_reader.join(timeout=1)  # its last words, which may say why, come as it ends
        text = "\n".join(self.stderr)
        # Past the memory limit in code no interrupt reaches (one JSON.parse of deep nesting), V8 goes on to its own
        # heap's end and ends the process, often with no last words (SIGTRAP): the handler's memory, not segtui's bug.
        if "out of memory" in text.lower() or self.stopping == "memory":
            return SandboxDied(SandboxDied.OUT_OF_MEMORY, "V8 ran out of memory and ended the sandbox process")
        if code is not None and code < 0:
            cause = f"killed by {signal.Signals(-code).name}"
        else:
            cause = f"it exited with code {code} without answering"
        detail = f"; its last words: {cut(self.stderr[-1], 201)}" if self.stderr else ""
        return SandboxDied(SandboxDied.CRASHED, (
            f"segtui's sandbox process crashed ({cause}{detail}). This is a bug in segtui, not in your function: "
            "please report it with the handler and the event. A fresh sandbox runs the next event."))

    def ask_to_stop(self) -> None:
        """Ask the run in progress to stop as a limit stops it (protocol.CANCEL_SIGNAL), its answer holding what it logged
        and requested so far; the process is killed if it neither says it is stopping nor answers within CANCEL_GRACE_S,
        and no message was written to it meanwhile (a review: a cancel as a run ended, its answer read, killed the next
        run's sandbox, whose load ran past the grace, as segtui's crash)."""
        replies, sent = self.replies, self.sent
        if self.process.poll() is None:
            os.kill(self.process.pid, CANCEL_SIGNAL)
        timer = threading.Timer(CANCEL_GRACE_S, self._kill_unless_stopping, (replies, sent))
        timer.daemon = True
        timer.start()

    def _kill_unless_stopping(self, replies: int, sent: int) -> None:
        """Kill the process unless it said it is stopping its run, or answered, or was sent a message, since `replies`
        had been read and `sent` written; one still preparing its masking (a long `preparing`) ended as cancelled."""
        if self.stopping is None and self.replies == replies and self.sent == sent:
            self._cancelled = self.preparing
            self.kill()

    def kill(self) -> None:
        """End the process now (it writes no file, so nothing is lost)."""
        self.process.kill()
        self.process.wait()

    def close(self) -> None:
        """End the process without waiting for it: every reply is in and it writes no file, so nothing is lost.

        Its end is the kernel's work, on the other core: waiting for it (~8 ms, most of it the teardown of V8's
        memory) held up the end of every command. It is reaped later (launch.release).
        """
        if self.process.poll() is None:
            self.stdin.close()
            launch.release(self.process)
