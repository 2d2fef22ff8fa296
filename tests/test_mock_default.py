"""`segtui.mock.yaml` beside the handler answers requests in every command when no --mock is given."""

from __future__ import annotations

import json
import os

import pytest
from support.cli import segtui

HANDLER = """
async function onTrack(event, settings) {
  const response = await fetch('https://api.example.com/v1/events', {method: 'POST', body: '{}'});
  return { status: response.status, body: await response.json() };
}
"""

DEFAULT_RULES = """\
- method: POST
  url: https://api.example.com/v1/events
  status: 202
  json: {from: default}
"""


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.mock.yaml").write_text(DEFAULT_RULES, encoding="utf-8")
    return tmp_path


def test_run_answers_from_the_default_mock_file(folder):
    done = segtui("run", "handler.js", "--event", "track", "--offline", "--json", cwd=folder)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["return"] == {"status": 202, "body": {"from": "default"}}
    assert [(request["source"], request["mock_rule"]) for request in result["requests"]] == [("mock", 1)]


def test_replay_answers_from_it_too(folder):
    (folder / "events.ndjson").write_text('{"type": "track", "event": "A"}\n{"type": "track", "event": "B"}\n')
    done = segtui("replay", "handler.js", "events.ndjson", "--offline", "--json", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert [json.loads(line)["return"]["status"] for line in done.stdout.splitlines()] == [202, 202]


def test_a_given_mock_file_is_used_instead(folder):
    (folder / "other.yaml").write_text(DEFAULT_RULES.replace("default", "other"), encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", "--offline", "--mock", "other.yaml", "--json", cwd=folder)
    assert json.loads(done.stdout)["return"]["body"] == {"from": "other"}


def test_an_invalid_default_mock_file_is_bad_input(folder):
    (folder / "segtui.mock.yaml").write_text('- url: "prefix:https://api.example.com/"\n', encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", "--offline", cwd=folder)
    assert done.returncode == 2
    assert "segtui.mock.yaml: rule 1: url:" in done.stderr and "write the key instead: prefix:" in done.stderr


@pytest.mark.parametrize("unreadable", ["a loop of links", "no permission"])
def test_a_default_mock_file_segtui_cannot_read_is_bad_input_not_live_requests(folder, unreadable):
    # A review: one that could not be read was taken for none, and the requests went live without a word.
    mock = folder / "segtui.mock.yaml"
    if unreadable == "no permission":
        if os.geteuid() == 0:
            pytest.skip("root reads a file whatever its permissions")
        mock.chmod(0)
    else:
        mock.unlink()
        mock.symlink_to(mock.name)
    done = segtui("run", "handler.js", "--event", "track", "--offline", cwd=folder)
    assert done.returncode == 2, done.stdout
    assert "segtui.mock.yaml:" in done.stderr and "Traceback" not in done.stderr, done.stderr


def test_no_output_may_overwrite_the_default_mock_file(folder):
    done = segtui("run", "handler.js", "--event", "track", "--offline", "--har", "segtui.mock.yaml", cwd=folder)
    assert done.returncode == 2
    assert "would overwrite" in done.stderr and "segtui.mock.yaml" in done.stderr
    assert (folder / "segtui.mock.yaml").read_text(encoding="utf-8") == DEFAULT_RULES
