"""A run or top level stopped at its time limit while V8's thread is held in code V8 cannot interrupt (one builtin's
long loop): its event or load is answered with its logs, and the sandbox process is replaced."""

ENGINE_OPTIONS = {"timeout_s": 1, "memory_mb": 64}

# Array.prototype.reverse of 2^32 - 1 holes: one call of V8's, seconds long in constant memory, no interrupt reaching it.
HELD = "new Array(2 ** 32 - 1).reverse()"
NOTE = "the handler ran past the time limit in code V8 could not interrupt: segtui answered the event"


def test_a_run_held_in_code_v8_cannot_interrupt_keeps_its_logs_and_the_next_events_run(runner):
    # A probe: freeing the stopped run's context waited for V8's thread, so the sandbox never answered; segtui killed
    # it after protocol.STOP_BOUND_S, and the run's logs, read from console.js's mirror already, were lost.
    runner.load("async function onTrack(event) {\n  console.log('before', event.event);\n"
                f"  if (event.event === 'held') {HELD};\n  return event.event;\n}}\n")
    events = [{"type": "track", "event": name} for name in ("first", "held", "third")]
    first, held, third = runner.engine.invoke_many(events, {})
    assert (held.outcome, held.error.name, [entry.message for entry in held.logs]) == (
        "timeout", "TimeoutError", ["before held"]), held
    assert held.sandbox_reset and held.notes[-1].startswith(NOTE), held.notes
    assert [(result.outcome, result.return_value) for result in (first, third)] == [("success", "first"),
                                                                                    ("success", "third")]


def test_a_top_level_held_in_code_v8_cannot_interrupt_is_a_load_timeout_with_its_logs_and_the_next_load_runs(runner):
    loaded = runner.load(f"console.log('top level');\n{HELD};\nasync function onTrack() {{ return 1; }}\n")
    assert (loaded.ok, loaded.error.name) == (False, "TimeoutError")
    assert loaded.error.message.endswith("did not finish within 1 s"), loaded.error
    assert [entry.message for entry in loaded.top_level_logs] == ["top level"]
    assert runner.run("async function onIdentify() { return 'still alive' }", {"type": "identify"}).return_value == "still alive"


def test_a_log_line_that_overfills_the_mirror_is_kept_cut_with_the_note_of_how_much(runner):
    # The mirror holds 2^18 code units of JSON lines: the line that overfills it keeps its start and says so, as a
    # line past the run's budget does; the lines after it are counted as left out.
    runner.load("async function onTrack() {\n  console.log('a'.repeat(200000));\n  console.log('b'.repeat(100000));\n"
                f"  console.log('after');\n  {HELD};\n}}\n")
    (held,) = runner.engine.invoke_many([{"type": "track", "event": "held"}], {})
    messages = [entry.message for entry in held.logs]
    assert held.outcome == "timeout" and messages[0] == "a" * 200000, [message[:40] for message in messages]
    kept, note = messages[1].split(" … ")
    assert set(kept) == {"b"} and note == f"[segtui kept the first {len(kept)} of 100000 characters]", note
    assert 40000 < len(kept) < 100000 and len(messages) == 2, len(kept)
