"""--setting values never show in a process list: segtui's command line, and that of every sandbox it forks, has them
masked (segtui.process_title)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from segtui.process_title import MASK, masked

SECRET = "sk_live_51QxProcessTitleSecret"
NAMED = "sk_live_51NqPaStEdAsNaMe7x"
"""A key pasted as a setting's name (a leak probe: the title masked only the value)."""


@pytest.mark.parametrize(("argv", "shown"), [
    (["segtui", "run", "h.js", "--setting", "apiKey=s3cret", "--setting=region=eu"],
     ["segtui", "run", "h.js", "--setting", f"apiKey={MASK}", f"--setting=region={MASK}"]),
    (["segtui", "h.js", "--setting", "no-equals"], ["segtui", "h.js", "--setting", MASK]),
    (["segtui", "run", "h.js", "--settings", "settings.json"], None),
    (["segtui", "run", "h.js", "--setting"], None),
    # argparse's abbreviations (refused as ambiguous, but only once parsed, after the title is set)
    (["segtui", "run", "h.js", "--sett", "apiKey=s3cret", "--settin=region=eu"],
     ["segtui", "run", "h.js", "--sett", f"apiKey={MASK}", f"--settin=region={MASK}"]),
    # a name that is a credential: a key pasted as the name, or name and value swapped
    (["segtui", "h.js", "--setting", f"{NAMED}=1", "--setting=Qw3rTy9UiOp2LkVb=apiKey"],
     ["segtui", "h.js", "--setting", f"{MASK}={MASK}", f"--setting={MASK}={MASK}"]),
    # a setting given to --settings (a file) by mistake, as it names no file
    (["segtui", "run", "h.js", "--settings", "apiKey=s3cret", f"--settings={NAMED}=1"],
     ["segtui", "run", "h.js", "--settings", f"apiKey={MASK}", f"--settings={MASK}={MASK}"]),
    # a setting given without --setting (a leak probe: it showed as it was), also as another option's value
    (["segtui", "test", "h.js", "apiKey=s3cret", "--mock", f"{NAMED}=1"],
     ["segtui", "test", "h.js", f"apiKey={MASK}", "--mock", f"{MASK}={MASK}"]),
    # a key given alone where a file goes (`--settings "$API_KEY"`, meant as --setting apiKey=…): it names no file
    (["segtui", "test", "h.js", NAMED, "--settings", NAMED, f"--event={NAMED}", "--timeout=5"],
     ["segtui", "test", "h.js", MASK, "--settings", MASK, f"--event={MASK}", "--timeout=5"]),
    # but not a path or a file's name shaped as a key (a Git sync function's), mistyped or not
    (["segtui", "run", "dfn_66d1a0c3b2e4f5a6b7c8d9e0.tf", "--event", "ev/5f2b9c41e7a4d3b2c1a0"], None),
    # the settings' JSON given to --settings, or alone, instead of a file: masked whole, an `=` in a value too
    (["segtui", "run", "h.js", "--settings", '{"password": "hunter2hunter2"}', '--settings={"pw": "x", "u": "?a=b"}'],
     ["segtui", "run", "h.js", "--settings", MASK, f"--settings={MASK}"]),
    (["segtui", "test", "h.js", '{"password": "hunter2hunter2", "u": "?a=b"}'], ["segtui", "test", "h.js", MASK]),
    # an array of JSON (a URL's slash in it), or a text with no file's shape, given to --settings: it names no file
    (["segtui", "run", "h.js", "--settings", '[{"password": "hunter2hunter2", "u": "https://a/b"}]',
      "--settings=hunter2hunter2"], ["segtui", "run", "h.js", "--settings", MASK, f"--settings={MASK}"]),
    # but a file's name or a path that is not there yet is shown, to be corrected
    (["segtui", "run", "h.js", "--settings", "prod.settings.json", "--settings=conf/settings"], None),
])
def test_setting_values_are_masked_and_nothing_else(argv, shown):
    assert masked(argv) == shown


def _tree(pid: int) -> list[int]:
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid] + [grandchild for child in children for grandchild in _tree(int(child))]


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads process command lines from /proc")
def test_neither_segtui_nor_its_forked_sandbox_shows_a_setting_in_its_command_line(tmp_path):
    (tmp_path / "handler.js").write_text(
        "async function onTrack(event, settings) { await new Promise((r) => setTimeout(r, 1500)); return 'done'; }\n",
        encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "segtui", "run", "handler.js", "--event", "track", "--json",
                                "--setting", f"apiKey={SECRET}", "--setting", f"{NAMED}=1"], cwd=tmp_path,
                               stdout=subprocess.PIPE, text=True)
    try:
        seen: dict[int, str] = {}
        for _ in range(200):  # until the sandbox is forked, or the run is over
            for pid in _tree(process.pid):
                try:
                    seen[pid] = Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace").replace("\0", " ")
                except (FileNotFoundError, ProcessLookupError):
                    pass
            if len(seen) > 1 or process.poll() is not None:
                break
            time.sleep(0.02)
        output, _ = process.communicate(timeout=60)
    finally:
        process.kill()
    assert len(seen) > 1, "no sandbox was seen"
    assert all(SECRET not in line and NAMED not in line for line in seen.values()), seen
    assert f"apiKey={MASK}" in seen[process.pid]
    assert '"return": "done"' in output


