"""Tests for finding, in a handler's source, which settings it reads and where it uses them dynamically."""

import json
import subprocess
import sys

import pytest

from segtui.settings_reads import HANDLERS, SettingRead, SettingsUse, settings_use


def position(source: str, needle: str, nth: int = 0) -> tuple[int, int]:
    """The 1-based line and character column of the nth occurrence of `needle` in `source`."""
    offset = -1
    for _ in range(nth + 1):
        offset = source.index(needle, offset + 1)
    line_start = source.rfind("\n", 0, offset) + 1
    return source.count("\n", 0, offset) + 1, offset - line_start + 1


def names(source: str) -> list[str]:
    """The distinct setting names `source` reads."""
    return settings_use(source).names


def on_track(body: str, params: str = "event, settings") -> str:
    """A handler file whose onTrack has `body`."""
    return f"async function onTrack({params}) {{\n{body}\n}}\n"


def test_member_reads():
    assert names(on_track("const id = settings.appId;\nawait fetch(settings.url + settings.appId);")) == ["appId", "url"]


def test_reads_keep_every_occurrence_in_source_order():
    source = on_track("settings.b; settings.a; settings.b;")
    assert [read.name for read in settings_use(source).reads] == ["b", "a", "b"]


def test_computed_keys_with_single_double_and_template_quotes():
    assert names(on_track("settings['single']; settings[\"double\"]; settings[`template`];")) == ["single", "double", "template"]


def test_optional_member_and_optional_computed():
    assert names(on_track("settings?.region; settings?.['apiKey']; settings?.nested?.deeper;")) == ["region", "apiKey", "nested"]


def test_destructuring_with_defaults_renames_and_rest():
    source = on_track("const { a, b: c = 1, d = 'x', 'e-f': g, ['h']: i, ...rest } = settings;")
    use = settings_use(source)
    assert use.names == ["a", "b", "d", "e-f", "h"]
    assert use.dynamic == (position(source, "...rest"),)


def test_destructuring_with_a_computed_variable_key_is_dynamic():
    source = on_track("const { [field]: value } = settings;")
    assert settings_use(source) == SettingsUse(reads=(), dynamic=(position(source, "field"),))


def test_nested_destructuring_reads_only_the_outer_key():
    assert names(on_track("const { auth: { user, password }, region } = settings;")) == ["auth", "region"]


def test_destructuring_in_the_parameter():
    source = "async function onTrack(event, { apiKey, region = 'us', endpoint: url }) {\n  return apiKey;\n}\n"
    assert names(source) == ["apiKey", "region", "endpoint"]


def test_destructuring_in_a_defaulted_parameter():
    assert names("const onPage = async (event, { pageKey } = {}) => pageKey;") == ["pageKey"]


def test_assignment_pattern_destructuring():
    assert names(on_track("let a, b;\n({ a, b: renamed } = settings);")) == ["a", "b"]


def test_aliases():
    source = on_track("const s = settings;\nlet cfg = settings;\nconst again = cfg;\ns.one; cfg.two; again['three'];")
    assert names(source) == ["one", "two", "three"]


def test_alias_with_a_fallback_and_reassignment():
    source = on_track("const s = settings || {};\nlet later;\nlater = settings;\ns.one; (settings ?? {}).two; later.three;")
    assert names(source) == ["one", "two", "three"]


def test_settings_passed_to_a_helper():
    source = on_track("await send(event, settings);") + (
        "async function send(payload, config) {\n  return fetch(config.endpoint, { body: payload });\n}\n")
    assert names(source) == ["endpoint"]


def test_helper_bound_to_a_variable_and_destructuring_its_parameter():
    source = on_track("await post(settings); await put(event, settings);") + (
        "const post = async (s) => s.postUrl;\nvar put = function (e, { putUrl }) { return putUrl; };\n")
    assert names(source) == ["postUrl", "putUrl"]


def test_helper_of_a_helper():
    source = on_track("return outer(event, settings);") + (
        "function outer(e, s) {\n  s.first;\n  return inner(s, e);\n}\n"
        "function inner(cfg, e) {\n  return cfg.second;\n}\n")
    assert names(source) == ["first", "second"]


