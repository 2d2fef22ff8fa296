"""Edits a crash or a stop kept (events/NAME.unsaved.json) are listed to open, but no suite runs them: the user never
saved them as events."""

from __future__ import annotations

import json

from support.cli import segtui

from ui.helpers import record_notifications, wait_for_runs, wait_until

SIZE = (140, 40)
HANDLER = """async function onTrack(event) {
  if (event.properties.total < 0) throw new ValidationError('negative total');
  return event.properties.total;
}
"""
ORDER = {"type": "track", "event": "Order Completed", "properties": {"total": 9}}


async def test_an_edit_kept_on_a_stop_is_listed_but_not_run_by_the_suite(make_app, workdir) -> None:
    # A probe: SIGTERM with an edit of events/order.json unsaved kept it as events/order-edited.json, the name a saved
    # event gets; ctrl+t (and `segtui test`) then ran that half-done edit with the user's events, and failed on it.
    (workdir / "events").mkdir()
    (workdir / "events" / "order.json").write_text(json.dumps(ORDER))
    app = make_app(HANDLER, "--event", "events/order.json")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        app.main_screen.event_editor.text_area.load_text(json.dumps({**ORDER, "properties": {"total": -1}}))
        await pilot.pause()
        kept = app.keep_edits()  # what SIGTERM and SIGHUP do before exiting (app._stop_now)
    assert kept == ["Your event events/order.json, edited is in events/order.unsaved.json."]
    assert sorted(path.name for path in (workdir / "events").iterdir()) == ["order.json", "order.unsaved.json"]

    app = make_app(HANDLER, "--event", "events/order.json")
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        listed = [event for event in screen.picker.events if event.source.name == "events/order.unsaved.json"]
        assert len(listed) == 1, "the kept edit is listed, to open"
        screen.selection.select(listed[0].key)
        assert json.loads(screen.event_editor.text_area.text)["properties"] == {"total": -1}
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: any(note.startswith(f"{len(screen.picker.events) - 1} events:")
                                            for note, _ in notes), what="the suite's end")
        suite = screen.history.runs[1:]
        assert "events/order.json" in [run.event_name for run in suite]
        assert "events/order.unsaved.json" not in [run.event_name for run in suite]
        assert all(run.as_expected for run in suite if run.event_name.startswith("events/"))
        assert any("1 unsaved edit kept on a crash, a stop or a quit is not run: events/order.unsaved.json" in note
                   for note, _ in notes)


def test_segtui_test_leaves_out_an_edit_kept_on_a_stop(workdir) -> None:
    (workdir / "handler.js").write_text(HANDLER)
    (workdir / "events").mkdir()
    (workdir / "events" / "order.json").write_text(json.dumps(ORDER))
    (workdir / "events" / "order.unsaved.json").write_text(json.dumps({**ORDER, "properties": {"total": -1}}))
    done = segtui("test", "handler.js", cwd=workdir)
    assert done.returncode == 0, done
    assert "order.unsaved" not in done.stdout and "events/order" in done.stdout
    assert ("events/order.unsaved.json: an edit segtui kept unsaved on a crash, a stop or a quit, skipped (save it under "
            "another name to run it)") in done.stderr
    named = segtui("test", "handler.js", "events/order.unsaved.json", cwd=workdir)
    assert named.returncode == 1 and "negative total" in named.stdout, named


async def test_an_edit_kept_on_a_stop_is_never_the_event_run_at_start_up(make_app, workdir) -> None:
    # A review: the TUI ran first the first event beside the handler, events/ included, so a kept edit sorted before
    # the user's events (or alone there) was the run the panes showed at start-up.
    (workdir / "events").mkdir()
    (workdir / "events" / "a.unsaved.json").write_text(json.dumps({**ORDER, "properties": {"total": -1}}))
    (workdir / "events" / "b.json").write_text(json.dumps(ORDER))
    for given, first in (((), "events/b.json"), (("--event", "events/a.unsaved.json"), "events/a.unsaved.json")):
        app = make_app(HANDLER, *given)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for_runs(pilot, 1)
            assert app.main_screen.history.runs[0].event_name == first
    (workdir / "events" / "b.json").unlink()
    app = make_app(HANDLER)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert app.main_screen.history.runs[0].event_name == "track", "the track sample, as with no event of its own"
