"""The sandbox widens every new thread's stack (segtui/sandbox/thread_stacks.py) before V8 starts, without starting a
process to find the C library: `ldconfig -p`, which ctypes.util.find_library runs, was on the path to V8's start."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, sys
started = []
sys.addaudithook(lambda event, args: started.append(event) if event in ("subprocess.Popen", "os.posix_spawn", "os.fork",
                                                                       "os.exec", "os.system") else None)
from segtui.sandbox.thread_stacks import THREAD_STACK_BYTES, widen_thread_stacks
print(json.dumps({"started": started, "default": widen_thread_stacks(), "least": THREAD_STACK_BYTES}))
"""


def test_widening_thread_stacks_starts_no_process_and_sets_the_default():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=60, check=True)
    found = json.loads(done.stdout)
    assert found["started"] == []
    if sys.platform.startswith("linux"):
        assert found["default"] >= found["least"]
