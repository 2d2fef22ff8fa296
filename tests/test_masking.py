"""Masking: a secret is masked in every form JavaScript can give it, the forms computed by the sandbox's own encoders."""

from __future__ import annotations

import base64

import pytest
from support.eval_sandbox import eval_engine, made_by_js

from segtui.engine.engine import Engine
from segtui.invocation import Invocation, LogEntry
from segtui.masking import MASK, NO_MASK, Masker
from segtui.protocol import NetworkOptions, SandboxConfig
from segtui.records import RequestRecord
from segtui.shown_results import masked_invocation

HARD = "a b~c*d!e'f(g)h\"i\\j+k/l=m&n%o#p?é😀"
SECRETS = ["sk_live_42", "Sup3r/Secret+&=tok", "clé", HARD, "x"]


@pytest.fixture(scope="module")
def sandbox(tmp_path_factory):
    """An engine whose secrets are SECRETS, with a handler that evaluates an expression over `settings`."""
    with eval_engine(tmp_path_factory.mktemp("masking"), SECRETS) as engine:
        yield engine


def produced(sandbox, expression: str, secret: str = HARD) -> str:
    """What the handler's JavaScript makes of `secret` (as settings.k) with `expression`."""
    return made_by_js(sandbox, expression, secret)


ENCODINGS = [
    "settings.k",
    "encodeURIComponent(settings.k)",
    "encodeURI(settings.k)",
    "escape(settings.k)",
    "new URLSearchParams({client_secret: settings.k}).toString()",
    "new URL('https://api.example.com/v1?key=' + settings.k).href",
    "new URL('https://api.example.com/' + settings.k).href",
    "new URL('https://api.example.com/#' + settings.k).href",
    "JSON.stringify({k: settings.k})",
    "JSON.stringify({body: JSON.stringify({k: settings.k})})",
    "Buffer.from(settings.k).toString('base64')",
    "Buffer.from(settings.k).toString('base64url')",
    "Buffer.from('user:' + settings.k).toString('base64')",
    "Buffer.from(settings.k).toString('hex')",
    "encodeURIComponent(encodeURIComponent(settings.k))",
    "'Basic ' + Buffer.from('client-id:' + settings.k).toString('base64')",
]


@pytest.mark.parametrize("expression", ENCODINGS)
@pytest.mark.parametrize("secret", [HARD, "Sup3r/Secret+&=tok"], ids=["hard", "plain"])
def test_every_encoding_javascript_gives_a_secret_is_masked(sandbox, expression, secret):
    text = produced(sandbox, expression, secret)
    masked = sandbox.masker().text(f"sent: {text}")
    assert MASK in masked
    for leak in (secret, secret[:10], secret[-10:]):
        assert leak not in masked


def test_btoa_of_latin1_and_basic_auth_forms(sandbox):
    for expression in ("btoa(settings.k)", "btoa(settings.k + ':')"):
        text = produced(sandbox, expression, "clé")
        assert sandbox.masker().text(text).count(MASK) == 1, expression


def test_short_secrets_are_masked_only_as_whole_words(sandbox):
    assert sandbox.masker().text("examples key=x") == f"examples key={MASK}"


def test_bytes_are_masked_before_base64_so_the_body_still_decodes(sandbox):
    masker = sandbox.masker()
    body = b"\xff\x00key=" + b"sk_live_42" + b"&u=" + "clé".encode("latin-1") + b"\xfe"
    record = {"method": "POST", "url": "https://x/", "headers": [], "body": base64.b64encode(body).decode(),
              "body_encoding": "base64", "response": None}
    masked = masker.record(RequestRecord.from_json(record))
    decoded = base64.b64decode(masked.body)
    assert b"sk_live_42" not in decoded and "clé".encode("latin-1") not in decoded
    assert decoded == b"\xff\x00key=" + MASK.encode() + b"&u=" + MASK.encode() + b"\xfe"


def test_object_keys_are_masked_too(sandbox):
    masker = sandbox.masker()
    assert masker.data({"sk_live_42": True, "nested": [{"pre-sk_live_42": "sk_live_42"}]}) == {
        MASK: True, "nested": [{f"pre-{MASK}": MASK}]}


