"""Secrets a handler hides with Unicode or spreads over a text (a review of the secret-masking work): every other
character of a secret of odd length, tag characters or variation selectors spread through other text, any separator,
mark or format character Unicode has between a secret's characters, Chinese numerals, and quoted-printable's soft line
break with spaces before it. Each form is made by the sandbox's JavaScript; prose without a secret stays as it is."""

from __future__ import annotations

import pytest
from support.eval_sandbox import eval_engine, made_by_js

from segtui.masking import MASK

ODD = "Zq8vK2mP9xL4wR7"
KEY = "Zq8vK2mP9xL4wR7t"
PIN = "4815162342108"
SECRETS = [ODD, KEY, PIN]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """An engine whose secrets are SECRETS, with a handler that evaluates an expression over `settings`."""
    with eval_engine(tmp_path_factory.mktemp("unicode"), SECRETS) as engine:
        yield engine


def produced(sandbox, expression: str, secret: str = KEY) -> str:
    """What the handler's JavaScript makes of `secret` (as settings.k) with `expression`."""
    return made_by_js(sandbox, expression, secret)


def test_each_half_of_every_other_character_of_a_secret_of_odd_length_is_masked(sandbox):
    # A review: a half alone was masked only when the shorter (odd) one had 8 characters, so a 15-character key's
    # 8-character evens and 7-character odds both showed, and interleaved gave the key.
    text = produced(sandbox, "const c = [...settings.k]; 'evens=' + c.filter((_, i) => i % 2 === 0).join('') + "
                             "' odds=' + c.filter((_, i) => i % 2 === 1).join('')", ODD)
    assert text == f"evens={ODD[::2]} odds={ODD[1::2]}"
    assert sandbox.masker().text(text) == f"evens={MASK} odds={MASK}"


HIDDEN = {
    "a tag character after each letter of other text":
        "[...settings.k].map((c, i) => 'Nothing to see here!'[i] + String.fromCodePoint(0xE0000 + c.charCodeAt(0))).join('')",
    "tag characters joined by spaces": "[...settings.k].map((c) => String.fromCodePoint(0xE0000 + c.charCodeAt(0))).join(' ')",
    "a variation selector after each emoji":
        "[...Buffer.from(settings.k)].map((x) => '\\u{1F600}' + String.fromCodePoint(0xE0100 + x - 16)).join('')",
}


@pytest.mark.parametrize("expression", list(HIDDEN.values()), ids=list(HIDDEN))
def test_a_secret_hidden_in_tag_characters_or_variation_selectors_spread_through_text_is_masked(sandbox, expression):
    # A review: tag characters and variation selectors were read only where they ran on, one after another.
    text = produced(sandbox, expression)
    hidden = "".join(chr(ord(char) - 0xE0000) if 0xE0020 <= ord(char) < 0xE007F else chr(ord(char) - 0xE0100 + 16)
                     for char in text if 0xE0020 <= ord(char) < 0xE007F or 0xE0100 <= ord(char) < 0xE01F0)
    assert hidden.replace(" ", "") == KEY, "the handler hid the key"
    masked = sandbox.masker().text(f"log: {text} end")
    assert MASK in masked and masked.startswith("log: ") and masked.endswith(" end")
    assert not [char for char in masked if 0xE0020 <= ord(char) < 0xE007F or 0xE0100 <= ord(char) < 0xE01F0]


BETWEEN = ["\u2002", "\u3000", "\uff0c", "\u2013", "\u2028", "\u2029", "\u2066", "\u202a", "\u061c", "\u180b", "\u00b7",
           "\u2e31", "\u05be"]
MARKS = ["\u1dc4", "\u0489", "\u0301", "\u20dd", "\u0e31", "\u093c", "\ufe20", "\u2066", "\u200b"]


