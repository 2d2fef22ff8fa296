"""The mock file is parsed in the run's worker, not on the UI loop: a large YAML file froze the app at each run."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from support.http_server import Reply

from segtui import mock_rules
from segtui.ui.messages import FilesChanged, RunFinished
from segtui.ui.mock_file import UNREAD, read_mock_text
from segtui.user_files import real_path
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


HOLDS = """\
async function onTrack(event, settings) {
  const res = await fetch(settings.base + "/hold");
  return await res.text();
}
"""


async def test_a_suite_the_mock_file_refuses_stops_no_run_and_changes_no_suite(make_app, workdir: Path, loopback):
    # A review: ctrl+t stopped the run in progress before its worker found the mock file broken, and the screen took
    # the picker's events for the suite's rows though no suite started (the suite whose rows the table shows).
    release, held = threading.Event(), []
    loopback.routes["/hold"] = lambda _received: held.append(True) or release.wait(60) and Reply(body=b"held")
    release.set()
    app = make_app(HOLDS, "--setting", f"base={loopback.base}", timeout=120)
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        release.clear()
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: len(held) == 2, what="the run's request, held")
        (workdir / "rules.yaml").write_text("- url: https://api.example.com/\n  stat: 200\n")
        screen.settings.use_mock(workdir / "rules.yaml")  # as a save of it makes the watcher do, its report not yet in
        seen = record_notifications(app)
        await pilot.press("ctrl+t")
        await wait_until(pilot, lambda: any(options.get("title") == "Suite not run" for _, options in seen),
                         what="the suite refused")
        assert screen.running
        release.set()
        await wait_for_runs(pilot, 2, timeout=30)
        assert screen.history.runs[-1].invocation.return_value == "held"
        assert screen.selection.suite == []
        assert screen.results.suite.row_count == 0


async def test_the_mock_file_is_read_off_the_ui_loop_when_it_changes(make_app, workdir: Path):
    # A review: each change of the mock file was read on the app's loop (a large one, or one on a slow disk, held it).
    mock = workdir / "segtui.mock.yaml"
    app = make_app(FETCHES, "--offline")
    read_on_loop: list[Path] = []
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert screen.settings.config.network.mock is None

        def watch(frame, event, _arg) -> None:  # calls on this thread, the app's loop's
            if event == "call" and frame.f_code is Path.read_text.__code__ and frame.f_locals["self"].name == mock.name:
                read_on_loop.append(frame.f_locals["self"])

        sys.setprofile(watch)
        try:
            mock.write_text(_rules(3, 201))  # created beside the handler: used from now on, and run again
            await wait_until(pilot, lambda: len(screen.history) >= 2 and not screen.running, what="the run mocked")
            assert screen.history.runs[-1].invocation.return_value == 201
            mock.write_text(_rules(3, 202))
            await wait_until(pilot, lambda: len(screen.history) >= 3 and not screen.running, what="the re-run")
            assert screen.history.runs[-1].invocation.return_value == 202
            mock.unlink()  # removed: requests go live again (refused offline)
            await wait_until(pilot, lambda: screen.settings.config.network.mock is None and len(screen.history) >= 4
                             and not screen.running, what="the run without mocks")
        finally:
            sys.setprofile(None)
        assert read_on_loop == []
        assert screen.history.runs[-1].invocation.return_value != 202


LOCAL = """\
async function onTrack(event, settings) {
  const res = await fetch(settings.base + "/hit");
  return "v1 " + res.status;
}
"""


async def test_a_save_with_the_mock_file_in_one_batch_runs_on_the_rules_just_read(make_app, workdir: Path, loopback):
    # A review: the save's run was built at once from the rules before the batch while the mock file was read in a
    # worker: a segtui.mock.yaml created with the save let that run go live (a real request), labelled no longer "save".
    app = make_app(LOCAL, "--setting", f"base={loopback.base}")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        screen.stop_watching()  # the batch below is reported once, as the watcher reports one save
        loopback.take()
        mock = workdir / "segtui.mock.yaml"
        mock.write_text(f"- url: {loopback.base}/hit\n  status: 203\n")
        (workdir / "handler.js").write_text(LOCAL.replace("v1", "v2"))
        screen.post_message(FilesChanged({real_path(mock), real_path(workdir / "handler.js")}))
        await wait_until(pilot, lambda: len(screen.history) >= 2 and not screen.running, what="the save's run")
        await pilot.pause(0.3)
        record = screen.history.runs[-1]
        assert (record.trigger, record.invocation.return_value) == ("save", "v2 203")
        assert record.reload_ms is not None
        assert len(screen.history) == 2, "one run for the batch"
        assert loopback.take() == [], "no live request"


async def test_a_mock_file_that_cannot_be_read_any_more_refuses_the_run_rather_than_going_live(make_app, workdir: Path):
    # A review: a segtui.mock.yaml segtui could not read was taken for none: requests went live without a word.
    mock = workdir / "segtui.mock.yaml"
    mock.write_text(_rules(1, 201))
    app = make_app(FETCHES, "--offline")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert screen.history.runs[-1].invocation.return_value == 201
        mock.unlink()
        mock.symlink_to(mock.name)  # a loop of links: there, but no one can read it (root reads through permissions)
        await wait_until(pilot, lambda: len(screen.history) >= 2 and not screen.running, what="the re-run")
        await pilot.pause(0.3)
        refused = screen.history.runs[-1].refused or ""
        assert "segtui.mock.yaml" in refused and "Fix the mock file" in refused, refused
        assert screen.settings.config.network.mock is not None


async def test_a_save_held_for_the_mock_files_read_still_runs_when_that_read_fails(make_app, workdir: Path, monkeypatch):
    # A review: a save that changed the mock file too waited for its read, for ever when the reader itself failed.
    from segtui.ui.widgets import mock_reader

    mock = workdir / "segtui.mock.yaml"
    mock.write_text(_rules(1, 201))
    app = make_app(FETCHES.replace("res.status", '"v1 " + res.status'), "--offline")
    async with app.run_test(size=(120, 36)) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        screen.stop_watching()

        def failing(_path: Path) -> str | None:  # no file makes read_mock_text raise (it says why): a bug in it would
            raise RuntimeError("the reader failed")

        monkeypatch.setattr(mock_reader, "read_mock_text", failing)
        mock.write_text(_rules(1, 202))
        (workdir / "handler.js").write_text(FETCHES.replace("res.status", '"v2 " + res.status'))
        screen.post_message(FilesChanged({real_path(mock), real_path(workdir / "handler.js")}))
        await wait_until(pilot, lambda: len(screen.history) >= 2 and not screen.running, what="the held save's run")
        record = screen.history.runs[-1]
        assert (record.trigger, record.invocation.return_value) == ("save", "v2 202")


async def test_the_mock_file_is_first_read_off_the_ui_loop(make_app, workdir: Path):
    # A review: the first read of the mock file, as the main screen was made, was still on the app's loop.
    mock = workdir / "segtui.mock.yaml"
    mock.write_text(_rules(3, 201))
    read_on_loop: list[Path] = []

    def watch(frame, event, _arg) -> None:  # calls on this thread, the app's loop's
        if event == "call" and frame.f_code is Path.read_text.__code__ and frame.f_locals["self"].name == mock.name:
            read_on_loop.append(frame.f_locals["self"])

    sys.setprofile(watch)
    try:
        app = make_app(FETCHES, "--offline")  # the main screen is made with the app
        async with app.run_test(size=(80, 24)) as pilot:
            await wait_for_runs(pilot, 1)
            screen = app.main_screen
            await wait_until(pilot, lambda: screen.mock_file._text != UNREAD, what="the first read")
            sys.setprofile(None)
            assert screen.history.runs[-1].invocation.return_value == 201
            mock.write_text(_rules(3, 202))  # told against the first read: a change, run again
            await wait_until(pilot, lambda: len(screen.history) >= 2 and not screen.running, what="the re-run")
            assert screen.history.runs[-1].invocation.return_value == 202
            await pilot.pause(0.3)
            assert len(screen.history) == 2
    finally:
        sys.setprofile(None)
    assert read_on_loop == []


async def test_a_mock_file_changed_after_the_first_run_read_its_rules_runs_again(make_app, workdir: Path):
    # A review: the first read, the one later reads are told against, ran beside the first run: the file changed after
    # the run's requests read its rules and before that read, the watcher then saw no change, and nothing ran again.
    mock = workdir / "segtui.mock.yaml"
    mock.write_text(_rules(3, 201))
    run_ended = threading.Event()
    first_read: list[str] = []

    def hold_the_first_read(frame, event, _arg) -> None:  # in the workers' threads: the first read waits for the run
        if event == "call" and frame.f_code is read_mock_text.__code__ and not first_read:
            first_read.append(threading.current_thread().name)
            run_ended.wait(3)  # (it never comes while the first run waits for this read)

    def hook(message) -> None:
        if isinstance(message, RunFinished) and not run_ended.is_set():
            mock.write_text(_rules(3, 202))  # after the run's request was answered (201), before the first read
            run_ended.set()

    threading.setprofile(hold_the_first_read)
    try:
        app = make_app(FETCHES, "--offline")
        async with app.run_test(size=(80, 24), message_hook=hook) as pilot:
            await wait_for_runs(pilot, 1)
            screen = app.main_screen
            await wait_until(pilot, lambda: screen.mock_file._text != UNREAD, what="the first read")
            screen.post_message(FilesChanged({real_path(mock)}))  # as the watcher says of the write
            await wait_until(pilot, lambda: screen.history.runs[-1].invocation.return_value == 202 and not screen.running,
                             timeout=15, what="a run on the new rules")
    finally:
        threading.setprofile(None)  # type: ignore[arg-type]
    assert first_read