def test_credential_headers_are_masked_whatever_they_hold(sandbox):
    headers = sandbox.masker().headers([["Authorization", "Bearer tok-from-an-earlier-response"],
                                        ["X-Api-Key", "anything"], ["Content-Type", "application/json"]])
    assert headers == [["Authorization", f"Bearer {MASK}"], ["X-Api-Key", MASK], ["Content-Type", "application/json"]]


@pytest.mark.parametrize("name", ["X-Custom-Auth", "X-Auth-Key", "Private-Token", "X-API-TOKEN", "Ocp-Apim-Subscription-Key",
                                  "DD-APPLICATION-KEY", "X-Access-Key", "X-Credentials"])
def test_headers_named_for_a_credential_are_masked_whole(sandbox, name):
    # A new user's trial: a token under a plain setting name went out in `X-Custom-Auth`, shown in clear.
    assert sandbox.masker().headers([[name, "A7fK29xQpL3mZ8rT"]]) == [[name, MASK]]


@pytest.mark.parametrize("name", ["Idempotency-Key", "X-Author", "X-Request-Id", "Cache-Key", "X-Segment-Source"])
def test_headers_named_otherwise_are_shown(sandbox, name):
    assert sandbox.masker().headers([[name, "A7fK29xQpL3mZ8rT"]]) == [[name, "A7fK29xQpL3mZ8rT"]]


def test_deep_data_is_masked_without_recursion(sandbox):
    value: object = "sk_live_42"
    for _ in range(5000):
        value = {"o": [value]}
    masked = sandbox.masker().data(value)
    for _ in range(5000):
        masked = masked["o"][0]
    assert masked == MASK


def test_a_masker_without_secrets_changes_nothing():
    data = {"k": "v", "list": [1, "x"]}
    assert NO_MASK.data(data) == data and NO_MASK.text("abc") == "abc" and not Masker([""])
    invocation = Invocation("h.js", "track", "onTrack", "success", data)
    assert masked_invocation(NO_MASK, invocation) == invocation.to_json()


def test_a_batchs_items_are_masked_like_an_invocation_and_their_requests_once(sandbox):
    """A batch's items: return values, logs and requests (credential headers, URLs, bodies) all masked."""
    record = RequestRecord(body="token=sk_live_42", body_encoding="utf-8", method="POST",
                           url="https://api.example.com/?key=sk_live_42", headers=[["Authorization", "Bearer sk_live_42"]])
    item = Invocation("h.js", "track", "onTrack", "success", {"sk_live_42": "sk_live_42"}, requests=[record])
    batch = Invocation("h.js", "batch", "onBatch", "success", None, items=[item, item])
    masked = masked_invocation(sandbox.masker(), batch)
    assert "sk_live_42" not in repr(masked)
    [shown, _] = masked["items"]
    assert shown["return"] == {MASK: MASK}
    assert shown["requests"][0]["headers"] == [["Authorization", f"Bearer {MASK}"]]
    assert shown["requests"][0]["url"] == f"https://api.example.com/?key={MASK}" and shown["requests"][0]["body"] == f"token={MASK}"


def test_short_texts_masked_from_memory_stay_masked_as_many_come_and_go():
    masker = Masker(["hunter2!"])
    texts = [f"k{n} hunter2!" if n % 3 == 0 else f"k{n}" for n in range(10_000)]
    for _ in range(2):  # the second pass finds some in memory, the rest come again after it was emptied
        assert [masker.text(text) for text in texts] == [
            f"k{n} {MASK}" if n % 3 == 0 else f"k{n}" for n in range(10_000)]
    long_text = "x" * 100 + "hunter2!"
    assert masker.text(long_text) == "x" * 100 + MASK


@pytest.mark.parametrize("others", [0, 40], ids=["few forms", "many forms"])
def test_long_texts_are_masked_alike_whether_searched_first_or_not(others):
    """A text over the remembered length is searched for each form first when there are few; with many, the
    pattern alone runs. Either way the same forms, and only they, are masked."""
    masker = Masker(["tok-9", *(f"unused-secret-{n:03}" for n in range(others))],
                    ["tok-9", "dG9rLTk=", "dG9rLTk6"])
    pad = "q" * 70
    assert masker.text(pad) == pad  # no form at all: unchanged
    assert masker.text(pad + " tok-9") == f"{pad} {MASK}"
    assert masker.text(pad + "xtok-9") == pad + "xtok-9"  # a short form inside a word stays
    assert masker.text("Basic dG9rLTk6" + pad) == f"Basic {MASK}{pad}"
    assert masker.text(pad + "dG9rLTk=dG9rLTk=") == pad + MASK * 2
    if others:
        assert masker.text(pad + "unused-secret-039") == pad + MASK


