"""lodash, loaded on first use in a sandbox's first context and ahead in the later ones, and util.inspect, loaded as
every context is built (segtui/sandbox/js/lazy.js, contexts.py): what a handler sees is what it saw when they were in
the prelude, and console keeps working whatever built-ins the handler replaces."""

from __future__ import annotations

import pytest
from support.sandbox_helpers import HandlerRunner, make_engine

from segtui.sandbox.contexts import build_spare


@pytest.fixture
def first_context(tmp_path):
    """Runs handlers on a new sandbox process, whose first load gets the context that loads nothing ahead."""
    engine = make_engine(timeout_s=5)
    yield HandlerRunner(engine, tmp_path)
    engine.close()


def test_lodash_is_an_accessor_until_first_use_then_the_global_lodash_sets(first_context):
    # Neither is listed by Object.keys(globalThis): the reference harness defines `_` as no enumerable global.
    source = """
        async function onTrack() {
          const shape = () => {
            const d = Object.getOwnPropertyDescriptor(globalThis, '_');
            return [typeof d.get, d.enumerable, d.configurable, Object.keys(globalThis).includes('_')];
          };
          const before = shape();
          const version = _.VERSION;
          const d = Object.getOwnPropertyDescriptor(globalThis, '_');
          return [before, shape(), version, d.writable, d.value === _, _.chunk([1, 2, 3], 2)];
        }
    """
    result = first_context.run(source)
    assert result.outcome == "success", result.error
    assert result.return_value == [["function", False, True, False], ["undefined", False, True, False], "4.17.19", True,
                                   True, [[1, 2], [3]]]


def test_a_handlers_own_module_names_do_not_change_how_lodash_loads(first_context):
    """Had lodash seen the handler's `define`, `module`, `exports` or `global`, it would register there, not as `_`."""
    source = """
        var define = function () { throw new Error("lodash took the handler's define for AMD's"); };
        define.amd = {};
        var module = { exports: {} };
        var exports = module.exports;
        var global = { Object: Object };
        async function onTrack() {
          return [typeof _, _.pick({ a: 1, b: 2 }, ['a']), Object.keys(module.exports), typeof exports._, typeof global._];
        }
    """
    result = first_context.run(source)
    assert result.outcome == "success", result.error
    assert result.return_value == ["function", {"a": 1}, [], "undefined", "undefined"]


def test_a_first_context_leaves_lodash_to_first_use(first_context):
    source = "async function onTrack() { return typeof Object.getOwnPropertyDescriptor(globalThis, '_').get }"
    assert first_context.run(source).return_value == "function"


@pytest.mark.parametrize(("ahead", "lodash"), [(True, "undefined"), (False, "function")], ids=["idle", "critical path"])
def test_a_spare_built_in_idle_time_has_lodash_loaded_and_one_built_on_a_commands_path_does_not(ahead, lodash):
    """`Sandbox.prepare_spare` builds ahead in idle time; the first context and one built for a load that could not
    wait leave lodash to first use."""
    spare = build_spare(ahead)
    try:
        assert spare.context.eval("typeof Object.getOwnPropertyDescriptor(globalThis, '_').get") == lodash
    finally:
        spare.context.close()


def test_in_deterministic_mode_lodash_keeps_the_real_random_wherever_it_loaded(tmp_path):
    """Math.random is the seeded stream; lodash captured the real one, in a first context as in a later one."""
    source = "async function onTrack() { return [_.shuffle(_.range(50)), Math.random(), Date.now()] }"
    event = {"type": "track", "event": "E", "messageId": "m-1", "timestamp": "2024-05-01T00:00:00.000Z"}
    runs = []
    for _process in range(2):
        engine = make_engine(timeout_s=5, deterministic=True)
        try:
            runner = HandlerRunner(engine, tmp_path)
            runs += [runner.run(source, event).return_value, runner.run(source, event).return_value]
        finally:
            engine.close()
    assert all(run[1:] == runs[0][1:] for run in runs)
    assert runs[0][2] == 1714521600000
    shuffles = [tuple(run[0]) for run in runs]
    assert len(set(shuffles)) == 4 and sorted(shuffles[0]) == list(range(50))


