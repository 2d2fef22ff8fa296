"""Inputs a new user (or a hostile handler) can give that once ended in a Python traceback or a wrong outcome.

Each gives a clear error (exit 2 for bad input) or a correct result, through the commands as users run them.
"""

from __future__ import annotations

import json
import sys
import tracemalloc

import pytest
from support.cli import segtui

from segtui.engine.engine import Engine
from segtui.json_input import nesting_depth_exceeds
from segtui.protocol import SandboxConfig

ECHO = "async function onTrack(event) { return event; }"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "echo.js").write_text(ECHO)
    return tmp_path


def deep_json(levels: int) -> str:
    return '{"type": "track", "event": "Deep", "p": ' + "[" * levels + "]" * levels + "}"


def parse_deep(text: str) -> object:
    """JSON nested deeper than this test process's default recursion limit allows."""
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(10_000)
    try:
        return json.loads(text)
    finally:
        sys.setrecursionlimit(limit)


@pytest.mark.parametrize("command", [["run", "echo.js", "--event", "event.json"], ["test", "echo.js", "event.json"],
                                     ["replay", "echo.js", "event.json"]], ids=["run", "test", "replay"])
def test_an_event_nested_5000_deep_is_refused_clearly(folder, command):
    (folder / "event.json").write_text(deep_json(5000))
    done = segtui(*command, cwd=folder)
    assert done.returncode == 2
    assert "event.json: the JSON nests arrays or objects more than 1000 levels deep" in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("levels", [1001, 5000])
def test_a_setting_or_a_yaml_mock_nested_past_1000_levels_is_refused_clearly(folder, levels):
    # A probe found both gave a RecursionError traceback (5000 levels), or were taken (1001 to 3000).
    nested = "[" * levels + "]" * levels
    done = segtui("run", "echo.js", "--event", "track", "--setting", f"x={nested}", cwd=folder)
    assert (done.returncode, "Traceback" in done.stderr) == (2, False), done.stderr
    assert "--setting x: the JSON nests arrays or objects more than 1000 levels deep" in done.stderr
    assert nested not in done.stderr
    for layout, text in (("flow", f"- url: https://api.example.com/x\n  json: {nested}\n"),
                         ("block", "- url: https://api.example.com/x\n  json:\n" + "".join(
                             "  " * depth + "  - \n" for depth in range(1, levels + 1)))):
        (folder / "deep.yaml").write_text(text)
        done = segtui("run", "echo.js", "--event", "track", "--mock", "deep.yaml", cwd=folder)
        assert (done.returncode, "Traceback" in done.stderr) == (2, False), (layout, done.stderr[-500:])
        assert "deep.yaml: the YAML nests lists or maps more than 1000 levels deep" in done.stderr, layout
    (folder / "fine.yaml").write_text("- url: https://api.example.com/x\n  json: " + "[" * 999 + "]" * 999 + "\n")
    assert segtui("run", "echo.js", "--event", "track", "--mock", "fine.yaml", cwd=folder).returncode == 0


@pytest.mark.parametrize("character", ["\x01", "\x1b", "\ufffe", "\uffff"])
def test_a_yaml_mock_holding_a_character_yaml_refuses_is_bad_input_wherever_it_is_read(folder, character):
    # A probe: PyYAML's ReaderError escaped as a traceback (from --mock, and from a segtui.mock.yaml found beside the
    # handler, which crashed the TUI too), its locals holding the settings' secrets.
    text = f"- url: https://api.example.com/x\n  body: 'sekrit-value{character}'\n"
    (folder / "rules.yaml").write_text(text)
    done = segtui("run", "echo.js", "--event", "track", "--mock", "rules.yaml", "--setting", "apiKey=sekrit-value",
                  cwd=folder)
    assert (done.returncode, "Traceback" in done.stderr) == (2, False), done.stderr
    assert f"rules.yaml:2:22: invalid YAML: the character U+{ord(character):04X} is not allowed in YAML" in done.stderr
    assert "sekrit-value" not in done.stderr
    (folder / "segtui.mock.yaml").write_text(text)
    done = segtui("run", "echo.js", "--event", "track", cwd=folder)
    assert (done.returncode, "Traceback" in done.stderr) == (2, False), done.stderr


