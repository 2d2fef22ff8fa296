"""A secret logged a piece a message (found by a leak probe): `for (const c of key) console.log(c)` or a key's pieces
of 4, each message too short to hold a form of it, showed the key read down the log in every output. Messages that
spell a secret together are masked whole, as an array's items are; other short messages are kept."""

from __future__ import annotations

import json

from support.cli import run_outputs, segtui, write_function

from segtui.log_masking import masked_messages
from segtui.masking import MASK, Masker

KEY = "Qw3rTy9UiOp2Lk"
SCHEMA = {"settings": [{"label": "API Token", "type": "string", "sensitive": True}, {"label": "Base", "type": "string"}]}
HANDLER = r"""
async function onTrack(event, settings) {
  console.log('start');
  for (const char of settings.apiToken) console.log(char);
  console.log('pieces:');
  for (const piece of settings.apiToken.match(/.{1,4}/g)) console.warn(piece);
  console.log('done');
  await fetch(settings.base + '/in');
  return 'ok';
}
"""


def test_a_secret_logged_a_piece_a_message_is_masked_in_every_output(tmp_path, loopback):
    write_function(tmp_path, HANDLER, SCHEMA, {"apiToken": KEY, "base": loopback.base})
    outputs = run_outputs(tmp_path, "--event", "track", golden=True, replay=True)
    junit = segtui("test", "handler.js", "track", "--junit", "report.xml", cwd=tmp_path)
    assert junit.returncode == 0, junit.stdout + junit.stderr
    outputs["junit"] = (tmp_path / "report.xml").read_text(encoding="utf-8")
    lines = {where: [line.split()[-1] for line in output.splitlines() if line.split()] for where, output in outputs.items()}
    for where in ("run text", "junit"):
        read_down = "".join(word for word in lines[where] if len(word) <= 4)
        assert KEY not in read_down and KEY[:4] not in lines[where], where
    messages = [entry["message"] for entry in json.loads(outputs["run json stdout"])["logs"]]
    assert messages == ["start", *[MASK] * len(KEY), "pieces:", *[MASK] * 4, "done"]
    assert '"•••••• (2)"' not in outputs["replay"] and KEY[:4] not in outputs["replay"]


def test_short_messages_that_spell_no_secret_are_kept():
    assert masked_messages(Masker([KEY]), ["a", "b", "Qw3", "x", KEY[3:]]) == ["a", "b", "Qw3", "x", MASK]
