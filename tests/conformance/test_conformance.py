"""Each fixture runs in segtui and in the Node reference (reference.js) against the same loopback server.

Compared: load errors, each event's outcome, error name and message, Callback Return and console
text, and what the server received (method, path, body, headers). A fixture is `fixtures/NAME.js`
(the handler) and `fixtures/NAME.json`: `events`, `settings`, `routes` for the server, and
optionally `ignore_headers` (differ by design, e.g. request signatures), `unordered` (requests
sent concurrently), `needs` (segtui globals the fixture needs; skipped while one is missing) and
`kind` (insert or source: events are then requests, and a source's emitted messages are compared). `{{base}}` in events and settings becomes the server's URL.

Needs node and the packages `setup.sh` installs; locally the tests skip without them, under CI
(CI set) they fail instead.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from loopback import LoopbackServer

from segtui.engine.engine import Engine
from segtui.protocol import SandboxConfig
from segtui.sandbox.v8 import V8Context

HERE = Path(__file__).resolve().parent
FIXTURES = HERE / "fixtures"
NAMES = sorted(path.stem for path in FIXTURES.glob("*.js"))
NODE_TIMEOUT_S = 60
AS_ON_LAMBDA = {"TZ": "UTC", "LC_ALL": "en_US.UTF-8"}
"""The zone and locale Segment's Node runs with (AWS Lambda's), given to the reference whatever this machine has."""


def _missing_reference() -> str | None:
    if shutil.which("node") is None:
        return "node is not on PATH (the Node 20 reference runner needs it)"
    if not (HERE / "node_modules" / "node-fetch" / "package.json").is_file():
        return "the reference's npm packages are not installed: run tests/conformance/setup.sh"
    return None


@pytest.fixture(scope="module")
def reference():
    reason = _missing_reference()
    if reason and os.environ.get("CI"):
        pytest.fail(f"conformance must run in CI: {reason}")
    if reason:
        pytest.skip(reason)
    return HERE / "reference.js"


RUN_LIMIT_S = 30
"""The fixtures compare results, never the time limit: a crypto fixture took over 5 s on a busy machine and timed out."""

@pytest.fixture(scope="module")
def server():
    server = LoopbackServer()
    yield server
    server.close()


@pytest.fixture(scope="module")
def engine():
    engine = Engine(SandboxConfig(timeout_s=RUN_LIMIT_S))
    engine.start()
    yield engine
    engine.close()


@pytest.fixture(scope="module")
def segtui_globals(engine, tmp_path_factory):
    """The names of segtui's globals, to skip fixtures whose global is not built yet."""
    probe = tmp_path_factory.mktemp("probe") / "probe.js"
    probe.write_text("async function onTrack() { return Object.getOwnPropertyNames(globalThis) }", encoding="utf-8")
    engine.load(probe)
    return set(engine.invoke({"type": "track"}, {}).return_value)


def _substitute(value: object, base: str) -> object:
    if isinstance(value, str):
        return value.replace("{{base}}", base)
    if isinstance(value, list):
        return [_substitute(item, base) for item in value]
    if isinstance(value, dict):
        return {key: _substitute(item, base) for key, item in value.items()}
    return value


def _error(error) -> dict | None:
    return None if error is None else {"name": error.name, "message": error.message}


def _run_segtui(engine: Engine, handler: Path, run: dict) -> dict:
    loaded = engine.load(handler)
    if not loaded.ok:
        return {"load": {"ok": False, "error": _error(loaded.error)}, "results": []}
    results = []
    for event in run["events"]:
        result = engine.invoke(event, run["settings"])
        results.append({
            "outcome": result.outcome, "return": result.return_value, "error": _error(result.error),
            "logs": [{"level": entry.level, "message": entry.message} for entry in result.logs],
        })
        if engine.config.kind == "source":
            results[-1]["emitted"] = [item.message for item in result.emitted]
    return {"load": {"ok": True, "error": None}, "results": results}


@pytest.fixture(scope="module")
def kind_engines():
    """An engine per kind of function the module's tests ask for, shared as the destination `engine` is (each fixture
    loads its handler in a fresh context), closed after them."""
    engines: dict[str, Engine] = {}

    def get(kind: str) -> Engine:
        if kind not in engines:
            engines[kind] = Engine(SandboxConfig(timeout_s=RUN_LIMIT_S, kind=kind))
        return engines[kind]

    yield get
    for engine in engines.values():
        engine.close()


