"""`https.request` in segtui and in Node 20, against one HTTPS loopback server that keeps each request's exact bytes.

Both trust the test CA (SSL_CERT_FILE for segtui's sandbox, NODE_EXTRA_CA_CERTS for Node). Compared: the
Callback Return (status, headers, body, events and errors as the handler saw them), the logs, and every
request's request line, header lines (order and casing) and body.
"""

from __future__ import annotations

import json
import os
import subprocess

import pytest
from support.certificates import certificates
from support.http_server import LoopbackServer
from test_conformance import HERE, NODE_TIMEOUT_S, _missing_reference, _run_segtui

from segtui.engine.engine import Engine
from segtui.protocol import SandboxConfig

HANDLER = r"""
function send(url, options, pieces, body) {
  return new Promise((resolve) => {
    const events = [];
    const respond = (res) => {
      events.push("response");
      res.setEncoding("utf8");
      let text = "";
      res.on("data", (chunk) => { text += chunk; });
      res.on("end", () => {
        events.push("end");
        resolve({ status: res.statusCode, message: res.statusMessage, headers: res.headers, text, events,
          complete: res.complete, version: res.httpVersion });
      });
    };
    const req = options === undefined ? https.request(url, respond) : https.request(url, options, respond);
    req.on("error", (error) => resolve({ error: `${error.name}: ${error.message}`, code: error.code, events }));
    for (const piece of pieces) req.write(piece);
    req.end(body);
  });
}

async function onTrack(event, settings) {
  const json = JSON.stringify({ userId: event.userId, note: "é" });
  const out = {};
  out.post = await send(`${settings.base}/json?x=1`, { method: "POST", headers: { "Content-Type": "application/json",
    "Content-Length": Buffer.byteLength(json), "X-Api-Key": settings.apiKey } }, [], json);
  out.ended = await send(`${settings.base}/text`, { method: "put" }, [], "plain body");
  out.chunked = await send(`${settings.base}/binary`, { method: "PATCH", headers: { "X-Parts": "3" } }, ["a", Buffer.from("bé"), "c"]);
  out.get = await new Promise((resolve) => https.get(`${settings.base}/status/404`, { headers: { Accept: "text/plain" } },
    (res) => { let t = ""; res.on("data", (c) => { t += c; }); res.on("end", () => resolve([res.statusCode, t])); }));
  const url = new URL(settings.base);
  out.options = await send({ hostname: url.hostname, port: url.port, path: "/empty", method: "DELETE",
    auth: "user:pass" }, undefined, [], undefined);
  out.refused = await send("https://127.0.0.1:9/", {}, [], undefined);
  try {
    https.request("http://127.0.0.1/");
  } catch (error) {
    out.protocol = [error.name, error.code, error.message];
  }
  return out;
}
"""


@pytest.fixture
def tls_server(tmp_path):
    ca_file, context = certificates(tmp_path)
    server = LoopbackServer(tls=context)
    yield ca_file, server
    server.close()


def _received(server: LoopbackServer) -> list[dict]:
    return [{"line": r.request_line.decode("latin-1"), "headers": [h.decode("latin-1") for h in r.header_lines],
             "body": r.body.decode("latin-1")} for r in server.take()]


def test_https_request_same_as_node(tls_server, tmp_path, monkeypatch):
    reason = _missing_reference()
    if reason and os.environ.get("CI"):
        pytest.fail(f"conformance must run in CI: {reason}")
    if reason:
        pytest.skip(reason)
    ca_file, server = tls_server
    handler = tmp_path / "https_request.js"
    handler.write_text(HANDLER, encoding="utf-8")
    run = {"events": [{"type": "track", "userId": "u-1"}], "settings": {"base": server.base, "apiKey": "k-1"}}
    run_file = tmp_path / "run.json"
    run_file.write_text(json.dumps(run), encoding="utf-8")

    done = subprocess.run(["node", str(HERE / "reference.js"), str(handler), str(run_file)], capture_output=True,
                          text=True, timeout=NODE_TIMEOUT_S, check=False, cwd=HERE,
                          env={**os.environ, "NODE_EXTRA_CA_CERTS": str(ca_file)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("{"), (done.stdout, done.stderr)
    node = json.loads(done.stdout)
    node_received = _received(server)

    monkeypatch.setenv("SSL_CERT_FILE", str(ca_file))  # the sandbox process inherits it
    engine = Engine(SandboxConfig(timeout_s=5))
    engine.start()
    try:
        ours = _run_segtui(engine, handler, run)
    finally:
        engine.close()
    ours_received = _received(server)

    assert node["results"][0]["outcome"] == "success", node
    assert ours["results"] == node["results"]
    assert ours_received == node_received
    assert len(ours_received) == 5