@pytest.mark.parametrize("separator", BETWEEN)
def test_a_secret_with_any_unicode_separator_or_format_character_between_its_characters_is_masked(sandbox, separator):
    # A review: the separators beyond ASCII were a list picked by hand, which missed en and ideographic spaces,
    # the fullwidth comma, the en dash, the line separator and the direction isolates and marks.
    text = produced(sandbox, f"[...settings.k].join({separator!r})")
    assert text == separator.join(KEY)
    assert sandbox.masker().text(f"key: {text} end") == f"key: {MASK} end"


@pytest.mark.parametrize("mark", MARKS)
def test_a_secret_with_a_mark_on_each_of_its_characters_is_masked(sandbox, mark):
    # A review: only the combining marks NFKD splits off (U+0300-036F, U+20D0-20FF) were left out of the folded reading.
    text = produced(sandbox, f"[...settings.k].map((c) => c + {mark!r}).join('')")
    masked = sandbox.masker().text(f"key: {text} end")
    assert masked.startswith(f"key: {MASK}") and masked.endswith(" end") and len(masked) <= len(f"key: {MASK}{mark} end")


def test_a_number_in_chinese_numerals_is_masked(sandbox):
    # A review: `toLocaleString('zh-u-nu-hanidec')` writes digits as 〇一二三四五六七八九, which no reading read as digits.
    text = produced(sandbox, "Number(settings.k).toLocaleString('zh-u-nu-hanidec')", PIN)
    assert text == "四,八一五,一六二,三四二,一〇八"
    masker = sandbox.masker()
    assert masker.text(f"价格 {text} 元") == f"价格 {MASK} 元"
    assert masker.text(f"价格 {text.replace(',', '')} 元") == f"价格 {MASK} 元"


@pytest.mark.parametrize("padding", [" ", "\t", "  \t"])
def test_a_quoted_printable_soft_line_break_with_spaces_before_it_is_read_as_nothing(sandbox, padding):
    # A review: RFC 2045's decoders strip spaces and tabs before a soft line break's line break; `=` then spaces then
    # the break was read as no soft break, and the key's pieces either side showed.
    text = produced(sandbox, f"'body: ' + settings.k.slice(0, 3) + '={padding}\\r\\n' + settings.k.slice(3) + ' end'")
    assert sandbox.masker().text(text) == f"body: {MASK} end"


PROSE = [
    "Le prix : 1 234 567,89 € — payé le 06.12.2026 à 14 h 30 ; merci !",
    "Preis:\u202f1\u202f234\u202f567,89\u00a0€ – „Zahlung erhalten“ (Rechnung Nr.\u2009482).",
    "السعر ١٢٣٬٤٥٦٫٧٨ جنيه مصري، بتاريخ ٢٠٢٦/١٢/٠٦؛ شكراً لكم!",
    "मूल्य ४८१५ रुपये। भुगतान प्राप्त हुआ॥ धन्यवाद।",
    "ราคา ๔๘๑๕ บาท ชำระแล้ว ขอบคุณครับ",
    "价格：四千八百一十五元，日期：二〇二六年十二月六日。谢谢！一二三四五六七八九〇",
    "注文番号：１２３４５、お届け日：１２月６日（土）。ありがとうございました。",
    "Цена: 4\u00a0815\u00a0₽ — «оплачено»; спасибо!",
    "מחיר: 4,815 ש״ח – שולם ב־06.12.2026.",
    "👍🏽 👨\u200d👩\u200d👧\u200d👦 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f 🇪🇬 1️⃣ 葛\U000e0100城",
    "Z q 8 v and K 2 m P words\u3000spaced\u3000out，with，commas – and dashes\u2028line two",
]


def test_prose_in_many_scripts_with_no_secret_in_it_is_left_as_it_is(sandbox):
    masker = sandbox.masker()
    for text in PROSE:
        assert masker.text(text) == text
    whole = "\n".join(PROSE) * 200  # a long text too, which a Masker searches otherwise
    assert masker.text(whole) == whole
