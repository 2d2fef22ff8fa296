"""YAML files are read by libyaml when PyYAML has it, to the same values and with the same messages as by PyYAML's
pure-Python loader (which reads them when it does not)."""

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from segtui.data_files import parse_data_text
from segtui.errors import SegtuiInputError

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(ROOT.glob("examples/**/segtui.mock.yaml"))

TRICKY = {
    "booleans": "[yes, No, ON, off, y, n, True, FALSE, ~, null, Null, '', 'yes']\n",
    "numbers": "[0x1F, 0o17, 017, 0b101, 1_000, +12, -0, 1.5, 1e3, 1.0e+3, .5, .inf, -.Inf, .NaN, 190:20:30, 1:30.5]\n",
    "dates": "[2024-05-01, 2024-05-01T10:20:30Z, 2024-05-01 10:20:30.5 +02:00, 2001-12-14t21:59:43.10-05:00, 2024-5-1]\n",
    "merge keys": "base: &b {status: 200, headers: {A: '1'}}\nmore: &m {delay_ms: 5}\n"
                  "one: {<<: *b, status: 201}\nboth: {<<: [*b, *m], url: x}\n",
    "duplicate keys": "- url: a\n  status: 200\n  status: 404\n",
    "anchors and aliases": "- &r {url: 'https://a/', json: &j {a: [1, 2]}}\n- {url: 'https://b/', json: *j}\n- *r\n",
    "tags": "[!!str 123, !!int '7', !!float '1', !!binary aGVsbG8=, !!set {a, b}, !!omap [a: 1, b: 2], !!pairs [a: 1],"
            " !!null '', !!bool 'yes', !!timestamp 2024-01-01]\n",
    "block scalars": "a: |\n  line\n   more\n\nb: >-\n  folded\n  text\n\n  para\nc: |+\n  keep\n\nd: |2-\n    indented\n",
    "quoted": "- \"esc \\x41 \\u263A \\U0001F600 \\t \\\\ \\\" \\N \\_ \\L \\P \\e \\0\"\n- 'it''s'\n"
              "- \"multi\n  line\"\n- 'multi\n\n  line'\n",
    "plain scalars": "- a: b c: d\n- http://x/y?z=1#f\n- multi\n  line plain\n- -dash\n- '# not a comment'\n- a #comment\n",
    "flow": "{a: [b, {c: d}], 'e': \"f\", [g]: h, ? i : j, k, l: , m: [n: o]}\n",
    "complex keys": "? [a, b]\n: c\n",
    "explicit document": "%YAML 1.1\n%TAG !e! tag:example.com,2000:\n---\n- !!str a\n...\n",
    "comments only": "# nothing here\n\n# still nothing\n",
    "empty": "",
    "bom at the start": "\ufeff- url: https://a/\n  status: 200\n",
    "bom later": "- url: https://a/\n\ufeff- b\n",
    "bom mid line": "a: 1\n\ufeffb: 2\n",
    "bom on a later line": "# a comment\n\ufeffb\n",
    "line breaks": "- a\x85- b\u2028- c\u2029- d\r\n- e\n",
    "unicode": "- ключ: значение\n- 😀: \"\\uD83D\\uDE00\"\n- \u00a0nbsp\n",
    "tabs": "a: [1,\t2]\nb: \"\tx\"\nc: |\n  \tkept\n",
    "non-specific tags": "a: !\nb: ! ''\nc: ! 12\nd: !<!>\n? !\n: e\nf: [!, g]\nh: &h !\ni: *h\nj: a ! b\n",
    "a value the constructor fails on": "- 2024-02-30\n",
    "a value the constructor fails on where libyaml reads more": "a: !!bool >#\n",
    "long": "- body: " + "x" * 200_000 + "\n",
    "many rules": "".join(f"- url: http://x/{i}\n  status: 200\n  json: {{a: [1, 2, {{b: c}}]}}\n" for i in range(600)),
    "colons in flow": "[a:b, 'c':d, e :f, http://g]\n",
    "indentation": "a:\n    b: 1\n    c:\n      - 2\n      -   3\n",
    # Broken files: each message must stay PyYAML's.
    "two documents": "- a\n---\n- b\n",
    "undefined alias": "a: *nope\n",
    "duplicate anchor": "a: &x 1\nb: &x 2\n",
    "bad indentation": "a:\n  b: 1\n c: 2\n",
    "unclosed quote": "a: 'open\n",
    "tab indentation": "a:\n\tb: 1\n",
    "control character": "- url: https://a/\n  body: 'x\x01'\n",
    "fffe": "a: '\ufffe'\n",
    "lone surrogate": "a: '\ud800'\n",
    "unhashable key": "? {a: 1}\n: b\n",
    "bad binary": "a: !!binary '!!'\n",
    "unknown tag": "a: !!python/object:os.system x\n",
    "bad merge": "a: {<<: 1}\n",
    "bad escape": "a: \"\\q\"\n",
    "too many values": "- 1\n" * 100_001,
    "too many values in two documents": "- 1\n" * 100_001 + "---\n- 2\n",
    "too many values and broken": "- 1\n" * 100_001 + "- [\n",
    "too many values anchored": "- &a 1\n" + "- *a\n" * 100_001,
    "deep": "a: " + "[" * 1001 + "]" * 1001 + "\n",
    "deep by aliases": "a: &a [[[[x]]]]\n" + "".join(f"a{n}: &a{n} [[[[*{'a' if n == 0 else f'a{n - 1}'}]]]]\n"
                                                         for n in range(300)),
    "deep and broken": "a: " + "[" * 1001 + "\x01",
    "alias bomb": "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]\n" for previous, name in zip("abcdefgh", "bcdefghi")),
    "self reference": "a: &a [1, *a]\n",
}


