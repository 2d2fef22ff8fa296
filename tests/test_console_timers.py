"""console.* formatting as Node's util.format, log capture, timers, atob/btoa — in real V8."""

import re

import pytest
from support.sandbox_helpers import HandlerRunner, make_engine

ENGINE_OPTIONS = {"timeout_s": 3}


def logs_of(runner, body: str) -> list[str]:
    result = runner.run(f"async function onTrack(event, settings) {{\n{body}\n}}")
    assert result.outcome == "success", result.error
    return [entry.message for entry in result.logs]


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        ('"x", {a: 1, b: [1, 2]}', "x { a: 1, b: [ 1, 2 ] }"),
        ("{a: {b: {c: {d: 1}}}}", "{ a: { b: { c: [Object] } } }"),
        ('{s: "quoted"}, "bare"', "{ s: 'quoted' } bare"),
        ('new Map([["k", 1]]), new Set([1, "two"])', "Map(1) { 'k' => 1 } Set(2) { 1, 'two' }"),
        ('"%s|%d|%i|%f|%j|%%", "s", 42.5, 42.5, "1.5", {a: 1}', 's|42.5|42|1.5|{"a":1}|%'),
        ('"%o", [1]', "[ 1, [length]: 1 ]"),
        ('"%O", {a: [1]}', "{ a: [ 1 ] }"),
        ("null, undefined, 1n, Symbol('s')", "null undefined 1n Symbol(s)"),
        ("[1, 2, 3].map(String)", "[ '1', '2', '3' ]"),
        ("new Error('bad').message", "bad"),
    ],
)
def test_console_log_formats_like_node(runner, call, expected):
    assert logs_of(runner, f"console.log({call});") == [expected]


def test_console_levels_and_times(runner):
    result = runner.run("""
        async function onTrack() {
          console.log('l'); console.info('i'); console.warn('w'); console.error('e'); console.debug('d');
        }
    """)
    assert [(e.level, e.message) for e in result.logs] == [
        ("log", "l"), ("info", "i"), ("warn", "w"), ("error", "e"), ("debug", "d")]
    assert all(e.time.endswith("Z") and "T" in e.time for e in result.logs)
    assert [e.seq for e in result.logs] == sorted(e.seq for e in result.logs)


def test_top_level_logs_reach_the_first_run(runner):
    result = runner.run("console.log('loading'); async function onTrack() { console.log('running') }")
    assert [e.message for e in result.logs] == ["loading", "running"]


def test_logs_are_bounded_with_a_count_of_what_was_dropped(tmp_path, request):
    # 100,000 lines took over the module's 3 s on a busy machine: the limit is no part of what is tested here.
    runner = HandlerRunner(make_engine(timeout_s=60), tmp_path)
    request.addfinalizer(runner.engine.close)
    result = runner.run("async function onTrack() { for (let i = 0; i < 100000; i++) console.log('line', i) }")
    assert len(result.logs) == 10000
    assert result.logs_dropped == 90000
    assert result.logs[-1].message == "line 9999"


def test_a_line_past_the_runs_log_budget_is_cut_not_lost(runner):
    result = runner.run("async function onTrack() { console.log('a'); console.log('x'.repeat(3000000)); "
                        "console.log('after'); }")
    assert [entry.message[:3] for entry in result.logs] == ["a", "xxx"]
    assert result.logs[1].message.endswith(" … [segtui kept the first 1999999 of 3000000 characters]")
    assert len(result.logs[1].message) < 2_000_100
    assert result.logs_dropped == 1


def test_set_timeout_order_delays_and_clear(runner):
    messages = logs_of(runner, """
        await new Promise((resolve) => {
          setTimeout(() => console.log('b 20ms'), 20);
          setTimeout(() => console.log('a 0ms'), 0);
          setTimeout(() => console.log('a2 omitted'));
          const cancelled = setTimeout(() => console.log('never'), 5);
          clearTimeout(cancelled);
          setTimeout((x, y) => console.log('args', x, y), 1, 'one', 2);
          setTimeout(resolve, 40);
          Promise.resolve().then(() => console.log('microtask first'));
        });
    """)
    assert messages == ["microtask first", "a 0ms", "a2 omitted", "args one 2", "b 20ms"]


