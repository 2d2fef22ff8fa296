"""The sandbox process gets its configuration on stdin: its command line, which every local user can read, holds no secret."""

from __future__ import annotations

import base64
from pathlib import Path

from segtui.engine.engine import Engine
from segtui.protocol import NetworkOptions, SandboxConfig

SECRET = "sk_live_0123456789abcdef"


def test_no_secret_reaches_the_sandbox_process_command_line(tmp_path):
    handler = tmp_path / "handler.js"
    handler.write_text("async function onTrack(event, settings) { return settings.apiKey.length; }")
    engine = Engine(SandboxConfig(network=NetworkOptions(secrets=[SECRET], offline=True)))
    try:
        engine.start()
        cmdline = Path(f"/proc/{engine.sandbox_pid}/cmdline").read_bytes()
        for form in (SECRET, base64.b64encode(SECRET.encode()).decode(), SECRET[4:12]):
            assert form.encode() not in cmdline
        assert b"segtui.sandbox" in cmdline
        assert engine.load(handler).ok
        assert engine.invoke({"type": "track"}, {"apiKey": SECRET}).return_value == len(SECRET)
    finally:
        engine.close()