@pytest.mark.parametrize(("text", "deeper"), [
    ('{"s": "' + "[" * 3000 + '"}', False),  # brackets inside a string do not nest
    ('{"s": "\\\\", "p": ' + "[" * 1001 + "]" * 1001 + "}", True),  # an escaped backslash ends no string early
    ('{"s": "\\"' + "[" * 2000 + '"}', False),  # an escaped quote ends no string
    ('{"s": "' + "x" * 5_000_000 + '", "p": ' + "[" * 1001 + "]" * 1001 + "}", True),
    ("[" * 1000 + "]" * 1000, False),
])
def test_nesting_is_counted_outside_strings_in_memory_that_does_not_grow_with_a_string(text, deeper):
    tracemalloc.start()
    try:
        assert nesting_depth_exceeds(text) is deeper
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 1_000_000, f"{peak:,} bytes"  # a pattern over a 5 MB string kept ~600 MB


def test_an_event_nested_within_the_limit_runs(folder):
    (folder / "event.json").write_text(deep_json(900))
    done = segtui("run", "echo.js", "--event", "event.json", "--json", "--setting", "apiKey=abcdefgh", cwd=folder)
    assert done.returncode == 0, done.stderr
    returned = parse_deep(done.stdout)["return"]["p"]
    depth = 0
    while returned:
        returned, depth = returned[0], depth + 1
    assert depth == 899


