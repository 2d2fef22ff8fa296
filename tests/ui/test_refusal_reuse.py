"""A refused run masks its reason with the session's Masker and reads the mock file with the session's rules: neither
is made again per run (a Masker of a PEM key takes 0.3-1 s to make, and a refusal on the UI loop held it so long)."""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from segtui import mock_rules
from segtui.masking import Masker
from segtui.ui.run_job import mock_checked
from ui.helpers import SIMPLE_HANDLER, wait_for_runs, wait_until

SCHEMA = [{"label": "API Key", "sensitive": True}, {"label": "Region", "required": True, "type": "string"}]
KEY = "Q7wZ3xR9-secret-key"
WATCHED = {Masker.__init__.__code__: "Masker", mock_rules.MockFile.__init__.__code__: "MockFile"}


@contextmanager
def counted_calls(counts: Counter[str]) -> Iterator[None]:
    """Count the Maskers and rule files made, on the app's loop and on every thread started meanwhile (the workers')."""

    def hook(frame, event, _arg) -> None:
        if event == "call" and frame.f_code in WATCHED:
            counts[WATCHED[frame.f_code]] += 1

    threading.setprofile(hook)
    sys.setprofile(hook)
    try:
        yield
    finally:
        sys.setprofile(None)
        threading.setprofile(None)  # type: ignore[arg-type]


async def refused_runs(pilot, count: int) -> None:
    """Run the selected event `count` more times, each refused."""
    screen = pilot.app.main_screen
    for _ in range(count):
        runs = len(screen.history)
        await pilot.press("ctrl+r")
        await wait_for_runs(pilot, runs + 1)
        assert screen.history.runs[-1].refused


@pytest.mark.parametrize("region", [None, 5])
async def test_a_run_refused_for_a_setting_makes_no_masker(make_app, region) -> None:
    # A required setting left empty, or one of the wrong type.
    app = make_app(SIMPLE_HANDLER, schema=SCHEMA, settings={"apiKey": KEY, "region": region})
    counts: Counter[str] = Counter()
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        assert "region" in (app.main_screen.history.runs[-1].refused or "").lower()
        with counted_calls(counts):
            await refused_runs(pilot, 3)
    assert counts["Masker"] == 0, counts


async def test_a_run_refused_for_the_mock_file_makes_no_masker_nor_rules(make_app, workdir: Path) -> None:
    mock = workdir / "mock.json"
    mock.write_text("[]")
    app = make_app(SIMPLE_HANDLER, "--mock", "mock.json", schema=SCHEMA, settings={"apiKey": KEY, "region": "eu"})
    counts: Counter[str] = Counter()
    with counted_calls(counts):  # from the start: the workers' threads start with the first run
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_runs(pilot, 1)
            screen = app.main_screen
            mock.write_text('[{"url": "https://api.example.com/v1?api_key=' + KEY + '", "status": 200,}]')
            await wait_until(pilot, lambda: bool(screen.history.runs[-1].refused), what="the refused run")
            counts.clear()
            await refused_runs(pilot, 3)
            refused = screen.history.runs[-1].refused or ""
    assert "api_key=••••••" in refused and KEY not in refused, refused
    assert counts["Masker"] == 0 and counts["MockFile"] == 0, counts


async def test_a_run_that_is_not_refused_makes_no_masker_on_the_ui_loop(make_app, workdir: Path) -> None:
    # A Masker is made for a refusal only: a run after the secret changed makes its own in the worker (the engine's).
    app = make_app(SIMPLE_HANDLER, schema=SCHEMA, settings={"apiKey": KEY, "region": "eu"})
    on_loop: Counter[str] = Counter()

    def hook(frame, event, _arg) -> None:  # calls on this thread, the app's loop's
        if event == "call" and frame.f_code in WATCHED:
            on_loop[WATCHED[frame.f_code]] += 1

    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        sys.setprofile(hook)
        try:
            (workdir / "segtui.settings.json").write_text('{"apiKey": "another-secret-key", "region": "eu"}')
            await wait_until(pilot, lambda: len(screen.history) >= 2 and not screen.running, what="the re-run")
        finally:
            sys.setprofile(None)
        assert not screen.history.runs[-1].refused
    assert on_loop["Masker"] == 0, on_loop


async def test_a_refusal_made_in_the_worker_masks_the_secrets_of_its_job_not_later_ones(make_app, workdir: Path) -> None:
    # A review: the job kept the session's masker, so a refusal made in the worker masked the secrets as they were
    # then: with the key changed while the job waited, the broken mock file's old key was shown.
    mock = workdir / "mock.json"
    mock.write_text("[]")
    app = make_app(SIMPLE_HANDLER, "--mock", "mock.json", schema=SCHEMA, settings={"apiKey": KEY, "region": "eu"})
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        settings = app.main_screen.settings
        mock.write_text('[{"url": "https://api.example.com/v1?api_key=' + KEY + '", "status": 200,}]')
        job = settings.job("track", "test", SIMPLE_HANDLER, {"type": "track"})
        settings.values = {**settings.values, "apiKey": "another-key-0123"}  # as a save of the Builder does
        assert settings.masker().text(KEY) == KEY
        refused = mock_checked(job).refused or ""
    assert "api_key=••••••" in refused and KEY not in refused, refused
