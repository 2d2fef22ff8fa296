"""V8's thread keeps its Python thread state from one host call to the next while a run lasts, and lets it go
at the run's end, so that contexts freed later leave none behind (segtui.sandbox.thread_state)."""

from __future__ import annotations

import io
import itertools
import json
import threading

from segtui.sandbox import thread_state
from segtui.sandbox.sandbox import Sandbox

HANDLER = """
crypto.randomBytes(1);  // a host call at the top level: a load is not a run
async function onTrack(event) {
  for (let i = 0; i < 3; i++) crypto.randomBytes(4);
  return event.n;
}
"""


class Calls:
    """Each host call as V8's thread saw it: whether its thread state was held, and a number kept in a thread-local
    (a thread-local lives in the thread state, so the same number means the same state)."""

    def __init__(self, sandbox: Sandbox) -> None:
        self.seen: list[tuple[str, bool, int]] = []
        self._local = threading.local()
        self._numbers = itertools.count()
        self._serve = sandbox.host.handle
        sandbox.host.handle = self._handle  # type: ignore[method-assign]

    def _handle(self, op: str, payload: object) -> object:
        if not hasattr(self._local, "token"):
            self._local.token = next(self._numbers)
        self.seen.append((op, thread_state.held(), self._local.token))
        return self._serve(op, payload)


def run(sandbox: Sandbox, *numbers: int) -> list[dict]:
    out = io.StringIO()
    sandbox.invoke_many([json.dumps({"type": "track", "n": n}) for n in numbers], "{}", out)
    return [result for line in out.getvalue().splitlines() for result in json.loads(line)]


def test_host_calls_of_a_run_share_one_thread_state_and_the_run_ends_by_letting_it_go(sandbox):
    calls = Calls(sandbox)
    assert sandbox.load("handler.js", HANDLER).ok
    load_calls = list(calls.seen)
    assert [op for op, _held, _token in load_calls] == ["crypto.random"]
    assert not any(held for _op, held, _token in load_calls), "a load kept V8's thread state"

    first = run(sandbox, 1, 2)
    assert [result["return"] for result in first] == [1, 2]
    in_run = calls.seen[len(load_calls):]
    random = [(held, token) for op, held, token in in_run if op == "crypto.random"]
    assert len(random) == 6
    # The first call of the run makes the state it then keeps; every later call of the run finds it.
    assert all(held for held, _token in random[1:])
    assert len({token for _held, token in random}) == 1
    # The run's last call is results.js handing over at its end: the state goes as that call returns.
    assert in_run[-1][0] == "results"

    before_second = len(calls.seen)
    assert [result["return"] for result in run(sandbox, 3)] == [3]
    second = [token for op, _held, token in calls.seen[before_second:] if op == "crypto.random"]
    assert second[0] != random[0][1], "the thread state outlived the run that held it"
