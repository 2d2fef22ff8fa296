"""Requests made together wait their turn on segtui's pool (16 on the network at a time, where Node sends all at
once); that queue is segtui's, so it never changes how they end: a request's `timeout` counts from when it is sent,
and a mock rule's delay, standing for a server's latency, from when fetch was called."""

from __future__ import annotations

from support.sandbox_helpers import HandlerRunner, make_engine

from segtui.sandbox.network import MAX_THREADS

MANY = 3 * MAX_THREADS  # three turns of the pool


def run_mocked(tmp_path, rules: str, source: str):
    """The result of `source`'s onTrack run under the mock `rules` (YAML), with a 3 s time limit."""
    mocks = tmp_path / "mock.yaml"
    mocks.write_text(rules, encoding="utf-8")
    engine = make_engine(timeout_s=3, network={"mock": str(mocks)})
    try:
        return HandlerRunner(engine, tmp_path).run(source)
    finally:
        engine.close()


def test_requests_queued_on_the_pool_are_not_timed_out_by_their_wait_there(runner, loopback):
    # Each answer takes 0.8 s of a 2 s timeout (room for a busy machine): node-fetch answers them all; counted from
    # the call, the third turn's timed out (2.4 s).
    result = runner.run("async function onTrack(event, settings) {\n"
                        f"  const all = Array.from({{ length: {MANY} }}, () => fetch(settings.url, {{ timeout: 2000 }})\n"
                        "    .then((res) => res.status, (error) => error.type));\n"
                        "  return await Promise.all(all);\n}", settings={"url": f"{loopback.base}/slow?ms=800"})
    assert result.outcome == "success", result.error
    assert result.return_value == [200] * MANY
    assert [record.error for record in result.requests] == [None] * MANY


def test_mock_delays_of_requests_made_together_run_together(tmp_path):
    # Three turns of a 1.5 s delay were 4.5 s, past the 3 s time limit; Node's server would answer all after 1.5 s.
    result = run_mocked(tmp_path, "- url: https://api.example.com/slow\n  delay_ms: 1500\n  body: late\n",
                        "async function onTrack() {\n"
                        f"  const all = Array.from({{ length: {MANY} }}, () => fetch('https://api.example.com/slow')\n"
                        "    .then((res) => res.text()));\n"
                        "  return await Promise.all(all);\n}")
    assert result.outcome == "success", result.error
    assert result.return_value == ["late"] * MANY
    # Their records say so too: those that queued showed ~0 ms (timed from when the pool took them up).
    assert min(record.duration_ms for record in result.requests) >= 1500


def test_requests_aborted_while_a_mock_delays_them_free_the_pool_for_the_next(tmp_path):
    # Each aborted request held a thread of the pool until its 10 s delay ended: the pool's worth of them held the
    # next requests made together (which go on the pool) past the time limit.
    result = run_mocked(
        tmp_path, "- url: https://api.example.com/slow\n  delay_ms: 10000\n  body: late\n"
                  "- url: https://api.example.com/quick\n  delay_ms: 10\n  body: quick\n",
        "async function onTrack() {\n"
        f"  const aborted = await Promise.all(Array.from({{ length: {MAX_THREADS} }}, () => {{\n"
        "    const controller = new AbortController();\n"
        "    setTimeout(() => controller.abort(), 50);\n"
        "    return fetch('https://api.example.com/slow', { signal: controller.signal }).catch((error) => error.name);\n"
        "  }));\n"
        "  const quick = await Promise.all([1, 2].map(() => fetch('https://api.example.com/quick')));\n"
        "  return [new Set(aborted).size, aborted[0], ...await Promise.all(quick.map((res) => res.text()))];\n}")
    assert result.outcome == "success", result.error
    assert result.return_value == [1, "AbortError", "quick", "quick"]


def test_requests_still_queued_on_the_pool_at_the_deadline_are_not_sent_and_a_recording_leaves_them_out(tmp_path, loopback):
    # Written to the cassette as live timeouts, they were answered so by a replay, though no server ever saw them.
    cassette = tmp_path / "cassette.json"
    engine = make_engine(timeout_s=2, network={"record": str(cassette)})
    try:
        result = HandlerRunner(engine, tmp_path).run(
            "async function onTrack(event, settings) {\n"
            f"  await Promise.all(Array.from({{ length: {MANY} }}, () => fetch(settings.url)));\n}}",
            settings={"url": f"{loopback.base}/slow?ms=15000"})
    finally:
        engine.close()
    assert result.outcome == "timeout" and len(result.requests) == MANY
    received = len(loopback.take())
    unsent = [record for record in result.requests if (record.note or "").endswith("before the request was sent")]
    assert received <= MAX_THREADS and len(unsent) == MANY - received
    assert len(result.interactions) == received
