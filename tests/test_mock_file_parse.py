"""A mock file's text is parsed once per process, and again once it changes."""

from segtui.mock_rules import MockFile


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
