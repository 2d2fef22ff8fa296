"""Time and memory limits, load errors, and a sandbox process that dies: segtui reports and carries on."""

import os
import signal

import pytest
from support.http_server import Reply
from support.sandbox_helpers import RECOVERY, HandlerRunner, assert_engine_still_works, make_engine

ENGINE_OPTIONS = {"timeout_s": 0.5, "memory_mb": 64}


@pytest.mark.parametrize(
    "body",
    [
        "while (true) {}",
        "await null; while (true) {}",
        "await new Promise((r) => setTimeout(r, 1)); for (;;) {}",
        "return new Promise(() => {})",
        "await new Promise((r) => setTimeout(r, 60000))",
    ],
    ids=["busy-before-await", "busy-after-await", "busy-after-timer", "never-settles", "long-timer"],
)
def test_runs_past_the_time_limit_are_timeouts_and_the_engine_keeps_working(runner, body):
    result = runner.run(f"async function onTrack() {{ {body} }}\n{RECOVERY}")
    assert (result.outcome, result.label) == ("timeout", "Timeout")
    assert result.error.headline() == "TimeoutError: Task timed out after 0.50 seconds"
    assert runner.engine.invoke({"type": "identify"}, {}).return_value == "still alive"


def test_logs_before_a_timeout_are_kept_when_the_handler_is_waiting(runner):
    result = runner.run("async function onTrack() { console.log('about to call upstream'); await new Promise(() => {}) }")
    assert (result.outcome, result.event_type, result.handler_name) == ("timeout", "track", "onTrack")
    assert [entry.message for entry in result.logs] == ["about to call upstream"]
    assert result.sandbox_reset


def test_logs_before_a_busy_loop_before_any_await_are_kept(runner):
    result = runner.run("async function onTrack() { console.log('spinning'); while (true) {} }")
    assert result.outcome == "timeout"
    assert [entry.message for entry in result.logs] == ["spinning"]


def test_logs_before_a_fetch_are_kept_when_the_handler_spins_after_it(runner, loopback):
    """A loop after an await cannot be stopped to hand its logs over: those made before its last fetch went with it."""
    result = runner.run("async function onTrack(event, settings) {\n"
                        "  console.log('calling upstream');\n"
                        "  const res = await fetch(settings.url);\n"
                        "  console.log('upstream said', res.status);\n"
                        "  await fetch(settings.url);\n"
                        "  while (true) {}\n}", settings={"url": f"{loopback.base}/json"})
    assert result.outcome == "timeout"
    assert [entry.message for entry in result.logs] == ["calling upstream", "upstream said 200"]
    assert_engine_still_works(runner)


def test_a_fetch_made_just_after_the_time_limit_ends_at_once_and_the_run_keeps_its_logs(tmp_path, loopback):
    """A response arriving just after the limit (within the grace the sandbox gives it) lets the handler make another
    request before V8 is stopped: that one must end at once, not wait a time limit of its own while V8 cannot be
    stopped (segtui then killed the sandbox, and every log and record of the run went with it). The limit is longer
    than segtui's wait for a sandbox past it, so that such a wait would show."""
    limit = 1.5
    loopback.routes["/late"] = lambda received: Reply(delay_s=limit + 0.04)
    loopback.routes["/slow"] = lambda received: Reply(delay_s=10)
    engine = make_engine(timeout_s=limit)
    runner = HandlerRunner(engine, tmp_path)
    try:
        result = runner.run("async function onTrack(event, settings) {\n"
                            "  console.log('calling');\n"
                            "  const res = await fetch(settings.base + '/late');\n"
                            "  console.log('late said', res.status);\n"
                            "  await fetch(settings.base + '/slow');\n"
                            "  console.log('never');\n}", settings={"base": loopback.base})
        assert result.outcome == "timeout"
        logs = [entry.message for entry in result.logs]
        # On a machine too busy to read the late answer within the grace, the first request is cut there instead and
        # no later one is made: the run still keeps what it logged.
        assert logs in (["calling", "late said 200"], ["calling"]), logs
        # The later request goes out in a task of its own (fetch.js): it ends at once, or V8 is stopped before it leaves.
        assert [record.url.rsplit("/", 1)[1] for record in result.requests] in (["late", "slow"], ["late"])
        assert_engine_still_works(runner)
    finally:
        engine.close()


def test_a_run_stopped_at_its_time_limit_starts_no_further_event_and_sends_no_request_twice(tmp_path, loopback):
    """A response arriving just after the limit (within the grace) lets the handler return before V8 is stopped: the
    next event must not start in the context about to be dropped. Its request went out there and again on the fresh
    load (a live POST sent twice), and showed in the stopped event's record."""
    limit = 1.0
    loopback.routes["/late"] = lambda received: Reply(delay_s=limit + 0.04)
    engine = make_engine(timeout_s=limit)
    runner = HandlerRunner(engine, tmp_path)
    try:
        assert runner.load("async function onTrack(event, settings) {\n"
                           "  const path = event.event === 'late' ? '/late' : '/json';\n"
                           "  try { await fetch(settings.base + path + '?id=' + event.messageId, { method: 'POST' }); }\n"
                           "  catch (error) { console.log('failed', error.message); }\n"
                           "  return event.messageId;\n}").ok
        loopback.take()
        events = [{"type": "track", "event": "late" if number == 1 else "fast", "messageId": f"m{number}"}
                  for number in range(4)]
        results = list(engine.invoke_many(events, {"base": loopback.base}))
    finally:
        engine.close()
    assert [result.outcome for result in results] == ["success", "timeout", "success", "success"]
    assert [[record.url.rsplit("=", 1)[1] for record in result.requests] for result in results] == [
        ["m0"], ["m1"], ["m2"], ["m3"]], "a stopped event's record shows the requests of events after it"
    sent = sorted(received.target.rsplit("=", 1)[1] for received in loopback.take())
    assert sent == ["m0", "m1", "m2", "m3"], "a request went out twice, or from an event in a dropped context"


