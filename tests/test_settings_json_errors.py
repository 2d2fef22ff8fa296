"""A settings file that is no JSON: the error quotes its line and a caret, as an event file's does, but only the line's
structure and its settings' names, never a value (the file holds secrets, and the broken line is where one was pasted)."""

import functools
import json
import subprocess
import sys
import tracemalloc

from segtui.errors import json_syntax_error
from segtui.settings_lines import settings_line_structure
from tests.support.cli import segtui

SECRET = "sk_live_9fQ2xLmP7vTz4RkW8nYc"


def test_a_broken_settings_file_shows_its_line_and_caret_with_the_secret_on_it_veiled(tmp_path):
    (tmp_path / "handler.js").write_text("async function onTrack() { return 1 }\n")
    (tmp_path / "s.json").write_text(f'{{\n  "region": "eu",\n  "apiKey": "{SECRET}" ,,\n  "n": 2\n}}\n')
    done = segtui("run", "handler.js", "--event", "track", "--settings", "s.json", cwd=tmp_path)
    assert done.returncode == 2 and SECRET not in done.stdout + done.stderr
    column = len(f'  "apiKey": "{SECRET}" ,,')  # the second comma's
    assert done.stderr.splitlines() == [
        f"segtui: error: s.json:3:{column}: invalid JSON: Expecting property name enclosed in double quotes",
        f'      "apiKey": "{"•" * len(SECRET)}" ,,',
        " " * (4 + column - 1) + "^"]


def test_a_secret_pasted_unquoted_as_a_key_or_cut_by_a_line_break_is_veiled():
    names = ("apiKey", "on", "n", "x", "token")
    assert settings_line_structure(f'{{"apiKey": {SECRET}, "on": true, "n": 12, "x": null}}', names=names) == (
        f'{{"apiKey": {"•" * len(SECRET)}, "on": true, "n": ••, "x": null}}')
    assert settings_line_structure(f'  "{SECRET}": "a\\"b" }}') == f'  "{"•" * len(SECRET)}": "••••" }}'
    assert settings_line_structure(f'  "token": "{SECRET}', names=names) == f'  "token": "{"•" * len(SECRET)}'
    assert settings_line_structure(f'  "token": "{SECRET}\\', names=names) == f'  "token": "{"•" * (len(SECRET) + 1)}'


def test_a_long_broken_line_is_cut_around_the_caret_and_a_secret_beside_it_stays_veiled(tmp_path):
    (tmp_path / "handler.js").write_text("async function onTrack() { return 1 }\n")
    (tmp_path / "s.json").write_text(json.dumps({"notes": "q" * 5000, "apiKey": SECRET})[:-1] + " ,, }")
    done = segtui("run", "handler.js", "--event", "track", "--settings", "s.json", cwd=tmp_path)
    quoted, caret = done.stderr.splitlines()[1:]
    assert done.returncode == 2 and SECRET not in done.stderr and "q" not in quoted
    assert quoted.startswith("    …") and len(quoted) < 120 and quoted[len(caret) - 1:].startswith(",")


