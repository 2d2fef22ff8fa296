"""A secret cut into pieces shorter than the 6 characters a piece needs to be masked alone, given out with other words
between them (`k0=sk9Q&k1=mX2v…`, a log line each with a label, an object's values, headers of their own): no output
of a real run may show any piece, and what is no secret stays."""

from __future__ import annotations

import re

from support.cli import run_outputs, write_function

SECRET = "sk9QmX2vLp7Rt4WzYb8N"
SCHEMA = {"settings": [{"label": "Api Key", "type": "string", "sensitive": True},
                       {"label": "Base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  const k = settings.apiKey;
  const fours = k.match(/.{1,4}/g), fives = k.match(/.{1,5}/g), threes = k.match(/.{1,3}/g);
  console.log(fours.map((p, i) => `k${i}=${p}`).join("&"));
  for (const p of fives) console.log("part", p);
  console.log(JSON.stringify(Object.fromEntries(threes.map((p, i) => ["field" + i, p]))));
  console.log("status ok 200 in 12 ms");
  const headers = Object.fromEntries(fours.map((p, i) => ["x-part-" + i, p]));
  await fetch(settings.base + "/pieces?" + fives.map((p, i) => `p${i}=${p}`).join("&"), {
    method: "POST", headers, body: JSON.stringify({ region: "eu-west-1", parts: fours.map((p) => "piece " + p) }) });
  return { parts: Object.fromEntries(fives.map((p, i) => ["f" + i, p])), line: threes.join(" / ") };
}
"""


def test_short_pieces_with_words_between_are_masked_in_every_output(tmp_path, loopback):
    write_function(tmp_path, HANDLER, SCHEMA, {"apiKey": SECRET, "base": loopback.base})
    (tmp_path / "event.json").write_text('{"type": "track", "event": "E"}', encoding="utf-8")
    outputs = run_outputs(tmp_path, "--event", "event.json")
    assert all(b"eu-west-1" in request.body for request in loopback.take()), "the handler sent its pieces"
    pieces = {piece for width in (3, 4, 5) for piece in re.findall(f".{{1,{width}}}", SECRET) if len(piece) >= 3}
    for where, output in outputs.items():
        for piece in pieces:
            assert piece not in output, (where, piece)
    assert "status ok 200 in 12 ms" in outputs["run text"], "what is no secret stays"
    assert "eu-west-1" in outputs["text HAR"], "what is no secret stays"
