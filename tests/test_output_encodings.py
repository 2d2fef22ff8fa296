"""What the headless commands print with `--json` is JSON whatever the output's encoding: on an ASCII or latin-1
stdout (`PYTHONIOENCODING`, a C locale) non-ASCII text goes as JSON escapes, not latin-1 bytes or Python escapes."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from rich.cells import cell_len

HANDLER = "async function onTrack(event) { console.log('logged', event.name); return { name: event.name }; }"
NAME = "Zoë İstanbul 東京 😀 \ud800"
"""Latin-1, beyond it, beyond the Basic Multilingual Plane, and a lone surrogate a handler can make."""


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "fünction"
    folder.mkdir()
    (folder / "händler.js").write_text(HANDLER, encoding="utf-8")
    (folder / "ëvent.json").write_text(json.dumps({"type": "track", "event": "E", "name": NAME}), encoding="utf-8")
    return folder


def _printed(folder, encoding: str, *args: str) -> bytes:
    done = subprocess.run([sys.executable, "-m", "segtui", *args, "--json"], capture_output=True, cwd=folder, timeout=120,
                          check=False, env={**os.environ, "PYTHONIOENCODING": encoding, "LC_ALL": "C"})
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.parametrize("encoding", ["ascii", "latin-1", "utf-8"])
def test_run_json_is_json_in_any_output_encoding(folder, encoding):
    printed = json.loads(_printed(folder, encoding, "run", "händler.js", "--event", "ëvent.json"))
    assert printed["handler"] == "händler.js"
    assert printed["return"] == {"name": NAME}
    assert printed["logs"][0]["message"] == f"logged {NAME}"


def test_replay_and_test_json_are_json_on_an_ascii_output(folder):
    [replayed] = map(json.loads, _printed(folder, "ascii", "replay", "händler.js", "ëvent.json").splitlines())
    assert replayed["return"] == {"name": NAME}
    report = json.loads(_printed(folder, "latin-1", "test", "händler.js", "ëvent.json"))
    assert report["results"][0]["file"] == "ëvent.json"


@pytest.mark.parametrize("encoding", ["ascii", "utf-8"])
def test_the_suite_tables_columns_line_up_whatever_the_event_names_and_the_output_encoding(tmp_path, encoding):
    # A probe: names were padded by their length in characters, so a wide one (東京, two cells each), a file name's byte
    # that is not UTF-8 (shown as `\udcff`) or any non-ASCII one on an ASCII stdout (`\xfc`) pushed its row's columns out.
    events = tmp_path / "events"
    events.mkdir()
    for name in ("plain", "東京", "ü", "a\x1bb"):
        (events / f"{name}.json").write_text(json.dumps({"type": "track", "event": "E"}), encoding="utf-8")
    (events / "x\udcff.json").write_text(json.dumps({"type": "track", "event": "E"}), encoding="utf-8", errors="surrogateescape")
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "segtui", "test", "handler.js", "events"], capture_output=True,
                          cwd=tmp_path, timeout=120, check=False, env={**os.environ, "PYTHONIOENCODING": encoding})
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.decode(encoding).splitlines() if line.startswith(("PASS", "      EVENT"))]
    assert len(rows) == 6
    columns = {cell_len(row[:row.index(" onTrack " if row.startswith("PASS") else " HANDLER ")]) for row in rows}
    assert len(columns) == 1, rows


@pytest.mark.parametrize("locale_env", [{"LC_ALL": "C", "PYTHONUTF8": "0"}, {"LC_ALL": "C", "PYTHONIOENCODING": "latin-1"}],
                         ids=["ascii-locale", "latin-1-streams"])
def test_a_sandbox_started_anew_under_a_locale_that_is_not_utf8_reads_and_answers_in_utf8(folder, locale_env):
    # The debugger (and any caller but segtui's own command, which forks its sandboxes) starts `python -m
    # segtui.sandbox`, which took its streams' encoding from the locale: under LC_ALL=C without UTF-8 mode the first
    # non-ASCII event crashed it as "a bug in segtui"; latin-1 streams read the event garbled.
    # The source goes to the sandbox unescaped (a file name that is not UTF-8 under this locale had it escaped).
    (folder / "handler.js").write_text("async function onTrack(event) { return { name: event.name, said: 'Grüße 東京' }; }",
                                       encoding="utf-8")
    script = "import sys; from segtui.cli import main; sys.exit(main(sys.argv[1:]))"
    done = subprocess.run([sys.executable, "-c", script, "run", "handler.js", "--event", "ëvent.json", "--json"],
                          capture_output=True, cwd=folder, timeout=120, check=False, env={**os.environ, **locale_env})
    assert done.returncode == 0, done.stderr
    printed = json.loads(done.stdout)
    assert (printed["outcome"], printed["return"]) == ("success", {"name": NAME, "said": "Grüße 東京"})
