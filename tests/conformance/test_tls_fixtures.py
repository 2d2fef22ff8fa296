"""Fixtures that need HTTPS, in segtui and in Node 20, against one HTTPS loopback server that keeps exact bytes.

`tls/NAME.js` is the handler and `tls/NAME.json` its run: `events`, `settings` (`{{base}}` becomes the server's
https URL, `{{host}}` its host:port), optionally `routes` (path → `status`, `json` or `body`, `headers`; other
paths get the test server's own answers) and `ignore_headers`. Both trust the test CA (SSL_CERT_FILE for
segtui's sandbox, NODE_EXTRA_CA_CERTS for Node). Compared: each event's outcome, error, Callback Return and logs,
and every request's request line, header lines (order and casing) and body.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest
from support.certificates import certificates
from support.http_server import LoopbackServer, Reply
from test_conformance import AS_ON_LAMBDA, HERE, NODE_TIMEOUT_S, _missing_reference, _run_segtui, _substitute

from segtui.engine.engine import Engine
from segtui.protocol import SandboxConfig

FIXTURES = HERE / "tls"
NAMES = sorted(path.stem for path in FIXTURES.glob("*.js"))


@pytest.fixture(scope="module")
def tls(tmp_path_factory):
    """The test CA's file and an HTTPS loopback server with a certificate it signed."""
    ca_file, context = certificates(tmp_path_factory.mktemp("ca"))
    server = LoopbackServer(tls=context)
    yield ca_file, server
    server.close()


@pytest.fixture(scope="module")
def engine(tls):
    reason = _missing_reference()
    if reason and os.environ.get("CI"):
        pytest.fail(f"conformance must run in CI: {reason}")
    if reason:
        pytest.skip(reason)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SSL_CERT_FILE", str(tls[0]))  # the sandbox process inherits it
        engine = Engine(SandboxConfig(timeout_s=5))
        engine.start()
    yield engine
    engine.close()


def _route(spec: dict):
    body = json.dumps(spec["json"]).encode() if "json" in spec else spec.get("body", "").encode()
    headers = [("Content-Type", "application/json" if "json" in spec else "text/plain"), *spec.get("headers", {}).items()]
    return lambda _received: Reply(spec.get("status", 200), body, headers)


def _received(server: LoopbackServer, ignore: set[str]) -> list[dict]:
    shown = []
    for request in server.take():
        headers = [line.decode("latin-1") for line in request.header_lines]
        shown.append({"line": request.request_line.decode("latin-1"), "body": request.body.decode("latin-1"),
                      "headers": [line for line in headers if line.split(":", 1)[0].lower() not in ignore]})
    return shown


def _run_node(handler: Path, run: dict, ca_file: Path, tmp_path: Path) -> dict:
    run_file = tmp_path / "run.json"
    run_file.write_text(json.dumps(run), encoding="utf-8")
    done = subprocess.run(["node", str(HERE / "reference.js"), str(handler), str(run_file)], capture_output=True,
                          text=True, timeout=NODE_TIMEOUT_S, check=False, cwd=HERE,
                          env={**os.environ, **AS_ON_LAMBDA, "NODE_EXTRA_CA_CERTS": str(ca_file)})
    assert done.returncode == 0 and done.stdout.startswith("{"), (done.stdout, done.stderr)
    return json.loads(done.stdout)


@pytest.mark.parametrize("name", NAMES)
def test_same_as_node_over_https(name, tls, engine, tmp_path):
    ca_file, server = tls
    spec = json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))
    host = server.base.removeprefix("https://")
    run = {"events": _substitute(spec["events"], server.base),
           "settings": json.loads(json.dumps(_substitute(spec.get("settings", {}), server.base)).replace("{{host}}", host))}
    ignore = {header.lower() for header in spec.get("ignore_headers", [])}
    handler = FIXTURES / f"{name}.js"
    server.routes = {path: _route(route) for path, route in spec.get("routes", {}).items()}
    server.take()

    node = _run_node(handler, run, ca_file, tmp_path)
    node_received = _received(server, ignore)
    ours = _run_segtui(engine, handler, run)
    ours_received = _received(server, ignore)

    assert node["load"]["ok"] and all(result["outcome"] == "success" for result in node["results"]), node
    assert ours["results"] == node["results"]
    assert node_received, "the fixture sent no request"
    assert len(ours_received) == len(node_received)
    for index, (ours_request, node_request) in enumerate(zip(ours_received, node_received, strict=True)):
        assert ours_request["line"] == node_request["line"], index
        assert ours_request["headers"] == node_request["headers"], index
        assert ours_request["body"] == node_request["body"], index
