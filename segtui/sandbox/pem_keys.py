"""PEM keys for crypto's signatures and RSA encryption, read as Node 20's OpenSSL reads them: without the key check
OpenSSL does not make on load (cryptography's took seconds for a big key, holding Python's lock), kept for reuse, and
refused with the errors Node throws.

Bytes cross the host channel as latin-1 strings (one char per byte), as host_services.py's do.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from cryptography import x509
from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from segtui.key_kdf import past_deadline
from segtui.sandbox.host_services import HostDeadlineError

# The ERR_OSSL_ code's prefix Node gives each OpenSSL library's errors.
_PREFIX = {"rsa routines": "RSA_", "digital envelope routines": "EVP_", "common libcrypto routines": "CRYPTO_"}
_KEPT = 16
"""Keys kept read, by PEM and passphrase: a handler signs with the same key for every event."""
_kept: OrderedDict[tuple[bytes, str | None], Any] = OrderedDict()


def openssl(code: str, library: str, reason: str, stack: list[str] | None = None) -> dict[str, Any]:
    """An OpenSSL error as Node 20 throws it: the message, library, reason, ERR_OSSL_ code and any errors under it."""
    found: dict[str, Any] = {"error": f"error:{code}:{library}::{reason}", "library": library, "reason": reason,
                             "code": "ERR_OSSL_" + _PREFIX.get(library, "") + reason.upper().replace(" ", "_")}
    if stack:
        found["stack"] = stack
    return found


class KeyError_(Exception):
    """A key or operation Node would refuse; `fields` is Node's error (message, and library, reason, code and stack when
    OpenSSL's)."""

    def __init__(self, fields: dict[str, Any]) -> None:
        super().__init__(fields["error"])
        self.fields = fields


UNREADABLE = openssl("1E08010C", "DECODER routines", "unsupported")
UNSUPPORTED_KEYTYPE = openssl("03000096", "digital envelope routines", "operation not supported for this keytype")
UNSUPPORTED_PADDING = openssl("1C8000A5", "Provider routines", "illegal or unsupported padding mode")
PSS_ONLY = openssl("1C8000B2", "Provider routines", "operation not supported for this keytype")
"""What OpenSSL says of an RSA-PSS key given to encrypt or decrypt: it only signs and verifies."""
_PSS_OID = bytes.fromhex("06092a864886f70d01010a")
"""id-RSASSA-PSS (1.2.840.113549.1.1.10) in DER, an RSA-PSS key's algorithm."""
_KEY_BLOCK = re.compile(rb"-----BEGIN (?:PUBLIC|PRIVATE) KEY-----(.*?)-----END", re.DOTALL)
_BAD_DECRYPT, _CANCELLED = "error:1C800064:Provider routines::bad decrypt", "error:07880109:common libcrypto routines::interrupted or cancelled"
_PKCS12_FINAL = "error:11800074:PKCS12 routines::pkcs12 cipherfinal error"
_NO_PASSWORD = "error:04800068:PEM routines::bad password read"


def _passphrase_error(pkcs8: bool, given: bool) -> dict[str, Any]:
    """What OpenSSL says of an encrypted key with a wrong passphrase (`given`) or none, PKCS#8 or traditional PEM."""
    if given:
        return openssl("1C800064", "Provider routines", "bad decrypt",
                       [_PKCS12_FINAL, _BAD_DECRYPT, _PKCS12_FINAL] if pkcs8 else ["error:04800065:PEM routines::bad decrypt"])
    tail = ["error:1C80009F:Provider routines::unable to get passphrase", _CANCELLED] if pkcs8 else []
    return openssl("07880109", "common libcrypto routines", "interrupted or cancelled", [_NO_PASSWORD, _CANCELLED, *tail])


def _decryptable(data: bytes, deadline: Callable[[], float]) -> None:
    """Refuse an encrypted key whose derivation would end past `deadline()`: cryptography runs it holding Python's lock."""
    if (why := past_deadline(data, deadline)) is not None:
        raise HostDeadlineError(why)


def _unavailable(error: UnsupportedAlgorithm) -> KeyError_:
    """A key OpenSSL reads (Node's does) of an algorithm or curve that cryptography lacks: not available in segtui."""
    return KeyError_({"error": f"crypto: this key is not available in segtui ({error})"})


def _load_private(data: bytes, password: str | None, deadline: Callable[[], float]) -> Any:
    if password is not None:
        _decryptable(data, deadline)
    try:
        return serialization.load_pem_private_key(data, password.encode("utf-8") if password is not None else None,
                                                  unsafe_skip_rsa_key_validation=True)
    except TypeError as error:
        # An encrypted key with no passphrase or an empty one (cryptography takes it for none, OpenSSL tries it), or a
        # passphrase with a key that needs none, which Node reads anyway.
        if "not given" in str(error):
            raise KeyError_(_passphrase_error(b"ENCRYPTED PRIVATE KEY" in data, given=password is not None)) from None
    except ValueError as error:
        if "password" in str(error):
            raise KeyError_(_passphrase_error(b"ENCRYPTED PRIVATE KEY" in data, given=True)) from None
        raise KeyError_(UNREADABLE) from None
    except UnsupportedAlgorithm as error:
        raise _unavailable(error) from None
    return _load_private(data, None, deadline)


