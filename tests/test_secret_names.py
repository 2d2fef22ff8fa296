"""Which setting names hold secrets when segtui.json does not say, and masked object keys that collide."""

import json
from pathlib import Path

import pytest

from segtui.masking import MASK
from segtui.settings import UNDECLARED
from segtui.settings_secrets import sensitive_values
from tests.support.cli import run_outputs, segtui

KEY = "sk_live_51H8xYzAbCdEfGhIjKlMnOpQr"
TOKEN = "tok_9f8e7d6c5b4a3210ZyXw"


@pytest.mark.parametrize("name", ["apiKey", "writeKey", "secretKey", "privateKey", "licenseKey", "userKey", "hashKey",
                                  "accessKeyId", "routingKey", "authHeader", "authorizationToken", "authorToken", "webHookUrl",
                                  "connectionString", "APIKEY", "x-api-key", "signingSalt", "dbPass", "monkey", "pin",
                                  "smsPin", "userPIN", "pin_code", "otp", "totpSeed", "walletMnemonic", "cardCvc"])
def test_names_that_hold_a_secret_stay_sensitive(name):
    assert UNDECLARED.is_sensitive(name)
    assert sensitive_values(UNDECLARED, {name: "hunter2hunter2"}) == ["hunter2hunter2"]


@pytest.mark.parametrize("name", ["primaryKey", "partitionKey", "dedupeKey", "sort_key", "idempotencyKey", "keyPrefix",
                                  "keyField", "authType", "authMethod", "tokenType", "signingRegion", "saltLakeRegion",
                                  "cookieDomain", "authorName", "authority", "tokenizer", "blockedKeywords",
                                  "secretName", "passwordMinLength", "spin", "shipping", "mapping", "pinterestId",
                                  "pinLength", "otpType"])
def test_names_about_a_secret_or_about_data_are_not(name):
    # A probe: `primaryKey: "email"` masked every "email" in a result, its object keys too, so a golden was blind to it.
    assert not UNDECLARED.is_sensitive(name)
    assert sensitive_values(UNDECLARED, {name: "hunter2hunter2"}) == []


def test_a_field_about_a_secret_inside_a_setting_is_shown_and_one_holding_it_masked():
    values = {"auth": json.dumps({"authType": "oauth2", "tokenField": "access_token", "clientSecret": "shh-7f3a9c2e"})}
    assert sensitive_values(UNDECLARED, {"config": values["auth"]}) == ["shh-7f3a9c2e"]


HANDLER = """
async function onTrack(event, settings) {
  const row = { email: event.properties.email, userId: event.userId, messageId: event.messageId };
  console.log('upsert on', settings.primaryKey, 'deduped by', settings.dedupeKey, 'auth', settings.authType);
  const byKey = { [settings.apiKey]: 1, [settings.apiToken]: 2, [btoa(settings.apiKey)]: 3, plain: 4 };
  return { key: settings.primaryKey, row, byKey, sent: settings.apiKey };
}
"""


def test_a_run_shows_data_named_like_a_key_and_keeps_every_key_masked_alike(tmp_path: Path):
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps(
        {"apiKey": KEY, "apiToken": TOKEN, "primaryKey": "email", "dedupeKey": "messageId", "authType": "oauth2"}))
    (tmp_path / "event.json").write_text(json.dumps(
        {"type": "track", "event": "Signed Up", "userId": "user-42", "messageId": "msg-1",
         "properties": {"email": "a@example.com"}}))
    done = segtui("run", "handler.js", "--event", "event.json", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout)
    returned = result["return"]
    assert returned["key"] == "email" and returned["sent"] == MASK
    assert returned["row"] == {"email": "a@example.com", "userId": "user-42", "messageId": "msg-1"}
    # Three keys masked into one: before, two of them (and their values) were lost from the result shown.
    assert returned["byKey"] == {MASK: 1, f"{MASK} (2)": 2, f"{MASK} (3)": 3, "plain": 4}
    assert result["logs"][0]["message"] == "upsert on email deduped by messageId auth oauth2"
    assert KEY not in done.stdout + done.stderr and TOKEN not in done.stdout + done.stderr