def test_header_pairs_masked_from_memory_stay_masked_as_many_come_and_go():
    masker = Masker(["hunter2!"])
    pairs = [[f"X-Header-{n}", "hunter2!" if n % 3 == 0 else f"v{n}"] for n in range(10_000)]
    pairs += [["Authorization", f"Bearer t{n}"] for n in range(100)] + [["X-Long", "y" * 80 + "hunter2!"]]
    expected = [[name, MASK if value == "hunter2!" else value] for name, value in pairs[:10_000]]
    expected += [["Authorization", f"Bearer {MASK}"]] * 100 + [["X-Long", "y" * 80 + MASK]]
    for _ in range(2):  # the second pass finds some in memory, the rest come again after it was emptied
        assert masker.headers(pairs) == expected


def test_many_forms_are_masked_as_few_are_in_text_bytes_and_as_words():
    # Past 32 forms the long ones are found by an automaton (segtui.form_search), the short ones by the word pattern.
    secrets = [f"secret-{number:03d}-value" for number in range(40)] + ["ab1"]
    masker = Masker(secrets)
    text = "x secret-007-value y " + "z" * 80 + " secret-039-value ab1 cab1"
    assert masker.text(text) == f"x {MASK} y {'z' * 80} {MASK} {MASK} cab1"
    assert masker.text("secret-001-value") == MASK
    assert masker.bytes(b"\xff secret-012-value \x00") == b"\xff " + MASK.encode() + b" \x00"


def test_a_secret_a_host_cannot_hold_whole_gives_no_host_form(tmp_path):
    # new URL("http://" + secret).hostname of "oyc/…" (a base64 line) is "oyc": a word masked everywhere.
    engine = Engine(SandboxConfig(network=NetworkOptions(secrets=["oyc/Zq7Xw9Rt2Lm4", "Host.Secret-77"])))
    engine.start()
    try:
        handler = tmp_path / "handler.js"
        handler.write_text("async function onTrack() { return 1; }", encoding="utf-8")
        assert engine.load(handler).ok
        engine.invoke({"type": "track"}, {})
        masker = engine.masker()
    finally:
        engine.close()
    assert masker.text("the oyc word, then oyc/Zq7Xw9Rt2Lm4") == f"the oyc word, then {MASK}"
    assert masker.text("https://host.secret-77/") == f"https://{MASK}/", "a host's lower case is still masked"


@pytest.mark.parametrize("secret", ["outcome", "return", "handler_name", "logs"])
def test_a_secret_that_is_a_key_of_the_documented_json_leaves_the_key_and_masks_it_in_values(secret):
    """The keys of `run --json`'s object are segtui's schema, never a handler's data: a secret that happens to be one is
    masked where the handler put it, and the key keeps its name."""
    invocation = Invocation("h.js", "track", "onTrack", "success", return_value={secret: f"{secret} value"},
                            logs=[LogEntry("log", f"said {secret}", "2026-01-01T00:00:00.000Z", 1)])
    shown = masked_invocation(Masker([secret]), invocation)
    assert list(shown) == list(invocation.to_json())
    assert shown["return"] == {MASK: f"{MASK} value"} and shown["logs"][0]["message"] == f"said {MASK}"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_secret_s_utf16_in_a_utf8_body_is_masked_whole_with_its_text_reading(encoding):
    """The body's text reading of a secret's UTF-16 and the UTF-16 bytes are found on the body as it is and masked at
    once: the text's masked first, the byte form was no longer found, and a byte of it was left beside the mask."""
    body = b"a " + "Lm4Pt7Hy6Bn3Vc".encode(encoding) + b" b"
    assert Masker(["Lm4Pt7Hy6Bn3Vc"]).bytes(body) == b"a " + MASK.encode() + b" b"
