"""A secret's bytes read as 16-bit words, swapped (`swap16()`, `swap32()`, `swap64()`), hex with each byte's digits
swapped, and six of them as one number (signed, of 13 digits from a zero hex digit, in a script's own digits): forms
leak probes found shown, each masked in every output, and ordinary numbers, times and ids beside them kept."""

from __future__ import annotations

import base64
import json

import pytest
from support.cli import run_outputs, segtui
from support.http_server import Reply

from segtui.encoded_views import views
from segtui.masking import MASK, Masker

SHORT, KEY, BEYOND = "Zq8vK2", "Zp0vK2mP9xL4wR7tYb3NcV6hQ0s8", "€pässwörd9x"
SCHEMA = {"settings": [{"label": name, "type": "string", "sensitive": True} for name in ("Short", "Api Key", "Beyond")]
          + [{"label": "Base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  const forms = {};
  for (const name of ['short', 'apiKey', 'beyond']) {
    const b = Buffer.from(settings[name]), hex = b.toString('hex'), n = b.length;
    const whole = (width) => Buffer.from(b.subarray(0, n - n % width));
    const little = Array.from(new Uint16Array(new Uint8Array(whole(2)).buffer));
    const big = []; for (let at = 0; at + 2 <= n; at += 2) big.push(b.readUInt16BE(at));
    const int16 = Array.from(new Int16Array(new Uint8Array(whole(2)).buffer));
    const negative = [b.readIntBE(0, 6), b.readIntLE(0, 6)].filter((v) => v < 0);
    const zeros = []; for (let at = 1; at + 12 <= hex.length; at += 2) if (hex[at] === '0') zeros.push(parseInt(hex.slice(at, at + 12), 16));
    const made = {
      little: little.join(','), big: big.join(' '), littleHex: little.map((w) => w.toString(16)).join(' '),
      halves: [hex.slice(0, 12), hex.slice(12, 24)].join(' '),
      swap16: whole(2).swap16().toString('hex'), swap16b64: whole(2).swap16().toString('base64'),
      swap16list: Array.from(whole(2).swap16()).join(','), swap32: n >= 8 ? whole(4).swap32().toString('base64') : '',
      swap64: whole(8).swap64().toString('hex'), swap64list: Array.from(whole(8).swap64()).join(' '),
      nibbles: hex.replace(/(.)(.)/g, '$2$1'), nibblesUpper: hex.toUpperCase().replace(/(.)(.)/g, '$2$1'),
      signedBE: String(b.readIntBE(0, 6)), signedLE: String(b.readIntLE(0, 6)), zeros: zeros.join(' '),
      arabic: b.readUIntBE(0, 6).toLocaleString('ar-EG'), devanagari: b.readUIntBE(Math.min(1, n - 6), 6).toLocaleString('hi-IN-u-nu-deva'),
      fullwidth: String(b.readUIntBE(Math.min(2, n - 6), 6)).replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d))),
      listedSix: JSON.stringify([b.readUIntBE(0, 6), b.readUIntLE(0, 6)]), listedSigned: JSON.stringify([b.readIntBE(0, 6), b.readIntLE(0, 6)]),
      grouped: [b.readUIntBE(0, 6), b.readUIntLE(0, 6)].map((v) => v.toLocaleString('en-US')).join('; '),
      minusSv: negative.map((v) => v.toLocaleString('sv-SE')).join(' '), minusFi: negative.map((v) => v.toLocaleString('fi-FI')).join(' '),
      minusSign: negative.map((v) => String(v).replace('-', '\u2212')).join(' '),
      semicolons: big.join('; '), tabs: little.join('\t'), slashes: big.join(' / '), dashes: little.join('-'),
      int16: int16.join(','), hexTokens: big.map((w) => '0x' + w.toString(16)).join(' '), strings: JSON.stringify(little.map(String)),
      swap16number: BigInt('0x' + whole(2).swap16().toString('hex')).toString(),
      nibblesBase64: n >= 12 ? Buffer.from(hex.replace(/(.)(.)/g, '$2$1'), 'hex').toString('base64') : '',
    };
    for (const [form, text] of Object.entries(made)) if (text) forms[name + '.' + form] = text;
    forms[name + '.words'] = little;
    Object.assign(forms, { [name + '.int16Items']: int16, [name + '.wordStrings']: little.map(String),
                           [name + '.wordObject']: { ...new Uint16Array(new Uint8Array(whole(2)).buffer) } });
  }
  for (const [form, text] of Object.entries(forms)) console.log(form + ': ' + text);
  const response = await fetch(settings.base + '/echo', { method: 'POST', body: JSON.stringify(forms) });
  return { forms, echoed: await response.text(), at: event.properties.at, ean: event.properties.ean };
}
"""


def _groups(number: int, digits: str, separator: str, lakhs: bool = False) -> str:
    """A number grouped as a locale writes it, in a script's own digits."""
    text = str(number)
    if lakhs:
        head, tail = text[:-3], text[-3:]
        pairs = [head[max(0, end - 2):end] for end in range(len(head), 0, -2)][::-1]
        grouped = ",".join([*pairs, tail])
    else:
        grouped = f"{number:,}"
    return grouped.translate(str.maketrans("0123456789,", digits + separator))


