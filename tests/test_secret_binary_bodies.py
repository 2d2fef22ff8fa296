"""Secrets in a body that is not all UTF-8 text (found by a leak probe): a multipart upload's text field beside a
file's bytes was masked only where a form stood whole, so a key spaced out or cut in pieces there showed in the HAR,
the cassette and --json; and a secret beyond ASCII in UTF-16 big-endian (`Buffer.from(s, 'utf16le').swap16()`) was
no form at all. Each run of text among other bytes is masked as text is, and UTF-16BE is a byte form; the file's bytes
are kept. The texts grepped for are computed here in Python."""

from __future__ import annotations

import base64
import json

from support.cli import run_outputs, write_function

KEY, UNI = "Qw3rTy9UiOp2Lk", "schlüsselgeheim7q"
SCHEMA = {"settings": [{"label": "API Token", "type": "string", "sensitive": True},
                       {"label": "Uni Token", "type": "string", "sensitive": True}, {"label": "Base", "type": "string"}]}
FILE = bytes(range(128, 256)) * 4
HANDLER = r"""
async function onTrack(event, settings) {
  const file = Buffer.from(Array.from({length: 512}, (_, i) => 128 + (i % 128)));
  const field = (name, value) => `--b\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const body = Buffer.concat([Buffer.from('--b\r\nContent-Disposition: form-data; name="f"; filename="a.bin"\r\n\r\n'),
    file, Buffer.from('\r\n' + field('spaced', [...settings.apiToken].join(' ')) +
                      field('halves', settings.apiToken.slice(0, 7) + ' / ' + settings.apiToken.slice(7)) + '--b--')]);
  await fetch(settings.base + '/upload', { method: 'POST', body, headers: { 'Content-Type': 'multipart/form-data; boundary=b' } });
  await fetch(settings.base + '/utf16be', { method: 'POST', body: Buffer.from(settings.uniToken, 'utf16le').swap16() });
  return 'sent';
}
"""


def leaks() -> list[bytes]:
    return [" ".join(KEY).encode(), KEY[:7].encode(), KEY[7:].encode(), UNI.encode("utf-16-be")[:12],
            UNI.encode("utf-16-be")[-12:]]


def test_text_among_a_bodys_other_bytes_is_masked_as_text_and_the_bytes_are_kept(tmp_path, loopback):
    write_function(tmp_path, HANDLER, SCHEMA, {"apiToken": KEY, "uniToken": UNI, "base": loopback.base})
    outputs = run_outputs(tmp_path, "--event", "track")
    sent = loopback.take()
    assert " ".join(KEY).encode() in sent[0].body and UNI.encode("utf-16-be") == sent[1].body, "what was sent"
    for where in ("run json stdout", "json HAR", "json cassette"):
        document = json.loads(outputs[where])
        texts = [text for text in _strings(document) if len(text) >= 16]
        bodies = [base64.b64decode(text, validate=True) for text in texts if _base64(text)] + [t.encode() for t in texts]
        for body in bodies:
            for leak in leaks():
                assert leak not in body, (where, leak)
    shown = json.loads(outputs["run json stdout"])["requests"][0]
    assert FILE in base64.b64decode(shown["body"]), "the file's bytes are kept"


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [text for item in value.values() for text in _strings(item)]
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def _base64(text: str) -> bool:
    try:
        base64.b64decode(text, validate=True)
    except ValueError:
        return False
    return True


SHORT = "p@ss!9zz"
SHORT_SCHEMA = {"settings": [{"label": "API Token", "type": "string", "sensitive": True},
                             {"label": "Pass", "type": "string", "sensitive": True}, {"label": "Base", "type": "string"}]}
SHORT_RUNS = r"""
async function onTrack(event, settings) {
  const gap = Buffer.from([0xff, 0x00, 0xfe]);
  const body = Buffer.concat([gap, Buffer.from(settings.apiToken.slice(0, 10)), gap, Buffer.from(settings.apiToken.slice(3, 13)),
                              gap, Buffer.from([...settings.pass].join(' ')), gap]);
  await fetch(settings.base + '/frame', { method: 'POST', body });
  return 'sent';
}
"""


def test_a_short_run_of_text_among_other_bytes_is_masked_as_text_whole(tmp_path, loopback):
    # A probe: between other bytes, text in runs under 16 characters was masked only where a byte form stood, which
    # left the rest of a piece of the key (`••••••iO` of `Qw3rTy9UiO`), and an 8-character password spaced out showed.
    write_function(tmp_path, SHORT_RUNS, SHORT_SCHEMA, {"apiToken": KEY, "pass": SHORT, "base": loopback.base})
    outputs = run_outputs(tmp_path, "--event", "track")
    assert " ".join(SHORT).encode() in loopback.take()[0].body, "what was sent"
    gap = b"\xff\x00\xfe"
    for where in ("run json stdout", "json HAR", "json cassette"):
        body = next(base64.b64decode(text) for text in _strings(json.loads(outputs[where])) if _base64(text) and
                    base64.b64decode(text).startswith(gap))
        assert body.split(gap) == [b"", "••••••".encode(), "••••••".encode(), "••••••".encode(), b""], (where, body)
