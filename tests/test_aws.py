"""The lazy AWS global in real V8: aws-sdk v2 whose HTTP goes through segtui's fetch to a loopback server."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conformance.loopback import LoopbackServer

STS_XML = """<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <Credentials><AccessKeyId>ASIAEXAMPLE</AccessKeyId><SecretAccessKey>secret2</SecretAccessKey>
      <SessionToken>token2</SessionToken><Expiration>2030-01-01T00:00:00Z</Expiration></Credentials>
    <AssumedRoleUser><Arn>arn:aws:sts::123456789012:assumed-role/r/segment-function</Arn>
      <AssumedRoleId>AROA:segment-function</AssumedRoleId></AssumedRoleUser>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
</AssumeRoleResponse>"""

DENIED_XML = ("<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message>"
              "</Error><RequestId>r2</RequestId></ErrorResponse>")

CLIENTS = """
const creds = {region: 'us-east-1', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'secret', maxRetries: 0};
function sts(settings) { return new AWS.STS({...creds, endpoint: settings.base}); }
function s3(settings, extra) { return new AWS.S3({...creds, endpoint: settings.base, s3ForcePathStyle: true, ...extra}); }
"""


ENGINE_OPTIONS = {"timeout_s": 10}


@pytest.fixture(scope="module")
def server():
    server = LoopbackServer()
    yield server
    server.close()


@pytest.fixture
def needs_fetch(runner):
    if runner.run("async function onTrack() { return typeof fetch }").return_value != "function":
        pytest.skip("segtui's fetch is not built yet; AWS requests go through it")


def test_aws_loads_on_first_use_without_leaking_browser_globals(runner):
    source = """
        async function onTrack() {
          const lazy = typeof Object.getOwnPropertyDescriptor(globalThis, 'AWS').get;
          const version = AWS.VERSION;
          return [lazy, version, typeof AWS.STS, typeof DOMParser, typeof XMLHttpRequest, typeof window,
                  Object.getOwnPropertyDescriptor(globalThis, 'AWS').writable];
        }
    """
    assert runner.run(source).return_value == ["function", "2.1693.0", "function", "undefined", "undefined",
                                                "undefined", True]


def test_aws_is_writable_before_and_after_loading(runner):
    source = "AWS = {mine: true};\nasync function onTrack() { const a = AWS.mine; AWS = 2; return [a, AWS] }"
    assert runner.run(source).return_value == [True, 2]


@pytest.mark.usefixtures("needs_fetch")
def test_sts_assume_role_goes_through_fetch_and_is_recorded(runner, server):
    server.routes = {"POST /": {"body": STS_XML, "headers": {"Content-Type": "text/xml"}}}
    server.take()
    source = CLIENTS + """
        async function onTrack(event, settings) {
          const data = await sts(settings).assumeRole({RoleArn: 'arn:aws:iam::1:role/r', ExternalId: 'ext',
                                                      RoleSessionName: 'segment-function'}).promise();
          return [data.Credentials.AccessKeyId, data.Credentials.Expiration.toISOString(), data.AssumedRoleUser.Arn];
        }
    """
    result = runner.run(source, settings={"base": server.base})
    assert result.outcome == "success", result.error
    assert result.return_value == ["ASIAEXAMPLE", "2030-01-01T00:00:00.000Z",
                                   "arn:aws:sts::123456789012:assumed-role/r/segment-function"]
    [received] = server.take()
    assert received["method"] == "POST" and received["path"] == "/"
    assert received["body"] == ("Action=AssumeRole&ExternalId=ext&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fr"
                                "&RoleSessionName=segment-function&Version=2011-06-15")
    headers = dict(received["headers"])
    assert headers["authorization"].startswith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/")
    assert headers["content-type"] == "application/x-www-form-urlencoded; charset=utf-8"
    [recorded] = result.requests
    assert recorded.method == "POST" and recorded.url == server.base + "/"


@pytest.mark.usefixtures("needs_fetch")
def test_s3_put_and_get_with_credentials_from_sts_as_segment_documents(runner, server):
    server.routes = {
        "POST /": {"body": STS_XML, "headers": {"Content-Type": "text/xml"}},
        "PUT /bucket/track/1.json": {"body": "", "headers": {"ETag": '"abc"'}},
        "GET /bucket/track/1.json": {"body": '{"stored": true}', "headers": {"Content-Type": "application/json"}},
    }
    server.take()
    source = CLIENTS + """
        async function getS3(settings) {
          return cache.load(settings.base, 30 * 60 * 1000, async () => {
            const data = await sts(settings).assumeRole({RoleArn: 'arn', ExternalId: 'x', RoleSessionName: 's'}).promise();
            return s3(settings, {accessKeyId: data.Credentials.AccessKeyId, secretAccessKey: data.Credentials.SecretAccessKey,
                                 sessionToken: data.Credentials.SessionToken});
          });
        }
        async function onTrack(event, settings) {
          const client = await getS3(settings);
          const put = await client.putObject({Bucket: 'bucket', Key: 'track/1.json', Body: JSON.stringify(event)}).promise();
          const got = await client.getObject({Bucket: 'bucket', Key: 'track/1.json'}).promise();
          return [put.ETag, got.Body.toString(), got.ContentType];
        }
    """
    result = runner.run(source, {"type": "track", "event": "Signed Up"}, {"base": server.base})
    assert result.outcome == "success", result.error
    assert result.return_value == ['"abc"', '{"stored": true}', "application/json"]
    _sts_call, put, get = server.take()
    assert (put["method"], put["path"], put["body"]) == ("PUT", "/bucket/track/1.json",
                                                         '{"type":"track","event":"Signed Up"}')
    assert dict(put["headers"])["x-amz-security-token"] == "token2"
    assert get["method"] == "GET"
    assert [r.method for r in result.requests] == ["POST", "PUT", "GET"]


@pytest.mark.usefixtures("needs_fetch")
def test_aws_errors_carry_code_message_and_status(runner, server):
    server.routes = {"POST /": {"status": 403, "body": DENIED_XML, "headers": {"Content-Type": "text/xml"}}}
    source = CLIENTS + """
        async function onTrack(event, settings) {
          try {
            await sts(settings).getCallerIdentity({}).promise();
          } catch (err) {
            return [err.code, err.message, err.statusCode, err.retryable];
          }
        }
        async function onIdentify() {
          const client = new AWS.STS({...creds, endpoint: 'http://127.0.0.1:9'});
          try { await client.getCallerIdentity({}).promise(); } catch (err) { return [err.code, err.name]; }
        }
    """
    assert runner.run(source, settings={"base": server.base}).return_value == ["AccessDenied", "not allowed", 403, False]
    # The Node SDK makes a refused connection (a system error with an errno) UnknownEndpoint, as Node 20 shows.
    assert runner.engine.invoke({"type": "identify"}, {"base": server.base}).return_value == [
        "UnknownEndpoint", "UnknownEndpoint"]


@pytest.mark.usefixtures("needs_fetch")
def test_an_error_body_that_is_no_xml_fails_the_call_without_logging_for_the_handler(runner, server):
    # A probe: xmldom's console.error ("[xmldom fatalError] …") showed in the handler's Raw Log Output.
    server.routes = {"PUT /b/k": {"status": 403, "json": {"error": "nope"}}}
    source = CLIENTS + """
        async function onTrack(event, settings) {
          try {
            await s3(settings).putObject({Bucket: 'b', Key: 'k', Body: 'x'}).promise();
          } catch (err) {
            return [err.code, err.statusCode];
          }
        }
    """
    result = runner.run(source, settings={"base": server.base})
    assert result.return_value == ["XMLParserError", 403]
    assert result.logs == []


NODE_AWS = Path(__file__).resolve().parent / "conformance" / "node_modules" / "aws-sdk"
LIST_NODE_CLASSES = ("const AWS = require('aws-sdk'); console.log(JSON.stringify(Object.keys(AWS)"
                     ".filter((k) => typeof AWS[k] === 'function')))")


def test_every_class_of_the_node_sdk_is_a_function_and_one_the_browser_build_lacks_says_so(runner):
    # A probe ran public functions using AWS.EventBridge, AWS.Pinpoint, AWS.StepFunctions: "is not a constructor".
    if shutil.which("node") is None or not NODE_AWS.is_dir():
        pytest.skip("needs node and the conformance reference's aws-sdk (tests/conformance/setup.sh)")
    listed = subprocess.run(["node", "-e", LIST_NODE_CLASSES], capture_output=True, text=True, check=True,
                            cwd=NODE_AWS.parent.parent)
    names = json.loads(listed.stdout)
    source = f"""
        async function onTrack() {{
          return {json.dumps(names)}.filter((name) => typeof AWS[name] !== 'function');
        }}
        async function onIdentify() {{
          return [AWS.EventBridge.name, AWS.EventBridge.length, typeof new AWS.S3({{region: 'us-east-1'}}).putObject];
        }}
        async function onGroup() {{
          return new AWS.EventBridge({{region: 'us-east-1'}});
        }}
        async function onPage() {{
          return new AWS.EnvironmentCredentials('AWS');
        }}
    """
    assert len(names) > 300
    assert runner.run(source).return_value == []
    assert runner.engine.invoke({"type": "identify"}, {}).return_value == ["", 0, "function"]
    failed = runner.engine.invoke({"type": "group", "groupId": "g"}, {})
    assert failed.outcome == "bad_request"
    assert failed.error.message.startswith("AWS.EventBridge is not available in segtui: Segment's aws-sdk v2 (Node) has it")
    failed = runner.engine.invoke({"type": "page"}, {})
    assert failed.error.message == ("AWS.EnvironmentCredentials is not available in segtui: Segment's aws-sdk v2 (Node) "
                                    "has it, but segtui runs aws-sdk's browser build, which does not have it")
