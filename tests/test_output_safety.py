"""What segtui writes and prints stays safe: file permissions, inputs never overwritten, no stale temporaries,
no file content quoted from what is not a real file, no terminal control characters, bounded host allocations,
YAML alias bombs refused, and recordings that keep every exchange."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from support.cli import segtui as run_segtui
from support.sandbox_helpers import HandlerRunner, make_engine

POSTER = "async function onTrack(event, settings) { await fetch(settings.base + '/t?n=' + event.n); return event.n; }"


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "handler.js").write_text(POSTER)
    return tmp_path


def test_a_har_with_revealed_secrets_is_owner_only(folder, loopback):
    done = segtui(folder, "run", "handler.js", "--event", "track", "--setting", f"base={loopback.base}",
                  "--setting", "apiKey=k-123456", "--har", "run.har", "--reveal-secrets")
    assert done.returncode == 0, done.stderr
    assert stat.S_IMODE((folder / "run.har").stat().st_mode) == 0o600


def test_a_replays_output_with_revealed_secrets_is_owner_only(tmp_path):
    # A probe: --out with --reveal-secrets left the insert function's events, secrets and all, readable by every user.
    (tmp_path / "handler.js").write_text("async function onTrack(event, settings) { event.k = settings.apiKey; return event; }")
    (tmp_path / "events.ndjson").write_text('{"type": "track", "event": "E"}\n')
    done = segtui(tmp_path, "replay", "handler.js", "events.ndjson", "--kind", "insert", "--setting",
                  "apiKey=Zq8sK2vP9wLm4XrT7yBn", "--out", "out.ndjson", "--reveal-secrets")
    assert done.returncode == 0, done.stderr
    assert "Zq8sK2vP9wLm4XrT7yBn" in (tmp_path / "out.ndjson").read_text()
    assert stat.S_IMODE((tmp_path / "out.ndjson").stat().st_mode) == 0o600


@pytest.mark.parametrize(("option", "target"), [("--har", "handler.js"), ("--har", "event.json"),
                                                ("--record", "handler.js")])
def test_run_refuses_an_output_that_is_one_of_its_inputs(folder, option, target):
    (folder / "event.json").write_text('{"type": "track"}')
    before = (folder / target).read_text()
    done = segtui(folder, "run", "handler.js", "--event", "event.json", option, target)
    assert done.returncode == 2, done.stderr
    assert "an input of this run" in done.stderr
    assert (folder / target).read_text() == before


def test_test_refuses_a_junit_report_over_an_input_and_writes_it_whole(folder):
    done = segtui(folder, "test", "handler.js", "track", "--junit", "handler.js", "--offline")
    assert done.returncode == 2 and "an input of this run" in done.stderr
    assert (folder / "handler.js").read_text() == POSTER
    report = folder / "report.xml"
    report.write_text("old")
    inode = report.stat().st_ino
    segtui(folder, "test", "handler.js", "track", "--junit", "report.xml", "--offline")
    assert report.read_text().startswith("<?xml") and report.stat().st_ino != inode  # replaced, not rewritten in place


def test_a_killed_writers_temporary_file_is_removed_on_the_next_write(folder, loopback):
    stale = folder / ".c.json.99999999.deadbeef.tmp"  # no process has that id
    stale.write_bytes(b"x" * 100_000)
    # Another file's temporary, its writer alive (this test): `.c.json.*.tmp` finds it too, and it was removed.
    others = folder / f".c.json.d.json.{os.getpid()}.abcd1234.tmp"
    others.write_bytes(b"y")
    done = segtui(folder, "run", "handler.js", "--event", "track", "--setting", f"base={loopback.base}",
                  "--record", "c.json")
    assert done.returncode == 0, done.stderr
    assert not stale.exists() and (folder / "c.json").exists()
    assert others.read_bytes() == b"y"


@pytest.mark.parametrize("name", ["h" * 240, "東京" * 38], ids=["ascii", "japanese"])
def test_a_golden_and_a_cassette_of_a_name_near_the_longest_a_file_system_allows_are_written(folder, loopback, name):
    # A probe: a legal name of 234-255 bytes could not be written ("File name too long"): the temporary file written
    # first and renamed over it was named after it, plus 22 bytes. Its temporary name now keeps at most 230 bytes of
    # the target's (255, less 25 for the largest pid and the random part), and a killed writer's is still removed.
    (folder / f"{name}.json").write_text('{"type": "track"}', encoding="utf-8")
    golden = folder / "handler.goldens" / f"{name}.golden.json"
    done = segtui(folder, "test", "handler.js", f"{name}.json", "--update", "--offline")
    assert done.returncode == 0 and golden.is_file(), done.stderr
    cassette = f"{name}.cassette.json"
    stale = folder / f".{cassette.encode()[:230].decode(errors='ignore')}.99999999.deadbeef.tmp"  # no such process
    stale.write_bytes(b"x")
    done = segtui(folder, "run", "handler.js", "--event", "track", "--setting", f"base={loopback.base}",
                  "--record", cassette)
    assert done.returncode == 0 and (folder / cassette).is_file(), done.stderr
    assert not any(path.name.startswith(".") for path in folder.iterdir())


def test_an_event_file_that_links_to_a_private_file_is_never_quoted(folder, monkeypatch):
    secret_env = "SEGTUI_TEST_SECRET_VALUE=do-not-print-me"
    private = folder / "private.txt"
    private.write_text(f"{{ {secret_env} }}")
    (folder / "event.json").symlink_to(private)
    (folder / "environ.json").symlink_to("/proc/self/environ")
    for name in ("event.json", "environ.json"):
        done = segtui(folder, "run", "handler.js", "--event", name, "--json")
        assert done.returncode == 2
        assert "invalid JSON" in done.stderr
        assert "do-not-print-me" not in done.stderr and "PATH=" not in done.stderr


def test_a_settings_file_is_never_quoted_in_the_clear(folder):
    (folder / "s.json").write_text('{"apiKey": hunter2-not-json}')
    done = segtui(folder, "run", "handler.js", "--event", "track", "--settings", "s.json")
    assert done.returncode == 2 and "s.json:1:12: invalid JSON" in done.stderr
    assert "hunter2" not in done.stderr


ESCAPES = "async function onTrack(event) { console.log('\\x1b]0;pwned\\x07\\x1b[2K\\r\\x1b]52;c;ZXZpbA==\\x07\\x9b31m');" \
          " return event.name; }"


@pytest.mark.parametrize("command", [["run", "handler.js", "--event", "event.json"],
                                     ["test", "handler.js", "event.json"],
                                     ["replay", "handler.js", "event.json"]], ids=["run", "test", "replay"])
def test_terminal_control_characters_are_shown_escaped(folder, command):
    (folder / "handler.js").write_text(ESCAPES)
    (folder / "event.json").write_text(json.dumps({"type": "track", "name": "\x1b]0;title\x07", "event": "\x1b[31m"}))
    if command[0] == "test":
        (folder / "handler.js").write_text(ESCAPES.replace("return", "throw new Error('\\x1b]0;x\\x07');"))
    done = segtui(folder, *command, "--offline")
    for text in (done.stdout, done.stderr):
        assert not any(control in text for control in "\x07\x1b\x9b\r"), text
    if command[0] == "run":
        assert "\\x1b]0;pwned\\x07" in done.stdout


@pytest.mark.parametrize("call", ["crypto.randomBytes(2 ** 31 - 1)",
                                  "crypto.createHash('shake256', {outputLength: 3e9}).update('x').digest()",
                                  "crypto.pbkdf2Sync('p', 's', 1, 2 ** 31 - 1, 'sha256')"])
@pytest.mark.parametrize("after_await", [False, True], ids=["sync", "after-await"])
def test_host_allocations_obey_the_memory_limit(tmp_path, call, after_await):
    engine = make_engine(memory_mb=64, timeout_s=30)
    try:
        runner = HandlerRunner(engine, tmp_path)
        wait = "await null;" if after_await else ""
        result = runner.run(f"async function onTrack() {{ {wait} try {{ {call}; }} catch (e) {{ return 'caught'; }} }}\n"
                            "async function onIdentify() { return 'alive'; }")
        assert (result.outcome, result.error.name) == ("bad_request", "MemoryError")
        assert result.error.message.startswith("the sandbox's memory exceeded the memory limit of 64 MB (buffers count")
        assert engine.invoke({"type": "identify"}, {}).return_value == "alive"
    finally:
        engine.close()


@pytest.mark.parametrize("yaml", [
    "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n" for previous, name in zip("abcdefgh", "bcdefghi")),
    "a: &a [1, *a]\n",
], ids=["billion-laughs", "self-reference"])
def test_a_mock_file_whose_aliases_explode_is_refused(folder, yaml):
    (folder / "mock.yaml").write_text(yaml)
    done = segtui(folder, "run", "handler.js", "--event", "track", "--mock", "mock.yaml")
    assert done.returncode == 2
    assert "its aliases expand to more than 100,000 values" in done.stderr


def test_recording_from_several_sandboxes_keeps_every_exchange_in_event_order(folder, loopback):
    events = folder / "events.ndjson"
    events.write_text("".join(json.dumps({"type": "track", "n": n}) + "\n" for n in range(60)))
    done = segtui(folder, "replay", "handler.js", "events.ndjson", "--concurrency", "4", "--record", "c.json",
                  "--setting", f"base={loopback.base}")
    assert done.returncode == 0, done.stdout + done.stderr
    assert len(loopback.take()) == 60
    urls = [item["request"]["url"] for item in json.loads((folder / "c.json").read_text())["interactions"]]
    assert [url.rsplit("=", 1)[1] for url in urls] == [str(n) for n in range(60)]


def test_a_recorded_run_started_from_a_script_always_leaves_its_cassette(folder, loopback):
    for attempt in range(4):
        har, cassette = folder / f"{attempt}.har", folder / f"{attempt}.json"
        done = subprocess.run([sys.executable, "-m", "segtui", "run", "handler.js", "--event", "track", "--json",
                               "--har", har.name, "--record", cassette.name, "--setting", f"base={loopback.base}"],
                              capture_output=True, text=True, cwd=folder, timeout=120, check=False, stdin=subprocess.DEVNULL)
        assert done.returncode == 0, done.stderr
        assert har.exists() and cassette.exists()
        assert len(json.loads(cassette.read_text())["interactions"]) == 1


def test_a_recorded_url_is_where_the_request_went(tmp_path, loopback):
    engine = make_engine()
    try:
        result = HandlerRunner(engine, tmp_path).run(
            "async function onTrack(e, s) { await fetch(s.base.replace('//', '//user:pw@') + '/a#fragment'); }",
            settings={"base": loopback.base})
    finally:
        engine.close()
    (record,) = result.requests
    assert record.url == f"{loopback.base}/a"
    assert ["Authorization", "Basic dXNlcjpwdw=="] in record.headers
    assert loopback.take()[0].target == "/a"


def segtui(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run segtui in `folder`."""
    return run_segtui(*args, cwd=folder)


