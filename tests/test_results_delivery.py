"""Results of many events in one chunk: read from shared memory, each with its own requests, duration and errors,
and none lost when a later event of the chunk hits a limit."""

import os
import signal

import pytest
from support.http_server import Reply
from support.sandbox_helpers import HandlerRunner, make_engine

ENGINE_OPTIONS = {"timeout_s": 0.5, "memory_mb": 64}

SPINNER = """
async function onTrack(event) {
  if (event.event === 'spin') { %s }
  if (event.event === 'fail') { const error = new Error('bad ' + event.n); throw error; }
  console.log('event', event.n);
  return event.n;
}
"""


def events(*names):
    return [{"type": "track", "event": name, "n": index} for index, name in enumerate(names)]


@pytest.mark.parametrize("spin", ["while (true) {}", "await null; while (true) {}",
                                  "const a = []; for (;;) a.push(new Array(100000).fill({}))"],
                         ids=["busy-before-await", "busy-after-await", "out-of-memory"])
def test_fast_results_before_a_limit_in_the_same_chunk_are_all_delivered(runner, tmp_path, request, spin):
    if "push" in spin:
        # A generous time limit, so that the memory limit is what stops the event even on a loaded machine.
        runner = HandlerRunner(make_engine(timeout_s=30, memory_mb=64), tmp_path)
        request.addfinalizer(runner.engine.close)
    assert runner.load(SPINNER % spin).ok
    chunk = events(*["fast"] * 40, "fail", "fast", "spin", "fast", "fast")
    results = list(runner.engine.invoke_many(chunk, {}))
    assert len(results) == len(chunk)
    assert [result.return_value for result in results[:40]] == list(range(40))
    assert all(result.outcome == "success" for result in results[:40])
    assert [entry.message for entry in results[39].logs] == ["event 39"]
    failed = results[40]
    assert (failed.outcome, failed.error.message, failed.error.line) == ("bad_request", "bad 40", 4)
    assert "segtui:" not in failed.error.stack
    assert results[41].return_value == 41
    stopped = results[42]
    assert stopped.outcome == ("bad_request" if "push" in spin else "timeout")
    assert stopped.sandbox_reset
    assert [result.return_value for result in results[43:]] == [43, 44]


def test_each_result_has_its_own_duration(runner):
    assert runner.load("""
      async function onTrack(event) {
        if (event.event === 'slow') await new Promise((resolve) => setTimeout(resolve, 60));
        return event.n;
      }
    """).ok
    results = list(runner.engine.invoke_many(events("fast", "fast", "slow", "fast"), {}))
    assert [result.return_value for result in results] == [0, 1, 2, 3]
    assert results[2].duration_ms >= 55
    assert all(result.duration_ms >= 0 for result in results)


def test_requests_belong_to_the_event_that_made_them(tmp_path, loopback, engine):
    runner = HandlerRunner(engine, tmp_path)
    assert runner.load("""
      fetch(TOP + '/json?top');
      async function onTrack(event, settings) {
        for (let i = 0; i < event.fetches; i++) await fetch(`${settings.base}/json?n=${event.n}&i=${i}`);
        if (event.later) setTimeout(() => fetch(`${settings.base}/json?late=${event.n}`), 0);
        if (event.wait) await new Promise((resolve) => setTimeout(resolve, event.wait));
        return event.n;
      }
    """.replace("TOP", repr(loopback.base))).ok
    chunk = [{"type": "track", "n": 0, "fetches": 1}, {"type": "track", "n": 1, "fetches": 0},
             {"type": "track", "n": 2, "fetches": 2, "later": True}, {"type": "track", "n": 3, "fetches": 0, "wait": 30},
             {"type": "track", "n": 4, "fetches": 1}]
    results = list(engine.invoke_many(chunk, {"base": loopback.base}, batch=5))
    queries = [[record.url.split("?", 1)[1] for record in result.requests] for result in results]
    # A request made after its event's result (here from a timer) goes with the event running then, as before.
    assert queries == [["top", "n=0&i=0"], [], ["n=2&i=0", "n=2&i=1"], ["late=2"], ["n=4&i=0"]]
    assert [[record.fetch for record in result.requests] for result in results][2] == [1, 2]


def test_results_taken_before_fetches_answered_at_once_go_several_to_a_line(tmp_path, request):
    # Eight results taken go on one line, so that the code finishing them runs warm, in both processes. A mock rule
    # answers each fetch at once: no wait can be late, however slow the machine. Only results.js's own hand-over (at a
    # result 10 ms after the last) and the watching thread's wake (every 50 ms) end a line sooner: 24 lines leave room
    # for 18 of them (a run of ~180 ms or more), where a line per result makes 48.
    mocks = tmp_path / "mock.yaml"
    mocks.write_text("- url: https://api.example.com/track\n  body: ok\n", encoding="utf-8")
    engine = make_engine(timeout_s=5, memory_mb=64, network={"mock": str(mocks)})
    request.addfinalizer(engine.close)
    runner = HandlerRunner(engine, tmp_path)
    assert runner.load("async function onTrack(event) { await fetch('https://api.example.com/track'); return event.n; }").ok
    lines_before = engine._sandbox.replies
    results = list(engine.invoke_many(events(*["fast"] * 48), {}, batch=48))
    assert [result.return_value for result in results] == list(range(48))
    assert [len(result.requests) for result in results] == [1] * 48
    assert engine._sandbox.replies - lines_before <= 24


