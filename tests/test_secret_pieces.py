"""Secrets a third leak probe found shown: a 12-character key cut in halves logged apart, a long key logged in chunks,
a secret beyond Latin-1 through Buffer's 'latin1' and 'ascii', a base64 key without `+`, `/` or `=` decoded, settings
declared without `sensitive` whose names are secrets', and credentials inside ordinary settings (a URL's password, a
query's `client_secret=…`, YAML, an env file, a header list, a name/value list). None may reach what segtui prints or
writes; each form is computed here, in Python, apart from segtui."""

from __future__ import annotations

import base64
import json
import random
import string

import pytest
from support.cli import run_outputs, segtui, write_function
from support.http_server import Reply

from segtui.masking import MASK, Masker

_random = random.Random(16)
LONG_KEY = "".join(_random.choice(string.ascii_letters + string.digits + "+/") for _ in range(2000))
B64_KEY = "RNEASvHbE5OMLTK3pEwY6GyLVgFeykfN"  # 24 bytes: no padding, and no + or /
SECRETS = {"apiKey": "Zq8Wx2Lm5Np7", "privateKey": LONG_KEY, "password": "секретныйпароль", "signingKey": B64_KEY,
           "clientSecret": "dNnFRIBXuDL7DxtpYlSXpfKtHF4vUCsMehGAkWvj", "webhookSecret": "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw",
           "symbolKey": "Xk9+mQ2/zL7=pR4_vT8-nB3wY6cJ1hF5gD0sA"}
EMBEDDED = {
    "databaseUrl": "postgres://admin:PgUrlSecret4471@db.example.com/app",
    "extraQuery": "client_id=abc&client_secret=QsSecretValue881",
    "config": "user: bob\npassword: YamlSecret5521\n",
    "envFile": "MODE=fast\nAPI_KEY=EnvFileSecret7731\n",
    "headerList": json.dumps([["Authorization", "Bearer HdrListSecret6612"]]),  # a setting holding JSON as text
    "pairs": json.dumps([{"name": "apiKey", "value": "NameValueSecret31"}]),
    "endpoint": "https://api.example.com/v1?api_key=QuRLsecretZ8x7c6V5b4",
    "xml": "<auth><password>XmlPass8812x</password></auth>",
    "ini": "[default]\naws_secret_access_key = IniSecretAbc123",
    "header": "Authorization: Basic dXNlcjpwYXNzMTIz",
    "form": "user[password]=FormPw9931x",
    "errorsUrl": "https://EmQ5aS4dF3gH2jK1@o1.ingest.sentry.io/42",  # a Sentry DSN; "dsn" names a secret
    "slackUrl": "https://hooks.slack.com/services/T0001/B0002/Qw7Er9Ty1Ui3Op5",
    "presigned": "https://b.s3.amazonaws.com/k?X-Amz-Date=20260101&X-Amz-Signature=9f86d081884c7d65",
}
HIDDEN = {"PgUrlSecret4471", "QsSecretValue881", "YamlSecret5521", "EnvFileSecret7731", "HdrListSecret6612",
          "NameValueSecret31", "DeclaredNoFlag99", "QuRLsecretZ8x7c6V5b4", "XmlPass8812x", "IniSecretAbc123",
          "dXNlcjpwYXNzMTIz", "FormPw9931x", "EmQ5aS4dF3gH2jK1", "Qw7Er9Ty1Ui3Op5", "9f86d081884c7d65", "DbPwValue77x"}
SCHEMA = {"settings": [*({"label": name, "sensitive": True} for name in SECRETS),
                       {"label": "Auth Token", "name": "authToken"},  # declared, silent on `sensitive`
                       {"label": "Db Pw", "name": "dbPw"},
                       {"label": "base"}, *({"label": name, "type": "string"} for name in EMBEDDED)]}

HANDLER = r"""
async function onTrack(event, settings) {
  const k = settings.apiKey, long = settings.privateKey, p = settings.password;
  console.log('halves', k.slice(0, 6), '|', k.slice(6));
  console.log('first', k.slice(0, 6)); console.log('second', k.slice(6));
  for (const chunk of long.match(/.{1,200}/g)) console.log(chunk);
  console.log('slice', long.slice(500, 560), long.slice(-40));
  console.log('latin1 hex', Buffer.from(p, 'latin1').toString('hex'));
  console.log('latin1', Buffer.from(p, 'binary'));
  console.log('ascii', Buffer.from(p).toString('ascii'));
  console.log('key hex', Buffer.from(settings.signingKey, 'base64').toString('hex'));
  console.log('embedded', JSON.stringify([settings.databaseUrl, settings.extraQuery, settings.config, settings.envFile,
                                          settings.headerList, settings.pairs]));
  const c = settings.clientSecret;
  for (const piece of c.match(/.{1,8}/g)) console.log(piece);
  console.log(JSON.stringify(c.match(/.{1,9}/g)), [...c].join('·'), [...c].join('_'), [...c].join('/'));
  const s = settings.symbolKey;
  console.log(`using apiKey=${s.slice(0, 8)}...`, `/v1/${s.slice(3, 10)}/x`, `key:${s.slice(-9)};`);
  console.log('webhook key', Buffer.from(settings.webhookSecret.split('_')[1], 'base64').toString('hex'));
  console.log('urls', settings.slackUrl, settings.presigned, settings.dbPw);
  console.log('settings', settings.endpoint, settings.xml, settings.ini, settings.header, settings.form, settings.errorsUrl);
  console.log('parts', new URL(settings.databaseUrl).password, new URLSearchParams(settings.extraQuery).get('client_secret'),
              JSON.parse(settings.headerList)[0][1].split(' ')[1], JSON.parse(settings.pairs)[0].value, settings.authToken);
  const response = await fetch(settings.base + '/echo', { method: 'POST', body: Buffer.from(p, 'latin1') });
  console.log('echo', await response.text());
  return k.slice(0, 6) + ' ' + k.slice(6);
}
"""


