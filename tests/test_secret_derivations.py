"""Secrets as real functions hold and turn them: a PEM key (printed line by line, split by util.inspect, thrown in an
error, pasted with `\\n` escapes and turned into lines), a service account's key file parsed from JSON, and a secret
as other writers escape it (a server's ASCII-only JSON, node-fetch's legacy URL escaping, HTML entities, a Buffer's
bytes). None of it may reach what segtui prints or writes, nor the TUI's views of a run."""

from __future__ import annotations

import html
import json
from pathlib import Path
from urllib.parse import parse_qs, quote

import pytest
from support.cli import run_outputs, segtui
from support.http_server import Reply

from segtui.engine.engine import Engine
from segtui.protocol import NetworkOptions, SandboxConfig
from segtui.settings import load_schema
from segtui.settings_secrets import sensitive_values
from segtui.ui.diff import diff_invocations
from segtui.ui.views import build_run_view

LINES = ["MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7VJTUt9Us8cKj",
         "MzEfYyjiWA4R4/M2bS1GB4t7NXp98C3SC6dVMvDuictGeurT8jNbvJZHtCSuYEvu",
         "NMoSfm76oqFvAp8Gy0iz5sxjZmSnXyCdPEovGhLa0VzMaQ8s+CLOyS56YyCFGeJZ"]
PEM = "\n".join(["-----BEGIN PRIVATE KEY-----", *LINES, "-----END PRIVATE KEY-----"])
ESCAPED_LINES = ["QmFzZTY0TGluZU9uZUZvclRoZUtleVRoYXRXYXNQYXN0ZWRXaXRoRXNjYXBlcw",
                 "U2Vjb25kTGluZU9mVGhlRXNjYXBlZEtleUFuZFNvbWVNb3JlQnl0ZXNIZXJlISE"]
ESCAPED_PEM = "\\n".join(["-----BEGIN RSA PRIVATE KEY-----", *ESCAPED_LINES, "-----END RSA PRIVATE KEY-----"])
ACCOUNT = {"type": "service_account", "project_id": "demo-project", "private_key_id": "9f8e7d6c5b4a39281706f5e4",
           "private_key": "-----BEGIN PRIVATE KEY-----\nQWNjb3VudEtleUJvZHlMaW5lVGhhdElzU2VjcmV0\n-----END PRIVATE KEY-----\n",
           "client_email": "robot@demo-project.iam.gserviceaccount.com"}
UNICODE_KEY = "Pässwörd-7731-Zürich"
ODD_KEY = "Pa$$|w0rd'1<x>&{y}"
QUOTED_KEY = 'Tr0ub4dor"3\\xyzzy!Q'

