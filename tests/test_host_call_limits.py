"""The host's own work keeps to the run's time limit: calls V8 cannot stop (segtui's Python answers them while JS
waits), and the records of a run stopped there."""

import time

import pytest
from support.sandbox_helpers import HandlerRunner, make_engine
from support.wire_items import wire_item

from segtui.protocol import NetworkOptions
from segtui.sandbox.exchange import DEADLINE_NOTE
from segtui.sandbox.network import GONE, MAX_THREADS, Network

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


def test_a_later_load_timeout_does_not_name_the_derivation_an_earlier_load_was_stopped_in(runner):
    # A user's save after such a load: the next top level spins, with no host call in it.
    assert "crypto.pbkdf2Sync" in runner.load(f"{LONG_PBKDF2}\nasync function onTrack() {{}}").error.message
    loaded = runner.load("for (;;) {}\nasync function onTrack() {}")
    assert loaded.error.name == "TimeoutError" and "pbkdf2" not in loaded.error.message


def test_a_long_derivation_that_fits_in_the_time_limit_runs_as_node_runs_it(runner):
    result = runner.run("async function onTrack() {\n"
                        "  return crypto.pbkdf2Sync('p', 's', 200000, 40, 'sha1').toString('hex') }")
    assert result.return_value == "1eddb76fe3b7c4a707db5f089f3e64a6950ab7af68beed396a8573c800e75727b5623d26f912d031"  # Node 20


TEN_THOUSAND_FETCHES = ("async function onTrack(event, settings) {\n"
                        "  console.log('starting');\n"
                        "  await Promise.all(Array.from({ length: 1e4 }, () => fetch(settings.url)));\n}")


def test_a_run_stopped_amid_ten_thousand_concurrent_fetches_keeps_its_logs_and_the_first_thousand_records(tmp_path, loopback):
    # Making 10,000 requests takes ~0.6 s: a limit of its own keeps that well within it on a busy machine too.
    engine = make_engine(timeout_s=6, memory_mb=64)
    try:
        result = HandlerRunner(engine, tmp_path).run(TEN_THOUSAND_FETCHES, settings={"url": f"{loopback.base}/slow?ms=15000"})
    finally:
        engine.close()
    # Those on the network at once wait until the deadline; those queued behind them are never sent (each was sent
    # once its turn came after the deadline, with no time left to wait for its answer: hundreds in a run).
    assert len(loopback.take()) <= MAX_THREADS
    assert (result.outcome, [entry.message for entry in result.logs]) == ("timeout", ["starting"])
    assert len(result.requests) == 1000 and {record.url for record in result.requests} == {f"{loopback.base}/slow?ms=15000"}
    # All 10,000 are made well within the limit, unless a machine is very busy: the note counts those made.
    [note] = result.notes
    made = int(note.removeprefix("the run made ").split(" ", 1)[0].replace(",", ""))
    assert 1000 < made <= 10000, note
    assert note == (f"the run made {made:,} requests and was stopped at a limit: the first 1,000 are recorded; of the "
                    f"{made - 1000:,} after them: 0 answered, {made - 1000:,} still waiting at the time limit, 0 failed otherwise")


def test_a_fetch_call_deciding_past_the_deadline_sends_no_more_and_its_run_keeps_the_records_of_those_made(tmp_path):
    """Each request of the batch takes 0.5 s to decide (a mock regex that backtracks, given up by the clock), as
    thousands at once take on a machine too busy to give the sandbox a CPU: the call decided all twelve (6 s), outlived
    the stop's grace, and the run lost every record; now those made by the deadline are recorded and the rest are
    not sent."""
    mock = tmp_path / "mock.yaml"
    mock.write_text('- regex: "(x?a|a)+\\\\Z"\n  body: slow\n', encoding="utf-8")
    engine = make_engine(timeout_s=2, memory_mb=64, network={"mock": str(mock)})
    try:
        result = HandlerRunner(engine, tmp_path).run(
            "async function onTrack() {\n"
            "  console.log('starting');\n"
            "  await Promise.allSettled(Array.from({ length: 12 }, (_, i) => fetch('https://api.example.com/' + 'a'.repeat(40 + i) + '!')));\n"
            "  console.log('after');\n}")
    finally:
        engine.close()
    # The call ends soon after the deadline, so the handler goes on to its end, late: the run still timed out.
    assert (result.outcome, result.logs[0].message, result.notes) == ("timeout", "starting", [])
    assert [record.url for record in result.requests] == [f"https://api.example.com/{'a' * (40 + i)}!" for i in range(12)]
    decided = [record for record in result.requests if record.error and "took over 0.5 s to match" in record.error.message]
    unsent = [record for record in result.requests if "time limit before the request was sent" in (record.note or "")]
    assert decided and unsent and len(decided) + len(unsent) == 12


