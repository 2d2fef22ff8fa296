"""The mock file is parsed in the run's worker, not on the UI loop: a large YAML file froze the app at each run."""

from __future__ import annotations

import sys
from pathlib import Path

from segtui import mock_rules
from ui.helpers import record_notifications, wait_for_runs, wait_until

FETCHES = """\
async function onTrack(event, settings) {
  const res = await fetch("https://api.example.com/v1/events", { method: "POST" });
  return res.status;
}
"""


def _rules(count: int, status: int) -> str:
    return "".join(f"- url: https://api.example.com/v1/other/{n}\n  status: 404\n" for n in range(count)) + \
        f"- url: https://api.example.com/v1/events\n  method: POST\n  status: {status}\n"


async def test_a_changed_mock_file_is_parsed_off_the_ui_loop_and_a_broken_one_still_refuses(make_app, workdir: Path):
    mock = workdir / "segtui.mock.yaml"
    mock.write_text(_rules(2000, 201))
    app = make_app(FETCHES, "--offline")
    parsed_on_loop: list[str] = []
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert screen.history.runs[-1].invocation.return_value == 201

        def watch(frame, event, _arg) -> None:  # calls on this thread, the app's loop's
            if event == "call" and frame.f_code is mock_rules._mock_data.__code__:
                parsed_on_loop.append(frame.f_code.co_name)

        sys.setprofile(watch)
        try:
            mock.write_text(_rules(2000, 202))  # a save of the mock file runs again
            await wait_until(pilot, lambda: len(screen.history) >= 2 and not screen.running, what="the re-run")
            await pilot.press("ctrl+r")
            await wait_for_runs(pilot, 3)
            assert screen.history.runs[-1].invocation.return_value == 202
            mock.write_text(_rules(10, 202).replace("status: 202", "stat: 202"))
            await wait_until(pilot, lambda: screen.history.runs[-1].refused is not None, what="the run refused")
            seen = record_notifications(app)
            await pilot.press("ctrl+t")
            await wait_until(pilot, lambda: any(options.get("title") == "Suite not run" for _, options in seen),
                             what="the suite refused")
        finally:
            sys.setprofile(None)
        assert parsed_on_loop == []
        refused = screen.history.runs[-1].refused or ""
        assert 'unknown key "stat"' in refused and "Fix the mock file" in refused, refused
        assert 'unknown key "stat"' in next(message for message, options in seen if options.get("title") == "Suite not run")
