"""Settings without a segtui.json reach the handler as given, and a setting read without a value is named in a note."""

from __future__ import annotations

import json

import pytest
from support.cli import segtui

AIRTABLE = """
async function onTrack(event, settings) {
  const { tableName = 'Events' } = settings;
  const url = `https://api.airtable.com/v0/${settings.appId}/${encodeURIComponent(tableName)}`;
  return { url, region: settings?.region, keys: Object.keys(settings) };
}
"""


@pytest.fixture
def folder(tmp_path):
    (tmp_path / "handler.js").write_text(AIRTABLE)
    return tmp_path


def test_without_segtui_json_every_setting_given_reaches_the_handler(folder):
    (folder / "s.json").write_text(json.dumps({"apiKey": "keyAAAAAAAAAAAAAA", "appId": "app1"}))
    done = segtui("run", "handler.js", "--event", "track", "--settings", "s.json", "--setting", "region=eu",
                  "--setting", "retries=3", "--json", "--offline", cwd=folder)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["return"] == {"url": "https://api.airtable.com/v0/app1/Events", "region": "eu",
                                "keys": ["apiKey", "appId", "region", "retries"]}
    assert "notes" in result and result["notes"] == [
        "settings.tableName was read but has no value — set it in the settings file or with --setting tableName=…"]


def test_a_setting_read_without_a_value_is_noted_in_text_and_json(folder):
    done = segtui("run", "handler.js", "--event", "track", "--offline", cwd=folder)
    assert done.returncode == 0, done.stderr
    assert "https://api.airtable.com/v0/undefined/Events" in done.stdout
    for name in ("tableName", "appId", "region"):
        assert f"Note: settings.{name} was read but has no value — set it in the settings file or with --setting {name}=…" in done.stdout
    as_json = json.loads(segtui("run", "handler.js", "--event", "track", "--offline", "--json", cwd=folder).stdout)
    assert [note.split(" was read")[0] for note in as_json["notes"]] == [
        "settings.tableName", "settings.appId", "settings.region"]


