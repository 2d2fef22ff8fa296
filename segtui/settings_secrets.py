"""Which settings values are secrets: the sensitive settings' strings and numbers at any depth, and what a handler
commonly makes of them (a PEM key's lines, a JSON key file's secret values); and settings masked for display."""

from __future__ import annotations

import contextlib
import json
import os
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import unquote

from segtui.credential_shapes import credential_named, shaped_secrets
from segtui.encrypted_keys import opened_keys
from segtui.errors import SegtuiInputError
from segtui.key_like import credential_like
from segtui.number_texts import number_texts
from segtui.secret_names import secret_name
from segtui.settings import Schema


def sensitive_values(schema: Schema, values: dict[str, Any]) -> list[str]:
    """The secrets to mask: every non-empty string and non-zero number in a sensitive setting, at any depth (a
    number as each text it is written as, segtui.number_texts).

    Sensitive are the settings declared so, and undeclared ones whose names look like secrets'; in any other setting
    (a map, an object), the values under keys that look like secrets' (`{"client_secret": …}`). The proxy variables'
    passwords are secrets too (`proxy_credentials`).
    """
    found: list[str] = []
    for name in [*(spec.name for spec in schema.specs), *values]:
        value = values.get(name)
        texts = _secret_texts(value) if schema.is_sensitive(name, value) else named_secrets(value)
        found.extend(text for text in texts if text not in found)
    # An encrypted key a setting's text (or a secret in one: a key file's `"passphrase"`) opens: the key a handler
    # exports decrypted, and that passphrase, are secrets.
    if any("ENCRYPTED" in text for text in found):  # the texts to try are gathered only when there is a key to open
        # Each setting's strings last first, as segtui tried them before (`opened_keys` ranks them by the names they
        # stand under, and tries the first few): each with its setting's name and the key it stands under.
        tried = [*(((name, under), text) for name, value in values.items()
                   for under, text in reversed(list(_items(value, name=name))) if isinstance(text, str)),
                 *(((), text) for text in found)]
        for pem, passphrase in opened_keys(found, tried):
            found.extend(text for text in (pem, passphrase) if text not in found)
    names = [*(text for spec in schema.specs for text in (spec.name, spec.label)), *values]
    found.extend(text for name in names for text in credential_name(name) if text not in found)
    found.extend(text for text in proxy_credentials(os.environ) if text not in found)
    return found


def credential_name(name: str) -> list[str]:
    """The secrets of a setting's name (or label) that is a credential (credential_shapes.credential_named): the name
    and what a handler makes of it; none for a name."""
    return _secret_texts(name) if credential_named(name) else []


def proxy_credentials(environ: Mapping[str, str]) -> list[str]:
    """The passwords in the proxy variables' URLs (HTTP_PROXY, `user:password@`), each alone and with its user as
    segtui sends them in Proxy-Authorization: a server echoing a request's headers would hand them to the handler; and
    a user that stands alone (`http://TOKEN@proxy`), which is as often a token.
    """
    found = []
    for name, url in environ.items():
        if not name.lower().endswith("_proxy") or name.lower() == "no_proxy":
            continue
        _, scheme, rest = url.partition("://")
        credentials = _userinfo(rest if scheme else url)
        if credentials is None:
            continue
        user, password = credentials
        if password:
            found += [password, unquote(password), f"{unquote(user)}:{unquote(password)}"]
        elif user and password is None:
            found += [user, unquote(user), f"{unquote(user)}:"]
    return list(dict.fromkeys(found))


def _userinfo(authority: str) -> tuple[str, str | None] | None:
    """The user and password (None without a `:`) of a URL's text after its `scheme://`, or None without a `@`. The user
    information runs to the last "@", as a password pasted without percent-encoding may hold one
    (segtui.sandbox.proxy.masked reads it so too)."""
    userinfo, at, _ = authority.rpartition("@")
    if not at:
        return None
    user, colon, password = userinfo.partition(":")
    return user, password if colon else None


MAX_SECRETS = 1_000
MAX_SECRET_CHARS = 65_536
"""How many secrets, and how long, segtui masks: each is looked for in ~100 forms, indexed character by character
(5,000 tokens took 2 GB and 30 s before a run began; a 300 KB value 3.5 GB). A key or certificate is a few thousand
characters."""