def forms() -> dict[str, str]:
    """What the handler shows of each secret, as Python makes it."""
    key, password = SECRETS["apiKey"], SECRETS["password"]
    latin1 = bytes(ord(char) & 0xFF for char in password)
    shown = {"first half": key[:6], "second half": key[6:], "key hex": base64.b64decode(B64_KEY).hex(),
             "latin1 hex": latin1.hex(), "latin1 buffer": latin1.hex(" "), "latin1 text": latin1.decode("latin-1"),
             "ascii": bytes(byte & 0x7F for byte in password.encode()).decode("latin-1"),
             "slice": LONG_KEY[500:560], "end": LONG_KEY[-40:]}
    shown |= {f"chunk {start}": LONG_KEY[start:start + 200] for start in range(0, len(LONG_KEY), 200)}
    client = SECRETS["clientSecret"]
    shown |= {f"piece {start}": client[start:start + 8] for start in range(0, len(client), 8)}
    shown |= {f"ninth {start}": client[start:start + 9] for start in range(0, len(client) - 9, 9)}
    shown |= {f"joined by {separator}": separator.join(client) for separator in "·_/"}
    symbol = SECRETS["symbolKey"]
    shown |= {"symbol piece": symbol[:8], "symbol middle": symbol[3:10], "symbol end": symbol[-9:],
              "webhook key": base64.b64decode("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").hex()}
    return shown | {text: text for text in HIDDEN}


@pytest.fixture
def folder(tmp_path, loopback):
    loopback.routes["/echo"] = lambda received: Reply(body=received.body)
    return write_function(tmp_path, HANDLER, SCHEMA,
                          {**SECRETS, **EMBEDDED, "authToken": "DeclaredNoFlag99", "dbPw": "DbPwValue77x",
                           "base": loopback.base})


def test_the_handler_shows_each_form_as_python_makes_it(folder):
    done = segtui("run", "handler.js", "--event", "track", "--json", "--reveal-secrets", cwd=folder)
    text = json.dumps(json.loads(done.stdout)["logs"], ensure_ascii=False)
    assert [kind for kind, form in forms().items() if json.dumps(form, ensure_ascii=False)[1:-1] not in text] == []


def test_no_piece_of_a_secret_reaches_an_output(folder):
    outputs = run_outputs(folder, "--event", "track")
    found = {}
    for where, text in outputs.items():
        assert MASK in text, where
        for kind, form in forms().items():
            if form in text or json.dumps(form, ensure_ascii=False)[1:-1] in text:
                found[f"{where}: {kind}"] = form
    assert found == {}


def test_a_redirect_that_carried_a_secret_replays(tmp_path, loopback):
    folder = write_function(tmp_path, """
async function onTrack(event, settings) {
  const response = await fetch(`${settings.base}/redirect-to?status=302&location=/text?q=${settings.apiKey}`);
  return [response.status, new URL(response.url).search.length];
}""", {"settings": [{"label": "apiKey", "sensitive": True}, {"label": "base"}]},
                            {"apiKey": "Zq8Wx2Lm5Np7", "base": loopback.base})
    recorded = segtui("run", "handler.js", "--event", "track", "--record", "tape.json", "--json", cwd=folder)
    assert json.loads(recorded.stdout)["return"] == [200, 15], recorded.stdout
    assert "Zq8Wx2Lm5Np7" not in (folder / "tape.json").read_text() and MASK in (folder / "tape.json").read_text()
    replayed = segtui("run", "handler.js", "--event", "track", "--replay", "tape.json", "--json", cwd=folder)
    assert json.loads(replayed.stdout)["outcome"] == "success", replayed.stdout


