"""A run that logs many lines is shown at once; its lines, masked off the UI loop, follow in the Raw Log Output."""

from __future__ import annotations

from dataclasses import replace

from segtui.invocation import LogEntry
from segtui.ui.messages import RunFinished
from segtui.ui.views import LOGS_AT_ONCE
from segtui.ui.widgets.raw_log_output import RawLogOutput
from segtui.ui.widgets.run_tables import RunSelected
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


WIDE = """\
async function onTrack(event, settings) {
  for (let i = 0; i < 1000; i++) console.log("line " + i + " key " + settings.apiKey + " " + "x".repeat(1900));
  return "done";
}
"""
ENCODED = """\
async function onTrack(event, settings) {
  const k = settings.apiKey, hex = Array.from(k).map((c) => c.charCodeAt(0).toString(16).padStart(2, "0")).join("");
  for (let i = 0; i < 3000; i++) {
    console.log(`b64 ${i} ${btoa(k)} hex ${hex} url ${encodeURIComponent("a b" + k)} json ${JSON.stringify({ k, i })}`);
  }
  return "done";
}
"""
SCHEMA = [{"name": "apiKey", "label": "API Key", "sensitive": True}]


def masking_workers(app) -> list:
    """The workers masking a run's log lines, running or cancelled but not yet ended."""
    return [worker for worker in app.workers if worker.name == "masking the log"]


async def test_a_run_with_few_but_long_log_lines_is_shown_before_they_are_masked(make_app) -> None:
    # A review: 1,000 entries of ~2,000 characters (2 MB) were masked in the run's worker before anything showed (2.6 s).
    app = make_app(WIDE, schema=SCHEMA, settings={"apiKey": SECRET})
    masked_yet: list[bool] = []

    def hook(message) -> None:
        if isinstance(message, RunFinished) and message.record.view is not None:
            masked_yet.append(message.record.view.logs is not None)

    async with app.run_test(size=(120, 36), message_hook=hook) as pilot:
        await wait_for_runs(pilot, 1)
        assert masked_yet and not masked_yet[0]
        await wait_until(pilot, lambda: len(log_messages(app)) >= 1000, what="the masked lines")
        lines = log_messages(app)
        assert lines[0].startswith("line 0 key •••••• xxx") and not any(SECRET in line for line in lines)


async def test_the_log_of_a_run_is_masked_by_one_worker_that_goes_on_while_another_run_is_shown(make_app) -> None:
    # A review: each show of a run not yet masked started a worker, and one cancelled (another run shown) kept masking
    # every line: 6 selections made 7 masking threads, which starved the pool (a run shown 5 s after ctrl+r, not 0.45 s).
    app = make_app(ENCODED, schema=SCHEMA, settings={"apiKey": SECRET})
    masked: list[tuple[int, bool]] = []  # (run, whether its view's logs were still unset as the message came)

    def hook(message) -> None:
        if isinstance(message, RawLogOutput.Masked) and message.record.view is not None:
            masked.append((message.record.number, message.record.view.logs is None))

    async with app.run_test(size=(120, 36), message_hook=hook) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        first = screen.history.runs[-1]
        assert first.view is not None and first.view.logs is None
        pane = screen.query_one(RawLogOutput)
        for _ in range(3):  # shown again (a selection, a layout change): the worker masking it goes on alone
            pane.show(first, screen.clock)
        assert len(masking_workers(app)) == 1
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, 2)
        for number in (1, 2, 1, 2):
            screen.post_message(RunSelected(number))
            await pilot.pause(0.05)
        assert len(masking_workers(app)) <= 2
        await wait_until(pilot, lambda: len(log_messages(app)) >= 3000, what="the second run's masked lines")
        await wait_until(pilot, lambda: not masking_workers(app), what="the masking workers to end")
        assert sorted(masked) == [(1, True), (2, True)]  # once each, the view's logs set on the UI loop from the message
        assert first.view.logs is not None and not any(SECRET in line.text for line in first.view.logs.lines)
        assert not any(SECRET in line for line in log_messages(app))


async def test_a_log_that_cannot_be_masked_says_so(make_app) -> None:
    app = make_app(WIDE, schema=SCHEMA, settings={"apiKey": SECRET})
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        record = screen.history.runs[-1]
        assert record.view is not None
        broken_logs = [LogEntry("log", None, "2024-01-01T00:00:00Z")]  # type: ignore[arg-type]  # no text to mask
        broken = replace(record, invocation=replace(record.invocation, logs=broken_logs),
                         view=replace(record.view, logs=None))
        screen.query_one(RawLogOutput).show(broken, screen.clock)
        note = screen.query_one("#log-note")
        await wait_until(pilot, lambda: "could not be shown" in str(note.render()), what="the note")
        assert broken.view is not None and broken.view.logs is not None and log_messages(app) == []
