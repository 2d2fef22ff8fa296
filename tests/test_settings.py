"""Tests for the settings schema, settings values, required and type checks, and masking."""

import json
import shutil
import stat
import subprocess
from functools import partial
from pathlib import Path

import pytest
from support.input_files import error_of, write

from segtui.label_names import camel_case
from segtui.required_settings import check_required
from segtui.settings import (
    IMPLICIT_API_KEY,
    SCHEMA_FILENAME,
    UNDECLARED,
    Schema,
    SettingSpec,
    check_types,
    load_schema,
    load_settings_file,
    parse_setting_args,
    resolve_settings,
    save_settings,
    schema_path,
)
from segtui.settings_secrets import sensitive_values

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
API_KEY = SettingSpec(label="API Key", name="apiKey", required=True, sensitive=True)
ENABLED = SettingSpec(label="Enabled", name="enabled", type="boolean")
TAGS = SettingSpec(label="Tags", name="tags", type="array")
TOKENS = SettingSpec(label="Tokens", name="tokens", type="array", sensitive=True)
MAPPING = SettingSpec(label="Field Map", name="fieldMap", type="map")
SECRETS = SettingSpec(label="Secrets", name="secrets", type="map", sensitive=True)
REGION = SettingSpec(label="Region", name="region", required=True)
SCHEMA = Schema((API_KEY, ENABLED, TAGS, TOKENS, MAPPING, SECRETS, REGION), declared=True)


def handler_with_schema(tmp_path: Path, document) -> Path:
    write(tmp_path / SCHEMA_FILENAME, document if isinstance(document, str) else json.dumps(document))
    return write(tmp_path / "handler.js", "async function onTrack() {}")


@pytest.mark.parametrize(
    ("label", "name"),
    [
        ("API Key", "apiKey"),
        ("Account ID", "accountId"),
        ("Client Secret", "clientSecret"),
        ("HTTP Endpoint URL", "httpEndpointUrl"),
        ("Send to Slack?", "sendToSlack"),
        ("kebab-case-label", "kebabCaseLabel"),
        ("snake_case_label", "snakeCaseLabel"),
        ("XMLHttpRequest Timeout", "xmlHttpRequestTimeout"),
        ("Enable 2FA", "enable2Fa"),
        ("Don't Track", "dontTrack"),
        ("1st Party ID", "1stPartyId"),
        ("Région Code", "regionCode"),
        ("Über Größe", "uberGrosse"),
        ("  spaced   out  ", "spacedOut"),
    ],
)
def test_camel_case_matches_lodash(label, name):
    assert camel_case(label) == name


def test_no_schema_file_gives_the_implicit_api_key(tmp_path):
    handler = write(tmp_path / "handler.js", "")
    assert load_schema(handler) == UNDECLARED == Schema((IMPLICIT_API_KEY,), declared=False)
    assert IMPLICIT_API_KEY.name == "apiKey" and IMPLICIT_API_KEY.sensitive and not IMPLICIT_API_KEY.required


def test_schema_without_settings_key_gives_the_implicit_api_key(tmp_path):
    assert load_schema(handler_with_schema(tmp_path, {"other": 1})) == UNDECLARED


def test_empty_settings_list_declares_none(tmp_path):
    assert load_schema(handler_with_schema(tmp_path, {"settings": []})) == Schema((), declared=True)


def test_schema_path_accepts_a_handler_or_its_folder(tmp_path):
    handler = write(tmp_path / "handler.js", "")
    assert schema_path(handler) == schema_path(tmp_path) == tmp_path / SCHEMA_FILENAME


def test_schema_derives_names_and_defaults(tmp_path):
    handler = handler_with_schema(
        tmp_path,
        {
            "settings": [
                {"label": "API Key", "type": "String", "required": True, "sensitive": True},
                {"label": "Account ID", "name": "acct", "description": "The account"},
            ]
        },
    )
    assert load_schema(handler) == Schema((
        SettingSpec(label="API Key", name="apiKey", type="string", required=True, sensitive=True),
        SettingSpec(label="Account ID", name="acct", description="The account"),
    ), declared=True)


