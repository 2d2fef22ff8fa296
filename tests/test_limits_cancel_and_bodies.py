"""Cancelled runs, endless and inflating response bodies, and runs that spin after a request: segtui keeps what they did."""

import gzip
import itertools
import socket
import threading
from collections.abc import Iterator

import pytest
from support.sandbox_helpers import RECOVERY, HandlerRunner, assert_engine_still_works, make_engine

ENGINE_OPTIONS = {"timeout_s": 0.5, "memory_mb": 64}


def test_cancel_stops_a_busy_run_and_the_next_call_runs_normally(tmp_path):
    engine = make_engine(timeout_s=120)
    runner = HandlerRunner(engine, tmp_path)
    assert runner.load("async function onTrack() { while (true) {} }\n" + RECOVERY).ok
    results = []
    thread = threading.Thread(target=lambda: results.append(engine.invoke({"type": "track"}, {})))
    thread.start()
    while thread.is_alive():
        engine.cancel()
        thread.join(0.2)
    assert (results[0].outcome, results[0].error.message) == ("bad_request", "the run was cancelled")
    loaded, invocation = engine.run_fresh(runner.write(RECOVERY), None, {"type": "identify"}, {})
    assert loaded.ok and invocation.return_value == "still alive"
    engine.close()


def test_a_cancelled_run_answers_with_what_it_logged_and_requested_before(tmp_path, loopback):
    # A new user's probe: cancel killed the sandbox, so the run's logs so far were lost, where a timeout keeps them.
    engine = make_engine(timeout_s=120)
    runner = HandlerRunner(engine, tmp_path)
    assert runner.load("async function onTrack(event, settings) {\n  console.log('before');\n"
                       "  await fetch(settings.url);\n  console.log('after');\n}\n" + RECOVERY).ok
    results = []
    thread = threading.Thread(target=lambda: results.append(engine.invoke({"type": "track"}, {
        "url": f"{loopback.base}/slow?ms=100000"})))
    thread.start()
    waited = threading.Event()
    while not loopback.take() and not waited.wait(0.02):  # the request is out: the run waits on it
        pass
    engine.cancel(keep_logs=True)
    thread.join(60)
    [result] = results
    assert (result.outcome, result.error.message) == ("bad_request", "the run was cancelled")
    assert [entry.message for entry in result.logs] == ["before"]
    assert any("stopped inside the host call fetch" in note for note in result.notes), result.notes
    loaded, invocation = engine.run_fresh(runner.write(RECOVERY), None, {"type": "identify"}, {})
    assert loaded.ok and invocation.return_value == "still alive"
    engine.close()


def test_a_cancel_that_comes_once_the_run_has_answered_stops_nothing_later(tmp_path):
    # A review: an Escape that came just as a run ended (its answer read, the TUI still showing it) asked the idle
    # sandbox to stop; no answer came within the grace, as none was due, and the next run, longer than the grace,
    # was killed and shown as segtui's crash.
    engine = make_engine(timeout_s=60)
    runner = HandlerRunner(engine, tmp_path)
    assert runner.load("async function onTrack() { return 1; }\nasync function onIdentify() {\n"
                       "  const end = Date.now() + 2500;\n  while (Date.now() < end) {}\n  return 'slow ok';\n}\n").ok
    assert engine.invoke({"type": "track"}, {}).return_value == 1
    engine.cancel(keep_logs=True)
    slow = engine.invoke({"type": "identify"}, {})
    assert (slow.outcome, slow.return_value) == ("success", "slow ok"), slow.error
    engine.close()


def test_a_cancel_the_sandbox_got_after_answering_kills_no_later_load(tmp_path):
    # A review: an escape as a run ended, while the engine still held the run (so it asked the sandbox to stop, the
    # answer already read), killed the next run's sandbox when that run's load took longer than the grace.
    engine = make_engine(timeout_s=60)
    runner = HandlerRunner(engine, tmp_path)
    assert runner.load("async function onTrack() { return 1; }\n").ok
    assert engine.invoke({"type": "track"}, {}).return_value == 1
    engine._sandbox.ask_to_stop()  # as engine.cancel does when it finds the run's lock held
    slow_load = "const end = Date.now() + 3000;\nwhile (Date.now() < end) {}\n" + RECOVERY
    loaded, invocation = engine.run_fresh(runner.write(slow_load), None, {"type": "identify"}, {})
    assert loaded.ok and (invocation.outcome, invocation.return_value) == ("success", "still alive"), invocation.error
    engine.close()


