"""A private key kept as a sensitive setting in one container (SEC1's `BEGIN EC PRIVATE KEY`, PKCS#1's `BEGIN RSA
PRIVATE KEY`) and logged as KeyObject.export re-encodes it (PKCS#8 PEM, its DER in hex or base64, in JSON): no
output of a real run may show the key's base64 or hex, whole or in the runs that hold its private scalar."""

from __future__ import annotations

import base64

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, rsa
from support.cli import run_outputs, write_function

from segtui.key_containers import key_containers

SCHEMA = {"settings": [{"label": "Ec Key", "type": "string", "sensitive": True},
                       {"label": "Rsa Key", "type": "string", "sensitive": True},
                       {"label": "Base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  const ec = crypto.createPrivateKey(settings.ecKey);
  const pem = ec.export({ type: "pkcs8", format: "pem" });
  console.log(pem);
  console.log(ec.export({ type: "pkcs8", format: "der" }).toString("hex"));
  console.log("one line", pem.replace(/-----[^-]+-----|\n/g, ""));
  await fetch(settings.base + "/keys", { method: "POST", body: JSON.stringify({ pem }) });
  console.log(crypto.createPrivateKey(settings.rsaKey).export({ type: "pkcs8", format: "pem" }));
  return { pem, der: ec.export({ type: "pkcs8", format: "der" }).toString("base64") };
}
"""


def _pkcs8(key) -> bytes:
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())


def _traditional(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption()).decode()


def _runs(text: str, width: int) -> list[str]:
    return [text[start:start + width] for start in range(len(text) - width + 1)]


def _scalar_base64(der: bytes, scalar: bytes) -> str:
    """The characters of the DER's base64 that encode only the scalar's bytes (whatever PEM's lines cut there)."""
    offset = der.index(scalar)
    encoded = base64.b64encode(der).decode()
    return encoded[-(-offset * 4 // 3):(offset + len(scalar)) * 4 // 3]


@pytest.fixture
def keys():
    return ec.generate_private_key(ec.SECP256R1()), rsa.generate_private_key(65537, 2048)


def test_a_key_exported_in_another_container_is_masked_in_every_output(tmp_path, keys, loopback):
    ec_key, rsa_key = keys
    settings = {"ecKey": _traditional(ec_key), "rsaKey": _traditional(rsa_key), "base": loopback.base}
    write_function(tmp_path, HANDLER, SCHEMA, settings)
    (tmp_path / "event.json").write_text('{"type": "track", "event": "E"}', encoding="utf-8")
    outputs = run_outputs(tmp_path, "--event", "event.json")
    ec_der, rsa_der = _pkcs8(ec_key), _pkcs8(rsa_key)
    scalar = ec_key.private_numbers().private_value.to_bytes(32, "big")
    assert b"PRIVATE KEY" in b"".join(request.body for request in loopback.take()), "the handler sent the key"
    leaks = [*_runs(_scalar_base64(ec_der, scalar), 6), *_runs(scalar.hex(), 8),
             *_runs(_scalar_base64(rsa_der, rsa_key.private_numbers().d.to_bytes(256, "big")), 8)]
    for where, output in outputs.items():
        unwrapped = output.replace("\\n", "").replace("\n", "")
        for leak in leaks:
            assert leak not in unwrapped, (where, leak)


def test_a_dsa_key_in_its_own_container_has_its_pkcs8_found_too():
    # A review: the pattern took RSA, EC and PKCS#8 keys, not `BEGIN DSA PRIVATE KEY`, which KeyObject.export writes
    # as PKCS#8 since KeyObjects came.
    key = dsa.generate_private_key(key_size=1024)
    own = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                            serialization.NoEncryption()).decode("ascii")
    pkcs8 = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()).decode("ascii")
    assert own.startswith("-----BEGIN DSA PRIVATE KEY-----")
    assert pkcs8 in key_containers(own)[0]


def _jwk_text(value: int, size: int = 0) -> str:
    """A JWK member's text of a number: its big-endian bytes (at least `size`) in unpadded base64url."""
    data = value.to_bytes(max(size, (value.bit_length() + 7) // 8), "big")
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


JWK_HANDLER = r"""
async function onTrack(event, settings) {
  const jwks = [crypto.createPrivateKey(settings.ecKey).export({ format: "jwk" }),
    crypto.createPrivateKey(settings.rsaKey).export({ format: "jwk" })];
  console.log(jwks[0], JSON.stringify(jwks[1]));
  await fetch(settings.base + "/keys", { method: "POST", body: JSON.stringify(jwks) });
  return jwks;
}
"""


def test_a_key_exported_as_a_jwk_has_its_private_members_masked_in_every_output(tmp_path, keys, loopback):
    ec_key, rsa_key = keys
    settings = {"ecKey": _traditional(ec_key), "rsaKey": _traditional(rsa_key), "base": loopback.base}
    write_function(tmp_path, JWK_HANDLER, SCHEMA, settings)
    (tmp_path / "event.json").write_text('{"type": "track", "event": "E"}', encoding="utf-8")
    outputs = run_outputs(tmp_path, "--event", "event.json")
    assert b'"kty":"RSA"' in b"".join(request.body for request in loopback.take()), "the handler sent the JWKs"
    numbers = rsa_key.private_numbers()
    leaks = [_jwk_text(ec_key.private_numbers().private_value, 32),
             *(_jwk_text(value) for value in (numbers.d, numbers.p, numbers.q, numbers.dmp1, numbers.dmq1, numbers.iqmp))]
    for where, output in outputs.items():
        for leak in leaks:
            assert leak[:24] not in output, (where, leak)
