"""A failure inside a headless command that no input explains (a bug in segtui) is said in one line with exit code 3:
never Python's traceback, whose message may quote a setting's value. The failures are raised by the standard library's
own functions, each made to fail as a full disk or a broken install would, with the secret in its message."""

from __future__ import annotations

import json
import os

import pytest
from support.cli import write_function

from segtui.cli import main

SECRET = "Sup3rS3cretVal_x9"
SCHEMA = {"settings": [{"name": "apiKey", "label": "API Key", "type": "string", "sensitive": True}]}
HANDLER = "async function onTrack(event, settings) { return 1; }"


def _fail(*_args: object, **_kwargs: object) -> None:
    raise RuntimeError(f"failed\nfor {SECRET}")


@pytest.mark.parametrize(("reveal", "shown"), [(False, "••••••"), (True, SECRET)])
def test_a_failure_once_the_settings_are_read_is_one_line_masked_unless_revealed(tmp_path, monkeypatch, capsys,
                                                                                  reveal, shown):
    write_function(tmp_path, HANDLER, SCHEMA, {"apiKey": SECRET})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(os, "replace", _fail)  # writing the HAR file, after the run
    code = main(["run", "handler.js", "--event", "track", "--har", "out.har", *(["--reveal-secrets"] if reveal else [])])
    error = capsys.readouterr().err
    assert code == 3, error
    assert error.startswith(f"segtui: internal error: RuntimeError: failed for {shown} (at user_files.py:"), error
    assert error.endswith("this is a bug in segtui, not in the function: please report it with the command that led "
                          "to it\n") and error.count("\n") == 1
    assert (SECRET in error) == reveal


def test_a_failure_before_the_settings_are_known_is_one_line_without_its_message(tmp_path, monkeypatch, capsys):
    write_function(tmp_path, HANDLER, SCHEMA, {"apiKey": SECRET})
    monkeypatch.chdir(tmp_path)
    # Reading segtui.json and the settings file, whose values it may quote (json_input reads with JSON readers it made).
    monkeypatch.setattr(json.JSONDecoder, "decode", _fail)
    code = main(["replay", "handler.js", "events.ndjson"])
    error = capsys.readouterr().err
    assert code == 3, error
    assert error.startswith("segtui: internal error: RuntimeError (at json_input.py:") and error.count("\n") == 1, error
    assert SECRET not in error and "failed" not in error


def _time_out(*_args: object, **_kwargs: object) -> None:
    raise TimeoutError(f"timed out for {SECRET}")  # an OSError, but no system's refusal: it has no errno


def test_an_os_error_that_is_no_refusal_of_the_system_is_said_as_a_bug_without_its_message(tmp_path, monkeypatch,
                                                                                            capsys):
    # It was said as "could not write its output: <its message>", the secret in it unmasked.
    write_function(tmp_path, HANDLER, SCHEMA, {"apiKey": SECRET})
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(json.JSONDecoder, "decode", _time_out)
    code = main(["replay", "handler.js", "events.ndjson"])
    monkeypatch.undo()  # pytest's report of a failed assertion reads JSON
    error = capsys.readouterr().err
    assert code == 3, error
    assert error.startswith("segtui: internal error: TimeoutError (at json_input.py:") and error.count("\n") == 1, error
    assert SECRET not in error
