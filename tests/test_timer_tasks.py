"""How the sandbox's timers wake V8: a timer already due wakes it at once (Atomics.notify), not by a timed wait, whose
round trip through V8's platform cost ~35 µs a timer (20,000 zero-delay timers due together took ~0.75 s; Node ~0.04 s).
Their order is conformance fixture engine_timers_batched's (each still runs as a task of its own, as Node's do)."""

from __future__ import annotations

import time

from segtui.sandbox.contexts import js_function
from segtui.sandbox.prelude import prelude_source
from segtui.sandbox.v8 import V8Context

# Evaluated before the prelude, so that timers.js takes this Atomics.waitAsync: it counts the waits given a timeout.
COUNT_TIMED_WAITS = """
globalThis.timedWaits = 0;
const waitAsync = Atomics.waitAsync;
Atomics.waitAsync = function (array, index, value, timeout) {
  if (timeout !== undefined) globalThis.timedWaits++;
  return Reflect.apply(waitAsync, Atomics, arguments);
};
"""


def test_zero_delay_timers_due_together_run_without_a_timed_wait_each():
    context = V8Context(lambda _buffer: None)
    try:
        context.eval(COUNT_TIMED_WAITS)
        entry = context.eval_object(prelude_source())
        context.install_host(js_function(entry, "install"))
        context.eval("globalThis.fired = []; for (let i = 0; i < 200; i++) setTimeout(() => fired.push(i), 0);")
        waited_until = time.monotonic() + 30  # a bound on the wait, not a measure: the count below is the check
        while context.eval("fired.length") != 200 and time.monotonic() < waited_until:
            time.sleep(0.01)
        assert context.eval("fired.every((value, index) => value === index)") is True
        assert context.eval("timedWaits") <= 3  # one for the first timer's millisecond; then each finds the next due
    finally:
        context.close()