def test_example_schemas_load():
    assert [spec.name for spec in load_schema(EXAMPLES / "webhook" / "handler.js").specs] == ["apiKey", "includeContext"]
    assert [spec.name for spec in load_schema(EXAMPLES / "crm-sync" / "handler.js").specs] == [
        "clientId", "clientSecret", "contactTags", "traitMapping",
    ]


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ("[]", 'must hold a JSON object such as {"settings": [...]}, got an array'),
        ({"settings": {}}, '"settings" must be an array of settings, got an object'),
        ({"settings": ["API Key"]}, "settings[0] must be an object with at least a label, got a string"),
        ({"settings": [{"name": "x"}]}, 'settings[0]: "label" must be a non-empty string'),
        ({"settings": [{"label": "A", "requried": True}]}, 'settings[0]: unknown key "requried" (did you mean "required"?)'),
        ({"settings": [{"label": "Port", "type": "number"}]},
         'settings[0] ("Port"): unknown type "number"; types: string, boolean, array, map (or Segment\'s STRING, BOOLEAN, ARRAY, TEXT_MAP)'),
        ({"settings": [{"label": "A", "required": "yes"}]}, 'settings[0] ("A"): "required" must be true or false'),
        ({"settings": [{"label": "A", "description": 1}]}, 'settings[0] ("A"): "description" must be a string'),
        ({"settings": [{"label": "!!!"}]}, 'settings[0] (its label not shown): "name" must be a non-empty string'),
        ({"settings": [{"label": "API Key"}, {"label": "api key"}]}, "settings declared more than once: apiKey"),
    ],
)
def test_schema_errors(tmp_path, document, message):
    error = error_of(load_schema, handler_with_schema(tmp_path, document))
    assert error.startswith(str(tmp_path / SCHEMA_FILENAME))
    assert message in error


def test_schema_with_invalid_json_names_line_and_column(tmp_path):
    handler = handler_with_schema(tmp_path, '{"settings": [\n  {"label": "A",}\n]}')
    assert error_of(load_schema, handler).startswith(f"{tmp_path / SCHEMA_FILENAME}:2:17: invalid JSON")


def test_settings_file_loads_an_object(tmp_path):
    path = write(tmp_path / "settings.json", '{"apiKey": "abc", "enabled": true}')
    assert load_settings_file(path) == {"apiKey": "abc", "enabled": True}


def test_settings_file_errors(tmp_path):
    assert error_of(load_settings_file, tmp_path / "nope.json") == f"{tmp_path / 'nope.json'}: no such file"
    assert error_of(load_settings_file, tmp_path).startswith(f"{tmp_path} is a directory; expected a file holding")
    empty = write(tmp_path / "empty.json", "")
    assert error_of(load_settings_file, empty).startswith(f"{empty} is empty; expected a JSON object")
    array = write(tmp_path / "array.json", '["apiKey"]')
    assert error_of(load_settings_file, array).endswith("got an array")
    broken = write(tmp_path / "broken.json", '{"apiKey": abc}')
    message = error_of(load_settings_file, broken)
    # A settings file's line is quoted as its structure: the names, each value's characters veiled (test_settings_json_errors).
    assert message == f'{broken}:1:12: invalid JSON: Expecting value\n    {{"apiKey": •••}}\n               ^'


def test_setting_args_follow_the_declared_type():
    values = parse_setting_args(
        ["apiKey=123", "enabled=true", 'tags=["a","b"]', 'fieldMap={"plan":"cf_plan"}', 'region="eu"', "url=https://x/?a=b"],
        SCHEMA,
    )
    assert values == {
        "apiKey": "123",
        "enabled": True,
        "tags": ["a", "b"],
        "fieldMap": {"plan": "cf_plan"},
        "region": "eu",
        "url": "https://x/?a=b",
    }


def test_setting_args_keep_a_string_when_json_does_not_fit():
    assert parse_setting_args(["enabled=yes", "tags=a,b", "apiKey=true", "tags2=[1]"], SCHEMA) == {
        "enabled": "yes",
        "tags": ["a", "b"],  # a declared array takes comma-separated items
        "apiKey": "true",
        "tags2": [1],  # undeclared: typed by its JSON value (and refused by the type check as unknown)
    }