def test_no_conflict_restores_what_underscore_was_before_lodash_nothing(first_context):
    source = "async function onTrack() { const lodash = _; return [_.noConflict() === lodash, typeof _] }"
    assert first_context.run(source).return_value == [True, "undefined"]
    assert first_context.run(source).return_value == [True, "undefined"]


def test_a_handlers_own_underscore_stays_and_lodash_is_never_loaded(first_context):
    assigned = first_context.run("_ = 5; async function onTrack() { return [_, typeof Object.getOwnPropertyDescriptor(globalThis, '_').get] }")
    assert assigned.return_value == [5, "undefined"]
    declared = first_context.run("function _(x) { return x * 2 } async function onTrack() { return [_(21), typeof _.VERSION] }")
    assert declared.return_value == [42, "undefined"]


@pytest.mark.parametrize("load", ["first", "later"])
def test_inspect_formats_logs_and_errors_however_it_was_loaded(first_context, load):
    source = """
        async function onTrack() {
          console.log('plain first');
          console.log('then', { a: [1, 2] });
          console.dir({ a: { b: { c: { d: 1 } } } });
          throw 'a string thrown';
        }
    """
    if load == "later":
        first_context.run("async function onTrack() {}")
    result = first_context.run(source)
    assert [entry.message for entry in result.logs] == ["plain first", "then { a: [ 1, 2 ] }", "{ a: { b: { c: [Object] } } }"]
    assert result.error.message == "'a string thrown'"


def test_a_frozen_math_or_date_does_not_stop_the_libraries_loading(tmp_path):
    engine = make_engine(timeout_s=5, deterministic=True)
    try:
        runner = HandlerRunner(engine, tmp_path)
        source = """
            Object.freeze(Math);
            Object.freeze(Date.prototype);
            async function onTrack() {
              console.log('x', { a: 1 });
              return [typeof _.VERSION, Date.now(), Math.random() === Math.random()];
            }
        """
        result = runner.run(source, {"type": "track", "event": "E", "timestamp": "2024-05-01T00:00:00.000Z"})
    finally:
        engine.close()
    assert result.outcome == "success", result.error
    assert result.return_value == ["string", 1714521600000, False]
    assert [entry.message for entry in result.logs] == ["x { a: 1 }"]


@pytest.mark.parametrize("patch", [
    "Reflect = undefined", "Symbol = undefined", "Reflect.ownKeys = () => { throw new Error('x') }",
    "Object.defineProperty = () => { throw new Error('x') }", "Function.prototype.apply = () => 1",
    "String.prototype.slice = () => 'EVIL'", "Object.prototype.get = () => 1",
])
def test_console_logs_as_node_whatever_built_ins_the_handler_replaced_before_its_first_log(first_context, patch):
    # util.inspect takes the built-ins it uses when the context is built, before any handler code (found by a
    # hostile-handler probe: each of these failed the first console.log of an object).
    result = first_context.run(f"{patch};\nasync function onTrack() {{ console.log({{ a: 1, b: [1, 2] }}, 's'); return 1 }}")
    assert result.outcome == "success", result.error
    assert [entry.message for entry in result.logs] == ["{ a: 1, b: [ 1, 2 ] } s"]


