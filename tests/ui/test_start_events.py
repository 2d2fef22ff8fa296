"""The events listed and selected at start: each file once, and one the handler has a handler for when there is no
event file of the user's."""

from __future__ import annotations

from segtui.ui.catalog import BESIDE
from ui.helpers import SIMPLE_HANDLER, outcome, wait_for_runs, write

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


DOCUMENTED = """\
/*
Segment calls, for each event type, the handler of its name:
async function onTrack(event, settings) { ... }
*/
const EXAMPLE = `
async function onPage(event, settings) {}
`;
""" + IDENTIFY_ONLY


async def test_a_handler_quoted_in_a_comment_or_a_template_is_not_taken_for_one(make_app) -> None:
    # A probe: a block comment and a template quoting handlers at a line's start made the guess take onTrack for
    # defined, so the handler opened on the track sample and answered Unsupported Event Type.
    app = make_app(DOCUMENTED)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert screen.picker.get(screen.selection.key).source.name == "identify"
        assert "Success" in outcome(app)


async def test_events_dot_lists_a_file_beside_the_handler_once(make_app, workdir) -> None:
    # A trial with `--events .` (the handler's own folder): order.json was listed under "Beside the handler" and again
    # under the folder's name.
    write(workdir / "order.json", '{"type": "track", "event": "Order Completed"}')
    write(workdir / "more" / "refund.json", '{"type": "track", "event": "Order Refunded"}')
    app = make_app(SIMPLE_HANDLER, "--events", ".")
    async with app.run_test(size=(60, 15)) as pilot:
        await wait_for_runs(pilot, 1)
        listed = [(event.group, event.source.name) for event in app.main_screen.picker.events
                  if event.path is not None and event.path.parent.name in ("fn", "more")]
        assert listed == [(BESIDE, "order.json"), ("fn/", "more/refund.json")], listed