def test_undeclared_setting_args_are_typed_by_their_json_value():
    assert parse_setting_args(["flag=false", "count=5", "list=[\"x\"]", "empty=", "appId=app1", "zip=02134"]) == {
        "flag": False,
        "count": 5,
        "list": ["x"],
        "empty": "",
        "appId": "app1",
        "zip": "02134",
    }


def test_setting_args_later_wins_and_bad_forms_fail():
    assert parse_setting_args(["apiKey=a", "apiKey=b"]) == {"apiKey": "b"}
    assert error_of(parse_setting_args, ["Zq7Xw9Rt2Lm4"]) == ('--setting expects name=value, got an argument with no "=" '
                                                             "(not shown: it may be a secret)")
    assert error_of(parse_setting_args, ["=Zq7Xw9Rt2Lm4"]) == '--setting expects name=value, got one with no name before "="'


def test_resolve_settings_merges_args_over_the_file(tmp_path):
    path = write(tmp_path / "settings.json", '{"apiKey": "from-file", "region": "us"}')
    assert resolve_settings(SCHEMA, path, ["apiKey=from-args"]) == (
        {"apiKey": "from-args", "region": "us"}, {"apiKey": (f"in {path}", "given with --setting"), "region": (f"in {path}",)})
    assert resolve_settings(SCHEMA, None, ["enabled=true"]) == ({"enabled": True}, {"enabled": ("given with --setting",)})


def test_resolve_settings_checks_types(tmp_path):
    path = write(tmp_path / "settings.json", '{"enabled": "yes"}')
    assert "must be a boolean" in error_of(resolve_settings, SCHEMA, path, [])


def test_an_unknown_name_and_a_bad_type_can_be_kept_for_the_tui_to_flag(tmp_path):
    path = write(tmp_path / "settings.json", '{"apiKye": "k-123456789", "enabled": true}')
    values, sources = resolve_settings(SCHEMA, path, [], lenient=True)
    assert values == {"apiKye": "k-123456789", "enabled": True} and sources["apiKye"] == (f"in {path}",)
    assert f'unknown setting "apiKye" in {path} (did you mean "apiKey"?)' in error_of(check_types, SCHEMA, values, sources)
    bad = write(tmp_path / "bad.json", '{"apiKye": "k", "enabled": "yes"}')
    values, sources = resolve_settings(SCHEMA, bad, [], lenient=True)
    assert values == {"apiKye": "k", "enabled": "yes"}
    assert f'setting "enabled" (Enabled) in {bad} must be a boolean' in error_of(check_types, SCHEMA, values, sources)


def test_type_errors_are_all_listed():
    message = error_of(
        check_types,
        SCHEMA,
        {"apiKey": 5, "enabled": "true", "tags": ["a", 2], "fieldMap": {"a": "b", "c": False}, "region": ["eu"], "apikey2": "x"},
    )
    assert message.splitlines() == [
        "Invalid settings:",
        '  - setting "apiKey" (API Key) must be a string, got a number',
        '  - setting "enabled" (Enabled) must be a boolean (true or false), got a string',
        '  - setting "tags" (Tags) must be an array of strings, written as JSON such as ["a", "b"] (with --setting also as a,b); item 2 is a number',
        '  - setting "fieldMap" (Field Map) must be a map of string to string, written as JSON such as {"key": "value"}; "c" is a boolean',
        '  - setting "region" (Region) must be a string, got an array',
        ('  - unknown setting "apikey2" (did you mean "apiKey"?); declared: apiKey, enabled, tags, tokens, fieldMap, secrets, region'
        f" (declare settings in {SCHEMA_FILENAME} beside the handler, or in the settings list of a .tf file)"),
    ]


def test_values_of_the_right_type_and_nulls_pass():
    check_types(SCHEMA, {"apiKey": "k", "enabled": False, "tags": [], "fieldMap": {}, "region": None})


def test_required_check_lists_every_empty_required_setting():
    for empty in ({}, {"apiKey": "", "region": None}, {"apiKey": "  ", "region": []}):
        assert error_of(check_required, SCHEMA, empty) == (
            "Missing required settings: apiKey (API Key), region (Region).\n"
            "Set them in the settings file, or with --setting region=... (apiKey in the file only: a command line stays"
            " in the shell's history)."
        )


