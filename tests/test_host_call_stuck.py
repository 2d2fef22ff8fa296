"""A run whose time limit passes while V8's thread is inside a host call that does not end (one V8 cannot interrupt,
and no up-front estimate refused) is still a timeout with its logs and requests, and a note naming the call."""

import pytest

ENGINE_OPTIONS = {"timeout_s": 2, "memory_mb": 64}

# Few PBKDF2 rounds (65,536 output blocks, the most run without an estimate), each hashing a 128 KB salt: seconds of
# hashlib's work. The salt is small enough to reach the host well within the limit on a busy machine (a 1 MB one took
# up to 1.7 s there, and a run stopped before its call starts is not stuck in it).
STUCK = "crypto.pbkdf2Sync('p', Buffer.alloc(1 << 17), 1, 32 * 65536, 'sha256')"
NOTE = "the run was stopped inside the host call crypto.pbkdf2 (crypto.pbkdf2Sync), which V8 cannot interrupt"


def test_a_host_call_stuck_past_the_time_limit_keeps_the_runs_logs_and_requests_and_names_the_call(runner, loopback):
    result = runner.run("async function onTrack(event, settings) {\n"
                        "  console.log('before', { a: 1 });\n"
                        "  const res = await fetch(settings.url);\n"
                        "  console.log('upstream said', res.status);\n"
                        f"  {STUCK};\n"
                        "  return 'done';\n}", settings={"url": f"{loopback.base}/json"})
    assert (result.outcome, result.error.headline()) == ("timeout", "TimeoutError: Task timed out after 2.00 seconds")
    assert [entry.message for entry in result.logs] == ["before { a: 1 }", "upstream said 200"]
    assert [record.url for record in result.requests] == [f"{loopback.base}/json"]
    assert result.sandbox_reset and len(result.notes) == 1 and result.notes[0].startswith(NOTE)
    assert runner.run("async function onIdentify() { return 'still alive' }", {"type": "identify"}).return_value == "still alive"


@pytest.mark.parametrize("before", ["", "await null;"], ids=["sync", "after-await"])
def test_the_logs_of_a_run_that_made_no_request_before_the_stuck_call_are_kept(runner, before):
    result = runner.run(f"async function onTrack() {{\n  console.log('one');\n  {before}\n  console.warn('two');\n"
                        f"  {STUCK};\n}}")
    assert result.outcome == "timeout"
    assert [(entry.level, entry.message) for entry in result.logs] == [("log", "one"), ("warn", "two")]
    assert result.notes[0].startswith(NOTE)


def test_the_events_sent_after_a_stuck_call_run_on_a_fresh_sandbox(runner):
    runner.load("async function onTrack(event) {\n"
                f"  if (event.event === 'stuck') {STUCK};\n"
                "  console.log('ran', event.event);\n  return event.event;\n}")
    events = [{"type": "track", "event": name} for name in ("first", "stuck", "third", "fourth")]
    results = list(runner.engine.invoke_many(events, {}))
    assert [result.outcome for result in results] == ["success", "timeout", "success", "success"]
    assert [result.return_value for result in results] == ["first", None, "third", "fourth"]
    assert [[entry.message for entry in result.logs] for result in results] == [["ran first"], [], ["ran third"],
                                                                                ["ran fourth"]]
    assert results[1].notes[0].startswith(NOTE)


def test_a_long_host_call_made_just_after_the_run_is_stopped_does_not_cost_its_logs(runner, loopback):
    """The run is stopped at its limit while V8's thread waits in a fetch, which ends by itself just past the limit
    (a timer of the handler's is due then), so the call is judged not stuck; the timer then makes a call that does
    not end soon. Served, it held up the freeing of the context judged free of calls, so the sandbox was killed and
    the run's logs lost; now a call made once the run is stopped is refused, which stops JS where it is."""
    # Minutes of work: longer than segtui waits for a stopping sandbox (protocol.STOP_BOUND_S), were it served.
    minutes = "crypto.pbkdf2Sync('p', Buffer.alloc(1 << 20), 1, 32 * 60000, 'sha256')"
    result = runner.run("async function onTrack(event, settings) {\n  console.log('before');\n"
                        f"  setTimeout(() => {{ console.log('timer'); {minutes}; }}, 2050);\n"
                        "  await fetch(settings.url);\n}", settings={"url": f"{loopback.base}/slow?ms=5000"})
    assert result.outcome == "timeout"
    # Whether the timer (due 50 ms past the deadline) runs depends on the machine: the fetch's call, given 0.1 s past
    # the deadline, returns to JavaScript while the sandbox stops V8, and which comes first is a race. When the timer
    # runs, its call, made once the run is stopped, is refused; either way the run keeps its logs (served, the call
    # had the sandbox killed and them lost).
    assert [entry.message for entry in result.logs] in (["before"], ["before", "timer"]), result.notes
