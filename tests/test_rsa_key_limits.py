"""Big and hostile RSA keys keep to the run's time limit: a loop of private-key operations ends as the handler's
timeout with its logs, as Node's would, where reading the key (with a check Node's OpenSSL does not make) and Python's
pow held Python's lock for seconds a call and got the sandbox killed, its logs lost."""

import secrets
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ENGINE_OPTIONS = {"timeout_s": 2, "memory_mb": 64}

BIG_KEY = (Path(__file__).parent / "fixtures" / "keys" / "rsa8192.pem").read_text(encoding="ascii")
"""An 8192-bit key (made with cryptography): one loop of Node's privateEncrypt with it ran 66 ms a call."""


def _hostile_key() -> str:
    """A 16384-bit private key whose parts do not agree (its factors are not prime) and whose public exponent is as
    long as its modulus: OpenSSL reads it and works with it, slowly; made afresh, as its numbers are random."""
    half = 8192
    p, q = (secrets.randbits(half) | 1 << (half - 1) | 1 for _ in range(2))
    d = secrets.randbits(half) | 1
    e = secrets.randbits(2 * half - 2) | 1 << (2 * half - 3) | 1
    numbers = rsa.RSAPrivateNumbers(p, q, d, (d % p) | 1, (d % q) | 1, 1, rsa.RSAPublicNumbers(e, p * q))
    key = numbers.private_key(unsafe_skip_rsa_key_validation=True)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode("ascii")


CALLS = {
    "privateEncrypt": "crypto.privateEncrypt(key, 'token')",
    "privateEncrypt-no-padding": "crypto.privateEncrypt({ key, padding: crypto.constants.RSA_NO_PADDING }, Buffer.alloc(size, 1))",
    "privateDecrypt-no-padding": "crypto.privateDecrypt({ key, padding: crypto.constants.RSA_NO_PADDING }, Buffer.from('x'))",
    "createSign": "crypto.createSign('sha256').update('x').sign(key)",
}


@pytest.mark.parametrize("call", CALLS.values(), ids=CALLS.keys())
@pytest.mark.parametrize("key", ["big", "hostile"])
def test_a_loop_of_private_key_operations_ends_as_the_handlers_timeout_with_its_logs(runner, call, key):
    result = runner.run("async function onTrack(event, settings) {\n"
                        "  const { key, size } = settings;\n"
                        "  console.log('start');\n"
                        f"  for (;;) {call};\n}}",
                        settings={"key": BIG_KEY, "size": 1024} if key == "big" else {"key": _hostile_key(), "size": 2048})
    assert (result.outcome, result.error.headline()) == ("timeout", "TimeoutError: Task timed out after 2.00 seconds")
    assert [entry.message for entry in result.logs] == ["start"]
    assert runner.run("async function onIdentify() { return 'still alive' }", {"type": "identify"}).return_value == "still alive"


def test_private_operations_agree_with_public_ones(runner):
    # privateEncrypt signs through OpenSSL, its no-padding form and privateDecrypt's by the CRT parts in Python.
    key = rsa.generate_private_key(65537, 2048).private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, serialization.NoEncryption())
    result = runner.run("async function onTrack(event, settings) {\n"
                        "  const key = settings.key, C = crypto.constants;\n"
                        "  const block = Buffer.concat([Buffer.from([0]), crypto.randomBytes(255)]);\n"
                        "  const raw = crypto.privateEncrypt({ key, padding: C.RSA_NO_PADDING }, block);\n"
                        "  const back = crypto.publicDecrypt({ key, padding: C.RSA_NO_PADDING }, raw);\n"
                        "  const sealed = crypto.publicEncrypt({ key, padding: C.RSA_NO_PADDING }, block);\n"
                        "  const opened = crypto.privateDecrypt({ key, padding: C.RSA_NO_PADDING }, sealed);\n"
                        "  return [back.equals(block), opened.equals(block),\n"
                        "          crypto.publicDecrypt(key, crypto.privateEncrypt(key, 'token')).toString()];\n}",
                        settings={"key": key.decode("ascii")})
    assert (result.outcome, result.return_value) == ("success", [True, True, "token"])
