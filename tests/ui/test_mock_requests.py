"""F4, then m: the selected request becomes a mock rule in the mock file, secrets masked, and the re-run is mocked."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import yaml
from support.http_server import Reply
from support.input_files import pipe_in_place

from segtui.masking import MASK
from segtui.ui.messages import MockRuleAdded
from segtui.ui.widgets.request_inspector import RequestInspector
from ui.helpers import outcome, record_notifications, wait_for_runs, wait_until

SIZE = (150, 40)
SECRET = "sk_live_4f9a2b7c"
SCHEMA = [{"label": "API Key", "sensitive": True}, {"label": "Endpoint"}]

POSTS = """\
async function onTrack(event, settings) {
  const response = await fetch(settings.endpoint + "/events?key=" + settings.apiKey, {
    method: "POST",
    headers: { "Content-Type": "application/json", Authorization: "Bearer " + settings.apiKey },
    body: JSON.stringify({ name: event.event }),
  });
  return { status: response.status, body: await response.json(), id: response.headers.get("x-request-id") };
}
"""


@pytest.fixture
def server(loopback):
    """The loopback server, answering POST /events with 201, JSON that echoes the secret, and a request id."""
    loopback.routes["/events"] = lambda received: Reply(
        201, json.dumps({"received": True, "key": SECRET}).encode(),
        [("Content-Type", "application/json"), ("X-Request-Id", "req_1"), ("Set-Cookie", "session=abc")])
    return loopback


async def test_mocking_a_live_request_writes_a_masked_rule_and_the_rerun_is_mocked(make_app, server, workdir: Path):
    app = make_app(POSTS, "--setting", f"endpoint={server.base}", "--setting", f"apiKey={SECRET}", schema=SCHEMA)
    added: list[MockRuleAdded] = []
    notes = record_notifications(app)

    def hook(message) -> None:
        if isinstance(message, MockRuleAdded):
            added.append(message)

    async with app.run_test(size=SIZE, message_hook=hook) as pilot:
        await wait_for_runs(pilot, 1)
        first = app.main_screen.history.runs[-1].invocation
        assert [request.source for request in first.requests] == ["live"]
        assert len(server.take()) == 1
        assert "network: live" in str(app.main_screen.status.render())
        await pilot.press("f4", "m")
        await wait_for_runs(pilot, 2)

        mock = workdir / "segtui.mock.yaml"
        assert {message.rule.path.resolve() for message in added} == {mock}
        text = mock.read_text(encoding="utf-8")
        assert SECRET not in text and "session=abc" not in text
        [rule] = yaml.safe_load(text)
        assert rule["method"] == "POST" and rule["status"] == 201
        assert rule["regex"].startswith("^http://127\\.0\\.0\\.1") and rule["regex"].endswith("/events\\?key=.+$")
        assert rule["json"] == {"received": True, "key": MASK}
        assert rule["headers"]["X-Request-Id"] == "req_1" and rule["headers"]["Set-Cookie"] == "******"

        again = app.main_screen.history.runs[-1].invocation
        assert [(request.source, request.mock_rule) for request in again.requests] == [("mock", 1)]
        # The detail names the rule that answered, as the notice did: "answered by: mock" left it to guess.
        inspector = app.main_screen.query_one(RequestInspector)
        await pilot.press("f4")
        await wait_until(pilot, lambda: "answered by" in inspector.detail_plain, what="the rerun's request")
        assert "answered by: mock rule 1\n" in inspector.detail_plain
        assert again.return_value == {"status": 201, "body": {"received": True, "key": MASK}, "id": "req_1"}
        assert server.take() == []
        assert "network: mock + live" in str(app.main_screen.status.render())
        assert any(message == "Rule 1 added to a new segtui.mock.yaml; running again." for message, _ in notes)


async def test_under_reveal_secrets_a_mock_rule_still_masks_every_form_of_a_secret(make_app, loopback, workdir: Path):
    # A mock file is shared: the rule masks the secret as its base64 and hex too, as the run's own masker does.
    forms = [base64.b64encode(f"user:{SECRET}".encode()).decode(), SECRET.encode().hex()]
    loopback.routes["/events"] = lambda received: Reply(
        201, json.dumps({"sig": forms[0], "hex": forms[1]}).encode(), [("Content-Type", "application/json")])
    app = make_app(POSTS, "--reveal-secrets", "--setting", f"endpoint={loopback.base}", "--setting", f"apiKey={SECRET}",
                   schema=SCHEMA)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f4", "m")
        await wait_for_runs(pilot, 2)
        text = (workdir / "segtui.mock.yaml").read_text(encoding="utf-8")
    assert SECRET not in text and forms[0] not in text and forms[1] not in text, text
    rule = yaml.safe_load(text)[0]
    assert MASK in rule["json"]["sig"] and rule["json"]["hex"] == MASK


OFFLINE = """\
async function onTrack(event, settings) {
  let response;
  try {
    response = await fetch("https://api.example-webhook.com/v1/events", { method: "POST", body: "{}" });
  } catch (error) {
    throw new RetryError(error.message);
  }
  return response.json();
}
"""

TYPO_RULES = """\
# Rules for the webhook API.
- method: POST
  url: https://api.example-webhook.com/v1/event   # a typo: the handler posts to /v1/events
  status: 202
