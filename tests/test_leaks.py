"""One leaking handler through every output path: no secret shows in any encoding, nor a credential header.

The encodings grepped for are computed by Node itself (an oracle independent of segtui's masking).
"""

from __future__ import annotations

import base64
import json
import subprocess
from pathlib import Path

import pytest
from support.cli import segtui as run_segtui
from support.http_server import Reply
from support.node_forms import node_forms

SECRET = "sk a~b*c!d'e(f)g\"h\\i+j=k&l é"
TOKEN = "tok-from-an-earlier-response-42"

LEAKER = r"""
async function onTrack(event, settings) {
  const k = settings.apiKey;
  const token = (await (await fetch(settings.base + '/token')).json()).access_token;
  const query = new URLSearchParams({client_secret: k}).toString();
  await fetch(settings.base + '/t?' + query + '&e=' + encodeURIComponent(k) + '&x=' + escape(k), {
    method: 'POST',
    headers: {Authorization: 'Bearer ' + token, 'X-Api-Key': k, 'Content-Type': 'application/json'},
    body: JSON.stringify({k, nested: JSON.stringify({k}), [k]: true}),
  });
  await fetch(new URL('/u/' + encodeURIComponent(k), settings.base).href,
              {method: 'POST', body: Buffer.concat([Buffer.from([0xff]), Buffer.from('key=' + k)])});
  console.log('key', k, {[k]: k}, Buffer.from(k).toString('base64'));
  return {[k]: true, k, b64: Buffer.from(k).toString('base64'), hex: Buffer.from(k).toString('hex')};
}
async function onIdentify(event, settings) { throw new Error('bad key ' + settings.apiKey); }
"""



@pytest.fixture(scope="module")
def forms() -> list[str]:
    return node_forms(SECRET)


def assert_no_leak(text: str, forms: list[str], where: str) -> None:
    for form in forms:
        assert form not in text, f"{where} shows the secret as {form!r}"
    assert "Bearer " + TOKEN not in text, f"{where} shows the bearer token in a header"


@pytest.fixture
def folder(tmp_path, loopback):
    loopback.routes["/token"] = lambda received: Reply(body=json.dumps({"access_token": TOKEN}).encode(),
                                                       headers=[("Content-Type", "application/json")])
    (tmp_path / "handler.js").write_text(LEAKER, encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [
        {"label": "API Key", "sensitive": True}, {"label": "Base"}]}))
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": SECRET, "base": loopback.base}))
    (tmp_path / "events").mkdir()
    (tmp_path / "events" / "one.json").write_text(json.dumps({"type": "track", "event": "One"}))
    (tmp_path / "events" / "two.json").write_text(json.dumps({"type": "identify", "userId": "u"}))
    (tmp_path / "many.ndjson").write_text('{"type": "track", "n": 1}\n{"type": "identify", "n": 2}\n')
    return tmp_path


def test_no_output_path_shows_the_secret_in_any_encoding(folder, forms, loopback):
    outputs: dict[str, str] = {}
    for mode in ("text", "json"):
        done = segtui(folder, "run", "handler.js", "--event", "events/one.json", "--har", f"{mode}.har",
                      "--record", f"{mode}.cassette", *(["--json"] if mode == "json" else []))
        assert done.returncode == 0, done.stderr
        outputs[f"run {mode}"] = done.stdout + done.stderr
        outputs[f"run {mode} HAR"] = (folder / f"{mode}.har").read_text(encoding="utf-8")
        outputs[f"run {mode} cassette"] = (folder / f"{mode}.cassette").read_text(encoding="utf-8")
    received = loopback.take()
    assert any(SECRET.encode() in request.body for request in received), "the handler really sent the secret"

    update = segtui(folder, "test", "handler.js", "events", "--update", "--junit", "report.xml")
    assert update.returncode == 0, update.stdout + update.stderr
    outputs["test --update"] = update.stdout + update.stderr
    outputs["goldens"] = "".join(path.read_text(encoding="utf-8") for path in (folder / "handler.goldens").rglob("*.json"))
    outputs["JUnit"] = (folder / "report.xml").read_text(encoding="utf-8")
    for args in ([], ["--json"]):
        done = segtui(folder, "test", "handler.js", "events", *args)
        assert done.returncode == 0, done.stdout + done.stderr
        outputs[f"test {args}"] = done.stdout + done.stderr
    replay = segtui(folder, "replay", "handler.js", "many.ndjson", "--json")
    outputs["replay --json"] = replay.stdout + replay.stderr

    for where, text in outputs.items():
        assert_no_leak(text, forms, where)
    assert TOKEN not in outputs["goldens"]
    har = json.loads(outputs["run json HAR"])
    binary = next(entry for entry in har["log"]["entries"] if "/u/" in entry["request"]["url"])
    body = base64.b64decode(binary["request"]["postData"]["text"])
    assert body == b"\xffkey=" + "••••••".encode(), "a binary body is masked on its bytes and still decodes"
    assert '"••••••": true' in outputs["goldens"], "object keys are masked"


def segtui(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run segtui in `folder`."""
    return run_segtui(*args, cwd=folder)