def test_an_input_error_quotes_no_part_of_a_secret_at_its_cuts(tmp_path):
    secret = "Vq3Lm9Xw2Rt7Yp4Kz8Nc5Hb1Gd6Fs0"
    folder = write_function(tmp_path, "async function onTrack() {}", {"settings": [{"label": "apiKey", "sensitive": True}]},
                            {"apiKey": secret})
    shown = {}
    # The quote runs from 61 characters before the error to 39 after: it starts 5 characters before the secret's end,
    # or ends 5 characters into it.
    for cut, line in (("start", f'{{"k":"{secret}","p":"{"y" * 46}" "x":1}}'),
                      ("end", f'{{"p":"{"y" * 80}" "x":1,"q":"{"z" * 17}","k":"{secret}"}}')):
        (folder / "bad.json").write_text(line, encoding="utf-8")
        done = segtui("run", "handler.js", "--event", "bad.json", cwd=folder)
        assert done.returncode == 2 and "invalid JSON" in done.stderr, done.stderr
        shown[cut] = done.stderr
    assert secret[-5:] not in shown["start"] and secret[:5] not in shown["end"], shown


def test_an_input_error_quotes_no_hex_or_base64_of_a_secret_beyond_ascii(tmp_path):
    # Before a run, segtui masks with the forms it makes itself (the sandbox's are not at hand): a probe's event file
    # held a captured header with the hex and base64 of a password beyond ASCII, whose start showed (`70c3a4737377c3b`).
    secret = "pässwörd-Zq8Xr2Lm9"
    folder = write_function(tmp_path, "async function onTrack() {}", {"settings": [{"label": "password", "sensitive": True}]},
                            {"password": secret})
    data = secret.encode()
    # Each form, and where the secret's part of it starts (`admin:` is no secret).
    forms = {"hex": (data.hex(), 0), "base64": (base64.b64encode(data).decode(), 0),
             "basic": (base64.b64encode(b"admin:" + data).decode(), 8)}
    for name, (form, start) in forms.items():
        (folder / "bad.json").write_text(f'{{"type": "track", "h": "{form}",}}', encoding="utf-8")
        done = segtui("run", "handler.js", "--event", "bad.json", cwd=folder)
        assert done.returncode == 2 and "invalid JSON" in done.stderr, done.stderr
        assert f'"h": "{form[:start]}{MASK}",' in done.stderr, (name, done.stderr)


def test_a_piece_two_secrets_share_is_widened_by_the_one_the_text_holds():
    # A probe: of five tokens in one settings file, two shared `Op5qRs`; the piece was widened by the first, which
    # goes on differently, and the last two characters of the other's suffix showed.
    masker = Masker(["ghp_Zx81Op5qRsTuVw9Kk2Ll", "xoxb-1234567890-Ab3dEf6hIj9kLm2nOp5qRs7T"])
    assert masker.text("suffix=...Op5qRs7T path") == f"suffix=...{MASK} path"


LOWERED_KEY = "Zq8vK2mP9xL4wR7tAbCdEfGh"
LOWERED_HANDLER = r"""
async function onTrack(event, settings) {
  const k = settings.apiKey;
  const host = new URL('http://' + k.slice(0, 14) + '.api.example.com/').hostname;  // a URL lower-cases its host
  const pieces = [host, k.slice(0, 12).toLowerCase(), 'id-' + k.slice(4, 14).toLowerCase() + '-x',
                  k.slice(12).toUpperCase(), Buffer.from(k.slice(0, 10)).toString('hex').toUpperCase()];
  console.log('pieces', pieces.join(' '));
  await fetch(settings.base + '/to/' + pieces[1], { headers: { 'X-Host': host } });
  return pieces;
}
"""


def test_a_piece_of_a_secret_in_another_case_is_masked_in_every_output(tmp_path, loopback):
    # A probe: a key's piece as a URL's host (which lower-cases it), or lower- or upper-cased by the handler (also its
    # hex), was shown in every output, where the same piece as the key spells it, or the whole key lower-cased, were
    # masked.
    schema = {"settings": [{"label": "Api Key", "type": "string", "sensitive": True}, {"label": "base", "type": "string"}]}
    folder = write_function(tmp_path, LOWERED_HANDLER, schema, {"apiKey": LOWERED_KEY, "base": loopback.base})
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    assert loopback.take()[0].path == "/to/" + LOWERED_KEY[:12].lower(), "what the handler sent"
    hex_upper = LOWERED_KEY.encode().hex().upper()
    for where, output in outputs.items():
        assert MASK in output, where
        for cased in (LOWERED_KEY.lower(), LOWERED_KEY.upper(), hex_upper):
            assert not [cased[at:at + 8] for at in range(len(cased) - 7) if cased[at:at + 8] in output], where


def test_a_secrets_words_upper_cased_are_not_masked_as_its_pieces():
    # A review: pieces found in another case took every all-caps word a key's words spell (PRODUCTION of
    # ProductionPassword2024x, DELETE of OptionsDelete2024!) for a piece of it, wherever it stood.
    masker = Masker(["ProductionPassword2024x", "OptionsDelete2024!"])
    text = 'ENV=PRODUCTION {"error": "PASSWORD_RESET_REQUESTED", "method": "DELETE", "code": "OPTIONS_DELETED"}'
    assert masker.text(text) == text
    assert masker.text("host passwor2024x.example and PASSWORD2024X") == f"host passwor2024x.example and {MASK}"
