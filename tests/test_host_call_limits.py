"""Host calls V8 cannot stop (segtui's Python answers them while JS waits) keep to the run's time limit."""

import pytest

ENGINE_OPTIONS = {"timeout_s": 2, "memory_mb": 64}

LONG_PBKDF2 = "crypto.pbkdf2Sync('p', 's', 1e9, 32, 'sha256')"


@pytest.mark.parametrize("call", [LONG_PBKDF2, f"try {{ {LONG_PBKDF2} }} catch (e) {{ return 'caught' }}",
                                  "await new Promise((r) => crypto.pbkdf2('p', 's', 2e9, 64, 'sha512', r))"],
                         ids=["sync", "caught", "callback"])
def test_a_derivation_past_the_time_limit_is_a_timeout_that_keeps_the_runs_logs_and_requests(runner, loopback, call):
    result = runner.run("async function onTrack(event, settings) {\n"
                        "  console.log('before', { a: 1 });\n"
                        "  const res = await fetch(settings.url);\n"
                        "  console.log('upstream said', res.status);\n"
                        f"  {call};\n"
                        "  return 'done';\n}", settings={"url": f"{loopback.base}/json"})
    assert (result.outcome, result.error.headline()) == ("timeout", "TimeoutError: Task timed out after 2.00 seconds")
    assert [entry.message for entry in result.logs] == ["before { a: 1 }", "upstream said 200"]
    assert [record.url for record in result.requests] == [f"{loopback.base}/json"]
    name = "crypto.pbkdf2Sync" if "Sync" in call else "crypto.pbkdf2"
    assert len(result.notes) == 1 and f"inside a host call, where V8 cannot stop it: {name} with" in result.notes[0]
    assert runner.run("async function onIdentify() { return 'still alive' }", {"type": "identify"}).return_value == "still alive"


def test_a_derivation_past_the_time_limit_at_the_top_level_is_a_load_timeout_that_names_it(runner):
    loaded = runner.load(f"{LONG_PBKDF2}\nasync function onTrack() {{}}")
    assert not loaded.ok
    assert loaded.error.name == "TimeoutError"
    assert "crypto.pbkdf2Sync with 1,000,000,000 iterations would take about" in loaded.error.message


def test_a_long_derivation_that_fits_in_the_time_limit_runs_as_node_runs_it(runner):
    result = runner.run("async function onTrack() {\n"
                        "  return crypto.pbkdf2Sync('p', 's', 200000, 40, 'sha1').toString('hex') }")
    assert result.return_value == "1eddb76fe3b7c4a707db5f089f3e64a6950ab7af68beed396a8573c800e75727b5623d26f912d031"  # Node 20
