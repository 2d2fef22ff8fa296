"""Forms a leak probe got past masking: a secret's code points as Unicode names them (`U+0053 U+006B …`, also Perl's and
Python's `\\N{U+0053}`), quoted-printable in lower case (`=5a=71…`, which decoders take), its bytes or 32-bit words in hex
each after a `0x` joined with nothing between (`0x5a0x71…`), its bytes read in pieces of 2 to
6 as numbers (`readUIntBE(at, 3)`, a Uint32Array's words) written in base 36, 10, 8 or 2 (`n.toString(36)`), Caesar
shifts other than ROT13 and Atbash; and settings whose declaration names them a secret only by the label (`Client
Secret` over `cs`), a pre-shared key (`wifiPsk`), a wallet's seed phrase. None of it may reach what segtui prints or
writes, unless --reveal-secrets; each form is computed here, in Python, apart from segtui."""

from __future__ import annotations

import json
import string

import pytest
from support.cli import run_outputs, segtui, write_function
from support.http_server import Reply
from support.js_numbers import to_string

from segtui.encoded_views import views
from segtui.made_forms import made_forms
from segtui.masking import MASK, Masker

SECRET = "Zq8vN3pLm2Xk7Rt4Yw9s"
HANDLER = r"""
async function onTrack(event, settings) {
  const k = settings.apiKey, b = Buffer.from(k), forms = {};
  const codes = [...k].map((c) => c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0'));
  forms.codePoints = codes.map((code) => 'U+' + code).join(' ');
  forms.codePointsJoined = codes.map((code) => 'U+' + code).join('');
  forms.codePointsShort = [...k].map((c) => 'u+' + c.codePointAt(0).toString(16)).join(', ');
  forms.namedEscapes = codes.map((code) => '\\N{U+' + code + '}').join('');
  forms.quotedPrintableLower = [...b].map((x) => '=' + x.toString(16).padStart(2, '0')).join('');
  forms.hexPrefixed = [...b].map((x) => '0x' + x.toString(16)).join('');
  for (const width of [2, 3, 4, 5, 6]) {
    const chunks = [];
    for (let at = 0; at + width <= b.length; at += width) chunks.push(b.readUIntBE(at, width));
    forms[`base36x${width}`] = chunks.map((n) => n.toString(36)).join('-');
  }
  forms.decimalx3 = forms.base36x3.split('-').map((n) => parseInt(n, 36)).join(' ');
  forms.words36 = Array.from(new Uint32Array(b.buffer, b.byteOffset, b.length >> 2)).map((n) => n.toString(36)).join(' ');
  forms.octalx4 = forms.base36x4.split('-').map((n) => parseInt(n, 36).toString(8)).join(',');
  forms.binaryx4 = forms.base36x4.split('-').map((n) => parseInt(n, 36).toString(2)).join(' ');
  forms.hexWords = forms.base36x4.split('-').map((n) => '0x' + parseInt(n, 36).toString(16)).join(' ');
  const shift = (s, by) => s.replace(/[a-z]/gi, (c) => {
    const base = c <= 'Z' ? 65 : 97;
    return String.fromCharCode(base + (c.charCodeAt(0) - base + by) % 26);
  });
  for (const by of [1, 3, 7, 25]) forms[`caesar${by}`] = shift(k, by);
  forms.atbash = k.replace(/[a-z]/gi, (c) => String.fromCharCode((c <= 'Z' ? 155 : 219) - c.charCodeAt(0)));
  for (const [kind, form] of Object.entries(forms)) console.log(`${kind}: ${form}`);
  const response = await fetch(settings.base + '/echo', { method: 'POST', headers: { 'X-Trace': forms.codePoints },
                                                          body: JSON.stringify(forms) });
  await response.text();
  return forms;
}
"""
SCHEMA = {"settings": [{"label": "Api Key", "type": "string", "sensitive": True}, {"label": "base", "type": "string"}]}


