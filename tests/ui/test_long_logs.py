"""A run that logs many lines is shown at once; its lines, masked off the UI loop, follow in the Raw Log Output."""

from __future__ import annotations

from segtui.ui.messages import RunFinished
from segtui.ui.views import LOGS_AT_ONCE
from ui.helpers import log_messages, returned, wait_for_runs, wait_until

MANY = f"""\
async function onTrack(event, settings) {{
  for (let i = 0; i < {LOGS_AT_ONCE + 500}; i++) console.log("line " + i + " key " + settings.apiKey);
  for (const c of settings.apiKey) console.log(c);
  return "done";
}}
"""
SECRET = "sk_live_0123456789abcdef"


async def test_a_run_with_many_log_lines_is_shown_before_they_are_masked_and_they_follow(make_app) -> None:
    # A review: 200,000 lines logged (10,000 kept) were shown 5.5 s after the save for a 2.7 s run: every line was
    # masked in the run's worker before any of the run was shown.
    app = make_app(MANY, schema=[{"name": "apiKey", "label": "API Key", "sensitive": True}],
                   settings={"apiKey": SECRET})
    masked_yet: list[bool] = []  # as each run reaches the screen

    def hook(message) -> None:
        if isinstance(message, RunFinished) and message.record.view is not None:
            masked_yet.append(message.record.view.logs is not None)

    async with app.run_test(size=(120, 36), message_hook=hook) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert masked_yet and not masked_yet[0]  # (the hook sees it at each widget it bubbles through)
        assert returned(app) == '"done"'
        await wait_until(pilot, lambda: len(log_messages(app)) >= LOGS_AT_ONCE + 500, what="the masked lines")
        lines = log_messages(app)
        assert lines[0] == "line 0 key ••••••" and not any(SECRET in line for line in lines)
        assert all(line == "" or "•" in line for line in lines[LOGS_AT_ONCE + 500:]), lines[LOGS_AT_ONCE + 500:]
        assert str(screen.query_one("#log-note").render()) == ""