def check_secret_sizes(secrets: list[str]) -> None:
    """Refuse secrets too many or too long to mask, saying so without showing any."""
    if len(secrets) > MAX_SECRETS:
        raise SegtuiInputError(f"the sensitive settings hold {len(secrets):,} secret values (a key's lines and parts "
                               f"counted); segtui masks up to {MAX_SECRETS:,}")
    longest = max(map(len, secrets), default=0)
    if longest > MAX_SECRET_CHARS:
        raise SegtuiInputError(f"a sensitive setting holds a value {longest:,} characters long; segtui masks values of "
                               f"up to {MAX_SECRET_CHARS:,} (a key or certificate is a few thousand)")


def _secret_texts(value: object) -> list[str]:
    """The texts of the strings and numbers in a value, in order, at any depth (booleans and null are no secrets), and
    its keys that look like keys (`credential_like`), each string followed by what a handler commonly makes of it
    (`_derived`), and a private JWK object's JSON text."""
    texts: list[str] = []
    for _, item in _items(value, keys=True):
        if isinstance(item, str) and item:
            texts.append(item)
            texts += _derived(item)
        elif isinstance(item, (int, float)) and not isinstance(item, bool) and item:
            texts += number_texts(item)
        elif isinstance(item, dict) and isinstance(item.get("kty"), str) and "d" in item:
            # A private JWK, whose key key_containers reads: its text as JSON.stringify writes it.
            texts.append(json.dumps(item, separators=(",", ":"), ensure_ascii=False))
    return texts


def _items(value: object, keys: bool = False, name: str = "") -> Iterator[tuple[str, object]]:
    """Each item of a value, in order, at any depth, with the object key it stands under (`name` for the value, a list's
    items the list's): each object before what it holds, and no list; with `keys`, an object's keys that look like keys
    (`credential_like`: a map of token → account; a label, `us`, is none) before its values."""
    stack: list[tuple[str, object]] = [(name, value)]
    while stack:
        under, item = stack.pop()
        if isinstance(item, list):
            stack.extend((under, each) for each in reversed(item))
            continue
        yield under, item
        if isinstance(item, dict):
            stack.extend(reversed([*((under, key) for key in item if keys and credential_like(key)),
                                   *((str(key), each) for key, each in item.items())]))


_LINE_BREAKS = re.compile(r"\r?\n|(?:\\r)?\\n")
"""A line break in a secret: a real one, or the `\\n` escape a key pasted into a one-line field keeps."""
_MIN_LINE = 6
"""The shortest line of a multi-line secret masked on its own (shorter ones would be masked as words everywhere)."""
_LONE_SURROGATE = re.compile("[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]")
"""A UTF-16 surrogate without its pair, which UTF-8 cannot carry."""
_JWT = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*")
"""A JSON Web Token: header, payload and signature in base64url, joined by dots."""
_MIN_CHUNK = 16
"""The shortest whitespace-separated piece of a one-line secret masked on its own: a PEM key pasted into a one-line
field has its lines joined by spaces, and a handler splits them apart again (a passphrase's words are shorter)."""
_JS_BLANKS = "\t\n\v\f\r \u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u2028\u2029\u202f\u205f\u3000\ufeff"
"""What JavaScript's `trim()` removes (its WhiteSpace and LineTerminator, Node 20): Python's str.strip keeps U+FEFF (a
BOM pasted with a value) and removes U+001C to U+001F and U+0085, which JavaScript keeps."""
_MIN_TRIMMED = 2
"""The shortest trimmed secret masked on its own, which must also hold a letter or a digit: a placeholder pasted with
blanks around it (` - `, ` a `) would else mask that symbol or letter in every text (a padded PIN, ` 1234 `, stays)."""


