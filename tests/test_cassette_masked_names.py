"""A cassette segtui recorded replays even where a secret stood in a header's name (found by a leak probe): the name
was masked as `X-••••••`, which HTTP does not allow, so `--replay` refused the cassette segtui itself had written."""

from __future__ import annotations

import json

from support.cli import segtui, write_function
from support.http_server import Reply

from segtui.masking import HEADER_MASK, MASK

KEY = "Xk9mQ2pLr7TzW4vB8nHs"
SCHEMA = {"settings": [{"label": "Api Key", "type": "string", "sensitive": True}, {"label": "Base", "type": "string"}]}
HANDLER = r"""
async function onTrack(event, settings) {
  const response = await fetch(settings.base + '/names', { headers: { ['X-' + settings.apiKey]: '1' } });
  return { names: [...response.headers.keys()].filter((name) => name.startsWith('x-')), body: await response.text() };
}
"""


def test_a_cassette_with_a_secret_in_a_header_name_replays_masked(tmp_path, loopback):
    loopback.routes["/names"] = lambda received: Reply(body=b"ok", headers=[(f"X-Echo-{KEY}", "1")])
    write_function(tmp_path, HANDLER, SCHEMA, {"apiKey": KEY, "base": loopback.base})
    recorded = segtui("run", "handler.js", "--event", "track", "--record", "c.cassette", "--json", cwd=tmp_path)
    assert recorded.returncode == 0, recorded.stderr
    assert f"X-{KEY}: 1".encode() in loopback.take()[0].head, "what was sent"
    cassette = (tmp_path / "c.cassette").read_text(encoding="utf-8")
    assert KEY.lower() not in cassette.lower() and f"X-Echo-{MASK}" in cassette
    replayed = segtui("run", "handler.js", "--event", "track", "--replay", "c.cassette", "--json", cwd=tmp_path)
    assert replayed.returncode == 0, replayed.stderr
    assert json.loads(replayed.stdout)["return"] == {"names": [f"x-echo-{HEADER_MASK}"], "body": "ok"}
    assert KEY not in replayed.stdout + replayed.stderr
