"""A secret of digits (a PIN, a number setting) written by the handler in another base: a PIN of 8 digits is 7 in hex
and 6 in base 36, shorter than the forms segtui read back from other text (8), and was shown."""

from __future__ import annotations

import json

from support.cli import segtui

from segtui.masking import MASK

HANDLER = """
async function onTrack(event, settings) {
  const forms = [];
  for (const pin of [settings.passcode, Number(settings.secretPin)]) {
    forms.push(pin.toString(16), pin.toString(16).toUpperCase(), '0x' + pin.toString(16), pin.toString(36),
               BigInt(pin).toString(16), pin.toString(8), pin.toString(2));
  }
  console.log(forms.join(' '));
  return forms;
}
"""
PINS = (73519246, 84620193)


def test_a_pin_written_in_hex_or_base_36_is_masked(tmp_path):
    (tmp_path / "handler.js").write_text(HANDLER, encoding="utf-8")
    settings = {"passcode": PINS[0], "secretPin": str(PINS[1])}
    (tmp_path / "segtui.settings.json").write_text(json.dumps(settings), encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", "--json", "--offline", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    spelled = [form for pin in PINS for form in (f"{pin:x}", f"{pin:X}", f"{pin:o}", f"{pin:b}")]
    assert not [form for form in spelled if form in done.stdout], done.stdout
    assert shown["return"] == [MASK, MASK, f"0x{MASK}", MASK, MASK, MASK, MASK] * 2
    assert shown["logs"][0]["message"] == " ".join(shown["return"])


LOCALES_HANDLER = """
async function onTrack(event, settings) {
  const pin = Number(settings.secretPin);
  const forms = ['fr-FR', 'sv-SE', 'de-CH', 'ar-EG', 'fa-IR', 'th-TH-u-nu-thai', 'bn-BD', 'mr-IN']
    .map((locale) => pin.toLocaleString(locale));
  forms.push([...settings.apiKey].join('\\u00a0'), [...settings.apiKey].join('\\u202f'));
  console.log(forms.join(' | '));
  return forms;
}
"""


def test_a_number_grouped_by_a_locale_or_in_a_scripts_own_digits_is_masked(tmp_path):
    # Grouped with a no-break or thin space, `’` or Arabic's separator, or written in Arabic, Persian, Thai, Bengali or
    # Devanagari digits: no reading took those out or read them as ASCII's digits.
    (tmp_path / "handler.js").write_text(LOCALES_HANDLER, encoding="utf-8")
    settings = {"secretPin": "4815162342108", "apiKey": "Zq8vK2mP9xL4wR7t"}
    (tmp_path / "segtui.settings.json").write_text(json.dumps(settings), encoding="utf-8")
    done = segtui("run", "handler.js", "--event", "track", "--json", "--offline", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["return"] == [MASK] * 10, done.stdout
    assert shown["logs"][0]["message"] == " | ".join([MASK] * 10)
    text = segtui("run", "handler.js", "--event", "track", "--offline", cwd=tmp_path)
    assert text.returncode == 0 and text.stdout.count(MASK) == 20, text.stdout
