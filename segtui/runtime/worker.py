"""The sandbox process: reads JSON commands on stdin, answers one JSON line each on its own stdout.

V8 can kill its whole process on some out-of-memory paths, so it lives here and not in segtui itself.
"""

from __future__ import annotations

import json
import os
import sys

from segtui.runtime.config import SandboxConfig
from segtui.runtime.sandbox import Sandbox


def _protocol_streams() -> tuple:
    """Keep a private copy of stdout for replies and point fd 1 at stderr, so stray output cannot corrupt them."""
    replies = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    return sys.stdin, replies


def serve(config: SandboxConfig) -> None:
    """Answer commands until stdin closes."""
    commands, replies = _protocol_streams()
    sandbox = Sandbox(config)

    def reply(message: dict) -> None:
        replies.write(json.dumps(message) + "\n")
        replies.flush()

    reply({"ready": True})
    for line in commands:
        command = json.loads(line)
        op = command["op"]
        if op == "load":
            reply(sandbox.load(command["filename"], command["source"]))
        elif op == "invoke_many":
            sandbox.invoke_many(command["events"], command["settings"], replies)
    sandbox.host.network.close()
    # Everything is answered and saved: skip V8's and Python's teardown, which would add 50-100 ms to every run.
    os._exit(0)


if __name__ == "__main__":
    serve(SandboxConfig.from_json(json.loads(sys.argv[1])))
