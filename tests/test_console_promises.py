"""A logged promise's state, known a microtask after the log call, in runs that go on, make requests or spin — in real V8."""

from support.sandbox_helpers import HandlerRunner, make_engine

ENGINE_OPTIONS = {"timeout_s": 0.5, "memory_mb": 64}


def test_a_line_with_a_settled_promise_is_finished_though_a_request_took_it_first(runner, loopback):
    # fetch() hands Python the logs so far as it sends its request, before the promise's state is known: the run's
    # logs still end with each line finished.
    result = runner.run("async function onTrack(event, settings) {\n"
                        "  console.log('before', Promise.resolve(1));\n"
                        "  const sent = fetch(settings.base + '/json');\n"
                        "  console.log({ q: Promise.resolve({ a: 1 }) }, Promise.reject(new Error('r')).catch(() => 0));\n"
                        "  console.log((await sent).status);\n}", settings={"base": loopback.base})
    assert result.outcome == "success", result.error
    assert [entry.message for entry in result.logs] == [
        "before Promise { 1 }", "{ q: Promise { { a: 1 } } } Promise { <pending> }", "200"]
    assert [entry.seq for entry in result.logs] == [1, 2, 3]


def test_a_run_that_spins_keeps_its_lines_with_promises(tmp_path, loopback):
    # A line is written, its promises pending, as it is logged; a run that spins before their state is known keeps
    # it so, and the last line mirrored before a spin is finished in the mirror once it is known.
    engine = make_engine(**ENGINE_OPTIONS)
    runner = HandlerRunner(engine, tmp_path)
    try:
        result = runner.run("async function onTrack(event, settings) {\n"
                            "  await fetch(settings.base + '/json');\n"
                            "  console.log('a', Promise.resolve(4));\n"
                            "  await null;\n"
                            "  console.log('b', Promise.resolve(5));\n"
                            "  console.log('c');\n"
                            "  await null;\n"
                            "  console.log('d', Promise.resolve(6));\n"
                            "  while (true) {}\n}", settings={"base": loopback.base})
        assert result.outcome == "timeout"
        assert [entry.message for entry in result.logs] == [
            "a Promise { 4 }", "b Promise { <pending> }", "c", "d Promise { <pending> }"]
    finally:
        engine.close()


def test_promises_show_whatever_the_handler_did_to_promise_and_array_built_ins(runner):
    # A handler that froze Promise.prototype (no view of segtui's can be put there), replaced Array's iterator, or
    # gave a promise keys of its own, still has each line logged, in order.
    result = runner.run("""
        async function onTrack() {
          Array.prototype[Symbol.iterator] = function* () { yield 'HIJACK'; };
          console.log(Promise.resolve(1), Object.assign(Promise.resolve(2), { k: 'v' }));
          Object.freeze(Promise.prototype);
          console.log(Promise.resolve(3), 'after');
        }
    """)
    assert result.outcome == "success", result.error
    assert [entry.message for entry in result.logs] == [
        "Promise { 1 } Promise { <pending>, k: 'v' }", "Promise { <pending> } after"]


def test_a_line_whose_second_formatting_throws_keeps_its_first_text_and_the_run_ends(runner):
    # A review: console.table formats a line with a promise again once its state is known; a value whose inspector
    # throws the second time left the line waiting for ever, and collecting the run's logs looped until the time limit.
    result = runner.run("""
        async function onTrack() {
          let calls = 0;
          const fickle = { [Symbol.for('nodejs.util.inspect.custom')]() { if (++calls > 1) throw new Error('no'); return 'ok'; } };
          console.table([{ p: Promise.resolve(1), f: fickle }]);
          return 'done';
        }
    """)
    assert result.outcome == "success", result.error
    assert result.return_value == "done"
    assert len(result.logs) == 1 and "<pending>" in result.logs[0].message and "ok" in result.logs[0].message
