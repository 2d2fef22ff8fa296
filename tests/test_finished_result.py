"""A result the sandbox fails to finish (segtui's bug) is answered as segtui's crash, so the run goes on: the answer
names the failure's type but never its message, which may quote a secret, and keeps the logs the result held."""

from __future__ import annotations

import json

from segtui.protocol import NetworkOptions
from segtui.sandbox.finished import crashed_text, result_text
from segtui.sandbox.network import Network
from segtui.sandbox.results import Committed

SECRET = "sk_live_finished_9f8e7d6c5b4a"


def _answer(text: str) -> dict[str, object]:
    answer = json.loads(text)
    assert answer["outcome"] == "sandbox_crashed" and answer["return"] is None and answer["requests"] == []
    assert answer["error"]["name"] == "SandboxError" and "bug in segtui" in answer["error"]["message"]
    return answer


def test_a_result_that_cannot_be_finished_is_answered_as_segtuis_crash_without_the_errors_words() -> None:
    # A result to clean up (its error's stack) whose text is cut: reading it back fails inside result_text.
    line = Committed(finished_ms=1, clean_up=True, text='{"event_type":"track","logs":[{"message":"' + SECRET)
    answer = _answer(result_text(line, 2.5, [], Network(NetworkOptions(), 5.0), "handler.js"))
    assert SECRET not in json.dumps(answer) and answer["duration_ms"] == 2.5
    assert "logs" not in answer  # the result could not be read: answered without its logs


def test_segtuis_crash_keeps_the_results_logs_and_names_the_failure_but_not_its_message() -> None:
    held = {"event_type": "track", "handler_name": "onTrack", "logs": [{"level": "log", "message": "before"}],
            "logs_dropped": 3, "return": SECRET}
    answer = _answer(crashed_text(json.dumps(held), 7.0, KeyError(f"no field {SECRET}")))
    assert answer["logs"] == held["logs"] and answer["logs_dropped"] == 3 and answer["handler_name"] == "onTrack"
    assert "KeyError" in answer["error"]["message"] and SECRET not in json.dumps(answer)
