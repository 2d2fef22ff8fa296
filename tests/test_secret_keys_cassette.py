"""Private keys kept as sensitive settings (a PEM, and a JWK map whose short members `RSA` and `AQAB` count as secrets)
with a cassette to write, then read: the run succeeds, and neither its output nor the cassette shows the keys' private
parts. The sandbox makes this masking (the keys' forms, the cassette's Masker) before the load's clock starts;
test_sandbox_notices checks that order itself, on a sandbox frozen while it prepares."""

from __future__ import annotations

import base64
import json

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from support.cli import segtui, write_function
from support.key_leaks import number_bytes, runs, secret_base64

SCHEMA = {"settings": [{"label": "Key A", "type": "string", "sensitive": True},
                       {"label": "Jwk Map", "type": "map", "sensitive": True},
                       {"label": "Base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  const body = JSON.stringify({ a: settings.keyA, jwk: settings.jwkMap });
  const response = await fetch(settings.base + "/keys", { method: "POST", body });
  console.log("sent", body.length, "bytes:", response.status);
  return { status: response.status };
}
"""


def _member(value: int) -> str:
    return base64.urlsafe_b64encode(number_bytes(value)).rstrip(b"=").decode()


def _jwk(key: rsa.RSAPrivateKey) -> dict[str, str]:
    numbers = key.private_numbers()
    return {"kty": "RSA", "n": _member(numbers.public_numbers.n), "e": _member(numbers.public_numbers.e),
            "d": _member(numbers.d), "p": _member(numbers.p), "q": _member(numbers.q), "dp": _member(numbers.dmp1),
            "dq": _member(numbers.dmq1), "qi": _member(numbers.iqmp)}


def _pkcs1(key: rsa.RSAPrivateKey, encoding: serialization.Encoding) -> bytes:
    return key.private_bytes(encoding, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())


def test_keys_with_a_cassette_to_write_then_read_leak_into_neither_the_output_nor_the_cassette(tmp_path, loopback):
    pem, mapped = rsa.generate_private_key(65537, 2048), rsa.generate_private_key(65537, 2048)
    settings = {"keyA": _pkcs1(pem, serialization.Encoding.PEM).decode(), "jwkMap": _jwk(mapped), "base": loopback.base}
    write_function(tmp_path, HANDLER, SCHEMA, settings)
    (tmp_path / "event.json").write_text('{"type": "track", "event": "E"}', encoding="utf-8")

    recorded = segtui("run", "handler.js", "--event", "event.json", "--record", "keys.cassette", cwd=tmp_path)
    assert recorded.returncode == 0, recorded.stdout + recorded.stderr
    sent = b"".join(request.body for request in loopback.take())
    assert b"PRIVATE KEY" in sent and json.loads(sent)["jwk"]["d"] == _jwk(mapped)["d"], "the handler sent the keys"
    cassette = (tmp_path / "keys.cassette").read_text(encoding="utf-8")

    replayed = segtui("run", "handler.js", "--event", "event.json", "--replay", "keys.cassette", cwd=tmp_path)
    assert replayed.returncode == 0, replayed.stdout + replayed.stderr
    assert "sent" in replayed.stdout and not loopback.take(), "the cassette answered the request"

    leaks = runs(secret_base64(_pkcs1(pem, serialization.Encoding.DER), number_bytes(pem.private_numbers().d)), 8)
    leaks += [leak for name in ("d", "p", "q", "dp", "dq", "qi") for leak in runs(_jwk(mapped)[name], 8)]
    outputs = {"record": recorded.stdout + recorded.stderr, "cassette": cassette,
               "replay": replayed.stdout + replayed.stderr}
    for where, output in outputs.items():
        unwrapped = output.replace("\\n", "").replace("\n", "")
        for leak in leaks:
            assert leak not in unwrapped, (where, leak)
