"""Results' durations from JS's whole milliseconds (results.Timeline): results finishing in the same millisecond share
it evenly, each run's durations add up to the time from the start to the last finish, and a lone result is timed from
the run's start to when it was read at most."""

from __future__ import annotations

import pytest

from segtui.sandbox.results import Timeline


def timeline(started: float, offset: float) -> Timeline:
    made = Timeline(started)
    made._offset = offset  # the wall clock's lead on perf_counter, fixed for exact figures
    return made


def test_results_in_one_millisecond_share_it_and_the_durations_add_up() -> None:
    made = timeline(100.0, 1_000.0)  # perf_counter 100.0 is wall 1100.0, JS's tick 1_100_000
    durations = made.durations_ms([1_100_002, 1_100_002, 1_100_002, 1_100_005], now=100.010)
    assert durations[0] == pytest.approx(2 + 1 / 3)
    assert durations[1:3] == [pytest.approx(1 / 3)] * 2
    assert durations[3] == pytest.approx(3)  # from the end of millisecond 2 to the end of 5
    assert sum(durations) == pytest.approx(6) and made.last == pytest.approx(100.006)


def test_a_lone_result_read_within_its_millisecond_ends_when_read() -> None:
    made = timeline(100.0, 1_000.0)
    assert made.durations_ms([1_100_000], now=100.0004) == [pytest.approx(0.4)]
    assert made.durations_ms([], now=100.5) == [] and made.last == pytest.approx(100.0004)