@pytest.mark.parametrize("patch", [
    "Object.getOwnPropertyNames = () => { throw new TypeError('replaced') }",
    "Object.getOwnPropertyDescriptor = () => { throw new TypeError('replaced') }",
    "Object.freeze = () => { throw new TypeError('replaced') }", "Symbol = () => { throw new TypeError('replaced') }",
    "Object.setPrototypeOf = () => { throw new TypeError('replaced') }",
])
def test_a_library_loads_as_in_node_whatever_global_built_ins_the_handler_replaced_before_its_first_use(first_context, patch):
    # Node loads Segment's libraries before the handler's code; segtui at their first use put aside only what the
    # handler did to the prototypes, so each of these made moment, xml and FormData fail to load (a probe's sweep).
    result = first_context.run(f"{patch};\nasync function onTrack() {{\n"
                               "  return [moment.utc(0).format('YYYY'), xml({ a: 1 }), typeof new FormData()];\n}")
    assert (result.outcome, result.return_value) == ("success", ["1970", "<a>1</a>", "object"]), result.error


def test_a_date_logs_as_in_node_whatever_getTime_the_handler_put_on_its_prototype(first_context):
    # A probe: util.inspect's isDate calls getTime from the prototype; replaced by one that throws, a Date was logged
    # as `Date {}`.
    result = first_context.run("Date.prototype.getTime = () => { throw new TypeError('replaced') };\n"
                               "async function onTrack() { console.log(new Date(0), [new Date(1)]); return 1 }")
    assert result.outcome == "success", result.error
    assert [entry.message for entry in result.logs] == ["1970-01-01T00:00:00.000Z [ 1970-01-01T00:00:00.001Z ]"]


@pytest.mark.parametrize("patch", [
    "Array.prototype.map = () => { throw new TypeError('replaced') }",
    "Object.create = () => { throw new TypeError('replaced') }",
    "String.prototype.replace = () => { throw new TypeError('replaced') }",
    "RegExp.prototype.exec = () => { throw new TypeError('replaced') }",
])
def test_aws_and_https_load_as_in_node_whatever_built_ins_the_handler_replaced_before_their_first_use(first_context, patch):
    # A probe: AWS's set-up after its file loaded (a window made with Object.create, the Node-only services listed with
    # map) and the https module's (its name read with replace) ran with the handler's built-ins; Node has both loaded.
    result = first_context.run(f"{patch};\nasync function onTrack() {{\n"
                               "  return [typeof AWS.S3, typeof AWS.DynamoDB.DocumentClient, typeof https.request];\n}")
    assert (result.outcome, result.return_value) == ("success", ["function", "function", "function"]), result.error


@pytest.mark.parametrize("how", ["freeze", "seal"])
def test_a_frozen_or_sealed_global_still_gives_the_libraries_at_first_use(first_context, how):
    # A probe: the global's accessor could not become the library's value ('Cannot redefine property: _'), where
    # Segment's libraries are values of the global already; AWS, which sets its global as it loads, found none.
    result = first_context.run(f"Object.{how}(globalThis);\nasync function onTrack() {{\n"
                               "  return [_.get({ a: 1 }, 'a'), moment.utc(0).year(), typeof AWS.S3, typeof _.VERSION];\n}")
    assert (result.outcome, result.return_value) == ("success", [1, 1970, "function", "string"]), result.error


def test_code_run_as_at_start_meets_node_20s_built_ins_not_the_later_v8s(first_context):
    """The start a library load is put back to is taken after the whole prelude: taken as url_inspect.js made its
    URLSearchParams, before node20_builtins.js, it put the later V8's built-ins back for the load (here a custom inspect
    run while the handler's Array iterator is replaced)."""
    source = """
        async function onTrack() {
          const seen = [];
          const shown = { [Symbol.for('nodejs.util.inspect.custom')]() {
            seen.push(typeof Object.groupBy, typeof globalThis.Iterator, typeof new Set().union, typeof globalThis.Headers);
            return 'shown';
          } };
          const iterate = Array.prototype[Symbol.iterator];
          Array.prototype[Symbol.iterator] = function () { return iterate.call(this); };
          console.log(shown);
          Array.prototype[Symbol.iterator] = iterate;
          return seen;
        }
    """
    result = first_context.run(source)
    assert result.outcome == "success", result.error
    assert result.return_value == ["undefined", "undefined", "undefined", "function"]
    assert [entry.message for entry in result.logs] == ["shown"]
