"""Node 20's globals beside the contract's (process, TextEncoder/TextDecoder, structuredClone, queueMicrotask,
performance, global), in real V8; their likeness to Node's is the conformance fixtures' globals_*."""

from support.sandbox_helpers import make_engine, run_on_track

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
        for (const run of [() => performance.mark("start"), () => new TextDecoder("shift_jis"), () => new Blob([]).stream()]) {
            try { run(); } catch (error) { messages.push(error.message); }
        }
        return messages;
    """)
    assert result.return_value == ["performance.mark is not available in segtui",
                                   'The "shift_jis" encoding is not available in segtui',
                                   ("Blob.prototype.stream is not available in segtui: it returns a web ReadableStream, "
                                    "which segtui does not have (use text(), arrayBuffer() or bytes())")]