QUOTED_SECRET = "SuperSecretValue123XYZ"


@pytest.mark.parametrize(("files", "command"), [
    ({"syn.js": f"async function onTrack() {{ return 1 }}\nconst x = 1 {QUOTED_SECRET};\n"}, ["run", "syn.js", "--event", "track"]),
    ({"syn.js": f"async function onTrack() {{ return 1 }}\nconst x = '{QUOTED_SECRET}' +;\n"}, ["test", "syn.js", "track"]),
    ({"bad.json": f'{{"type": "track", "properties": {{"k": "{QUOTED_SECRET}",}}}}'}, ["run", "ok.js", "--event", "bad.json"]),
    ({"bad.ndjson": f'{{"type": "track"}}\n{{"type": "track", "k": "{QUOTED_SECRET}" x}}\n'}, ["replay", "ok.js", "bad.ndjson"]),
    ({"m.json": f'[{{"url": "https://x/", "json": {{"token": "{QUOTED_SECRET}"}}'}, ["run", "ok.js", "--event", "track",
                                                                                  "--mock", "m.json"]),
    ({"m.yaml": f"- url: https://x/\n  headers: {{X: \"{QUOTED_SECRET}\\r\\n\"}}\n"}, ["test", "ok.js", "track", "--mock", "m.yaml"]),
    ({"m.yaml": f"- url: https://x/\n  {QUOTED_SECRET}: 1\n"}, ["replay", "ok.js", "e.ndjson", "--mock", "m.yaml"]),
    ({"c.json": f'{{"interactions": [{{"token": "{QUOTED_SECRET}"'}, ["run", "ok.js", "--event", "track", "--replay", "c.json"]),
], ids=["syntax error", "syntax error in test", "invalid event JSON", "invalid NDJSON line", "invalid mock JSON",
        "a mock header's bad value", "a mock rule's unknown key", "invalid cassette JSON"])
