"""fetch's `signal` as node-fetch 2.6.0 takes it: an AbortController or AbortSignal.timeout cuts off a request still
waiting on the network (live, a delayed mock, a replayed cassette), which rejects with an AbortError and is
recorded as aborted; the run does not wait for the response."""

from __future__ import annotations

import json
import textwrap

import pytest
from support.cli import segtui
from support.sandbox_helpers import HandlerRunner, make_engine, run_on_track

from segtui.sandbox.fetch_tickets import ABORTED_NOTE

SLOW_MS = 3000
TIMED_OUT = """
    try {
      const res = await fetch(settings.url, { signal: AbortSignal.timeout(50) });
      return 'answered ' + res.status;
    } catch (error) {
      return [error.name, error.type, error.message];
    }
"""
ABORTED = ["AbortError", "aborted", ABORTED_NOTE]


@pytest.fixture(scope="module")
def engine():
    engine = make_engine()
    yield engine
    engine.close()


def test_a_timeout_signal_cuts_off_a_slow_live_request(engine, tmp_path, loopback):
    result = run_on_track(engine, tmp_path, TIMED_OUT, {"url": f"{loopback.base}/slow?ms={SLOW_MS}"})
    assert (result.outcome, result.return_value) == ("success", ABORTED), result.error
    [record] = result.requests
    assert record.response is None and (record.error.type, record.error.message) == ("aborted", ABORTED_NOTE)
    assert record.duration_ms < SLOW_MS, "the run waited for a response its handler had aborted"
    assert [received.path for received in loopback.take()] == ["/slow"], "the request went out before it was aborted"


def test_the_event_after_one_that_aborted_its_last_waiting_request_gets_its_whole_time_limit(tmp_path, loopback):
    # The abort leaves no request waiting, but fetch.js had already set a task to ask for them: asking for none, it
    # held V8's thread until the deadline, so the next event on the warm load started with its time nearly gone.
    engine = make_engine(timeout_s=3)
    try:
        assert HandlerRunner(engine, tmp_path).load("""async function onTrack(event, settings) {
            await new Promise((resolve) => setTimeout(resolve, 300));
            const controller = new AbortController();
            setTimeout(() => controller.abort(), 50);
            try { await fetch(settings.url, { signal: controller.signal }) } catch (error) { return error.name }
        }""").ok
        results = [engine.invoke({"type": "track", "event": "T"}, {"url": f"{loopback.base}/slow?ms=15000"}) for _ in range(2)]
    finally:
        engine.close()
    assert [(result.outcome, result.return_value) for result in results] == [("success", "AbortError")] * 2


def test_one_controller_aborts_every_request_it_signals_and_spares_the_answered_ones(engine, tmp_path, loopback):
    result = run_on_track(engine, tmp_path, """
        const controller = new AbortController();
        const quick = await fetch(settings.base + '/text', { signal: controller.signal });
        setTimeout(() => controller.abort(), 50);
        const outcomes = await Promise.allSettled([1, 2].map(() =>
          fetch(settings.base + '/slow?ms=' + settings.slow, { signal: controller.signal })));
        return [quick.status, await quick.text(), ...outcomes.map((o) => o.status + ' ' + (o.reason && o.reason.name))];
    """, {"base": loopback.base, "slow": SLOW_MS})
    assert result.return_value == [200, "héllo wörld ✓", "rejected AbortError", "rejected AbortError"], result.error
    assert [(record.response.status if record.response else record.error.type) for record in result.requests] == [
        200, "aborted", "aborted"]


def test_a_request_aborted_before_it_is_sent_never_leaves(engine, tmp_path, loopback):
    result = run_on_track(engine, tmp_path, """
        const controller = new AbortController();
        const sent = fetch(settings.url, { signal: controller.signal });
        controller.abort();
        const before = await fetch(settings.url, { signal: AbortSignal.abort() }).catch((e) => e.name);
        return [await sent.catch((e) => e.name), before];
    """, {"url": f"{loopback.base}/text?never-leaves"})
    assert result.return_value == ["AbortError", "AbortError"], result.error
    # Only this test's URL: an earlier test's request may reach the shared server late on a busy machine.
    assert result.requests == [] and [got for got in loopback.take() if b"never-leaves" in got.request_line] == []


