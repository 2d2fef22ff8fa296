"""Secrets a handler disguises (found by a leak probe): escaped for a regular expression, as HTML's named references
(`&nbsp;`, `&dollar;`), as CSS escapes, reversed and then base64 (also glued to other base64 text), listed or spaced
out with backslashes or beyond the BMP (whose characters `split('')` halves), reversed and spaced out, cut into
8-character parts of a 9-character secret, every other character (each half, or both joined), in ROT47, its base64url in
upper case, and a secret of digits as the number it spells in other bases. None of it may reach what segtui prints or writes, unless --reveal-secrets; each
form is computed here, in Python, apart from segtui."""

from __future__ import annotations

import base64
import json
import re
import unicodedata

import pytest
from support.cli import run_outputs, segtui, write_function
from support.http_server import Reply

from segtui.masking import MASK, Masker

SECRETS = {
    "regexKey": "a.b+c*d?e(f)g[h]i^j$k|l\\m",
    "shortKey": "Xy7$pQ3&w",
    "astralKey": "пароль-Ключ-秘密鍵-🔑x9",
    "passphrase": "correct horse battery staple",
    "pinCode": "839201746651",
}
SCHEMA = {"settings": [*({"label": name, "type": "string", "sensitive": True} for name in SECRETS),
                       {"label": "base", "type": "string"}]}

HANDLER = r"""
async function onTrack(event, settings) {
  const forms = {};
  for (const name of NAMES) {
    const s = settings[name], reversed = [...s].reverse().join('');
    forms[name] = {
      regex: s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      html: s.replace(/&/g, '&amp;').replace(/ /g, '&nbsp;').replace(/\$/g, '&dollar;').replace(/\./g, '&period;'),
      css: [...s].map((c) => '\\' + c.codePointAt(0).toString(16) + ' ').join(''),
      cssLong: [...s].map((c) => '\\' + c.codePointAt(0).toString(16).padStart(6, '0')).join(''),
      reversedBase64: Buffer.from(reversed).toString('base64'),
      glued: 'n' + Buffer.from(reversed).toString('base64'),
      listed: JSON.stringify(s.split('')),
      spaced: s.split('').join(' '),
      reversedSpaced: reversed.split('').join(' '),
      head: s.length === 9 ? s.slice(0, 8) : '', tail: s.length === 9 ? s.slice(-8) : '',
      bases: /^\d+$/.test(s) ? [36, 2, 8].map((base) => Number(s).toString(base)).join(' ') : '',
      evens: [...s].filter((_, i) => i % 2 === 0).join(''), odds: [...s].filter((_, i) => i % 2 === 1).join(''),
      rot47: [...s].map((c) => { const x = c.codePointAt(0); return x > 32 && x < 127 ? String.fromCharCode(33 + (x + 14) % 94) : c; }).join(''),
      upperBase64: Buffer.from(s).toString('base64url').toUpperCase(),
    };
    forms[name].interleaved = forms[name].evens + forms[name].odds;
    for (const [kind, form] of Object.entries(forms[name])) console.log(`${name} ${kind}: ${form}`);
  }
  // Sent too, so that the records (HAR, cassette) hold every form, in the request and in its echo.
  const response = await fetch(settings.base + '/echo', { method: 'POST', headers: { 'X-Trace': forms.regexKey.regex },
                                                          body: JSON.stringify(forms) });
  await response.text();
  throw new Error(forms.regexKey.regex + ' ' + forms.shortKey.html + ' ' + forms.astralKey.listed);
}
""".replace("NAMES", json.dumps(list(SECRETS)))