def test_recursive_helpers_terminate():
    source = on_track("return ping(3, settings);") + (
        "function ping(n, s) {\n  s.pinged;\n  return n ? pong(n - 1, s) : ping(0, s);\n}\n"
        "function pong(n, s) {\n  s.ponged;\n  return ping(n, s);\n}\n")
    assert names(source) == ["pinged", "ponged"]


def test_a_helper_shared_by_handlers_is_read_through_each():
    source = (
        "async function onTrack(event, settings) { return send(settings); }\n"
        "async function onIdentify(event, settings) { return send(settings); }\n"
        "function send(s) { Object.keys(s); return s.url; }\n")
    use = settings_use(source)
    assert [(read.name, read.handler) for read in use.reads] == [("url", "onTrack"), ("url", "onIdentify")]
    assert use.dynamic == (position(source, "s); return"),)


@pytest.mark.parametrize("name", ["cfg", "s", "_settings"])
def test_differently_named_second_parameter(name):
    assert names(on_track(f"{name}.apiKey; settings.notTheSettings;", params=f"event, {name}")) == ["apiKey"]


def test_the_first_parameter_is_never_the_settings():
    assert names(on_track("settings.traits;", params="settings, config")) == []


@pytest.mark.parametrize("handler", sorted(HANDLERS))
def test_every_handler_name(handler):
    source = f"async function {handler}(events, settings) {{ return settings.key; }}\nfunction other(e, settings) {{ settings.no; }}\n"
    assert [(read.name, read.handler) for read in settings_use(source).reads] == [("key", handler)]


def test_arrow_and_function_expression_handlers():
    source = (
        "const onTrack = async (event, s) => { return s.trackKey; };\n"
        "let onPage = async (event, s) => s.pageKey;\n"
        "var onIdentify = async function (e, cfg) { return cfg.identifyKey; };\n"
        "onGroup = async (e, settings) => settings.groupKey;\n")
    use = settings_use(source)
    assert [(read.name, read.handler) for read in use.reads] == [
        ("trackKey", "onTrack"), ("pageKey", "onPage"), ("identifyKey", "onIdentify"), ("groupKey", "onGroup")]


def test_a_shadowing_parameter_is_not_the_settings():
    source = on_track(
        "settings.counted;\n"
        "items.map((settings) => settings.notCounted);\n"
        "items.map(function ({ settings }) { return settings.notCountedEither; });\n"
        "items.forEach(item => settings.countedInClosure);\n"
        "const cfg = settings;\n"
        "items.map(cfg => cfg.shadowedAlias);\n"
        "items.map(([cfg]) => cfg.shadowedByAPattern);")
    assert names(source) == ["counted", "countedInClosure"]


def test_a_shadowing_declaration_is_not_the_settings():
    source = on_track("if (event.type) {\n  const settings = event.properties;\n  settings.notCounted;\n}\nsettings.counted;")
    assert names(source) == ["counted"]


def test_a_property_of_the_event_named_settings_is_not_the_settings():
    assert names(on_track("event.settings.notCounted; event.context.settings['nor'];")) == []


def test_a_function_never_reached_from_a_handler_is_not_counted():
    source = on_track("settings.reached;\nnotGivenSettings(event);") + (
        "function unused(event, settings) {\n  return settings.unreached;\n}\n"
        "function notGivenSettings(settings) {\n  return settings.alsoUnreached;\n}\n"
        "function onTrackLater(event, settings) { settings.notAHandler; }\n")
    assert names(source) == ["reached"]


def test_a_handler_defined_twice_uses_the_last_definition():
    source = on_track("settings.first;") + on_track("settings.second;")
    assert names(source) == ["second"]


