"""A private key kept as a sensitive setting in one container (SEC1's `BEGIN EC PRIVATE KEY`, PKCS#1's `BEGIN RSA
PRIVATE KEY`) and logged as KeyObject.export re-encodes it (PKCS#8 PEM, its DER in hex or base64, in JSON): no
output of a real run may show the key's base64 or hex, whole or in the runs that hold its private scalar."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa, x25519
from support.cli import run_outputs, write_function
from support.key_leaks import number_bytes, pkcs8, runs, secret_base64

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


def _traditional(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                             serialization.NoEncryption()).decode()


@pytest.fixture
def keys():
    return ec.generate_private_key(ec.SECP256R1()), rsa.generate_private_key(65537, 2048)


def test_a_key_exported_in_another_container_is_masked_in_every_output(tmp_path, keys, loopback):
    ec_key, rsa_key = keys
    settings = {"ecKey": _traditional(ec_key), "rsaKey": _traditional(rsa_key), "base": loopback.base}
    write_function(tmp_path, HANDLER, SCHEMA, settings)
    (tmp_path / "event.json").write_text('{"type": "track", "event": "E"}', encoding="utf-8")
    outputs = run_outputs(tmp_path, "--event", "event.json", "--timeout", "60")  # KEYS_TIME
    ec_der, rsa_der = pkcs8(ec_key), pkcs8(rsa_key)
    scalar = ec_key.private_numbers().private_value.to_bytes(32, "big")
    assert b"PRIVATE KEY" in b"".join(request.body for request in loopback.take()), "the handler sent the key"
    leaks = [*runs(secret_base64(ec_der, scalar), 6), *runs(scalar.hex(), 8),
             *runs(secret_base64(rsa_der, number_bytes(rsa_key.private_numbers().d)), 8)]
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


JWK_KEYS_SCHEMA = {"settings": [*SCHEMA["settings"], {"label": "Ed Key", "type": "string", "sensitive": True},
                                 {"label": "X Key", "type": "string", "sensitive": True}]}

JWK_HANDLER = r"""
async function onTrack(event, settings) {
  const jwks = ["ecKey", "rsaKey", "edKey", "xKey"].map((name) => crypto.createPrivateKey(settings[name]).export({ format: "jwk" }));
  console.log(jwks[0], JSON.stringify(jwks[1]), jwks[2], JSON.stringify(jwks[3]));
  console.log(jwks[1].p.slice(10, 40), jwks[2].d.slice(20), jwks[0].d.slice(0, 16));  // a member's pieces
  const subtle = await crypto.subtle.importKey("jwk", jwks[1], { name: "RSA-OAEP", hash: "SHA-256" }, true, ["decrypt"]);
  console.log(await crypto.subtle.exportKey("jwk", subtle));
  await fetch(settings.base + "/keys", { method: "POST", body: JSON.stringify(jwks) });
  return jwks;
}
"""


def test_a_key_exported_as_a_jwk_has_its_private_members_masked_whole_in_every_output(tmp_path, keys, loopback):
    # A review: an Ed25519 key's `d` kept its last 8 characters, and RSA's p, q and dq runs of them: each private
    # member's text is masked whole, no run of it shown.
    ec_key, rsa_key = keys
    ed_key, x_key = ed25519.Ed25519PrivateKey.generate(), x25519.X25519PrivateKey.generate()
    settings = {"ecKey": _traditional(ec_key), "rsaKey": _traditional(rsa_key), "edKey": _pkcs8_pem(ed_key),
                "xKey": _pkcs8_pem(x_key), "base": loopback.base}
    write_function(tmp_path, JWK_HANDLER, JWK_KEYS_SCHEMA, settings)
    (tmp_path / "event.json").write_text('{"type": "track", "event": "E"}', encoding="utf-8")
    outputs = run_outputs(tmp_path, "--event", "event.json", "--timeout", "60")  # KEYS_TIME
    assert b'"kty":"OKP"' in b"".join(request.body for request in loopback.take()), "the handler sent the JWKs"
    numbers = rsa_key.private_numbers()
    members = [_jwk_text(ec_key.private_numbers().private_value, 32), _b64url(_raw(ed_key)), _b64url(_raw(x_key)),
               *(_jwk_text(value) for value in (numbers.d, numbers.p, numbers.q, numbers.dmp1, numbers.dmq1, numbers.iqmp))]
    leaks = [run for member in members for run in runs(member, 7)]
    for where, output in outputs.items():
        for leak in leaks:
            assert leak not in output, (where, leak)


def _pkcs8_pem(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def _raw(key) -> bytes:
    return key.private_bytes(serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption())

JWK_SCHEMA = {"settings": [{"label": "Rsa Jwk", "type": "string", "sensitive": True},
                           {"label": "Ec Jwk", "type": "string", "sensitive": True},
                           {"label": "Ed Jwk", "type": "string", "sensitive": True},
                           {"label": "Rsa Obj", "type": "map", "sensitive": True},
                           {"label": "Base", "type": "string"}]}

JWK_SETTING_HANDLER = r"""
async function onTrack(event, settings) {
  const out = {};
  for (const name of ["rsaJwk", "ecJwk", "edJwk"]) {
    const key = crypto.createPrivateKey({ key: JSON.parse(settings[name]), format: "jwk" });
    out[name + "Pem"] = key.export({ type: "pkcs8", format: "pem" });
    out[name + "Der"] = key.export({ type: "pkcs8", format: "der" }).toString("base64");
    out[name + "Hex"] = key.export({ type: "pkcs8", format: "der" }).toString("hex");
    if (name !== "edJwk") {
      const type = name === "rsaJwk" ? "pkcs1" : "sec1";
      out[name + "Own"] = key.export({ type, format: "pem" });
      out[name + "OwnHex"] = key.export({ type, format: "der" }).toString("hex");
    }
  }
  const fromMap = crypto.createPrivateKey({ key: settings.rsaObj, format: "jwk" });
  out.mapPem = fromMap.export({ type: "pkcs1", format: "pem" });
  const subtle = await crypto.subtle.importKey("jwk", settings.rsaObj, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" },
    true, ["sign"]);
  out.subtle = Buffer.from(await crypto.subtle.exportKey("pkcs8", subtle)).toString("base64");
  console.log(out);
  await fetch(settings.base + "/keys", { method: "POST", body: JSON.stringify(out) });
  return out;
}
"""


def _private_jwk(key) -> dict[str, str]:
    """The key as a private JWK, written by cryptography's numbers (not segtui's)."""
    if isinstance(key, ed25519.Ed25519PrivateKey):
        raw = _raw(key)
        public = key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return {"kty": "OKP", "crv": "Ed25519", "x": _b64url(public), "d": _b64url(raw)}
    numbers = key.private_numbers()
    if isinstance(key, ec.EllipticCurvePrivateKey):
        point = numbers.public_numbers
        return {"kty": "EC", "crv": "P-256", "x": _jwk_text(point.x, 32), "y": _jwk_text(point.y, 32),
                "d": _jwk_text(numbers.private_value, 32)}
    public = numbers.public_numbers
    return {"kty": "RSA", "n": _jwk_text(public.n), "e": _jwk_text(public.e), "d": _jwk_text(numbers.d),
            "p": _jwk_text(numbers.p), "q": _jwk_text(numbers.q), "dp": _jwk_text(numbers.dmp1),
            "dq": _jwk_text(numbers.dmq1), "qi": _jwk_text(numbers.iqmp)}


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _private_parts(key) -> list[bytes]:
    """The big-endian bytes of each number that is the key's private part, as its DER holds them."""
    if isinstance(key, ed25519.Ed25519PrivateKey):
        return [_raw(key)]
    numbers = key.private_numbers()
    if isinstance(key, ec.EllipticCurvePrivateKey):
        return [numbers.private_value.to_bytes(32, "big")]
    return [number_bytes(value) for value in (numbers.d, numbers.p, numbers.q, numbers.dmp1, numbers.dmq1, numbers.iqmp)]