def outcome(path: Path, text: str) -> str:
    """What reading `text` as the file `path` gives: its value's repr (types and order included), or the message."""
    try:
        return repr(parse_data_text(path, text))
    except SegtuiInputError as error:
        return f"refused: {error}"
    except ValueError as error:  # a date like 2024-02-30: segtui's internal error, with libyaml or without
        return f"failed: {error!r}"


@pytest.fixture
def composed(monkeypatch):
    """The names of the loaders that composed a document since the test began: "pure" and "libyaml"."""
    used: list[str] = []
    pure, fast = yaml.composer.Composer.compose_document, yaml.CSafeLoader.get_single_node
    monkeypatch.setattr(yaml.composer.Composer, "compose_document", lambda self: used.append("pure") or pure(self))
    monkeypatch.setattr(yaml.CSafeLoader, "get_single_node", lambda self: used.append("libyaml") or fast(self))
    return used


@pytest.mark.parametrize("text", [*TRICKY.values(), *(path.read_text(encoding="utf-8") for path in EXAMPLES)],
                         ids=[*TRICKY, *(str(path.relative_to(ROOT)) for path in EXAMPLES)])
def test_libyaml_reads_every_file_as_the_pure_loader_does(tmp_path, monkeypatch, text):
    path = tmp_path / "segtui.mock.yaml"
    assert yaml.__with_libyaml__, "this PyYAML lacks libyaml: the comparison would compare the pure loader with itself"
    with_libyaml = outcome(path, text)
    monkeypatch.delattr(yaml, "CSafeLoader")  # as a PyYAML built without libyaml
    assert outcome(path, text) == with_libyaml


def test_a_big_mock_file_is_composed_by_libyaml_not_by_the_pure_loader(tmp_path, monkeypatch, composed):
    # A probe: 20,000 rules took 11 s in PyYAML's pure-Python composer, on the TUI's loop before each run.
    path = tmp_path / "segtui.mock.yaml"
    text = "".join(f"- url: http://x/{i}\n  status: 200\n  json: {{a: [1, 2, {{b: c}}]}}\n" for i in range(3000))
    rules = parse_data_text(path, text)
    assert (len(rules), rules[-1], composed) == (3000, {"url": "http://x/2999", "status": 200,
                                                        "json": {"a": [1, 2, {"b": "c"}]}}, ["libyaml"])
    monkeypatch.delattr(yaml, "CSafeLoader")  # without libyaml the pure loader reads it, to the same rules
    assert parse_data_text(path, text) == rules and composed == ["libyaml", "pure"]


