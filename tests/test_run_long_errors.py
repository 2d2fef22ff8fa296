"""`segtui run`'s text shows a long error as the TUI's error pane does: cut, with a note saying how much was cut."""

import json

from support.cli import segtui

from segtui.bounded_text import MAX_HEADLINE_CHARS

SECRET = "sk_live_9fQ2xLmP7vTz4RkW8nYc"
HANDLER = """
async function onTrack(event, settings) { throw new Error('x'.repeat(1000000) + settings.apiKey); }
async function onIdentify() { throw new Error('line\\n'.repeat(300)); }
"""


def _folder(tmp_path):
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": SECRET}), encoding="utf-8")
    return tmp_path


def test_a_megabyte_error_message_is_cut_as_the_tui_cuts_it_and_says_how_much(tmp_path):
    done = segtui("run", "handler.js", "--event", "track", "--color", "never", cwd=_folder(tmp_path))
    assert done.returncode == 1 and SECRET not in done.stdout
    headline = done.stdout.splitlines()[3]
    assert headline == "Error: " + "x" * (MAX_HEADLINE_CHARS - len("Error: ")) + " …"
    assert done.stdout.splitlines()[4] == ("the error is cut: showing 1 of 1 line (4.9 KB of 976.6 KB); the rest is not "
                                           "shown (segtui run --json gives it whole)")
    assert len(done.stdout) < 2 * MAX_HEADLINE_CHARS


def test_an_error_of_many_lines_is_cut_at_the_panes_lines_and_json_keeps_it_whole(tmp_path):
    done = segtui("run", "handler.js", "--event", "identify", "--color", "never", cwd=_folder(tmp_path))
    assert done.returncode == 1 and done.stdout.count("line\n") == 99 and "line …\n" in done.stdout
    assert "the error is cut: showing 100 of 301 lines" in done.stdout
    as_json = segtui("run", "handler.js", "--event", "identify", "--json", cwd=tmp_path)
    assert json.loads(as_json.stdout)["error"]["message"] == "line\n" * 300
