"""With no home folder to find (HOME unset and the user in no password database, as an arbitrary container user is),
a `~` the user wrote stays as written and segtui's config folder is not looked for there: no traceback."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest


def _homeless(*args: str, cwd) -> subprocess.CompletedProcess[str]:
    """Run Python with `args` as user 4242 (in a user namespace of its own: in no password database) without HOME."""
    environment = {name: value for name, value in os.environ.items() if name not in ("HOME", "XDG_CONFIG_HOME")}
    command = ["unshare", "--user", "--map-user=4242", "--map-group=4242", sys.executable, *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=environment, timeout=120, check=False)


@pytest.fixture
def homeless(tmp_path):
    if shutil.which("unshare") is None or _homeless("-c", "", cwd=tmp_path).returncode != 0:
        pytest.skip("user namespaces (unshare --user) are not available here")
    probe = _homeless("-c", "import os.path; print(os.path.expanduser('~'))", cwd=tmp_path)
    assert probe.stdout.strip() == "~", "the probe should find no home folder"
    return tmp_path


def test_a_tilde_path_with_no_home_is_a_missing_file_not_a_traceback(homeless):
    done = _homeless("-m", "segtui", "run", "~/handler.js", "--event", "track", cwd=homeless)
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "~/handler.js" in done.stderr


def test_the_keymap_with_no_home_is_none(homeless):
    done = _homeless("-c", "from segtui.ui.keymap import keymap_path, load_keymap; print(load_keymap(keymap_path()))",
                     cwd=homeless)
    assert (done.returncode, done.stdout.strip()) == (0, "{}"), done.stderr


def test_with_no_home_no_keymap_is_looked_for_in_the_folder_segtui_starts_in(homeless):
    # A probe: with no home `~/.config` stayed as written, relative, and a project folder holding `~/.config/segtui/
    # keymap.json` (a folder named `~`) rebound the keys of whoever started segtui there.
    planted = homeless / "~" / ".config" / "segtui" / "keymap.json"
    planted.parent.mkdir(parents=True)
    planted.write_text('{"run": "q"}', encoding="utf-8")
    done = _homeless("-c", "from segtui.ui.keymap import keymap_path, load_keymap; print(load_keymap(keymap_path()))",
                     cwd=homeless)
    assert (done.returncode, done.stdout.strip()) == (0, "{}"), done.stderr


def test_a_relative_xdg_config_home_is_ignored(tmp_path):
    # The XDG spec: a relative path in XDG_CONFIG_HOME is invalid and ignored; it was looked for in the current folder.
    planted = tmp_path / "cfg" / "segtui" / "keymap.json"
    planted.parent.mkdir(parents=True)
    planted.write_text('{"run": "q"}', encoding="utf-8")
    home = tmp_path / "home"
    (home / ".config" / "segtui").mkdir(parents=True)
    (home / ".config" / "segtui" / "keymap.json").write_text('{"run": "f5"}', encoding="utf-8")
    code = "from segtui.ui.keymap import keymap_path, load_keymap; print(load_keymap(keymap_path()))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          check=False, env={**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": "cfg"})
    assert (done.returncode, done.stdout.strip()) == (0, "{'run': 'f5'}"), done.stderr
