"""A mask covers a secret's own spelling and nothing around it: a reading of the text (segtui.encoded_views) that takes
a secret's neighbours for part of it (quoted-printable's `=36`, its soft line break `=` + line feed, base64 decoded from a
character before the secret) once masked them too, so a log of many secrets showed `token••••••` or lines run together."""

import json

from support.cli import segtui

from segtui.invocation import LogEntry
from segtui.log_masking import masked_messages
from segtui.masking import MASK, Masker
from segtui.ui.views import log_lines

TRICKY = {
    "hexKey": "36A55A2692FEECBF5405954647E42FCCDDF8F46C",  # `=36` reads as quoted-printable's '6'
    "escapedKey": "\\nf7p6~ebsA|w",  # `=\n` (a backslash, an n) reads as a soft line break
    "paddedKey": "CIo7cL5XqtofM0o=",  # its `=` and the line break after it: a soft line break
    "urlSafeKey": "GUbAy8mCAeou-6N1ZpXmrMJp",  # base64 read from the character before it
    "unpaddedKey": "rT6ZOZWmS0XPjf3ACmU",  # its padded form read on into the next line's `=`
    "dashKey": "lVR9TTr0Q2EtJXdQl62dptM7ZU1G8V1-",  # `-` as `+`, read on into the next line's `+`
    "plusKey": "+ppB3krvAxB9PA7wxt+1ZA==",
}
SECRETS = {**TRICKY, **{f"token{index}": f"Xk9mQ2vL8pZt{index:04d}RwY7nB3" for index in range(200)}}


def test_each_mask_covers_its_secret_and_none_of_the_text_around_it():
    masker = Masker(list(TRICKY.values()))
    for prefix, separator in (("token=", "\n"), ("=", "\r\n"), ("x", "\n"), ("%", "\n\n"), ("=", "\n\n")):
        lines = [prefix + secret for secret in TRICKY.values()]
        assert masked_messages(masker, [*lines, separator.join(lines)]) == (
            [prefix + MASK] * len(lines) + [separator.join([prefix + MASK] * len(lines))]), (prefix, separator)
    # A secret encoded beside a piece of it in plain text is still masked whole (the reading adds what it encodes).
    assert Masker(["Abcdef123456x"]).text("%41bcdef123456x, Abcdef123456x") == f"{MASK}, {MASK}"


def test_a_run_logging_many_secrets_a_line_each_shows_each_line_masked_whole(tmp_path):
    (tmp_path / "handler.js").write_text("""
async function onTrack(event, settings) {
  const names = Object.keys(settings);
  for (const name of names) console.log('token=' + settings[name]);
  console.log(names.map((name) => 'token=' + settings[name]).join('\\n'));
}
""", encoding="utf-8")
    (tmp_path / "segtui.json").write_text(json.dumps({"settings": [
        {"label": name, "name": name, "sensitive": True} for name in SECRETS]}), encoding="utf-8")
    (tmp_path / "segtui.settings.json").write_text(json.dumps(SECRETS), encoding="utf-8")
    expected = ["token=" + MASK] * len(SECRETS)
    text = segtui("run", "handler.js", "--event", "track", "--color", "never", cwd=tmp_path)
    logged = [line.split(" LOG   ", 1)[1] if " LOG   " in line else line
              for line in text.stdout.split("Raw Log Output\n", 1)[1].split("\n\n", 1)[0].split("\n")]
    assert text.returncode == 0 and logged == expected * 2
    as_json = segtui("run", "handler.js", "--event", "track", "--json", cwd=tmp_path)
    messages = [entry["message"] for entry in json.loads(as_json.stdout)["logs"]]
    assert messages == [*expected, "\n".join(expected)]
    # The TUI's Raw Log Output, from the same messages through the same masking (segtui.log_masking).
    entries = [LogEntry("log", message.replace(MASK, secret), "") for message, secret in
               zip(messages, list(SECRETS.values()))] + [LogEntry("log", "\n".join(f"token={s}" for s in SECRETS.values()), "")]
    assert [line.text for line in log_lines(entries, masker=Masker(list(SECRETS.values()))).lines] == expected * 2
