"""The `cache` global in real V8: per warm load, ttl, shared concurrent loads, delete and failures."""

from __future__ import annotations

from support.sandbox_helpers import HandlerRunner, make_engine

COUNTING = """
var calls = 0;
function sleep(ms) { return new Promise((resolve) => setTimeout(resolve, ms)); }
async function onTrack(event) {
  const value = await cache.load(event.event, event.properties.ttl, async () => { calls++; return {n: calls}; });
  return {value, calls};
}
async function onIdentify(event) { cache.delete(event.userId); return calls; }
"""


ENGINE_OPTIONS = {"timeout_s": 5}


def track(key, ttl=None):
    return {"type": "track", "event": key, "properties": {} if ttl is None else {"ttl": ttl}}


def test_values_persist_across_events_of_one_load_and_a_fresh_load_starts_empty(runner):
    first = runner.run(COUNTING, track("k"))
    assert first.return_value == {"value": {"n": 1}, "calls": 1}
    second = runner.engine.invoke(track("k"), {})
    assert second.return_value == {"value": {"n": 1}, "calls": 1}
    other = runner.engine.invoke(track("other"), {})
    assert other.return_value == {"value": {"n": 2}, "calls": 2}
    reloaded = runner.run(COUNTING, track("k"))
    assert reloaded.return_value == {"value": {"n": 1}, "calls": 1}


def test_negative_one_and_omitted_ttl_never_expire(runner):
    runner.run(COUNTING, track("a", -1))
    assert runner.engine.invoke(track("a", -1), {}).return_value["calls"] == 1
    runner.engine.invoke(track("b"), {})
    assert runner.engine.invoke(track("b"), {}).return_value["calls"] == 2


def test_ttl_expires(runner):
    source = """
        async function onTrack() {
          let calls = 0;
          const fn = async () => ++calls;
          const a = await cache.load('k', 40, fn);
          const b = await cache.load('k', 40, fn);
          await new Promise((resolve) => setTimeout(resolve, 60));
          const c = await cache.load('k', 40, fn);
          const d = await cache.load('zero', 0, fn);
          const e = await cache.load('zero', 0, fn);
          return [a, b, c, d, e];
        }
    """
    assert runner.run(source).return_value == [1, 1, 2, 3, 4]


def test_concurrent_loads_share_one_call(runner):
    source = """
        async function onTrack() {
          let calls = 0;
          const fn = () => new Promise((resolve) => setTimeout(() => resolve(++calls), 20));
          const values = await Promise.all([cache.load('k', -1, fn), cache.load('k', -1, fn), cache.load('k', fn)]);
          return [values, calls];
        }
    """
    assert runner.run(source).return_value == [[1, 1, 1], 1]


def test_a_failed_load_is_not_cached_and_rejects_every_caller(runner):
    source = """
        async function onTrack() {
          let calls = 0;
          const failing = async () => { calls++; throw new RetryError('upstream down'); };
          const results = await Promise.allSettled([cache.load('k', -1, failing), cache.load('k', -1, failing)]);
          const next = await cache.load('k', -1, async () => 'ok');
          return [results.map((r) => r.status + ':' + (r.reason && r.reason.message)), calls, next];
        }
    """
    assert runner.run(source).return_value == [
        ["rejected:upstream down", "rejected:upstream down"], 1, "ok",
    ]


def test_delete_removes_a_value_and_a_load_in_flight(runner):
    runner.run(COUNTING, track("u1"))
    runner.engine.invoke({"type": "identify", "userId": "u1"}, {})
    assert runner.engine.invoke(track("u1"), {}).return_value == {"value": {"n": 2}, "calls": 2}
    source = """
        async function onTrack() {
          let calls = 0;
          const slow = () => new Promise((resolve) => setTimeout(() => resolve(++calls), 20));
          const first = cache.load('k', -1, slow);
          cache.delete('k');
          const second = await cache.load('k', -1, slow);
          const third = await cache.load('k', -1, slow);
          return [await first, second, third, calls];
        }
    """
    assert runner.run(source).return_value == [1, 2, 2, 2]


def test_bad_arguments_reject(runner):
    source = """
        async function onTrack() {
          const out = [];
          for (const args of [['k', 10], ['k', 'ten', async () => 1]]) {
            try { await cache.load(...args); out.push('resolved') } catch (e) { out.push(e.name) }
          }
          return out;
        }
    """
    assert runner.run(source).return_value == ["TypeError", "TypeError"]


def test_a_ttl_that_is_not_a_number_of_milliseconds_is_named_as_node_names_bad_arguments(runner):
    # A probe: NaN was refused as "ttl must be a number of milliseconds, got number".
    source = """
        async function onTrack() {
          const out = [];
          for (const ttl of [NaN, '5000', {ms: 5}, 10n]) {
            try { await cache.load('k', ttl, async () => 1); out.push('resolved'); }
            catch (e) { out.push(`${e.name} ${e.code}: ${e.message}`); }
          }
          return out;
        }
    """
    assert runner.run(source).return_value == [
        ('RangeError ERR_OUT_OF_RANGE: The value of "ttl" is out of range. It must be a number of milliseconds '
         "(-1: never expires). Received NaN"),
        """TypeError ERR_INVALID_ARG_TYPE: The "ttl" argument must be of type number. Received type string ('5000')""",
        'TypeError ERR_INVALID_ARG_TYPE: The "ttl" argument must be of type number. Received an instance of Object',
        'TypeError ERR_INVALID_ARG_TYPE: The "ttl" argument must be of type number. Received type bigint (10n)',
    ]


def test_infinity_and_any_negative_ttl_never_expire(runner):
    source = """
        async function onTrack() {
          let calls = 0;
          const fn = async () => ++calls;
          for (const ttl of [Infinity, -Infinity, -5]) await cache.load(String(ttl), ttl, fn);
          await new Promise((resolve) => setTimeout(resolve, 20));
          for (const ttl of [Infinity, -Infinity, -5]) await cache.load(String(ttl), ttl, fn);
          return calls;
        }
    """
    assert runner.run(source).return_value == 3


def test_ttl_uses_the_real_clock_in_deterministic_mode(tmp_path):
    engine = make_engine(timeout_s=5, deterministic=True)
    try:
        source = """
            async function onTrack() {
              let calls = 0;
              await cache.load('k', 30, async () => ++calls);
              await new Promise((resolve) => setTimeout(resolve, 50));
              return cache.load('k', 30, async () => ++calls);
            }
        """
        assert HandlerRunner(engine, tmp_path).run(source).return_value == 2
    finally:
        engine.close()
