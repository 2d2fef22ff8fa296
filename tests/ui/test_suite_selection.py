"""After the suite (ctrl+t), the run the panes show is the selected event's: ctrl+r runs again what is shown."""

from __future__ import annotations

import json
from contextlib import asynccontextmanager

from ui.helpers import record_notifications, wait_for_runs, wait_until

SIZE = (140, 40)
HANDLER = """async function onTrack(event, settings) {
  if (!event.properties || event.properties.total === undefined) throw new ValidationError('no total');
  return event.properties.total;
}
async function onIdentify(event) {
  if (!event.userId) throw new InvalidEventPayload('no userId');
  return event.userId;
}
"""
EVENTS = {"order": {"type": "track", "event": "Order Completed", "properties": {"total": 9}},
          "anon": {"type": "identify", "anonymousId": "a1"},
          "known": {"type": "identify", "userId": "u1"}}


def write_events(workdir) -> None:
    (workdir / "events").mkdir()
    for name, event in EVENTS.items():
        (workdir / "events" / f"{name}.json").write_text(json.dumps(event))


async def run_suite(pilot, notes, count: int) -> None:
    await pilot.press("ctrl+t")
    await wait_until(pilot, lambda: any(note.startswith(f"{count} events") for note, _ in notes), what="the suite's end")
    await pilot.pause()


async def rerun(pilot, app) -> str:
    """Press ctrl+r and give the name of the event it ran."""
    done = len(app.main_screen.history)
    await pilot.press("ctrl+r")
    await wait_for_runs(pilot, done + 1)
    return app.main_screen.history.runs[-1].event_name


@asynccontextmanager
async def _opened_on_order(make_app, workdir):
    """The app on the events folder with events/order.json selected, its first run done: (pilot, app, notes)."""
    write_events(workdir)
    app = make_app(HANDLER, "--event", "events/order.json", "--events", "events")
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        yield pilot, app, notes


async def test_ctrl_r_after_the_suite_runs_the_failure_it_shows(make_app, workdir) -> None:
    # A probe: with events/order.json selected, ctrl+t showed the first failure (the batch sample) in the panes and the
    # status line, but the picker and the event editor kept order.json, so ctrl+r ran order.json, not what was shown.
    async with _opened_on_order(make_app, workdir) as (pilot, app, notes):
        screen = app.main_screen
        await run_suite(pilot, notes, len(screen.picker.events))
        shown = screen.shown
        assert shown.trigger == "suite" and not shown.as_expected and shown.event_name != "events/order.json"
        assert screen.event_editor.event.source.name == shown.event_name
        assert screen.picker.selected == screen.event_editor.event.key
        assert await rerun(pilot, app) == shown.event_name


async def test_ctrl_r_after_a_suite_that_passed_runs_the_selected_event_it_shows(make_app, workdir) -> None:
    # The suite ran without a failure: the panes showed its last run (a sample), ctrl+r ran the selected event.
    write_events(workdir)
    (workdir / "events" / "anon.json").unlink()
    app = make_app(HANDLER.replace("throw new InvalidEventPayload('no userId')", "return null")
                   .replace("throw new ValidationError('no total')", "return 0"), "--event", "events/order.json")
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        await run_suite(pilot, notes, len(screen.picker.events))
        assert screen.shown.trigger == "suite" and screen.shown.event_name == "events/order.json"
        assert await rerun(pilot, app) == "events/order.json"


async def test_the_picker_highlights_the_failure_the_suite_shows_though_a_filter_hid_it(make_app, workdir) -> None:
    # A new user's trial: the picker filtered to "known" (enter ran it), ctrl+t showed the first failure, and the picker
    # went on highlighting known.json, the only row its filter left, while ctrl+r and a save ran the failure.
    async with _opened_on_order(make_app, workdir) as (pilot, app, notes):
        screen = app.main_screen
        await pilot.press("f2", *"known", "enter")
        await wait_until(pilot, lambda: screen.shown.event_name == "events/known.json", what="known.json's run")
        await run_suite(pilot, notes, len(screen.picker.events))
        options = screen.picker.option_list
        assert screen.shown.event_name != "events/known.json"
        assert options.get_option_at_index(options.highlighted).id == screen.selection.key
        assert screen.picker.filter.value == ""
