"""The bundled examples run with no network, answered by the mock file beside each."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.sandbox_helpers import make_engine

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_events"


# Each call is a method and the start of the URL the example requests.
@pytest.mark.parametrize(("example", "event_type", "calls"), [
    ("webhook", "track", [("POST", "https://api.example-webhook.com/v1/events")]),
    ("webhook", "identify", [("POST", "https://api.example-webhook.com/v1/users")]),
    ("crm-sync", "identify", [("POST", "https://api.example-crm.com/oauth/token"),
                              ("PUT", "https://api.example-crm.com/v2/contacts?upsert=true&match_on=external_id")]),
    ("crm-sync", "group", [("POST", "https://api.example-crm.com/oauth/token"),
                           ("PUT", "https://api.example-crm.com/v2/contacts/")]),
    ("crm-sync", "delete", [("POST", "https://api.example-crm.com/oauth/token"),
                            ("DELETE", "https://api.example-crm.com/v2/contacts/")]),
])
def test_example_succeeds_offline_with_its_mock_file(example, event_type, calls):
    folder = ROOT / "examples" / example
    settings = json.loads((folder / "segtui.settings.json").read_text(encoding="utf-8"))
    event = json.loads((SAMPLES / f"{event_type}.json").read_text(encoding="utf-8"))
    engine = make_engine(network={"mock": str(folder / "segtui.mock.yaml"), "offline": True})
    try:
        assert engine.load(folder / "handler.js").ok
        result = engine.invoke(event, settings)
    finally:
        engine.close()
    assert result.outcome == "success", result.error
    assert len(result.requests) == len(calls)
    for record, (method, url) in zip(result.requests, calls):
        assert record.method == method and record.url.startswith(url)
    assert {record.source for record in result.requests} == {"mock"}
