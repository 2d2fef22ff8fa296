"""A handler's timers run while its requests wait (segtui.sandbox.fetch_tickets): a timeout race is won by the timer
when the server is slow, and a request its handler returned before is recorded as abandoned, never waited for."""

from __future__ import annotations

import json
import textwrap

import pytest
from support.cli import segtui
from support.sandbox_helpers import HandlerRunner, make_engine, run_on_track

from segtui.sandbox.exchange import DEADLINE_NOTE
from segtui.sandbox.fetch_tickets import ABANDONED_NOTE

RACE = """
    const timer = (ms) => new Promise((resolve) => setTimeout(() => resolve('timer'), ms));
    return await Promise.race([fetch(settings.url).then((res) => res.text()), timer(TIMER_MS)]);
"""
SLOW_MS = 3000


def replay_slow(tmp_path, loopback, handler: str) -> list[dict]:
    """`segtui replay --json` of four track events (E0 to E3) through `handler`, with settings.url a slow server's."""
    (tmp_path / "handler.js").write_text(handler, encoding="utf-8")
    (tmp_path / "events.ndjson").write_text("".join(json.dumps({"type": "track", "event": f"E{n}"}) + "\n"
                                                    for n in range(4)), encoding="utf-8")
    done = segtui("replay", "handler.js", "events.ndjson", "--json", "--setting", f"url={loopback.base}/slow?ms={SLOW_MS}",
                  cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


@pytest.fixture(scope="module")
def engine():
    engine = make_engine()
    yield engine
    engine.close()


def test_a_timer_wins_the_race_against_a_slow_server_and_its_request_is_recorded_as_abandoned(engine, tmp_path, loopback):
    result = run_on_track(engine, tmp_path, RACE.replace("TIMER_MS", "50"), {"url": f"{loopback.base}/slow?ms={SLOW_MS}"})
    assert (result.outcome, result.return_value) == ("success", "timer"), result.error
    [record] = result.requests
    assert record.response is None and record.error is not None
    assert (record.error.type, record.error.message) == ("abandoned", ABANDONED_NOTE)
    assert record.duration_ms < SLOW_MS, "the run waited for a response its handler had stopped waiting for"
    [received] = loopback.take_when(1)
    assert received.path == "/slow", "the request went out before the timer won, as in Node"


def test_a_quick_server_wins_the_race_and_is_recorded_as_usual(engine, tmp_path, loopback):
    result = run_on_track(engine, tmp_path, RACE.replace("TIMER_MS", "20000"), {"url": f"{loopback.base}/text"})
    assert result.return_value != "timer"
    [record] = result.requests
    assert record.error is None and record.response.status == 200


def test_timers_fire_in_order_while_a_request_waits_and_the_response_still_arrives(engine, tmp_path, loopback):
    result = run_on_track(engine, tmp_path, """
        const seen = [];
        setTimeout(() => seen.push('first'), 10);
        setTimeout(() => seen.push('second'), 40);
        const res = await fetch(settings.url);
        seen.push(`response ${res.status} ${await res.text()}`);
        return seen;
    """, {"url": f"{loopback.base}/slow?ms=400"})
    assert result.return_value == ["first", "second", "response 200 slow"], result.error
    assert [record.response.status for record in result.requests] == [200]


def test_a_fetch_made_by_a_timer_is_answered_while_an_earlier_one_still_waits(engine, tmp_path, loopback):
    result = run_on_track(engine, tmp_path, """
        const quick = new Promise((resolve) => setTimeout(() => resolve(fetch(settings.base + '/json').then((r) => r.json())), 10));
        const slow = fetch(settings.base + '/slow?ms=' + settings.slow).then((r) => 'slow');
        return await Promise.race([quick, slow]);
    """, {"base": loopback.base, "slow": SLOW_MS})
    assert result.outcome == "success", result.error
    assert result.return_value != "slow", "the quick request was held back until the slow one was answered"
    assert sorted(record.url.split("/")[-1].split("?")[0] for record in result.requests) == ["json", "slow"]


def test_a_ticketed_request_still_waiting_at_the_time_limit_times_the_run_out(tmp_path, loopback):
    engine = make_engine(timeout_s=0.5)
    try:
        result = run_on_track(engine, tmp_path, """
            setTimeout(() => console.log('tick'), 10);
            return (await fetch(settings.url)).status;
        """, {"url": f"{loopback.base}/slow?ms={SLOW_MS}"})
    finally:
        engine.close()
    assert result.outcome == "timeout"
    assert [log.message for log in result.logs] == ["tick"]


def test_a_delayed_mock_answer_loses_to_a_quicker_timer(tmp_path):
    mocks = tmp_path / "mock.yaml"
    mocks.write_text(f"- url: https://api.example.com/slow\n  delay_ms: {SLOW_MS}\n  body: late\n", encoding="utf-8")
    engine = make_engine(network={"mock": str(mocks)})
    try:
        result = run_on_track(engine, tmp_path, RACE.replace("TIMER_MS", "30"), {"url": "https://api.example.com/slow"})
    finally:
        engine.close()
    assert result.return_value == "timer", result.error
    [record] = result.requests
    assert (record.source, record.mock_rule, record.error.type) == ("mock", 1, "abandoned")


def test_a_replay_goes_on_past_requests_its_handlers_left_waiting(tmp_path, loopback):
    """Each event leaves its slow request behind; the next ones run at once, each with its own record."""
    results = replay_slow(tmp_path, loopback,
                          f"async function onTrack(event, settings) {{\n{textwrap.dedent(RACE.replace('TIMER_MS', '20'))}\n}}\n")
    assert [result["return"] for result in results] == ["timer"] * 4
    assert [[record["error"]["type"] for record in result["requests"]] for result in results] == [["abandoned"]] * 4


def test_a_request_left_waiting_is_answered_before_a_slower_one_made_after_it(engine, tmp_path, loopback):
    result = run_on_track(engine, tmp_path, """
        const order = [];
        const delay = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
        const first = fetch(settings.base + '/slow?ms=300').then(() => order.push('first'));
        await delay(20);
        const second = fetch(settings.base + '/slow?ms=' + settings.slow).then(() => order.push('second'));
        await Promise.race([first, second]);
        return order;
    """, {"base": loopback.base, "slow": SLOW_MS})
    assert result.return_value == ["first"], result.error


@pytest.mark.parametrize("override", [
    "Map.prototype.get = () => undefined;",
    "Map.prototype.set = function () { return this; };",
    "Map.prototype.values = () => [][Symbol.iterator]();",
    "Object.defineProperty(Map.prototype, 'size', { get() { return 0; } });",
    "Array.from = () => [];",
    "Array.prototype.forEach = () => {}; Array.prototype.map = () => []; Array.prototype.push = () => 0;",
    "Atomics.waitAsync = () => ({ value: new Promise(() => {}) });",
], ids=["map-get", "map-set", "map-values", "map-size", "array-from", "array-methods", "wait-async"])
def test_timers_and_tickets_do_not_use_what_a_handler_replaced(engine, tmp_path, loopback, override):
    result = run_on_track(engine, tmp_path, override + RACE.replace("TIMER_MS", "50").replace("return await", "const won = await")
                 + "; return won;", {"url": f"{loopback.base}/slow?ms={SLOW_MS}"})
    assert (result.outcome, result.return_value) == ("success", "timer"), result.error


def test_a_recorded_request_its_handler_left_is_replayed_as_still_waiting(tmp_path, loopback):
    (tmp_path / "handler.js").write_text(
        f"async function onTrack(event, settings) {{\n{textwrap.dedent(RACE.replace('TIMER_MS', '50'))}\n}}\n",
        encoding="utf-8")
    url = f"url={loopback.base}/slow?ms={SLOW_MS}"
    recorded = segtui("run", "handler.js", "--event", "track", "--json", "--setting", url, "--record", "c.json", cwd=tmp_path)
    assert json.loads(recorded.stdout)["return"] == "timer", recorded.stdout + recorded.stderr
    replayed = segtui("run", "handler.js", "--event", "track", "--json", "--setting", url, "--replay", "c.json",
                      cwd=tmp_path)
    result = json.loads(replayed.stdout)
    assert (result["outcome"], result["return"]) == ("success", "timer"), replayed.stdout + replayed.stderr
    assert [(record["source"], record["error"]["type"]) for record in result["requests"]] == [("replay", "abandoned")]


def test_a_ticket_cut_off_at_the_time_limit_keeps_its_start_and_duration(tmp_path, loopback):
    engine = make_engine(timeout_s=0.5)
    try:
        result = run_on_track(engine, tmp_path, """
            fetch(settings.url);
            setTimeout(() => console.log('tick'), 10);
            await new Promise(() => {});
        """, {"url": f"{loopback.base}/slow?ms={SLOW_MS}"})
    finally:
        engine.close()
    assert result.outcome == "timeout"
    [record] = result.requests
    assert not record.started_at.startswith("1970"), record.started_at
    assert record.duration_ms > 0


def test_a_ticket_still_waiting_when_the_run_spins_past_its_limit_is_a_time_limit_not_an_abandonment(tmp_path, loopback):
    engine = make_engine(timeout_s=0.5)
    try:
        result = run_on_track(engine, tmp_path, """
            setTimeout(() => { for (;;) {} }, 10);
            return (await fetch(settings.url)).status;
        """, {"url": f"{loopback.base}/slow?ms={SLOW_MS}"})
    finally:
        engine.close()
    assert result.outcome == "timeout"
    [record] = result.requests
    assert (record.error.type, record.note) == ("request-timeout", DEADLINE_NOTE)


@pytest.mark.parametrize("handler", [
    "async function onTrack(event, settings) { fetch(settings.url); return 'fired'; }",
    "function onTrack(event, settings) { fetch(settings.url).then(() => console.log('answered')); return 'fired'; }",
    "async function onTrack(event, settings) { await null; fetch(settings.url); throw new RetryError('fired'); }",
    "async function onTrack(event, settings) { fetch(settings.url); await null; await Promise.resolve(); return 'fired'; }",
    ("async function send(url) { fetch(url); }\n"
    "async function onTrack(event, settings) { await send(settings.url); return 'fired'; }"),
    ("async function onBatch(events, settings) { fetch(settings.url); await null; return events.map(() => ({ status: 200 })); }\n"
    "async function onTrack() { return 'fired'; }"),
], ids=["async", "plain", "after-await-throwing", "then-awaiting-other-things", "in-a-helper", "batch"])
def test_a_fetch_the_handler_never_awaited_is_sent_and_left_as_the_handler_ends(engine, tmp_path, loopback, handler):
    event = [{"type": "track"}] if "onBatch" in handler else None
    result = HandlerRunner(engine, tmp_path).run(handler, event, settings={"url": f"{loopback.base}/slow?ms={SLOW_MS}"})
    assert result.outcome != "timeout" and ("fired" in (result.return_value, result.error and result.error.message)
                                            or "onBatch" in handler), result.error
    [record] = result.requests
    assert (record.error.type, record.error.message) == ("abandoned", ABANDONED_NOTE)
    assert record.duration_ms < SLOW_MS, "the run waited for a request its handler never awaited"


def test_a_fetch_never_awaited_is_abandoned_each_run_even_when_its_response_came_first(engine, tmp_path, loopback):
    # A new user's probe: `fetch(url, {method: 'POST'}); return {}` against a quick server was recorded now as its
    # response, now as abandoned: the record showed the answer when it happened to come before the records were taken.
    # Here the response comes while the handler is busy after it (the server answers 0.5 s after the request, the
    # handler is busy for 2 s after the timer's hop; a response that came during the hop would be heard, rightly), and
    # the handler never hears of it.
    busy = run_on_track(engine, tmp_path, """
        fetch(settings.url, {method: 'POST'});
        await new Promise((resolve) => setTimeout(resolve, 0));
        const start = Date.now();
        while (Date.now() - start < 2000) {}
        return 'busy';
    """, {"url": f"{loopback.base}/slow?ms=500"})
    assert busy.return_value == "busy", busy.error
    leaving = [run_on_track(engine, tmp_path, "fetch(settings.url, {method: 'POST'}); return {};",
                            {"url": f"{loopback.base}/text"}) for _ in range(10)]
    for result in [busy, *leaving]:
        [record] = result.requests
        assert record.response is None and (record.error.type, record.error.message) == ("abandoned", ABANDONED_NOTE)


def test_a_returned_fetch_is_still_waited_for(engine, tmp_path, loopback):
    result = HandlerRunner(engine, tmp_path).run(
        "function onTrack(event, settings) { return fetch(settings.url).then((res) => res.status); }",
        settings={"url": f"{loopback.base}/slow?ms=300"})
    assert result.return_value == 200, result.error
    assert [record.response.status for record in result.requests] == [200]


def test_a_replay_of_handlers_that_never_await_their_fetch_records_each_with_its_event(tmp_path, loopback):
    results = replay_slow(tmp_path, loopback,
                          "async function onTrack(event, settings) { fetch(settings.url + '&n=' + event.event); return event.event; }\n")
    assert [(result["return"], [record["url"].split("n=")[-1] for record in result["requests"]]) for result in results] == [
        (f"E{n}", [f"E{n}"]) for n in range(4)]
    assert all(result["requests"][0]["error"]["type"] == "abandoned" for result in results)


def test_the_first_response_to_come_is_the_first_delivered(engine, tmp_path, loopback):
    """Node delivers responses as they come: a race of a slow and a quick request is won by the quick one, and a
    request the handler awaits is not held back by an earlier one it never awaited."""
    result = run_on_track(engine, tmp_path, """
        const slow = settings.base + '/slow?ms=' + settings.slow;
        const raced = await Promise.race([fetch(slow).then(() => 'slow'), fetch(settings.base + '/text').then(() => 'quick')]);
        fetch(slow);
        const awaited = await fetch(settings.base + '/json');
        return [raced, awaited.status];
    """, {"base": loopback.base, "slow": SLOW_MS})
    assert result.return_value == ["quick", 200], result.error
    assert sorted(str(record.error.type if record.error else record.response.status) for record in result.requests) == [
        "200", "200", "abandoned", "abandoned"]


def test_a_fire_and_forget_request_to_a_server_that_never_answers_holds_back_no_awaited_fetch(engine, tmp_path, loopback):
    # A probe: with a beacon still on its way, the third awaited fetch waited for it, to the time limit (Node answers
    # each at once): the task that waits on tickets ran before the queued request went out.
    result = run_on_track(engine, tmp_path, """
        fetch(settings.slow).catch(() => {});
        const seen = [];
        for (const name of ['a', 'b', 'c', 'd']) seen.push(await (await fetch(settings.quick + '?n=' + name)).text());
        return seen.length;
    """, {"slow": f"{loopback.base}/slow?ms=30000", "quick": f"{loopback.base}/text"})
    assert (result.outcome, result.return_value) == ("success", 4), result.error
    beacon, *awaited = result.requests
    assert [record.response.status for record in awaited if record.response] == [200] * 4
    assert beacon.error is not None and beacon.error.message == ABANDONED_NOTE


def test_a_mocked_request_answered_at_once_is_not_held_by_a_slow_one_sent_with_it(tmp_path):
    (tmp_path / "mock.yaml").write_text("- url: https://slow.example.com/beacon\n  delay_ms: 60000\n  body: late\n"
                                        "- prefix: https://api.example.com/\n  body: ok\n")
    (tmp_path / "handler.js").write_text(
        "async function onTrack() {\n  fetch('https://slow.example.com/beacon').catch(() => {});\n"
        "  for (const p of ['a', 'b', 'c']) await fetch('https://api.example.com/' + p);\n  return 'done';\n}\n")
    done = segtui("run", "handler.js", "--event", "track", "--mock", "mock.yaml", "--offline", "--timeout", "3", "--json",
                  cwd=tmp_path)
    result = json.loads(done.stdout)
    assert (result["outcome"], result["return"]) == ("success", "done"), result["error"]
    assert [record["response"]["status"] for record in result["requests"][1:]] == [200, 200, 200]