"""


async def test_offline_the_closest_rule_is_named_and_m_adds_the_missing_rule(make_app, workdir: Path):
    mock = workdir / "mock.yaml"
    mock.write_text(TYPO_RULES, encoding="utf-8")
    app = make_app(OFFLINE, "--offline", "--mock", "mock.yaml")
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        error = app.main_screen.history.runs[-1].invocation.error
        assert error is not None and error.name == "RetryError"
        assert ("no mock rule matched it; the closest is rule 1 (url https://api.example-webhook.com/v1/event): "
                "path /v1/events, not /v1/event") in error.message
        await pilot.press("f4", "m")
        await wait_for_runs(pilot, 2)

        text = mock.read_text(encoding="utf-8")
        assert text.startswith(TYPO_RULES)
        appended = yaml.safe_load(text[len(TYPO_RULES):])
        assert appended == [{"method": "POST", "url": "https://api.example-webhook.com/v1/events", "status": 200,
                             "json": {}}]
        assert "# No response was recorded (segtui was offline): edit this answer." in text
        record = app.main_screen.history.runs[-1]
        assert record.ok and record.invocation.return_value == {}
        assert [(request.source, request.mock_rule) for request in record.invocation.requests] == [("mock", 2)]
        assert "Success" in outcome(app)

        await pilot.press("f4", "m")
        await wait_until(pilot, lambda: any("answers it already" in message for message, _ in notes),
                         what="the already-mocked warning")
        assert mock.read_text(encoding="utf-8") == text
        assert len(app.main_screen.history) == 2


async def test_a_mock_file_it_cannot_append_to_is_reported_and_left_alone(make_app, workdir: Path):
    mock = workdir / "mock.yaml"
    flow = "[{url: 'https://elsewhere.test/'}]\n"
    mock.write_text(flow, encoding="utf-8")
    app = make_app(OFFLINE, "--offline", "--mock", "mock.yaml")
    notes = record_notifications(app)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        await pilot.press("f4", "m")
        await wait_until(pilot, lambda: any(options.get("title") == "Not mocked" for _, options in notes),
                         what="the refusal")
        assert mock.read_text(encoding="utf-8") == flow
        assert len(app.main_screen.history) == 1


async def test_a_mock_file_written_beside_the_handler_mid_session_is_used_and_edits_to_it_run_again(
        make_app, server, workdir: Path) -> None:
    app = make_app(POSTS, "--setting", f"endpoint={server.base}", "--setting", f"apiKey={SECRET}", schema=SCHEMA)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        assert app.main_screen.history.runs[-1].invocation.requests[0].source == "live"
        rule = {"method": "POST", "prefix": f"{server.base}/events", "status": 202, "json": {"n": 1}}
        (workdir / "segtui.mock.yaml").write_text(yaml.safe_dump([rule]))
        await wait_for_runs(pilot, 2)
        second = app.main_screen.history.runs[-1].invocation
        assert second.requests[0].source == "mock" and second.return_value["body"] == {"n": 1}
        assert "network: mock + live" in str(app.main_screen.status.render())
        (workdir / "segtui.mock.yaml").write_text(yaml.safe_dump([{**rule, "json": {"n": 2}}]))
        await wait_for_runs(pilot, 3)
        assert app.main_screen.history.runs[-1].invocation.return_value["body"] == {"n": 2}


async def test_a_mock_file_broken_mid_session_refuses_the_run_and_a_deleted_default_one_goes_live(
        make_app, server, workdir: Path):
    # A new user's trial: a typo in the mock file showed as the handler's FetchError (a Retry), and deleting the
    # segtui.mock.yaml that `m` made left every request failing on the missing file.
    mock = workdir / "segtui.mock.yaml"
    mock.write_text(f"- url: {server.base}/events?key={SECRET}\n  method: POST\n  status: 202\n  json: {{}}\n")
    app = make_app(POSTS, "--setting", f"endpoint={server.base}", "--setting", f"apiKey={SECRET}", schema=SCHEMA)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        assert screen.history.runs[-1].invocation.return_value["status"] == 202
        mock.write_text(mock.read_text().replace("status: 202", "stat: 202"))
        await wait_for_runs(pilot, 2)
        await pilot.press("ctrl+r")
        await wait_until(pilot, lambda: screen.history.runs[-1].refused is not None, what="the run refused")
        refused = screen.history.runs[-1].refused or ""
        assert 'unknown key "stat"' in refused and "Fix the mock file" in refused, refused
        assert server.take() == [], "no request went out"
        mock.unlink()
        await wait_until(pilot, lambda: "network: live" in str(screen.status.render()), what="live again")
        await wait_until(pilot, lambda: screen.history.runs[-1].invocation.return_value is not None
                         and screen.history.runs[-1].invocation.return_value["status"] == 201, what="a live run")
        assert len(server.take()) == 1


@pytest.mark.parametrize("name", ["segtui.mock.yaml", "rules.yaml"], ids=["beside", "given"])
async def test_a_mock_file_made_a_named_pipe_mid_session_refuses_the_run_saying_so(make_app, server, workdir: Path, name):
    # Read on the app's own loop, it waited for ever for a writer: no key, no run, no quit.
    mock = workdir / name
    mock.write_text(f"- prefix: {server.base}/events\n  status: 202\n  json: {{}}\n")
    given = ("--mock", name) if name != "segtui.mock.yaml" else ()
    app = make_app(POSTS, "--setting", f"endpoint={server.base}", "--setting", f"apiKey={SECRET}", *given, schema=SCHEMA)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_runs(pilot, 1)
        screen = app.main_screen
        with pipe_in_place(mock):
            await wait_until(pilot, lambda: screen.history.runs[-1].refused is not None, what="the run refused")
        refused = screen.history.runs[-1].refused or ""
        assert f"{name} is a named pipe, not a file" in refused and "Fix the mock file" in refused, refused
        assert server.take() == [], "no request went out"
