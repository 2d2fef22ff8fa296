"""segtui reads YAML as PyYAML's pure SafeLoader does, value for value and error for error (its scanner's look at
possible keys made to stop early: segtui.data_files.safe_loader), and a mock file's text is parsed once per process."""

import random

import pytest
import yaml

from segtui.data_files import safe_loader
from segtui.mock_rules import MockFile

TEXTS = [
    "[" * 1000 + "x" + "]" * 1000,
    "{a: " * 300 + "1" + "}" * 300,
    "[a: [b: {c: [d, e: f]}], {g: [h: i]}]\n",
    "{[a, {b: c}]: d, e: [f: g, [h, {i: j}]]}\n",
    "[\n a,\n [b,\n  c: d],\n e\n]\n",
    "{a\n: b}\n",
    "[a, b\n: c]\n",
    "a\nb: c\n",
    "key\n  more: 1\n",
    "x: [" + "a" * 1030 + ": b]\n",
    "{" + "k" * 1030 + ": v}\n",
    "k" * 1030 + ": v\n",
    "x: [" + "a" * 1010 + ": b]\n",
    "[" + "a" * 1018 + ", " + "b" * 1010 + ": c]\n",
    "k" * 1024 + ": v\n",
    "? [a, b]\n: {c: [d]}\n",
    "- &a {x: [1, {y: 2}]}\n- *a\n- <<: *a\n  z: 3\n",
    "rules:\n  - url: https://api.example.com/v1\n    json: {ok: [true, {n: 1}]}\n    headers: {X-Id: req_1}\n",
]


def read(text: str, loader: type) -> tuple[str, str]:
    try:
        return "value", repr(yaml.load(text, Loader=loader))
    except yaml.YAMLError as error:
        return "error", str(error)  # its marks (line, column) and both snippets too


@pytest.mark.parametrize("text", TEXTS)
def test_a_text_reads_as_pyyamls_pure_loader_reads_it(text):
    assert read(text, safe_loader()) == read(text, yaml.SafeLoader)


def test_texts_edited_at_random_read_as_pyyamls_pure_loader_reads_them():
    edits = [*" \t\n:-[]{},#&*!|>'\"?\\a9", ": ", ", ", "[", "]", "{", "}", "\n  "]
    draw = random.Random(20240601)
    for _ in range(600):
        text = draw.choice(TEXTS[2:])
        for _ in range(draw.randint(1, 5)):
            at = draw.randint(0, len(text))
            text = text[:at] + draw.choice(edits) + text[at + draw.randint(0, 1):]
        assert read(text, safe_loader()) == read(text, yaml.SafeLoader), text


def test_a_mock_file_is_read_again_once_its_text_changes(tmp_path):
    path = tmp_path / "segtui.mock.yaml"
    path.write_text("- {url: 'https://a.example/', status: 201}\n", encoding="utf-8")
    first, again = MockFile(path), MockFile(path)
    first.refresh()
    again.refresh()
    assert [rule.status for rule in first.rules] == [rule.status for rule in again.rules] == [201]
    assert first.rules[0] is not again.rules[0]  # each counts its own uses
    path.write_text("- {url: 'https://a.example/', status: 202}\n", encoding="utf-8")
    changed = MockFile(path)
    changed.refresh()
    assert [rule.status for rule in changed.rules] == [202]