def _derived(secret: str) -> list[str]:
    """Secrets a handler commonly makes of a secret's text, which its encoded forms do not cover.

    A multi-line secret (a PEM key) is printed line by line, or split by util.inspect into one quoted piece per
    line, and one pasted with `\\n` escapes is turned into lines (`replace(/\\n/g, '\\n')`): each line, and the
    text with its escapes turned into line feeds and back. A JSON text (a service account's key file) is parsed,
    and its values under names that look like secrets' are secrets too. A secret holding spaces (a PEM key pasted
    into a one-line field) is split apart again: each long piece. One pasted with blanks around it is trimmed
    (`settings.password.trim()`), when what is left is no lone character or symbols (_MIN_TRIMMED).
    """
    trimmed = secret.strip(_JS_BLANKS)
    derived = [trimmed] if len(trimmed) >= _MIN_TRIMMED and any(map(str.isalnum, trimmed)) else []
    lines = [line.strip() for line in _LINE_BREAKS.split(secret)]
    if len(lines) > 1:
        derived += [secret.replace("\\r\\n", "\r\n").replace("\\n", "\n"),
                    secret.replace("\r\n", "\\r\\n").replace("\n", "\\n")]
        derived += [line for line in lines if len(line) >= _MIN_LINE]
    pieces = [piece for line in lines for piece in line.split()]
    if len(pieces) > len(lines):
        derived += [piece for piece in pieces if len(piece) >= _MIN_CHUNK]
    if _LONE_SURROGATE.search(secret):  # as UTF-8 writes it (a request body, Buffer.from): U+FFFD in its place
        derived.append(_LONE_SURROGATE.sub("\ufffd", secret))
    if _JWT.fullmatch(secret):  # a JWT's payload and signature (its header is the same in every token of a kind)
        derived += [part for part in secret.split(".")[1:] if len(part) >= _MIN_CHUNK]
    if secret.lstrip()[:1] in ("{", "[") and (parsed := _json_or_none(secret)) is not None:
        derived += named_secrets(parsed)
    for password in _passwords(secret):  # `new URL(dsn).password` is printed, or the part after `Password=`
        derived += [password, unquote(password)]
    return [text for text in dict.fromkeys(derived) if text and text != secret]


_URL_AUTHORITY = re.compile(r"(?<![A-Za-z0-9+.-])[0-9+.-]*[A-Za-z][A-Za-z0-9+.-]*://(\S+)")
"""A URL's text after its scheme, looked for from where a run of a scheme's characters starts: a long run without `://`
is read once, not once from each of its letters (a 60 KB token took minutes)."""
_TOKEN_USER = re.compile(r"(?=.*[0-9])(?=.*[A-Za-z])[\w-]{16,}")
"""A URL's user without a password that is a key, not a name (`https://KEY@o1.ingest.sentry.io/42`)."""
_CONNECTION_PASSWORD = re.compile(r"(?:^|;)\s*(?:password|pwd)\s*=\s*(\"[^\"]*\"|'[^']*'|[^;]*)", re.IGNORECASE)
"""A connection string's password (`Server=…;User Id=sa;Password=…;`), quoted or to the next `;`."""


def _passwords(secret: str) -> list[str]:
    """The passwords a secret holds: a URL's (`postgres://user:password@host/db`) and a connection string's."""
    found = []
    for url in _URL_AUTHORITY.finditer(secret):
        credentials = _userinfo(url.group(1))
        if credentials is not None and credentials[1]:
            found.append(credentials[1])
        elif credentials is not None and _TOKEN_USER.fullmatch(credentials[0]):  # a Sentry DSN's key
            found.append(credentials[0])
    found += [value.strip().strip("\"'") for value in _CONNECTION_PASSWORD.findall(secret)]
    return [password for password in found if password.strip()]


def named_secrets(value: object) -> list[str]:
    """The secrets any setting holds, at any depth: texts under names that look like secrets' in parsed JSON (in a
    string that is a JSON object or array too: a config as text), a name's value in pairs (`["Authorization", "Bearer
    …"]`, `{"name": "apiKey", "value": …}`) and in text (`client_secret=…` in a query, `password: …` in YAML,
    `API_KEY=…` in an env file), the password of a URL or a connection string, and a credential by its shape (a
    private key's PEM block, `Bearer …`, `sk_live_…`: segtui.credential_shapes)."""
    found: list[str] = []
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str) and item.lstrip()[:1] in ("{", "[") and (parsed := _json_or_none(item)) is not None:
            stack.append(parsed)
        elif isinstance(item, str):
            found += _named_in_text(item)  # an INI file's `[section]` is no JSON
            found += [text for shaped in shaped_secrets(item) for text in _secret_texts(shaped)]
        elif isinstance(item, dict):
            named = next((item[field] for field in _NAME_FIELDS if isinstance(item.get(field), str)), "")
            if "value" in item and secret_name(named, item["value"]):
                found += _secret_texts(item["value"]) + _scheme_token(item["value"])
            for key, inner in item.items():
                if secret_name(str(key), inner):
                    found += _secret_texts(inner) + _scheme_token(inner)
                else:
                    stack.append(inner)
        elif isinstance(item, list):
            if len(item) == 2 and isinstance(item[0], str) and secret_name(item[0], item[1]):
                found += _secret_texts(item[1]) + _scheme_token(item[1])
            stack.extend(item)
    return found


