"""FormSearch finds what one regex alternation of the forms (longest first) finds: the same spans, in text and bytes."""

from __future__ import annotations

import random
import re
import subprocess
import sys

from segtui.form_search import _CHUNK, _DFA_CHARS, _HEAD, FormSearch, spliced

ALPHABET = "abcAB+/=%é\n😀\ud83d\ude00\udfff"
"""Characters of one to four UTF-8 bytes, and lone surrogates (a secret's UTF-16 halves): the automaton runs on UTF-8."""


def alternation(forms: list[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(form) for form in sorted(set(forms), key=len, reverse=True)))


def test_the_spans_are_the_leftmost_longest_as_a_regex_alternation_finds_them():
    chance = random.Random(7)
    alphabet = ALPHABET
    for _ in range(300):
        forms = ["".join(chance.choice(alphabet) for _ in range(chance.randint(1, 6))) for _ in range(chance.randint(1, 40))]
        forms += [form + "ab" for form in forms[:3]] + [forms[0][:1]]  # forms that are prefixes of others
        text = "".join(chance.choice([*forms, "x", "yy", "é"]) for _ in range(30))
        expected = [match.span() for match in alternation(forms).finditer(text)]
        assert FormSearch(forms).spans(text) == expected, (forms, text)
        assert FormSearch(forms).replace(text, "•") == alternation(forms).sub("•", text)


def test_forms_too_many_for_a_dfa_are_found_alike_by_the_automaton_for_many():
    chance = random.Random(5)
    for _ in range(20):
        forms = ["".join(chance.choice(ALPHABET) for _ in range(chance.randint(1, 40))) for _ in range(900)]
        assert sum(map(len, forms)) > _DFA_CHARS
        text = "".join(chance.choice([*forms[:30], "x", "😀", "\ud83d"]) for _ in range(60))
        assert FormSearch(forms).spans(text) == [match.span() for match in alternation(forms).finditer(text)]


def test_each_group_of_a_shared_automaton_finds_what_an_automaton_of_its_own_finds():
    # A Masker's text, reading and byte forms share one automaton (three of a long secret's took three times the
    # memory); the others' words, overlapping or longer, must not change a group's spans.
    chance = random.Random(11)
    alphabet = ALPHABET
    for _ in range(200):
        groups = {kind: ["".join(chance.choice(alphabet) for _ in range(chance.randint(1, 6)))
                         for _ in range(chance.randint(0, 15))] for kind in (1, 2, 4)}
        groups[2] += [form + "ab" for form in groups[1][:2]]  # a longer word of another group at the same place
        every = [form for group in groups.values() for form in group]
        text = "".join(chance.choice([*every, "x", "yy"]) for _ in range(30))
        shared = FormSearch(groups=groups)
        for kind, forms in groups.items():
            assert shared.of(kind).spans(text) == ([match.span() for match in alternation(forms).finditer(text)]
                                                   if forms else []), (kind, groups, text)
        assert shared.spans(text) == ([match.span() for match in alternation(every).finditer(text)] if every else [])


def test_bytes_are_searched_as_latin_1_text():
    forms = [form.encode("utf-8") for form in ("sécret", "key-1234", "ключ")]
    data = b"a " + forms[0] + b" b " + forms[2] + b" c \xff" + forms[1]
    masked = spliced(data, FormSearch(form.decode("latin-1") for form in forms).spans(data.decode("latin-1")), b"**")
    assert masked == b"a ** b ** c \xff**"


def test_a_form_of_hundreds_of_kb_is_found_in_pieces_without_crashing_the_process():
    """A 700 KB secret's forms (pyahocorasick, used before, ended the process on words this long). Run apart, so that a crash
    fails this test rather than the whole run."""
    code = """if True:
        from segtui.form_search import FormSearch
        import random
        chance = random.Random(1)
        secret = "".join(chance.choice("abcdefghijklmnopqrstuvwxyz") for _ in range(700_000))
        search = FormSearch([secret, secret.upper(), "short-one"])
        masked = search.replace("a " + secret + " b " + secret[:5000] + " c short-one", "#")
        print(masked.replace("#", "M"))
        """
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-500:]
    masked = done.stdout.strip()
    # The whole secret is masked (in pieces), and so is a whole piece of it alone.
    whole, rest = masked.removeprefix("a ").split(" b ", 1)
    assert set(whole) == {"M"} and rest.startswith("M") and masked.endswith(" c M")


def test_long_forms_are_found_whole_where_their_heads_are_and_nowhere_else():
    # The automaton holds each form's first _HEAD bytes; a longer form is compared whole where its head is found.
    chance = random.Random(13)
    for _ in range(100):
        head = "".join(chance.choice(ALPHABET) for _ in range(chance.randint(_HEAD // 4, _HEAD + 4)))
        forms = [head + "".join(chance.choice(ALPHABET) for _ in range(chance.randint(0, 12))) for _ in range(4)]
        forms += [form[:-1] for form in forms[:2]] + ["".join(chance.choice(ALPHABET) for _ in range(3))]
        pieces = [*forms, head, head[:-1], forms[0][: len(head) + 1], "x", "é"]  # heads alone, forms cut short
        text = "".join(chance.choice(pieces) for _ in range(25))
        assert FormSearch(forms).spans(text) == [match.span() for match in alternation(forms).finditer(text)], (forms, text)


def test_a_long_form_across_a_chunk_boundary_is_found_whole():
    form = "k" * 10 + random.Random(2).randbytes(200).hex()
    for at in (_CHUNK - 5, _CHUNK - _HEAD, _CHUNK - 1):
        text = "é" + "x" * (at - 2) + form + "y" * 10  # é: two UTF-8 bytes, so bytes and characters differ
        assert FormSearch([form, "zzz" * 30]).spans(text) == [(at - 1, at - 1 + len(form))]


def test_the_automaton_of_many_long_forms_holds_their_heads_only():
    """Two RSA keys in a function's settings gave ~52,000 forms of 8 MB; an automaton of them all took ~250 MB and ~4 s
    to build at every run. Measured apart, as the process's peak."""
    code = """if True:
        import random, resource
        from segtui.form_search import FormSearch
        forms = [random.Random(n).randbytes(100).hex() for n in range(20_000)]  # 4 MB of forms
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        search = FormSearch(forms)
        print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)
        assert search.spans("a " + forms[7] + " b " + forms[7][:60]) == [(2, 202)]
        """
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-500:]
    assert int(done.stdout) < 100, f"building the search took {done.stdout.strip()} MB more"
