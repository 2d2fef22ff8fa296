"""A request record's JSON form is exactly what `dataclasses.asdict` gives (without an error's empty fields); its start
is written as datetime writes it."""

from __future__ import annotations

import json
import time
from dataclasses import asdict, fields
from datetime import UTC, datetime

from segtui.records import MAX_RECORDED_TEXT, Body, FetchFailure, RequestRecord, ResponseRecord, body_fields
from segtui.sandbox import exchange as exchanges
from segtui.sandbox.exchange import Exchange, Outgoing, _status_text, _utc


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


def test_a_requests_start_is_utc_text_as_datetimes_isoformat_writes_it() -> None:
    def written(wall: float) -> str:
        return datetime.fromtimestamp(wall, UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")

    second = 1_767_225_599  # the last second of 2025
    walls = [0.0, 1e9 + 0.9999995, 1e9 + 0.9999994, second + 0.0005, second + 0.9995, second + 0.999_999_7, time.time()]
    walls += [second + step / 7_919 for step in range(7_919)]
    for wall in walls:
        assert _utc(wall) == written(wall), wall


def test_records_take_a_bodys_fields_first_in_body_fields_order():
    # Records are built as RequestRecord(*body_fields(...), …): a Body field added or moved would put a size where a
    # flag goes (both pass for numbers) unless every record extending Body starts with Body's fields in this order.
    names = ["body", "body_encoding", "body_size", "body_truncated"]
    assert [field.name for field in fields(Body)] == names
    for record in (RequestRecord, ResponseRecord):
        assert [field.name for field in fields(record)][: len(names)] == names


def test_a_record_read_from_partial_json_is_the_one_its_init_makes() -> None:
    # from_json fills a record without __init__: the defaults of the fields its JSON leaves out (a new list of headers
    # each), the keys it does not know left out, an empty response or error as none, the fields in their order.
    data = {"url": "https://a.example/" + "x" * 200_000, "headers": [("A", "1")], "method": "PUT", "unknown": 1,
            "response": {"status": 204, "body": "", "extra": True}, "error": {}}
    record = RequestRecord.from_json(data)
    made = RequestRecord(url=data["url"], headers=[["A", "1"]], method="PUT",
                         response=ResponseRecord(status=204, body=""))
    assert record == made and list(vars(record)) == list(vars(made))
    assert list(vars(record.response)) == list(vars(made.response))
    assert record.to_json() == made.to_json() and list(record.to_json()) == list(made.to_json())
    assert record.url == made.url != data["url"]  # cut as __post_init__ cuts it
    assert RequestRecord.from_json({**data, "response": {}}).response is None
    other = RequestRecord.from_json({"url": "", "headers": [], "response": {"status": 200}})
    assert record.response.headers == other.response.headers == [] and record.response.headers is not other.response.headers
    long = RequestRecord.from_json({"url": "", "headers": [], "response": {"headers": [["X", "v" * 200_000]]}})
    assert long.response.headers == ResponseRecord(headers=[["X", "v" * 200_000]]).headers != [["X", "v" * 200_000]]


def _as_a_record(number: int, fetch_number: int, outgoing: Outgoing, exchange: Exchange) -> RequestRecord:
    """The record of an exchange built as a RequestRecord, field by field: what the sandbox's JSON must equal."""
    response = None
    if exchange.error is None:
        response = ResponseRecord(*body_fields(exchange.body, size=exchange.body_size), status=exchange.status,
                                  status_text=exchange.status_text or _status_text(exchange.status),
                                  headers=[list(pair) for pair in exchange.headers])
    error = exchange.error or exchange.body_error
    return RequestRecord(
        *body_fields(outgoing.body, size=outgoing.body_size), id=number, fetch=fetch_number, hop=outgoing.hop,
        seq=outgoing.seq, method=outgoing.method, url=outgoing.url, headers=[list(pair) for pair in outgoing.headers],
        response=response, error=None if error is None else FetchFailure(**error), note=exchange.note,
        source=exchange.source, mock_rule=exchange.rule, started_at=_utc(exchange.started_wall),
        offset_ms=round(exchange.offset_ms, 3), wait_ms=None if exchange.wait_ms is None else round(exchange.wait_ms, 3),
        duration_ms=round(exchange.duration_ms, 3))


def test_the_sandboxs_record_json_is_a_request_records_to_json() -> None:
    long = "x" * (MAX_RECORDED_TEXT + 10)
    outgoing = Outgoing("POST", "http://127.0.0.1:9/a", "http", "127.0.0.1", 9, "/a",
                        [("Content-Type", "application/json"), ("X-A", "1")], b'{"a":1}', hop=2, seq=5)
    cases = [
        (outgoing, Exchange(201, "", [("Content-Type", "a/b"), ("set-cookie", "s=1")], "é".encode(), started_wall=1e9 + 0.25,
                            offset_ms=1.23456, wait_ms=0.5, duration_ms=2.0004, note="a note", source="mock", rule=3)),
        (Outgoing("GET", "http://h/" + long, "http", "h", 80, "/" + long, [("X-Long", long), (long, "v")]),
         Exchange(200, "OK", [("X-Long", long)], b"\xff\x00" * 10, body_size=5_000_000)),
        (outgoing, Exchange(error={"message": "refused " + long, "type": "system", "code": "ECONNREFUSED"})),
        (outgoing, Exchange(error={"message": "network timeout at: x", "type": "request-timeout"}, note="late")),
        (outgoing, Exchange(200, "OK", [], b"", body_error={"message": "too big", "type": "max-size"})),
    ]
    for out, exchange in cases:
        made, expected_json = exchanges.record(4, 2, out, exchange), _as_a_record(4, 2, out, exchange).to_json()
        assert json.dumps(made) == json.dumps(expected_json)
