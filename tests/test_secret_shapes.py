"""Secrets of every shape stay out of what segtui prints and writes: numbers (as JavaScript and as Python write them),
strings nested at any depth in maps and arrays, and a secret in other cases or encodings (a URL's host lower-cases
it; upper-case hex; UTF-16). The texts grepped for are computed by Node itself, an oracle apart from segtui."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess

import pytest
from support.cli import run_outputs, segtui

from segtui.number_texts import number_texts

NUMBERS = {"apiToken": 98765432109876, "password": 31415926535, "bigSecret": 98765432109876543, "tinySecret": 1.5e-7}
NESTED = {"credentials": {"prod": {"token": "NestedSecretXYZ77"}}, "authPins": [["InnerArraySecret55", 27182818284]]}
CASED = "Sup3rS3cretVal_x9"

HANDLER = r"""
async function onTrack(event, settings) {
  const all = JSON.stringify(settings);
  console.log("all", all, settings.apiToken, settings.bigSecret, settings.tinySecret, settings.authPins[0][1]);
  await fetch(settings.base + '/t?all=' + encodeURIComponent(all), {method: 'POST', body: all});
  const k = settings.apiKey;
  try { await fetch('http://' + k + '.invalid/p'); } catch (error) { console.log('failed', error.message); }
  console.log(Buffer.from(k).toString('hex').toUpperCase(), Buffer.from(k, 'utf16le').toString('base64'),
              Buffer.from(k, 'utf16le').toString('hex'), k.toUpperCase());
  return {settings, numbers: [settings.apiToken, settings.password, settings.bigSecret, settings.tinySecret]};
}
"""

ORACLE = r"""
const [numbers, k] = JSON.parse(process.argv[1]);
console.log(JSON.stringify([
  ...numbers.map(String),
  new URL('http://' + k + '.invalid/').hostname.split('.')[0],
  Buffer.from(k).toString('hex').toUpperCase(), Buffer.from(k, 'utf16le').toString('base64'),
  Buffer.from(k, 'utf16le').toString('hex'), k.toUpperCase(),
]));
"""


@pytest.fixture
def texts() -> list[str]:
    """Each text a leak would show: Node's for the numbers and the encodings, and Python's for the numbers."""
    if shutil.which("node") is None:
        pytest.skip("node is not on PATH")
    numbers = [*NUMBERS.values(), NESTED["authPins"][0][1]]
    done = subprocess.run(["node", "-e", ORACLE, json.dumps([numbers, CASED])], capture_output=True, text=True,
                          check=True)
    python = [json.dumps(number) for number in numbers]
    return sorted({*json.loads(done.stdout), *python, "NestedSecretXYZ77", "InnerArraySecret55"}, key=len)


def test_number_and_nested_secrets_and_other_cases_and_encodings_are_masked(tmp_path, texts, loopback):
    assert "98765432109876540" in texts and "1.5e-7" in texts and "1.5e-07" in texts  # JavaScript's and Python's
    assert "sup3rs3cretval_x9" in texts
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    settings = {**NUMBERS, **NESTED, "apiKey": CASED, "base": loopback.base}
    (tmp_path / "segtui.settings.json").write_text(json.dumps(settings), encoding="utf-8")
    outputs = run_outputs(tmp_path, "--event", "track")
    received = b"".join(request.body for request in loopback.take())
    assert b"98765432109876540" in received and b"NestedSecretXYZ77" in received, "the handler really sent them"

    for where, text in outputs.items():
        for secret in texts:
            assert secret not in text, f"{where} shows {secret!r}"
    result = json.loads(outputs["run json stdout"])
    assert result["return"]["numbers"] == ["••••••"] * 4, "a number secret is masked as its text"
    assert "failed request to http://••••••.invalid/p" in " ".join(log["message"] for log in result["logs"])

    revealed = segtui("run", "handler.js", "--event", "track", "--json", "--reveal-secrets", cwd=tmp_path)
    assert json.loads(revealed.stdout)["return"]["numbers"] == [98765432109876, 31415926535, 98765432109876540, 1.5e-7]


def test_a_number_secret_is_written_as_javascript_and_python_write_it():
    assert number_texts(12345678) == ["12345678"]
    assert number_texts(2**53 + 1) == ["9007199254740992", "9007199254740993"]
    assert number_texts(1e21) == ["1e+21"]
    assert number_texts(1e16) == ["10000000000000000", "1e+16"]
    assert number_texts(-0.000001) == ["-0.000001", "-1e-06"]
    assert number_texts(-(10**400)) == ["-Infinity", "-1" + "0" * 400]  # past a double: what JavaScript reads
    assert number_texts(float("inf")) == ["Infinity"]


@pytest.mark.parametrize("command", ["run", "replay", "test"])
def test_a_secret_number_past_a_double_is_masked_and_no_traceback(tmp_path, command):
    # A probe found `--setting myToken=1e400` (a secret by its name) crashed every command making its forms.
    (tmp_path / "h.js").write_text("async function onTrack(e, s) { console.log(s.myToken, s.clientSecret); return 1; }")
    (tmp_path / "settings.json").write_text('{"clientSecret": ' + "9" * 400 + "}")
    (tmp_path / "event.json").write_text('{"type": "track"}')
    args = {"run": ["--event", "event.json"], "replay": ["event.json"], "test": ["event.json"]}[command]
    done = segtui(command, "h.js", *args, "--settings", "settings.json", "--setting", "myToken=1e400", "--json", cwd=tmp_path)
    assert "Traceback" not in done.stderr and done.returncode in (0, 1), done.stderr
    assert "Infinity" not in done.stdout and "999999" not in done.stdout and "••••••" in done.stdout


CUTTER = r"""
async function onTrack(event, settings) {
  const k = settings.apiKey, half = Math.floor(k.length / 2);
  // A log line and two bodies, each cut by segtui where the secret's second half begins.
  console.log('x'.repeat(2000000 - half) + k);
  await fetch(settings.base + '/text', {method: 'POST', body: 'y'.repeat(1000000 - half) + k});
  await fetch(settings.base + '/bytes', {method: 'POST', body: Buffer.concat([Buffer.from([0xff]),
    Buffer.from('z'.repeat(1000000 - 1 - half) + k)])});
  return 1;
}
"""


def test_a_secret_cut_in_two_where_segtui_shortens_a_log_line_or_a_body_is_masked(tmp_path, loopback):
    (tmp_path / "handler.js").write_text(CUTTER, encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": CASED, "base": loopback.base}))
    done = segtui("run", "handler.js", "--event", "track", "--json", "--har", "out.har", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    start = CASED[: len(CASED) // 2]
    result = json.loads(done.stdout)
    log = result["logs"][0]["message"]
    assert log.endswith(f"x••••••{' … [segtui kept the first 2000000 of'}{log.rsplit('of', 1)[1]}")
    text_body, byte_body = (record for record in result["requests"])
    assert text_body["body_truncated"] and text_body["body"].endswith("y••••••")
    assert byte_body["body_truncated"] and base64.b64decode(byte_body["body"]).endswith("z••••••".encode())
    har = (tmp_path / "out.har").read_text(encoding="utf-8")
    for where, text in {"--json": done.stdout, "HAR": har,
                        "binary body": base64.b64decode(byte_body["body"]).decode("utf-8", "replace")}.items():
        assert start not in text, f"{where} shows the start of the cut secret"


@pytest.mark.parametrize(("settings", "message"), [
    ({"tokens": [f"token-{index:05d}-abcdefgh" for index in range(1001)]},
     "the sensitive settings hold 1,001 secret values (a key's lines and parts counted); segtui masks up to 1,000"),
    ({"apiKey": "k" * 65_537}, "a sensitive setting holds a value 65,537 characters long; segtui masks values of up to 65,536"),
])
def test_secrets_too_many_or_too_long_to_mask_are_refused_without_showing_them(tmp_path, settings, message):
    # A probe's 5,000 tokens took 2 GB and 30 s, and a 300 KB key 3.5 GB, before a run began.
    (tmp_path / "h.js").write_text("async function onTrack() { return 1; }")
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [
        {"label": "Tokens", "type": "array", "sensitive": True}, {"label": "API Key", "type": "string", "sensitive": True}]}))
    (tmp_path / "settings.json").write_text(json.dumps(settings))
    for command in (["run", "h.js", "--event", "track"], ["replay", "h.js", "events.ndjson"]):
        (tmp_path / "events.ndjson").write_text('{"type": "track"}\n')
        done = segtui(*command, "--settings", "settings.json", cwd=tmp_path)
        assert (done.returncode, done.stdout) == (2, ""), done.stderr
        assert message in done.stderr and "token-00001" not in done.stderr and "kkkkkkkk" not in done.stderr
    fewer = {name: value[:1000] if isinstance(value, list) else value[:65_536] for name, value in settings.items()}
    (tmp_path / "settings.json").write_text(json.dumps(fewer))
    assert segtui("run", "h.js", "--event", "track", "--settings", "settings.json", cwd=tmp_path).returncode == 0


def test_a_megabyte_setting_is_read_in_seconds_refused_when_sensitive_and_run_when_not(tmp_path):
    # The settings' secrets were looked for with patterns that read a long run of letters again from each of its letters:
    # a 200 KB key took six minutes before being refused as too long, a 1 MB one hours; a plain setting as long too.
    (tmp_path / "h.js").write_text("async function onTrack(event, settings) { return settings.notes.length; }")
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [
        {"label": "API Key", "type": "string", "sensitive": True}, {"label": "notes", "type": "string"}]}))
    long = "k" * 1_000_000
    (tmp_path / "settings.json").write_text(json.dumps({"apiKey": "Sup3rS3cretVal_x9" + long, "notes": "n"}))
    done = segtui("run", "h.js", "--event", "track", "--settings", "settings.json", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (2, ""), done.stderr
    assert "a sensitive setting holds a value 1,000,017 characters long" in done.stderr and "Sup3r" not in done.stderr
    (tmp_path / "settings.json").write_text(json.dumps({"apiKey": CASED, "notes": long}))
    done = segtui("run", "h.js", "--event", "track", "--settings", "settings.json", "--json", cwd=tmp_path)
    assert (done.returncode, json.loads(done.stdout)["return"]) == (0, 1_000_000), done.stderr


def test_the_password_a_url_or_a_connection_string_holds_is_masked_on_its_own(tmp_path, loopback):
    # A 9-character password is too short a part of its 48-character URL to be masked as one: the handler prints it
    # from `new URL(dsn).password`, or cuts it from a connection string.
    password, other = "Xy7$pQ3&w", "S3cr3t;Pa55"
    settings = {"dbUrl": f"postgres://admin:{password.replace('$', '%24').replace('&', '%26')}@db.example.com:5432/x",
                "connectionString": f"Server=tcp:db.example.net,1433;User ID=sa;Password='{other}';Encrypt=True",
                "base": loopback.base}
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [
        {"label": "dbUrl", "type": "string", "sensitive": True},
        {"label": "connectionString", "type": "string", "sensitive": True}, {"label": "base", "type": "string"}]}))
    (tmp_path / "segtui.settings.json").write_text(json.dumps(settings))
    (tmp_path / "handler.js").write_text(r"""
async function onTrack(event, settings) {
  const url = new URL(settings.dbUrl);
  const found = /Password='([^']*)'/.exec(settings.connectionString)[1];
  console.log('pw', url.password, decodeURIComponent(url.password), url.username, found);
  await fetch(settings.base + '/t', { method: 'POST', body: decodeURIComponent(url.password) + ' ' + found });
  return { pw: decodeURIComponent(url.password), found };
}
""")
    outputs = run_outputs(tmp_path, "--event", "track")
    revealed = segtui("run", "handler.js", "--event", "track", "--json", "--reveal-secrets", cwd=tmp_path)
    assert json.loads(revealed.stdout)["return"] == {"pw": password, "found": other}, "what the handler made"
    for where, text in outputs.items():
        assert password not in text and other not in text and "Xy7%24pQ3%26w" not in text, where
        assert "••••••" in text, where