def test_required_check_advises_a_secret_in_the_settings_file_it_names_never_on_the_command_line():
    # A new user's trial: "Set them with --setting ... --setting password=..." put the password in the shell's history.
    password = SettingSpec(label="Password", name="password", required=True)  # a secret's name, not ticked sensitive
    file = Path("fn") / "segtui.settings.json"
    for schema, values, named in ((SCHEMA, {"region": "eu"}, "apiKey (API Key)"),
                                  (Schema((password,), declared=True), {}, "password (Password)")):
        assert error_of(partial(check_required, file=file), schema, values) == (
            f"Missing required setting: {named}.\n"
            f"Set it in {file} (not with --setting: a command line stays in the shell's history)."
        )
    assert error_of(partial(check_required, fix="Press ctrl+o."), SCHEMA, {}) == (
        "Missing required settings: apiKey (API Key), region (Region).\nPress ctrl+o.")


def test_required_check_with_one_missing_and_with_all_set():
    assert error_of(check_required, SCHEMA, {"apiKey": "k", "region": {}}) == (
        "Missing required setting: region (Region).\nSet it with --setting region=..., or in the settings file."
    )
    check_required(SCHEMA, {"apiKey": "k", "region": "eu"})
    check_required(Schema((SettingSpec(label="Flag", name="flag", type="boolean", required=True),), True), {"flag": False})


def test_sensitive_values_collects_strings_and_items():
    values = {"apiKey": "k-123", "tokens": ["t1", "", "t1", "t2"], "secrets": {"a": "s1", "b": ""}, "region": "eu"}
    assert sensitive_values(SCHEMA, values) == ["k-123", "t1", "t2", "s1"]
    assert sensitive_values(SCHEMA, {"apiKey": ""}) == []
    # Numbers and strings at any depth; booleans, null and zero are no secrets.
    deep = {"apiKey": 1e16, "secrets": {"a": {"b": ["s2", 0, True, None, 42]}}}
    assert sensitive_values(SCHEMA, deep) == ["10000000000000000", "1e+16", "s2", "42"]


def test_save_settings_is_atomic_private_and_round_trips(tmp_path):
    path = tmp_path / "settings.json"
    save_settings(path, {"apiKey": "old"})
    save_settings(path, {"apiKey": "new", "tags": ["a"]})
    assert load_settings_file(path) == {"apiKey": "new", "tags": ["a"]}
    assert stat.S_IMODE(path.stat().st_mode) & 0o077 == 0
    assert list(tmp_path.iterdir()) == [path]


def test_without_a_schema_any_setting_reaches_the_run_typed_by_its_json(tmp_path):
    path = write(tmp_path / "s.json", '{"apiKey": "k", "appId": "app1", "retries": 3, "regions": ["eu"], "debug": null}')
    values, _ = resolve_settings(UNDECLARED, path, ["subdomain=acme", "limit=10"])
    assert values == {"apiKey": "k", "appId": "app1", "retries": 3, "regions": ["eu"], "debug": None,
                      "subdomain": "acme", "limit": 10}


def test_with_a_schema_an_undeclared_name_is_a_typo_named_with_the_closest(tmp_path):
    schema = Schema((SettingSpec(label="App ID", name="appId"), API_KEY), declared=True)
    message = error_of(resolve_settings, schema, None, ["apiKey=k", "appid=x"])
    assert 'unknown setting "appid" given with --setting (did you mean "appId"?); declared: appId, apiKey' in message


@pytest.mark.parametrize("name", ["apiKey", "api_key", "clientSecret", "accessToken", "PASSWORD", "credentials",
                                  "authHeader", "oauth", "privateKeyPem", "dbPass", "smtp_pass", "passwd", "dbPwd",
                                  "bearer", "sentryDsn", "userPassphrase", "jwt", "sessionCookie"])
def test_undeclared_names_that_look_like_secrets_are_sensitive(name):
    assert UNDECLARED.is_sensitive(name)
    assert sensitive_values(UNDECLARED, {name: "hunter2hunter2", "appId": "app1"}) == ["hunter2hunter2"]


