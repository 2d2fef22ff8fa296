"""A PEM key and a JWK kept as sensitive settings, with the forms a real sandbox's load gives them: the Masker masks each
form a handler can write of them (whole, line by line, its base64 body and DER at any alignment, hex, URL and JSON
escapes, the JWK's members and their bytes), so that a quicker build of its search loses none."""

from __future__ import annotations

import base64
import json
import tempfile
from pathlib import Path
from urllib.parse import quote

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from support.key_leaks import number_bytes, pkcs8, runs

from segtui.engine.engine import Engine
from segtui.protocol import NetworkOptions, SandboxConfig


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


@pytest.fixture(scope="module")
def keys():
    """An RSA key as PKCS#1 PEM, a second one as a JWK map's members (its short `RSA` and `AQAB` too), and a Masker of
    them made with the forms a real load gives."""
    pem_key, jwk_key = rsa.generate_private_key(65537, 2048), rsa.generate_private_key(65537, 2048)
    pem = pem_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
                                serialization.NoEncryption()).decode()
    numbers = jwk_key.private_numbers()
    members = [_b64url(number_bytes(value)) for value in (numbers.d, numbers.p, numbers.q, numbers.dmp1, numbers.dmq1,
                                                          numbers.iqmp)]
    return pem_key, pem, members, _masker([pem, "RSA", "AQAB", *members])


def _masker(secrets: list[str]):
    """A Masker of the secrets made with the forms a real load gives."""
    engine = Engine(SandboxConfig(network=NetworkOptions.from_json({"offline": True, "secrets": secrets})))
    engine.start()
    try:
        with tempfile.TemporaryDirectory() as folder:
            handler = Path(folder) / "handler.js"
            handler.write_text("async function onTrack(event, settings) { return null }", encoding="utf-8")
            assert engine.load(handler).ok
        return engine.masker()
    finally:
        engine.close()


def _forms(pem_key, pem: str, members: list[str]) -> dict[str, str]:
    """Texts a handler writes of the keys, by what each is."""
    der, body = pkcs8(pem_key), "".join(pem.strip().splitlines()[1:-1])
    own = base64.b64decode(body)
    forms = {"pem": pem, "pem crlf": pem.replace("\n", "\r\n"), "pem json": json.dumps(pem), "body": body,
             "pem url": quote(pem, safe=""), "own hex": own.hex(), "own HEX": own.hex().upper(),
             "pkcs8 base64": base64.b64encode(der).decode(), "pkcs8 hex": der.hex(),
             "pkcs8 url": _b64url(der), "own base64url": _b64url(own)}
    forms |= {f"line {index}": line for index, line in enumerate(pem.splitlines()[1:-1])}
    forms |= {f"inside base64 at {pad}": base64.b64encode(b"x" * pad + pem.encode()).decode() for pad in range(3)}
    forms |= {f"member {index}": member for index, member in enumerate(members)}
    forms |= {f"member {index} hex": base64.urlsafe_b64decode(member + "==").hex() for index, member in enumerate(members)}
    forms |= {f"member {index} in json": json.dumps({"d": member}) for index, member in enumerate(members)}
    forms |= {f"short in base64 at {pad}": base64.b64encode(b"u" * pad + b":AQAB").decode() for pad in range(3)}
    return forms


def test_every_form_of_a_pem_key_and_a_jwk_is_masked(keys):
    pem_key, pem, members, masker = keys
    for name, form in _forms(pem_key, pem, members).items():
        shown = masker.text(f"logged: {form} (end)")
        assert "••••••" in shown, name
        unwrapped = shown.replace("\r", "").replace("\n", "")
        kept = [run for run in runs(form.replace("\r", "").replace("\n", ""), 24) if run in unwrapped]
        assert not kept, (name, kept[:1])
        assert masker.bytes(form.encode()) != form.encode(), name


def test_a_key_s_der_bytes_are_masked_among_other_bytes(keys):
    pem_key, _, _, masker = keys
    der = pkcs8(pem_key)
    masked = masker.bytes(b"\x00\xff" + der + b"\x00")
    assert not [run for run in runs(der.hex(), 48) if bytes.fromhex(run) in masked]


def test_a_key_s_der_bytes_are_masked_whole_where_they_hold_a_run_of_text_that_is_a_form():
    """A key whose DER holds a printable run that is one of its text forms (found by generating keys): the run masked as
    text does not hide the rest of the DER from the search for its bytes."""
    pem = (Path(__file__).parent / "fixtures" / "keys" / "rsa_der_text_run.pem").read_text(encoding="ascii")
    der = pkcs8(serialization.load_pem_private_key(pem.encode(), None))
    masked = _masker([pem]).bytes(b"\x00\xff" + der + b"\x00")
    assert not [run for run in runs(der.hex(), 48) if bytes.fromhex(run) in masked]
