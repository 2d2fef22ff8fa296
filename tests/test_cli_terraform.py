"""The headless commands take a Git-sync `.tf` file wherever they take a handler: real processes, real files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from support.cli import segtui

FIXTURE = Path(__file__).parent / "fixtures" / "git_sync"
QUOTED = "functions/dfn_6a1f0e2d3c4b5a6978877665.tf"
INSERT = "functions/ifnd_6a1f0e2d3c4b5a6978877666.tf"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURE, tmp_path / "repo")
    return tmp_path / "repo"


def test_run_runs_the_code_of_a_tf_file_with_its_settings_schema(repo: Path) -> None:
    done = segtui("run", QUOTED, "--event", "track", "--setting", "region=eu", "--json", cwd=repo)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["return"] == {"label": "Order Completed for eu", "tab": "\t", "unicode": "café \u2028"}
    assert done.stderr == ""
    refused = segtui("run", QUOTED, "--event", "track", cwd=repo)
    assert refused.returncode == 2 and "Missing required setting: region (Region)" in refused.stderr
    typo = segtui("run", QUOTED, "--event", "track", "--setting", "regoin=eu", cwd=repo)
    assert typo.returncode == 2 and 'unknown setting "regoin" given with --setting (did you mean "region"?)' in typo.stderr


def test_the_git_sync_example_runs_offline_with_its_settings_and_mock_files_beside_it() -> None:
    example = Path(__file__).parents[1] / "examples" / "git-sync" / "functions"
    done = segtui("run", str(example / "dfn_66d1a0c3b2e4f5a6b7c8d9e0.tf"), "--event", "track", "--offline", "--json")
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["return"] == {"status": 202}
    assert [request["url"] for request in result["requests"]] == ["https://hooks.example.com/track/Order%20Completed"]


def test_values_come_from_the_functions_own_settings_file_beside_it(repo: Path) -> None:
    (repo / "functions" / "dfn_6a1f0e2d3c4b5a6978877665.settings.json").write_text('{"region": "us", "apiKey": "k1"}')
    (repo / "functions" / "segtui.settings.json").write_text('{"tag": "for another function"}')
    done = segtui("run", QUOTED, "--event", "track", "--json", cwd=repo)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["return"]["label"] == "Order Completed for us"


def test_an_error_points_at_the_line_of_the_code(repo: Path) -> None:
    path = repo / "functions" / "dfn_6a1f0e2d3c4b5a6978877665.tf"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("\\n\\treturn { label,", "\\n\\tnull.boom;\\n\\treturn { label,"), encoding="utf-8")
    done = segtui("run", QUOTED, "--event", "track", "--setting", "region=eu", "--json", cwd=repo)
    error = json.loads(done.stdout)["error"]
    assert done.returncode == 1 and error["line"] == 4
    assert "dfn_6a1f0e2d3c4b5a6978877665.tf:4:" in error["stack"]


def test_test_and_replay_take_a_tf_file_and_run_an_insert_function_as_one(repo: Path) -> None:
    first = segtui("test", INSERT, "track", "identify", "--update", "--color", "never", cwd=repo)
    assert first.returncode == 0, first.stdout + first.stderr
    assert (repo / "functions" / "ifnd_6a1f0e2d3c4b5a6978877666.goldens" / "spec" / "track.golden.json").exists()
    again = segtui("test", INSERT, "track", "identify", "--color", "never", cwd=repo)
    assert again.returncode == 0 and "2 events: 2 passed" in again.stdout
    (repo / "events.ndjson").write_text('{"type": "track", "event": "A"}\n{"type": "track", "event": "B"}\n')
    replayed = segtui("replay", INSERT, "events.ndjson", "--json", cwd=repo)
    assert replayed.returncode == 0, replayed.stderr
    assert [json.loads(line)["return"]["properties"]["seen"] for line in replayed.stdout.splitlines()] == ["A \n", "B \n"]
    assert {json.loads(line)["kind"] for line in replayed.stdout.splitlines()} == {"insert"}


def test_a_folder_lists_the_functions_to_choose_from(repo: Path) -> None:
    done = segtui("run", "functions", "--event", "track", cwd=repo)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.splitlines() == [
        "segtui: error: functions is a folder of 3 functions; give one of them:",
        "  functions/dfn_6a1f0e2d3c4b5a6978877665.tf   destination  Escapes Everywhere (dfn_6a1f0e2d3c4b5a6978877665)",
        "  functions/ifnd_6a1f0e2d3c4b5a6978877666.tf  insert       Marker (ifnd_6a1f0e2d3c4b5a6978877666)",
        "  functions/sfnc_Tq8LmW3xYz.tf                source       sfnc_Tq8LmW3xYz (sfnc_Tq8LmW3xYz)",
    ]


def test_a_missing_tf_file_is_not_created_from_the_javascript_template(repo: Path) -> None:
    done = segtui("functions/missing.tf", cwd=repo)
    assert done.returncode == 2 and "functions/missing.tf: no such file" in done.stderr
    assert not (repo / "functions" / "missing.tf").exists()


@pytest.mark.parametrize("command", [["run", "--event", "track"], ["test", "track"], []])
def test_a_tf_file_segtui_cannot_open_is_a_clear_error_in_every_command(repo: Path, command: list[str]) -> None:
    (repo / "two.tf").write_text('resource "segment_function" "a" {\n  code = "x"\n  resource_type = "SOURCE"\n}\n'
                                 'resource "segment_function" "b" {\n  code = "y"\n  resource_type = "SOURCE"\n}\n')
    done = segtui(*command[:1], "two.tf", *command[1:], cwd=repo)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("segtui: error: two.tf: segtui opens a .tf file holding one resource")
    assert "this file holds 2 (a, b)" in done.stderr
