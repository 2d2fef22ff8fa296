"""Deterministic mode: a frozen clock and seeded randomness, so `segtui test` writes the same goldens every run."""

import json
import re
import shutil
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from support.cli import segtui

from segtui.engine.engine import Engine
from segtui.protocol import SandboxConfig

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "suites"
STAMPED = {"type": "track", "event": "Stamped", "messageId": "m-stamped", "timestamp": "2023-05-01T10:00:00.000Z"}
UNIX_2024 = 1704067200000
UUID_V4 = r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$"


@pytest.fixture(scope="module")
def engine():
    engine = Engine(SandboxConfig(deterministic=True, timeout_s=2))
    engine.start()
    yield engine
    engine.close()


def run(engine: Engine, event: dict) -> dict:
    assert engine.load(FIXTURES / "clock" / "handler.js").ok
    invocation = engine.invoke(event, {})
    assert invocation.outcome == "success", invocation.error
    return invocation.return_value


def test_the_clock_is_frozen_at_the_events_timestamp_and_timers_still_fire(engine):
    value = run(engine, STAMPED)
    assert value["now"] == int(datetime(2023, 5, 1, 10, tzinfo=UTC).timestamp() * 1000)
    assert value["iso"] == "2023-05-01T10:00:00.000Z"
    assert value["called"] == "string" and value["isDate"] is True
    assert value["afterTimer"] == 5, "a timer's callback finds the clock where the timer was due on it"


def test_the_top_level_and_events_without_a_timestamp_see_a_fixed_instant(engine):
    value = run(engine, {"type": "track", "event": "Unstamped", "messageId": "m-1"})
    assert value["loadedAt"] == "2024-01-01T00:00:00.000Z"
    assert value["now"] == UNIX_2024


def test_received_at_stands_in_for_a_missing_timestamp(engine):
    value = run(engine, {"type": "track", "receivedAt": "2022-02-02T02:02:02.000Z"})
    assert value["iso"] == "2022-02-02T02:02:02.000Z"


def test_random_sources_are_seeded_per_message_id(engine):
    first, again = run(engine, STAMPED), run(engine, STAMPED)
    other = run(engine, {**STAMPED, "messageId": "m-other"})
    assert first == again
    assert first["random"] != other["random"] and first["uuid"] != other["uuid"]
    assert first["cryptoUuid"] != other["cryptoUuid"] and first["cryptoHex"] != other["cryptoHex"]
    assert re.match(UUID_V4, first["cryptoUuid"]) and len(first["cryptoHex"]) == 16
    assert first["loadedRandom"] == other["loadedRandom"]
    assert all(0 <= number < 1 for number in first["random"]) and first["random"][0] != first["random"][1]
    assert all(0 <= byte < 256 for byte in first["bytes"]) and len(first["bytes"]) == 6
    assert re.match(UUID_V4, first["uuid"])


def test_without_deterministic_mode_the_clock_is_real():
    engine = Engine(SandboxConfig(timeout_s=2))
    try:
        engine.start()
        before = time.time() * 1000
        value = run(engine, STAMPED)
        assert value["now"] >= before - 1000
        assert value["iso"] != STAMPED["timestamp"]
    finally:
        engine.close()


def test_two_runs_write_identical_goldens(tmp_path):
    texts = []
    for attempt in ("one", "two"):
        folder = tmp_path / attempt
        shutil.copytree(FIXTURES / "clock", folder)
        done = segtui("test", "handler.js", "--update", cwd=folder)
        assert done.returncode == 0, done.stdout + done.stderr
        texts.append({path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
                      for path in sorted((folder / "handler.goldens").rglob("*.golden.json"))})
    assert texts[0] == texts[1]
    stamped = json.loads(texts[0]["handler.goldens/stamped.golden.json"])
    assert stamped["return"]["iso"] == "2023-05-01T10:00:00.000Z"
    assert segtui("test", "handler.js", cwd=tmp_path / "one").returncode == 0