def test_a_spinning_event_never_shows_the_logs_of_the_one_before(tmp_path, loopback):
    engine = make_engine(**ENGINE_OPTIONS)
    runner = HandlerRunner(engine, tmp_path)
    try:
        assert runner.load("async function onTrack(event, settings) {\n"
                           "  console.log('event', event.event);\n"
                           "  await fetch(settings.url);\n"
                           "  if (event.event === 'spin') { await null; while (true) {} }\n}").ok
        events = [{"type": "track", "event": name} for name in ("calm", "spin")]
        results = list(engine.invoke_many(events, {"url": f"{loopback.base}/json"}))
    finally:
        engine.close()
    assert [result.outcome for result in results] == ["success", "timeout"]
    assert [[entry.message for entry in result.logs] for result in results] == [["event calm"], ["event spin"]]


def test_runaway_allocation_ends_the_run_with_a_clear_error(tmp_path):
    engine = make_engine(timeout_s=30, memory_mb=64)
    runner = HandlerRunner(engine, tmp_path)
    result = runner.run("async function onTrack() { const a = []; for (;;) a.push(new Array(100000).fill({})) }")
    assert result.outcome == "bad_request"
    assert result.error.name == "MemoryError"
    assert "memory limit of 64 MB" in result.error.message
    assert_engine_still_works(runner)
    engine.close()


def test_infinite_recursion_is_a_range_error(runner):
    result = runner.run("function f() { return f() } async function onTrack() { return f() }")
    assert (result.outcome, result.error.name) == ("bad_request", "RangeError")
    assert_engine_still_works(runner)


def test_a_dead_sandbox_process_is_reported_and_replaced(runner):
    path = runner.write("var n = 0; async function onTrack() { n += 1; return n }")
    runner.engine.load(path)
    os.kill(runner.engine.sandbox_pid, signal.SIGKILL)
    died = runner.engine.invoke({"type": "track"}, {})
    assert (died.outcome, died.error.name, died.event_type, died.handler_name) == (
        "sandbox_crashed", "SandboxCrash", "track", "onTrack")
    assert died.crashed and died.label == "Sandbox Crashed (segtui bug)"
    assert "killed by SIGKILL" in died.error.message and "bug in segtui" in died.error.message
    assert runner.engine.invoke({"type": "track"}, {}).return_value == 1


def test_syntax_error_reports_file_line_column_and_source(runner):
    path = runner.write("async function onTrack() {\n  return (1 +;\n}\n", "broken.js")
    loaded = runner.engine.load(path)
    assert not loaded.ok and loaded.syntax_error
    assert (loaded.error.name, loaded.error.line, loaded.error.column) == ("SyntaxError", 2, 14)
    assert loaded.error.source_line == "  return (1 +;"
    assert loaded.error.message == "Unexpected token ';'"


def test_throw_at_top_level_reports_location(runner):
    path = runner.write("var a = 1;\nnotDefined();\nasync function onTrack() {}\n", "top.js")
    loaded = runner.engine.load(path)
    assert not loaded.ok and not loaded.syntax_error
    assert (loaded.error.name, loaded.error.line, loaded.error.column) == ("ReferenceError", 2, 1)
    assert loaded.error.message == "notDefined is not defined"
    assert loaded.error.source_line == "notDefined();"


@pytest.mark.parametrize("top_level", [
    "while (true) {}",
    "function again() { Promise.resolve().then(again); } again();",
    "(async () => { for (;;) await null; })();",
    "Object.defineProperty(globalThis, 'onTrack', { get() { for (;;) {} } });",
], ids=["busy", "microtasks", "awaits", "getter"])
def test_a_top_level_that_never_ends_is_a_load_timeout_stopped_by_the_sandbox(runner, top_level):
    # The microtasks and the getter ran after the script, past its limit, until segtui killed the sandbox ~2 s later.
    loaded = runner.load(top_level)
    assert (loaded.ok, loaded.outcome, loaded.error.name) == (False, "bad_request", "TimeoutError")
    assert "did not finish within 0.5 s" in loaded.error.message  # the sandbox's words: it stopped the load itself
    assert_engine_still_works(runner)


def test_unexpected_end_of_input_points_at_the_end_of_the_file(runner):
    path = runner.write("async function onTrack() {\n  return 1;\n", "unfinished.js")
    loaded = runner.engine.load(path)
    assert loaded.syntax_error
    assert (loaded.error.message, loaded.error.line, loaded.error.column) == ("Unexpected end of input", 2, 12)
    assert loaded.error.source_line == "  return 1;"
