"""RSA's raw operations in Python, as OpenSSL computes them (the private one with the CRT parts, checked with the public
exponent): Python's pow holds Python's lock, so neither V8 nor the sandbox's watcher can stop it, and one that would
end past the time limit is refused."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from segtui.sandbox.host_services import HostDeadlineError

_FREE = 2048**3
"""Exponentiations whose exponent bits times modulus bits squared is below this run without an estimate (~50 ms)."""
_PROBE_BITS, _PROBES = 1024, 3
_unit_s: list[float] = []
"""Seconds one unit (an exponent bit times a modulus bit squared) takes here, measured on the first long one."""


def _seconds(units: int) -> float:
    """About how long exponentiations of `units` take: the fastest of a few ~5 ms probes, as one the scheduler paused
    would refuse every later one that fits."""
    if not _unit_s:
        modulus, fastest = (1 << _PROBE_BITS) - 159, float("inf")  # any odd 1024-bit modulus
        for _ in range(_PROBES):
            started = time.perf_counter()
            pow(3, modulus - 2, modulus)
            fastest = min(fastest, time.perf_counter() - started)
        _unit_s.append(fastest / _PROBE_BITS**3)
    return _unit_s[0] * units


def _within(steps: list[tuple[int, int]], deadline: Callable[[], float], what: str) -> None:
    """Refuse exponentiations (exponent, modulus) that would end past `deadline()`."""
    units = sum(exponent.bit_length() * modulus.bit_length() ** 2 for exponent, modulus in steps)
    if units > _FREE:
        seconds, left = _seconds(units), deadline() - time.perf_counter()
        if seconds > left:
            bits = max(modulus.bit_length() for _, modulus in steps)
            raise HostDeadlineError(f"{what} with a {bits:,}-bit key would take about {seconds:,.1f} s, past the time "
                                    f"limit ({max(left, 0):.2f} s were left)")


def power(value: int, exponent: int, modulus: int, deadline: Callable[[], float], what: str) -> int:
    """`value` to the `exponent` modulo `modulus`, refused when it would end past `deadline()`."""
    _within([(exponent, modulus)], deadline, what)
    return pow(value, exponent, modulus)


def private_power(key: Any, value: int, deadline: Callable[[], float], what: str) -> int:
    """`value` to the private exponent of RSA key `key`, as OpenSSL's rsa_ossl_mod_exp has it: by the CRT parts, checked
    with the public exponent, and by the private exponent when the parts do not agree (a key OpenSSL does not check on
    load); refused when it would end past `deadline()`."""
    numbers = key.private_numbers()
    p, q, n, e = numbers.p, numbers.q, numbers.public_numbers.n, numbers.public_numbers.e
    _within([(numbers.dmp1, p), (numbers.dmq1, q), (e, n)], deadline, what)
    low: int = pow(value % q, numbers.dmq1, q)
    result: int = low + q * (numbers.iqmp * (pow(value % p, numbers.dmp1, p) - low) % p)
    if pow(result, e, n) == value % n:
        return result
    return power(value, numbers.d, n, deadline, what)
