"""Which names (of a setting, a field, a label) name a secret, and which values under them read as a password."""

import re

from segtui.key_like import LETTER_WORD, credential_like

_SECRET_WORD = re.compile("(?i:key|secret|token|passw|passphrase|passcode|pwd|credential|creds|auth|bearer|dsn|jwt|cookie"
                          "|salt|signing|hmac|connectionstring|connstr|webhook|(?:seed|recovery)[\\W_]?phrase)|(?i:pass|pw)(?![a-z])")
"""A name that looks like a secret's: one of these words anywhere (`monkey` too: masking more is the safe side; a
webhook's URL holds its secret; a wallet's `seedPhrase`), or `pass` or `pw` ending a word (`dbPass`, `dbPw`)."""
_SECRET_WHOLE_WORD = frozenset(("pin", "otp", "totp", "hotp", "mnemonic", "cvv", "cvc", "psk"))
"""Words that name a secret only as a whole word of a name (`smsPin`, `pin_code`, `totpSeed`, `wifiPsk`; not `spin`)."""
_PLAIN_WORD = re.compile("(?i:author(?!i[sz])|tokeni[sz]|keyword)")
"""Words that only look like one: `authorName`, `authority`, `tokenizer`, `keywords` (not `authorization`)."""
_ABOUT_A_SECRET = frozenset(("type", "name", "field", "prefix", "suffix", "region", "domain", "mode", "method", "format",
                             "version", "enabled", "length", "size", "count", "ttl", "expiry", "expires", "expiration",
                             "location", "property", "column", "attribute", "label", "algorithm", "encoding", "scheme",
                             "strategy", "kind", "placement", "separator", "delimiter", "identity", "hint"))
"""A name's last word that makes it describe a secret rather than hold one (`authType`, `keyPrefix`, `pskIdentity`)."""
_DATA_KEY = frozenset(("primary", "partition", "dedupe", "dedup", "deduplication", "sort", "range", "foreign", "unique",
                       "idempotency", "lookup", "join", "match", "merge", "upsert", "cache", "shard", "sharding",
                       "cluster", "clustering", "distribution", "composite", "surrogate", "natural", "row", "index"))
"""What a key is when it names data, not a credential (`primaryKey: "email"`, `partitionKey`, `dedupeKey`)."""
_NAME_WORDS = re.compile(f"{LETTER_WORD.pattern}|[0-9]+")


def secret_name(name: str, value: object = None) -> bool:
    """Whether a setting's (or a field's) name looks like a secret's (`_SECRET_WORD`, `_SECRET_WHOLE_WORD`), not like
    one about a secret or about data (`_ABOUT_A_SECRET`, `_DATA_KEY`) unless its value, when known, looks like a key
    (`credential_like`)."""
    words = [word.lower() for word in _NAME_WORDS.findall(name)]
    if not _SECRET_WORD.search(_PLAIN_WORD.sub(" ", name)) and _SECRET_WHOLE_WORD.isdisjoint(words):
        return False
    if len(words) > 1 and (words[-1] in _ABOUT_A_SECRET or (words[-1] in ("key", "keys") and words[-2] in _DATA_KEY)):
        return credential_like(value)
    return True


_PASSWORD_WORDS = frozenset(("password", "passwd", "passphrase", "passcode", "pwd", "pass", "pw", "secret"))


def password_like(name: str, value: object) -> bool:
    """Whether a value (or a text in a list or map of them) under a secret's name reads as a password, not as a word
    (`demo`), a label (`X-API-Key`) or an address: 6 characters or more, no URL, with a digit or a symbol
    (`Summer2024!`), or any under a name ending in a password's or a secret's word (`smtpPassword: "correct horse"`)."""
    if isinstance(value, (list, dict)):
        return any(password_like(name, item) for item in (value.values() if isinstance(value, dict) else value))
    if not isinstance(value, str) or len(value.strip()) < 6 or "://" in value:
        return False
    marked = any(char.isdigit() or not (char.isalpha() or char in " -_.:/") for char in value)
    return marked or any(word.lower() in _PASSWORD_WORDS for word in _NAME_WORDS.findall(name)[-1:])


_CREDENTIAL_NOUNS = frozenset(("secret", "secrets", "key", "keys", "token", "tokens", "password", "passwords", "passwd",
                               "pwd", "pass", "passphrase", "passcode", "psk", "pin", "otp", "credential", "credentials",
                               "creds", "jwt", "dsn", "salt", "mnemonic", "phrase"))
"""What a label (prose) ends with when it names a secret itself (`Client Secret`, `Wi-Fi PSK`, `Seed Phrase`), not a
thing about one (`Key Events`, `Token Endpoint`, `Custom Auth Headers`, `API Key Rotation Days`)."""


def judged_sensitive(name: str, label: str) -> bool:
    """Whether a declaration silent on `sensitive` is sensitive: its name is a secret's (`secret_name`), or its label is
    one that ends with a credential's noun (`Client Secret` over `cs`)."""
    words = _NAME_WORDS.findall(label)
    return secret_name(name) or (secret_name(label) and bool(words) and words[-1].lower() in _CREDENTIAL_NOUNS)