def disguises(secret: str) -> dict[str, str]:
    """Each form the handler makes of the secret, as Python makes it."""
    units = secret.encode("utf-16-le", "surrogatepass")
    halves = [chr(int.from_bytes(units[at:at + 2], "little")) for at in range(0, len(units), 2)]
    reversed_secret = secret[::-1]
    reversed_halves = reversed_secret.encode("utf-16-le", "surrogatepass")
    forms = {
        "regex": re.sub(r"[.*+?^${}()|\[\]\\]", lambda found: "\\" + found.group(), secret),
        "html": secret.replace("&", "&amp;").replace(" ", "&nbsp;").replace("$", "&dollar;").replace(".", "&period;"),
        "css": "".join(f"\\{ord(char):x} " for char in secret).rstrip(),
        "cssLong": "".join(f"\\{ord(char):06x}" for char in secret),
        "reversedBase64": base64.b64encode(reversed_secret.encode()).decode().rstrip("="),
        # JSON.stringify escapes a lone half of a character beyond the BMP, and leaves other characters as they are.
        "listed": ",".join(f'"\\u{ord(half):04x}"' if 0xD800 <= ord(half) <= 0xDFFF else json.dumps(half, ensure_ascii=False)
                           for half in halves),
        "spaced": " ".join(halves),
        "reversedSpaced": " ".join(chr(int.from_bytes(reversed_halves[at:at + 2], "little"))
                                   for at in range(0, len(reversed_halves), 2)),
    }
    if len(secret) == 9:
        forms |= {"head": secret[:8], "tail": secret[-8:]}
    forms["interleaved"] = secret[::2] + secret[1::2]  # every other character, then the rest
    forms["rot47"] = "".join(chr(33 + (ord(char) + 14) % 94) if 32 < ord(char) < 127 else char for char in secret)
    forms["upperBase64"] = base64.urlsafe_b64encode(secret.encode()).decode().rstrip("=").upper()
    if len(secret) >= 16:  # each half alone, 8 characters or more
        forms |= {"evens": secret[::2], "odds": secret[1::2]}
    if secret.isdigit():
        forms |= {"base36": "apiv1vx7", "base2": format(int(secret), "b"), "base8": format(int(secret), "o")}
    return {kind: form for kind, form in forms.items() if form != secret}


def shown_forms(text: str) -> str:
    """Output text with JSON's escapes read back, so that a form is found however an output wrote it."""
    return re.sub(r"\\u([0-9a-fA-F]{4})|\\([\\\"/])", lambda found: chr(int(found.group(1), 16)) if found.group(1)
                  else found.group(2), text)


@pytest.fixture
def folder(tmp_path, loopback):
    loopback.routes["/echo"] = lambda received: Reply(body=received.body, headers=[("Content-Type", "application/json")])
    return write_function(tmp_path, HANDLER, SCHEMA, {**SECRETS, "base": loopback.base})


def test_the_handler_makes_each_disguise_as_python_does(folder):
    done = segtui("run", "handler.js", "--event", "track", "--json", "--reveal-secrets", cwd=folder)
    logs = dict(entry["message"].split(": ", 1) for entry in json.loads(done.stdout)["logs"])
    for name, secret in SECRETS.items():
        for kind, form in disguises(secret).items():
            shown = logs[f"{name} {'bases' if kind.startswith('base') else kind}"]
            assert form in shown, (name, kind, form, shown)


@pytest.mark.parametrize("name", list(SECRETS))
def test_no_disguise_of_a_secret_reaches_an_output(folder, name):
    outputs = run_outputs(folder, "--event", "track", code=1)
    found = {}
    for where, text in outputs.items():
        assert MASK in text, where
        readable = shown_forms(text)
        found |= {f"{where}: {kind}": form for kind, form in disguises(SECRETS[name]).items()
                  if form in text or form in readable}
    assert found == {}


ACCENTED = "pässwörd-Çlé-秘密-🔑x"
INVISIBLE_HANDLER = r"""
async function onTrack(event, settings) {
  const k = settings.secretCode;
  const wide = [...k].map((c) => c > ' ' && c < '\x7f' ? String.fromCodePoint(c.codePointAt(0) + 0xFEE0) : c).join('');
  const forms = [[...k].join('\u200b'), [...k].join('\u2060'), wide, [...k].join('\ufeff')];
  for (const form of forms) console.log('form', form);
  await fetch(settings.base + '/echo', { method: 'POST', body: JSON.stringify(forms) });
  return { forms };
}
"""


def test_a_secret_beyond_ascii_with_invisible_characters_between_or_in_fullwidth_is_masked(tmp_path, loopback):
    schema = {"settings": [{"label": "Secret Code", "type": "string", "sensitive": True}, {"label": "base", "type": "string"}]}
    folder = write_function(tmp_path, INVISIBLE_HANDLER, schema, {"secretCode": ACCENTED, "base": loopback.base})
    wide = "".join(chr(ord(char) + 0xFEE0) if " " < char < "\x7f" else char for char in ACCENTED)
    forms = ["\u200b".join(ACCENTED), "\u2060".join(ACCENTED), wide, "\ufeff".join(ACCENTED)]
    forms += [json.dumps(form)[1:-1] for form in forms]  # as JSON escapes them, where it does
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    assert wide.encode() in loopback.take()[0].body, "the handler sent the forms"
    for where, output in outputs.items():
        assert not [form for form in forms if form in output], where
        # Nor any 8 characters of it, read as a user does: invisible characters left out, fullwidth letters plain.
        shown = unicodedata.normalize("NFKC", re.sub("[\u200b\u2060\ufeff]", "", output))
        assert not [ACCENTED[at:at + 8] for at in range(len(ACCENTED) - 7) if ACCENTED[at:at + 8] in shown], where
        assert MASK in output, where


