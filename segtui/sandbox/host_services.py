"""Python side of the sandbox globals that need the host: hashing, HMAC, PBKDF2, scrypt, random bytes and lazy vendor files.

Bytes cross the host channel as latin-1 strings (one char per byte), which both sides convert cheaply; bulk data (what
is hashed, enciphered or deciphered) as base64: JSON writes each byte below 0x20 of latin-1 text as six characters
(`\u0001`), so 15 MB of zeros took over 256 MB to hash, where base64 is a third longer whatever the bytes.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Callable
from typing import Any

from segtui.key_kdf import pbkdf2_seconds, scrypt_seconds
from segtui.sandbox.dynamic_import import script_source
from segtui.sandbox.prelude import lazy_vendor_source

# Node 20's hash names (crypto.getHashes(), spelled as Node lists them) and hashlib's name for each.
_NODE_HASHES = {
    "md5": "md5", "RSA-MD5": "md5", "md5WithRSAEncryption": "md5", "ssl3-md5": "md5",
    "sha1": "sha1", "RSA-SHA1": "sha1", "RSA-SHA1-2": "sha1", "sha1WithRSAEncryption": "sha1", "ssl3-sha1": "sha1",
    "sha224": "sha224", "RSA-SHA224": "sha224", "sha224WithRSAEncryption": "sha224",
    "sha256": "sha256", "RSA-SHA256": "sha256", "sha256WithRSAEncryption": "sha256",
    "sha384": "sha384", "RSA-SHA384": "sha384", "sha384WithRSAEncryption": "sha384",
    "sha512": "sha512", "RSA-SHA512": "sha512", "sha512WithRSAEncryption": "sha512",
    "sha512-224": "sha512_224", "RSA-SHA512/224": "sha512_224", "sha512-224WithRSAEncryption": "sha512_224",
    "sha512-256": "sha512_256", "RSA-SHA512/256": "sha512_256", "sha512-256WithRSAEncryption": "sha512_256",
    "sha3-224": "sha3_224", "RSA-SHA3-224": "sha3_224", "id-rsassa-pkcs1-v1_5-with-sha3-224": "sha3_224",
    "sha3-256": "sha3_256", "RSA-SHA3-256": "sha3_256", "id-rsassa-pkcs1-v1_5-with-sha3-256": "sha3_256",
    "sha3-384": "sha3_384", "RSA-SHA3-384": "sha3_384", "id-rsassa-pkcs1-v1_5-with-sha3-384": "sha3_384",
    "sha3-512": "sha3_512", "RSA-SHA3-512": "sha3_512", "id-rsassa-pkcs1-v1_5-with-sha3-512": "sha3_512",
    "blake2b512": "blake2b", "blake2s256": "blake2s",
    "ripemd160": "ripemd160", "ripemd": "ripemd160", "rmd160": "ripemd160", "RSA-RIPEMD160": "ripemd160",
    "ripemd160WithRSA": "ripemd160",
    "md5-sha1": "md5-sha1", "sm3": "sm3", "RSA-SM3": "sm3", "sm3WithRSAEncryption": "sm3",
    "shake128": "shake_128", "shake256": "shake_256",
}
_BY_LOWER_NAME = {name.lower(): hashlib for name, hashlib in _NODE_HASHES.items()}
# OpenSSL also answers to these spellings, as Node does.
_ALIASES = {"sha-1": "sha1", "sha-224": "sha224", "sha-256": "sha256", "sha-384": "sha384", "sha-512": "sha512",
            "sha2-224": "sha224", "sha2-256": "sha256", "sha2-384": "sha384", "sha2-512": "sha512"}
# Default output length in bytes of the extendable-output functions, as Node uses them.
_SHAKE_BYTES = {"shake_128": 16, "shake_256": 32}


class HostMemoryError(Exception):
    """A host call would allocate more than the sandbox's memory limit allows the handler."""


class HostDeadlineError(Exception):
    """A host call would run past the run's time limit, where V8 cannot stop it (its message names the call)."""


def _within(limit_bytes: int, size: object) -> int:
    """A requested output size, refused past the memory limit as V8 refuses such an allocation."""
    if isinstance(size, int) and size > limit_bytes:
        raise HostMemoryError(f"{size:,} bytes requested, past the memory limit of {limit_bytes // 2**20} MB")
    return size  # type: ignore[return-value]


def _bytes(text: str) -> bytes:
    return text.encode("latin-1")


def _text(data: bytes) -> str:
    return data.decode("latin-1")


def hashlib_name(algorithm: str) -> str:
    """hashlib's name for one of Node's hash names (KeyError when Node has no such hash)."""
    name = algorithm.lower()
    return _BY_LOWER_NAME[_ALIASES.get(name, name)]


