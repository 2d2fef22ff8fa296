"""Values that are credentials by their shape, whatever the setting that holds them is named (`pem`, `stripe`,
`header`): a private key's PEM block, a credential with its auth scheme, and the tokens whose prefix says what they are."""

from __future__ import annotations

import json
import re

from segtui.key_like import credential_like

_PRIVATE_KEY = re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"
                          r".*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----|\Z)", re.DOTALL)
"""A private key's PEM block (PKCS#8, RSA, EC, OpenSSH, encrypted, PGP's), to its end line or the text's end."""
_SCHEMED = re.compile(r"\s*(?:Bearer|Basic|Token|Bot|SSWS|Splunk|GenieKey)\s+(\S{6,})\s*", re.IGNORECASE)
"""A value that is a credential with its scheme, as an Authorization header takes it (`Bearer TOKEN`)."""
_SCHEMED_IN_TEXT = re.compile(r"(?<![\w-])(?:Bearer|Basic|Token) +([\w~+/.=-]{16,})", re.IGNORECASE)
"""The same within a longer text, its token long: `curl -H "Authorization: Bearer TOKEN"` in a setting's notes."""
_PREFIXED = re.compile(
    r"(?<![\w-])(?:(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{10,}|whsec_[0-9A-Za-z+/=]{16,}|gh[pousr]_[0-9A-Za-z]{30,}"
    r"|github_pat_\w{30,}|glpat-[\w-]{20,}|xox[abposre]-[\w-]{10,}|xapp-[\w-]{10,}|AIza[\w-]{35}"
    r"|SG\.[\w-]{16,}\.[\w-]{16,}|npm_[0-9A-Za-z]{36,}|sk-(?:proj-|ant-)?[\w-]{20,}|key-[0-9a-z]{32}"
    r"|shp(?:at|ss|ca|pa)_[0-9a-fA-F]{32}|eyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]*|sgp_[0-9A-Za-z]{40,}"
    r"|pat-(?:na|eu)1-[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}|(?:secret|ntn)_[0-9A-Za-z]{40,}|lin_api_[0-9A-Za-z]{30,}"
    r"|NRAK-[0-9A-Z]{27}|EAAA[\w-]{50,}|sq0(?:atp|csp)-[\w-]{20,}|dapi[0-9a-f]{32}|hf_[A-Za-z]{30,}|[0-9a-f]{32}-us[0-9]{1,2}"
    r"|pat[0-9A-Za-z]{14}\.[0-9a-f]{64}|PMAK-[0-9a-f]{24}-[0-9a-f]{34}|pk_[0-9a-f]{34})(?![\w-])")
"""Tokens whose prefix names a secret: Stripe's secret and webhook keys, GitHub's, GitLab's, Slack's, Google's API
keys, SendGrid's, npm's, OpenAI's and Anthropic's, Mailgun's, Shopify's, a JSON Web Token, Segment's Public API
token, HubSpot's, Notion's, Linear's, New Relic's, Square's, Databricks', Hugging Face's, Mailchimp's (`…-us6`),
Airtable's, Postman's and Klaviyo's private key (`pk_` and 34 hex digits; Stripe's publishable key, `pk_live_`, is
none)."""

_AWS_KEY_ID = re.compile(r"(?<![A-Za-z0-9])(?:A3T[A-Z0-9]|AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA|ASCA)"
                         r"[A-Z0-9]{16}(?![A-Za-z0-9])")
"""An AWS access key ID (`AKIA…`, a session's `ASIA…`): a credential by its shape alone, its letters in runs too long to
look random (AWS's own example, `AKIAIOSFODNN7EXAMPLE`, is no `credential_like`)."""


def shaped_secrets(text: str) -> list[str]:
    """The credentials a text holds by their shape: each private key's block, a schemed credential and its token (one
    that looks random, or holds letters and digits: `Basic Authentication` is words), each prefixed token that looks random
    (`credential_like`: `sk-marketing-plan-2024` is a name), each AWS access key ID."""
    found = [block.group() for block in _PRIVATE_KEY.finditer(text)]
    schemed = _SCHEMED.fullmatch(text)
    if schemed and _mixed(schemed.group(1)):
        found += [text.strip(), schemed.group(1)]
    found += [token.group(1) for token in _SCHEMED_IN_TEXT.finditer(text) if _mixed(token.group(1))]
    found += [token.group() for token in _PREFIXED.finditer(text) if credential_like(token.group())]
    return found + _AWS_KEY_ID.findall(text)


def _mixed(token: str) -> bool:
    """Whether a token looks random (`credential_like`), or holds letters and digits both (`Tk5551234567890abcd`)."""
    return credential_like(token) or (any(char.isdigit() for char in token) and any(char.isalpha() for char in token))


def credential_named(name: str) -> bool:
    """Whether a setting's name (or label) is a credential, not a name: a key pasted as the name, or name and value
    swapped (`--setting "$KEY=apiKey"`): one that looks like a random key or holds one by its shape."""
    return credential_like(name) or bool(shaped_secrets(name))


def shown_name(text: object) -> str:
    """A name read from a user's file as an error quotes it, in JSON's quotes; a credential in its place (a key pasted
    as a name, credential_named) is not shown."""
    if isinstance(text, str) and credential_named(text):
        return "(a text shaped like a credential, not shown)"
    return json.dumps(text, ensure_ascii=False)
