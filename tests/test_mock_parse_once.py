"""A YAML mock file is parsed once: segtui's process checks it and sends the sandbox what it read, so the sandbox never
imports YAML (~15-20 ms of its start); the sandbox parses the file itself only when its text has changed since, or
when JSON would not carry what it holds unchanged."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from segtui.engine.network_check import check_network
from segtui.errors import SegtuiInputError
from segtui.mock_rules import MAX_CARRIED_CHARS, _mock_data, parsed
from segtui.protocol import NetworkOptions, SandboxConfig

RULES = "- method: POST\n  url: https://api.example.test/v1/events\n  status: {status}\n"
RUN = """
import io, json, sys
import segtui.sandbox.serve  # what a sandbox process imports before it reads its config
from segtui.protocol import SandboxConfig
from segtui.sandbox.sandbox import Sandbox

config = SandboxConfig.from_json(json.loads(sys.argv[1]))
with open(config.network.mock, "w", encoding="utf-8") as mock:  # an edit after segtui's process read the file, if any
    mock.write(sys.argv[2])
sandbox = Sandbox(config)
handler = "async function onTrack() { const r = await fetch('https://api.example.test/v1/events', {method: 'POST'}); return r.status; }"
assert sandbox.load("handler.js", handler, io.StringIO()).ok
out = io.StringIO()
sandbox.invoke_many([json.dumps({"type": "track", "event": "E"})], "{}", out)
print(json.dumps({"return": json.loads(out.getvalue())[0]["return"], "yaml": "yaml" in sys.modules}))
"""


def _sandbox_run(config: SandboxConfig, text: str) -> dict:
    """One event through a sandbox of a fresh process given `config` (sent as segtui sends it), the mock file's text
    `text` as it starts."""
    done = subprocess.run([sys.executable, "-c", RUN, json.dumps(config.to_json()), text], capture_output=True, text=True,
                          timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_the_sandbox_takes_the_yaml_mock_file_segtui_read_and_never_imports_yaml(tmp_path):
    mock = tmp_path / "segtui.mock.yaml"
    mock.write_text(RULES.format(status=202), encoding="utf-8")
    network = check_network(NetworkOptions.from_json({"mock": str(mock), "offline": True}))
    assert network.mock_parsed == {"text": mock.read_text(encoding="utf-8"), "data": [
        {"method": "POST", "url": "https://api.example.test/v1/events", "status": 202}]}
    assert _sandbox_run(SandboxConfig(network=network), RULES.format(status=202)) == {"return": 202, "yaml": False}


def test_a_mock_file_changed_since_segtui_read_it_is_read_again_by_the_sandbox(tmp_path):
    mock = tmp_path / "segtui.mock.yaml"
    mock.write_text(RULES.format(status=202), encoding="utf-8")
    network = check_network(NetworkOptions.from_json({"mock": str(mock), "offline": True}))
    assert _sandbox_run(SandboxConfig(network=network), RULES.format(status=418)) == {"return": 418, "yaml": True}


def test_yaml_json_would_not_carry_unchanged_is_left_for_the_sandbox_to_parse(tmp_path):
    for value in ("2024-02-01", "!!binary aGk=", ".nan", ".inf", "{1: one}"):
        mock = tmp_path / "segtui.mock.yaml"
        mock.write_text(f"- url: https://api.example.test/\n  json: {{sent: {value}}}\n", encoding="utf-8")
        _mock_data(mock)
        assert parsed(mock) is None, value
    json_mock = tmp_path / "mock.json"
    json_mock.write_text('[{"url": "https://api.example.test/"}]', encoding="utf-8")
    _mock_data(json_mock)
    assert parsed(json_mock) is None  # JSON is as quick to parse in the sandbox as to send


def test_a_long_yaml_mock_file_is_left_for_the_sandbox_and_its_config_is_not_copied(tmp_path):
    # Checking and sending a 1.7 MB file's data cost segtui's process ~240 ms (twice deep-copied by asdict).
    mock = tmp_path / "segtui.mock.yaml"
    rule = "- url: https://api.example.test/{n}\n  json: {{n: {n}}}\n"
    text = "".join(rule.format(n=n) for n in range(MAX_CARRIED_CHARS // len(rule.format(n=0)) + 1))
    mock.write_text(text, encoding="utf-8")
    assert check_network(NetworkOptions.from_json({"mock": str(mock)})).mock_parsed is None
    mock.write_text(text[: MAX_CARRIED_CHARS // 2], encoding="utf-8")
    network = check_network(NetworkOptions.from_json({"mock": str(mock)}))
    sent = SandboxConfig(network=network).to_json()["network"]["mock_parsed"]
    assert sent is network.mock_parsed and sent["data"][0] == {"url": "https://api.example.test/0", "json": {"n": 0}}


def test_the_network_options_refuse_a_mock_parse_of_another_shape():
    for bad in ([], {"text": 1, "data": []}, {"text": "x"}):
        with pytest.raises(SegtuiInputError, match="mock_parsed"):
            NetworkOptions.from_json({"mock_parsed": bad})


def test_the_tui_drops_the_parse_of_a_mock_file_it_no_longer_uses(tmp_path):
    from segtui.settings import Schema
    from segtui.ui.handler_settings import HandlerSettings

    mock = tmp_path / "segtui.mock.yaml"
    mock.write_text(RULES.format(status=202), encoding="utf-8")
    network = check_network(NetworkOptions.from_json({"mock": str(mock)}))
    settings = HandlerSettings(tmp_path / "h.js", tmp_path / "s.json", Schema((), False), {}, SandboxConfig(network=network))
    settings.use_mock(tmp_path / "other.mock.yaml")
    assert settings.config.network.mock_parsed is None
