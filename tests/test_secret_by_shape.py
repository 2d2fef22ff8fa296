"""A credential is masked by its shape whatever the setting that holds it is named: a private key's PEM block, a
`Bearer …` value, a token whose prefix says what it is (a probe: each of these under `pem`, `header`, `stripe` was
printed, returned, requested and recorded as it was)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from support.cli import run_outputs

from segtui.settings import UNDECLARED
from segtui.settings_builder import builder_rows, save_builder
from segtui.settings_reads import settings_use
from segtui.settings_secrets import sensitive_values

PEM_BODY = "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7vbqajDw4o6gJ"
SHAPED = {
    "pem": f"-----BEGIN PRIVATE KEY-----\n{PEM_BODY}\n-----END PRIVATE KEY-----\n",
    "sshKey": f"-----BEGIN OPENSSH PRIVATE KEY-----\\n{PEM_BODY}\\n-----END OPENSSH PRIVATE KEY-----",
    "header": "Bearer Tk5551234567890abcd",
    "basic": "Basic dXNlcjpQYXNzd29yZDk5OTk=",
    "stripe": "sk_live_51HqLyjWDarjtT1zdp7dcXa9",
    "github": "ghp_16C7e42F292c6912E7710c838347Ae178B4a",
    "slack": "xoxb-2048-1234567890-Aq9ZrT5uL2kX8vW3",
    "google": "AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI",
    "sendgrid": "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",
    "openai": "sk-proj-Q7vR2mX9kL4pT8wZ3bN6cY1d",
    "mailgun": "key-3ax6xnjp29jd6fds4gc373sgvjxteol0",
    "shopify": "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",
    "segment": "sgp_Qm7Yx2kLp9Vb4Nc8Rt1Zw6Hd3Fj5Gs0Ae2Ui7Oy4Tr9Ep1Wq6Mn3Bv8Cx5Lk0Ja",
    "hubspot": "pat-na1-3f2a1b4c-9d8e-4f7a-b6c5-1e2d3c4b5a69",
    "notion": "secret_Xq3bWm9TcA7pLk2Vn8Rz4Yd6Hs1Gf5Jt0Ke3Uo9Ii7Pw",
    "linear": "lin_api_Z8kQ2mW5xR9tL3vN7bY1cH4dJ6fG0sPa",
    "newrelic": "NRAK-7X2K9Q4M1Z8B3V6N5C0L4P2R7T9",
    "square": "EAAAEOuLQObrVwJvCvoio0GpQ8G8Xq7Zr2Kp9Lm4Nt6Wy1Bh3Cj5Dg8Fs0Ae",
    "databricks": "dapi3f2a1b4c9d8e4f7ab6c51e2d3c4b5a69",
    "huggingface": "hf_QmYxkLpVbNcRtZwHdFjGsAeUiOyTrEpWqMnBvC",
    "mailchimp": "3f2a1b4c9d8e4f7ab6c51e2d3c4b5a69-us6",
    "airtable": "patQm7Yx2kLp9Vb4N.3f2a1b4c9d8e4f7ab6c51e2d3c4b5a693f2a1b4c9d8e4f7ab6c51e2d3c4b5a69",
    "postman": "PMAK-3f2a1b4c9d8e4f7ab6c51e2d-3f2a1b4c9d8e4f7ab6c51e2d3c4b5a6912",
    "klaviyo": "pk_3f2a1b4c9d8e4f7ab6c51e2d3c4b5a6912",
    "aws": "AKIAIOSFODNN7EXAMPLE",
    "awsSession": "ASIAQ3EGXWSN4LKPHXTM",
}
PUBLIC_KEY = "-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1L\n-----END PUBLIC KEY-----"
TOKENS = {"header": "Tk5551234567890abcd", "basic": "dXNlcjpQYXNzd29yZDk5OTk="}
"""The part of a schemed credential a handler sends alone."""


@pytest.mark.parametrize("name", list(SHAPED))
def test_a_credential_is_a_secret_by_its_shape_alone_in_a_list_and_in_text(name):
    value = SHAPED[name]
    for values in ({name: value}, {"config": {"list": ["a", value]}}, {"notes": f"use {value} here"}):
        found = sensitive_values(UNDECLARED, values)
        wanted = value.strip() if values == {name: value} or name not in TOKENS else TOKENS[name]
        assert wanted in found or any(wanted in text for text in found if "PRIVATE KEY" in text), (values, found)
        if name in TOKENS:
            assert TOKENS[name] in found


@pytest.mark.parametrize("value", ["Basic auth", "Bearer token", "Token authentication", "Basic Authentication",
                                   "Splunk Enterprise", "Token Refresh", "Bot Framework", "GenieKey Settings",
                                   "sk-marketing-campaign-2024",
                                   "pk_live_51HqLyjWDarjtT1zdp7dcXa9", PUBLIC_KEY, "xoxb-deprecated-bots",
                                   "secret_santa_gift_exchange_list_for_the_2024_party", "pat-na1-settings",
                                   "AKIAIOSFODNN7EXAMPLES", "BAKIAIOSFODNN7EXAMPLE"])
def test_what_only_looks_like_one_is_not(value):
    assert sensitive_values(UNDECLARED, {"note": value}) == []


HANDLER = """
async function onTrack(event, settings) {
  const names = Object.keys(settings).filter((name) => name !== 'base');
  for (const name of names) console.log(name, settings[name]);
  await fetch(settings.base + '/shaped', {method: 'POST', headers: {'x-forward': settings.header},
                                          body: JSON.stringify(names.map((name) => settings[name]))});
  return Object.fromEntries(names.map((name) => [name, settings[name]]));
}
"""


def test_a_run_prints_writes_and_records_no_credential_a_setting_holds_by_its_shape(tmp_path: Path, loopback):
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({**SHAPED, "base": loopback.base}), encoding="utf-8")
    outputs = run_outputs(tmp_path, "--event", "track", golden=True, replay=True)
    pieces = [PEM_BODY, *TOKENS.values(), *(value for value in SHAPED.values() if "PRIVATE" not in value)]
    leaks = {where: [piece[:12] for piece in pieces if piece in text or json.dumps(piece)[1:-1] in text]
             for where, text in outputs.items()}
    assert not any(leaks.values()), leaks
    assert "x-forward" in outputs["json HAR"]  # the request was made and recorded, masked


def test_the_settings_builder_declares_a_setting_holding_a_credential_sensitive(tmp_path: Path):
    # Saved undeclared, `stripe` went to segtui.json as not sensitive: Segment would show the key to the workspace.
    (tmp_path / "handler.js").write_text("async function onTrack(event, settings) { return settings.stripe; }")
    values = {"stripe": SHAPED["stripe"], "region": "eu", "gcp": {"private_key": "PKxyz123456789"}}
    rows = builder_rows(UNDECLARED, values, settings_use((tmp_path / "handler.js").read_text()))
    save_builder(tmp_path / "handler.js", rows, tmp_path / "segtui.settings.json")
    declared = json.loads((tmp_path / "segtui.json").read_text())["settings"]
    assert {item["label"]: item.get("sensitive", False) for item in declared} == {
        "API Key": True, "stripe": True, "region": False, "gcp": True}