def test_a_run_stopped_after_many_failed_fetches_counts_those_it_does_not_record(runner):
    result = runner.run("async function onTrack() {\n"
                        "  await Promise.allSettled(Array.from({ length: 1200 }, () => fetch('http://127.0.0.1:9/')));\n"
                        "  for (;;);\n}")
    assert result.outcome == "timeout" and len(result.requests) == 1000
    assert result.notes[0].endswith("of the 200 after them: 0 answered, 0 still waiting at the time limit, 200 failed otherwise")


# A P-256 key encrypted with PBKDF2-SHA256 at 2**31 - 1 iterations (its count written into a key made with fewer):
# minutes of work inside cryptography, which holds Python's lock, so only a refusal up front keeps the run's logs.
SLOW_KEY = """-----BEGIN ENCRYPTED PRIVATE KEY-----
MIHuMFkGCSqGSIb3DQEFDTBMMCsGCSqGSIb3DQEFDDAeBAilnlrper3xUQIEf///
/zAMBggqhkiG9w0CCQUAMB0GCWCGSAFlAwQBKgQQfjKvThCjI/cAERdBR5j0QwSB
kFDyUDaKt7o7V3QNgtliDhcS+6/jSRq8EEm6kQCB+jQGFbHwc8IhWxLDDkEWExH7
ng0rWNyalkr3GY54AYxDS7psxCiMWlp1JUULx3k/MIAMcJnFLoEJYLkT7VfIvOUY
ekO9yFGdx2TZ6kaJ4VUwmBAoaYbjI3kV9iiLq/Xrn+7a/A/uqvlZfsb1ukXWs9E2
MQ==
-----END ENCRYPTED PRIVATE KEY-----
"""
# The same key encrypted with scrypt (N=1024, r=8, p=1), passphrase "pw": a derivation that fits the limit.
SCRYPT_KEY = """-----BEGIN ENCRYPTED PRIVATE KEY-----
MIHkME8GCSqGSIb3DQEFDTBCMCEGCSsGAQQB2kcECzAUBAj7bXNdtc1N7gICBAAC
AQgCAQEwHQYJYIZIAWUDBAEqBBD02JN1GXbz6PVVPTrvLSg5BIGQTL3EuKbItuMQ
laXp/Px2RrDE9rOjqV4SA6c4M33Eqeyay6eWV2lAZJJrYjkB+hRPGTg9vLJnmOkb
oonhrn1PlsmPbetBFnX9wGIY8LeA2ykh6lkQGmJqN5hTCl6YQ6brrUYHNVtBVjEQ
vDv2GUtlmDe+gEou/UCVhVicHUdknqL6tTYkpQDFHypyCLKAE9kH
-----END ENCRYPTED PRIVATE KEY-----
"""


@pytest.mark.parametrize("key", [SLOW_KEY, "Bag Attributes\n    friendlyName: segment\n" + SLOW_KEY],
                         ids=["bare", "after-openssl-pkcs12-attributes"])
def test_a_key_whose_decryption_would_pass_the_time_limit_is_refused_and_the_run_keeps_its_logs(runner, key):
    # OpenSSL, and cryptography, read the key after any text before its block, as `openssl pkcs12` writes.
    result = runner.run("async function onTrack(event, settings) {\n"
                        "  console.log('signing');\n"
                        "  return crypto.createSign('sha256').update('x').sign({ key: settings.key, passphrase: 'pw' });\n}",
                        settings={"key": key})
    assert (result.outcome, [entry.message for entry in result.logs]) == ("timeout", ["signing"])
    assert len(result.notes) == 1
    assert "decrypting the private key (PBKDF2-SHA256 with 2,147,483,647 iterations) would take about" in result.notes[0]