def algorithms(_payload: object) -> dict[str, Any]:
    """Which of Node's hash names (lower-cased) segtui serves (hashlib has them) and which it lacks, and the names
    crypto.getHashes() lists (in its order: sorted by code point)."""
    available = set(hashlib.algorithms_available)
    names = list(_BY_LOWER_NAME) + list(_ALIASES)
    served = [name for name in names if hashlib_name(name) in available]
    return {"served": served, "missing": [name for name in names if name not in served], "listed": sorted(_NODE_HASHES)}


def digest(payload: dict[str, Any], limit_bytes: int) -> str:
    """A hash, or an HMAC when the payload has a key, of `data`."""
    name = hashlib_name(payload["algorithm"])
    data = base64.b64decode(payload["data"])
    if "key" in payload:
        return _text(hmac.new(_bytes(payload["key"]), data, name).digest())
    if name in _SHAKE_BYTES:
        length = payload.get("length")
        shake = hashlib.shake_128(data) if name == "shake_128" else hashlib.shake_256(data)
        return _text(shake.digest(_SHAKE_BYTES[name] if length is None else _within(limit_bytes, length)))
    return _text(hashlib.new(name, data).digest())


_PBKDF2_FREE = 1 << 16
"""PBKDF2 rounds (iterations times output blocks) run without an estimate: tens of milliseconds at most."""