def _run_node(reference: Path, handler: Path, run: dict, tmp_path: Path) -> dict:
    run_file = tmp_path / "run.json"
    run_file.write_text(json.dumps(run), encoding="utf-8")
    done = subprocess.run(["node", str(reference), str(handler), str(run_file)], capture_output=True,
                          text=True, timeout=NODE_TIMEOUT_S, check=False, cwd=HERE, env={**os.environ, **AS_ON_LAMBDA})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _received(requests: list[dict], ignore: set[str], unordered: bool) -> list[dict]:
    shown = []
    for request in requests:
        headers: dict[str, str] = {}
        for name, value in request["headers"]:
            if name not in ignore:
                headers[name] = f"{headers[name]}, {value}" if name in headers else value
        shown.append({**request, "headers": dict(sorted(headers.items()))})
    if unordered:
        shown.sort(key=lambda request: json.dumps(request, sort_keys=True))
    return shown


def test_fixture_count():
    assert len(NAMES) >= 40


@pytest.mark.parametrize("name", NAMES)
def test_same_as_node(name, reference, server, engine, kind_engines, segtui_globals, tmp_path):
    spec = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    missing = [name for name in spec.get("needs", []) if name not in segtui_globals]
    if missing:
        pytest.skip(f"segtui does not have {', '.join(missing)} yet")
    handler = FIXTURES / f"{name}.js"
    run = {"events": _substitute(spec["events"], server.base), "settings": _substitute(spec.get("settings", {}), server.base),
           "kind": spec.get("kind", "destination")}
    ignore = {header.lower() for header in spec.get("ignore_headers", [])}
    unordered = spec.get("unordered", False)
    server.routes = spec.get("routes", {})
    server.take()

    node = _run_node(reference, handler, run, tmp_path)
    node["received"] = _received(server.take(), ignore, unordered)
    segtui = _run_segtui(engine if run["kind"] == "destination" else kind_engines(run["kind"]), handler, run)
    segtui["received"] = _received(server.take(), ignore, unordered)

    assert segtui["load"] == node["load"]
    for index, (ours, theirs) in enumerate(zip(segtui["results"], node["results"], strict=True)):
        assert ours == theirs, f"event {index}"
    assert segtui["received"] == node["received"]


# Globals Segment pre-loads besides the contract's (segtui/sandbox/js/packages.js; the reference defines them too).
SEGMENT_PACKAGE_GLOBALS = {"FormData", "google", "hubspotlib", "jsforce", "jsonwebtoken", "nodemailjet", "moment", "OAuth",
                           "sendgrid", "skyflowlib", "stripe", "twilio", "uuidv5", "winstonlib", "xml", "xml2js", "zlib",
                           "https", "libphonenumberjslib", "mailchimplib"}


def test_a_handler_sees_no_global_that_node_does_not_have(reference, engine, tmp_path):
    """segtui's machinery stays private: every global a handler can list is Node's, V8's own, or one Segment pre-loads."""
    handler = tmp_path / "globals.js"
    handler.write_text("async function onTrack() {\n"
                       "  return [Object.getOwnPropertyNames(globalThis), Object.getOwnPropertySymbols(globalThis).map(String)];\n"
                       "}\n", encoding="utf-8")
    run = {"events": [{"type": "track"}], "settings": {}}
    node_names, node_symbols = _run_node(reference, handler, run, tmp_path)["results"][0]["return"]
    ours, our_symbols = _run_segtui(engine, handler, run)["results"][0]["return"]
    bare = V8Context(lambda _buffer: None)
    try:
        v8_own = set(json.loads(bare.eval("JSON.stringify(Object.getOwnPropertyNames(globalThis))")))
    finally:
        bare.close()
    extra = set(ours) - set(node_names) - v8_own - SEGMENT_PACKAGE_GLOBALS
    assert sorted(extra) == []
    assert sorted(set(our_symbols) - set(node_symbols)) == []
    assert {"fetch", "_", "cache", "ValidationError", "Buffer", "console", "AWS"} <= set(ours)