def _json_or_none(text: str) -> object:
    """The JSON a text holds, or None when it holds none (or too deep a one)."""
    with contextlib.suppress(ValueError, RecursionError):
        return json.loads(text)
    return None


_NAME_FIELDS = ("name", "key", "header")
"""The fields that name a pair's value in a list of settings or headers (`{"name": "apiKey", "value": …}`)."""
_NAMED_VALUE = re.compile(r"(?:^|(?<=[\s&;,?#{(\[\"'<]))([A-Za-z_][\w.-]*)[\"'\]>]?\s*[:=>](?!//)\s*"
                          r"(?:(?:Basic|Bearer|Token|Digest) +)?(\"[^\"]*\"|'[^']*'|[^\s&;,\"'}<]+)", re.IGNORECASE)
"""A name and its value in text: a query's `client_secret=…` (also `user[password]=…`), YAML's `password: …`, an env
file's `API_KEY=…`, XML's `<password>…`, a header's `Authorization: Bearer …`."""
_SIGNATURE = re.compile(r"signature|^sig$", re.IGNORECASE)
"""A query's signature (S3's `X-Amz-Signature`, Azure SAS's `sig`): whoever holds the URL holds the access."""
_WEBHOOK_URL = re.compile(r"hooks\.slack\.com/services/([\w/]{12,})|discord(?:app)?\.com/api/webhooks/([\w/-]{12,})"
                          r"|api\.telegram\.org/bot([\w:-]{12,})|hooks\.zapier\.com/hooks/catch/([\w/]{8,})"
                          r"|(?:webhook\.office\.com/webhookb2|outlook\.office(?:365)?\.com/webhook)/([\w@/-]{12,})"
                          r"|maker\.ifttt\.com/(?:trigger/[\w-]+/(?:json/)?with/key|use)/([\w-]{12,})"
                          r"|hook\.(?:\w+\.)?(?:make|integromat)\.com/(\w{16,})|/hooks/([\w-]{20,}(?:/[\w-]{20,})?)"
                          r"|(?<![\w-])([\w-]{10,})\.m\.pipedream\.net|\.azurewebsites\.net/api/[^?\s]*\?(?:[^#\s]*&)?code=([^&#\s]{12,})")
"""The webhook URLs whose path (or host, or Azure Functions' `code`) is their secret: Slack's, Discord's, a Telegram
bot's, Zapier's, Microsoft Teams', IFTTT's, Make's, Mattermost's and other `/hooks/TOKEN`, Pipedream's, an Azure
function's key."""
_SCHEME_TOKEN = re.compile(r"[A-Za-z][\w-]* +(\S{6,})")
"""A credential with its scheme (`Bearer TOKEN`): a handler sends the token alone too."""


def _named_in_text(text: str) -> list[str]:
    """The values under secret-looking names in a text that is no JSON (`_NAMED_VALUE`) that are no plain word (6
    characters or more, not all lower-case letters: `auth: basic` names no secret), a webhook URL's path, and its
    passwords."""
    found = []
    for name, value in _NAMED_VALUE.findall(text):
        value = unquote(value.strip("\"'"))
        if (secret_name(name, value) or _SIGNATURE.search(name)) and len(value) >= 6 and not (value.isalpha() and value.islower()):
            found += [value, *_scheme_token(value)]
    for hook in _WEBHOOK_URL.finditer(text):  # the URL's path is its credential, whatever the setting is named
        path = next(part for part in hook.groups() if part).strip("/")
        found += [path, unquote(path), path.rsplit("/", 1)[-1]]
    return found + [text for password in _passwords(text) for text in (password, unquote(password))]


def _scheme_token(value: object) -> list[str]:
    """The token of a credential written with its scheme (`Bearer TOKEN`), or none."""
    match = _SCHEME_TOKEN.fullmatch(value) if isinstance(value, str) else None
    return [match.group(1)] if match else []
