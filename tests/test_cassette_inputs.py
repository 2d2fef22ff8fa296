"""Hand-edited cassettes whose responses no HTTP exchange could carry are refused, naming the interaction."""

from __future__ import annotations

import json

import pytest
from support.sandbox_helpers import HandlerRunner, make_engine

from segtui.engine.network_check import check_network
from segtui.errors import SegtuiInputError
from segtui.protocol import NetworkOptions

RESPONSE = {"status": 200, "status_text": "OK", "headers": [["X-A", "b"]], "body": "x", "body_encoding": "utf-8"}


def cassette(tmp_path, **change):
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"segtui_cassette": 1, "interactions": [
        {"request": {"method": "GET", "url": "https://a.test/", "headers": []}, "response": {**RESPONSE, **change}}]}))
    return path


# Probes: each reached the handler's run, as Python's UnicodeEncodeError or fetch's TypeError, or was dropped unsaid.
@pytest.mark.parametrize(("change", "problem"), [
    ({"body": "\ud800"}, "the response's body holds a lone UTF-16 surrogate"),
    ({"headers": [["X-A", "a\nb"]]}, ("the response's header X-A must be one line of Latin-1 text, as HTTP carries, "
                                       "not 'a\\nb'")),
    ({"headers": [["X-A", "中文"]]}, "the response's header X-A must be one line of Latin-1 text"),
    ({"headers": [["bad name", "v"]]}, "the response's header name 'bad name' is not one HTTP allows"),
])
def test_a_response_no_http_exchange_carries_is_refused_naming_it(tmp_path, change, problem):
    path = cassette(tmp_path, **change)
    with pytest.raises(SegtuiInputError) as raised:
        check_network(NetworkOptions(replay=str(path)))
    assert str(raised.value).startswith(f"{path}: interaction 1: {problem}")


def test_in_the_sandbox_such_a_cassette_fails_the_request_naming_it(tmp_path):
    path = cassette(tmp_path, body="\ud800")
    engine = make_engine(network={"replay": str(path)})
    try:
        result = HandlerRunner(engine, tmp_path).run(
            "async function onTrack() { try { await fetch('https://a.test/'); } catch (e) { return e.message; } }")
    finally:
        engine.close()
    assert result.return_value.startswith(f"request to https://a.test/ failed, reason: segtui replay: {path}: "
                                          "interaction 1: the response's body holds a lone UTF-16 surrogate")


def test_a_version_of_true_is_not_a_cassette(tmp_path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps({"segtui_cassette": True, "interactions": []}))
    with pytest.raises(SegtuiInputError, match="expected a segtui cassette"):
        check_network(NetworkOptions(replay=str(path)))
