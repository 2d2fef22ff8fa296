"""The text output of `segtui run`: a huge Callback Return costs memory in proportion to its text, coloured or not;
durations as the TUI writes them."""

from __future__ import annotations

import tracemalloc

import pytest
from rich.console import Console
from rich.highlighter import JSONHighlighter
from rich.text import Text

from segtui.terminal import ansi
from segtui.textout import TextRenderer

KEYS = 200_000
# Making and returning 200,000 keys took 1-1.5 s of the default 5 s limit, and 4.5 s on a busy machine (a CI run timed
# out): what is tested here is how the return renders, so the limit is no part of it.
ENGINE_OPTIONS = {"timeout_s": 60}


@pytest.mark.parametrize("colour", [True, False], ids=["colour", "plain"])
def test_a_callback_return_of_200000_keys_renders_in_memory_proportional_to_its_text(runner, colour):
    """Rich split the whole report into a Text per line (and highlighted it even for plain output): ~1.2 GB and
    ~20 s for a return of a million keys, which the sandbox had made within its 256 MB."""
    invocation = runner.run(f"async function onTrack() {{ const o = {{}}; for (let i = 0; i < {KEYS}; i++) o['k' + i] = i; "
                            "return o; }")
    assert invocation.outcome == "success" and len(invocation.return_value) == KEYS
    tracemalloc.start()
    try:
        shown = TextRenderer(colour).render(invocation, "track")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12 * len(shown), f"{peak:,} bytes at the peak for {len(shown):,} characters"
    assert f'"k{KEYS - 1}": {KEYS - 1}' in shown  # not highlighted: each token's style would cost a span


@pytest.mark.parametrize("text", [
    Text.assemble(("✔ Success", "bold green"), "  track → onTrack  ", ("1.0 ms", "dim"), "\n\n", ("Return", "bold")),
    JSONHighlighter()(Text('{\n  "a": [1, "b\\nc", null, true],\n  "d": {}\n}')),
    Text("two\nstyled lines\n", style="red"), Text("a\n\nb", style="bold reverse magenta"), Text(""), Text("plain")])
def test_coloured_text_is_what_richs_console_prints(text):
    console = Console(force_terminal=True, color_system="standard", width=1_000_000, highlight=False, markup=False,
                      emoji=False, soft_wrap=True)
    with console.capture() as captured:
        console.print(text, end="")
    assert ansi(text, True) == captured.get()


def test_durations_are_written_as_the_tui_writes_them(runner, loopback):
    # A probe: `segtui run` printed `1009.5 ms` where the TUI printed `1.01s`.
    from segtui.ui.session import Clock

    invocation = runner.run(f"async function onTrack() {{ return (await fetch('{loopback.base}/json')).status; }}")
    assert invocation.return_value == 200
    for ms in (1.44, 123.4, 1009.5):
        invocation.duration_ms = invocation.requests[0].duration_ms = ms
        shown = TextRenderer(False).render(invocation, "track")
        assert f"track → onTrack  {Clock().duration(ms)}\n" in shown
        assert shown.rstrip("\n").endswith(f"/json → 200 OK  {Clock().duration(ms)}")
    assert Clock().duration(1009.5) == "1.01s"


@pytest.mark.parametrize("thrown", [
    "JSON.stringify((() => { const o = {}; o.self = o; return o; })())",
    "new Headers({ 'x-a': 'a\\r\\nInjected: yes' })",
    "(() => { throw new Error('first\\nsecond\\nthird'); })()",
], ids=["circular-json", "crlf-header", "three-lines"])
def test_a_message_of_several_lines_is_shown_once_before_the_stack(runner, thrown):
    # A probe: the stack's first line was taken for the whole headline, so a message of several lines (V8's circular
    # JSON message, a header value holding CRLF) was shown again, indented, as if its later lines were stack frames.
    invocation = runner.run(f"async function onTrack() {{ {thrown}; }}")
    assert invocation.outcome == "bad_request" and "\n" in invocation.error.message
    shown = TextRenderer(False).render(invocation, "track")
    frames = shown.split("Callback Return\n", 1)[1].split("\n\n", 1)[0].splitlines()[len(invocation.error.message.splitlines()):]
    assert frames and all(frame.startswith("  at ") for frame in frames), shown


def test_styled_text_is_plain_as_richs_text_and_colours_as_it():
    # Plain output is joined without Rich (not imported for it: test_run_imports); coloured, the spans are Rich's.
    from segtui.styled_text import Styled

    section = Styled("\n\nEmitted \x07messages\r", "bold").append("\n1. a", "dim").append_json('{"a": [1, null]}')
    styled = Styled.assemble(("✔ Success", "bold green"), " \x08x\x0b\x0c ").append_text(section).append("", "red")
    rich = Text.assemble(("✔ Success", "bold green"), " \x08x\x0b\x0c ").append_text(
        Text("\n\nEmitted \x07messages\r", "bold").append("\n1. a", "dim").append_text(JSONHighlighter()(Text('{"a": [1, null]}'))))
    assert styled.plain == rich.plain == "✔ Success x \n\nEmitted messages\n1. a{\"a\": [1, null]}"
    assert ansi(styled.rich(), True) == ansi(rich, True)


def test_styled_text_drops_the_control_codes_richs_text_drops():
    # A canary: styled_text copies Rich's list rather than import rich.control (~27 ms, with rich.segment).
    from rich.control import STRIP_CONTROL_CODES

    from segtui.styled_text import _STRIPPED

    assert _STRIPPED == dict.fromkeys(STRIP_CONTROL_CODES)