def private_key(payload: dict[str, Any], deadline: Callable[[], float]) -> Any:
    """The PEM private key of the payload (with its passphrase), or KeyError_ with Node's error."""
    data, password = payload["key"].encode("latin-1"), payload.get("passphrase")
    if (data, password) in _kept:
        _kept.move_to_end((data, password))
        return _kept[data, password]
    key = _kept[data, password] = _load_private(data, password, deadline)
    if len(_kept) > _KEPT:
        _kept.popitem(last=False)
    return key


def public_only(payload: dict[str, Any]) -> Any | None:
    """The payload's PEM public key or certificate's key; None for any other PEM (a private key is not read here)."""
    data = payload["key"].encode("latin-1")
    for load in (serialization.load_pem_public_key, lambda pem: x509.load_pem_x509_certificate(pem).public_key()):
        try:
            return load(data)
        except ValueError:
            continue
        except UnsupportedAlgorithm as error:
            raise _unavailable(error) from None
    return None


def public_key(payload: dict[str, Any], deadline: Callable[[], float]) -> Any:
    """The public key of the payload's PEM public key, certificate or private key, or KeyError_ with Node's error."""
    found = public_only(payload)
    return found if found is not None else private_key(payload, deadline).public_key()


def rsa_pss(payload: dict[str, Any]) -> bool:
    """Whether the payload's PEM is an RSA-PSS key (SPKI or PKCS#8, its algorithm id-RSASSA-PSS), which cryptography
    reads as any RSA key and OpenSSL keeps to PSS signatures."""
    block = _KEY_BLOCK.search(payload["key"].encode("latin-1"))
    try:
        return block is not None and _PSS_OID in base64.b64decode(b"".join(block[1].split()))[:24]
    except binascii.Error:
        return False


def _der(tag: int, body: bytes) -> bytes:
    """A DER value of the tag and body."""
    size = len(body)
    width = (size.bit_length() + 7) // 8
    return bytes([tag]) + (bytes([size]) if size < 0x80 else bytes([0x80 | width]) + size.to_bytes(width, "big")) + body


def _value_end(der: bytes, at: int) -> tuple[int, int]:
    """Where the body of the DER value at `at` starts, and where the value ends."""
    first = der[at + 1]
    width = first & 0x7F if first >= 0x80 else 0
    start = at + 2 + width
    return start, start + (int.from_bytes(der[at + 2:start], "big") if width else first)


def _pem(label: str, der: bytes) -> str:
    body = base64.b64encode(der).decode("ascii")
    lines = "\n".join(body[start:start + 64] for start in range(0, len(body), 64))
    return f"-----BEGIN {label}-----\n{lines}\n-----END {label}-----\n"


def pss_pems(payload: dict[str, Any], public: rsa.RSAPublicKey) -> tuple[str, str]:
    """An RSA-PSS key's PKCS#8 (or SPKI) PEM and its public key's SPKI PEM as OpenSSL writes them, with its
    id-RSASSA-PSS algorithm (and any parameters), which cryptography's PEM would lose (`rsa_pss` tells such a key)."""
    block = _KEY_BLOCK.search(payload["key"].encode("latin-1"))
    if block is None:  # none: rsa_pss found the key's block
        raise KeyError_(UNREADABLE)
    der = base64.b64decode(b"".join(block[1].split()))
    if b"PUBLIC" in block[0]:
        return _pem("PUBLIC KEY", der), _pem("PUBLIC KEY", der)
    version = _value_end(der, 0)[0]  # PrivateKeyInfo: SEQUENCE { version, AlgorithmIdentifier, … }
    algorithm = _value_end(der, version)[1]
    pkcs1 = public.public_bytes(serialization.Encoding.DER, serialization.PublicFormat.PKCS1)
    spki = _der(0x30, der[algorithm:_value_end(der, algorithm)[1]] + _der(0x03, b"\0" + pkcs1))
    return _pem("PRIVATE KEY", der), _pem("PUBLIC KEY", spki)


def usable_public(key: rsa.RSAPublicKey, stack: list[str] | None = None) -> dict[str, Any] | None:
    """OpenSSL's refusal of an RSA public operation with this key, past its modulus or exponent limits (with `stack`
    under it), or None."""
    numbers = key.public_numbers()
    if numbers.n.bit_length() > 16384:
        return openssl("02000069", "rsa routines", "modulus too large", stack)
    if numbers.n <= numbers.e or (numbers.n.bit_length() > 3072 and numbers.e.bit_length() > 64):
        return openssl("02000065", "rsa routines", "bad e value", stack)
    return None