def test_a_file_of_too_many_values_is_refused_without_composing_it(tmp_path, composed):
    path = tmp_path / "segtui.mock.yaml"
    text = "".join(f"- url: http://x/{i}\n  status: 200\n  json: {{a: [1, 2, {{b: c}}]}}\n" for i in range(20_000))
    with pytest.raises(SegtuiInputError, match="it holds more than 100,000 values"):
        parse_data_text(path, text)
    assert composed == []


def test_a_file_libyaml_refuses_is_read_again_by_the_pure_loader_for_its_message(tmp_path, composed):
    path = tmp_path / "segtui.mock.yaml"
    with pytest.raises(SegtuiInputError) as refused:
        parse_data_text(path, "- url: a\n  status: 200\n status: 404\n")
    assert str(refused.value) == f"{path}:3:2: invalid YAML: expected <block end>, but found '<block mapping start>'"
    assert composed == ["libyaml", "pure"]


def test_nesting_100000_deep_is_refused_before_libyaml_composes_it(tmp_path):
    # libyaml's composer recurses in C: composed, these levels crash the process (a segmentation fault).
    script = ("import pathlib, sys\nfrom segtui.data_files import parse_data_text\nfrom segtui.errors import "
              "SegtuiInputError\ntry:\n    parse_data_text(pathlib.Path('m.yaml'), '[' * 100000 + ']' * 100000)\n"
              "except SegtuiInputError as error:\n    print(error)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=120,
                          check=False, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    said = "m.yaml: the YAML nests lists or maps more than 1000 levels deep; segtui reads up to 1000"
    assert (done.returncode, done.stdout.strip()) == (0, said), done.stderr


@pytest.mark.parametrize("text", ["a:\tb\n", "a: b\t\n", "- url: http://x/\n  status:\t200\n"])
def test_a_file_with_a_tab_is_read_by_the_pure_loader_and_refused_as_without_libyaml(tmp_path, monkeypatch, text):
    # libyaml takes tabs PyYAML refuses: a file holding one is left to the pure loader, so it reads alike everywhere.
    path = tmp_path / "segtui.mock.yaml"
    with_libyaml = outcome(path, text)
    monkeypatch.delattr(yaml, "CSafeLoader")
    assert with_libyaml == outcome(path, text)
    assert with_libyaml.startswith(f"refused: {path}:")


@pytest.mark.parametrize("text", ["- url: https://a/\n  status: 2024-02-30\n", "a: !!bool x\n", "a: !!int ''\n",
                                  "a: !!float x\n", "a: !!timestamp x\n"])
def test_a_value_the_constructor_fails_on_is_refused_clearly(tmp_path, text):
    # Each was segtui's internal error ("this is a bug in segtui"): PyYAML's constructor raises a Python error.
    path = tmp_path / "segtui.mock.yaml"
    said = outcome(path, text)
    assert said.startswith(f"refused: {path}: invalid YAML: a value it cannot read as its type says"), said


@pytest.mark.parametrize(("text", "value"), [
    ("- {url: http://x/?a=1}\n", [{"url": "http://x/?a=1"}]), ("a: |#\n", {"a": ""}), ("[a? b]\n", ["a? b"]),
])
def test_what_the_pure_loader_refused_and_libyaml_reads_is_read(tmp_path, monkeypatch, text, value):
    # The one difference: PyYAML's scanner refuses a `?` in a flow plain scalar and a comment right after a block
    # scalar's `|`; libyaml reads them (as YAML 1.2 does). Without libyaml they are refused as before.
    path = tmp_path / "segtui.mock.yaml"
    assert parse_data_text(path, text) == value
    monkeypatch.delattr(yaml, "CSafeLoader")
    assert outcome(path, text).startswith(f"refused: {path}:1:")