def test_set_interval_repeats_until_cleared(runner):
    messages = logs_of(runner, """
        await new Promise((resolve) => {
          let n = 0;
          const id = setInterval(() => { n += 1; console.log('tick', n); if (n === 3) { clearInterval(id); resolve(); } }, 2);
        });
    """)
    assert messages == ["tick 1", "tick 2", "tick 3"]


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("btoa('hello')", "aGVsbG8="),
        ("btoa(12345)", "MTIzNDU="),
        ("btoa('é')", "6Q=="),
        ("btoa('\\u0100A')", "AEE="),
        ("atob('aGVsbG8')", "hello"),
        ("atob('6Q==').charCodeAt(0)", 233),
        ("typeof atob('!!!not base64')", "string"),
        ("btoa(`key:`)", "a2V5Og=="),
    ],
)
def test_atob_btoa_follow_the_npm_packages(runner, expression, expected):
    assert runner.run(f"async function onTrack() {{ return {expression} }}").return_value == expected


def test_btoa_undefined_throws_a_type_error(runner):
    result = runner.run("async function onTrack() { return btoa(undefined) }")
    assert (result.outcome, result.error.name) == ("bad_request", "TypeError")


def test_console_counters_groups_and_timers(runner):
    messages = logs_of(runner, """
        console.count(); console.count('x'); console.count(); console.countReset(); console.count();
        console.group('outer'); console.log('in\\nside'); console.groupEnd(); console.log('out');
        console.time('t'); const line = await new Promise((r) => setTimeout(() => r(1), 2)); console.timeEnd('t');
        console.timeEnd('t');
    """)
    assert messages[:7] == ["default: 1", "x: 1", "default: 2", "default: 1", "outer", "  in\n  side", "out"]
    assert re.fullmatch(r"t: \d+(\.\d{0,2}[1-9])?ms", messages[7])  # Node 20's formatTime: `2ms`, `2.5ms`, never `2.000ms`
    assert messages[8] == "Warning: No such label 't' for console.timeEnd()"


def test_every_console_label_warning_is_written_as_nodes_process_warnings_are(runner):
    messages = logs_of(runner, """
        console.countReset('c'); console.timeLog('l'); console.time('t'); console.time('t');
    """)
    assert messages == [
        "Warning: Count for 'c' does not exist",
        "Warning: No such label 'l' for console.timeLog()",
        "Warning: Label 't' already exists for console.time()",
    ]


def test_console_labels_are_made_text_as_nodes_are(runner):
    messages = logs_of(runner, """
        String = () => { throw new TypeError('replaced'); };
        console.count(5); console.countReset(5); console.count({ toString: () => 'o' }); console.countReset('o');
        console.countReset('o');
        for (const name of ['time', 'timeEnd', 'timeLog', 'count', 'countReset']) {
          try { console[name](Symbol('s')); } catch (error) { console.log(name, error.message); }
        }
    """)
    assert messages == ["5: 1", "Warning: Count for '5' does not exist", "o: 1", "Warning: Count for 'o' does not exist",
                        *(f"{name} Cannot convert a Symbol value to a string"
                          for name in ("time", "timeEnd", "timeLog", "count", "countReset"))]


def test_set_timeout_returns_a_node_style_timeout(runner):
    result = runner.run("""
        async function onTrack() {
          const t = setTimeout(() => {}, 1000);
          const same = t.unref() === t && t.ref() === t && t.hasRef();
          clearTimeout(t);
          return [same, typeof +t];
        }
    """)
    assert result.return_value == [True, "number"]


# What clearTimeout is given, and whether Node 20 clears the timer with it: only the Timeout, or its id as a number or a
# string; anything else is neither converted (a symbol or a throwing valueOf threw) nor taken as an id (a BigInt, a
# boxed string or an array cleared the timer of that number).
CLEARED_BY = {
    "the timeout": ("t", True), "its id": ("+t", True), "its id as text": ("String(+t)", True),
    "a symbol": ("Symbol('s')", False), "a bigint": ("BigInt(+t)", False), "a boxed string": ("new String(+t)", False),
    "an array": ("[+t]", False), "an object whose valueOf is the id": ("{ valueOf: () => +t }", False),
    "an object whose valueOf throws": ("{ valueOf() { throw new Error('read'); } }", False),
}


