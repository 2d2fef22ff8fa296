"""Segment's other pre-loaded packages fail clearly when used, and every pre-loaded global is writable."""

from __future__ import annotations

import json

# Every package Segment's functions runtime documentation lists, by the global it is exposed as.
PACKAGES = {
    "FormData": "form-data", "google.cloud.automl": "@google-cloud/automl",
    "google.cloud.bigquery": "@google-cloud/bigquery", "google.cloud.datastore": "@google-cloud/datastore",
    "google.cloud.firestore": "@google-cloud/firestore", "google.cloud.functions": "@google-cloud/functions",
    "google.cloud.pubsub": "@google-cloud/pubsub", "google.cloud.storage": "@google-cloud/storage",
    "google.cloud.tasks": "@google-cloud/tasks", "hubspotlib.hubspot": "@hubspot/api-client",
    "jsforce": "jsforce", "jsonwebtoken": "jsonwebtoken", "nodemailjet.nodemailjet": "node-mailjet",
    "moment": "moment-timezone", "OAuth": "oauth", "sendgrid.client": "@sendgrid/client",
    "sendgrid.mail": "@sendgrid/mail", "skyflowlib.skyflow": "skyflow-node", "stripe": "stripe",
    "twilio": "twilio", "uuidv5.uuidv5": "uuidv5", "winstonlib.winston": "winston", "xml": "xml",
    "xml2js": "xml2js", "zlib.zlib": "zlib", "https": "https",
}

GLOBALS = ["_", "URL", "URLSearchParams", "crypto", "Buffer", "atob", "btoa", "cache", "console", "setTimeout",
           "clearTimeout", "setInterval", "clearInterval", "EventNotSupported", "InvalidEventPayload",
           "ValidationError", "RetryError", "moment", "jsonwebtoken", "FormData", "https", "fetch", "Request",
           "Response", "Headers", "AWS"]


ENGINE_OPTIONS = {"timeout_s": 5}


def test_each_package_names_itself_on_first_use(runner):
    source = f"""
        async function onTrack() {{
          const out = {{}};
          for (const path of {json.dumps(list(PACKAGES))}) {{
            const value = eval(path);
            const uses = [() => value.someMethod, () => value('x'), () => new value(), () => {{ value.x = 1 }}];
            out[path] = [typeof value, uses.map((use) => {{
              try {{ use(); return 'no error' }} catch (e) {{ return e.name + ': ' + e.message }}
            }})];
          }}
          return out;
        }}
    """
    result = runner.run(source).return_value
    assert set(result) == set(PACKAGES)
    for path, package in PACKAGES.items():
        kind, errors = result[path]
        assert kind == "function", path
        for error in errors:
            assert error.startswith(f"Error: {path} is not available in segtui: Segment pre-loads "), error
            assert package in error and error.endswith("but segtui does not provide it"), error


def test_the_error_is_a_bad_request_that_points_at_the_handler_line(runner):
    result = runner.run("async function onTrack() {\n  return jsonwebtoken.sign({a: 1}, 'k');\n}\n")
    assert result.outcome == "bad_request"
    assert result.error.message.startswith("jsonwebtoken is not available in segtui")
    assert result.error.line == 2


def test_awaiting_or_logging_a_missing_package_does_not_throw(runner):
    result = runner.run("async function onTrack() { const m = await Promise.resolve(moment); return typeof m }")
    assert result.return_value == "function"


def test_globals_are_writable_in_sloppy_mode(runner):
    assignments = "\n".join(f"  {name} = 'mine-{i}';" for i, name in enumerate(GLOBALS))
    checks = ", ".join(f"{name}" for name in GLOBALS)
    source = f"async function onTrack() {{\n{assignments}\n  return [{checks}];\n}}\n"
    result = runner.run(source)
    assert result.return_value == [f"mine-{i}" for i in range(len(GLOBALS))]


def test_a_handler_may_declare_its_own_globals_with_those_names(runner):
    source = """
        const moment = (value) => 'my moment ' + value;
        let xml2js = 'mine';
        function xml() { return 'my xml' }
        var jsonwebtoken = {sign: () => 'signed'};
        async function onTrack() { return [moment(1), xml2js, xml(), jsonwebtoken.sign()] }
    """
    assert runner.run(source).return_value == ["my moment 1", "mine", "my xml", "signed"]
