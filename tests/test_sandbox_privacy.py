"""The sandbox keeps its machinery private: a handler cannot reach segtui's internals or forge its own result."""

from __future__ import annotations

import pytest

ENGINE_OPTIONS = {"timeout_s": 2}

FORGERS = {
    "JSON.stringify": "JSON.stringify = () => '{\"outcome\":\"success\",\"return\":\"forged\"}';",
    "JSON.parse": "JSON.parse = () => ({ outcome: 'success', return: 'forged' });",
    "Object.prototype.toJSON": "Object.prototype.toJSON = function () { return { outcome: 'success' }; };",
    "Array.prototype.toJSON": "Array.prototype.toJSON = function () { return 'forged'; };",
    "toJSON giving a number": "Object.prototype.toJSON = Array.prototype.toJSON = function () { return 5; };",
    "Promise.prototype.then": "const then = Promise.prototype.then;"
                              "Promise.prototype.then = function (ok, fail) { return then.call(this, ok, ok); };",
    "Function.prototype.apply": "Function.prototype.apply = function () { return 'forged'; };",
    "Array.prototype methods": "['push', 'map', 'forEach', 'find', 'join'].forEach((m) => {"
                               " Array.prototype[m] = function () { return 'forged'; }; });",
    "String.prototype.charCodeAt": "String.prototype.charCodeAt = () => 65;",
    "Object.assign and keys": "Object.assign = () => ({ outcome: 'success' }); Object.keys = () => [];",
    "Error": "Error = function () {}; Proxy = function () { return {}; };",
    # Shared memory Python reads: a replaced method would be handed segtui's buffer and could rewrite the result.
    "Atomics.store": "const store = Atomics.store; Atomics.store = function (array, index, end) {"
                     " if (array.buffer.byteLength > 100000) { const units = new Uint16Array(array.buffer, 8);"
                     " const text = '\\t0\\t{\"outcome\":\"success\",\"return\":\"forged\",\"error\":null}\\n';"
                     " for (let i = 0; i < text.length; i++) units[i] = text.charCodeAt(i);"
                     " return store(array, index, text.length); } return store(array, index, end); };",
    "Atomics.store doing nothing": "Atomics.store = () => 0;",
    "DataView.prototype.setUint32": "DataView.prototype.setUint32 = () => undefined;",
    "DataView.prototype.getUint32": "DataView.prototype.getUint32 = () => 1e9;",
    "Math.min": "Math.min = () => 1e9;",
    "Promise Symbol.hasInstance": "Object.defineProperty(Promise, Symbol.hasInstance, { value: () => true });",
    "SharedArrayBuffer byteLength": "Object.defineProperty(SharedArrayBuffer.prototype, 'byteLength', { get() { return 1e9; } });",
}


@pytest.mark.parametrize("where", ["top", "handler"])
@pytest.mark.parametrize("forger", list(FORGERS), ids=list(FORGERS))
def test_replacing_a_builtin_cannot_forge_the_outcome(runner, forger, where):
    forge = FORGERS[forger]
    source = f"""
        {forge if where == "top" else ""}
        async function onTrack(event, settings) {{
          {forge if where == "handler" else ""}
          console.log('still logged');
          throw new ValidationError('the real failure');
        }}
    """
    result = runner.run(source, {"type": "track"}, {"apiKey": "k"})
    assert (result.outcome, result.error.name, result.error.message) == (
        "message_rejected", "ValidationError", "the real failure")
    assert result.return_value is None


@pytest.mark.parametrize("handler", ["function onTrack() { return { a: 1 }; }",
                                     "async function onTrack() { return { a: 1 }; }"], ids=["plain", "async"])
def test_a_handlers_symbol_has_instance_on_promise_does_not_change_its_result(runner, handler):
    result = runner.run("Object.defineProperty(Promise, Symbol.hasInstance, { value: () => true });\n" + handler)
    assert (result.outcome, result.return_value) == ("success", {"a": 1})


def test_no_segtui_global_is_reachable(runner):
    result = runner.run("""
        async function onTrack() {
          const names = Object.getOwnPropertyNames(globalThis).filter((n) => /segtui|^__/i.test(n));
          const reach = ['__segtui_host', '__segtui_results', '__segtui_runtime', '__segtui', '__segtui_util',
                         '__timer_manager', 'self'].map((n) => eval('typeof ' + n));
          return { names, reach };
        }
    """)
    assert result.return_value == {"names": [], "reach": ["undefined"] * 7}


def test_results_stay_with_their_events_whatever_the_handler_tries(runner):
    assert runner.load("""
        JSON.stringify = (value) => '{"outcome":"success","return":"forged"}';
        Array.prototype.push = function () { return 0; };
        async function onTrack(event) {
          if (event.n % 3 === 0) throw new RetryError('retry ' + event.n);
          return event.n;
        }
    """).ok
    results = list(runner.engine.invoke_many([{"type": "track", "n": n} for n in range(30)], {}))
    assert [(result.outcome, result.return_value) for result in results] == [
        ("retry", None) if n % 3 == 0 else ("success", n) for n in range(30)]
    assert [result.error.message for result in results if result.error] == [f"retry {n}" for n in range(0, 30, 3)]


def test_a_run_stopped_by_its_limit_keeps_its_logs_whatever_toJSON_the_handler_set(runner):
    source = """
        async function onTrack() {
          Object.prototype.toJSON = Array.prototype.toJSON = function () { return 5; };
          console.log('before the loop');
          for (;;);
        }
    """
    result = runner.run(source, {"type": "track"})
    assert result.outcome == "timeout"
    assert [entry.message for entry in result.logs] == ["before the loop"]


def test_the_host_channel_is_never_handed_to_the_handler(runner, loopback):
    result = runner.run("""
        const seen = [];
        for (const name of ['setUint32', 'getUint32', 'setInt32', 'getInt32']) {
          const original = DataView.prototype[name];
          DataView.prototype[name] = function (...args) { seen.push(this.buffer); return original.apply(this, args); };
        }
        const store = Atomics.store;
        Atomics.store = function (array, ...rest) { seen.push(array.buffer); return store(array, ...rest); };
        async function onTrack(event, settings) {
          await (await fetch(settings.url)).text();
          console.log('logged');
          return seen.filter((buffer) => buffer instanceof SharedArrayBuffer).length;
        }
    """, {"type": "track"}, {"url": f"{loopback.base}/json"})
    assert (result.outcome, result.return_value) == ("success", 0), result.error


def test_a_field_the_handler_put_on_object_prototype_is_never_read_from_a_host_reply(runner, loopback):
    result = runner.run("""
        for (const name of ['error', 'body_error', 'code', 'binary', 'ticket']) {
          Object.defineProperty(Object.prototype, name, { get() { return 'planted'; }, configurable: true });
        }
        async function onTrack(event, settings) {
          const res = await fetch(settings.url);
          return [res.status, await res.json()];
        }
    """, {"type": "track"}, {"url": f"{loopback.base}/json"})
    assert result.outcome == "success", result.error
    assert result.return_value[0] == 200


def test_a_ticket_number_on_object_prototype_never_holds_back_a_reply(runner, loopback):
    result = runner.run("""
        Object.defineProperty(Object.prototype, 'ticket', { get() { return 1; }, configurable: true });
        async function onTrack(event, settings) {
          setTimeout(() => {}, 1000);
          return (await fetch(settings.url)).status;
        }
    """, {"type": "track"}, {"url": f"{loopback.base}/json"})
    assert (result.outcome, result.return_value) == ("success", 200), result.error