@pytest.mark.parametrize("given", list(CLEARED_BY), ids=list(CLEARED_BY))
def test_clear_timeout_clears_with_what_node_clears_and_ignores_the_rest(runner, given):
    argument, clears = CLEARED_BY[given]
    result = runner.run(f"""
        async function onTrack() {{
          const fired = [];
          const t = setTimeout(() => fired.push('timeout'), 1);
          clearTimeout({argument});
          clearInterval({argument});
          await new Promise((resolve) => setTimeout(resolve, 20));
          return fired;
        }}
    """)
    assert result.outcome == "success", result.error
    assert result.return_value == ([] if clears else ["timeout"])


def test_a_timeout_clears_and_refreshes_its_own_timer_whatever_its_id_field_says(runner):
    result = runner.run("""
        async function onTrack() {
          const fired = [];
          const kept = setTimeout(() => fired.push('kept'), 1);
          const cleared = setTimeout(() => fired.push('cleared'), 1);
          cleared.id = kept.id;
          cleared.refresh();
          clearTimeout(cleared);
          await new Promise((resolve) => setTimeout(resolve, 20));
          return fired;
        }
    """)
    assert result.return_value == ["kept"], result.error


# setTimeout's and setInterval's errors as Node 20 throws them (its output for the same handler): the callback is
# checked first, with Node's wording, and the delay read as `after *= 1`, so a BigInt throws as mixing types does.
NODE_SET_ERRORS = {
    "() => {}, 5n": "TypeError: Cannot mix BigInt and other types, use explicit conversions",
    "'x', 5n": "TypeError: The \"callback\" argument must be of type function. Received type string ('x')",
    "undefined, Symbol()": "TypeError: The \"callback\" argument must be of type function. Received undefined",
    "() => {}, Symbol()": "TypeError: Cannot convert a Symbol value to a number",
    "() => {}, { valueOf: () => 3 }": "set",
}


@pytest.mark.parametrize("arguments", list(NODE_SET_ERRORS))
def test_set_timeout_and_set_interval_refuse_bad_arguments_as_node_does(runner, arguments):
    result = runner.run(f"""
        async function onTrack() {{
          return [setTimeout, setInterval].map((set) => {{
            try {{ clearInterval(set({arguments})); return 'set'; }} catch (e) {{ return e.name + ': ' + e.message; }}
          }});
        }}
    """)
    assert result.return_value == [NODE_SET_ERRORS[arguments]] * 2, result.error


def test_an_exception_in_a_timer_fails_the_run_and_is_logged(runner):
    result = runner.run("""
        async function onTrack() {
          setTimeout(() => { throw new TypeError('late failure') }, 1);
          await new Promise((r) => setTimeout(r, 10));
          return 'done';
        }
    """)
    assert (result.outcome, result.error.headline()) == ("bad_request", "TypeError: late failure")
    assert result.logs[0].level == "error" and result.logs[0].message.startswith("Uncaught TypeError: late failure")


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("Buffer.from('hi?>').toString('base64url')", "aGk_Pg"),
        ("Buffer.from('aGk_Pg', 'base64url').toString()", "hi?>"),
        ("Buffer.byteLength('aGk_Pg', 'base64url')", 4),
        ("Buffer.isEncoding('base64url')", True),
        ("Buffer.from('hi?>').toString('base64')", "aGk/Pg=="),
    ],
)
def test_buffer_knows_base64url_as_node_20_does(runner, expression, expected):
    assert runner.run(f"async function onTrack() {{ return {expression} }}").return_value == expected


def test_the_console_keeps_working_whatever_built_ins_the_handler_replaced(runner):
    """As Node's console does (it holds its primordials): a handler's own Date, Map, String or Number methods
    never reach segtui's log lines, times or labels."""
    logs = logs_of(runner, """
        Date.prototype.toISOString = () => { throw new Error('hijacked'); };
        for (const name of ['get', 'set', 'has', 'delete']) Map.prototype[name] = () => { throw new Error('hijacked'); };
        String.prototype.slice = String.prototype.replace = () => 'hijacked';
        Number.prototype.toFixed = () => 'hijacked';
        console.group('group');
        console.log('inside');
        console.groupEnd();
        console.count('n');
        console.count('n');
        console.time('t');
        console.timeEnd('t');
        console.log('after');
    """)
    assert logs[:5] == ["group", "  inside", "n: 1", "n: 2", logs[4]]
    assert re.fullmatch(r"t: \d+(\.\d{0,2}[1-9])?ms", logs[4]), logs[4]
    assert logs[5:] == ["after"]


