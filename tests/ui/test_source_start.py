"""A source function's debugger starts on a bundled sample request by name, as `segtui run --request` takes one."""

from __future__ import annotations

import subprocess
import sys

from ui.helpers import wait_for_runs, write

SOURCE = """\
async function onRequest(request, settings) {
  Segment.track({ event: "Hook", userId: "u1", properties: { method: request.method } });
}
"""


async def test_the_debugger_starts_on_the_sample_request_named_by_event(make_app, workdir) -> None:
    # A new user's probe: `segtui source.js --event form-urlencoded` (`segtui run` takes `--request form-urlencoded`)
    # was refused as "no such file", offering the Spec samples identify, track, …, which a source function refuses.
    app = make_app(SOURCE, "--offline", "--event", "get-query")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert screen.shown.event_name == "get-query"
        assert screen.shown.view.emitted[0].json.count('"method": "GET"') == 1
        assert [event.group for event in screen.picker.events if event.source.name == "get-query"] == ["Sample requests"]
        assert screen.picker.get(screen.selection.key).source.name == "get-query"


def test_a_mistyped_sample_request_is_refused_offering_the_sample_requests(workdir) -> None:
    write(workdir / "handler.js", SOURCE)
    done = subprocess.run([sys.executable, "-m", "segtui", "handler.js", "--event", "webhook-jsn"], check=False,
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert 'Did you mean "webhook-json"?' in done.stderr
    assert "a bundled sample: webhook-json, form-urlencoded, get-query" in done.stderr and "identify" not in done.stderr