def test_a_key_whose_decryption_fits_the_time_limit_signs_and_verifies(runner):
    result = runner.run("async function onTrack(event, settings) {\n"
                        "  const key = { key: settings.key, passphrase: 'pw' };\n"
                        "  const signature = crypto.createSign('sha256').update('x').sign(key);\n"
                        "  return crypto.createVerify('sha256').update('x').verify(key, signature);\n}",
                        settings={"key": SCRYPT_KEY})
    assert result.outcome == "success" and result.return_value is True


@pytest.mark.parametrize(("delays", "notes"), [((15000, 15000), [DEADLINE_NOTE] * 2), ((50, 15000), [None, DEADLINE_NOTE])],
                         ids=["both-waiting", "one-answered-first"])
def test_requests_still_waiting_at_the_deadline_are_not_answered_to_a_handler_whose_run_is_being_stopped(
        runner, loopback, delays, notes):
    # Several at once wait on the pool until the deadline, then go back as tickets; or one is answered first and the
    # other goes on as a ticket that fetch_wait waits on through the deadline. Either way they are left unanswered
    # (10,000 rejected there cost a starved sandbox seconds of its stop), so the handler cannot go on past its time
    # limit, as on Segment.
    fetches = ", ".join(f"fetch(settings.url + '?ms={ms}')" for ms in delays)
    result = runner.run("async function onTrack(event, settings) {\n"
                        "  console.log('starting');\n"
                        f"  try {{ await Promise.all([{fetches}]) }}\n"
                        "  catch (e) { console.log('caught', e.type) }\n}", settings={"url": f"{loopback.base}/slow"})
    assert (result.outcome, [entry.message for entry in result.logs]) == ("timeout", ["starting"])
    assert [record.note for record in result.requests] == notes


@pytest.mark.parametrize("made_after_s", [0, 0.35], ids=["waiting-at-the-deadline", "made-after-it"])
@pytest.mark.parametrize("count", [1, 2], ids=["lone", "pooled"])
def test_the_fetch_host_call_answers_no_request_once_its_run_has_reached_its_deadline(loopback, tmp_path, count,
                                                                                      made_after_s):
    # When the sandbox stops V8 at the deadline is up to a busy machine's scheduler: a fetch that returned a timeout
    # there let its handler catch it and log past its limit (seen in CI). The host call itself withholds the answers.
    network = Network(NetworkOptions(record=str(tmp_path / "cassette.json")), timeout_s=0.3)
    network.begin_run(time.perf_counter())
    time.sleep(made_after_s)  # past the deadline, within its grace (a lone request made there was still sent)
    replies = network.fetch({"items": [wire_item(loopback.port, "/slow?ms=5000")] * count})
    assert replies == [GONE] * count
    assert len(loopback.take()) == (0 if made_after_s else count)
    records = network.take_records()
    assert len(records) == count and all(record["note"].startswith(DEADLINE_NOTE) for record in records)
    # --record's cassette keeps what the network did: a request sent and cut off, never one segtui did not send.
    assert [("interaction" in record) for record in records] == [not made_after_s] * count


def test_a_scrypt_past_the_time_limit_is_a_timeout_that_names_it_and_keeps_the_runs_logs(runner):
    # 2**30 units of work (N * r * p) in 10 MB, within maxmem: minutes inside hashlib, which V8 cannot stop.
    result = runner.run("async function onTrack() {\n"
                        "  console.log('deriving');\n"
                        "  return crypto.scryptSync('p', 's', 32, { N: 2 ** 14, r: 1, p: 2 ** 16 });\n}")
    assert (result.outcome, [entry.message for entry in result.logs]) == ("timeout", ["deriving"])
    assert len(result.notes) == 1 and "crypto.scrypt with N=16,384, r=1, p=65536 would take about" in result.notes[0]


def test_a_scrypt_past_the_memory_limit_is_refused_as_a_memory_error(runner):
    # A maxmem that lets OpenSSL (and Node) take 1 GB: the sandbox's limit refuses it before it is taken.
    result = runner.run("async function onTrack() {\n"
                        "  return crypto.scryptSync('p', 's', 32, { N: 2 ** 20, maxmem: 2 ** 31 }).length;\n}")
    assert (result.outcome, result.error.name) == ("bad_request", "MemoryError")
    assert "exceeded the memory limit of 64 MB" in result.error.message
    assert runner.run("async function onIdentify() { return 'still alive' }", {"type": "identify"}).return_value == "still alive"