def test_a_declared_setting_is_sensitive_only_as_declared():
    schema = Schema((SettingSpec(label="Token Count", name="tokenCount"),), declared=True)
    assert not schema.is_sensitive("tokenCount")
    assert not UNDECLARED.is_sensitive("appId") and not UNDECLARED.is_sensitive("subdomain")
    assert not UNDECLARED.is_sensitive("passengers") and not UNDECLARED.is_sensitive("compassion")


LABELS = ["API Key", "1st Party ID", "2nd place", "3RD Thing", "XMLHttpRequest Timeout", "Über Größe", "ÆØÅ test",
          "__FOO_BAR__", "Foo Bar 123Baz", "Don’t Track", "kebab-case-label", "  spaced   out  ", "Send to Slack?",
          "HTTPS2FA Code", "camelCase already", "Ünïcödé", "a1b2 c3", "🚀 Rocket Launch", "Ça va"]


def test_camel_case_is_lodashs_own(tmp_path):
    """The port is checked against lodash 4.17 itself (pydash, the kept library, differs on ordinals: "1st" → "1St")."""
    node_modules = Path(__file__).resolve().parent / "conformance" / "node_modules" / "lodash"
    if shutil.which("node") is None or not node_modules.is_dir():
        pytest.skip("node and the conformance packages are needed")
    script = f"const _ = require({json.dumps(str(node_modules))}); " \
             f"console.log(JSON.stringify({json.dumps(LABELS)}.map((label) => _.camelCase(label))))"
    done = subprocess.run(["node", "-e", script], capture_output=True, text=True, check=True)
    assert [camel_case(label) for label in LABELS] == json.loads(done.stdout)


def test_values_under_secret_looking_keys_of_any_setting_are_secrets():
    # A probe: `{"creds": {"client_secret": …}}` in a setting whose own name looks like no secret showed whole.
    values = {"client": {"client_id": "id-123", "client_secret": "shh-this-is-it"},  # ("creds" now names a secret)
              "routing": [{"apiToken": "tok-456789"}], "region": "eu"}
    assert sensitive_values(UNDECLARED, values) == ["shh-this-is-it", "tok-456789"]


def test_a_jwt_settings_parts_and_a_config_held_as_json_text_give_their_secrets():
    # A leak probe: a token's signature split off (`token.split('.')[2]`) showed, as did a client_secret in a setting
    # holding its config as JSON text.
    import base64

    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")

    header, payload, signature = part(b'{"alg":"RS256","typ":"JWT"}'), part(b'{"sub":"u-1","iat":1600000000}'), part(bytes(range(64)))
    values = {"accessToken": f"{header}.{payload}.{signature}", "config": json.dumps({"client_secret": "shh-7f3a9c2e"})}
    found = sensitive_values(UNDECLARED, values)
    assert payload in found and signature in found and header not in found
    assert "shh-7f3a9c2e" in found


@pytest.mark.parametrize("name", ["connectionString", "slackWebhookUrl", "signingSalt"])
def test_more_names_that_hold_secrets_are_sensitive(name):
    assert UNDECLARED.is_sensitive(name)


def test_a_secret_holding_a_lone_surrogate_is_also_a_secret_as_utf8_writes_it():
    # A hostile probe: such a secret went into a request body with U+FFFD in the surrogate's place, and showed.
    found = sensitive_values(UNDECLARED, {"apiKey": "\ud800sec\udfffret12345"})
    assert "\ufffdsec\ufffdret12345" in found
    assert sensitive_values(UNDECLARED, {"apiKey": "pair \ud83d\ude00 ok-123"}) == ["pair \ud83d\ude00 ok-123"]


def test_schema_takes_types_as_segments_public_api_writes_them(tmp_path):
    """A declaration copied from Segment's public API or Terraform (`STRING`, `TEXT_MAP`) is taken as it is written."""
    document = {"settings": [{"label": "API Key", "type": "STRING", "sensitive": True},
                             {"label": "Mapping", "type": "TEXT_MAP"}, {"label": "Tags", "type": "ARRAY"},
                             {"label": "Debug", "type": "BOOLEAN"}, {"label": "Names", "type": "text_array"}]}
    schema = load_schema(handler_with_schema(tmp_path, document))
    assert [(spec.name, spec.type) for spec in schema.specs] == [
        ("apiKey", "string"), ("mapping", "map"), ("tags", "array"), ("debug", "boolean"), ("names", "array")]
