"""Requests made together wait their turn on segtui's pool (16 on the network at a time, where Node sends all at
once); that queue is segtui's, so it never changes how they end: a request's `timeout` counts from when it is sent,
and a mock rule's delay, standing for a server's latency, from when fetch was called."""

from __future__ import annotations

from support.sandbox_helpers import HandlerRunner, make_engine

from segtui.sandbox.network import MAX_THREADS

MANY = 3 * MAX_THREADS  # three turns of the pool


def test_requests_queued_on_the_pool_are_not_timed_out_by_their_wait_there(runner, loopback):
    # Each answer takes 0.2 s of a 0.5 s timeout: node-fetch answers them all; counted from the call, the third
    # turn's timed out (0.6 s).
    result = runner.run("async function onTrack(event, settings) {\n"
                        f"  const all = Array.from({{ length: {MANY} }}, () => fetch(settings.url, {{ timeout: 500 }})\n"
                        "    .then((res) => res.status, (error) => error.type));\n"
                        "  return await Promise.all(all);\n}", settings={"url": f"{loopback.base}/slow?ms=200"})
    assert result.outcome == "success", result.error
    assert result.return_value == [200] * MANY
    assert [record.error for record in result.requests] == [None] * MANY


def test_mock_delays_of_requests_made_together_run_together(tmp_path):
    # Three turns of a 1.5 s delay were 4.5 s, past the 3 s time limit; Node's server would answer all after 1.5 s.
    mocks = tmp_path / "mock.yaml"
    mocks.write_text("- url: https://api.example.com/slow\n  delay_ms: 1500\n  body: late\n", encoding="utf-8")
    engine = make_engine(timeout_s=3, network={"mock": str(mocks)})
    try:
        result = HandlerRunner(engine, tmp_path).run(
            "async function onTrack() {\n"
            f"  const all = Array.from({{ length: {MANY} }}, () => fetch('https://api.example.com/slow')\n"
            "    .then((res) => res.text()));\n"
            "  return await Promise.all(all);\n}")
    finally:
        engine.close()
    assert result.outcome == "success", result.error
    assert result.return_value == ["late"] * MANY
