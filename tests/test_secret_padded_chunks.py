"""A secret's bytes read in pieces as numbers, each zero-padded to as many digits as the piece's largest number has
(`n.toString(36).padStart(4, '0')` of 2 bytes, `padStart(8, '0')` of 3 in decimal), or in base 36 in upper case, joined
with nothing or spaced out; and quoted-printable's escapes spaced or listed (`=5a =71`, `=5A,=71`). None of it may reach
what segtui prints or writes, unless --reveal-secrets; each form is computed here, in Python, apart from segtui."""

from __future__ import annotations

import json

import pytest
from support.cli import run_outputs, segtui, write_function
from support.js_numbers import to_string

from segtui.masking import MASK

SECRET = "Zq8vN3pLm2Xk7Rt4Yw9s"
HANDLER = r"""
async function onTrack(event, settings) {
  const b = Buffer.from(settings.apiKey), forms = {};
  for (const width of [2, 3, 4, 5, 6]) {
    for (const base of [36, 10]) {
      const widest = (2 ** (8 * width) - 1).toString(base).length, chunks = [];
      for (let at = 0; at + width <= b.length; at += width) chunks.push(b.readUIntBE(at, width).toString(base));
      const padded = chunks.map((n) => n.padStart(widest, '0'));
      for (const [between, name] of [['', 'joined'], ['-', 'dashed'], [' ', 'spaced']]) {
        forms[`padded${base}x${width}${name}`] = padded.join(between);
        if (base === 36) {
          forms[`upper${base}x${width}${name}`] = chunks.join(between).toUpperCase();
          forms[`paddedUpper${base}x${width}${name}`] = padded.join(between).toUpperCase();
        }
      }
    }
  }
  const qp = [...b].map((x) => '=' + x.toString(16).padStart(2, '0'));
  forms.qpSpaced = qp.join(' ');
  forms.qpListed = qp.join(',');
  forms.qpCommaSpaced = qp.join(', ');
  forms.qpUpperSpaced = qp.join(' ').toUpperCase();
  forms.qpUpperListed = qp.join(',').toUpperCase();
  for (const [kind, form] of Object.entries(forms)) console.log(`${kind}: ${form}`);
  return forms;
}
"""
SCHEMA = {"settings": [{"label": "Api Key", "type": "string", "sensitive": True}]}


def forms_of(secret: str) -> dict[str, str]:
    """Each form the handler makes of the secret, as Python makes it."""
    data, forms = secret.encode(), {}
    for width in (2, 3, 4, 5, 6):
        for base in (36, 10):
            widest = len(to_string(256**width - 1, base))
            chunks = [to_string(int.from_bytes(data[at:at + width], "big"), base) for at in range(0, len(data) - width + 1, width)]
            padded = [chunk.rjust(widest, "0") for chunk in chunks]
            for between, name in (("", "joined"), ("-", "dashed"), (" ", "spaced")):
                forms[f"padded{base}x{width}{name}"] = between.join(padded)
                if base == 36:
                    forms[f"upper{base}x{width}{name}"] = between.join(chunks).upper()
                    forms[f"paddedUpper{base}x{width}{name}"] = between.join(padded).upper()
    qp = [f"={byte:02x}" for byte in data]
    forms |= {"qpSpaced": " ".join(qp), "qpListed": ",".join(qp), "qpCommaSpaced": ", ".join(qp),
              "qpUpperSpaced": " ".join(qp).upper(), "qpUpperListed": ",".join(qp).upper()}
    return forms


@pytest.fixture
def folder(tmp_path):
    return write_function(tmp_path, HANDLER, SCHEMA, {"apiKey": SECRET})


def test_the_handler_makes_each_form_as_python_does(folder):
    done = segtui("run", "handler.js", "--event", "track", "--json", "--reveal-secrets", cwd=folder)
    assert json.loads(done.stdout)["return"] == forms_of(SECRET)


def test_no_padded_or_upper_case_chunk_number_nor_spaced_quoted_printable_reaches_an_output(folder):
    outputs = run_outputs(folder, "--event", "track", golden=True, replay=True)
    for where, text in outputs.items():
        assert MASK in text or "HAR" in where or "cassette" in where, where
        assert {kind: form for kind, form in forms_of(SECRET).items() if form in text} == {}, where