AZURE_KEY = "Hq3kV+8pZ/2mN0rT4wX6yB9cD1eF5gH7jK0lM3nP5qR="
"""An Azure key as its listKeys gives it (`primaryKey`: Event Hubs, Service Bus, Cognitive Search, API Management)."""


@pytest.mark.parametrize(("name", "value"), [("primaryKey", AZURE_KEY), ("clusterKey", "LRXW4VQCJ2Z5KPM3"),
                                             ("indexKey", "9f8e7d6c5b4a32100f1e2d3c4b5a6978"),
                                             ("keyLocation", "sk_live_51H8xYzAbCdEfGhIjKlMnOpQr"),
                                             ("primary_key", ["xoxb-1234-5678-AbCdEfGhIjKl"])])
def test_a_name_about_data_or_a_secret_that_holds_a_key_stays_sensitive(name, value):
    # A probe: Azure's `primaryKey` was shown everywhere, since the name was taken for a database's.
    assert UNDECLARED.is_sensitive(name, value)
    texts = value if isinstance(value, list) else [value]
    assert sensitive_values(UNDECLARED, {name: value}) == texts
    assert sensitive_values(UNDECLARED, {"eventHub": {"keyName": "RootManageSharedAccessKey", name: value}}) == texts


@pytest.mark.parametrize("value", ["email", "properties.email", "customerLifetimeValue", "context.traits.address2.line1",
                                   "utm_campaign_2024", "hunter2hunter2", "/properties/email"])
def test_a_name_about_data_holding_a_name_is_not(value):
    assert not UNDECLARED.is_sensitive("primaryKey", value) and sensitive_values(UNDECLARED, {"primaryKey": value}) == []


KEY_HANDLER = """
async function onTrack(event, settings) {
  console.log('hub key', settings.primaryKey, 'cluster', settings.eventHub.clusterKey);
  const url = settings.base + '/send?sig=' + encodeURIComponent(settings.primaryKey);
  const response = await fetch(url, { method: 'POST', body: JSON.stringify({ key: settings.primaryKey }) });
  return { status: response.status, key: settings.primaryKey, cluster: settings.eventHub.clusterKey };
}
"""


@pytest.mark.parametrize("declared", [False, True])
def test_a_run_masks_a_key_under_a_data_name_in_every_output(tmp_path: Path, loopback, declared):
    (tmp_path / "handler.js").write_text(KEY_HANDLER, encoding="utf-8")
    if declared:  # declared without "sensitive", as segtui saves a setting left unchecked: judged as undeclared ones
        settings = [{"label": label, "name": name, "type": kind} for label, name, kind in
                    (("Primary Key", "primaryKey", "string"), ("Event Hub", "eventHub", "map"), ("Base", "base", "string"))]
        (tmp_path / "segtui.json").write_text(json.dumps({"settings": settings}))
    (tmp_path / "segtui.settings.json").write_text(json.dumps(
        {"primaryKey": AZURE_KEY, "eventHub": {"clusterKey": "LRXW4VQCJ2Z5KPM3"}, "base": loopback.base}))
    (tmp_path / "event.json").write_text(json.dumps({"type": "track", "event": "E", "userId": "u"}))
    outputs = run_outputs(tmp_path, "--event", "event.json")
    assert len(loopback.take()) == 2  # the key went out, once per run
    for where, text in outputs.items():
        for secret in (AZURE_KEY, AZURE_KEY.replace("+", "%2B").replace("/", "%2F"), "LRXW4VQCJ2Z5KPM3"):
            assert secret not in text, where
    assert json.loads(outputs["run json stdout"])["return"]["key"] == MASK


