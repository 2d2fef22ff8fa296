"""Screenshots of an insert function's change to the event and a source function's emitted messages.

Update them with `pytest tests/ui/test_kind_snapshots.py --snapshot-update` and look at the report.
"""

from __future__ import annotations

import json

from ui.helpers import wait_for_runs, write
from ui.kind_handlers import INSERT, SOURCE

SIZE = (140, 40)


async def _settled(pilot, runs: int) -> None:
    await wait_for_runs(pilot, runs, timeout=60)
    pilot.app.clear_notifications()
    await pilot.pause()


def test_insert_change(snap_compare, make_app, workdir) -> None:
    write(workdir / "segtui.json", json.dumps({"kind": "insert"}))

    async def run_before(pilot) -> None:
        await _settled(pilot, 1)

    assert snap_compare(make_app(INSERT), terminal_size=SIZE, run_before=run_before)


def test_source_emitted_messages(snap_compare, make_app, workdir) -> None:
    write(workdir / "requests" / "order.json", json.dumps({
        "method": "POST", "url": "https://hooks.example/?source=shop", "headers": {"Content-Type": "application/json"},
        "body": {"id": "evt_1", "customer": {"id": "c1", "email": "p@example.com"}}}))

    async def run_before(pilot) -> None:
        await _settled(pilot, 1)

    assert snap_compare(make_app(SOURCE, "--offline", "--setting", "apiKey=sekrit-value"), terminal_size=SIZE,
                        run_before=run_before)


def test_source_on_a_small_terminal(snap_compare, make_app, workdir) -> None:
    # A probe at 60x20: the three result panes sat side by side 6 cells wide each, "✔ Succes" above "s"; they take
    # turns under a strip of tabs (Return, Log, Emitted (2)), Callback Return first, as wide as the results.
    write(workdir / "requests" / "order.json", json.dumps({
        "method": "POST", "url": "https://hooks.example/?source=shop", "headers": {"Content-Type": "application/json"},
        "body": {"id": "evt_1", "customer": {"id": "c1", "email": "p@example.com"}}}))

    async def run_before(pilot) -> None:
        await _settled(pilot, 1)

    assert snap_compare(make_app(SOURCE, "--offline", "--setting", "apiKey=sekrit-value"), terminal_size=(60, 20),
                        run_before=run_before)
