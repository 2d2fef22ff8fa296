"""A value of the wrong type in the settings file ("yes" for a boolean, an object for an array): the TUI opens anyway,
refuses each run naming the file, and its Settings Builder flags the value, which the file keeps until the user saves
one of its type; the headless commands still refuse it."""

from __future__ import annotations

import json

from support.cli import segtui
from textual.widgets import Label

from ui.helpers import open_builder, wait_for_runs, wait_until

SIZE = (120, 44)
HANDLER = """async function onTrack(event, settings) {
  if (settings.dryRun) return 'dry run';
  return { tags: settings.tags, headers: settings.headers, endpoint: settings.endpoint };
}
"""
SCHEMA = [{"label": "Endpoint", "required": True}, {"label": "Dry Run", "type": "boolean"},
          {"label": "Tags", "type": "array"}, {"label": "Headers", "type": "map"}, {"label": "Token", "sensitive": True}]
WRONG = {"endpoint": "https://ledger.example", "dryRun": "yes", "tags": {"a": 1}, "headers": ["x"],
         "token": "tok-9f8e7d6c5b4a"}


def flag(builder, name: str) -> str:
    return str(builder.query_one(f"#error-{[row.spec.name for row in builder.rows].index(name)}", Label).render())


async def test_wrong_setting_types_open_the_tui_refusing_runs_and_the_builder_flags_them(make_app, workdir) -> None:
    # A probe: "yes" for a boolean setting, an object for an array, an array for a map in segtui.settings.json stopped
    # the TUI from opening at all (a misspelt name opened it, flagged in the Settings Builder).
    app = make_app(HANDLER, schema=SCHEMA, settings=WRONG)
    written = (workdir / "segtui.settings.json").read_text()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        refused = app.main_screen.shown.refused or ""
        assert 'setting "dryRun" (Dry Run) in segtui.settings.json must be a boolean (true or false), got a string' in refused
        assert 'setting "tags" (Tags) in segtui.settings.json must be an array of strings' in refused
        assert 'setting "headers" (Headers) in segtui.settings.json must be a map of string to string' in refused
        assert refused.endswith("Press ctrl+o to open the settings: give it a value of its type there (the file keeps "
                                "the one it has until you save).")
        assert "tok-9f8e7d6c5b4a" not in refused
        builder = await open_builder(pilot)
        names = [row.spec.name for row in builder.rows]
        assert app.focused is builder.field(names.index("dryRun")), "the first value to fix has the focus"
        assert "must be a boolean (true or false), got a string, so runs are refused" in flag(builder, "dryRun")
        assert "must be an array of strings" in flag(builder, "tags") and "got an object" in flag(builder, "tags")
        assert "got an array" in flag(builder, "headers") and not flag(builder, "endpoint")
        # Each shows the file's value as it is (a boolean's as text: a switch could not), not a guess of what it meant.
        assert [builder.field(names.index(name)).value for name in ("dryRun", "tags", "headers")] == [
            '"yes"', '{"a": 1}', '["x"]']
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is app.main_screen, what="the builder closed at the first escape")
        builder = await open_builder(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is builder, "saving waits until each value is of its type"
        assert (workdir / "segtui.settings.json").read_text() == written, "the file keeps its values until then"
        for name, text in (("dryRun", "false"), ("tags", '["a"]'), ("headers", '{"x": "1"}')):
            builder.field(names.index(name)).value = text
        await pilot.press("ctrl+s")
        await wait_for_runs(pilot, 2)
        shown = app.main_screen.shown
        assert shown.refused is None
        assert shown.invocation.return_value == {"tags": ["a"], "headers": {"x": "1"}, "endpoint": "https://ledger.example"}
    assert json.loads((workdir / "segtui.settings.json").read_text()) == {
        "endpoint": "https://ledger.example", "dryRun": False, "tags": ["a"], "headers": {"x": "1"},
        "token": "tok-9f8e7d6c5b4a"}


async def test_a_wrong_type_written_while_the_tui_is_open_refuses_runs_until_fixed(make_app, workdir) -> None:
    app = make_app(HANDLER, schema=SCHEMA, settings={**WRONG, "dryRun": True, "tags": [], "headers": {}})
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert app.main_screen.shown.invocation.return_value == "dry run"
        (workdir / "segtui.settings.json").write_text(json.dumps({**WRONG, "tags": [], "headers": {}}))
        await wait_for_runs(pilot, 2)
        assert "must be a boolean (true or false), got a string" in (app.main_screen.shown.refused or "")
        builder = await open_builder(pilot)
        assert "so runs are refused" in flag(builder, "dryRun")


def test_the_headless_commands_still_refuse_a_wrong_type_clearly(workdir) -> None:
    (workdir / "handler.js").write_text(HANDLER)
    (workdir / "segtui.json").write_text(json.dumps({"settings": SCHEMA}))
    (workdir / "segtui.settings.json").write_text(json.dumps(WRONG))
    for command in (("run", "handler.js", "--event", "track", "--offline"), ("test", "handler.js", "track")):
        done = segtui(*command, cwd=workdir)
        assert done.returncode == 2, done
        assert 'setting "dryRun" (Dry Run) in segtui.settings.json must be a boolean' in done.stderr
        assert "Traceback" not in done.stdout + done.stderr and "tok-9f8e7d6c5b4a" not in done.stdout + done.stderr