def test_logging_the_settings_notes_only_what_the_handler_itself_read(tmp_path):
    (tmp_path / "handler.js").write_text("""
async function onTrack(event, settings) {
  console.log(settings); console.log("all", { settings }); console.dir(settings); console.table(settings);
  console.trace("where", settings);
  return settings.region || "none";
}
""")
    done = segtui("run", "handler.js", "--event", "track", "--setting", "apiKey=k123456789", "--json", "--offline",
                  cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert len(result["logs"]) == 5 and "apiKey" in result["logs"][0]["message"]
    assert result["notes"] == ["settings.region was read but has no value — set it in the settings file or with --setting region=…"]


def test_with_segtui_json_an_unknown_name_is_refused_with_the_closest_declared_one(folder):
    (folder / "segtui.json").write_text(json.dumps({"settings": [{"label": "App ID"}, {"label": "API Key"}]}))
    done = segtui("run", "handler.js", "--event", "track", "--setting", "appID=x", cwd=folder)
    assert done.returncode == 2
    assert 'unknown setting "appID" given with --setting (did you mean "appId"?); declared: appId, apiKey' in done.stderr


def test_an_undeclared_secret_looking_setting_is_masked_in_json_har_and_cassette(folder, loopback):
    (folder / "leak.js").write_text(
        "async function onTrack(e, s) { console.log(s.clientSecret);"
        " await fetch(s.base + '/t?secret=' + s.clientSecret, {method: 'POST', body: s.clientSecret}); return s; }")
    done = segtui("run", "leak.js", "--event", "track", "--setting", "clientSecret=shh-0123456789",
                  "--setting", f"base={loopback.base}", "--json", "--har", "run.har", "--record", "run.cassette",
                  cwd=folder)
    assert done.returncode == 0, done.stderr
    assert loopback.take()[0].body == b"shh-0123456789"  # the handler got the real value
    assert json.loads(done.stdout)["return"]["clientSecret"] == "••••••"
    for text in (done.stdout, (folder / "run.har").read_text(), (folder / "run.cassette").read_text()):
        assert "shh-0123456789" not in text and "••••••" in text


def test_with_declared_settings_a_read_undeclared_setting_is_noted_as_undeclared_not_given_a_setting_flag(folder):
    """`--setting tableName=…` would be refused as a typo once segtui.json declares the settings: the note says to declare it."""
    (folder / "segtui.json").write_text(json.dumps({"settings": [{"label": "App ID"}, {"label": "Region"}]}))
    result = json.loads(segtui("run", "handler.js", "--event", "track", "--offline", "--json", cwd=folder).stdout)
    assert result["notes"] == [
        "settings.tableName was read but segtui.json does not declare it, so it has no value — declare it there, then set it",
        "settings.appId was read but has no value — set it in the settings file or with --setting appId=…",
        "settings.region was read but has no value — set it in the settings file or with --setting region=…"]


@pytest.mark.parametrize("event", ["track", "batch"])
def test_a_handler_reading_thousands_of_unset_names_gets_twenty_notes_and_a_count(tmp_path, event):
    # A probe: 200,000 names read without a value made as many notes, which took segtui 26 s to show (a million, minutes).
    (tmp_path / "many.js").write_text("async function onTrack(event, settings) {\n"
                                      "  for (let i = 0; i < 5000; i++) settings['unset' + i];\n  return 1;\n}\n")
    done = segtui("run", "many.js", "--event", event, "--json", "--offline", cwd=tmp_path)
    notes = json.loads(done.stdout.splitlines()[0])["notes"]
    assert notes[:20] == [f"settings.unset{i} was read but has no value — set it in the settings file or with --setting unset{i}=…"
                          for i in range(20)]
    assert notes[20:] == ["… and 4,980 more settings read with no value"]


def test_a_typo_in_a_settings_file_is_refused_naming_the_file_or_flag_it_came_from(folder):
    """A new user's trial: a typo in segtui.settings.json was refused without saying which file held it (the settings
    file beside the handler, the one --settings gave, or a --setting)."""
    (folder / "segtui.json").write_text(json.dumps({"settings": [
        {"label": "API Key", "sensitive": True}, {"label": "Region"}, {"label": "Signing Secret"},
        {"label": "Include Context", "type": "boolean"}]}))
    (folder / "segtui.settings.json").write_text(json.dumps({"apiKey": "k-123456789", "reigon": "eu"}))
    (folder / "other.json").write_text(json.dumps({"includeContext": "yes"}))
    beside = segtui("run", "handler.js", "--event", "track", "--offline", cwd=folder)
    assert beside.returncode == 2
    assert 'unknown setting "reigon" in segtui.settings.json (did you mean "region"?)' in beside.stderr
    both = segtui("run", "handler.js", "--event", "track", "--offline", "--setting", "reigon=us", cwd=folder)
    assert both.returncode == 2
    assert 'unknown setting "reigon" in segtui.settings.json and given with --setting (did you mean' in both.stderr
    given = segtui("run", "handler.js", "--event", "track", "--offline", "--settings", "other.json", cwd=folder)
    assert given.returncode == 2
    assert 'setting "includeContext" (Include Context) in other.json must be a boolean' in given.stderr
    flag = segtui("run", "handler.js", "--event", "track", "--offline", "--setting", "includeContext=yes", cwd=folder)
    assert flag.returncode == 2
    assert 'setting "includeContext" (Include Context) given with --setting must be a boolean' in flag.stderr
    assert "k-123456789" not in beside.stderr + both.stderr + given.stderr + flag.stderr


def test_a_setting_labelled_by_its_name_is_named_once(tmp_path):
    # A new user's trial: `setting "enabled" (enabled) given with --setting must be a boolean`.
    (tmp_path / "handler.js").write_text("async function onTrack(event, settings) { return settings.enabled; }\n")
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [{"label": "enabled", "type": "boolean"}]}))
    done = segtui("run", "handler.js", "--event", "track", "--setting", "enabled=yes", cwd=tmp_path)
    assert done.returncode == 2
    assert 'setting "enabled" given with --setting must be a boolean' in done.stderr, done.stderr
