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


def test_a_mock_files_text_is_parsed_once_until_it_changes(tmp_path, monkeypatch):
    from segtui import mock_rules

    parsed = []
    parse = mock_rules.parse_data_text
    monkeypatch.setattr(mock_rules, "parse_data_text", lambda path, text: parsed.append(text) or parse(path, text))
    path = tmp_path / "once.yaml"
    path.write_text("- {url: 'https://b.example/', status: 201}\n", encoding="utf-8")
    MockFile(path).refresh()
    MockFile(path).refresh()
    assert len(parsed) == 1
    path.write_text("- {url: 'https://b.example/', status: 203}\n", encoding="utf-8")
    changed = MockFile(path)
    changed.refresh()
    assert len(parsed) == 2 and [rule.status for rule in changed.rules] == [203]


def test_only_the_last_mock_file_read_is_kept(tmp_path):
    from segtui import mock_rules

    for name in ("one.yaml", "two.yaml", "three.yaml"):
        path = tmp_path / name
        path.write_text("- {url: 'https://c.example/', status: 204}\n", encoding="utf-8")
        MockFile(path).refresh()
    assert list(mock_rules._PARSED) == [tmp_path / "three.yaml"]


def test_a_mock_file_of_too_many_values_and_no_alias_is_refused_as_that_not_as_aliases(tmp_path):
    # It was refused as "its aliases expand to more than 100,000 values": the user looked for an alias not there.
    from support.input_files import error_of

    from segtui.data_files import read_data_file

    path = tmp_path / "mock.yaml"
    path.write_text("- 1\n" * 100_001)
    said = error_of(read_data_file, path, "mock rules")
    assert said == (f"{path}: it holds more than 100,000 values (lists, maps and scalars); segtui refuses YAML that "
                    "large (split the rules, or keep fewer)")


def test_a_slow_parse_of_an_older_text_does_not_replace_a_newer_ones_rules(tmp_path, monkeypatch):
    import threading

    from segtui import mock_rules

    path = tmp_path / "segtui.mock.yaml"
    path.write_text("- {url: 'https://c.example/', status: 201}\n", encoding="utf-8")
    parsing, release = threading.Event(), threading.Event()
    parse = mock_rules.parse_data_text

    def slow_first(path, text):
        if "201" in text:  # the older text's parse lasts until the newer one's refresh ran (or could not run yet)
            parsing.set()
            release.wait(5)
        return parse(path, text)

    monkeypatch.setattr(mock_rules, "parse_data_text", slow_first)
    rules = MockFile(path)
    older = threading.Thread(target=rules.refresh)
    older.start()
    assert parsing.wait(5)
    path.write_text("- {url: 'https://c.example/', status: 202}\n  # newer\n", encoding="utf-8")
    newer = threading.Thread(target=rules.refresh)
    newer.start()
    newer.join(0.5)  # without turns taken, the newer refresh ends here, before the older one
    release.set()
    older.join()
    newer.join()
    assert [rule.status for rule in rules.rules] == [202]
