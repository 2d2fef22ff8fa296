"""Segment's pre-loaded packages: those segtui vendors load on first use, the rest fail clearly, and every
pre-loaded global is writable."""

from __future__ import annotations

import json

# The packages Segment's functions runtime documentation lists that segtui cannot provide, by global.
UNAVAILABLE = {
    "google.cloud.automl": "@google-cloud/automl", "google.cloud.bigquery": "@google-cloud/bigquery",
    "google.cloud.datastore": "@google-cloud/datastore", "google.cloud.firestore": "@google-cloud/firestore",
    "google.cloud.functions": "@google-cloud/functions", "google.cloud.pubsub": "@google-cloud/pubsub",
    "google.cloud.storage": "@google-cloud/storage", "google.cloud.tasks": "@google-cloud/tasks",
}
# Those segtui vendors, by global, with what `typeof` gives in Node for each.
PROVIDED = {
    "FormData": "function", "jsonwebtoken": "object", "moment": "function", "OAuth": "object",
    "uuidv5.uuidv5": "function", "winstonlib.winston": "object", "xml": "function", "xml2js": "object",
    "https": "object", "sendgrid.client": "object", "sendgrid.mail": "object", "stripe": "function",
    "twilio": "function", "zlib.zlib": "object", "libphonenumberjslib.libphonenumberjs": "function",
    "mailchimplib.mailchimp": "object", "nodemailjet.nodemailjet": "function", "skyflowlib.skyflow": "object",
    "jsforce": "object", "hubspotlib.hubspot": "object",
}

GLOBALS = ["_", "URL", "URLSearchParams", "crypto", "Buffer", "atob", "btoa", "cache", "console", "setTimeout",
           "clearTimeout", "setInterval", "clearInterval", "EventNotSupported", "InvalidEventPayload",
           "ValidationError", "RetryError", "moment", "jsonwebtoken", "FormData", "https", "fetch", "Request",
           "Response", "Headers", "AWS", "xml", "xml2js", "OAuth", "twilio", "stripe", "jsforce", "google"]


ENGINE_OPTIONS = {"timeout_s": 60}
"""Loading every package in one event takes ~1-2 s of CPU: far from any limit, even on a busy machine."""


def test_each_unavailable_package_names_itself_and_why_on_first_use(runner):
    source = f"""
        async function onTrack() {{
          const out = {{}};
          for (const path of {json.dumps(list(UNAVAILABLE))}) {{
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
    assert set(result) == set(UNAVAILABLE)
    for path, package in UNAVAILABLE.items():
        kind, errors = result[path]
        assert kind == "function", path
        for error in errors:
            assert error.startswith(f"Error: {path} is not available in segtui: Segment pre-loads "), error
            assert package in error and f"as `{path}`, but " in error, error
    assert "gRPC" in result["google.cloud.pubsub"][1][0]


def test_each_provided_package_loads_on_first_use(runner):
    checks = ", ".join(f"[{json.dumps(path)}, typeof {path}]" for path in PROVIDED)
    result = runner.run(f"async function onTrack() {{ return [{checks}] }}")
    assert result.outcome == "success", result.error
    assert dict(result.return_value) == PROVIDED


def test_a_package_untouched_is_not_loaded(runner):
    """Until a handler reads the global it is an accessor: nothing was fetched or evaluated."""
    source = """
        async function onTrack() {
          const d = Object.getOwnPropertyDescriptor(globalThis, 'moment');
          const before = typeof d.get;
          moment.utc(0).format();
          return [before, typeof Object.getOwnPropertyDescriptor(globalThis, 'moment').get];
        }
    """
    assert runner.run(source).return_value == ["function", "undefined"]


def test_the_error_is_a_bad_request_that_points_at_the_handler_line(runner):
    result = runner.run("async function onTrack() {\n  return google.cloud.pubsub.PubSub;\n}\n")
    assert result.outcome == "bad_request"
    assert result.error.message.startswith("google.cloud.pubsub is not available in segtui")
    assert result.error.line == 2


def test_awaiting_or_logging_a_missing_package_does_not_throw(runner):
    result = runner.run("async function onTrack() { const m = await Promise.resolve(google.cloud.tasks); return typeof m }")
    assert result.return_value == "function"


def test_a_vendored_package_requiring_a_file_system_says_why(runner):
    """winston's File transport needs fs, which a function does not have: the error says so."""
    source = """
        async function onTrack() {
          const winston = winstonlib.winston;
          const logger = new winston.Logger({transports: [new winston.transports.File({filename: 'x.log'})]});
          try { logger.info('x') } catch (e) { return e.message }
          return 'no error';
        }
    """
    message = runner.run(source).return_value
    assert message == "the Node.js module fs is not available in segtui: segtui gives a function no file system"


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
