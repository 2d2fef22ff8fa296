"""Masking cost: µs a text for the texts a run shows, with a Masker of the benchmark's apiKey (and a 12-character one)
in every form the sandbox's JavaScript gives them, as `segtui run` makes it.

    python bench/masking.py [--rounds 5]

The texts are those a handler's output holds (log lines, JSON bodies, header values, short keys and names), none of
them holding a secret: the cost every output pays. Each figure is CPU time, the least of the rounds (the machine's
other work only adds to a round).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from common import API_KEY, table

from segtui.engine.engine import Engine
from segtui.masking import Masker
from segtui.protocol import NetworkOptions, SandboxConfig

SHORT_KEY = "Zq8Wx2Lm4Pt7"
_EVENT = {"type": "track", "event": "Order Completed", "userId": "user_8f2a", "messageId": "ajs-7b1e0f6c9d2a4e3b",
          "properties": {"orderId": "50314b8e9bcf000000000000", "total": 27.5, "currency": "USD",
                         "products": [{"sku": "45790-32", "name": "Monopoly: 3rd Edition", "price": 19}]},
          "context": {"ip": "8.8.8.8", "userAgent": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)"}}
TEXTS = ([f"Sending {_EVENT['event']} for user_{index:04d} to https://api.example.com/v1/track?id={index}"
          for index in range(200)] + [json.dumps({**_EVENT, "messageId": f"ajs-{index:016x}"}) for index in range(200)]
         + [f"req_{index:012x}" for index in range(200)] + ["Content-Type", "application/json", "userId", "POST"] * 50)
"""What a run shows: log lines and bodies (cached once they repeat, so each differs), ids, and short texts that repeat."""


def sandbox_forms(secrets: list[str]) -> list[str]:
    """The secrets' forms as a load in a real sandbox gives them."""
    engine = Engine(SandboxConfig(network=NetworkOptions.from_json({"offline": True, "secrets": secrets})))
    engine.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            handler = Path(folder) / "handler.js"
            handler.write_text("async function onTrack(event, settings) { return null }", encoding="utf-8")
            assert engine.load(handler).ok
        return list(engine.masker()._texts)
    finally:
        engine.close()


def per_text_us(secrets: list[str], forms: list[str]) -> tuple[float, float]:
    """CPU microseconds to make the Masker, and a text's least over fresh maskers (no text cached from a round before)."""
    rounds = []
    started = time.process_time()
    Masker(secrets, forms)
    made = (time.process_time() - started) * 1e6
    for _ in range(ARGS.rounds):
        masker = Masker(secrets, forms)
        started = time.process_time()
        for text in TEXTS:
            masker.text(text)
        rounds.append((time.process_time() - started) * 1e6 / len(TEXTS))
    return made, min(rounds)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    ARGS = parser.parse_args()
    rows = []
    for name, secrets in (("apiKey", [API_KEY]), ("12 characters", [SHORT_KEY]), ("both", [API_KEY, SHORT_KEY])):
        made, each = per_text_us(secrets, sandbox_forms(secrets))
        rows.append([name, f"{made / 1000:.1f}", f"{each:.1f}"])
    print(table(["secrets", "masker made (ms)", "µs a text"], rows))
