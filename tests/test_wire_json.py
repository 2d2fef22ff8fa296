"""segtui.wire_json reads and writes the values json does, orjson's speed or not, and values crossing the sandbox's
channel and pipe through it come out as JavaScript wrote them."""

from __future__ import annotations

import json
import math
import random
import subprocess
import sys
from dataclasses import dataclass

import pytest

from segtui import wire_json

ENGINE_OPTIONS = {"timeout_s": 5, "memory_mb": 64}


def _same(left: object, right: object) -> bool:
    """Equal values of equal types all the way down (so 1 and 1.0, or an int and a float, differ); NaN equals NaN."""
    if type(left) is not type(right):
        return False
    if isinstance(left, float):
        return left == right or (math.isnan(left) and math.isnan(right))  # type: ignore[arg-type]
    if isinstance(left, list):
        return len(left) == len(right) and all(_same(a, b) for a, b in zip(left, right))  # type: ignore[arg-type]
    if isinstance(left, dict):
        return list(left) == list(right) and all(_same(left[k], right[k]) for k in left)  # type: ignore[index]
    return left == right


def _number_texts(count: int) -> list[str]:
    """JSON numbers of every shape: decimals, exponents near the float limits, integers around 53 and 64 bits."""
    rng = random.Random(16)
    texts = []
    for _ in range(count):
        shape = rng.randrange(5)
        if shape == 0:
            text = repr(rng.uniform(-1e6, 1e6))
        elif shape == 1:
            text = f"{rng.randint(1, 9)}.{rng.randint(0, 10 ** rng.randint(1, 17))}e{rng.randint(-330, 310)}"
        elif shape == 2:
            text = str(rng.getrandbits(rng.choice([53, 63, 64, 65, 80])) * rng.choice([1, -1]))
        elif shape == 3:
            text = f"{rng.randint(1, 9)}{''.join(rng.choice('0123456789') for _ in range(rng.randint(0, 24)))}"
        else:
            text = f"-0.{''.join(rng.choice('0123456789') for _ in range(rng.randint(1, 30)))}"
        texts.append(text)
    return texts


def test_numbers_read_as_json_reads_them():
    texts = _number_texts(20_000)
    assert any(len(text.lstrip("-")) >= 20 for text in texts)  # integers past 64 bits are among them
    for text in texts:
        assert _same(wire_json.loads(text), json.loads(text)), text
    document = "[" + ",".join(texts) + "]"
    assert _same(wire_json.loads(document), json.loads(document))


@pytest.mark.parametrize("text", [
    "18446744073709552000", "-9223372036854775809", "[1, 123456789012345678901234567890]",
    '"\\ud800"', '{"a": "x\\udfff"}', "[NaN, Infinity, -Infinity]", "1e400", '{"a": 1, "a": 2}',
    '"\\u2028\\u0000 é ☃ \\ud83d\\ude00"', "[" * 1100 + "]" * 1100, '{"id": "1234567890123456789012"}',
])
def test_what_orjson_reads_otherwise_reads_as_json_reads_it(text):
    assert _same(wire_json.loads(text), json.loads(text))
    # As its UTF-8 too, which is how segtui reads the sandbox's replies.
    assert _same(wire_json.loads(text.encode()), json.loads(text))


@pytest.mark.parametrize("value", [
    {"big": 2 ** 64, "small": -(2 ** 70), "text": "lone \ud800 surrogate"},
    [1.5, 1e16, 1e-7, 5e-324, 1.7976931348623157e308, -0.0, 0, True, None, "é☃\U0001f600\u2028\x00"],
    {"nested": [{"a": [[], {}]}], "keys": {"é": 1, "": 2}},
])
def test_written_values_read_back_the_same(value):
    assert _same(json.loads(wire_json.dumps(value)), value)
    assert _same(wire_json.loads(wire_json.dumps(value)), value)
    line = wire_json.dump_line(value)  # what segtui writes to a sandbox: UTF-8 bytes, one line
    assert line.endswith(b"\n") and b"\n" not in line[:-1]
    assert _same(wire_json.loads(line[:-1]), value)


def test_what_json_cannot_write_stays_refused():
    @dataclass
    class Point:
        x: int

    with pytest.raises(TypeError):
        wire_json.dumps({"point": Point(1)})
    assert json.loads(wire_json.dumps({1: "a"})) == {"1": "a"}  # as json writes a key that is not a string


def test_values_cross_the_sandbox_as_javascript_wrote_them(runner):
    """A result and a fetch's body go through the channel and the pipe: numbers past 64 bits stay whole integers,
    lone surrogates stay lone, as json reads what JSON.stringify wrote."""
    result = runner.run("""
    async function onTrack(event) {
      return {big: 2 ** 64, negative: -(2 ** 66), huge: 2 ** 70, float: 0.1 + 0.2, tiny: 5e-324, lone: "a\\ud800b",
              echo: event.properties};
    }
    """, {"type": "track", "event": "E", "properties": {"id": 12345678901234567890123, "name": "é\\udfff"}})
    assert result.outcome == "success", result.error
    assert _same(result.return_value, json.loads(
        '{"big": 18446744073709552000, "negative": -73786976294838210000, "huge": 1.1805916207174113e+21, "float": 0.30000000000000004,'
        ' "tiny": 5e-324, "lone": "a\\ud800b", "echo": {"id": 1.2345678901234568e+22, "name": "é\\\\udfff"}}'))


def test_a_sandbox_imports_orjson_only_once_v8_is_starting():
    """What a sandbox process imports before it starts V8 leaves orjson out (its import, ~7 ms, overlaps V8's start:
    segtui.sandbox.serve calls wire_json.prepare after), and so does segtui's process until it has started one."""
    code = ("import sys, segtui.sandbox.serve, segtui.engine.engine, segtui.commands.replay, segtui.commands.run\n"
            "print('orjson' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"
