"""A request record's JSON form is exactly what `dataclasses.asdict` gives (without an error's empty fields)."""

from __future__ import annotations

import json
from dataclasses import asdict

from segtui.records import Body, FetchFailure, RequestRecord, ResponseRecord


def expected(record: RequestRecord) -> dict:
    data = asdict(record)
    if record.error is not None:
        data["error"] = {key: value for key, value in data["error"].items() if value is not None}
    return data


def test_the_json_form_is_asdicts_and_shares_no_list_with_the_record() -> None:
    answered = RequestRecord(**vars(Body.of(b"\xff\x00 binary")), id=3, fetch=2, hop=1, seq=7, method="POST",
                             url="https://a.example/x?k=1", headers=[["Content-Type", "a/b"], ["X-A", "1"]],
                             response=ResponseRecord(**vars(Body.of("é".encode())), status=201, status_text="Created",
                                                     headers=[["Set-Cookie", "s=1"]]),
                             note="a note", source="mock", mock_rule=2, started_at="2026-01-01T00:00:00.000Z",
                             offset_ms=1.5, wait_ms=0.25, duration_ms=3.0)
    failed = RequestRecord(url="http://127.0.0.1:9/", error=FetchFailure("refused", code=None), source="offline")
    for record in (answered, failed, RequestRecord()):
        data = record.to_json()
        assert data == expected(record)
        assert list(data) == list(expected(record))  # the same key order in the JSON written
        assert json.dumps(data) == json.dumps(expected(record))
        assert RequestRecord.from_json(data) == record
    data = answered.to_json()
    data["headers"][0][1] = "changed"
    data["response"]["headers"].append(["X", "y"])
    assert answered.headers[0][1] == "a/b" and len(answered.response.headers) == 1