SCHEMA = {"settings": [{"label": "Private Key", "type": "string", "sensitive": True},
                       {"label": "Escaped Key", "type": "string", "sensitive": True},
                       {"label": "Service Account", "type": "string", "sensitive": True},
                       {"label": "Unicode Key", "type": "string", "sensitive": True},
                       {"label": "Odd Key", "type": "string", "sensitive": True},
                       {"label": "Quoted Key", "type": "string", "sensitive": True},
                       {"label": "Base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  console.log(settings.escapedKey.replace(/\\n/g, '\n'));
  console.log({ key: settings.privateKey });
  const account = JSON.parse(settings.serviceAccount);
  console.log('account', account.private_key_id, account.private_key, account.client_email);
  const echoed = await (await fetch(settings.base + '/echo?k=' + encodeURIComponent(settings.unicodeKey))).text();
  console.log('echoed', echoed);
  await fetch(settings.base + '/p/' + settings.oddKey);
  console.log(_.escape(settings.oddKey), Buffer.from(settings.oddKey), JSON.stringify(Buffer.from(settings.oddKey)));
  // Another case, or reversed, then percent-encoded (UTF-8 bytes); escaped for HTML, then for JSON.
  await fetch(settings.base + '/echo?k=' + encodeURIComponent(settings.unicodeKey.toUpperCase()));
  console.log('cased', encodeURIComponent([...settings.unicodeKey].reverse().join('')),
    new URLSearchParams({ c: settings.unicodeKey.toLowerCase() }).toString());
  const xml = `<password>${_.escape(settings.quotedKey)}</password>`;
  await fetch(settings.base + '/echo?k=x', { method: 'POST', body: JSON.stringify({ xml }) });
  console.log('markup', JSON.stringify({ xml }), _.escape(settings.oddKey.toUpperCase()), JSON.stringify(settings.quotedKey.toUpperCase()));
  return { echoed, lines: settings.privateKey.split('\n') };
}
async function onIdentify(event, settings) {
  throw new Error('bad key:\n' + settings.privateKey);
}
"""


def leaked_texts() -> list[str]:
    """Each text a leak would show, as other writers than segtui's JavaScript give it."""
    odd = ODD_KEY.encode()
    return [*LINES, *ESCAPED_LINES, "9f8e7d6c5b4a39281706f5e4", "QWNjb3VudEtleUJvZHlMaW5lVGhhdElzU2VjcmV0",
            json.dumps(UNICODE_KEY)[1:-1], UNICODE_KEY,
            "Pa$$%7Cw0rd%271%3Cx%3E&%7By%7D",  # url.parse's escaping of the path, as node-fetch 2 sends it
            html.escape(ODD_KEY).replace("&#x27;", "&#39;"), " ".join(f"{byte:02x}" for byte in odd),
            ",".join(str(byte) for byte in odd),
            quote(UNICODE_KEY.upper(), safe=""), quote(UNICODE_KEY[::-1], safe=""), quote(UNICODE_KEY.lower(), safe=""),
            json.dumps(html.escape(QUOTED_KEY))[1:-1], html.escape(ODD_KEY.upper()).replace("&#x27;", "&#39;"),
            json.dumps(QUOTED_KEY.upper())[1:-1]]


@pytest.fixture
def folder(tmp_path, loopback):
    loopback.routes["/echo"] = lambda received: Reply(
        body=json.dumps({"k": parse_qs(received.target.partition("?")[2])["k"][0]}).encode(),
        headers=[("Content-Type", "application/json")])
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    settings = {"privateKey": PEM, "escapedKey": ESCAPED_PEM, "serviceAccount": json.dumps(ACCOUNT),
                "unicodeKey": UNICODE_KEY, "oddKey": ODD_KEY, "quotedKey": QUOTED_KEY, "base": loopback.base}
    (tmp_path / "segtui.settings.json").write_text(json.dumps(settings), encoding="utf-8")
    (tmp_path / "events.ndjson").write_text('{"type": "track", "event": "E"}\n{"type": "identify", "userId": "u"}\n',
                                            encoding="utf-8")
    return tmp_path


def test_derived_and_otherwise_escaped_secrets_are_masked_in_every_output(folder, loopback):
    outputs = run_outputs(folder, "--event", "events.ndjson", code=1)  # identify throws
    test = segtui("test", "handler.js", "identify", "--offline", "--junit", "junit.xml", cwd=folder)
    outputs["test"] = test.stdout + test.stderr
    outputs["junit"] = (folder / "junit.xml").read_text(encoding="utf-8")
    received = b"".join(request.head + request.body for request in loopback.take())
    assert b"Pa$$%7Cw0rd%271" in received, "the handler really sent the key as url.parse escapes it"

    for where, text in outputs.items():
        for secret in leaked_texts():
            assert secret not in text, f"{where} shows {secret!r}"
    assert "bad key:" in outputs["junit"] and "bad key:" in outputs["run text"]


def test_the_tuis_views_of_a_run_mask_a_secret_across_lines_and_at_a_cut(folder):
    schema = load_schema(folder / "handler.js")
    settings = json.loads((folder / "segtui.settings.json").read_text(encoding="utf-8"))
    engine = Engine(SandboxConfig(network=NetworkOptions(secrets=sensitive_values(schema, settings))))
    engine.start()
    try:
        source = ("var runs = 0;\nasync function onTrack(event, settings) {\n"
                  "  console.log('run ' + ++runs + '\\n' + settings.privateKey);\n"
                  "  console.log('x'.repeat(1990) + settings.oddKey + ' tail');\n"
                  "  throw new Error('bad key:\\n' + settings.privateKey);\n}\n")
        path = folder / "views.js"
        path.write_text(source, encoding="utf-8")
        assert engine.load(path).ok
        runs = [engine.invoke({"type": "track", "event": "E"}, settings) for _ in range(2)]
    finally:
        engine.close()
    masker = engine.masker()
    view = build_run_view(runs[0], masker, str(path), source)
    shown = [line.text for line in view.logs.lines] + [frame.text for frame in view.stack] + [view.headline]
    # The diff compares raw lines (so that a changed secret shows as a change) and shows each part masked whole.
    diffed = [line for section in diff_invocations(runs[0], runs[1], (masker,)) for _, line in section.lines]
    assert "run 1" in "\n".join(diffed) and "-----BEGIN PRIVATE KEY-----" not in "\n".join(diffed), "context lines"
    for where, lines in (("view", shown), ("diff", diffed)):
        text = "\n".join(lines)
        for secret in [*LINES, ODD_KEY[:6]]:
            assert secret not in text, f"the TUI's {where} shows {secret!r}"


def test_derived_secrets_come_from_the_settings_not_from_the_handler(folder):
    schema = load_schema(Path(folder) / "handler.js")
    settings = json.loads((folder / "segtui.settings.json").read_text(encoding="utf-8"))
    secrets = sensitive_values(schema, settings)
    assert set(LINES) <= set(secrets) and set(ESCAPED_LINES) <= set(secrets)
    assert ESCAPED_PEM.replace("\\n", "\n") in secrets, "an escaped key's lines, as the handler turns it"
    assert ACCOUNT["private_key_id"] in secrets and ACCOUNT["client_email"] not in secrets, "only secret-looking names"
    assert "https://example.com" not in sensitive_values(schema, {"base": "https://example.com"})