@pytest.mark.parametrize(("body", "needle"), [
    ("settings[field];", "field"),
    ("settings[`${prefix}Key`];", "`${"),
    ("Object.keys(settings);", "settings)"),
    ("const copy = { ...settings };", "settings }"),
    ("fetch(url, { ...settings, extra: 1 });", "settings,"),
    ("unknownHelper(event, settings);", "settings)"),
    ("client.send(settings);", "settings)"),
    ("new Client(settings);", "settings)"),
    ("register({ settings });", "settings }"),
    ("register({ config: settings });", "settings }"),
    ("for (const key in settings) {}", "settings)"),
    ("return settings;", "settings;"),
    ("const [first] = settings;", "settings;"),
    ("this.config = settings;", "settings;"),
    ("takesTwo(...rest, settings);", "settings)"),
    ("takesOne(event, settings);", "settings)"),
])
def test_dynamic_uses_are_reported_without_names(body, needle):
    source = on_track(body) + "function takesOne(e) { return e; }\nfunction takesTwo(a, b) { return b.x; }\n"
    assert settings_use(source) == SettingsUse(reads=(), dynamic=((2, body.index(needle) + 1),))


def test_harmless_uses_are_neither_reads_nor_dynamic():
    source = on_track("if (!settings || typeof settings !== 'object') return;\nconsole.assert(settings.ok === true);")
    assert settings_use(source).dynamic == ()
    assert names(source) == ["ok"]


def test_a_syntax_error_still_gives_the_reads_it_can():
    source = (
        "async function onTrack(event, settings) {\n  const key = settings.apiKey;\n  if (event.type {\n    return;\n}\n"
        "async function onIdentify(event, settings) {\n  return settings.region + ;\n}\n"
        "const onPage = async (e, s) => s.pageKey;\n")
    assert names(source) == ["apiKey", "region", "pageKey"]


@pytest.mark.parametrize("source", ["", "   \n\n", "// just a comment\n", "onTrack", "}}}{{{", "\x00\ud800é"])
def test_empty_and_junk_files(source):
    assert settings_use(source) == SettingsUse()


def test_never_raises_on_any_prefix_of_a_handler():
    for end in range(0, len(ZENDESK), 3):
        assert isinstance(settings_use(ZENDESK[:end]), SettingsUse)


def test_deeply_nested_code_does_not_overflow():
    source = on_track("return " + "(" * 3000 + "settings.deep" + ")" * 3000 + ";")
    assert names(source) == ["deep"]


def test_importing_the_module_leaves_tree_sitter_unloaded():
    code = "import sys, segtui.settings_reads; print(sorted(m for m in sys.modules if m.startswith('tree_sitter')))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_line_and_column_are_one_based_in_characters():
    source = (
        "// héllo 🎉\r\n"
        "async function onTrack(event, settings) {\r\n"
        "  const label = '🎉🎉'; const x = settings.appId;\r\n"
        "  const y = settings['region'] + settings[`zone`];\r\n"
        "  const { token: t } = settings;\r\n"
        "  return settings[dynamicKey];\r\n"
        "}\r\n")
    reads = settings_use(source).reads
    assert reads == (
        SettingRead("appId", *position(source, "appId"), "onTrack"),
        SettingRead("region", *position(source, "region"), "onTrack"),
        SettingRead("zone", *position(source, "zone"), "onTrack"),
        SettingRead("token", *position(source, "token"), "onTrack"),
    )
    assert (reads[0].line, reads[0].column) == (3, 42)  # characters: UTF-8 bytes would give 48, UTF-16 units 44
    assert settings_use(source).dynamic == (position(source, "dynamicKey"),)


AIRTABLE = """\
const AIRTABLE_API = 'https://api.airtable.com/v0';

async function createRecord(fields, settings) {
  const url = `${AIRTABLE_API}/${settings.appId}/${encodeURIComponent(settings.tableName)}`;
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      Authorization: `Bearer ${settings.apiKey}`,
      'Content-Type': 'application/json'
    },
    body: JSON.stringify({ records: [{ fields }] })
  });
  if (response.status >= 500 || response.status === 429) {
    throw new RetryError(`Airtable responded ${response.status}`);
  }
  return response.json();
}

async function onTrack(event, settings) {
  const fields = { Event: event.event, 'User ID': event.userId, Timestamp: event.timestamp };
  return createRecord(fields, settings);
}

async function onIdentify(event, settings) {
  if (!event.traits || !event.traits.email) {
    throw new ValidationError('Identify needs traits.email');
  }
  return createRecord({ Email: event.traits.email, Name: event.traits.name }, settings);
}

async function onPage(event, settings) {
  throw new EventNotSupported('page is not supported');
}
"""