def forms_of(secret: str) -> dict[str, str]:
    """Each form the handler makes of the secret, as Python makes it."""
    data = secret.encode()
    codes = [f"{ord(char):04X}" for char in secret]
    forms = {"codePoints": " ".join(f"U+{code}" for code in codes), "codePointsJoined": "".join(f"U+{code}" for code in codes),
             "codePointsShort": ", ".join(f"u+{ord(char):x}" for char in secret),
             "namedEscapes": "".join(f"\\N{{U+{code}}}" for code in codes),
             "quotedPrintableLower": "".join(f"={byte:02x}" for byte in data),
             "hexPrefixed": "".join(f"0x{byte:x}" for byte in data)}
    chunks = {width: [int.from_bytes(data[at:at + width], "big") for at in range(0, len(data) - width + 1, width)]
              for width in (2, 3, 4, 5, 6)}
    forms |= {f"base36x{width}": "-".join(to_string(number, 36) for number in numbers) for width, numbers in chunks.items()}
    forms["decimalx3"] = " ".join(map(str, chunks[3]))
    forms["words36"] = " ".join(to_string(int.from_bytes(data[at:at + 4], "little"), 36) for at in range(0, len(data) - 3, 4))
    forms["octalx4"] = ",".join(to_string(number, 8) for number in chunks[4])
    forms["binaryx4"] = " ".join(to_string(number, 2) for number in chunks[4])
    forms["hexWords"] = " ".join(f"0x{number:x}" for number in chunks[4])
    lower, upper = string.ascii_lowercase, string.ascii_uppercase
    for by in (1, 3, 7, 25):
        forms[f"caesar{by}"] = secret.translate(str.maketrans(lower + upper, lower[by:] + lower[:by] + upper[by:] + upper[:by]))
    forms["atbash"] = secret.translate(str.maketrans(lower + upper, lower[::-1] + upper[::-1]))
    return forms


@pytest.fixture
def folder(tmp_path, loopback):
    loopback.routes["/echo"] = lambda received: Reply(body=received.body, headers=[("Content-Type", "application/json")])
    return write_function(tmp_path, HANDLER, SCHEMA, {"apiKey": SECRET, "base": loopback.base})


def test_the_handler_makes_each_form_as_python_does(folder):
    done = segtui("run", "handler.js", "--event", "track", "--json", "--reveal-secrets", cwd=folder)
    assert json.loads(done.stdout)["return"] == forms_of(SECRET)


def test_no_code_point_chunk_number_or_shift_of_a_secret_reaches_an_output(folder):
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    for where, text in outputs.items():
        assert MASK in text, where
        readable = text.replace("\\\\", "\\")  # JSON's escaped backslash (`\N{…}`) read back
        assert {kind: form for kind, form in forms_of(SECRET).items() if form in text or form in readable} == {}, where
        # Nor a piece of one that gives away 6 of the secret's characters (the first four code points, say).
        assert not [form[:40] for form in forms_of(SECRET).values() if form[:40] in readable and len(form) > 40], where


LABELLED_HANDLER = r"""
async function onTrack(event, settings) {
  console.log('using', settings.cs, settings.wifi, settings.seedPhrase, settings.region, settings.searchPhrase);
  await fetch(settings.base + '/echo', { method: 'POST', body: JSON.stringify(settings) });
  return { cs: settings.cs, wifi: settings.wifi, seed: settings.seedPhrase, region: settings.region, search: settings.searchPhrase };
}
"""
LABELLED = {"cs": "Hb7Kq2Wn9Xr4Tz6Pm3Lc", "wifi": "Ty6Gh2Jk9Lp4Qw7Er3Zx",
            "seedPhrase": "legal winner thank year wave sausage worth useful legal winner thank yellow"}
PLAIN = {"region": "eu-west-1", "searchPhrase": "winter boots"}


def test_a_setting_named_a_secret_only_by_its_label_a_psk_or_a_seed_phrase_is_masked(tmp_path, loopback):
    loopback.routes["/echo"] = lambda received: Reply(body=received.body, headers=[("Content-Type", "application/json")])
    # Declared silent on `sensitive`: judged by the name, and now by the label too.
    schema = {"settings": [{"label": "Client Secret", "name": "cs", "type": "string"},
                           {"label": "Recovery words", "name": "seedPhrase", "type": "string"},
                           {"label": "Wi-Fi PSK", "name": "wifi", "type": "string"},
                           {"label": "Region", "name": "region", "type": "string"},
                           {"label": "Search Phrase", "name": "searchPhrase", "type": "string"},
                           {"label": "base", "type": "string"}]}
    folder = write_function(tmp_path, LABELLED_HANDLER, schema, {**LABELLED, **PLAIN, "base": loopback.base})
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    for where, text in outputs.items():
        assert [secret for secret in LABELLED.values() if secret in text] == [], where
        assert MASK in text, where
    shown = json.loads(outputs["run json stdout"])["return"]
    assert shown == {"cs": MASK, "wifi": MASK, "seed": MASK, "region": "eu-west-1", "search": "winter boots"}