def test_with_determinism_off_goldens_of_a_clock_reading_handler_fail(tmp_path):
    folder = tmp_path / "clock"
    shutil.copytree(FIXTURES / "clock", folder)
    assert segtui("test", "handler.js", "stamped.json", "--update", cwd=folder).returncode == 0
    done = segtui("test", "handler.js", "stamped.json", "--no-deterministic", cwd=folder)
    assert done.returncode == 1
    assert '-    "iso": "2023-05-01T10:00:00.000Z",' in done.stdout


def test_the_clock_and_seeds_ignore_built_ins_the_handler_replaced(engine, tmp_path):
    """Each event's clock and seed are set before the handler runs, after its code may have replaced built-ins."""
    clean = run(engine, STAMPED)
    hostile = tmp_path / "handler.js"
    hostile.write_text("Math.imul = () => { throw new Error('imul'); };\n"
                       "Array.prototype[Symbol.iterator] = function* () { throw new Error('iterator'); };\n"
                       "Reflect.construct = () => { throw new Error('construct'); };\n"
                       "JSON.stringify = () => { throw new Error('stringify'); };\n"
                       "String.prototype.padStart = () => 'x'; Number.isNaN = () => true;\n"
                       "async function onTrack(event) {\n"
                       "  return { now: Date.now(), iso: new Date().toISOString(), random: [Math.random(), Math.random()],"
                       " uuid: crypto.randomUUID() };\n}\n")
    assert engine.load(hostile).ok
    invocation = engine.invoke(STAMPED, {})
    assert invocation.outcome == "success", invocation.error
    value = invocation.return_value
    assert (value["now"], value["iso"], value["random"]) == (clean["now"], clean["iso"], clean["random"])
    assert re.match(UUID_V4, value["uuid"]) and value["uuid"] == clean["uuid"]


POLLER = """
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
async function onTrack(event) {
  const start = Date.now();
  const seen = [];
  while (Date.now() < start + 300) { seen.push(Date.now() - start); await sleep(100); }
  const ticks = [];
  // The host stalls 200 ms before the first tick: the interval's second tick then comes after the sleep below in
  // real time, but not on the clock.
  setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200), 40);
  const every = setInterval(() => ticks.push(Date.now() - start), 50);
  await sleep(120);
  clearInterval(every);
  return { seen, ticks, at: new Date().toISOString() };
}
"""


def test_the_frozen_clock_moves_as_timers_fire_so_a_poll_until_a_deadline_ends(tmp_path):
    # A probe found a loop that awaits a timer until a deadline never ended under `segtui test`: the clock stood still.
    # Timers fire in their order on that clock, however late the host runs one (goldens stay the same).
    (tmp_path / "poll.js").write_text(POLLER)
    (tmp_path / "stamped.json").write_text(json.dumps(STAMPED))
    first = segtui("test", "poll.js", "stamped.json", "--update", "--timeout", "3", cwd=tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    golden = json.loads(next((tmp_path / "poll.goldens").rglob("*.json")).read_text())
    assert golden["return"] == {"seen": [0, 100, 200], "ticks": [350, 400], "at": "2023-05-01T10:00:00.420Z"}
    again = segtui("test", "poll.js", "stamped.json", cwd=tmp_path)
    assert again.returncode == 0, again.stdout + again.stderr


def test_performance_and_hrtime_follow_the_frozen_clock(engine, tmp_path):
    handler = tmp_path / "timing.js"
    handler.write_text("async function onTrack() {\n"
                       "  const started = [performance.now(), process.hrtime.bigint()];\n"
                       "  JSON.parse(JSON.stringify(Array.from({ length: 20000 }, (_, i) => ({ i }))));  // work takes no time\n"
                       "  const busy = [performance.now() - started[0], String(process.hrtime.bigint() - started[1])];\n"
                       "  await new Promise((resolve) => setTimeout(resolve, 20));\n"
                       "  return [performance.timeOrigin, started[0], busy, performance.now() - started[0],\n"
                       "          process.hrtime(process.hrtime())];\n}\n", encoding="utf-8")
    assert engine.load(handler).ok
    values = [engine.invoke(STAMPED, {}).return_value for _ in range(2)]
    stamped = int(datetime(2023, 5, 1, 10, tzinfo=UTC).timestamp() * 1000)
    assert values[0] == values[1] == [stamped, 0, [0, "0"], 20, [0, 0]]
