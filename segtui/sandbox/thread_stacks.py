"""Every thread the sandbox process starts from now on (V8's, mini-racer's, Python's) gets a stack of at least
THREAD_STACK_BYTES, whatever `ulimit -s` segtui was started under.

V8 stops deep recursion with a RangeError once its stack passes V8's own limit (`--stack-size`, 984 KB, Node's), and
counts on the thread having that much. glibc gives a new thread a stack of the size `ulimit -s` had when the process
started (musl, Alpine's C library, 128 KB whatever it is): under `ulimit -s 512` or less a handler's recursion ran past
the real end of its stack first, and the sandbox died of SIGSEGV ("a bug in segtui") where Node, on AWS Lambda's 8 MB,
throws `RangeError: Maximum call stack size exceeded`. Importing this sets the C library's default for new threads
before any is started (serve.py imports it before V8's module). Linux only: elsewhere the default is left as it is.
"""

from __future__ import annotations

import ctypes
import sys

THREAD_STACK_BYTES = 8 * 1024 * 1024
"""AWS Lambda's stack size (its `ulimit -s` is 8192), far above V8's 984 KB limit and the native frames under it."""
_ATTR_BYTES = 256
"""Room for a pthread_attr_t (56 or 64 bytes with glibc and musl)."""


def widen_thread_stacks(least: int = THREAD_STACK_BYTES) -> int | None:
    """Make `least` bytes the smallest stack a new thread gets by default; the default now (None where it cannot be
    read or set)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        # The process's own global symbols (dlopen(NULL)): the C library Python links, glibc's or musl's, and on glibc
        # before 2.34 the libpthread Python links too, where pthread_*_default_np lived. ctypes.util.find_library("c")
        # ran `ldconfig -p` as a process, on the sandbox's path to starting V8, to name the same library.
        libc = ctypes.CDLL(None, use_errno=True)
        get_default, set_default = libc.pthread_getattr_default_np, libc.pthread_setattr_default_np
    except (OSError, AttributeError):
        return None
    attr = ctypes.create_string_buffer(_ATTR_BYTES)
    size = ctypes.c_size_t()
    if get_default(attr) != 0:
        return None
    try:
        if libc.pthread_attr_getstacksize(attr, ctypes.byref(size)) != 0:
            return None
        if size.value < least and (libc.pthread_attr_setstacksize(attr, ctypes.c_size_t(least)) != 0
                                   or set_default(attr) != 0):
            return size.value
        return max(size.value, least)
    finally:
        libc.pthread_attr_destroy(attr)


widen_thread_stacks()