FILLERS = "#!$%&<=>?@^~"
FILLED_SECRETS = {"apiKey": "9f86d081884c7d659a2feaa0c55ad015", "secretCode": "pässwörd-秘密-🔑x"}
FILLED_HANDLER = r"""
async function onTrack(event, settings) {
  const forms = [];
  for (const k of [settings.apiKey, settings.secretCode]) for (const filler of FILLERS) forms.push([...k].join(filler));
  for (const form of forms) console.log('form', form);
  await fetch(settings.base + '/echo', { method: 'POST', body: JSON.stringify(forms) });
  return { forms };
}
""".replace("FILLERS", json.dumps(FILLERS))


def test_a_secret_with_any_symbol_of_ascii_between_its_characters_is_masked(tmp_path, loopback):
    schema = {"settings": [{"label": "Api Key", "type": "string", "sensitive": True},
                           {"label": "Secret Code", "type": "string", "sensitive": True}, {"label": "base", "type": "string"}]}
    folder = write_function(tmp_path, FILLED_HANDLER, schema, {**FILLED_SECRETS, "base": loopback.base})
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    sent = json.loads(loopback.take()[0].body)
    assert sent == [filler.join(secret) for secret in FILLED_SECRETS.values() for filler in FILLERS], "what was sent"
    for where, output in outputs.items():
        # No 8 characters of a secret with the filler between them (a fragment shorter than that is no leak).
        for secret in FILLED_SECRETS.values():
            for filler in FILLERS:
                pieces = {filler.join(secret[at:at + 8]) for at in range(len(secret) - 7)}
                pieces |= {json.dumps(piece, ensure_ascii=False)[1:-1] for piece in pieces}
                assert not [piece for piece in pieces if piece in output], (where, filler)
        assert MASK in output, where



@pytest.mark.parametrize("filler", [symbol * count for symbol in FILLERS.replace("=", "") for count in (4, 5)])
def test_a_secret_with_any_number_of_one_symbol_between_its_characters_is_masked(filler):
    key = FILLED_SECRETS["apiKey"]
    assert Masker([key]).text(f"key: {filler.join(key)}.") == f"key: {MASK}."


STYLED_KEY = "Zq8vK2mP9xL4wR7t"
STYLED_HANDLER = r"""
async function onTrack(event, settings) {
  const k = settings.apiKey, map = (fn) => [...k].map(fn).join('');
  const forms = [
    map((c) => String.fromCodePoint(0xE0000 + c.codePointAt(0))),  // tag characters: nothing shows (ASCII smuggling)
    map((c) => (/[A-Za-z]/.test(c) ? String.fromCodePoint(0x1F1E6 + c.toUpperCase().charCodeAt(0) - 65) : c)),
    map((c) => (/[0-9]/.test(c) ? c + '\ufe0f\u20e3' : c)),  // keycaps
    '\u{1F600}' + [...Buffer.from(k)].map((x) => String.fromCodePoint(x < 16 ? 0xFE00 + x : 0xE0100 + x - 16)).join(''),
  ];
  for (const form of forms) console.log('form', form);
  await fetch(settings.base + '/echo', { method: 'POST', body: JSON.stringify(forms) });
  return { forms };
}
"""


def test_a_key_in_tag_characters_variation_selectors_regional_indicators_or_keycaps_is_masked(tmp_path, loopback):
    # A probe: the folded reading left tag characters out (so a key hidden in them showed, invisible but whole to
    # any reader), read no variation selector as the byte it hides after an emoji, kept a keycap's combining mark and
    # read no regional indicator as its letter.
    schema = {"settings": [{"label": "Api Key", "type": "string", "sensitive": True}, {"label": "base", "type": "string"}]}
    folder = write_function(tmp_path, STYLED_HANDLER, schema, {"apiKey": STYLED_KEY, "base": loopback.base})
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    assert len(json.loads(loopback.take()[0].body)) == 4, "the handler sent the forms"

    def read(text: str) -> str:
        text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda found: chr(int(found.group(1), 16)), text)
        text = text.encode("utf-16", "surrogatepass").decode("utf-16")  # JSON's escaped halves joined
        text = "".join(chr(ord(char) - 0xE0000) if 0xE0020 <= ord(char) < 0xE007F
                       else chr(ord(char) - 0xE0100 + 16) if 0xE0100 <= ord(char) < 0xE01F0
                       else chr(ord(char) - 0x1F1E6 + 65) if 0x1F1E6 <= ord(char) <= 0x1F1FF else char for char in text)
        return text.replace("\ufe0f\u20e3", "").upper()

    for where, output in outputs.items():
        assert MASK in output, where
        assert STYLED_KEY.upper() not in read(output), where
