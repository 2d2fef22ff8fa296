"""Secrets inside compressed bodies (found by a leak probe): a handler that gzips or deflates what it sends
(`zlib.gzipSync(JSON.stringify({ apiKey }))`, with Content-Encoding), a server that answers with gzip a handler asked
to keep as it came (`compress: false`), and gzip or zlib logged or sent as base64 or hex. A recorded body is masked in
what it inflates to and compressed again in its format, so it still inflates."""

from __future__ import annotations

import base64
import contextlib
import gzip
import json
import re
import zlib

import pytest
from support.cli import run_outputs, write_function
from support.http_server import Reply

from segtui.compressed_bodies import masked_compressed
from segtui.masking import MASK, Masker

SETTINGS = {"apiKey": "Xk9mQ2pLr7TzW4vB8nHs", "password": "p@ss/w0rd+Key&=Zz9!"}
SCHEMA = {"settings": [{"label": "Api Key", "type": "string", "sensitive": True},
                       {"label": "Password", "type": "string", "sensitive": True}, {"label": "Base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  const zlib = globalThis.zlib.zlib;
  const payload = JSON.stringify({ apiKey: settings.apiKey, user: 'u1', password: settings.password });
  const bodies = [['gzip', zlib.gzipSync(payload)], ['deflate', zlib.deflateSync(payload)],
                  ['deflate', zlib.deflateRawSync(payload)]];
  for (const [coding, body] of bodies) {
    await fetch(settings.base + '/in', { method: 'POST', headers: { 'Content-Encoding': coding }, body });
  }
  const logged = [zlib.gzipSync(payload).toString('base64'), zlib.deflateSync(payload).toString('hex'),
                  zlib.gzipSync(settings.apiKey).toString('base64')];
  console.log('packed', logged[0], { hex: logged[1] });
  await fetch(settings.base + '/logged', { method: 'POST', body: logged.join(' ') });
  const packed = await fetch(settings.base + '/packed', { compress: false });
  return { sent: bodies.length, packed: (await packed.buffer()).length };
}
"""


def inflated(data: bytes) -> bytes:
    """A body's content whether it is gzip, zlib or raw deflate."""
    for wbits in (47, -15):
        try:
            return zlib.decompress(data, wbits)
        except zlib.error:
            continue
    return data


def recorded_bodies(output: str) -> list[bytes]:
    """The base64 bodies a HAR, a cassette or `run --json` holds, each inflated."""
    bodies: list[bytes] = []
    stack: list[object] = []
    decoder, index = json.JSONDecoder(), 0
    while (index := output.find("{", index)) >= 0:  # each JSON document printed
        document, index = decoder.raw_decode(output, index)
        stack.append(document)
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            encoded = item.get("body_encoding") == "base64" or item.get("_encoding") == "base64" or item.get("encoding") == "base64"
            text = item.get("body", item.get("text"))
            if encoded and isinstance(text, str):
                bodies.append(inflated(base64.b64decode(text)))
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return bodies


@pytest.fixture
def folder(tmp_path, loopback):
    answer = gzip.compress(json.dumps({"echo": SETTINGS["apiKey"]}).encode())
    loopback.routes["/packed"] = lambda received: Reply(body=answer, headers=[("Content-Encoding", "gzip")])
    return write_function(tmp_path, HANDLER, SCHEMA, {**SETTINGS, "base": loopback.base})


def test_secrets_inside_compressed_bodies_are_masked_and_the_bodies_still_inflate(folder, loopback):
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    taken = loopback.take()
    received = [inflated(request.body) for request in taken if request.path == "/in"]
    logged = [text for request in taken if request.path == "/logged" for text in request.body.decode().split()]
    assert len(logged) == 12 and SETTINGS["apiKey"].encode() in inflated(bytes.fromhex(logged[1])), "what was logged"
    assert len(received) == 12 and all(SETTINGS["apiKey"].encode() in body for body in received), "what was sent"
    for where in ("json HAR", "json cassette", "text HAR", "text cassette", "run json", "golden", "replay"):
        bodies = recorded_bodies(outputs[where])
        assert len(bodies) >= 3, where
        for body in bodies:
            for secret in SETTINGS.values():
                assert secret.encode() not in body, where
        assert sum(MASK.encode() in body for body in bodies) >= 3, where
    for where, output in outputs.items():
        for text in logged:
            assert text[10:40] not in output, where


def test_a_compressed_body_without_a_secret_is_kept_byte_for_byte():
    masker = Masker(list(SETTINGS.values()))
    body = gzip.compress(b'{"user": "u1"}', mtime=12345)
    assert masker.bytes(body) == body
    assert masked_compressed(b"\x1f\x8b\x08 not gzip", masker.bytes) is None


STREAMS_HANDLER = r"""
async function onTrack(event, settings) {
  const zlib = globalThis.zlib.zlib;
  const payload = JSON.stringify({ apiKey: settings.apiKey });
  const raw = zlib.deflateRawSync(payload), packed = zlib.gzipSync(settings.apiKey).toString('base64');
  console.log('raw', raw.toString('base64'), raw.toString('hex'));
  console.log(new RegExp(packed), new RegExp(zlib.deflateSync(payload).toString('base64')));
  await fetch(settings.base + '/p/' + packed + '?n=1');
  await fetch(settings.base + '/r/' + raw.toString('base64url'));
  return { raw: raw.toString('base64'), path: '/p/' + zlib.deflateSync(payload).toString('base64') };
}
"""
_RUN = re.compile(r"[A-Za-z0-9+/_-]{16,}|(?:[0-9a-fA-F]{2}){8,}")


def streams_in(text: str) -> list[bytes]:
    """What each run of base64 or hex in a text, from any character on, inflates to as gzip, zlib or raw deflate."""
    found = []
    for run in _RUN.findall(text):
        for start in range(len(run) - 15):
            piece = run[start:len(run) - (len(run) - start) % 4]
            raws = [base64.b64decode(piece, altchars=b"-_" if "-" in piece or "_" in piece else None)]
            if all(char in "0123456789abcdefABCDEF" for char in run[start:]):
                raws.append(bytes.fromhex(run[start:len(run) - (len(run) - start) % 2]))
            for data in raws:
                for wbits in (47, -15):
                    with contextlib.suppress(zlib.error, ValueError):
                        found.append(zlib.decompressobj(wbits).decompress(data, 1 << 20))
    return found


def test_raw_deflate_and_a_stream_within_a_path_are_read_as_compressed(tmp_path, loopback):
    folder = write_function(tmp_path, STREAMS_HANDLER, SCHEMA, {**SETTINGS, "base": loopback.base})
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    paths = [request.path for request in loopback.take()]
    secret = SETTINGS["apiKey"].encode()
    assert any(secret in body for path in paths for body in streams_in(path)), "what was sent"
    for where, output in outputs.items():
        assert not any(secret in body for body in streams_in(output)), (where, [run for run in _RUN.findall(output) if any(secret in body for body in streams_in(run))])
        assert MASK in output, where
