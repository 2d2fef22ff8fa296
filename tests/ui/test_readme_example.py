"""README's quick start opens the bundled example as README says."""

from __future__ import annotations

from pathlib import Path

from ui.helpers import wait_for_runs

SIZE = (140, 40)


async def test_readmes_first_command_opens_the_example_with_its_mock_rules() -> None:
    """README's quick start, `segtui examples/webhook/handler.js` from the repository's root, answers the example's
    requests from the mock rules beside it (--offline added here, so nothing a rule misses leaves the machine): the
    examples' mock files were named mock.yaml, which nothing finds without --mock, and the example went live."""
    from segtui.commands.tui import build_parser, make_setup
    from segtui.ui.app import SegtuiApp
    from segtui.ui.session import FrozenClock

    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")
    command = next(line for line in readme.splitlines() if line.startswith("python -m pip install . && segtui "))
    words = command.split("&& segtui ", 1)[1].split()
    assert words == ["examples/webhook/handler.js"]
    args = build_parser().parse_args([str(root / words[0]), "--offline"])
    app = SegtuiApp(make_setup(args), clock=FrozenClock(), cursor_blink=False)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        shown = app.main_screen.shown
        assert shown.invocation.outcome == "success"
        assert [request.source for request in shown.invocation.requests] == ["mock"]
        assert "network: mock + offline" in str(app.main_screen.status.render())