def test_the_console_lists_its_arguments_without_the_handlers_array_iterator(runner):
    """A probe found a handler's own Array.prototype[Symbol.iterator] made every line with two arguments `HIJACK`:
    console.log spread them. Node's does not (its primordials); a line of values that need no inspect now logs
    as Node's does (util.inspect of an object still walks the handler's iterator: the vendored library's own)."""
    logs = logs_of(runner, """
        Array.prototype[Symbol.iterator] = function* () { yield 'HIJACK'; };
        console.log('a', 5, 'b');
        console.info('%s=%d', 'x', 5);
        console.warn(null, undefined, true, 5n);
    """)
    assert logs == ["a 5 b", "x=5", "null undefined true 5n"]


def test_console_trace_logs_whatever_the_handlers_prepare_stack_trace_makes_of_its_stack(runner):
    # As Node's console.error(err.stack): an object is inspected (its toString, which throws here, is not called), a
    # number shown as one, and an Error.prepareStackTrace that throws throws from console.trace.
    logs = logs_of(runner, """
        Error.prepareStackTrace = () => ({ toString() { throw new Error('not called'); }, where: 'custom' });
        console.trace('hi');
        Error.prepareStackTrace = () => 42;
        console.trace();
        Error.prepareStackTrace = () => { throw new Error('from prepareStackTrace'); };
        try { console.trace('t'); } catch (error) { console.log('caught', error.message); }
        Error.prepareStackTrace = undefined;
        console.trace('plain');
    """)
    assert logs[:3] == ["{ toString: [Function: toString], where: 'custom' }", "42", "caught from prepareStackTrace"]
    assert logs[3].startswith("Trace: plain\n    at onTrack (")


def test_proxies_show_by_their_target_whatever_built_ins_the_handler_patched_around_them(runner):
    # Found by a hostile-handler probe: built-ins patched while the first proxy was made, a WeakMap patched for good,
    # Proxy's own properties replaced or deleted, RegExp's Symbol.replace taken over before console.trace.
    logs = logs_of(runner, r"""
        const slice = String.prototype.slice, get = WeakMap.prototype.get, set = WeakMap.prototype.set;
        String.prototype.slice = () => 'EVIL'; WeakMap.prototype.get = () => undefined;
        const first = new Proxy({ a: 'x' }, { get() { throw new Error('trap ran'); } });
        String.prototype.slice = slice; WeakMap.prototype.get = get;
        WeakMap.prototype.set = () => { throw new Error('set'); };
        const second = new Proxy({ b: 2 }, { get() { throw new Error('trap ran'); } });
        WeakMap.prototype.set = set;
        console.log(first, second);
        Proxy.revocable = () => 'mine';
        console.log(Proxy.revocable(), delete Proxy.revocable, typeof Proxy.revocable);
        try { new Proxy(1, {}); } catch (error) { console.log(error.stack); }
        RegExp.prototype[Symbol.replace] = () => 'HIJACKED';
        console.trace('x\n    at fake (segtui:x.js:1:1) kept');
    """)
    assert logs[:2] == ["{ a: 'x' } { b: 2 }", "mine true undefined"]
    assert logs[2].startswith("TypeError: Cannot create proxy with a non-object as target or handler\n    at onTrack (")
    assert "segtui:" not in logs[2]
    assert logs[3].startswith("Trace: x\n    at fake (segtui:x.js:1:1) kept\n    at onTrack (")


def test_console_assert_warns_with_its_first_argument_written_as_a_template_writes_it(runner):
    # What Node 20 prints for the same calls (checked against node): the first argument as `${value}`, the rest
    # formatted after it, on the warning stream.
    result = runner.run("""async function onTrack() {
        console.assert(false, { a: 1 }, 'more');
        console.assert(false, 'x %s', 'y');
        console.assert(false);
        console.assert(true, 'never');
    }""")
    assert [(entry.level, entry.message) for entry in result.logs] == [
        ("warn", "Assertion failed: [object Object] more"), ("warn", "Assertion failed: x y"), ("warn", "Assertion failed")]