GAPS = {"16-bit words": ("little", "big", "littleHex", "halves", "words"),
        "swapped bytes": ("swap16", "swap16b64", "swap16list", "swap32", "swap64", "swap64list"),
        "swapped hex digits": ("nibbles", "nibblesUpper"), "signed six bytes": ("signedBE", "signedLE"),
        "13 digits from a zero hex digit": ("zeros",), "other digits": ("arabic", "devanagari", "fullwidth"),
        "six bytes listed": ("listedSix", "listedSigned", "grouped"), "U+2212 minus": ("minusSv", "minusFi", "minusSign"),
        "16-bit words listed otherwise": ("semicolons", "tabs", "slashes", "dashes", "int16", "hexTokens", "strings",
                                          "int16Items", "wordStrings", "wordObject"),
        "swapped bytes more": ("swap16number", "nibblesBase64")}
"""The handler's forms of each gap a probe found."""


def _leaks(secret: str) -> dict[str, list[str]]:
    """What the handler makes of a secret, written in Python, by gap."""
    data = secret.encode()
    even, hexed = data[:len(data) // 2 * 2], data.hex()
    little = [int.from_bytes(even[at:at + 2], "little") for at in range(0, len(even), 2)]
    big = [int.from_bytes(even[at:at + 2], "big") for at in range(0, len(even), 2)]
    swap16 = b"".join(even[at:at + 2][::-1] for at in range(0, len(even), 2))
    nibbles = "".join(hexed[at + 1] + hexed[at] for at in range(0, len(hexed), 2))
    six = [int.from_bytes(data[min(at, len(data) - 6):][:6], "big") for at in range(3)]
    signed = [int.from_bytes(data[:6], order, signed=True) for order in ("big", "little")]
    int16 = [word - 65536 if word >= 32768 else word for word in little]
    nibbled = bytes((byte << 4 | byte >> 4) & 0xFF for byte in data)
    return {"16-bit words": [",".join(map(str, little)), " ".join(map(str, big)), " ".join(format(word, "x") for word in little)],
            "swapped bytes": [swap16.hex(), swap16.hex(" "), ",".join(map(str, swap16))],
            "swapped hex digits": [nibbles, nibbles.upper()],
            "signed six bytes": [str(int.from_bytes(data[:6], order, signed=True)) for order in ("big", "little")],
            "13 digits from a zero hex digit": [str(int(hexed[at:at + 12], 16)) for at in range(1, len(hexed) - 11, 2)
                                                if hexed[at] == "0"],
            "other digits": [_groups(six[0], "٠١٢٣٤٥٦٧٨٩", "٬"), _groups(six[1], "०१२३४५६७८९", ",", lakhs=True),
                             str(six[2]).translate(str.maketrans("0123456789", "０１２３４５６７８９"))],
            "six bytes listed": [json.dumps([six[0], int.from_bytes(data[:6], "little")], separators=(",", ":")),
                                 json.dumps(signed, separators=(",", ":")),
                                 f"{six[0]:,}; {int.from_bytes(data[:6], 'little'):,}"],
            "U+2212 minus": [form for value in signed if value < 0
                             for form in (f"{value:,}".replace(",", "\u00a0").replace("-", "\u2212"), str(value).replace("-", "\u2212"))],
            "16-bit words listed otherwise": ["; ".join(map(str, big)), "\t".join(map(str, little)), " / ".join(map(str, big)),
                                              "-".join(map(str, little)), ",".join(map(str, int16)),
                                              " ".join(f"0x{word:x}" for word in big), json.dumps(list(map(str, little)))],
            "swapped bytes more": [str(int.from_bytes(swap16, "big")),
                                   *([base64.b64encode(nibbled).decode()] if len(data) >= 12 else [])]}


@pytest.fixture
def folder(tmp_path, loopback):
    loopback.routes["/echo"] = lambda received: Reply(body=received.body, headers=[("Content-Type", "application/json")])
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps(SCHEMA), encoding="utf-8")
    settings = {"short": SHORT, "apiKey": KEY, "beyond": BEYOND, "base": loopback.base}
    (tmp_path / "segtui.settings.json").write_text(json.dumps(settings), encoding="utf-8")
    event = {"type": "track", "event": "E", "properties": {"at": 1733579000123, "ean": 4006381333931}}
    (tmp_path / "event.json").write_text(json.dumps(event), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("gap", GAPS)
def test_a_secrets_words_swapped_bytes_and_six_byte_numbers_are_masked_in_every_output(folder, loopback, gap):
    # Each showed: a 6-character password's three 16-bit words, swap16/32/64 as hex, base64 or bytes, hex with each
    # byte's digits swapped, readIntBE/readIntLE come out negative, 12 hex digits from a zero digit (13 decimal
    # digits), and six bytes' number in Arabic-Indic, Devanagari or fullwidth digits.
    outputs = run_outputs(folder, "--event", "event.json")
    sent = loopback.take()[0].body.decode()
    leaks = [leak for secret in (SHORT, KEY, BEYOND) for leak in _leaks(secret)[gap]]
    assert leaks and all(leak in sent or json.dumps(leak)[1:-1] in sent for leak in leaks if " " not in leak), "sent"
    for where, text in outputs.items():
        shown = [leak for leak in leaks if leak in text or json.dumps(leak)[1:-1] in text]
        assert not shown, (where, shown)
    result = json.loads(outputs["run json stdout"])["return"]
    forms = {name: form for name, form in result.pop("forms").items() if name.partition(".")[2] in GAPS[gap]}
    shown = {name: list(form.values()) if isinstance(form, dict) else form for name, form in forms.items()}
    assert forms and {name: form for name, form in shown.items() if str(form).replace(MASK, "").strip(" ,'[]-;/\t\"\u2212")} == {}
    assert MASK in result.pop("echoed")
    assert result == {"at": 1733579000123, "ean": 4006381333931}


ORDINARY = [
    "at 1733579000123 and 1733579000 ean 4006381333931 5901234123457 order 2199999999999",
    "ports 8080, 8443, 9090, 10250 years 2024 2025 2026 sizes 1024 2048 4096 8192 16384 32768",
    "delta -17335790001230 balance -123456789012345 id 50314b8e9bcf000000000000 trace c0ffee0123456789",
    "المجموع ١٬٧٣٣٬٥٧٩٬٠٠٠٬١٢٣ و ٩٩٬٤٣٧٬٨٩٥٬٨٩٥٬٨٥٠ ", "कुल ९,९४,३७,८९,५८,९५,८५० ", "合計 ９９４３７８９５８９５８５０",
    "hex 5a1707a32b4e2b6f 4b0a7c3d9e1f 0a1b2c3d4e5f6a7b", "message ajs-000000000000001a sizes [1024, 2048, 4096]",
    "[1733579000123,4006381333931,5901234123457] \u221217335790001230 1,234,567,890,123,456 99,437,895,895,850",
    "ports 8080; 8443\t9090 / 10250-16384 deltas -1200,-3400,-5600 flags 0x2a2b 0x3c3d 0x4e4f [\"8080\",\"9090\",\"10250\"]",
]


@pytest.mark.parametrize("secret", [SHORT, KEY, BEYOND])
def test_numbers_times_and_ids_that_are_no_bytes_of_a_secret_are_kept(secret):
    masker = Masker([secret])
    for text in ORDINARY:
        assert masker.text(text) == text
    data = {"ports": [8080, 8443, 9090, 10250, 16384, 32768], "at": 1733579000123, "ean": 4006381333931, "delta": -17335790001230}
    assert masker.data(data) == data


def test_ordinary_numbers_returned_beside_a_secret_show(folder):
    (folder / "handler.js").write_text("async function onTrack(event) {\n"
                                       "  console.log(event.properties.words.join(','), event.properties.at);\n"
                                       "  return event.properties;\n}\n", encoding="utf-8")
    properties = {"words": [8224, 12336, 25957, 29298, 8080], "at": 1733579000123, "ean": 4006381333931,
                  "negative": -98765432109876, "arabic": "٩٩٬٤٣٧٬٨٩٥٬٨٩٥٬٨٥٠"}
    (folder / "event.json").write_text(json.dumps({"type": "track", "event": "E", "properties": properties}))
    done = segtui("run", "handler.js", "--event", "event.json", "--offline", "--json", cwd=folder)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["return"] == properties
    assert shown["logs"][0]["message"] == "8224,12336,25957,29298,8080 1733579000123"


def test_times_zero_padded_ids_and_lists_of_sizes_are_read_as_no_words():
    # Each text masked reads its numbers as words only where they could be bytes of text: a time in milliseconds, an
    # id's zeros after a `-` (read as a negative number, every event of the masking benchmark was) and a list of
    # sizes are none, so no event that holds them pays for the readings.
    event = json.dumps({"messageId": "ajs-000000000000001a", "sentAt": 1733579000123, "timestamp": 1733579000,
                        "sizes": [1024, 2048, 4096], "years": [2024, 2025, 2026], "total": 27.5})
    assert [reading.text for reading in views(event) if reading.words] == []
