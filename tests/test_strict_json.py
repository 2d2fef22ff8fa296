"""strict_loads reads as json.loads does with its options, through readers it makes once."""

from __future__ import annotations

import json

import pytest

from segtui.json_input import DuplicateKey, NotJavaScriptJson, strict_loads


def test_strict_loads_reads_as_json_loads_with_its_options_every_time():
    text = '{"a": [1, 2.5, 1e999, -1e999, "é"], "b": {"c": null, "a": true}}'
    for _ in range(2):  # a reader made once keeps nothing from one text to the next
        assert strict_loads(text) == {"a": [1, 2.5, 10**400, -(10**400), "é"], "b": {"c": None, "a": True}}
    assert strict_loads(text.encode()) == strict_loads(text)  # bytes, as json.loads reads them
    assert strict_loads('{"k": 1, "k": 2}') == {"k": 2}
    with pytest.raises(DuplicateKey):
        strict_loads('{"k": 1, "k": 2}', unique_keys=True)
    assert strict_loads('{"k": 1}', unique_keys=True) == {"k": 1}
    with pytest.raises(NotJavaScriptJson):
        strict_loads("[NaN]")
    with pytest.raises(json.JSONDecodeError, match="BOM"):
        strict_loads('\ufeff{"a": 1}')
    with pytest.raises(json.JSONDecodeError) as error:
        strict_loads('{"a": 1,}')
    assert str(error.value) == str(pytest.raises(json.JSONDecodeError, json.loads, '{"a": 1,}').value)