def _body_server(head: bytes, chunks: Iterator[bytes]) -> tuple[socket.socket, list[int]]:
    """A server on 127.0.0.1 that answers one request with `head`, then sends `chunks` until they end or the client
    leaves; and the sizes it sent."""
    listener = socket.create_server(("127.0.0.1", 0))
    served: list[int] = []

    def serve() -> None:
        connection, _ = listener.accept()
        with connection:
            connection.recv(65536)
            connection.sendall(head)
            try:
                for chunk in chunks:
                    served.append(connection.send(chunk))
            except OSError:
                pass

    threading.Thread(target=serve, daemon=True).start()
    return listener, served


def test_an_endless_response_body_stops_at_the_memory_limit_with_node_fetchs_error_and_its_record(tmp_path):
    # No Content-Length, never closed: a body without end.
    listener, served = _body_server(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n", itertools.repeat(b"x" * 65536))
    engine = make_engine(timeout_s=20, memory_mb=8)
    try:
        runner = HandlerRunner(engine, tmp_path)
        result = runner.run(f"""
            async function onTrack() {{
              const response = await fetch('http://127.0.0.1:{listener.getsockname()[1]}/endless');
              try {{ return (await response.text()).length; }} catch (error) {{ return [error.name, error.type, error.message]; }}
            }}""")
    finally:
        engine.close()
        listener.close()
    assert result.outcome == "success"
    name, kind, message = result.return_value
    assert (name, kind) == ("FetchError", "max-size")
    assert f"/endless over limit: {8 * 2**20} (the sandbox's memory limit" in message
    [record] = result.requests
    assert record.response is not None and record.response.status == 200 and record.response.body_truncated
    assert sum(served) < 64 * 2**20, "segtui read on past the memory limit"


_MEMBER = gzip.compress(b"\0" * 2**20)
"""One gzip member of a MB of zeros (~1 KB): members follow one another in a stream, so a few hundred KB inflate to
hundreds of MB."""


@pytest.mark.parametrize(("gzipped", "size", "limit"), [
    (False, 1000, "1000"),  # an endless body past `size`: node-fetch's own error, nothing past it read
    (True, 0, f"{8 * 2**20} (the sandbox's memory limit"),  # a gzip bomb: inflated no further than the memory limit
    (True, 5000, "5000"),
], ids=["size", "gzip bomb", "gzip bomb with size"])
def test_a_body_past_its_size_or_inflating_past_the_memory_limit_stops_there(tmp_path, gzipped, size, limit):
    coding = b"Content-Encoding: gzip\r\n" if gzipped else b""
    # Gzipped: 300 members, 300 MB inflated; else a body without end.
    chunks = itertools.repeat(_MEMBER, 300) if gzipped else itertools.repeat(b"x" * 65536)
    listener, served = _body_server(b"HTTP/1.1 200 OK\r\n" + coding + b"Connection: close\r\n\r\n", chunks)
    port = listener.getsockname()[1]
    engine = make_engine(timeout_s=20, memory_mb=8)
    try:
        result = HandlerRunner(engine, tmp_path).run(f"""
            async function onTrack() {{
              const response = await fetch('http://127.0.0.1:{port}/b', {{size: {size}}});
              try {{ return (await response.text()).length; }} catch (error) {{ return [error.name, error.type, error.message]; }}
            }}""")
    finally:
        engine.close()
        listener.close()
    assert result.outcome == "success", result.error
    name, kind, message = result.return_value
    assert (name, kind) == ("FetchError", "max-size")
    assert message.startswith(f"content size at http://127.0.0.1:{port}/b over limit: {limit}")
    [record] = result.requests
    assert record.response is not None and record.response.status == 200 and record.response.body_size > 0
    assert sum(served) < 64 * 2**20, "segtui read on past the limit"


def test_a_run_that_spins_after_a_request_keeps_its_logs_from_after_it(tmp_path, loopback):
    # Logs made after a run's last request were lost when it then spun to its time limit: its context, busy outside
    # any call Python can stop, could not hand them over (console.js now mirrors them to shared memory). Its limit
    # leaves room for all 5,000 lines before the spin on a busy machine (at 0.5 s the limit came among them).
    engine = make_engine(timeout_s=3, memory_mb=64)
    runner = HandlerRunner(engine, tmp_path)
    try:
        result = runner.run("async function onTrack(event, settings) {\n"
                            "  console.log('before');\n"
                            "  const res = await fetch(settings.base + '/json');\n"
                            "  console.log('after', res.status, 'line one\\nline two', '\\ud800');\n"
                            "  console.error('x'.repeat(70000));\n"
                            "  console.warn('last words');\n"
                            "  for (let i = 0; i < 5000; i++) console.log('chatty', i, 'y'.repeat(80));\n"
                            "  while (true) {}\n}", settings={"base": loopback.base})
        assert result.outcome == "timeout"
        messages = [(entry.level, entry.message) for entry in result.logs]
        assert messages[:4] == [("log", "before"), ("log", "after 200 line one\nline two \ud800"),
                                ("error", "x" * 70000), ("warn", "last words")]
        # The mirror filled up among the chatty lines: the lines after are counted, not lost without a word.
        chatty = messages[4:]
        assert all(message.startswith("chatty ") for _, message in chatty) and 1000 < len(chatty) < 5000
        assert result.logs_dropped == 5000 - len(chatty)
        assert [entry.seq for entry in result.logs] == sorted(entry.seq for entry in result.logs)
        assert_engine_still_works(runner)
    finally:
        engine.close()


def test_a_source_function_that_spins_after_a_request_keeps_what_it_emitted(tmp_path, loopback):
    # A probe: a source function's messages were all lost when it spun after a request (its context could not hand
    # them over); they now go to Python with each request, and those after the last one through the mirror.
    engine = make_engine(**ENGINE_OPTIONS, kind="source")
    runner = HandlerRunner(engine, tmp_path)
    try:
        result = runner.run("async function onRequest(request, settings) {\n"
                            "  Segment.track({ event: 'Before', userId: 'u1' });\n"
                            "  await fetch(settings.base + '/json');\n"
                            "  Segment.identify({ userId: 'u1', traits: { after: true } });\n"
                            "  console.log('spinning now');\n"
                            "  while (true) {}\n}",
                            event={"method": "POST", "url": "https://hooks.example/in", "body": {}},
                            settings={"base": loopback.base})
        assert result.outcome == "timeout"
        assert [message.message["type"] for message in result.emitted] == ["track", "identify"]
        assert result.emitted[1].message["traits"] == {"after": True}
        assert [entry.message for entry in result.logs] == ["spinning now"]
    finally:
        engine.close()


def test_a_source_function_whose_emitted_messages_fill_the_memory_keeps_its_logs(tmp_path):
    # A probe: the logs were handed over, and let go, before the messages' JSON ran out of memory; both were lost.
    engine = make_engine(timeout_s=10, memory_mb=64, kind="source")
    runner = HandlerRunner(engine, tmp_path)
    try:
        result = runner.run("async function onRequest(request) {\n"
                            "  console.log('before the messages');\n"
                            "  for (let i = 0; i < 1000; i++) Segment.track({ event: 'Big', properties: { blob: 'x'.repeat(1e6) + i } });\n"
                            "}", event={"method": "POST", "url": "https://hooks.example/in", "body": {}})
        assert (result.outcome, result.error.name) == ("bad_request", "MemoryError")
        assert ([entry.message for entry in result.logs], result.logs_dropped) == (["before the messages"], 0)
        # The messages past what the log mirror holds were counted as log lines left out; they are a note of their own.
        assert [note for note in result.notes if "messages the run emitted not kept" in note], result.notes
    finally:
        engine.close()


def test_a_negative_or_fractional_size_limits_the_body_as_node_fetchs_comparison_does(tmp_path, loopback):
    # A probe: segtui took a size of -1 or 0.5 for no limit and cut 3.5 to 3 in its message; node-fetch compares each
    # chunk with the number as given, so a body of one byte is past either (an empty one has no chunk, past nothing).
    engine = make_engine(timeout_s=10)
    try:
        result = HandlerRunner(engine, tmp_path).run(f"""
            async function onTrack() {{
              const out = [];
              for (const [bytes, size] of [[1, -1], [0, -1], [1, 0.5], [4, 3.5], [3, 3.5]]) {{
                const response = await fetch('{loopback.base}/big?bytes=' + bytes, {{ size }});
                try {{ out.push((await response.text()).length); }} catch (error) {{ out.push(error.message); }}
              }}
              return out;
            }}""")
    finally:
        engine.close()
    over = f"content size at {loopback.base}/big?bytes="
    assert result.return_value == [f"{over}1 over limit: -1", 0, f"{over}1 over limit: 0.5", f"{over}4 over limit: 3.5", 3]
