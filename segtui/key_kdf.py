"""How long a key derivation would take on this machine (PBKDF2, scrypt, and decrypting an encrypted PKCS#8 PEM key's):
it runs inside hashlib or cryptography holding Python's lock, so neither V8 nor the sandbox's watcher can stop it, and
one that would pass the time limit is refused (by the sandbox's host calls, and by a Masker's tries of passphrases)."""

from __future__ import annotations

import base64
import binascii
import hashlib
import time
from collections.abc import Callable

from segtui.key_containers import PEM_HEADERS, PEM_PRIVATE_KEY

_PBES2, _PBKDF2, _SCRYPT = "2a864886f70d01050d", "2a864886f70d01050c", "2b06010401da47040b"
_PKCS12_PBE = "2a864886f70d010c01"
"""The OIDs' DER content: PBES2, its PBKDF2 and scrypt key derivations, and the PKCS#12 PBE schemes' common prefix."""
_PRF = {"2a864886f70d0207": "sha1", "2a864886f70d0208": "sha224", "2a864886f70d0209": "sha256",
        "2a864886f70d020a": "sha384", "2a864886f70d020b": "sha512"}
_KEY_BYTES = 32
"""The longest key a PBES2 cipher derives (AES-256), when neither the parameters nor a known cipher say."""
_CIPHER_KEY_BYTES = {"608648016503040102": 16, "608648016503040116": 24, "60864801650304012a": 32,
                     "2a864886f70d0307": 24}
"""The key each PBES2 cipher derives, by its OID's DER content: AES-128, -192 and -256 in CBC mode, 3DES."""

_PBKDF2_PROBE, _PBKDF2_PROBES = 1 << 12, 3
_round_s: dict[str, float] = {}
"""Seconds one PBKDF2 round of each hash takes here, measured on its first long derivation."""
_SCRYPT_PROBE = 1 << 10
_scrypt_unit_s: list[float] = []
"""Seconds one scrypt unit (N*r*p of 1) takes here, measured on the first long derivation."""


def pbkdf2_seconds(name: str, rounds: int) -> float:
    """About how long `rounds` PBKDF2 rounds of hash `name` take on this machine: the fastest of a few ~1 ms probes, as
    one the scheduler paused would refuse every later derivation that fits."""
    if name not in _round_s:
        fastest = float("inf")
        for _ in range(_PBKDF2_PROBES):
            started = time.perf_counter()
            hashlib.pbkdf2_hmac(name, b"", b"", _PBKDF2_PROBE, hashlib.new(name).digest_size)
            fastest = min(fastest, time.perf_counter() - started)
        _round_s[name] = fastest / _PBKDF2_PROBE
    return _round_s[name] * rounds


def scrypt_seconds(units: int) -> float:
    """About how long scrypt with N*r*p of `units` takes on this machine."""
    if not _scrypt_unit_s:
        started = time.perf_counter()
        hashlib.scrypt(b"", salt=b"", n=_SCRYPT_PROBE, r=8, p=1, dklen=32)
        _scrypt_unit_s.append((time.perf_counter() - started) / (_SCRYPT_PROBE * 8))
    return _scrypt_unit_s[0] * units


def _items(data: bytes) -> list[tuple[int, bytes]]:
    """The DER elements laid end to end in `data`: tag and content each (ValueError when it is not DER)."""
    items, at = [], 0
    while at < len(data):
        tag, size = data[at], data[at + 1]
        at += 2
        if size & 0x80:
            count = size & 0x7F
            size, at = int.from_bytes(data[at:at + count], "big"), at + count
        if at + size > len(data):
            raise ValueError("truncated DER")
        items.append((tag, data[at:at + size]))
        at += size
    return items


def _integer(item: tuple[int, bytes]) -> int:
    if item[0] != 0x02:
        raise ValueError("not an INTEGER")
    return int.from_bytes(item[1], "big")


def derivation(pem: bytes) -> tuple[str, float] | None:
    """What an encrypted PKCS#8 PEM key's derivation is and about how many seconds it takes; None for any other key."""
    # The encrypted key's block, wherever it stands: OpenSSL (and cryptography) skip text before it, such as the `Bag
    # Attributes` that `openssl pkcs12` writes.
    block = next((block for block in PEM_PRIVATE_KEY.finditer(pem.decode("latin-1"))
                  if block[1] == "ENCRYPTED PRIVATE KEY"), None)
    if block is None:
        return None
    try:
        der = base64.b64decode("".join(PEM_HEADERS.sub("", block[2]).split()))
        algorithm = _items(_items(_items(der)[0][1])[0][1])
        scheme, parameters = algorithm[0][1].hex(), _items(algorithm[1][1])
        if scheme.startswith(_PKCS12_PBE):  # salt, iterations: about a PBKDF2-SHA1 round per iteration and block
            iterations = _integer(parameters[1])
            return f"PKCS#12 PBE with {iterations:,} iterations", pbkdf2_seconds("sha1", iterations * 2)
        if scheme != _PBES2:
            return None
        kdf = _items(parameters[0][1])
        kind, fields = kdf[0][1].hex(), _items(kdf[1][1])
        if kind == _PBKDF2:
            iterations = _integer(fields[1])
            cipher = _items(parameters[1][1])[0][1].hex() if len(parameters) > 1 else ""
            length = (_integer(fields[2]) if len(fields) > 2 and fields[2][0] == 0x02
                      else _CIPHER_KEY_BYTES.get(cipher, _KEY_BYTES))
            prf = next((_PRF.get(_items(item[1])[0][1].hex(), "sha1") for item in fields[2:] if item[0] == 0x30),
                       "sha1")
            rounds = iterations * -(-length // hashlib.new(prf).digest_size)
            return f"PBKDF2-{prf.upper()} with {iterations:,} iterations", pbkdf2_seconds(prf, rounds)
        if kind == _SCRYPT:
            n, r, p = (_integer(item) for item in fields[1:4])
            return f"scrypt with N={n:,}, r={r}, p={p}", scrypt_seconds(n * r * p)
    except (ValueError, IndexError, OverflowError, binascii.Error):  # OverflowError: a count no float holds
        return None  # cryptography says what is wrong with it, as Node's OpenSSL would
    return None


def past_deadline(pem: bytes, deadline: Callable[[], float]) -> str | None:
    """Why decrypting an encrypted PKCS#8 PEM key would end past `deadline()` (time.perf_counter), or None when it would
    not (or is no such key)."""
    found = derivation(pem)
    left = deadline() - time.perf_counter()
    if found is None or found[1] <= left:
        return None
    return (f"decrypting the private key ({found[0]}) would take about {found[1]:,.1f} s, past the time limit "
            f"({max(left, 0):.2f} s were left)")