def test_a_request_aborted_while_queued_behind_sixteen_on_the_network_never_leaves(engine, tmp_path, loopback):
    # Sixteen requests go out at once; the seventeenth waits for one of them to end, and is aborted meanwhile.
    result = run_on_track(engine, tmp_path, """
        const controller = new AbortController();
        const requests = Array.from({ length: 16 }, () => fetch(settings.url + '?ms=400'));
        const queued = fetch(settings.url + '?ms=1', { signal: controller.signal }).catch((error) => error.name);
        setTimeout(() => controller.abort(), 50);
        await Promise.all(requests);
        return queued;
    """, {"url": f"{loopback.base}/slow"})
    assert (result.outcome, result.return_value) == ("success", "AbortError"), result.error
    assert [received.target for received in loopback.take()] == ["/slow?ms=400"] * 16


def test_a_delayed_mock_answer_is_aborted(tmp_path):
    mocks = tmp_path / "mock.yaml"
    mocks.write_text(f"- url: https://api.example.com/slow\n  delay_ms: {SLOW_MS}\n  body: late\n", encoding="utf-8")
    engine = make_engine(network={"mock": str(mocks)})
    try:
        result = run_on_track(engine, tmp_path, TIMED_OUT, {"url": "https://api.example.com/slow"})
    finally:
        engine.close()
    assert result.return_value == ABORTED, result.error
    [record] = result.requests
    assert (record.source, record.mock_rule, record.error.type) == ("mock", 1, "aborted")
    assert record.duration_ms < SLOW_MS


def test_a_recorded_aborted_request_is_replayed_as_waiting_until_the_handler_aborts_it_again(tmp_path, loopback):
    (tmp_path / "handler.js").write_text(f"async function onTrack(event, settings) {{\n{textwrap.dedent(TIMED_OUT)}\n}}\n",
                                         encoding="utf-8")
    url = f"url={loopback.base}/slow?ms={SLOW_MS}"
    recorded = segtui("run", "handler.js", "--event", "track", "--json", "--setting", url, "--record", "c.json", cwd=tmp_path)
    assert json.loads(recorded.stdout)["return"] == ABORTED, recorded.stdout + recorded.stderr
    loopback.take()
    replayed = segtui("run", "handler.js", "--event", "track", "--json", "--setting", url, "--replay", "c.json",
                      cwd=tmp_path)
    result = json.loads(replayed.stdout)
    assert (result["outcome"], result["return"]) == ("success", ABORTED), replayed.stdout + replayed.stderr
    assert [(record["source"], record["error"]["type"]) for record in result["requests"]] == [("replay", "aborted")]
    assert loopback.take() == [], "a replay sent the request to the network"


@pytest.mark.parametrize("override", [
    "Array.prototype.indexOf = () => -1; Array.prototype.splice = () => []; Array.prototype.findIndex = () => -1;",
    "Array.prototype.some = () => true; Array.prototype.push = () => 0; Array.prototype.includes = () => false;",
    "Object.hasOwn = undefined; Object.defineProperty = () => { throw new Error('replaced'); };",
    "delete globalThis.Atomics;",
], ids=["array-search", "array-add", "object-statics", "atomics-deleted"])
def test_aborting_does_not_use_what_a_handler_replaced(engine, tmp_path, loopback, override):
    result = run_on_track(engine, tmp_path, override + TIMED_OUT, {"url": f"{loopback.base}/slow?ms={SLOW_MS}"})
    assert (result.outcome, result.return_value) == ("success", ABORTED), result.error
    assert [record.error.type for record in result.requests] == ["aborted"]


@pytest.mark.parametrize("then", ["await new Promise((resolve) => setTimeout(resolve, 10));", ""], ids=["waiting", "at once"])
def test_a_listener_that_throws_fails_the_run_as_an_uncaught_error(engine, tmp_path, then):
    result = run_on_track(engine, tmp_path, f"""
        const controller = new AbortController();
        controller.signal.addEventListener('abort', () => {{ throw new RangeError('listener broke'); }});
        controller.abort();
        {then}
        return 'returned';
    """, {})
    assert result.outcome == "bad_request"
    assert "RangeError: listener broke" in result.error.message + (result.error.stack or "")