def test_airtable_style_destination():
    use = settings_use(AIRTABLE)
    assert use.names == ["appId", "tableName", "apiKey"]
    assert use.dynamic == ()
    assert [(read.name, read.handler) for read in use.reads] == [
        ("appId", "onTrack"), ("appId", "onIdentify"), ("tableName", "onTrack"), ("tableName", "onIdentify"),
        ("apiKey", "onTrack"), ("apiKey", "onIdentify")]
    assert (use.reads[0].line, use.reads[0].column) == position(AIRTABLE, "appId")


ZENDESK = """\
function authHeader(credentials) {
  return 'Basic ' + btoa(`${credentials.email}/token:${credentials.token}`);
}

async function onIdentify(event, settings) {
  const { subdomain, credentials } = settings;
  const { email, name } = event.traits || {};
  if (!email) throw new ValidationError('email is required');
  const response = await fetch(`https://${subdomain}.zendesk.com/api/v2/users/create_or_update.json`, {
    method: 'POST',
    headers: { Authorization: authHeader(credentials), 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: { email, name, external_id: event.userId } })
  });
  if (!response.ok) throw new RetryError(`Zendesk responded ${response.status}`);
}

const onTrack = async (event, settings) => {
  if (event.event !== 'Ticket Requested') return;
  const { subdomain, credentials: creds } = settings;
  await fetch(`https://${subdomain}.zendesk.com/api/v2/tickets.json`, {
    method: 'POST',
    headers: { Authorization: authHeader(creds) },
    body: JSON.stringify({ ticket: { subject: event.properties.subject } })
  });
};
"""


def test_zendesk_style_destination():
    use = settings_use(ZENDESK)
    assert use.names == ["subdomain", "credentials"]
    assert use.dynamic == ()
    assert [(read.name, read.line, read.handler) for read in use.reads] == [
        ("subdomain", 6, "onIdentify"), ("credentials", 6, "onIdentify"),
        ("subdomain", 19, "onTrack"), ("credentials", 19, "onTrack")]


def test_a_helper_that_two_handlers_call_lists_each_line_it_reads_once_in_the_builder():
    # A new user saw `apiKey … read at line 12, 12`: the helper's read, found once for each handler calling it.
    from segtui.settings import UNDECLARED
    from segtui.settings_builder import builder_rows

    source = ("async function post(settings) {\n  return settings.apiKey;\n}\n"
              "async function onTrack(event, settings) { return post(settings); }\n"
              "async function onIdentify(event, settings) { return post(settings) + settings.apiKey; }\n")
    rows = {row.spec.name: row.read_at for row in builder_rows(UNDECLARED, {}, settings_use(source))}
    assert rows["apiKey"] == (2, 5)


def test_a_number_the_builder_declares_a_string_is_saved_as_its_text_and_the_settings_still_load(tmp_path):
    # A new user saved the Builder's draft for `"accountToken": 839201746651` (typed string: Segment has no number
    # type) and was locked out: the values file no longer loaded against the schema just saved.
    from support.cli import segtui

    from segtui.settings import UNDECLARED
    from segtui.settings_builder import builder_rows, save_builder

    handler = tmp_path / "handler.js"
    handler.write_text("async function onTrack(event, settings) { return [settings.accountToken, settings.ratio]; }\n")
    values = tmp_path / "segtui.settings.json"
    values.write_text(json.dumps({"accountToken": 839201746651, "ratio": 0.5, "enabled": True}))
    rows = builder_rows(UNDECLARED, json.loads(values.read_text()), settings_use(handler.read_text()))
    types = {row.spec.name: row.spec.type for row in rows}
    assert (types["accountToken"], types["ratio"], types["enabled"]) == ("string", "string", "boolean")
    save_builder(handler, rows, values)
    assert json.loads(values.read_text()) == {"accountToken": "839201746651", "ratio": "0.5", "enabled": True}
    done = segtui("run", "handler.js", "--event", "track", "--json", "--reveal-secrets", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["return"] == ["839201746651", "0.5"]
