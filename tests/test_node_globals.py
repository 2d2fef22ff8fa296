"""Node 20's globals beside the contract's (process, TextEncoder/TextDecoder, structuredClone, queueMicrotask,
performance, global), in real V8; their likeness to Node's is the conformance fixtures' globals_*."""

from support.sandbox_helpers import HandlerRunner, make_engine, run_on_track

ENGINE_OPTIONS = {"timeout_s": 5}


def test_process_env_never_shows_segtuis_own_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SEGTUI_PROBE_TOKEN", "machine-secret-0f3a9c")
    engine = make_engine(timeout_s=5)  # started with the variable in its environment
    try:
        result = run_on_track(engine, tmp_path, """
            return [Object.keys(process.env), JSON.stringify(process.env), process.env.SEGTUI_PROBE_TOKEN,
                    process.env.PATH, process.env.HOME, "SEGTUI_PROBE_TOKEN" in process.env];
        """)
    finally:
        engine.close()
    assert result.outcome == "success", result.error
    assert result.return_value == [[], "{}", None, None, None, False]


def test_node_globals_a_public_function_uses_work(engine, tmp_path):
    result = run_on_track(engine, tmp_path, """
        const bytes = new TextEncoder().encode(event.event);
        const copy = structuredClone({ at: new Date(0), tags: new Set(["a"]), event });
        copy.event.event = "changed";
        const order = [];
        queueMicrotask(() => order.push("microtask"));
        order.push("sync");
        await null;
        const started = performance.now();
        const size = new Blob([JSON.stringify({ name: "Zoë" })]).size;
        return [size, bytes.length, new TextDecoder().decode(bytes), copy.at.toISOString(), [...copy.tags], event.event,
                order, typeof started, global === globalThis, process.platform];
    """)
    assert result.outcome == "success", result.error
    assert result.return_value == [15, 4, "Test", "1970-01-01T00:00:00.000Z", ["a"], "Test", ["sync", "microtask"],
                                   "number", True, "linux"]


def test_an_error_thrown_in_a_queued_microtask_fails_the_run_as_an_uncaught_one(engine, tmp_path):
    result = run_on_track(engine, tmp_path, """
        queueMicrotask(() => { throw new TypeError("thrown in a microtask") });
        await new Promise((resolve) => setTimeout(resolve, 1));
        return "returned";
    """)
    assert result.outcome == "bad_request"
    assert (result.error.name, result.error.message) == ("TypeError", "thrown in a microtask")


def test_what_segtui_leaves_out_of_node_fails_clearly(engine, tmp_path):
    result = run_on_track(engine, tmp_path, """
        const messages = [];
        for (const run of [() => performance.timerify(() => {}), () => new TextDecoder("shift_jis"), () => new Blob([]).stream()]) {
            try { run(); } catch (error) { messages.push(error.message); }
        }
        return messages;
    """)
    assert result.return_value == ["performance.timerify is not available in segtui",
                                   'The "shift_jis" encoding is not available in segtui',
                                   ("Blob.prototype.stream is not available in segtui: it returns a web ReadableStream, "
                                    "which segtui does not have (use text(), arrayBuffer() or bytes())")]


def test_an_error_thrown_in_a_next_tick_callback_fails_the_run_as_an_uncaught_one(engine, tmp_path):
    result = run_on_track(engine, tmp_path, """
        process.nextTick((message) => { throw new RangeError(message) }, "thrown in a tick");
        await new Promise((resolve) => setTimeout(resolve, 1));
        return "returned";
    """)
    assert result.outcome == "bad_request"
    assert (result.error.name, result.error.message) == ("RangeError", "thrown in a tick")


def test_the_frozen_clock_after_a_fractional_timer_gives_whole_milliseconds_and_hrtime_works(tmp_path):
    engine = make_engine(timeout_s=5, deterministic=True)
    try:
        result = run_on_track(engine, tmp_path, """
            const start = process.hrtime();
            const startBig = process.hrtime.bigint();
            const began = Date.now();
            await new Promise((resolve) => setTimeout(resolve, 2.5));
            const [seconds, nanoseconds] = process.hrtime(start);
            const now = Date.now();
            return [seconds, Math.round(nanoseconds / 1000), Number((process.hrtime.bigint() - startBig) / 1000n),
                    now - began, Number.isInteger(now), new Date().getTime() === now, performance.now()];
        """)
    finally:
        engine.close()
    assert result.outcome == "success", result.error
    assert result.return_value == [0, 2500, 2500, 2, True, True, 2.5]



def test_in_deterministic_mode_each_event_starts_with_no_marks_or_measures(tmp_path):
    engine = make_engine(timeout_s=5, deterministic=True)
    try:
        runner = HandlerRunner(engine, tmp_path)
        assert runner.load("""
            async function onTrack(event) {
              const before = performance.getEntries().map((entry) => entry.name);
              let earlier;
              try {
                earlier = performance.measure("since earlier", "started").duration;
              } catch (error) {
                earlier = error.message;
              }
              performance.mark("started");
              performance.measure("measured", "started");
              return [before, earlier];
            }
        """).ok
        results = [engine.invoke({"type": "track", "event": name, "timestamp": "2024-05-01T00:00:00.000Z"}, {})
                   for name in ("First", "Second")]
    finally:
        engine.close()
    missing = 'The "started" performance mark has not been set'
    assert [result.return_value for result in results] == [[[], missing], [[], missing]]
