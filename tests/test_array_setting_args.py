"""`--setting name=a,b` for a setting declared as an array: its comma-separated items, as a user types them."""

from __future__ import annotations

import json

import pytest
from support.cli import segtui, write_function

HANDLER = "async function onTrack(event, settings) { return { events: settings.events, name: settings.name } }\n"
SCHEMA = {"settings": [{"label": "Events", "name": "events", "type": "array"},
                       {"label": "Name", "name": "name", "type": "string"}]}


@pytest.mark.parametrize(("given", "expected"), [
    ("events=Purchase", ["Purchase"]),
    ("events=Purchase,Order Completed", ["Purchase", "Order Completed"]),
    ("events= Purchase , Order Completed ,", ["Purchase", "Order Completed"]),
    ('events=["Purchase", "a,b"]', ["Purchase", "a,b"]),  # JSON still works, commas inside items kept
    ("events=", []),
])
def test_an_array_setting_takes_comma_separated_items_or_json(tmp_path, given, expected):
    write_function(tmp_path, HANDLER, SCHEMA, {})
    done = segtui("run", "handler.js", "--event", "track", "--offline", "--json", "--setting", given,
                  "--setting", "name=a,b", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    # a string setting keeps its commas: only a declared array is split
    assert json.loads(done.stdout)["return"] == {"events": expected, "name": "a,b"}


def test_a_broken_json_array_is_still_a_clear_error_and_help_says_how(tmp_path):
    write_function(tmp_path, HANDLER, SCHEMA, {})
    done = segtui("run", "handler.js", "--event", "track", "--offline", "--setting", 'events=["Purchase"', cwd=tmp_path)
    assert done.returncode == 2
    assert 'setting "events" (Events) given with --setting must be an array of strings' in done.stderr
    assert "(with --setting also as a,b)" in done.stderr
    assert "Traceback" not in done.stderr
    helped = " ".join(segtui("run", "--help").stdout.split())
    assert "or, when not JSON, its items separated by commas ('tags=Purchase,Order Completed')" in helped


def test_null_is_an_unset_array_setting_as_for_a_map_not_the_item_null(tmp_path):
    schema = {"settings": [*SCHEMA["settings"], {"label": "Map", "name": "map", "type": "map"}]}
    handler = "async function onTrack(event, settings) { return [settings.events, settings.map] }\n"
    write_function(tmp_path, handler, schema, {"events": ["From file"], "map": {"a": "b"}})
    done = segtui("run", "handler.js", "--event", "track", "--offline", "--json", "--setting", "events=null",
                  "--setting", "map=null", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert json.loads(done.stdout)["return"] == [None, None]


@pytest.mark.parametrize(("value", "shown"), [('"a,b"', "a string"), ('{"x":"y"}', "an object"), ("true", "a boolean"),
                                               ("1.50", "a number")])
def test_valid_json_of_another_type_is_a_type_error_not_split_on_commas(tmp_path, value, shown):
    write_function(tmp_path, HANDLER, SCHEMA, {})
    done = segtui("run", "handler.js", "--event", "track", "--offline", "--setting", f"events={value}", cwd=tmp_path)
    assert done.returncode == 2, done.stdout + done.stderr
    assert 'setting "events" (Events) given with --setting must be an array of strings' in done.stderr
    assert shown in done.stderr and "Traceback" not in done.stderr