def test_a_settings_file_that_is_a_link_is_not_quoted(tmp_path):
    (tmp_path / "handler.js").write_text("async function onTrack() { return 1 }\n")
    (tmp_path / "real.json").write_text(f'{{"apiKey": "{SECRET}" ,,}}')
    (tmp_path / "s.json").symlink_to(tmp_path / "real.json")
    done = segtui("run", "handler.js", "--event", "track", "--settings", "s.json", cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.splitlines() == [
        f"segtui: error: s.json:1:{len(SECRET) + 16}: invalid JSON: Expecting property name enclosed in double quotes"]


def test_a_string_before_a_colon_is_a_name_only_after_a_brace_a_comma_or_the_lines_start():
    names = ("password", "region")
    assert settings_line_structure('{"password": "Tr0ub4":dor&3", "region": "eu"}', names=names) == (
        '{"password": "••••••":•••••"••"••••••"••"••"•')
    assert settings_line_structure('{"password": "hunter2": 1', names=names) == '{"password": "•••••••": •'
    assert settings_line_structure('  "region": "eu",', names=names) == '  "region": "••",'


def test_a_name_with_a_credential_among_its_words_or_behind_escapes_is_veiled():
    names = ("Hq3kV8pLmZ2x9QwRt7 ", "token abcd Hq3kV8pLmZ2x9QwRt7", "Hq3kV8pLmZ2x9QwRt7", "api key")  # declared so
    assert settings_line_structure('{"Hq3kV8pLmZ2x9QwRt7 ": "apiKey" ,,}', names=names) == (
        '{"•••••••••••••••••••": "••••••" ,,}')
    assert settings_line_structure('"token abcd Hq3kV8pLmZ2x9QwRt7": 1 ,,', names=names) == f'"{"•" * 29}": • ,,'
    assert settings_line_structure('{"Hq3kV8p\\u004cmZ2x9QwRt7": 1', names=names) == f'{{"{"•" * 23}": •'
    assert settings_line_structure('{"api key": 1', names=names) == '{"api key": •'


def test_quoting_a_broken_line_of_megabytes_takes_little_memory():
    text = json.dumps({"notes": "q" * 8_000_000, "apiKey": SECRET})[:-1] + " ,, }"
    try:
        json.loads(text)
    except json.JSONDecodeError as found:
        error = found
    tracemalloc.start()
    try:
        veil = functools.partial(settings_line_structure, names=("apiKey",))
        quoted = str(json_syntax_error("s.json", text, error, veil=veil)).splitlines()[1]
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 100_000 and quoted.endswith(f'•••", "apiKey": "{"•" * len(SECRET)}" ,, }}')


def test_a_window_that_starts_within_a_word_veils_it_as_the_whole_line_does():
    line = '{"on": truetrue, "n": 1 ,,}'
    assert settings_line_structure(line, names=("on", "n")) == '{"on": ••••••••, "n": • ,,}'
    assert settings_line_structure(line, 11, 21, names=("on", "n")) == '••••, "n":'


def test_reading_settings_imports_no_masking_and_veils_with_a_masks_character():
    # Every run reads its settings before the sandbox's config is sent; masking (~25-75 ms to import) is imported meanwhile.
    code = "import sys, segtui.settings; print('segtui.masking' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.strip() == "False", done.stderr
    from segtui.masking import MASK
    from segtui.settings_lines import VEIL

    assert set(MASK) == {VEIL}


def test_a_broken_segtui_json_line_is_quoted_as_its_structure_never_a_value(tmp_path):
    (tmp_path / "handler.js").write_text("async function onTrack() { return 1 }\n")
    (tmp_path / "segtui.json").write_text(
        f'{{"settings": [\n  {{"label": "API Key", "sensitive": true, "default": "{SECRET}" x}}\n]}}\n')
    done = segtui("run", "handler.js", "--event", "track", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr and SECRET not in done.stdout + done.stderr
    assert done.stderr.splitlines()[1:] == [
        f'      {{"label": "•••••••", "sensitive": true, "•••••••": "{"•" * len(SECRET)}" •}}', " " * 88 + "^"]


def test_segtui_json_errors_never_quote_a_credential_pasted_as_a_name(tmp_path):
    (tmp_path / "handler.js").write_text("async function onTrack() { return 1 }\n")
    declared = [f'{{"label": "API Key", "{SECRET}": true}}', f'{{"label": "API Key", "type": "{SECRET}"}}',
                f'{{"label": "API Key", "{SECRET}": 1, "{SECRET}": 2}}', f'{{"label": "{SECRET}", "type": "strng"}}']
    for item in declared:
        (tmp_path / "segtui.json").write_text(f'{{"settings": [{item}]}}\n', encoding="utf-8")
        done = segtui("run", "handler.js", "--event", "track", cwd=tmp_path)
        assert done.returncode == 2 and "not shown" in done.stderr, done.stderr
        assert SECRET not in done.stdout + done.stderr and SECRET[8:] not in done.stderr
    (tmp_path / "segtui.json").write_text('{"settings": [{"label": "API Key", "lable": 1}]}\n', encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", cwd=tmp_path)
    assert 'unknown key "lable" (did you mean "label"?)' in done.stderr


def test_a_broken_settings_line_shows_only_the_names_segtui_json_declares(tmp_path):
    # A key pasted as a name: no rule tells every one from a name (AWS's example key is no credential_like), so only
    # the declared names (here the implicit apiKey, then segtui.json's) are shown, whatever the others look like.
    (tmp_path / "handler.js").write_text("async function onTrack() { return 1 }\n")
    pasted = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
              "deadbeefdeadbeefdeadbeefdeadbeef", "hunter2hunter2")
    for name in pasted:
        (tmp_path / "s.json").write_text(f'{{"apiKey": "x",\n "{name}": "x",}}\n')
        done = segtui("run", "handler.js", "--event", "track", "--settings", "s.json", cwd=tmp_path)
        assert done.returncode == 2 and name not in done.stdout + done.stderr and name[4:12] not in done.stderr
        assert done.stderr.splitlines()[1] == f'     "{"•" * len(name)}": "•",}}', done.stderr
    (tmp_path / "segtui.settings.json").write_text('{"region": "eu", "AKIAIOSFODNN7EXAMPLE": 1,}\n')
    (tmp_path / "segtui.json").write_text('{"settings": [{"label": "Region"}]}\n')
    done = segtui("run", "handler.js", "--event", "track", cwd=tmp_path)
    assert done.stderr.splitlines()[1] == '    {"region": "••", "••••••••••••••••••••": •,}'


def test_segtui_json_quotes_only_its_own_keys_and_typos_of_them(tmp_path):
    (tmp_path / "handler.js").write_text("async function onTrack() { return 1 }\n")
    pasted = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"  # no credential_like: its letters run long
    documents = [f'{{"settings": [{{"label": "API Key", "{pasted}": true}}]}}',
                 f'{{"settings": [{{"label": "API Key", "type": "{pasted}"}}]}}',
                 f'{{"settings": [], "{pasted}": 1, "{pasted}": 2}}',
                 f'{{"settings": [],\n "{pasted}": 1,}}',
                 '{"settings": [{"label": "AKIAIOSFODNN7EXAMPLE", "type": "x"}]}',
                 f'{{"settings": [{{"label": "{pasted}", "type": "strng"}}]}}']
    for document in documents:
        (tmp_path / "segtui.json").write_text(document + "\n", encoding="utf-8")
        done = segtui("run", "handler.js", "--event", "track", cwd=tmp_path)
        assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
        assert pasted not in done.stderr and "AKIAIOSFODNN7EXAMPLE" not in done.stderr, done.stderr
    (tmp_path / "segtui.json").write_text('{"settings": [{"label": "API Key", "type": "strng"}]}\n', encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", cwd=tmp_path)
    assert 'unknown type "strng" (did you mean "string"?)' in done.stderr


def test_an_undeclared_setting_is_named_only_as_a_typo_or_words(tmp_path):
    (tmp_path / "handler.js").write_text("async function onTrack() { return 1 }\n")
    (tmp_path / "segtui.json").write_text('{"settings": [{"label": "API Key", "sensitive": true}]}\n')
    pasted = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
    (tmp_path / "segtui.settings.json").write_text(json.dumps({pasted: "y", "apiKye": "z", "region": "eu"}))
    done = segtui("run", "handler.js", "--event", "track", "--setting", "Zq8vLm3xN7pRt2Wk9=1", cwd=tmp_path)
    assert done.returncode == 2 and pasted not in done.stderr and "Zq8vLm3xN7pRt2Wk9" not in done.stderr, done.stderr
    assert done.stderr.count("unknown setting (not shown") == 2
    assert 'unknown setting "apiKye" in segtui.settings.json (did you mean "apiKey"?)' in done.stderr
    assert 'unknown setting "region"' in done.stderr


def test_a_setting_given_twice_in_a_settings_file_is_refused_rather_than_read_by_its_last(tmp_path):
    # `{"apiKey": old, "apiKey": new}` ran with the last, silently; a key given twice (nested too) is refused, named
    # only when declared or words, never its value.
    (tmp_path / "handler.js").write_text("async function onTrack(e, s) { return s }\n")
    pasted = "AKIAIOSFODNN7EXAMPLE"
    cases = {f'{{"apiKey": "{SECRET}", "apiKey": "{SECRET}x"}}': '"apiKey" is given twice',
             f'{{"apiKey": "{SECRET}", "region": "eu", "region": "us"}}': '"region" is given twice',
             f'{{"apiKey": "{SECRET}", "map": {{"a": 1, "a": 2}}}}': '"a" is given twice',
             f'{{"apiKey": "{SECRET}", "{pasted}": 1, "{pasted}": 2}}': "a key (not shown) is given twice"}
    for document, said in cases.items():
        (tmp_path / "s.json").write_text(document, encoding="utf-8")
        done = segtui("run", "handler.js", "--event", "track", "--offline", "--settings", "s.json", cwd=tmp_path)
        assert done.returncode == 2 and f"s.json: {said} in one object" in done.stderr, done.stdout + done.stderr
        assert SECRET not in done.stdout + done.stderr and pasted not in done.stderr
    (tmp_path / "s.json").write_text(f'{{"apiKey": "{SECRET}", "map": {{"a": 1}}, "list": [{{"a": 1}}, {{"a": 2}}]}}')
    done = segtui("run", "handler.js", "--event", "track", "--offline", "--settings", "s.json", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
