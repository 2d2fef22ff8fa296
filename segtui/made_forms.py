"""What a handler's own code makes of a secret, which no encoder of the sandbox gives as a form (reversed, base32, a
part of it, …), and the characters an array's items spell: what a Masker looks for besides the sandbox's forms."""

from __future__ import annotations

import base64
import binascii
import codecs
import contextlib
import itertools
import math
import re
import string
from collections.abc import Sequence
from typing import Literal

from segtui.base64_secrets import base64_cores
from segtui.encoded_views import utf16_units
from segtui.key_like import credential_like

VIEWED = 8
"""The shortest form looked for in text read back from an encoding (segtui.encoded_views): a shorter one could turn
up by chance in what was never a secret's (decoded base64 of an ID, say)."""
_PIECE = 8
"""The shortest part of a secret masked on its own (of a secret of 16 characters or more cut in two, say)."""
_SHORTEST_CUT = 9
"""The shortest secret also masked in parts (its prefix cut off, or cut in two): one of 9 leaves two parts of 8."""
PLAIN_PIECE = 12
"""The shortest part masked that holds no digit and no capital: a shorter one is most often a key's fixed prefix
(`sk_live_`), which other text holds too."""
GRAM = 6
"""The shortest piece of a secret masked wherever it stands (`k.match(/.{1,8}/g)` logged a piece a line, a
12-character secret's halves, `apiKey=${k.slice(0, 8)}...`): shorter ones could be any word."""
GRAMS_UP_TO = 1024
"""The longest secret whose every piece is masked: a longer one (a key file) by its runs of 31 (_BLOCK)."""
_BLOCK = 16
"""A long secret's blocks: any run of 31 of its characters or more holds one of its blocks of this width that start at
a multiple of it, so a key logged in chunks (200 characters a line) is found by its blocks and masked whole
(`form_search.whole` widens each to as much of the secret as the text holds)."""
_CASED = 16
"""The shortest secret reversed then upper- or lower-cased whether or not it looks like a key (key_like)."""
_LONGEST_NUMBER = 256
"""The longest secret (in bytes) also written as the number of its bytes: a key file's number takes seconds to write
in base 10, and Python refuses to write one of over 4,300 digits."""


