"""What segtui does to the code a handler builds at run time (eval, the Function constructor) stays the handler's: its
import() renaming (dynamic_import.py) never crashes the sandbox, never changes a handler's own strings and costs no host
call where no import() can be; V8's compilation cache is on; the Function constructor names its callers as Node does
and keeps no memory per caller."""

from __future__ import annotations

import io
import json

from segtui.sandbox import dynamic_import
from segtui.sandbox.prelude import JS_DIR

ENGINE_OPTIONS = {"memory_mb": 64, "timeout_s": 60}
DEEP = 6000


def test_eval_in_thousands_of_parentheses_is_v8s_own_range_error_not_a_sandbox_crash(runner):
    # The callee was unwrapped by recursion, one Python frame a pair: RecursionError crashed the sandbox at load
    # ("Sandbox Crashed (segtui bug)"), and inside the Function constructor the handler got "Error: RecursionError".
    wrapped = "(" * DEEP + "eval" + ")" * DEEP + '("1 + 1 // import")'
    loaded = runner.load(f"async function onTrack() {{ return {wrapped}; }}")
    assert (loaded.ok, loaded.error.name, loaded.error.message) == (False, "RangeError", "Maximum call stack size exceeded")
    built = runner.run(f"async function onTrack() {{ return new Function({json.dumps('return ' + wrapped)})(); }}")
    assert (built.outcome, built.error.headline()) == ("bad_request", "RangeError: Maximum call stack size exceeded")
    # As deep as V8 itself compiles, eval is still told apart, and its literal's import() rejects as Node's.
    shallow = "(" * 200 + "eval" + ")" * 200
    result = runner.run(f"async function onTrack() {{ return {shallow}(\"import('./x.js')\").catch((e) => e.code); }}")
    assert result.return_value == "ERR_VM_DYNAMIC_IMPORT_CALLBACK_MISSING"


def test_the_renaming_leaves_a_source_nested_past_pythons_stack_as_it_is():
    # Literals given to eval nest by recursion: however deep, a source is renamed or left as written, never an error.
    source = "eval(\"eval(`import('x')`)\")"
    assert dynamic_import.script_source(source).count(dynamic_import.STAND_IN) == 1
    nested = "(" * 100_000 + "eval" + ")" * 100_000 + "(\"import('x')\")"
    assert dynamic_import.script_source(nested) in (nested, nested.replace("import(", f"{dynamic_import.STAND_IN}(", 1))


def test_a_function_of_the_handlers_own_called_eval_gets_its_strings_unchanged(runner):
    # `db.eval(…)` (a client's method) was taken for eval: the string it was given lost its `import` (a dotless ı).
    result = runner.run("""
        const db = { eval: (script) => script };
        async function onTrack() {
          const member = db.eval("return import('./mod.js')");
          const called = (0, db.eval)("import('x')");
          let shadowed;
          { const eval = (text) => text; shadowed = eval("import('y')"); }
          const global = { eval: (text) => text };
          return [member, called, shadowed, global.eval("import('z')")];
        }
    """)
    assert result.return_value == ["return import('./mod.js')", "import('x')", "import('y')", "import('z')"]


def test_a_built_source_with_import_only_inside_a_word_costs_no_host_call(sandbox):
    # Every source holding "import" (`x.important`, "imports") went to the host to be parsed: 5,000 builds took 4 times
    # as long. Only a source that may hold an import() call goes.
    sources = {"word": "return x.important + x.imports", "call": "return import('a')",
               "spaced": "return import /* later */ ('a')", "escaped": "return eval('import\\\\x28\\'a\\')')"}
    handler = ("async function onTrack(event) {\n  const made = new Function('x', event.source);\n"
               "  try { return String(made({})); } catch (error) { return String(error); }\n}")
    serve, asked = sandbox.host.handle, []

    def handle(op: str, payload: object) -> object:
        asked.append(op)
        return serve(op, payload)

    sandbox.host.handle = handle  # type: ignore[method-assign]
    assert sandbox.load("handler.js", handler).ok
    sent = {}
    for name, source in sources.items():
        asked.clear()
        out = io.StringIO()
        sandbox.invoke_many([json.dumps({"type": "track", "source": source})], "{}", out)
        sent[name] = asked.count("script.source")
    assert sent == {"word": 0, "call": 1, "spaced": 1, "escaped": 1}
    assert f"const MAYBE = /{dynamic_import.MAYBE}/;" in (JS_DIR / "dynamic_import.js").read_text(encoding="utf-8")


def test_a_source_built_again_is_v8s_cached_build(runner):
    # V8's compilation cache was off: each of 20,000 identical evals compiled its source again (900-2,200 ms, where
    # Node 20 takes ~70 and segtui with the cache ~30). What the cache does is seen in a build's origin: a source the
    # Function constructor built before comes back as that build, naming the first caller. eval's sources are kept in
    # the same V8 table (CompilationCache's eval table, keyed by source and calling place), so its loops compile once.
    result = runner.run("""
        const stackOf = (made) => { try { made(); } catch (error) { return error.stack.split("\\n")[1]; } };
        function first() { return new Function("return null.first"); }
        function second() { return new Function("return null.first"); }
        async function onTrack() { return [stackOf(first()), stackOf(second())]; }
    """)
    [from_first, from_second] = result.return_value
    assert "eval at first (" in from_first
    assert from_second == from_first


def test_a_caller_that_cannot_be_read_is_never_a_line_of_segtuis_own_script(runner):
    # With Error.stackTraceLimit unwritable, the constructor was called from segtui's proxy: the built function's frames
    # read "eval at direct (handler.js:9536:28)", a line of segtui's prelude named as the handler's 6-line file.
    result = runner.run("""
        Object.defineProperty(Error, "stackTraceLimit", { value: 10, writable: false });
        async function onTrack() {
          try { new Function("return null.unread")(); } catch (error) { return error.stack.split("\\n")[1]; }
        }
    """)
    assert result.return_value == "    at eval (eval at <anonymous> (<anonymous>), <anonymous>:3:13)"


def test_a_chain_of_functions_each_built_by_the_last_keeps_within_the_memory_limit(runner):
    # Each built function's place (its own eval origin) got a stand-in script, which V8 keeps, and a marker: 60,000
    # links failed with MemoryError at --memory 64. Past 1,024 places a new one is written "<anonymous>".
    result = runner.run("""
        async function onTrack() {
          globalThis.NEXT = 'return new Function("j", globalThis.NEXT + "//" + j)';
          let made = new Function("j", globalThis.NEXT);
          for (let i = 0; i < 60000; i++) made = made(i);
          try { new Function("return null.x")(); } catch (error) { return typeof error.stack; }
        }
    """)
    assert (result.outcome, result.error, result.return_value) == ("success", None, "string")