def test_an_argument_that_is_not_utf8_beside_a_setting_is_shown_not_a_traceback(tmp_path):
    # A probe: `--event caf\xe9.json --setting k=v` crashed in setproctitle with a UnicodeEncodeError traceback.
    (tmp_path / "handler.js").write_text("async function onTrack() { return 1 }\n", encoding="utf-8")
    done = subprocess.run([sys.executable.encode(), b"-m", b"segtui", b"run", b"handler.js", b"--event", b"caf\xe9.json",
                           b"--setting", f"apiKey={SECRET}".encode()], cwd=tmp_path, capture_output=True, check=False)
    assert done.returncode == 2 and b"Traceback" not in done.stderr, done.stderr
    assert b"no such file" in done.stderr and SECRET.encode() not in done.stderr


@pytest.mark.parametrize("arguments", [
    ["run", "h.js", "--event", "track", f"--settin=apiKey={SECRET}"],  # ambiguous: argparse quotes the argument
    ["run", "h.js", "--event", "track", "--sett", f"apiKey={SECRET}", f"--sett=region={SECRET}"],
    ["h.js", f"--settin=apiKey={SECRET}"],
    # A value with spaces left unquoted: argparse calls its rest unrecognized arguments.
    ["run", "h.js", "--event", "track", "--setting", "pass=correct", SECRET[:10], SECRET[10:], "staple"],
    # A name that is a credential: a key pasted as the name.
    ["run", "h.js", "--event", "track", f"--settin={NAMED}=1"],
    # A setting given to --settings (a file) by mistake.
    ["run", "h.js", "--event", "track", "--settings", f"apiKey={SECRET}"],
    ["h.js", f"--settings=apiKey={SECRET}"],
    ["test", "h.js", "--settings", f"{NAMED}=1"],
    # A setting given without --setting: quoted as an event file, an unknown argument, another option's file.
    ["test", "h.js", f"apiKey={SECRET}"],
    ["run", "h.js", "--event", "track", f"apiKey={SECRET}"],
    ["h.js", f"apiKey={SECRET}"],
    ["replay", "h.js", f"{NAMED}={SECRET}"],
    ["run", "h.js", "--event", f"apiKey={SECRET}"],
    ["run", "h.js", "--event", "track", "--mock", f"apiKey={SECRET}"],
    # A key given alone where a file goes, or as an unknown argument.
    ["run", "h.js", "--event", "track", "--settings", NAMED],
    ["h.js", f"--settings={NAMED}"],
    ["test", "h.js", NAMED],
    ["run", "h.js", "--event", "track", NAMED],
    # A value too long for a file's name (a private key, a JWT): the system's refusal of the path names it.
    ["run", "h.js", "--event", f"apiKey={SECRET * 20}"],
    ["h.js", f"apiKey={SECRET * 20}"],
    ["replay", "h.js", f"apiKey={SECRET * 20}"],
    ["run", "h.js", "--event", "track", "--mock", f"apiKey={SECRET * 20}"],
    # The settings' JSON given inline, where a file goes; a value's `=` is no setting's.
    ["run", "h.js", "--event", "track", "--settings", f'{{"apiKey": "{SECRET}", "url": "?a=b"}}'],
    ["run", "h.js", "--event", "track", f'--settings={{"apiKey": "{SECRET}"}}'],
    ["test", "h.js", f'{{"apiKey": "{SECRET}", "url": "?a=b"}}'],
    # An array or a string of JSON, or a lone text that names no file and has no file's shape (`--settings "$KEY"`).
    ["run", "h.js", "--event", "track", "--settings", f'[{{"apiKey": "{SECRET}", "url": "https://a/b"}}]'],
    ["run", "h.js", "--event", "track", f'--settings="{SECRET}/x"'],
    ["run", "h.js", "--event", "track", "--settings", f"sk_live_{SECRET[:10]}abcdefGHIJ{SECRET[10:]}"],
    ["h.js", "--settings", f"{SECRET[:10]}-{SECRET[10:]}"],
    # argparse quotes a value it refuses with repr's escapes.
    ["run", "h.js", "--event", "track", "--kind", f"apiKey={SECRET}\\x"],
    ["run", "h.js", "--event", "track", "--setting", f"apiKey={SECRET}\\x", "--timeout", f"{SECRET}\\x"],
])
def test_a_usage_error_never_quotes_a_setting_value(tmp_path, arguments):
    (tmp_path / "h.js").write_text("async function onTrack() { return 1; }\n")
    done = subprocess.run([sys.executable, "-m", "segtui", *arguments], cwd=tmp_path, capture_output=True, text=True, check=False,
                          timeout=60)
    assert done.returncode == 2, done.stderr
    assert "segtui: error:" in done.stderr
    assert SECRET[:10] not in done.stderr and SECRET[10:] not in done.stderr and NAMED[10:] not in done.stderr, done.stderr