ORDINARY = [
    "U+00E9 is é and U+1F600 is 😀; see U+0041..U+005A for the capitals",
    "price=12&qty=ab=cd=ef&sku=45790-32",
    "chunk ids: 3j1h4 4m6gj 4dqp9 1ypuz, order 50314b8e9bcf000000000000",
    "Sending Order Completed for user_0042 to https://api.example.com/v1/track?id=7",
    "Ifmmp Xpsme, Hello World, Svool Dliow",
    "=20=3d=0a soft breaks in a mail body",
    "flags 0x1f 0x20 0xff at 0x7ffee4b3c8a0, colour 0xFF00AA0x00FF00",
]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_texts_that_look_like_these_forms_are_not_masked(text):
    assert Masker([SECRET, "Hb7Kq2Wn9Xr4Tz6Pm3Lc"]).text(text) == text


ACCENTED = "pässwörd-Çlé9Blau"
PUNYCODE_HANDLER = r"""
async function onTrack(event, settings) {
  const host = new URL('http://' + settings.apiKey + '.example').hostname;  // xn--…: its Punycode after the prefix
  const bare = host.slice('xn--'.length, -'.example'.length);
  console.log('punycode', bare);
  return { bare, spaced: [...bare].join(' ') };
}
"""


def test_a_secret_beyond_ascii_in_punycode_without_its_prefix_is_masked(tmp_path):
    folder = write_function(tmp_path, PUNYCODE_HANDLER, SCHEMA, {"apiKey": ACCENTED})
    bare = ACCENTED.lower().encode("punycode").decode()
    revealed = segtui("run", "handler.js", "--event", "track", "--json", "--reveal-secrets", cwd=folder)
    assert json.loads(revealed.stdout)["return"]["bare"] == bare
    outputs = run_outputs(folder, "--event", "track", golden=True)
    for where, text in outputs.items():
        assert bare not in text and " ".join(bare) not in text, where
    assert MASK in outputs["run text"] and MASK in outputs["golden"]


LOOK_ALIKES_HANDLER = r"""
async function onTrack(event, settings) {
  return { orders: ['Cd123456', 'Zy123456', 'z1234567', 'B1C2D3E4', 'slow1234', '2024efgh', 'jklmnopq', 'Bc123456'] };
}
"""
FEW_LETTERS = {"apiKey": "Ab123456", "pin": "a1234567", "code": "A1B2C3D4", "word": "hold1234", "year": "2024abcd",
               "plain": "abcdefgh"}


def test_ids_that_a_shift_of_a_secret_with_few_letters_spells_are_not_masked(tmp_path):
    # A review: shifts of a secret of few letters are ordinary ids (`Ab123456` shifted by 2 is `Cd123456`).
    schema = {"settings": [{"label": name, "name": name, "type": "string", "sensitive": True} for name in FEW_LETTERS]}
    folder = write_function(tmp_path, LOOK_ALIKES_HANDLER, schema, FEW_LETTERS)
    done = segtui("run", "handler.js", "--event", "track", "--json", cwd=folder)
    assert json.loads(done.stdout)["return"]["orders"] == ["Cd123456", "Zy123456", "z1234567", "B1C2D3E4", "slow1234",
                                                           "2024efgh", "jklmnopq", "Bc123456"]


def test_a_key_files_forms_hold_no_shift_chunk_numbers_or_punycode_of_it():
    # A review: a 65,536-character secret's 25 shifts and its chunk numbers, each a copy as long as it to search for,
    # made its Masker take seven times as long to build; as swapped_forms, none beyond _LONGEST_NUMBER bytes (256).
    key = "".join(string.ascii_letters[index * 7 % 52] + str(index % 10) for index in range(200))  # 400 bytes
    whole = made_forms(key, [])[0]
    lower, upper = string.ascii_lowercase, string.ascii_uppercase
    caesar = key.translate(str.maketrans(lower + upper, lower[1:] + lower[:1] + upper[1:] + upper[:1]))
    data = key.encode()
    chunks36 = "".join(to_string(int.from_bytes(data[at:at + 3], "big"), 36) for at in range(0, len(data) - 2, 3))
    assert caesar not in whole and chunks36 not in whole
    accented = "é".join(key[:200])  # Punycode takes time in the square of the length
    assert accented.encode("punycode").decode() not in made_forms(accented, [])[0]
    short = key[:128]  # one of 256 bytes or fewer has them
    data = short.encode()
    assert "".join(to_string(int.from_bytes(data[at:at + 3], "big"), 36) for at in range(0, len(data) - 2, 3)) in made_forms(short, [])[0]


@pytest.mark.parametrize("case", [str.upper, str.lower])
def test_quoted_printable_in_either_case_is_read_once_and_masked(case):
    text = "x" + case("".join(f"={byte:02x}" for byte in b"sk_live_abc")) + " y"
    readings = [reading.text for reading in views(text)]
    assert readings.count("xsk_live_abc y") == 1 and len(readings) == len(set(readings))
    assert Masker(["sk_live_abc"]).text(text) == f"x{MASK} y"
