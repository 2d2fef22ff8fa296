"""A handler's file name is only a name: one not valid UTF-8 (a Latin-1 name from an old archive) or holding a line
break runs the handler as any other, its stacks showing the name with those bytes escaped."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from support.cli import segtui

HANDLER = "async function onTrack(event) {\n  throw new Error('boom');\n}\n"


@pytest.mark.parametrize(("name", "shown"), [(os.fsdecode(b"caf\xe9.js"), "caf\\xe9.js"), ("a\nb.js", "a\\nb.js"),
                                             ("my functions/h\tx.js", "my%20functions/h%09x.js")],
                         ids=["latin-1", "line-break", "white-space"])
def test_a_handler_with_an_odd_file_name_runs_and_its_stack_names_it(tmp_path: Path, name: str, shown: str) -> None:
    (tmp_path / name).parent.mkdir(exist_ok=True)
    (tmp_path / name).write_text(HANDLER, encoding="utf-8")
    done = segtui("run", name, "--event", "track", "--json", cwd=tmp_path)
    assert done.returncode == 1, done.stderr  # the handler's Error: a Bad Request, not a crash nor a ReferenceError
    printed = json.loads(done.stdout)
    assert (printed["outcome"], printed["error"]["message"]) == ("bad_request", "boom")
    assert f"at onTrack ({shown}:2:9)" in printed["error"]["stack"]
    assert (printed["error"]["line"], printed["error"]["column"]) == (2, 9)  # V8 ignored a sourceURL with white space