def made_forms(secret: str, hashed: list[str]) -> tuple[list[str], list[str]]:
    """What a handler's own code makes of a secret, with no encoder segtui's sandbox has, and what a text must hold to
    hold any of it: the secret reversed (also then upper- or lower-cased, of a key or one of _CASED characters), case
    swapped, in ROT13 or ROT47, its other Caesar shifts and Atbash (`shifted`), as every other character; its UTF-8 as
    base32, ascii85, uuencode, base64 in upper or lower case, reversed or in ROT13, hex of its base64, its hex reversed
    or each byte's two digits swapped (in either case, and those bytes as text), base64 of its base64 and base64url of
    its base64url (so a third, decoded once, shows it), the big-endian number of its bytes in bases 10, 36, 58, 8 and 2,
    and read as UTF-16 (Buffer's `ucs2`); UTF-32 as hex; its bytes' and char codes' numbers joined with nothing between
    (`[...buffer].join('')`, also in octal or binary: `b.toString(8)`, zero-padded to three digits in decimal or octal,
    or each char code in base 36); a passphrase's words joined otherwise (`rejoined`); its bytes swapped
    (`swapped_forms`), or read in pieces as numbers (`chunk_numbers`, base 36 or 10); one beyond ASCII in Punycode; its
    unsalted digests and their ends, `hashed` (segtui.digest_ends, also of a short secret); a secret of digits as the
    number it spells in bases 16, 8, 2 and 36; the base64 of the secret reversed, by the characters only its bytes make
    (base64_cores); and (of one 9 to 256 characters long) each part of at least _PIECE characters (PLAIN_PIECE without a
    digit or a capital) and a quarter of it, as a secret cut in two or three or with its prefix (`sk_live_`) cut off
    shows. Each part holds one of the anchors, pieces half as long as a part, spaced so that every part holds one. A
    secret of 64 characters or more also gives its blocks (_BLOCK), which are their own anchors, and one of 12 to
    GRAMS_UP_TO the hex of its pieces (`hex_pieces`); one shorter than VIEWED gives its forms only when it is a
    `short_password`."""
    data = secret.encode("utf-8", "surrogatepass")
    if len(secret) < VIEWED and not short_password(secret):
        return hashed, hashed
    base64_text = base64.b64encode(data).decode()
    # Reversed then cased only of a key (or a long secret): of a word, those are words (`Stressed`: `DESSERTS`).
    cased = (secret[::-1].upper(), secret[::-1].lower()) if len(secret) >= _CASED or credential_like(secret) else ()
    whole = [secret[::-1], *cased, secret.swapcase(),
             codecs.encode(secret, "rot13"), secret.translate(_ROT47),
             *(form for text in (base64_text, base64.urlsafe_b64encode(data).decode())
               for form in (text.rstrip("=").upper(), text.rstrip("=").lower())), base64_text.rstrip("=")[::-1],
             *(form for text in (base64.b32encode(data).decode(),) for form in (text, text.rstrip("="), text.lower(),
                                                                                 text.rstrip("=").lower())),
             base64.a85encode(data).decode(),
             base64_text.encode().hex(), base64.b64encode(base64_text.encode()).decode().rstrip("="),
             base64.urlsafe_b64encode(base64.urlsafe_b64encode(data).rstrip(b"=")).decode().rstrip("="),
             binascii.b2a_uu(data[:45])[1:-1].decode(),
             data[:len(data) // 2 * 2].decode("utf-16-le", "surrogatepass"),
             data[:len(data) // 2 * 2].decode("utf-16-be", "surrogatepass"),
             secret.encode("utf-32-be", "surrogatepass").hex(), secret.encode("utf-32-le", "surrogatepass").hex(),
             "".join(map(str, data)), "".join(str(ord(char)) for char in utf16_units(secret)),
             "".join(format(byte, "o") for byte in data), "".join(format(byte, "b") for byte in data),
             "".join(format(byte, "03d") for byte in data), "".join(format(byte, "03o") for byte in data),
             data.hex()[::-1], data.hex().upper()[::-1], *nibbles_swapped(data), codecs.encode(base64_text, "rot13"),
             "".join(_digits(ord(char), _BASE36) for char in utf16_units(secret))]
    if len(data) <= _LONGEST_NUMBER:
        number = int.from_bytes(data, "big")
        whole += [str(number), _digits(number, _BASE36), _digits(number, _BASE58), format(number, "o"),
                  format(number, "b")]
    whole += rejoined(secret) + swapped_forms(data) + chunk_numbers(data) + shifted(secret) + punycode(secret) + hashed
    # Every other character (`[...k].filter((_, i) => i % 2 == 0)`), both joined, and each half alone that is a form by
    # its own length (the filter below): odd-length secrets' halves differ by one, and both shown give the key.
    evens, odds = secret[::2], secret[1::2]
    whole += [evens + odds, odds + evens, evens, odds]
    # Reversed, then base64 (`btoa(reversed)`), also inside longer base64: by the characters only its bytes make.
    whole += sorted(base64_cores(secret[::-1].encode("utf-8", "surrogatepass")))
    whole = [form for form in dict.fromkeys(whole) if len(form) >= VIEWED or short_password(form)]
    if secret.isdigit() and len(secret) <= _LONGEST_NUMBER:  # the number it spells: `Number(secret).toString(16)`
        # As short as a part (GRAM): a PIN of 8 digits is 7 in hex and 6 in base 36, which no other text makes of it.
        value = int(secret)
        spelled = [format(value, "x"), format(value, "X"), format(value, "o"), format(value, "b"),
                   _digits(value, _BASE36)]
        whole += [form for form in dict.fromkeys(spelled) if len(form) >= GRAM and form not in whole]
    blocks = _blocks(secret) if len(secret) >= 4 * _BLOCK else []
    blocks += hex_pieces(secret)
    if not _SHORTEST_CUT <= len(secret) <= 256:
        return [*whole, *blocks], [*whole, *blocks]
    quarter = math.ceil(len(secret) / 4)
    width, plain = max(_PIECE, quarter), max(PLAIN_PIECE, quarter)
    anchor = math.ceil(width / 2)
    # Parts of `width` that hold a digit or a capital, and every part of `plain` (the same parts when a quarter of the
    # secret is that long already): each holds a part of `width`, so one of the anchors too.
    parts = [part for part in windows(secret, width) if plain == width or any(c.isdigit() or c.isupper() for c in part)]
    parts += windows(secret, plain) if plain != width else []
    anchors = [secret[start:start + anchor] for start in range(0, len(secret) - anchor + 1, width - anchor + 1)]
    return [*whole, *parts, *blocks], [*whole, *anchors, *blocks]


_ROT47 = {code: 33 + (code - 33 + 47) % 94 for code in range(33, 127)}
"""ROT13's sibling for every printable ASCII character but the space."""


_WORD_BREAKS = re.compile(r"[\s_.-]+")
"""What parts a passphrase's words: spaces, `_`, `.` and `-`."""


def swapped_forms(data: bytes) -> list[str]:
    """Buffer's `swap16()`, `swap32()` and `swap64()` of the bytes (of as many as make whole words; of up to
    _LONGEST_NUMBER), as Latin-1 text, hex in either case and base64: the readings of hex, base64 and numbers (a list
    of the bytes, spaced hex) read the text back, and padding follows base64 that is found."""
    if len(data) > _LONGEST_NUMBER:
        return []
    forms: list[str] = []
    for width in (2, 4, 8):
        whole = len(data) - len(data) % width
        swapped = b"".join(data[start:start + width][::-1] for start in range(0, whole, width))
        text = swapped.decode("latin-1")
        hexed = swapped.hex()
        encoded = base64.b64encode(swapped).decode().rstrip("=")
        number = str(int.from_bytes(swapped, "big"))  # `BigInt('0x' + swapped.toString('hex'))`
        if len(text) >= GRAM and text != data.decode("latin-1"):
            forms += [text, hexed, hexed.upper(), encoded, number]
    return forms


_CHUNK_WIDTHS = (2, 3, 4, 5, 6)
"""The widths of the pieces a handler reads a secret's bytes by as numbers (`buf.readUIntBE(at, 3)`, a Uint32Array's
words), up to the six bytes a Number holds exactly."""


def chunk_numbers(data: bytes) -> list[str]:
    """The bytes' whole pieces of each of _CHUNK_WIDTHS, each read as a number (big- or little-endian) and written in
    base 36 or 10 (32-bit words in base 8 or 2 too), joined with nothing between (`chunks.map((n) =>
    n.toString(36)).join('-')`, whose separators a reading leaves out), also in base 36 or 10 each zero-padded to as
    many digits as the piece's largest number has (`padStart(4, '0')` of 2 bytes in base 36), and base 36 in upper
    case; a shorter last piece is left out (a text holds the form whether it holds it or not); none of over
    _LONGEST_NUMBER."""
    if len(data) > _LONGEST_NUMBER:
        return []
    forms = []
    orders: tuple[Literal["big", "little"], ...] = ("big", "little")
    for width, order in itertools.product(_CHUNK_WIDTHS, orders):
        numbers = [int.from_bytes(data[at:at + width], order) for at in range(0, len(data) - width + 1, width)]
        if len(numbers) < 2:
            continue
        for base in _CHUNK_BASES if width == 4 else _CHUNK_BASES[:2]:
            written = [_written(number, base) for number in numbers]
            forms.append("".join(written))
            if widest := _WIDEST.get((width, base), 0):  # padded: of base 36 or 10 only
                forms.append("".join(digits.rjust(widest, "0") for digits in written))
            if base == "36":
                forms += [forms[-2].upper(), forms[-1].upper()]
    return forms


def _written(number: int, base: str) -> str:
    """A number in base 36 (`n.toString(36)`), or as format() writes it in base "d", "o" or "b"."""
    return _digits(number, _BASE36) if base == "36" else format(number, base)


def shifted(secret: str) -> list[str]:
    """The secret's Caesar shifts and Atbash (_SHIFTS), ciphers without a key that a handler's own code makes of it in
    a line; none of a secret of fewer than VIEWED letters, or of fewer than PLAIN_PIECE in one case, whose shifts are
    ordinary ids (`Ab123456` shifted is `Cd123456`, `hold1234` in Atbash `slow1234`), nor of over _LONGEST_NUMBER
    bytes (a key file's: each shift a copy of it to search)."""
    if len(secret.encode("utf-8", "surrogatepass")) > _LONGEST_NUMBER:
        return []
    letters = [char for char in secret if char in _ASCII_LETTERS]
    one_case = all(char.islower() for char in letters) or all(char.isupper() for char in letters)
    if len(letters) < VIEWED or (one_case and len(letters) < PLAIN_PIECE):
        return []
    return [secret.translate(table) for table in _SHIFTS]


def punycode(secret: str) -> list[str]:
    """A secret beyond ASCII in Punycode (RFC 3492), as it is and in lower case (`punycode.encode(secret)`, a URL's host
    without its `xn--`), also without its `-`s (as a reading that leaves out separators reads it spaced out); none of
    one in ASCII, whose Punycode is itself and a `-`, nor of one of more than _LONGEST_NUMBER bytes (Punycode takes time
    in the square of its length: 4 s for a key file's bytes read as Latin-1, `decoded_key`)."""
    if secret.isascii() or len(secret.encode("utf-8", "surrogatepass")) > _LONGEST_NUMBER:
        return []
    with contextlib.suppress(UnicodeError):
        forms = [form.encode("punycode").decode("ascii") for form in dict.fromkeys((secret, secret.lower()))]
        return [*forms, *(form.replace("-", "") for form in forms)]
    return []


def nibbles_swapped(data: bytes) -> tuple[str, str, str]:
    """The bytes with each byte's two hex digits swapped (`hex.replace(/(.)(.)/g, '$2$1')`): as hex in lower and upper
    case, and as Latin-1 text, which the readings of hex and base64 read such hex back to."""
    swapped = bytes((byte << 4 | byte >> 4) & 0xFF for byte in data)
    return swapped.hex(), swapped.hex().upper(), swapped.decode("latin-1")


def rejoined(secret: str) -> list[str]:
    """A passphrase's words joined otherwise, as a handler makes a name of them: with nothing, `-`, `_`, `.` or a space
    between, in lower or upper case, or capitalised (`CorrectHorseBatteryStaple`, `correctHorseBatteryStaple`)."""
    words = [word for word in _WORD_BREAKS.split(secret) if word]
    if len(words) < 2:
        return []
    capitalised = [word[:1].upper() + word[1:] for word in words]
    forms = [words[0] + "".join(capitalised[1:])]
    for between in ("", "-", "_", ".", " "):
        forms += [between.join(words), between.join(words).lower(), between.join(words).upper(),
                  between.join(capitalised)]
    return forms


def hex_pieces(secret: str) -> list[str]:
    """The hex of each piece of GRAM characters of a secret of 12 to GRAMS_UP_TO that is masked where it stands
    (`piece_like`), in either case: shorter than the hex run a reading decodes (16 digits), as a hex form cut in two
    leaves one (`hex.slice(52)`)."""
    if not 2 * GRAM <= len(secret) <= GRAMS_UP_TO:
        return []
    pieces = [piece.encode("utf-8", "surrogatepass").hex() for piece in dict.fromkeys(windows(secret, GRAM))
              if piece_like(piece)]
    return [form for piece in pieces for form in (piece, piece.upper())]


def own_hex(secrets: Sequence[str]) -> tuple[str, ...]:
    """The secrets, and the hex in either case of those masked by the hex of their pieces (`hex_pieces`): what a piece
    found is widened to as much of as the text holds (half a byte at either end too)."""
    hexed = [secret.encode("utf-8", "surrogatepass").hex() for secret in secrets if hex_pieces(secret)]
    return (*secrets, *hexed, *(form.upper() for form in hexed))


def short_password(text: str) -> bool:
    """Whether a secret (or a form) shorter than VIEWED is still looked for in readings and made into forms: 6
    characters or more with a letter and a digit or a symbol and no space (`p@ss!9`, `Zq8Wx2`), or each beyond Latin-1
    (a 12-character password's bytes read as UTF-16, `new Uint16Array(buffer)`'s numbers as char codes), which no
    reading makes by chance; not a word or a number (`Secret`, `482913`)."""
    if GRAM <= len(text) < VIEWED and all(char > "\xff" for char in text):
        return True
    return (GRAM <= len(text) < VIEWED and any(char.isalpha() for char in text)
            and any(char.isdigit() or not char.isalnum() for char in text) and not any(char.isspace() for char in text))


def grams(secret: str) -> list[str]:
    """The runs of GRAM characters of a secret of 12 to GRAMS_UP_TO characters, by which a Masker finds a piece of it
    (`Masker._piece_spans`)."""
    if not 2 * GRAM <= len(secret) <= GRAMS_UP_TO:
        return []
    return list(dict.fromkeys(windows(secret, GRAM)))


def piece_like(token: str) -> bool:
    """Whether a piece of a secret found in a text could be a piece of a key rather than a word of prose: 6 characters
    or more, with a letter and a digit or a capital (`dNnFRIBX`, not `battery`)."""
    return (len(token) >= GRAM and any(char.isalpha() for char in token)
            and any(char.isdigit() or char.isupper() for char in token))


def _blocks(secret: str) -> list[str]:
    """A long secret's blocks (_BLOCK) that are distinctive: those of one character repeated, or of lower-case words
    and spaces (a JSON key file's `"project_id": "`), are what other text holds too."""
    blocks = (secret[start:start + _BLOCK] for start in range(0, len(secret) - _BLOCK + 1, _BLOCK))
    return [block for block in dict.fromkeys(blocks)
            if len(set(block)) >= _BLOCK // 3 and any(c.isdigit() or c.isupper() for c in block)]


def windows(text: str, width: int) -> list[str]:
    """Every run of `width` characters of the text (none when it is shorter)."""
    return [text[start:start + width] for start in range(len(text) - width + 1)]


_BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz"
_BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
"""Bitcoin's alphabet, which base58 libraries use."""
_CHUNK_BASES = ("36", "d", "o", "b")
_ASCII_LETTERS = frozenset(string.ascii_letters)


def _digits(number: int, alphabet: str) -> str:
    """A number written in the base of the alphabet, as BigInt's toString and base58 libraries write it."""
    digits = ""
    while number:
        number, digit = divmod(number, len(alphabet))
        digits = alphabet[digit] + digits
    return digits or alphabet[0]


_WIDEST = {(width, base): len(_written(256**width - 1, base)) for width in _CHUNK_WIDTHS for base in _CHUNK_BASES[:2]}
"""The digits of a piece's largest number, of each width in base 36 or 10: what chunk_numbers pads each number to."""
_SHIFTS = [str.maketrans(string.ascii_letters, "".join(case[shift:] + case[:shift] if shift else case[::-1] for case in
                                                      (string.ascii_lowercase, string.ascii_uppercase)))
           for shift in (*range(1, 13), *range(14, 26), 0)]
"""shifted's tables: ASCII letters moved on by 1 to 25 but 13 (ROT13 is a form already), and Atbash's mirror (0)."""


def item_char(item: object) -> str:
    """The character an array's item spells: itself when it is one, a code point's or byte's; else one no form holds."""
    if type(item) is int and 0 <= item <= 0x10FFFF:
        return chr(item)
    if type(item) is str and len(item) == 1:
        return item
    return "\uffff"


def item_word(item: object, order: Literal["big", "little"]) -> str:
    """The four bytes of an array's item that is a 32-bit word, as Latin-1 characters; else four no form holds."""
    if type(item) is int and 0 <= item < 2**32:
        return item.to_bytes(4, order).decode("latin-1")
    return "\uffff" * 4


def other_byte_forms(secrets: Sequence[str]) -> set[bytes]:
    """The secrets' encodings that are no UTF-8: UTF-16 either way, and Latin-1 (one beyond ASCII)."""
    forms = {secret.encode(utf16, "surrogatepass") for secret in secrets for utf16 in ("utf-16-le", "utf-16-be")}
    return forms | {secret.encode("latin-1") for secret in secrets if max(map(ord, secret)) < 256}


def beyond_ascii(secrets: Sequence[str]) -> re.Pattern[bytes]:
    """The secrets beyond ASCII as UTF-8 or Latin-1 bytes, found among other bytes before their runs of ASCII text are
    read (Masker.bytes), which would cut such a secret at its first character beyond ASCII."""
    beyond = [secret for secret in secrets if not secret.isascii()]
    forms = {secret.encode("utf-8", "surrogatepass") for secret in beyond}
    forms |= {secret.encode("latin-1") for secret in beyond if max(map(ord, secret)) < 256}
    return re.compile(b"|".join(map(re.escape, sorted(forms, key=len, reverse=True))) or b"(?!)")
