"""A handler sees Segment's time zone and locale (AWS Lambda's: UTC, en-US) whatever the user's machine has.

What Node 20 prints with Lambda's `TZ=:UTC LANG=en_US.UTF-8` is the expectation; the machine here says
Asia/Kolkata (UTC+5:30) and Turkish, in segtui's own command (a forked sandbox) and in an engine's (a new one).
"""

from __future__ import annotations

import json

import pytest
from support.cli import segtui
from support.sandbox_helpers import HandlerRunner, make_engine

HANDLER = """
async function onTrack(event) {
  const d = new Date(Date.UTC(2024, 6, 15, 12, 30, 0));
  const options = Intl.DateTimeFormat().resolvedOptions();
  return { text: d.toString(), offset: d.getTimezoneOffset(), hours: d.getHours(), local: d.toLocaleString(),
    zone: options.timeZone, locale: options.locale, number: (1234567.5).toLocaleString(),
    midnight: new Date(2024, 0, 1).toISOString(), title: "title".toLocaleUpperCase() };
}
"""
AS_NODE_ON_LAMBDA = {
    "text": "Mon Jul 15 2024 12:30:00 GMT+0000 (Coordinated Universal Time)", "offset": 0, "hours": 12,
    "local": "7/15/2024, 12:30:00 PM", "zone": "UTC", "locale": "en-US", "number": "1,234,567.5",
    "midnight": "2024-01-01T00:00:00.000Z", "title": "TITLE",
}
ELSEWHERE = {"TZ": "Asia/Kolkata", "LC_ALL": "tr_TR.UTF-8", "LANG": "tr_TR.UTF-8"}


def test_the_command_runs_a_handler_in_utc_and_en_us(tmp_path):
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", "--json", cwd=tmp_path, env=ELSEWHERE)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["return"] == AS_NODE_ON_LAMBDA


def test_an_engine_runs_a_handler_in_utc_and_en_us(tmp_path, monkeypatch: pytest.MonkeyPatch):
    for name, value in ELSEWHERE.items():
        monkeypatch.setenv(name, value)
    engine = make_engine(timeout_s=5)
    try:
        assert HandlerRunner(engine, tmp_path).run(HANDLER).return_value == AS_NODE_ON_LAMBDA
    finally:
        engine.close()