def pbkdf2(payload: dict[str, Any], limit_bytes: int, deadline: Callable[[], float]) -> str:
    """PBKDF2-HMAC of a password and salt, refused when it would end past `deadline()` (hashlib cannot be stopped)."""
    name, iterations = hashlib_name(payload["digest"]), payload["iterations"]
    keylen = _within(limit_bytes, payload["keylen"])
    rounds = iterations * -(-keylen // hashlib.new(name).digest_size)
    if rounds > _PBKDF2_FREE:
        seconds, left = pbkdf2_seconds(name, rounds), deadline() - time.perf_counter()
        if seconds > left:
            caller = str(payload.get("caller", "crypto.pbkdf2"))
            raise HostDeadlineError(f"{caller} with {iterations:,} iterations would take about {seconds:,.1f} s, "
                                            f"past the time limit ({max(left, 0):.2f} s were left)")
    return _text(hashlib.pbkdf2_hmac(name, _bytes(payload["password"]), _bytes(payload["salt"]), iterations, keylen))


def scrypt(payload: dict[str, Any], limit_bytes: int, deadline: Callable[[], float]) -> str:
    """scrypt of a password and salt (parameters OpenSSL accepts, checked in JS), refused past the memory limit or
    when it would end past `deadline()` (hashlib cannot be stopped)."""
    n, r, p = payload["n"], payload["r"], payload["p"]
    memory = 128 * r * (n + 2 + p)
    if memory > limit_bytes:
        raise HostMemoryError(f"crypto.scrypt with N={n:,}, r={r}, p={p} needs {memory:,} bytes, past the memory limit "
                              f"of {limit_bytes // 2**20} MB")
    if n * r * p > _PBKDF2_FREE:
        seconds, left = scrypt_seconds(n * r * p), deadline() - time.perf_counter()
        if seconds > left:
            raise HostDeadlineError(f"crypto.scrypt with N={n:,}, r={r}, p={p} would take about {seconds:,.1f} s, "
                                    f"past the time limit ({max(left, 0):.2f} s were left)")
    keylen = _within(limit_bytes, payload["keylen"])
    return _text(hashlib.scrypt(_bytes(payload["password"]), salt=_bytes(payload["salt"]), n=n, r=r, p=p,
                                maxmem=min(memory + 2**20, 2**31 - 1), dklen=keylen))


def random_bytes(payload: dict[str, Any], limit_bytes: int) -> str:
    """Cryptographically strong random bytes."""
    return _text(secrets.token_bytes(_within(limit_bytes, payload["size"])))


def _jwk_keys() -> Any:
    """segtui.sandbox.jwk_keys, imported on the first JWK or older key container, as _signatures is."""
    from segtui.sandbox import jwk_keys

    return jwk_keys


def _signatures() -> Any:
    """segtui.sandbox.signatures, imported on the first signature: cryptography would slow every sandbox's start."""
    from segtui.sandbox import signatures

    return signatures


def _rsa_encryption() -> Any:
    """segtui.sandbox.rsa_encryption, imported on the first RSA encryption: cryptography would slow every start."""
    from segtui.sandbox import rsa_encryption

    return rsa_encryption


def _key_pairs() -> Any:
    """segtui.sandbox.key_pairs, imported on the first key pair, ECDH secret or raw EC point, as _signatures is."""
    from segtui.sandbox import key_pairs

    return key_pairs


def _cipher_ops(limit_bytes: int) -> dict[str, Callable[[Any], object]]:
    """The cipher ops, served by one segtui.sandbox.ciphers.Ciphers made on the first cipher (cryptography is slow to
    import); an update is refused past the memory limit (its output is as long as its input, give or take a block)."""
    made: list[Any] = []

    def ciphers() -> Any:
        if not made:
            from segtui.sandbox.ciphers import Ciphers

            made.append(Ciphers())
        return made[0]

    def update(payload: dict[str, Any]) -> object:
        _within(limit_bytes, len(payload["data"]))
        return ciphers().update(payload)

    def names(_payload: object) -> object:
        from segtui.sandbox.cipher_table import names

        return names()

    def info(payload: dict[str, Any]) -> object:
        from segtui.sandbox.cipher_table import cipher_info

        return cipher_info(payload)

    def password_key(payload: dict[str, Any]) -> object:
        from segtui.sandbox.ciphers import password_key

        return password_key(payload)

    def key_wrap(payload: dict[str, Any]) -> object:
        from segtui.sandbox.cipher_wrap import key_wrap

        _within(limit_bytes, len(payload["data"]))
        return key_wrap(payload)

    return {"crypto.cipher_names": names, "crypto.cipher_info": info, "crypto.cipher_password": password_key, "crypto.cipher_new": lambda payload: ciphers().new(payload),
            "crypto.cipher_aad": lambda payload: ciphers().aad(payload), "crypto.cipher_update": update,
            "crypto.cipher_final": lambda payload: ciphers().final(payload),
            "crypto.cipher_drop": lambda payload: ciphers().drop(payload), "crypto.aes_key_wrap": key_wrap}


def vendor_source(payload: dict[str, Any]) -> str:
    """The source of a lazily loaded vendor file, ready to evaluate."""
    return lazy_vendor_source(payload["file"])


def services(limit_bytes: int, deadline: Callable[[], float]) -> dict[str, Callable[[Any], object]]:
    """The host ops this module serves, by op name; what they allocate for the handler stays within `limit_bytes`, and
    one that would run long is refused when it would end past `deadline()` (time.perf_counter).

    A reply crosses to JS as text of one character per byte (two bytes each in V8), so a byte costs two of the limit.
    """
    limit = limit_bytes // 2
    return {
        "crypto.algorithms": algorithms,
        "crypto.digest": lambda payload: digest(payload, limit),
        "crypto.pbkdf2": lambda payload: pbkdf2(payload, limit, deadline),
        "crypto.scrypt": lambda payload: scrypt(payload, limit, deadline),
        "crypto.random": lambda payload: random_bytes(payload, limit),
        **_cipher_ops(limit),
        "crypto.sign": lambda payload: _signatures().sign(payload, deadline),
        "crypto.verify": lambda payload: _signatures().verify(payload, deadline),
        "crypto.key_details": lambda payload: _signatures().key_details(payload, deadline),
        "crypto.encrypted_pkcs8": lambda payload: _signatures().encrypted_pkcs8(payload, deadline),
        "crypto.jwk_pem": lambda payload: _jwk_keys().jwk_pem(payload),
        "crypto.key_export": lambda payload: _jwk_keys().key_export(payload, deadline),
        "crypto.public_encrypt": lambda payload: _rsa_encryption().encrypt(payload, deadline),
        "crypto.private_decrypt": lambda payload: _rsa_encryption().decrypt(payload, deadline),
        "crypto.private_encrypt": lambda payload: _rsa_encryption().private_encrypt(payload, deadline),
        "crypto.public_decrypt": lambda payload: _rsa_encryption().public_decrypt(payload, deadline),
        "crypto.generate_key_pair": lambda payload: _key_pairs().generate_key_pair(payload),
        "crypto.ecdh": lambda payload: _key_pairs().ecdh(payload),
        "crypto.ec_curves": lambda payload: list(_key_pairs().CURVES),
        "crypto.ec_point": lambda payload: _key_pairs().ec_point(payload),
        "crypto.ecdh_keys": lambda payload: _key_pairs().ecdh_keys(payload),
        "crypto.ecdh_secret": lambda payload: _key_pairs().ecdh_secret(payload),
        "crypto.ecdh_point": lambda payload: _key_pairs().ecdh_point(payload),
        "vendor.source": vendor_source,
        "script.source": lambda payload: script_source(str(payload["source"])),
    }
