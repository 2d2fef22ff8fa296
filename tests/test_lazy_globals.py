"""lodash and util.inspect, loaded on first use (segtui/sandbox/js/lazy.js): what a handler sees is what it saw when
they were evaluated with the prelude."""

from __future__ import annotations

ENGINE_OPTIONS = {"timeout_s": 5}


def test_lodash_is_an_enumerable_accessor_until_first_use_then_the_global_lodash_sets(runner):
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
    result = runner.run(source)
    assert result.outcome == "success", result.error
    assert result.return_value == [["function", True, True, True], ["undefined", True, True, True], "4.17.19", True, True,
                                   [[1, 2], [3]]]


def test_a_handlers_own_module_names_do_not_change_how_lodash_loads(runner):
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
    result = runner.run(source)
    assert result.outcome == "success", result.error
    assert result.return_value == ["function", {"a": 1}, [], "undefined", "undefined"]


def test_no_conflict_restores_what_underscore_was_before_lodash_nothing(runner):
    source = "async function onTrack() { const lodash = _; return [_.noConflict() === lodash, typeof _] }"
    assert runner.run(source).return_value == [True, "undefined"]


def test_a_handlers_own_underscore_stays_and_lodash_is_never_loaded(runner):
    assigned = runner.run("_ = 5; async function onTrack() { return [_, typeof Object.getOwnPropertyDescriptor(globalThis, '_').get] }")
    assert assigned.return_value == [5, "undefined"]
    declared = runner.run("function _(x) { return x * 2 } async function onTrack() { return [_(21), typeof _.VERSION] }")
    assert declared.return_value == [42, "undefined"]


def test_inspect_formats_logs_and_errors_once_loaded_in_the_middle_of_a_run(runner):
    source = """
        async function onTrack() {
          console.log('plain first');
          console.log('then', { a: [1, 2] });
          console.dir({ a: { b: { c: { d: 1 } } } });
          throw 'a string thrown';
        }
    """
    result = runner.run(source)
    assert [entry.message for entry in result.logs] == ["plain first", "then { a: [ 1, 2 ] }", "{ a: { b: { c: [Object] } } }"]
    assert result.error.message == "'a string thrown'"
