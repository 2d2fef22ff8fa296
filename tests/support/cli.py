"""Running segtui as a user does: a whole `python -m segtui` process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def segtui(*args: str, cwd: Path = REPO, timeout: float = 120,
           env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `segtui *args` in `cwd` (with `env` added to the environment) and return what it printed and its exit
    code (never raising on one)."""
    return subprocess.run([sys.executable, "-m", "segtui", *args], capture_output=True, text=True, cwd=cwd,
                          timeout=timeout, check=False, env={**os.environ, **(env or {})})


def write_function(folder: Path, handler: str, schema: dict, settings: dict) -> Path:
    """A function's folder as a user keeps it: handler.js beside its segtui.json and segtui.settings.json."""
    (folder / "handler.js").write_text(handler, encoding="utf-8")
    (folder / "segtui.json").write_text(json.dumps(schema), encoding="utf-8")
    (folder / "segtui.settings.json").write_text(json.dumps(settings), encoding="utf-8")
    return folder


def assert_none_leaked(outputs: dict[str, str], leaks: list[str]) -> None:
    """That no output of `run_outputs` holds any of `leaks`, naming the first found with where it was."""
    for where, output in outputs.items():
        for leak in leaks:
            assert leak not in output, (where, leak)


def run_outputs(folder: Path, *arguments: str, code: int = 0, golden: bool = False, replay: bool = False) -> dict[str, str]:
    """What `segtui run handler.js ARGUMENTS` in `folder` prints and writes (a HAR, a cassette), as text and as
    --json, by where; each run must exit with `code`. With `golden`, also the goldens `segtui test handler.js track
    --update` writes; with `replay`, also what `segtui replay --json` of one track event prints."""
    outputs = {}
    for mode in ("text", "json"):
        done = segtui("run", "handler.js", *arguments, "--har", f"{mode}.har", "--record", f"{mode}.cassette",
                      *(["--json"] if mode == "json" else []), cwd=folder)
        assert done.returncode == code, done.stdout + done.stderr
        outputs[f"run {mode}"] = done.stdout + done.stderr
        if mode == "json":  # its JSON alone: what else it says (the files it wrote) goes to standard error
            outputs["run json stdout"] = done.stdout
        outputs[f"{mode} HAR"] = (folder / f"{mode}.har").read_text(encoding="utf-8")
        outputs[f"{mode} cassette"] = (folder / f"{mode}.cassette").read_text(encoding="utf-8")
    if golden:
        test = segtui("test", "handler.js", "track", "--update", cwd=folder)
        assert test.returncode == 0, test.stdout + test.stderr
        outputs["golden"] = "".join(path.read_text(encoding="utf-8") for path in folder.rglob("*.golden.json"))
    if replay:
        (folder / "events.ndjson").write_text(json.dumps({"type": "track", "event": "E"}) + "\n", encoding="utf-8")
        done = segtui("replay", "handler.js", "events.ndjson", "--json", cwd=folder)
        assert done.returncode == 0, done.stdout + done.stderr
        outputs["replay"] = done.stdout + done.stderr
    return outputs