def test_a_quoted_line_of_bad_input_is_masked_unless_secrets_are_revealed(tmp_path, files, command):
    # A leak probe: a syntax error's message and quoted line, and invalid JSON's quoted line, showed a secret the file
    # held (a hard-coded key, a token in an event or request file); so did a bad mock file's or cassette's error.
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [{"label": "API Secret", "sensitive": True}]}))
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiSecret": QUOTED_SECRET}))
    (tmp_path / "ok.js").write_text("async function onTrack() { return 1 }\n")
    (tmp_path / "e.ndjson").write_text('{"type": "track"}\n')
    for name, text in files.items():
        (tmp_path / name).write_text(text)
    done = run_segtui(*command, cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert QUOTED_SECRET not in done.stderr and "••••••" in done.stderr, done.stderr
    revealed = run_segtui(*command, "--reveal-secrets", cwd=tmp_path)
    assert revealed.returncode == 2 and QUOTED_SECRET in revealed.stderr


def test_a_caret_stays_only_where_it_still_points_at_what_it_did():
    from segtui.masking import Masker
    from segtui.setup import masked_message

    masker = Masker([QUOTED_SECRET])
    at_secret = f"x.js:2:13: SyntaxError\n    const x = 1 {QUOTED_SECRET};\n                ^"
    assert masked_message(at_secret, masker) == "x.js:2:13: SyntaxError\n    const x = 1 ••••••;\n                ^"
    after_secret = f'e.json:1:30: invalid JSON\n    {{"k": "{QUOTED_SECRET}",}}\n                                ^'
    assert masked_message(after_secret, masker) == 'e.json:1:30: invalid JSON\n    {"k": "••••••",}'
    untouched = "e.json:1:3: invalid JSON\n    {x}\n      ^"
    assert masked_message(untouched, masker) == untouched


def test_a_secret_holding_a_newline_quoted_in_a_refusal_is_masked_whole(tmp_path):
    # Masked a line at a time, a PEM-style secret's first line was shown: `unknown event type "xZq` then the mask.
    secret = "Zq\nsecretpart-AAAABBBBCCCC-9f8e7d"
    (tmp_path / "handler.js").write_text("async function onTrack(event) { return 1 }\n")
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [{"label": "Token", "name": "token", "type": "string",
                                                                    "sensitive": True}]}))
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"token": secret}))
    (tmp_path / "e.ndjson").write_text(json.dumps({"type": f"x{secret}"}) + "\n")
    done = run_segtui("run", "handler.js", "--event", "e.ndjson", cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith('segtui: error: e.ndjson:1: unknown event type "x••••••"; valid types: '), done.stderr
    assert "Zq" not in done.stderr and "secretpart" not in done.stderr