def _container_leaks(key) -> list[str]:
    """Runs of the base64 (of PKCS#8 and of the key's own container's DER) and of the hex that encode only private bytes."""
    ders = [pkcs8(key)]
    if not isinstance(key, ed25519.Ed25519PrivateKey):
        ders.append(key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL,
                                      serialization.NoEncryption()))
    return [run for der in ders for part in _private_parts(key)
            for run in [*runs(secret_base64(der, part), 8), *runs(part.hex(), 12)]]


def test_a_private_jwk_setting_re_encoded_as_pkcs8_or_its_own_container_is_masked_in_every_output(tmp_path, loopback):
    # A review: a JWK kept as JSON text (or as a map) was no key to key_containers, so the PKCS#8 and PKCS#1 a handler
    # made of it showed runs of p, q, dp and d.
    rsa_key, ec_key = rsa.generate_private_key(65537, 2048), ec.generate_private_key(ec.SECP256R1())
    ed_key = ed25519.Ed25519PrivateKey.generate()
    settings = {"rsaJwk": json.dumps(_private_jwk(rsa_key)), "ecJwk": json.dumps(_private_jwk(ec_key)),
                "edJwk": json.dumps(_private_jwk(ed_key)), "rsaObj": _private_jwk(rsa_key), "base": loopback.base}
    write_function(tmp_path, JWK_SETTING_HANDLER, JWK_SCHEMA, settings)
    (tmp_path / "event.json").write_text('{"type": "track", "event": "E"}', encoding="utf-8")
    # KEYS_TIME: a cassette's Masker is built as the handler loads (--record), and several keys' forms (their
    # containers, their JWK members; here also a map's short members, `RSA`, `AQAB`) take seconds to index on a busy
    # machine: a time limit that leaves it room.
    outputs = run_outputs(tmp_path, "--event", "event.json", "--timeout", "120")
    assert b"PRIVATE KEY" in b"".join(request.body for request in loopback.take()), "the handler sent the keys"
    leaks = [leak for key in (rsa_key, ec_key, ed_key) for leak in _container_leaks(key)]
    for where, output in outputs.items():
        unwrapped = output.replace("\\n", "").replace("\n", "")
        for leak in leaks:
            assert leak not in unwrapped, (where, leak)
