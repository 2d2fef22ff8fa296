"""Masking cost: µs a text for the texts a run shows, with a Masker of the benchmark's apiKey (and a 12-character one)
in every form the sandbox's JavaScript gives them, as `segtui run` makes it.

    python bench/masking.py [--rounds 5]

The texts are those a handler's output holds (log lines, JSON bodies, header values, short keys and names), none of
them holding a secret: the cost every output pays; and log lines that hold a secret or one of its near-copies (a key
tried and rejected with a character changed), each found and widened, with one secret and with 40. Each figure is CPU
time, the least of the rounds (the machine's other work only adds to a round).
"""

from __future__ import annotations

import argparse
import json
import random
import string
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


def secret_lines(secrets: list[str]) -> list[str]:
    """Log lines that each hold a secret (every tenth) or a near-copy of one, a character changed where a line's
    number says."""
    lines = []
    for index in range(400):
        secret = secrets[index % len(secrets)]
        at = index % len(secret)
        lines.append(f"{index} attempt key={secret if index % 10 == 0 else secret[:at] + '#' + secret[at + 1:]} rejected")
    return lines


def per_text_us(secrets: list[str], forms: list[str], texts: list[str], rounds: int) -> tuple[float, float]:
    """CPU microseconds to make the Masker, and a text's least over fresh maskers (no text cached from a round before)."""
    least = []
    started = time.process_time()
    Masker(secrets, forms)
    made = (time.process_time() - started) * 1e6
    for _ in range(rounds):
        masker = Masker(secrets, forms)
        started = time.process_time()
        for text in texts:
            masker.text(text)
        least.append((time.process_time() - started) * 1e6 / len(texts))
    return made, min(least)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rng = random.Random(7)
    keys = ["sk_live_" + "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(24)) for _ in range(40)]
    rows = []
    for name, secrets in (("apiKey", [API_KEY]), ("12 characters", [SHORT_KEY]), ("both", [API_KEY, SHORT_KEY]),
                          ("40 keys", keys)):
        forms = sandbox_forms(secrets)
        made, each = per_text_us(secrets, forms, TEXTS, args.rounds)
        held = per_text_us(secrets, forms, secret_lines(secrets), args.rounds)[1]
        rows.append([name, f"{made / 1000:.1f}", f"{each:.1f}", f"{held:.1f}"])
    print(table(["secrets", "masker made (ms)", "µs a text", "µs a line holding one"], rows))
