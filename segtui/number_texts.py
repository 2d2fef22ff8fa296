"""The texts a number is written as: JavaScript's Number::toString, and Python's JSON."""

from __future__ import annotations

import json
import math


def json_number_text(value: float) -> str:
    """A number's JSON text, as json.dumps writes it: the repr of a finite int or float (~20× quicker than json's
    encoder, once per number of every result shown), json's own spelling of NaN and the infinities."""
    if type(value) is int or (type(value) is float and math.isfinite(value)):
        return repr(value)
    return json.dumps(value)


def number_texts(value: float) -> list[str]:
    """The texts a number secret is written as: JavaScript's (what a handler logs or sends; an integer past 2**53 is
    JavaScript's nearest double) and Python's (what segtui's JSON output writes of a number read back)."""
    python = json.dumps(value)
    if isinstance(value, int) and abs(value) < 2**53:
        return [python]
    try:
        double = float(value)
    except OverflowError:  # an integer past the largest double: JavaScript's Infinity
        double = math.inf if value > 0 else -math.inf
    return list(dict.fromkeys([javascript_number_text(double), python]))


def javascript_number_text(value: float) -> str:
    """Number::toString of a double (ECMA-262): the shortest digits that read back to it, as repr has them, laid out
    JavaScript's way (no exponent from 1e-6 up to 1e21; `1e+21`, `1.5e-7` outside), or Infinity's or NaN's name."""
    if not math.isfinite(value):
        return "NaN" if math.isnan(value) else "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "0"
    import decimal  # here: only a number secret that is not an integer needs it
    _, digits, exponent = decimal.Decimal(repr(abs(value))).normalize().as_tuple()
    text = "".join(map(str, digits))
    point = len(text) + int(exponent)  # where the decimal point goes, counted from the first digit
    if len(text) <= point <= 21:
        body = text + "0" * (point - len(text))
    elif 0 < point <= 21:
        body = f"{text[:point]}.{text[point:]}"
    elif -6 < point <= 0:
        body = f"0.{'0' * -point}{text}"
    else:
        power = point - 1
        body = f"{text[0]}{'.' + text[1:] if len(text) > 1 else ''}e{'+' if power > 0 else '-'}{abs(power)}"
    return f"-{body}" if value < 0 else body