def test_results_taken_before_a_late_answer_survive_the_sandbox_being_killed_after_it(tmp_path, loopback, request):
    # Event 0 waits 12 ms, so that results.js hands its result over (as it does one 10 ms after the last); events 1 and
    # 2 fetch at once; event 3's first answer comes 25 ms late (meanwhile.LATE_S is 5), and its second request kills
    # the sandbox as it arrives. The results taken before the late answer are sent while it is awaited: all come
    # back, and no request of their events goes out twice (segtui resends only the events after the one it blames).
    # Its 20 ms to spare keep a loaded machine's scheduling out of it; without the late write, only the watching
    # thread's wake (every 50 ms) can send them in time, so the test fails most runs, not every one.
    engine = make_engine(timeout_s=5, memory_mb=64)
    request.addfinalizer(engine.close)
    runner = HandlerRunner(engine, tmp_path)
    assert runner.load("""
      async function onTrack(event, settings) {
        if (event.n === 0) return await new Promise((resolve) => setTimeout(() => resolve(0), 12));
        if (event.n === 3) await fetch(settings.base + '/slow?ms=25&n=3');
        await fetch(settings.base + (event.n === 3 ? '/kill' : '/json') + '?n=' + event.n);
        return event.n;
      }
    """).ok
    killed: list[int] = []

    def kill(_received) -> Reply:
        if not killed:
            killed.append(engine.sandbox_pid)
            os.kill(engine.sandbox_pid, signal.SIGKILL)
        return Reply()

    list(engine.invoke_many(events(*["warm"] * 20), {"base": loopback.base}))  # its code warm, as in a replay
    loopback.take()
    loopback.routes["/kill"] = kill
    results = list(engine.invoke_many(events(*["fast"] * 5), {"base": loopback.base}))
    assert killed
    assert [(result.outcome, result.return_value) for result in results[:3]] == [("success", n) for n in range(3)]
    assert results[3].error.name == "SandboxCrash"
    made = [received.target.split("?")[1] for received in loopback.take() if received.path == "/json"]
    assert made == ["n=1", "n=2", "n=4"]


def test_a_sandbox_that_dies_with_the_next_chunk_queued_costs_one_event(runner):
    assert runner.load("async function onTrack(event) { return event.n; }").ok
    results = []
    for result in runner.engine.invoke_many(events(*["fast"] * 12), {}, batch=3):
        results.append(result)
        if len(results) == 2:
            os.kill(runner.engine.sandbox_pid, signal.SIGKILL)
    assert len(results) == 12
    died = [index for index, result in enumerate(results) if result.outcome != "success"]
    assert len(died) == 1 and results[died[0]].error.name == "SandboxCrash"
    assert [result.return_value for result in results if result.ok] == [n for n in range(12) if n != died[0]]


def test_events_of_any_size_and_text_reach_the_handler_intact(runner):
    assert runner.load("async function onTrack(event) { return [event.n, event.text.length > 1000 ? event.text.length : event.text]; }").ok
    texts = ["x" * 100_000, "é😀\u2028\"\\</script>", "y" * 300_000, "\ud800 lone"]
    chunk = [{"type": "track", "n": n, "text": text} for n, text in enumerate(texts)]
    results = list(runner.engine.invoke_many(chunk, {}))
    assert [result.return_value for result in results] == [[n, len(text) if len(text) > 1000 else text]
                                                           for n, text in enumerate(texts)]


def test_event_text_that_is_not_json_fails_its_chunk_and_the_engine_carries_on(runner):
    assert runner.load("async function onTrack(event) { return event.n; }").ok
    results = list(runner.engine.invoke_many_json(['{"type": "track", "n": 1}', '{"type": "track", "n": '], {}))
    assert [(result.outcome, result.error.name) for result in results] == [("bad_request", "SandboxError")] * 2
    assert "could not read these events" in results[0].error.message
    assert runner.engine.invoke({"type": "track", "n": 3}, {}).return_value == 3


def test_a_load_no_event_ran_on_leaves_its_requests_to_no_later_event(runner, loopback):
    source = "fetch(TOP + '/warm?load=' + LOAD);\nasync function onTrack(event) { return 1; }"
    assert runner.load(source.replace("TOP", repr(loopback.base)).replace("LOAD", "1")).ok
    assert runner.load(source.replace("TOP", repr(loopback.base)).replace("LOAD", "2")).ok
    result = runner.engine.invoke({"type": "track", "event": "x"}, {})
    assert [record.url for record in result.requests] == [f"{loopback.base}/warm?load=2"]
    assert sorted(received.target for received in loopback.take()) == ["/warm?load=1", "/warm?load=2"]
