"""The mark of a run the sandbox did not finish (segtui's crash, or the system's refusal to start one) is the same in
the debugger's views as in the command line's text: ‼, never the ✖ of the handler's own failure."""

from __future__ import annotations

import pytest

from segtui.invocation import CRASHED, REFUSED, ErrorInfo, Invocation
from segtui.textout import TextRenderer
from segtui.ui.views import outcome_mark


@pytest.mark.parametrize("outcome", [CRASHED, REFUSED, "retry"])
def test_the_views_mark_an_outcome_as_the_text_does(outcome):
    invocation = Invocation("handler.js", "track", None, outcome, error=ErrorInfo("SandboxRefused", "ulimit -n"))
    assert TextRenderer(colour=False).render(invocation, "track").split(" ", 1)[0] == outcome_mark(outcome)