GIT_SYNC = """resource "segment_function" "id-dfn_1" {
  code          = "async function onTrack(event, settings) {\\n  console.log(settings.apiKey, settings.accountId);\\n  return settings;\\n}\\n"
  display_name  = "Forwarder"
  resource_type = "DESTINATION"
  settings = [
    { label = "API Key", name = "apiKey", required = true, sensitive = false, type = "STRING" },
    { label = "Account", name = "accountId", required = false, sensitive = false, type = "STRING" },
  ]
}
"""


def test_a_key_under_a_secrets_name_declared_not_sensitive_is_masked(tmp_path):
    """Git sync writes `sensitive = false` for every setting not ticked in Segment (so does its API): a key under a
    secret's name was shown in every output; a value that reads as a word under it, and a key under a name of data, show."""
    (tmp_path / "dfn_1.tf").write_text(GIT_SYNC, encoding="utf-8")
    for key, shown in ((KEY, MASK), ("demo", "demo")):
        settings = {"apiKey": key, "accountId": TOKEN}
        (tmp_path / "dfn_1.settings.json").write_text(json.dumps(settings), encoding="utf-8")
        done = segtui("run", "dfn_1.tf", "--event", "track", "--offline", "--json", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        result = json.loads(done.stdout)
        assert result["return"] == {"apiKey": shown, "accountId": TOKEN} and result["logs"][0]["message"] == f"{shown} {TOKEN}"
        assert KEY not in done.stdout


PASSWORDS = {"password": "Summer2024!", "clientSecret": "my-client-secret-2024", "smtpPassword": "correct horse battery",
             "apiKey": "demo", "tokenUrl": "https://login.example.com/oauth2/token", "apiKeyHeader": "X-API-Key",
             "accountId": "acct-42"}
GIT_SYNC_PASSWORDS = """resource "segment_function" "id-dfn_2" {
  code          = "async function onTrack(event, settings) {\\n  console.log(Object.values(settings).join(' | '));\\n  return settings;\\n}\\n"
  display_name  = "Mailer"
  resource_type = "DESTINATION"
  settings = [
NAMES  ]
}
""".replace("NAMES", "".join(f'    {{ label = "{name}", name = "{name}", required = false, sensitive = false, type = "STRING" }},\n'
                             for name in PASSWORDS))


def test_a_password_under_a_secrets_name_declared_not_sensitive_is_masked(tmp_path):
    """A password a person chose (`Summer2024!`, words with a digit, or with spaces under a password's name) is no
    random key, yet under a secret's name that Git sync declared not sensitive it was shown in every output; a word
    (`demo`), a label (`X-API-Key`), a URL and a setting of another name still show."""
    (tmp_path / "dfn_2.tf").write_text(GIT_SYNC_PASSWORDS, encoding="utf-8")
    (tmp_path / "dfn_2.settings.json").write_text(json.dumps(PASSWORDS), encoding="utf-8")
    done = segtui("run", "dfn_2.tf", "--event", "track", "--offline", "--json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    shown = {**PASSWORDS, "password": MASK, "clientSecret": MASK, "smtpPassword": MASK}
    assert result["return"] == shown and result["logs"][0]["message"] == " | ".join(shown.values())
    for name in ("password", "clientSecret", "smtpPassword"):
        assert PASSWORDS[name] not in done.stdout


def test_a_pin_given_on_the_command_line_is_masked_in_a_run(tmp_path: Path):
    # A probe: `--setting smsPin=839201` (a number, as --setting reads it) showed in the result and the logs.
    (tmp_path / "handler.js").write_text("async function onTrack(event, settings) {\n"
                                         "  console.log('pin', settings.smsPin, String(settings.smsPin));\n"
                                         "  return {pin: settings.smsPin, text: `${settings.smsPin}`};\n}\n")
    done = segtui("run", "handler.js", "--event", "track", "--json", "--setting", "smsPin=839201", cwd=tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    result = json.loads(done.stdout)
    assert result["return"] == {"pin": MASK, "text": MASK} and result["logs"][0]["message"] == f"pin {MASK} {MASK}"
    assert "839201" not in done.stdout + done.stderr