@pytest.mark.parametrize("levels, shown", [(600, 600), (1500, 990)])
def test_a_return_value_nested_deep_is_shown_masked_and_cut_only_past_the_limit(folder, levels, shown):
    (folder / "nest.js").write_text(
        f"async function onTrack(event, settings) {{ let o = {{key: settings.apiKey}}; "
        f"for (let i = 1; i < {levels}; i++) o = {{o}}; return o; }}")
    done = segtui("run", "nest.js", "--event", "track", "--json", "--setting", "apiKey=abcdefgh", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert "abcdefgh" not in done.stdout
    value, depth = parse_deep(done.stdout)["return"], 1
    while isinstance(value, dict) and "o" in value:
        value, depth = value["o"], depth + 1
    if levels <= shown:
        assert (depth, value) == (shown, {"key": "••••••"})
    else:
        # 990 levels of objects are shown; the 991st is the marker.
        assert (depth, value) == (shown + 1, "[nested more than 990 levels deep: segtui shows the first 990]")
    text = segtui("run", "nest.js", "--event", "track", "--setting", "apiKey=abcdefgh", cwd=folder)
    assert text.returncode == 0 and "Traceback" not in text.stderr
    golden = segtui("test", "nest.js", "track", "--update", "--setting", "apiKey=abcdefgh", cwd=folder)
    assert golden.returncode == 0, golden.stdout + golden.stderr
    again = segtui("test", "nest.js", "track", "--setting", "apiKey=abcdefgh", cwd=folder)
    assert again.returncode == 0 and "1 passed" in again.stdout


def test_a_number_of_5000_digits_reaches_the_handler_as_javascript_reads_it(folder):
    (folder / "event.json").write_text('{"type": "track", "event": "Big", "n": ' + "9" * 5000 + "}")
    (folder / "big.js").write_text("async function onTrack(event) { return [event.n === Infinity, event.n]; }")
    done = segtui("run", "big.js", "--event", "event.json", "--json", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["return"] == [True, None]  # JSON.stringify(Infinity) is null, as in Node


@pytest.mark.parametrize("command", [["run", "inf.js", "--event", "event.json", "--json"],
                                     ["replay", "inf.js", "event.json", "--json"], ["test", "inf.js", "event.json", "--json"]])
def test_a_number_past_a_double_reaches_the_handler_as_infinity_as_javascript_reads_it(folder, command):
    (folder / "event.json").write_text('{"type": "track", "event": "Huge", "n": 1e999, "m": -2.5e400}')
    (folder / "settings.json").write_text('{"fromFile": 1e999}')
    (folder / "inf.js").write_text("async function onTrack(e, s) {"
                                   " return [e.n === Infinity, e.m === -Infinity, s.fromFile === Infinity, s.flag]; }")
    done = segtui(*command, "--settings", "settings.json", "--setting", "flag=1e999", cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout) if command[0] == "test" else json.loads(done.stdout.splitlines()[0])
    returned = result["results"][0]["result"]["return"] if command[0] == "test" else result["return"]
    assert returned == [True, True, True, None]  # `flag=1e999`: Infinity, which JSON.stringify writes as null


def test_a_number_past_what_segtui_reads_is_refused_clearly(folder):
    (folder / "event.json").write_text('{"type": "track", "n": ' + "9" * 200_000 + "}")
    done = segtui("run", "echo.js", "--event", "event.json", cwd=folder)
    assert done.returncode == 2
    assert "event.json: a number has more than 100,000 digits" in done.stderr


@pytest.mark.parametrize("command", [["run", "echo.js", "--event", "events.ndjson"],
                                     ["replay", "echo.js", "events.ndjson"]], ids=["run", "replay"])
def test_an_ndjson_line_with_a_separator_control_between_two_objects_is_invalid_json(folder, command):
    (folder / "events.ndjson").write_text('{"type": "track", "event": "a"}\x1c{"type": "track", "event": "b"}\n')
    done = segtui(*command, cwd=folder)
    assert done.returncode == 2
    assert "events.ndjson:1:32: invalid JSON: Extra data" in done.stderr


@pytest.mark.parametrize("command", [["run", "echo.js", "--event", "events.ndjson", "--json"],
                                     ["replay", "echo.js", "events.ndjson", "--json"]], ids=["run", "replay"])
def test_a_raw_line_separator_inside_a_json_string_is_valid(folder, command):
    lines = ['{"type": "track", "event": "a\u2028b\u2029c\x85d"}', '{"type": "track", "event": "next"}']
    (folder / "events.ndjson").write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = segtui(*command, cwd=folder)
    assert done.returncode == 0, done.stderr
    returned = [json.loads(line)["return"]["event"] for line in done.stdout.split("\n") if line.startswith("{")]
    assert returned == ["a\u2028b\u2029c\x85d", "next"]


def test_a_single_huge_allocation_ends_as_a_timeout_or_a_memory_error_not_a_crash(tmp_path):
    handler = tmp_path / "huge.js"
    handler.write_text("async function onTrack() { const a = new Array(2 ** 27).fill(1.5); return a.length; }\n"
                       "async function onIdentify() { return 'still alive'; }")
    engine = Engine(SandboxConfig(timeout_s=1))
    try:
        engine.start()
        assert engine.load(handler).ok
        result = engine.invoke({"type": "track"}, {})
        assert (result.outcome, result.error.name) in {("timeout", "TimeoutError"), ("bad_request", "MemoryError")}
        assert not result.crashed
        assert engine.invoke({"type": "identify"}, {}).return_value == "still alive"
    finally:
        engine.close()


THROWN = {
    "message getter throws the value": 'const o = {}; Object.defineProperty(o, "message", {get() { throw o; }}); throw o;',
    "name getter throws the value": 'const o = new Error("x"); Object.defineProperty(o, "name", {get() { throw o; }}); throw o;',
    "message getter throws an Error": 'const o = {}; Object.defineProperty(o, "message", {get() { throw new Error("b"); }}); throw o;',
    "a Proxy whose traps throw": "throw new Proxy({}, {get() { throw 1; }, has() { throw 2; }, getPrototypeOf() { throw 3; }});",
    "a name whose toString throws": 'const e = new Error("q"); e.name = {toString() { throw 1; }}; throw e;',
}


@pytest.mark.parametrize("thrown", list(THROWN), ids=list(THROWN))
def test_a_thrown_value_that_throws_when_read_is_a_bad_request_of_its_event(folder, thrown):
    (folder / "thrower.js").write_text(f"async function onTrack(event) {{ {THROWN[thrown]} }}")
    done = segtui("run", "thrower.js", "--event", "track", "--json", "--timeout", "5", cwd=folder)
    result = json.loads(done.stdout)
    assert (result["outcome"], result["event_type"], result["handler_name"]) == ("bad_request", "track", "onTrack")
    assert result["error"]["name"] == "Error" and result["error"]["message"]
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("field", ['emittedJson = "not json {"', "stop = true", 'error = "polluted"',
                                   "items = [{outcome: 5}]", 'returnJson = "{bad"', "logs = [1]", 'origin = "x"',
                                   'unset_settings = ["a"]', "result = 5", "returnedUndefined = true"])
def test_fields_a_handler_puts_on_object_prototype_change_no_result(folder, field):
    # segtui's own records (a result, a host reply) read only their own fields.
    (folder / "polluted.js").write_text(
        f"Object.prototype.{field};\nasync function onTrack(event) {{\n"
        "  const failed = await fetch('http://127.0.0.1:1/x').catch((error) => error.code);\n"
        "  console.log('ran', event.event); return { failed };\n}\n")
    (folder / "three.ndjson").write_text("".join(json.dumps({"type": "track", "event": n}) + "\n" for n in "abc"))
    done = segtui("replay", "polluted.js", "three.ndjson", "--json", "--offline", "--timeout", "3", cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    results = [json.loads(line) for line in done.stdout.splitlines()]
    assert [result["outcome"] for result in results] == ["success"] * 3
    assert [result["logs"][0]["message"] for result in results] == ["ran a", "ran b", "ran c"]
    assert all(set(result) == {"handler", "event_type", "handler_name", "outcome", "return", "error", "logs",
                               "requests", "duration_ms"} for result in results), results[0]


def test_a_length_a_handler_puts_on_object_prototype_gives_no_request_a_body_length(folder, loopback):
    # A fetch's body state had no `length` of its own: a GET went with `Content-Length: 3` and no body, and the server
    # waited for one until the time limit. Node's node-fetch sends it with none.
    (folder / "polluted.js").write_text(
        "Object.prototype.length = 3;\nasync function onTrack(event, settings) {\n"
        "  const res = await fetch(settings.base + '/json');\n  return [res.status, (await res.json()).ok];\n}\n")
    done = segtui("run", "polluted.js", "--event", "track", "--setting", f"base={loopback.base}", "--json",
                  "--timeout", "3", cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["return"] == [200, True]
    [received] = loopback.take()
    assert received.header("Content-Length") is None


@pytest.mark.parametrize("name", ["logs", "wake_in", "return", "text", "cancelled", "deliver", "streamed"])
def test_accessors_a_handler_puts_on_object_prototype_leave_its_fetch_working_as_in_node(folder, loopback, name):
    # segtui's fetch set fields (logs, text, streamed, …) on objects inheriting them, and read a response's headers by taking
    # pairs apart, which asks the iterator's `return`: a setter held the fetch until the time limit, a getter failed it.
    # node-fetch in Node 20 answers each.
    (folder / "accessor.js").write_text(
        f"Object.defineProperty(Object.prototype, '{name}', {{ get() {{ throw new Error('got'); }}, "
        "set() { throw new Error('set'); }, configurable: true });\n"
        "async function onTrack(event, settings) {\n  console.log('before');\n  setTimeout(() => {}, 50);\n"
        "  const res = await fetch(settings.base + '/json', { method: 'POST', body: 'sent' });\n  return [res.status, (await res.json()).ok];\n}\n")
    done = segtui("run", "accessor.js", "--event", "track", "--setting", f"base={loopback.base}", "--json",
                  "--timeout", "3", cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["return"] == [200, True]


@pytest.mark.parametrize("name", ["cache", "concat", "constructor", "get"])
def test_a_library_loads_as_before_the_handler_whatever_accessor_it_put_on_object_prototype(folder, name):
    # Node's require evaluates lodash before the handler's code; segtui evaluates it at its first use, where it met the
    # handler's accessors (its memoize sets `cache`) and failed.
    (folder / "accessor.js").write_text(
        f"Object.defineProperty(Object.prototype, '{name}', {{ get() {{ throw new Error('got'); }}, "
        "set() { throw new Error('set'); }, configurable: true });\n"
        "async function onTrack(event) { return _.pick({ a: 1, b: 2 }, ['a']); }\n")
    done = segtui("run", "accessor.js", "--event", "track", "--json", "--offline", "--timeout", "3", cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["return"] == {"a": 1}


SETTERS = """
for (const name of ['outcome', 'logs', 'logs_dropped', 'event_type', 'handler_name', 'error', 'returnJson', 'items']) {
  Object.defineProperty(Object.prototype, name, { set() {}, get() { return undefined; }, configurable: true });
}
Object.defineProperty(Array.prototype, '0', { set() {}, get() { return undefined; }, configurable: true });
Array.prototype.push = function () { return 0; };
"""


@pytest.mark.parametrize("command", ["run", "test", "replay"])
def test_setters_a_handler_puts_on_prototypes_change_no_result(folder, command):
    """An assignment to segtui's records would call the setters, and an item put in a list would go to the index's."""
    (folder / "setters.js").write_text(SETTERS + "async function onTrack(event) { console.log('ran', event.event); "
                                       "throw new Error('boom'); }\nasync function onIdentify() { return 'ok'; }\n")
    (folder / "two.ndjson").write_text('{"type": "track", "event": "a"}\n{"type": "identify", "userId": "u"}\n')
    (folder / "batch.json").write_text('[{"type": "track", "event": "a"}, {"type": "identify", "userId": "u"}]')
    arguments = {"run": ["run", "setters.js", "--event", "batch.json", "--json"], "test": ["test", "setters.js", "two.ndjson"],
                 "replay": ["replay", "setters.js", "two.ndjson", "--json"]}[command]
    done = segtui(*arguments, "--offline", cwd=folder)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Traceback" not in done.stderr
    if command == "test":
        assert "Bad Request" in done.stdout and "2 events: 1 passed, 1 failed" in done.stdout
        return
    results = [json.loads(line) for line in done.stdout.splitlines()]
    items = results[0]["items"] if command == "run" else results
    assert [(item["event_type"], item["outcome"]) for item in items] == [("track", "bad_request"), ("identify", "success")]
    if command == "replay":
        assert [log["message"] for log in results[0]["logs"]] == ["ran a"]


def test_a_long_return_is_shown_whatever_a_handler_did_to_array_methods(folder):
    (folder / "pop.js").write_text("Array.prototype.pop = function () { return [{}, 1]; };\n"
                                   "Object.defineProperty(Array.prototype, '1', { set() {}, get() {}, configurable: true });\n"
                                   "async function onTrack() { return { a: { b: 'x'.repeat(3000), c: [1, { d: 2 }] } }; }\n")
    done = segtui("run", "pop.js", "--event", "track", "--json", "--offline", "--timeout", "3", cwd=folder)
    result = json.loads(done.stdout)  # cutting a long return's depth popped the handler's pop: a timeout
    assert result["outcome"] == "success" and result["return"]["a"]["c"] == [1, {"d": 2}]


def test_a_then_a_handler_puts_on_object_prototype_settles_its_return_as_in_node(folder):
    (folder / "then.js").write_text("Object.prototype.then = function (resolve) { resolve('hijacked'); };\n"
                                    "async function onTrack() { return { a: 1 }; }\n")
    done = segtui("run", "then.js", "--event", "track", "--json", "--offline", "--timeout", "3", cwd=folder)
    assert json.loads(done.stdout)["return"] == "hijacked"  # Node: an async function's object return is a thenable


def test_a_source_function_emitting_a_message_nested_5000_deep_gets_it_cut_not_a_traceback(folder):
    (folder / "deep.js").write_text(
        "async function onRequest(request) {\n  let root = {}, node = root;\n"
        "  for (let i = 0; i < 5000; i++) { node.a = {}; node = node.a; }\n"
        "  Segment.track({ event: 'Deep', userId: 'u', properties: root });\n}\n")
    done = segtui("run", "deep.js", "--offline", "--json", cwd=folder)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "nested more than 990 levels deep" in done.stdout


def test_running_out_of_memory_in_a_getter_on_a_handler_name_is_a_memory_error(folder):
    (folder / "getter.js").write_text(
        'Object.defineProperty(globalThis, "onBatch", { get() { const a = []; while (true) a.push(new Array(1e5).fill(1)); } });\n'
        "async function onTrack() { return 1; }\n")
    done = segtui("run", "getter.js", "--event", "track", "--offline", "--json", "--memory", "32", cwd=folder)
    assert json.loads(done.stdout)["error"]["name"] == "MemoryError", done.stdout + done.stderr


def test_a_symbolic_link_loop_or_to_nothing_is_named_as_one(folder):
    # A probe: a link loop given as the event or the handler was reported as "no such file", though `ls` shows it.
    (folder / "loop-a").symlink_to("loop-b")
    (folder / "loop-b").symlink_to("loop-a")
    (folder / "gone.js").symlink_to(folder / "deleted.js")
    for command in (["run", "echo.js", "--event", "loop-a"], ["run", "gone.js", "--event", "track"],
                    ["test", "echo.js", "loop-b"]):
        done = segtui(*command, cwd=folder)
        assert (done.returncode, "Traceback" in done.stderr) == (2, False), done.stderr
        assert "symbolic link whose target is missing, or links that lead in a loop" in done.stderr, (command, done.stderr)


NO_TEXT = "the top level threw a value that has no text (a Symbol, an object without a prototype, or one whose conversion to text throws)"


@pytest.mark.parametrize(("thrown", "message"), [
    ("'a: b'", "a: b"), ("42", "42"), ("'two\\nlines: here'", "two\nlines: here"),
    ("Symbol('s')", NO_TEXT),
    # A probe: a revoked proxy, whose conversion throws, was told to be a Symbol or an object without a prototype.
    ("(() => { const { proxy, revoke } = Proxy.revocable({}, {}); revoke(); return proxy; })()", NO_TEXT),
], ids=["text-with-colon", "number", "two-lines", "symbol", "revoked-proxy"])
def test_a_top_level_throwing_a_value_that_is_no_error_is_an_error_with_its_text(folder, thrown, message):
    # Its text was split at the first colon into a name and a message ("a" and "b"); a Symbol's was
    # "<string conversion failed>". Node reports an Error whose message is the value.
    (folder / "throws.js").write_text(f"var before = 1;\nthrow {thrown};\n")
    done = segtui("run", "throws.js", "--event", "track", "--json", cwd=folder)
    error = json.loads(done.stdout)["error"]
    assert (error["name"], error["message"], error["line"]) == ("Error", message, 2)


def test_a_top_level_error_whose_stack_trace_was_replaced_by_none_keeps_its_name(folder):
    (folder / "nostack.js").write_text("Error.prepareStackTrace = () => undefined;\nthrow new TypeError('boom');\n")
    done = segtui("run", "nostack.js", "--event", "track", "--json", cwd=folder)
    error = json.loads(done.stdout)["error"]
    assert (error["name"], error["message"]) == ("TypeError", "boom")
