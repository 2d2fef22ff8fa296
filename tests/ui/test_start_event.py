"""The event selected at start: one the handler has a handler for, when there is no event file of the user's."""

from __future__ import annotations

from ui.helpers import outcome, wait_for_runs

IDENTIFY_ONLY = """\
async function onIdentify(event, settings) {
  return { contact: event.userId };
}
"""


async def test_a_handler_without_on_track_opens_on_the_identify_sample(make_app) -> None:
    # examples/crm-sync (onIdentify, onGroup, onDelete) opened on "Unsupported Event Type": the track sample ran first.
    app = make_app(IDENTIFY_ONLY)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert screen.picker.get(screen.selection.key).source.name == "identify"
        assert "Success" in outcome(app)
