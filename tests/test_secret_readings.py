"""Secrets a handler writes out piece by piece (found by leak probes): bytes or char codes as numbers (util.inspect's
columns, `;` between, octal, binary, 32-bit words), `[...secret]`, hex with colons, base64 in groups of four, a secret
spaced out or with invisible characters or colours between its characters, every character escaped (also as HTML
references without `;` and quoted-printable), base64 of base64, fullwidth letters; secrets made into other text with
no encoder of JavaScript's: reversed, ROT13, case swapped, the number of their bytes, Buffer's `ucs2`, cut in two or
with their prefix cut off; and a secret sent as a request's method or answered in a response's reason phrase. None of
it may reach what segtui prints or writes, and text that holds no secret keeps every character. Whether a secret can
be read back from an output is decided here, in Python, apart from segtui."""

from __future__ import annotations

import base64
import codecs
import json
import re
import unicodedata

import pytest
from support.cli import run_outputs
from support.http_server import Reply

from segtui.masking import MASK, Masker

SECRET = "sk_live_9fQ2xLmP7vTz4RkW8nYc"
SCHEMA = {"settings": [{"label": "Api Key", "type": "string", "sensitive": True}, {"label": "Base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  const s = settings.apiKey, b = Buffer.from(s);
  const forms = {
    bytes: Array.from(b), typed: new Uint8Array(b), chars: [...s], codes: [...s].map((c) => c.charCodeAt(0)),
    groups: b.toString('base64').match(/.{1,4}/g).join(' '), colons: b.toString('hex').match(/../g).join(':'),
    spaced: [...s].join(' '), escaped: [...s].map((c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0')).join(''),
    percent: [...s].map((c) => '%' + c.charCodeAt(0).toString(16)).join(''), octal: [...b].map((x) => '\\' + x.toString(8)).join(''),
    binary: [...b].map((x) => x.toString(2).padStart(8, '0')).join(' '),
    twice: Buffer.from(b.toString('base64')).toString('base64'), reversed: [...s].reverse().join(''),
    rot13: s.replace(/[a-z]/gi, (c) => String.fromCharCode(((c.toLowerCase().charCodeAt(0) - 97 + 13) % 26) + (c < 'a' ? 65 : 97))),
    cut: s.slice('sk_live_'.length),
    zeroWidth: [...s].join('\u200b'), fullwidth: s.replace(/[!-~]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
    ansi: [...s].map((c) => c + '\x1b[0m').join(''), swapped: [...s].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
    bigint: BigInt('0x' + b.toString('hex')).toString(), octalCodes: [...b].map((x) => x.toString(8)).join(' '),
    sevenBits: [...b].map((x) => x.toString(2)).join(' '), semicolons: [...b].join(';'), refs: [...s].map((c) => '&#' + c.charCodeAt(0)).join(''),
    qp: [...b].map((x) => '=' + x.toString(16).toUpperCase()).join(''), words: [0, 4, 8, 12, 16, 20, 24].map((i) => b.readUInt32BE(i)),
    ucs2: b.toString('ucs2'),
  };
  console.log(s.slice(0, 14));
  console.log(s.slice(14));
  for (const [name, form] of Object.entries(forms)) console.log(name, form);
  console.log(b, JSON.stringify(forms.bytes));
  for (const name of ['bytes', 'colons', 'twice', 'cut']) {
    const response = await fetch(settings.base + '/echo', { method: 'POST', body: JSON.stringify({ [name]: forms[name] }) });
    await response.text();
  }
  await fetch(settings.base + '/reason', { headers: { 'X-Reason': 'Denied ' + s } });
  await fetch(settings.base + '/method', { method: s });
  return forms;
}
"""


def recoverable(text: str) -> list[str]:
    """How SECRET can be read back from the text, if it can: by decoding its numbers, joining its pieces, reading
    its escapes, or finding it reversed, in ROT13, in upper case or without its prefix."""
    found = []
    data = SECRET.encode()
    numbers = [int(number) for number in re.findall(r"\d+", text)]
    if any(numbers[at:at + len(data)] == list(data) for at in range(len(numbers))):
        found.append("numbers")
    joined = re.sub(r"[\s,:;'\"\[\]|.-]", "", text)
    for name, form in [("hex", data.hex()), ("base64", base64.b64encode(data).decode()), ("secret", SECRET)]:
        if form in joined:
            found.append(f"joined {name}")
    escapes = re.sub(r"\\u([0-9a-f]{4})|%([0-9a-f]{2})|=([0-9A-F]{2})|\\([0-7]{2,3})|&#(\d+);?",
                     lambda m: chr(int(m.group(1) or m.group(2) or m.group(3), 16) if m.group(1) or m.group(2) or m.group(3)
                                   else int(m.group(4), 8) if m.group(4) else int(m.group(5))), text)
    if SECRET in escapes:
        found.append("escapes")
    bits = re.sub(r"[01]{8}", lambda m: chr(int(m.group(), 2)), re.sub(r"(?<=[01]{8}) (?=[01]{8})", "", text))
    if SECRET in bits:
        found.append("binary")
    if base64.b64encode(base64.b64encode(data)).decode() in text:
        found.append("base64 of base64")
    folded = unicodedata.normalize("NFKC", re.sub(r"\x1b\[[0-9;]*m|\\u001b\[[0-9;]*m|\u200b|\\u200b", "", text))
    if SECRET in folded:
        found.append("folded")
    # Only numbers a 32-bit word can be: a HAR's float timings hold longer runs of digits (`0.5599999999999999`).
    words = [int(number) for number in re.findall(r"\d{8,10}", text) if int(number) < 2**32]
    if any(b"".join(word.to_bytes(4, "big") for word in words[at:at + 7]) == data for at in range(len(words))):
        found.append("32-bit words")
    for base, name in [(8, "octal"), (2, "binary numbers")]:
        codes = [int(token, base) for token in re.findall(r"\d+", text) if set(token) <= set("01234567"[:base])]
        if any(codes[at:at + len(data)] == list(data) for at in range(len(codes))):
            found.append(name)
    for name, form in [("reversed", SECRET[::-1]), ("rot13", codecs.encode(SECRET, "rot13")), ("cut", SECRET[8:]),
                       ("upper", SECRET.upper()), ("swapped", SECRET.swapcase()), ("first half", SECRET[:14]),
                       ("second half", SECRET[14:]), ("bigint", str(int.from_bytes(data, "big"))),
                       ("ucs2", data.decode("utf-16-le"))]:
        if form in text or json.dumps(form)[1:-1] in text:
            found.append(name)
    return found


@pytest.fixture
def folder(tmp_path, loopback):
    loopback.routes["/echo"] = lambda received: Reply(body=received.body, headers=[("Content-Type", "application/json")])
    loopback.routes["/reason"] = lambda received: Reply(status=403, reason=dict(received.headers)["X-Reason"])
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": SECRET, "base": loopback.base}), encoding="utf-8")
    return tmp_path


def test_a_secret_written_out_piece_by_piece_is_masked_in_every_output(folder, loopback):
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    requests = loopback.take()
    assert {request.method for request in requests} >= {"GET", "POST", SECRET.upper()}, "what the handler sent"
    received = b"".join(request.body for request in requests).decode()
    assert "115,107,95" in received and "73:6b:5f" in received, "what the handler sent"
    assert {"numbers", "joined hex", "base64 of base64", "cut"} <= set(recoverable(received))

    for where, text in outputs.items():
        assert MASK in text, where
        assert recoverable(text) == [], f"{where}: {text}"


@pytest.fixture(scope="module")
def masker():
    return Masker([SECRET, "ab12"], [base64.b64encode(SECRET.encode()).decode(), SECRET.encode().hex(), "YWIxMg=="])


@pytest.mark.parametrize("text", [
    ("key: 115, 107,  95, 108, 105, 118, 101,\n   95,  57, 102,  81,  50, 120,  76,\n  109,  80,  55, 118,  84, 122,"
     "  52,\n   82, 107,  87,  56, 110,  89,  99\n]"),
    " ".join(SECRET),
    ":".join(f"{byte:02x}" for byte in SECRET.encode()),
    " ".join(re.findall(".{1,4}", base64.b64encode(SECRET.encode()).decode())),
    "".join(f"\\x{byte:02x}" for byte in SECRET.encode()),
    "".join(f"&#{ord(char)};" for char in SECRET),
    base64.b64encode(SECRET.encode().hex().encode()).decode(),
    SECRET[5:],
], ids=["columns", "spaced", "hex colons", "base64 groups", "hex escapes", "html refs", "base64 of hex", "cut"])
def test_each_reading_masks_just_the_run_that_holds_the_secret(masker, text):
    masked = masker.text(f"before {text} after")
    assert masked.startswith("before ") and masked.endswith(" after") and MASK in masked
    assert recoverable(masked) == []
    assert not re.search(r"[0-9A-Za-z]{6}", masked.replace("before", "").replace("after", "")), masked


@pytest.mark.parametrize("secret", ["p@ss:w/rd?&=+ é✓ \"quote\" 'sq' <tag> #1%25\\bs", "correct horse: battery-staple"])
def test_a_secret_that_holds_separators_is_masked_spaced_out(secret):
    # A probe found `[...secret].join(' ')` of a secret with spaces, quotes or colons shown whole: the reading without
    # separators takes the secret's own out too.
    masked = Masker([secret]).text(f"before {' '.join(secret)} after")
    assert masked == f"before {MASK} after"


def test_arrays_that_spell_a_secret_are_masked_item_by_item(masker):
    data = {"bytes": list(SECRET.encode()), "chars": ["x", *SECRET, "y"], "typed": {str(i): b for i, b in enumerate(SECRET.encode())},
            "numbers": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}
    masked = masker.data(data)
    assert masked["bytes"] == [MASK] * len(SECRET)
    assert masked["chars"] == ["x", *[MASK] * len(SECRET), "y"]
    assert set(masked["typed"].values()) == {MASK}
    assert masked["numbers"] == data["numbers"] and data["bytes"] == list(SECRET.encode()), "the data itself is kept"


@pytest.mark.parametrize("text", [
    json.dumps({"id": "msg-000123", "products": [{"sku": "sku-0", "price": 9.99}], "list": [115, 107, 95, 1, 2, 3, 4, 5]}),
    "Sending order o-123 for user user-17 to https://api.example.com/v1/events at 2026-01-01T12:00:00.000Z (try 1 of 3)",
    "c2tf bGl2 ZV85 aGVs bG8g d29y bGQ= " + " ".join("0123456789abcdef") + " 73:6b:5f:6c:69:76:65:5f \\u0073\\u006b",
    base64.b64encode(b"sk_live_ and more, but no secret in it at all").decode() + " 01110011 01101011 01011111 01101100",
    "sk_live_ sk_live 9fQ2x", "a b 1 2 ab12x [97, 98, 49, 50]",
], ids=["json", "prose", "near misses", "base64 and bits", "short pieces", "short secret in a word"])
def test_text_that_holds_no_secret_keeps_every_character(masker, text):
    assert masker.text(text) == text


def test_long_secrets_get_their_made_forms_without_writing_huge_numbers():
    digits, key = "9" * 5000, "k" * 300_000  # Python refuses to write an int of over 4,300 digits
    masker = Masker([digits, key])
    assert masker.text(f"a {digits[::-1]} b {key[::-1]} c") == f"a {MASK} b {MASK} c"


def test_a_readings_origins_are_listed_once_however_many_finds_it_has():
    # A probe's 2 MB log line of a secret repeated 100,000 times ran for minutes: each find listed the kept
    # characters of the whole line again (now listed once, a run between separators at a time).
    from segtui.encoded_views import _kept_locator

    text = "ab cd " * 1000
    locate = _kept_locator(text, " ")
    spans = [locate(start, start + 4) for start in range(0, 400, 4)]
    assert spans[:2] == [(0, 5), (6, 11)] and spans[-1] == (594, 599)
    secret = "SuperSecretValue123XYZ"
    masked = Masker([secret]).text(" ".join(secret) * 3000)
    assert secret[:12] not in masked.replace(" ", "") and MASK in masked


def test_a_secret_with_one_character_escaped_is_masked():
    # A leak probe: `{"a":"SuperSecret\\u0056alue123XYZ"}` is the secret to any JSON reader, and each piece around the
    # escape is under 12 characters, so no part of it was found.
    secret = "SuperSecretValue123XYZ"
    assert Masker([secret]).text('{"a":"SuperSecret\\u0056alue123XYZ"}') == f'{{"a":"{MASK}"}}'


@pytest.mark.parametrize("secret", ["Zq7xK2mPv9Lw4Rt8", "Zq7xK2mPv9Lw4Rt8Hn3Bc6", "sk_live_9fQ2xLmP7vTz4RkW8nYc",
                                    "00000000-1111-2222-3333-444444444444"])
def test_a_secret_cut_in_two_or_three_is_masked_in_each_piece(secret):
    # A probe: pieces under 12 characters (the halves of a 22-character key, the thirds of a 32-character one) showed
    # whole, so the secret could be put together again from one output.
    masker = Masker([secret])
    for count in (2, 3):
        size = -(-len(secret) // count)
        pieces = [secret[start:start + size] for start in range(0, len(secret), size)]
        shown = masker.data({f"part{number}": piece for number, piece in enumerate(pieces)})
        assert all(piece not in shown.values() for piece in pieces if len(piece) >= 8), (count, shown)


def test_base32_of_a_secret_is_masked_in_either_case_with_or_without_padding():
    # A probe: lower-case base32 (as many TOTP and ID libraries write it) showed whole; upper case was masked.
    encoded = base64.b32encode(SECRET.encode()).decode()
    masker = Masker([SECRET])
    for form in (encoded, encoded.rstrip("="), encoded.lower(), encoded.rstrip("=").lower()):
        assert masker.text(f"id={form};") == f"id={MASK};", form


@pytest.mark.parametrize("secret", ["пароль-секрет-123", "Tok&en<Secret>99", "Ab/Cd/Ef/Gh12"])
def test_a_secret_escaped_for_json_twice_is_masked(secret):
    # A probe: JSON of JSON (a response forwarded in another body, console.log of a JSON string) doubled the backslash
    # of \u escapes (Python's and Go's escaping of non-ASCII and &<>) and of PHP's \/, and the secret showed.
    once = json.dumps(secret)
    forms = [json.dumps(once), json.dumps(once.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")),
             json.dumps(once.replace("/", "\\/")), json.dumps(json.dumps({"token": secret}))]
    masker = Masker([secret])
    for form in forms:
        shown = masker.text(f"audit {form} done")
        assert MASK in shown and not any(part in shown for part in ("\\u043f", "en<", "Cd", "Secret")), (form, shown)


@pytest.mark.parametrize(("secret", "pieces"), [
    ("correcthorsebatterystaple-42", ["correcthorsebatterystaple", "correcthorsebatterys", "horsebatterystaple-42"]),
    ("key_Xy7Qw9Lm2Z", ["Xy7Qw9Lm2Z", "ey_Xy7Qw9Lm2Z", "key_Xy7Qw9Lm2"]),
    ("пароль-секрет-123", ["пароль-секрет-"]),
])
def test_a_long_piece_of_a_passphrase_or_of_a_short_secret_is_masked(secret, pieces):
    # A probe: pieces of 12 or more characters without a digit or a capital were never masked (the rule applied only
    # once a quarter of the secret was that long), and nothing of a secret under 16 characters was.
    masker = Masker([secret])
    shown = masker.data({str(index): piece for index, piece in enumerate(pieces)})
    assert set(shown.values()) == {MASK}, shown
    assert masker.text("sk_live_ and key_ prefixes") == "sk_live_ and key_ prefixes"


@pytest.mark.parametrize("separator", ["\u200e", "\u200f", "\u180e", "\u3164", "\ufe0f", "\U000e0041", "\u2062"])
def test_a_secret_spelled_out_with_invisible_characters_between_is_masked(separator):
    # A leak probe: direction marks, fillers, variation selectors and tag characters between a secret's characters
    # showed it whole on a terminal, unmasked.
    assert Masker([SECRET]).text(f"x {separator.join(SECRET)} y") == f"x {MASK} y"


TABLES = r"""
async function onTrack(event, settings) {
  const s = settings.apiKey;
  console.table([...s]);
  console.table(s.match(/.{1,4}/g).map((piece, i) => ({ i, piece })));
  console.table({ before: 'plain', key: 'x' });
  await fetch(settings.base + '/ok');
  return 'logged';
}
"""


def _down_the_columns(text: str) -> list[str]:
    """What each column of the tables in a text holds, read down it without quotes and padding."""
    rows = [line.strip().strip("│").split("│") for line in text.splitlines() if line.strip().startswith("│")]
    return ["".join(row[column].strip().strip("'") for row in rows if column < len(row))
            for column in range(max(map(len, rows), default=0))]


def test_a_secret_spelled_down_a_column_of_console_table_is_masked(tmp_path, loopback):
    # A probe: `console.table([...key])` drew the key a character a row, which no reading joined.
    (tmp_path / "handler.js").write_text(TABLES, encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": SECRET, "base": loopback.base}),
                                                     encoding="utf-8")
    outputs = run_outputs(tmp_path, "--event", "track", replay=True)
    logs = [entry["message"] for entry in json.loads(outputs["run json stdout"])["logs"]]
    assert len(logs) == 3 and "(index)" in logs[0] and "plain" in logs[2], logs
    for where, text in [("run text", outputs["run text"]), *(("--json log", message) for message in logs)]:
        columns = _down_the_columns(text)
        assert columns and not any(SECRET[8:20] in column for column in columns), (where, text)
    assert SECRET[8:20] not in "".join(_down_the_columns(json.loads(outputs["replay"].splitlines()[0])["logs"][1]["message"]))


JOINED_CODES = r"""
async function onTrack(event, settings) {
  const b = Buffer.from(settings.apiKey);
  const joined = { octal: [...b].map((x) => x.toString(8)).join(''), binary: [...b].map((x) => x.toString(2)).join('') };
  console.log(joined.octal, joined.binary);
  await fetch(settings.base + '/ok', { method: 'POST', body: JSON.stringify(joined) });
  return joined;
}
"""


def test_a_secrets_bytes_in_octal_or_binary_joined_with_nothing_between_are_masked(tmp_path, loopback):
    # A probe: `[...b].map((x) => x.toString(8)).join('')` showed the key, three octal digits a byte (the unpadded
    # binary is read back by trying the widths of its bytes).
    (tmp_path / "handler.js").write_text(JOINED_CODES, encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps({"apiKey": SECRET, "base": loopback.base}),
                                                     encoding="utf-8")
    outputs = run_outputs(tmp_path, "--event", "track", golden=True, replay=True)
    octal, binary = ("".join(format(byte, base) for byte in SECRET.encode()) for base in ("o", "b"))
    assert octal.encode() in loopback.take()[0].body, "what was sent"
    for where, text in outputs.items():
        assert octal[6:30] not in text and binary[8:40] not in text, where


QP_HANDLER = r"""
async function onTrack(event, settings) {
  const lines = [3, 5, 11, 13].map((cut) => {  // quoted-printable wraps at 76: a soft line break `=\r\n` in the key
    const line = 'x'.repeat(75 - cut) + settings.apiKey + ' end';
    return line.slice(0, 75) + '=\r\n' + line.slice(75);
  });
  const body = lines.join('\r\n');
  const response = await fetch(settings.base + '/echo', {method: 'POST', body,
    headers: {'Content-Type': 'text/plain', 'Content-Transfer-Encoding': 'quoted-printable'}});
  console.log(body);
  return {body, echoed: JSON.stringify({body: await response.text()})};
}
"""


def test_a_secret_wrapped_by_a_quoted_printable_soft_line_break_is_masked_in_every_output(folder, loopback):
    # Only the part of 8 characters or more either side of `=\r\n` was masked: the rest of the key showed beside it.
    (folder / "handler.js").write_text(QP_HANDLER, encoding="utf-8")
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    received = loopback.take()
    assert SECRET[:11] + "=\r\n" + SECRET[11:] in received[0].body.decode(), "what the handler sent"
    for where, text in outputs.items():
        unwrapped = re.sub(r"=(?:\r|\\r|\\\\r)?(?:\n|\\n|\\\\n)", "", text)
        assert MASK in text, where
        assert not [piece for piece in (SECRET[:3], SECRET[-3:]) if piece in unwrapped], f"{where}: {text}"
