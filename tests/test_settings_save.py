"""Saving the settings dialog writes `segtui.json` over what it held: each declaration keeps its keys' order, its
spellings and its explicit defaults, and an untick of `sensitive` outlives the reload (segtui.settings_builder)."""

from __future__ import annotations

import json
from dataclasses import replace

from segtui.settings import load_schema
from segtui.settings_builder import builder_rows, save_builder
from segtui.settings_reads import settings_use

HANDLER = "async function onTrack(event, settings) { return [settings.apiToken, settings.region, settings.tags]; }\n"
DECLARED = [
    {"name": "apiToken", "label": "API Token", "sensitive": True, "type": "STRING", "required": False},
    {"type": "TEXT_ARRAY", "label": "Tags", "description": "Sent with each event", "sensitive": False},
    {"label": "Region"},
    {"label": "Signing Secret"},
]


def saved_after(tmp_path, change=lambda row: row) -> list[dict]:
    """The declarations `segtui.json` holds after the dialog saves the rows it lists, each first passed to `change`."""
    handler = tmp_path / "handler.js"
    handler.write_text(HANDLER)
    (tmp_path / "segtui.json").write_text(json.dumps({"title": "Pipedrive", "settings": DECLARED}))
    values = tmp_path / "segtui.settings.json"
    values.write_text(json.dumps({"apiToken": "t0k3n", "region": "eu", "tags": ["a"], "signingSecret": "s3cr3t"}))
    rows = builder_rows(load_schema(handler), json.loads(values.read_text()), settings_use(HANDLER))
    save_builder(handler, [change(row) for row in rows], values)
    document = json.loads((tmp_path / "segtui.json").read_text())
    assert document["title"] == "Pipedrive"
    return document["settings"]


def test_a_save_that_changes_nothing_writes_each_declaration_as_it_was(tmp_path):
    saved = saved_after(tmp_path)
    assert saved == DECLARED
    assert [list(item) for item in saved] == [list(item) for item in DECLARED]


def test_an_edit_changes_only_what_it_edits_and_an_unticked_secret_stays_unticked(tmp_path):
    def edit(row):
        if row.spec.name == "signingSecret":  # silent, so judged sensitive by its name: the user unticks it
            return replace(row, spec=replace(row.spec, sensitive=False, judged=False))
        if row.spec.name == "tags":
            return replace(row, spec=replace(row.spec, description="", required=True, judged=False))
        return row

    saved = saved_after(tmp_path, edit)
    assert saved[1] == {"type": "TEXT_ARRAY", "label": "Tags", "description": "", "sensitive": False, "required": True}
    assert saved[3] == {"label": "Signing Secret", "sensitive": False}
    specs = {spec.name: spec for spec in load_schema(tmp_path / "handler.js").specs}
    assert not specs["signingSecret"].sensitive and specs["region"].judged


def test_a_save_that_changes_only_values_leaves_segtui_json_as_the_user_wrote_it(tmp_path):
    # A new user's trial: a key typed into the Builder rewrote a one-line segtui.json with indentation.
    handler = tmp_path / "handler.js"
    handler.write_text(HANDLER)
    compact = json.dumps({"settings": DECLARED}, separators=(",", ":"))
    (tmp_path / "segtui.json").write_text(compact)
    values = tmp_path / "segtui.settings.json"
    rows = builder_rows(load_schema(handler), {}, settings_use(HANDLER))
    assert save_builder(handler, [replace(row, value="k3y") if row.spec.name == "apiToken" else row for row in rows],
                        values) is False
    assert (tmp_path / "segtui.json").read_text() == compact
    assert json.loads(values.read_text())["apiToken"] == "k3y"
    assert save_builder(handler, [replace(row, spec=replace(row.spec, required=True)) if row.spec.name == "region" else row
                                  for row in rows], values) is True
    assert json.loads((tmp_path / "segtui.json").read_text())["settings"][2]["required"] is True
